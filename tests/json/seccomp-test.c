/*
 * seccomp-test: compiles a seccomp profile with chapter 08's seccomp_oci.c,
 * then prints the filter's listing, runs a command under it, or makes one
 * system call under it with the arguments given:
 *
 *   seccomp-test --list FILE
 *   seccomp-test FILE COMMAND [ARG...]
 *   seccomp-test FILE --call NAME [ARG...]   prints "ok" or the errno's name
 *
 * FILE is a config.json (its linux.seccomp is compiled) or a profile alone,
 * the LinuxSeccomp object. An ARG is a number, as strtoull reads it (0x...
 * for hex), all 64 bits of it. tests/08-seccomp.bats builds and runs it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "chapters/04-security/bpf.h"
#include "chapters/08-oci/json.h"
#include "chapters/08-oci/seccomp_oci.h"
#include "common/err.h"

static struct filter filter;

/* The call is made after the filter is in: only the filter can refuse it
 * before the kernel's own code runs, so pick one that cannot fail. */
static int call(char **argv)
{
	int nr = oci_seccomp_number(argv[0]);
	unsigned long long a[6] = { 0 };
	if (nr < 0)
		die("%s: no such system call here", argv[0]);
	for (int i = 0; i < 6 && argv[i + 1]; i++)
		a[i] = strtoull(argv[i + 1], NULL, 0);
	errno = 0;
	long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	printf("%s\n", r < 0 ? strerrorname_np(errno) : "ok");
	return r < 0;
}

int main(int argc, char **argv)
{
	set_progname("ch08"); /* its messages read as the runtime's */
	int list = argc > 1 && !strcmp(argv[1], "--list");
	if (argc < 3) {
		fputs("usage: seccomp-test --list FILE | FILE COMMAND [ARG...] | FILE --call NAME "
		      "[ARG...]\n",
		      stderr);
		return 2;
	}
	struct json *top = json_read_file(argv[1 + list]);
	const struct json *profile = json_get(json_get(top, "linux"), "seccomp");
	if (!profile)
		profile = top;
	oci_seccomp_compile(&filter, profile);
	unsigned int flags = oci_seccomp_flags(profile);
	json_free(top); /* the filter needs nothing of it */
	if (list) {
		oci_seccomp_print(&filter);
		return 0;
	}
	/* what lets a process without CAP_SYS_ADMIN load a filter */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die_errno("prctl(PR_SET_NO_NEW_PRIVS)");
	oci_seccomp_load(&filter, flags);
	if (!strcmp(argv[2], "--call") && argc > 3)
		return call(argv + 3);
	execvp(argv[2], argv + 2);
	die_errno("%s", argv[2]);
}
