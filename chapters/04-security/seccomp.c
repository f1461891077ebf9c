/*
 * A seccomp filter is a small program in classic BPF, the language of
 * packet filters. The kernel runs it on every system call, with a struct
 * seccomp_data as its "packet" (the call's number, the ABI it came through,
 * its six arguments), and does what it returns: allow the call, fail it
 * with an errno, or kill the process. The program can only compare numbers:
 * it cannot follow a pointer, so it never sees a path or a struct.
 *
 * Docker's default profile is an allow-list of about 360 calls. This one is
 * a deny-list, shorter to read: the calls that reach kernel state a
 * container has no business with fail with EPERM; a few are checked by
 * their arguments; everything else is allowed.
 *
 * The program is written with bpf.h's labels, as in an assembler: a test
 * names the label it jumps to, and bpf_assemble() counts the offsets the
 * kernel wants. A rule can thus be added or removed without recounting any
 * jump.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/personality.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/seccomp.h"
#include "common/array.h"
#include "common/err.h"
#include "common/opts.h"

/* A system call's number and its name, as K() of bpf.h gives a constant's:
 * CALL(clone) is __NR_clone, "clone". */
#define CALL(name) __NR_##name, #name

#if defined(__x86_64__)
#define NATIVE_ARCH K(AUDIT_ARCH_X86_64)
#define ARCH_NAME   "x86-64"
#elif defined(__aarch64__)
#define NATIVE_ARCH K(AUDIT_ARCH_AARCH64)
#define ARCH_NAME   "aarch64"
#else
#error "kobako's seccomp filter knows x86-64 and aarch64"
#endif

/* Calls that only some architectures have (aarch64 never had iopl, vm86,
 * stime ...) or only newer headers know: -1 leaves them out. */
#ifndef __NR_create_module
#define __NR_create_module -1
#endif
#ifndef __NR__sysctl
#define __NR__sysctl -1
#endif
#ifndef __NR_sysfs
#define __NR_sysfs -1
#endif
#ifndef __NR_ustat
#define __NR_ustat -1
#endif
#ifndef __NR_uselib
#define __NR_uselib -1
#endif
#ifndef __NR_nfsservctl
#define __NR_nfsservctl -1
#endif
#ifndef __NR_vm86
#define __NR_vm86 -1
#endif
#ifndef __NR_vm86old
#define __NR_vm86old -1
#endif
#ifndef __NR_iopl
#define __NR_iopl -1
#endif
#ifndef __NR_ioperm
#define __NR_ioperm -1
#endif
#ifndef __NR_stime
#define __NR_stime -1
#endif
#ifndef __NR_umount
#define __NR_umount -1
#endif
#ifndef __NR_lookup_dcookie
#define __NR_lookup_dcookie -1
#endif
#ifndef __NR_quotactl_fd
#define __NR_quotactl_fd -1
#endif
#ifndef __NR_set_mempolicy_home_node
#define __NR_set_mempolicy_home_node -1
#endif

#define CAP(name) (1ULL << CAP_##name)

/* Refused with EPERM, unless the container kept one of the capabilities
 * that Docker's profile lets through with it (--cap-add SYS_TIME lets a
 * container set the clock: the filter must not stand in the way). */
