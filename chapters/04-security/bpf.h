/* bpf: a classic BPF program, written with labels, and its listing. */
#ifndef KOBAKO_BPF_H
#define KOBAKO_BPF_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel takes 4096 (BPF_MAXINSNS); seccomp's allow-list needs about 600. */
enum { FILTER_MAX = 1024 };

/* A classic BPF program, written with labels: a test names where it jumps,
 * and bpf_assemble() turns the names into the offsets the kernel reads.
 * For the listing, each instruction keeps its labels and a comment. */
struct filter {
	const char *who; /* whose program it is, for error messages: "seccomp" */
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

/* Empties f, to write a new program; who names it in error messages. */
void bpf_start(struct filter *f, const char *who);

/* Appends one instruction. A test (k_name set) names its targets, jt and
 * jf, by label. The macros below are the way to call it. */
void bpf_emit(struct filter *f, uint16_t code, uint32_t k, const char *k_name, const char *jt,
	      const char *jf, const char *note);

/* Places a label before the next instruction. A name can be placed again
 * and again: a jump lands on the first place of its label after the jump.
 * "next" needs no placing: it is always the instruction that follows. */
void bpf_place(struct filter *f, const char *name);

/* A constant and its name, from one token: K(PER_LINUX32) is 0x0008,
 * "PER_LINUX32". A test compares with nothing else, and the listing prints
 * the name it compares with: a comment cannot drift from a number. */
#define K(x) (uint32_t)(x), #x

#define LABEL(f, name) bpf_place(f, name)
/* A = the 32-bit word at offset off of the data the program runs on. */
#define LOAD(f, off, note) bpf_emit(f, BPF_LD | BPF_W | BPF_ABS, off, NULL, NULL, NULL, note)
/* JEQ(f, constant, jt, jf, note): if A == constant, go to label jt, else to
 * label jf. The constant is a value and its name: K(TIOCSTI). */
#define JEQ(f, ...) bpf_emit(f, BPF_JMP | BPF_JEQ | BPF_K, __VA_ARGS__)
/* The same, if A >= constant, and if A & constant is not 0. */
#define JGE(f, ...)          bpf_emit(f, BPF_JMP | BPF_JGE | BPF_K, __VA_ARGS__)
#define JSET(f, ...)         bpf_emit(f, BPF_JMP | BPF_JSET | BPF_K, __VA_ARGS__)
#define RET(f, action, note) bpf_emit(f, BPF_RET | BPF_K, action, NULL, NULL, NULL, note)
/* Go to label, always: a ja counts its jump in k, 32 bits, where a test's
 * jt and jf have 8, so it reaches what a test cannot. */
#define GOTO(f, label, note) bpf_emit(f, BPF_JMP | BPF_JA, 0, NULL, label, label, note)

/* Once every instruction is written: each label becomes an offset. Stops
 * with an error if a label is nowhere ahead of its jump, or too far for a
 * test (more than 255 instructions to skip: use a GOTO). */
void bpf_assemble(struct filter *f);

/* What the listing cannot know, as it depends on what runs the program:
 * the name of the field at an offset of the data (for a load), and of a
 * verdict (for a return). Each returns a constant string, or writes the
 * name into buf and returns buf. */
struct bpf_names {
	const char *(*field)(uint32_t offset, char *buf, size_t len);
	const char *(*verdict)(uint32_t k, char *buf, size_t len);
};

/* One instruction per line on stdout, as an assembler's listing: index,
 * the labels placed there, disassembly with the jumps' targets by index and
 * label, comment. */
void bpf_list(const struct filter *f, const struct bpf_names *names);

#endif
