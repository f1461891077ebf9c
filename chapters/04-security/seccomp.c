/*
 * A seccomp filter is a small program in classic BPF, the language of
 * packet filters. The kernel runs it on every system call, with a struct
 * seccomp_data as its "packet" (the call's number, the ABI it came through,
 * its six arguments), and does what it returns: allow the call, fail it
 * with an errno, or kill the process. The program can only compare numbers:
 * it cannot follow a pointer, so it never sees a path or a struct.
 *
 * This one is an allow-list, built as Docker's default profile is: the
 * calls a container may make are listed and allowed; the calls that reach
 * kernel state a container has no business with are listed and fail with
 * EPERM; a few are checked by their arguments. A number it does not list
 * fails with ENOSYS, "no such call", as on an older kernel: so every call a
 * newer kernel adds is refused until someone allows it, and the C library,
 * which expects ENOSYS from older kernels, falls back to the call it used
 * before.
 *
 * The calls are sorted by number and looked up as a binary search tree, so
 * a call is found after a dozen tests, not after three hundred. The program
 * is written with bpf.h's labels, as in an assembler: a test names the
 * label it jumps to, and bpf_assemble() counts the offsets the kernel wants.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/personality.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/seccomp.h"
#include "chapters/04-security/seccomp_profile.h"
#include "common/array.h"
#include "common/err.h"
#include "common/opts.h"

#if defined(__x86_64__)
#define NATIVE_ARCH K(AUDIT_ARCH_X86_64)
#define ARCH_NAME   "x86-64"
#elif defined(__aarch64__)
#define NATIVE_ARCH K(AUDIT_ARCH_AARCH64)
#define ARCH_NAME   "aarch64"
#else
#error "kobako's seccomp filter knows x86-64 and aarch64"
#endif

/* Where struct seccomp_data keeps each field. An argument is 64 bits, but
 * BPF loads 32: the low half is enough for every argument checked here,
 * since the kernel reads them as 32-bit ints and ignores the high half. */
#define NR   offsetof(struct seccomp_data, nr)
#define ARCH offsetof(struct seccomp_data, arch)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#else
#define ARG(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#endif

#define EPERM_  (SECCOMP_RET_ERRNO | EPERM)
#define ENOSYS_ (SECCOMP_RET_ERRNO | ENOSYS)
#define ALLOW   SECCOMP_RET_ALLOW
#define KILL    SECCOMP_RET_KILL_PROCESS

/* A system call's number means nothing without its ABI: on x86-64, 59 is
 * execve, yet through the 32-bit ABI (int $0x80) it is olduname, and x32
 * calls are numbered from 0x40000000. Only the native numbers are judged. */
static void check_abi(struct filter *f)
{
	LOAD(f, ARCH, "A = the ABI the call came through");
	JEQ(f, NATIVE_ARCH, "native", "next", ARCH_NAME);
	RET(f, KILL, "any other ABI: kill the process");
	LABEL(f, "native");
	LOAD(f, NR, "A = the system call's number");
#ifdef __X32_SYSCALL_BIT
	JGE(f, K(__X32_SYSCALL_BIT), "next", "calls", "an x32 call");
	RET(f, EPERM_, "refused");
	LABEL(f, "calls");
#endif
}

/* The namespaces clone(2) can make (CLONE_NEWTIME only unshare and clone3). */
#define NEW_NAMESPACES                                                                             \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |             \
	 CLONE_NEWPID | CLONE_NEWNET)

/* clone's flags are a plain argument: a fork or a thread passes, a new
 * namespace does not (a user namespace would hand out every capability). */
static void check_clone(struct filter *f)
{
	LABEL(f, "clone");
	LOAD(f, ARG(0), "A = its flags");
	JSET(f, K(NEW_NAMESPACES), "next", "allow", "a CLONE_NEW* flag");
	RET(f, EPERM_, "a new namespace: refused");
	LABEL(f, "allow");
	RET(f, ALLOW, "a fork or a thread: allowed");
}

/* clone3 keeps its flags in a struct in memory, out of the filter's reach.
 * ENOSYS, "no such call", makes the C library fall back to clone, whose
 * flags the filter can see. EPERM would not. */
static void check_clone3(struct filter *f)
{
	LABEL(f, "clone3");
	RET(f, ENOSYS_, "\"not implemented\": use clone");
}

