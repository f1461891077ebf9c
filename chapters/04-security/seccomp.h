/* seccomp: a filter the kernel runs on every system call the container makes. */
#ifndef KOBAKO_SECCOMP_H
#define KOBAKO_SECCOMP_H

#include <stdint.h>

#include "chapters/04-security/bpf.h" /* struct filter */

/* Option parser (struct opt) for --seccomp, into int: default 0, unconfined 1. */
struct opt;
void parse_seccomp(const struct opt *o, const char *value);

/* The default profile for a container that keeps the capabilities caps: an
 * allow-list, where a call one of its capabilities would allow is allowed,
 * a dangerous one is refused (EPERM), and an unknown number gets ENOSYS. */
void seccomp_build(struct filter *f, uint64_t caps);

/* The filter's listing on stdout (bpf_list()), after two lines that say
 * what it is, for which architecture, and how to read it. */
void seccomp_print(const struct filter *f);

/* Installs the filter on this process and every child it will have. It can
 * never be removed. Needs no_new_privs (or CAP_SYS_ADMIN). */
void seccomp_load(const struct filter *f);

#endif