static const struct {
	int nr;
	const char *name;
	uint64_t unless;
} denied[] = {
	/* kernel keyrings are not namespaced: keys of other containers */
	{ CALL(keyctl), 0 },
	{ CALL(add_key), 0 },
	{ CALL(request_key), 0 },
	/* the kernel's code and state */
	{ CALL(init_module), CAP(SYS_MODULE) },
	{ CALL(finit_module), CAP(SYS_MODULE) },
	{ CALL(delete_module), CAP(SYS_MODULE) },
	{ CALL(create_module), 0 },
	{ CALL(kexec_load), CAP(SYS_BOOT) },
	{ CALL(kexec_file_load), CAP(SYS_BOOT) },
	{ CALL(reboot), CAP(SYS_BOOT) },
	{ CALL(bpf), CAP(SYS_ADMIN) | CAP(BPF) },
	{ CALL(perf_event_open), CAP(SYS_ADMIN) | CAP(PERFMON) },
	{ CALL(lookup_dcookie), CAP(SYS_ADMIN) },
	{ CALL(syslog), CAP(SYS_ADMIN) | CAP(SYSLOG) },
	{ CALL(swapon), CAP(SYS_ADMIN) },
	{ CALL(swapoff), CAP(SYS_ADMIN) },
	{ CALL(quotactl), CAP(SYS_ADMIN) },
	{ CALL(quotactl_fd), CAP(SYS_ADMIN) },
	{ CALL(acct), CAP(SYS_PACCT) },
	{ CALL(_sysctl), 0 },
	{ CALL(sysfs), 0 },
	{ CALL(ustat), 0 },
	{ CALL(uselib), 0 },
	{ CALL(nfsservctl), 0 },
	{ CALL(vm86), 0 },
	{ CALL(vm86old), 0 },
	{ CALL(iopl), CAP(SYS_RAWIO) },
	{ CALL(ioperm), CAP(SYS_RAWIO) },
	{ CALL(vhangup), CAP(SYS_TTY_CONFIG) },
	/* clocks are not namespaced: they are the host's */
	{ CALL(settimeofday), CAP(SYS_TIME) },
	{ CALL(stime), CAP(SYS_TIME) },
	{ CALL(clock_settime), CAP(SYS_TIME) },
	{ CALL(clock_adjtime), CAP(SYS_TIME) },
	/* mounts and namespaces: the container's walls */
	{ CALL(mount), CAP(SYS_ADMIN) },
	{ CALL(umount), CAP(SYS_ADMIN) },
	{ CALL(umount2), CAP(SYS_ADMIN) },
	{ CALL(pivot_root), CAP(SYS_ADMIN) },
	{ CALL(fsopen), CAP(SYS_ADMIN) },
	{ CALL(fsconfig), CAP(SYS_ADMIN) },
	{ CALL(fsmount), CAP(SYS_ADMIN) },
	{ CALL(fspick), CAP(SYS_ADMIN) },
	{ CALL(open_tree), CAP(SYS_ADMIN) },
	{ CALL(move_mount), CAP(SYS_ADMIN) },
	{ CALL(mount_setattr), CAP(SYS_ADMIN) },
	{ CALL(setns), CAP(SYS_ADMIN) },
	{ CALL(unshare), CAP(SYS_ADMIN) },
	/* "shocker": a guessed file handle opens a file outside the root */
	{ CALL(open_by_handle_at), CAP(DAC_READ_SEARCH) },
	{ CALL(name_to_handle_at), CAP(DAC_READ_SEARCH) | CAP(SYS_ADMIN) },
	/* the memory of other processes, and where it lives */
	{ CALL(process_vm_readv), CAP(SYS_PTRACE) },
	{ CALL(process_vm_writev), CAP(SYS_PTRACE) },
	{ CALL(process_madvise), CAP(SYS_PTRACE) },
	{ CALL(pidfd_getfd), CAP(SYS_PTRACE) },
	{ CALL(kcmp), CAP(SYS_PTRACE) },
	{ CALL(userfaultfd), CAP(SYS_PTRACE) },
	{ CALL(mbind), CAP(SYS_NICE) },
	{ CALL(set_mempolicy), CAP(SYS_NICE) },
	{ CALL(set_mempolicy_home_node), CAP(SYS_NICE) },
	{ CALL(get_mempolicy), CAP(SYS_NICE) },
	{ CALL(move_pages), CAP(SYS_NICE) },
	{ CALL(migrate_pages), CAP(SYS_NICE) },
	/* io_uring does I/O without system calls a filter could see */
	{ CALL(io_uring_setup), 0 },
	{ CALL(io_uring_enter), 0 },
	{ CALL(io_uring_register), 0 },
};

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
	JGE(f, K(__X32_SYSCALL_BIT), "next", "rule", "an x32 call");
	RET(f, EPERM_, "refused");
#endif
}

/* Each rule starts at a label "rule": a test that does not match the call
 * goes to the next rule. */
static void deny_calls(struct filter *f, uint64_t caps)
{
	for (size_t i = 0; i < ARRAY_SIZE(denied); i++) {
		if (denied[i].nr < 0 || (caps & denied[i].unless))
			continue;
		LABEL(f, "rule");
		JEQ(f, denied[i].nr, denied[i].name, "next", "rule", "");
		RET(f, EPERM_, "refused");
	}
}

/* The namespaces clone(2) can make (CLONE_NEWTIME only unshare and clone3). */
#define NEW_NAMESPACES                                                                             \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |             \
	 CLONE_NEWPID | CLONE_NEWNET)

/* clone's flags are a plain argument: a fork or a thread passes, a new
 * namespace does not (a user namespace would hand out every capability). */
static void check_clone(struct filter *f)
{
	LABEL(f, "rule");
	JEQ(f, CALL(clone), "next", "rule", "");
	LOAD(f, ARG(0), "A = its flags");
	JSET(f, K(NEW_NAMESPACES), "next", "allow", "a CLONE_NEW* flag");
	RET(f, EPERM_, "a new namespace: refused");
	LABEL(f, "allow");
	RET(f, ALLOW, "a fork or a thread: allowed");
	/* clone3 keeps its flags in a struct in memory, out of the filter's
	 * reach. ENOSYS, "no such call", makes the C library fall back to
	 * clone, whose flags the filter can see. EPERM would not. */
	LABEL(f, "rule");
	JEQ(f, CALL(clone3), "next", "rule", "");
	RET(f, ENOSYS_, "\"not implemented\": use clone");
}

/* TIOCSTI pushes characters into the terminal's input, and the terminal is
 * the host's: they would run in the host's shell once the container exits.
 * TIOCLINUX can do the same on a virtual console. The whole number is
 * compared: a mask would also catch unrelated requests. */
static void check_ioctl(struct filter *f)
{
	LABEL(f, "rule");
	JEQ(f, CALL(ioctl), "next", "rule", "");
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
	LABEL(f, "rule");
	JEQ(f, CALL(socket), "next", "rule", "");
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
	LABEL(f, "rule");
	JEQ(f, CALL(personality), "next", "rule", "");
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

void seccomp_build(struct filter *f, uint64_t caps)
{
	bpf_start(f, "seccomp");
	check_abi(f);
	deny_calls(f, caps);
	if (!(caps & CAP(SYS_ADMIN)))
		check_clone(f);
	check_ioctl(f);
	check_socket(f);
	check_personality(f);
	LABEL(f, "rule");
	RET(f, ALLOW, "every other call: allowed");
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
	struct sock_fprog prog = { .len = (unsigned short)f->n,
				   .filter = (struct sock_filter *)f->ins };
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		die_errno("seccomp");
}