/* TIOCSTI pushes characters into the terminal's input, and the terminal is
 * the host's: they would run in the host's shell once the container exits.
 * TIOCLINUX can do the same on a virtual console. The whole number is
 * compared: a mask would also catch unrelated requests. */
static void check_ioctl(struct filter *f)
{
	LABEL(f, "ioctl");
	LOAD(f, ARG(1), "A = its request");
	JEQ(f, K(TIOCSTI), "refuse", "next", "fake terminal input");
	JEQ(f, K(TIOCLINUX), "refuse", "next", "");
	RET(f, ALLOW, "any other request: allowed");
	LABEL(f, "refuse");
	RET(f, EPERM_, "refused");
}

/* Two socket families reach kernel code that containers never need and
 * that has had its share of holes: the crypto API and host-VM sockets. */
static void check_socket(struct filter *f)
{
	LABEL(f, "socket");
	LOAD(f, ARG(0), "A = its address family");
	JEQ(f, K(AF_ALG), "refuse", "next", "kernel crypto");
	JEQ(f, K(AF_VSOCK), "refuse", "next", "host-VM sockets");
	RET(f, ALLOW, "any other family: allowed");
	LABEL(f, "refuse");
	RET(f, EPERM_, "refused");
}

/* personality(2) can turn off address-space randomization or switch to
 * odd execution domains; only the ordinary values pass, as in Docker.
 * 0xffffffff, which the header does not name, changes nothing: it asks
 * which persona is in force. */
static void check_personality(struct filter *f)
{
	LABEL(f, "persona");
	LOAD(f, ARG(0), "A = the persona");
	JEQ(f, K(PER_LINUX), "allow", "next", "");
	JEQ(f, K(PER_LINUX32), "allow", "next", "what linux32 sets");
	JEQ(f, K(UNAME26), "allow", "next", "");
	JEQ(f, K(PER_LINUX32 | UNAME26), "allow", "next", "");
	JEQ(f, K(0xffffffff), "allow", "next", "only asks which is in force");
	RET(f, EPERM_, "any other: refused");
	LABEL(f, "allow");
	RET(f, ALLOW, "allowed");
}

/* One call the filter knows, and where its test goes: "allow", "eperm",
 * or the label of the instructions check() writes to judge its arguments. */
struct rule {
	int nr;
	const char *name;
	const char *to;
	void (*check)(struct filter *f);
	char from[16]; /* "ge110": the label of the calls from this one up */
};

enum { RULES_MAX = 512 };
static struct rule rules[RULES_MAX];
static int rules_n;

static void add(int nr, const char *name, const char *to, void (*check)(struct filter *))
{
	if (nr < 0)
		return; /* not a call of this architecture */
	if (rules_n == RULES_MAX)
		die("seccomp: more than %d calls", RULES_MAX);
	rules[rules_n++] = (struct rule){ nr, name, to, check, "" };
}

static int by_number(const void *a, const void *b)
{
	const struct rule *x = a, *y = b;
	return (x->nr > y->nr) - (x->nr < y->nr);
}

/* The table of every call the filter knows, sorted by number, for a
 * container that keeps the capabilities caps. */
static void collect(uint64_t caps)
{
	rules_n = 0;
	for (size_t i = 0; i < allowed_calls_n; i++)
		add(allowed_calls[i].nr, allowed_calls[i].name, "allow", NULL);
	for (size_t i = 0; i < refused_calls_n; i++)
		add(refused_calls[i].nr, refused_calls[i].name,
		    caps & refused_calls[i].unless ? "allow" : "eperm", NULL);
	/* Docker lets clone and clone3 through whole with SYS_ADMIN: a
	 * container that may mount may make namespaces. */
	if (caps & CAP(SYS_ADMIN)) {
		add(CALL(clone), "allow", NULL);
		add(CALL(clone3), "allow", NULL);
	} else {
		add(CALL(clone), "clone", check_clone);
		add(CALL(clone3), "clone3", check_clone3);
	}
	add(CALL(ioctl), "ioctl", check_ioctl);
	add(CALL(socket), "socket", check_socket);
	add(CALL(personality), "persona", check_personality);

	qsort(rules, rules_n, sizeof(*rules), by_number);
	for (int i = 1; i < rules_n; i++)
		if (rules[i].nr == rules[i - 1].nr)
			die("seccomp: %s and %s are both call %d", rules[i - 1].name, rules[i].name,
			    rules[i].nr);
}

