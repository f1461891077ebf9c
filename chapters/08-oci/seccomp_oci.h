/* seccomp_oci: the OCI spec's seccomp profile (config.json's linux.seccomp),
 * compiled to a classic BPF filter. */
#ifndef KOBAKO_SECCOMP_OCI_H
#define KOBAKO_SECCOMP_OCI_H

#include "chapters/04-security/bpf.h" /* struct filter */

struct json;

/* Compiles the profile, the LinuxSeccomp object, into f, assembled and
 * ready to load. Dies naming the path of what it cannot honour
 * ("linux.seccomp.syscalls[3].action: unknown action ..."). The listing's
 * comments it writes last until the next compile. */
void oci_seccomp_compile(struct filter *f, const struct json *seccomp);

/* The profile's flags as seccomp(2)'s SECCOMP_FILTER_FLAG_* bits; dies
 * naming a flag it cannot honour, and a listenerPath. */
unsigned int oci_seccomp_flags(const struct json *seccomp);

/* The filter's listing on stdout (bpf_list()), after two lines that say
 * what it is. */
void oci_seccomp_print(const struct filter *f);

/* The number of the system call name on this machine (its kernel
 * headers'), or -1 if it has none. */
int oci_seccomp_number(const char *name);

/* Installs f on this process and every child it will have, as chapter 04's
 * seccomp_load() does, with flags. Needs no_new_privs (or CAP_SYS_ADMIN). */
void oci_seccomp_load(const struct filter *f, unsigned int flags);

#endif
