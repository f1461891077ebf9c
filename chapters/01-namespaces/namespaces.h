/* Namespaces: what a process can see of the machine. */
#ifndef KOBAKO_NAMESPACES_H
#define KOBAKO_NAMESPACES_H

#include <linux/sched.h> /* struct clone_args, CLONE_NEW* */
#include <stdint.h>
#include <sys/types.h>

/* Dies naming the first namespace in flags that this kernel lacks. */
void check_namespaces(uint64_t flags);

/* clone3(2): a fork whose child starts in the new namespaces that args->flags
 * ask for. Returns the child's PID in the parent and 0 in the child. */
pid_t clone_container(struct clone_args *args);

/* The UTS namespace's hostname. parse_hostname is an option parser (struct opt). */
struct opt;
void parse_hostname(const struct opt *o, const char *value);
void set_hostname(const char *name);

#endif