static int goes_to(const struct rule *r, int n, const char *to)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(r[i].to, to))
			return 1;
	return 0;
}

/* A leaf of the tree: a test for each of a few calls, and the verdicts and
 * argument checks they go to, placed right after them. A number that falls
 * here and is none of them is a call the filter does not know. */
static void leaf(struct filter *f, const struct rule *r, int n)
{
	for (int i = 0; i < n; i++)
		JEQ(f, r[i].nr, r[i].name, r[i].to, "next", "");
	RET(f, ENOSYS_, "none of these: a call it does not know");
	if (goes_to(r, n, "allow")) {
		LABEL(f, "allow");
		RET(f, ALLOW, "allowed");
	}
	if (goes_to(r, n, "eperm")) {
		LABEL(f, "eperm");
		RET(f, EPERM_, "refused");
	}
	for (int i = 0; i < n; i++)
		if (r[i].check)
			r[i].check(f);
}

/* A binary search on the number: a jge splits the calls in two halves, the
 * lower half follows, the upper one starts at a label "ge" and its first
 * number, and so on down to leaves of LEAF calls. A test's jt reaches 255
 * instructions ahead at most, so a lower half of more than NEAR calls (the
 * top two splits) is jumped over with a ja, which reaches anywhere. */
enum { LEAF = 8, NEAR = 64 };

static void tree(struct filter *f, struct rule *r, int n)
{
	if (n <= LEAF) {
		leaf(f, r, n);
		return;
	}
	int lower = n / 2;
	struct rule *upper = r + lower;
	snprintf(upper->from, sizeof(upper->from), "ge%d", upper->nr);
	if (lower <= NEAR) {
		JGE(f, upper->nr, upper->name, upper->from, "next", "");
	} else {
		JGE(f, upper->nr, upper->name, "next", "lower", "");
		GOTO(f, upper->from, "too far for a test");
		LABEL(f, "lower");
	}
	tree(f, r, lower);
	LABEL(f, upper->from);
	tree(f, upper, n - lower);
}

void seccomp_build(struct filter *f, uint64_t caps)
{
	collect(caps);
	bpf_start(f, "seccomp");
	check_abi(f);
	tree(f, rules, rules_n);
	bpf_assemble(f);
}

void parse_seccomp(const struct opt *o, const char *value)
{
	if (!strcmp(value, "default"))
		*(int *)o->dest = 0;
	else if (!strcmp(value, "unconfined"))
		*(int *)o->dest = 1;
	else
		opt_bad(o, value, "use default or unconfined");
}

/* The listing's names for what the filter returns, and for the fields of
 * struct seccomp_data it loads. */
static const char *verdict(uint32_t k, char *buf, size_t len)
{
	if (k == ALLOW)
		return "ALLOW";
	if (k == KILL)
		return "KILL_PROCESS";
	if ((k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO) {
		int e = k & SECCOMP_RET_DATA;
		snprintf(buf, len, "ERRNO(%s)",
			 e == EPERM    ? "EPERM"
			 : e == ENOSYS ? "ENOSYS"
				       : "?");
		return buf;
	}
	snprintf(buf, len, "%#x", k);
	return buf;
}

static const char *field(uint32_t off, char *buf, size_t len)
{
	if (off == NR)
		return "nr";
	if (off == ARCH)
		return "arch";
	snprintf(buf, len, "args[%u]", (unsigned)((off - ARG(0)) / 8));
	return buf;
}

static const struct bpf_names names = { field, verdict };

void seccomp_print(const struct filter *f)
{
	printf("# kobako's seccomp filter: %d instructions of classic BPF for %s.\n"
	       "# A is the one register; a test goes to jt if true, to jf if false.\n",
	       f->n, ARCH_NAME);
	bpf_list(f, &names);
}

void seccomp_load(const struct filter *f)
{
	step("seccomp: load the filter (%d instructions; --print-seccomp shows it)", f->n);
	/* lab: load the program F (f->n instructions at f->ins) with seccomp(2); see
	 * docs/04-security.md "seccomp: a filter on every system call" */
	struct sock_fprog prog = { .len = (unsigned short)f->n,
				   .filter = (struct sock_filter *)f->ins };
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		die_errno("seccomp");
	/* lab end: errno = ENOSYS; die_errno("seccomp"); */
}
