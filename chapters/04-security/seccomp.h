/* seccomp: a filter the kernel runs on every system call the container makes. */
#ifndef KOBAKO_SECCOMP_H
#define KOBAKO_SECCOMP_H

#include <linux/filter.h>
#include <stdint.h>

enum { FILTER_MAX = 256 };

/* A classic BPF program, written with labels: a test names where it jumps,
 * and seccomp_build() turns the names into the offsets the kernel reads.
 * For --print-seccomp, each instruction keeps its labels and a comment. */
struct filter {
	struct sock_filter ins[FILTER_MAX];
	struct {
		const char *k;       /* a test: the name of the constant it compares with */
		const char *jt, *jf; /* a test: the labels it goes to, if true, if false */
		const char *note;
	} src[FILTER_MAX];
	/* LABEL(): name is placed before instruction at */
	struct {
		const char *name;
		int at;
	} label[FILTER_MAX];
	int n, labels;
};

/* Option parser (struct opt) for --seccomp, into int: default 0, unconfined 1. */
struct opt;
void parse_seccomp(const struct opt *o, const char *value);

/* The default profile for a container that keeps the capabilities caps: the
 * calls one of its capabilities would allow are left out of the deny-list. */
void seccomp_build(struct filter *f, uint64_t caps);

/* One instruction per line on stdout, as an assembler's listing: index,
 * the labels placed there, disassembly with the jumps' targets by index and
 * label, comment. */
void seccomp_print(const struct filter *f);

/* Installs the filter on this process and every child it will have. It can
 * never be removed. Needs no_new_privs (or CAP_SYS_ADMIN). */
void seccomp_load(const struct filter *f);

#endif
