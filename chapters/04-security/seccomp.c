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

/* Calls newer than this machine's headers (Debian 12's are Linux 6.1's).
 * Since Linux 5.1 (424), a new call has the same number on every
 * architecture but alpha and mips: these are the kernel's own numbers, from
 * include/uapi/asm-generic/unistd.h and arch/x86/entry/syscalls/syscall_64.tbl. */
#ifndef __NR_cachestat
#define __NR_cachestat 451 /* Linux 6.5 */
#endif
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452 /* 6.6 */
#endif
#ifndef __NR_map_shadow_stack
#define __NR_map_shadow_stack 453 /* 6.6 */
#endif
#ifndef __NR_futex_wake
#define __NR_futex_wake    454 /* 6.7 */
#define __NR_futex_wait    455
#define __NR_futex_requeue 456
#endif
#ifndef __NR_statmount
#define __NR_statmount 457 /* 6.8 */
#define __NR_listmount 458
#endif
#ifndef __NR_mseal
#define __NR_mseal 462 /* 6.10 */
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

struct call {
	int nr;
	const char *name;
};

/* Allowed to every container: the list of Docker's default profile (its
 * first and longest group, alphabetical), less the calls it names only for
 * 32-bit ABIs (chown32, _llseek, ...: this filter judges native calls only)
 * and those handled below: ioctl (by its argument), adjtimex, clock_adjtime
 * and name_to_handle_at (with their capability). ptrace is allowed as
 * Docker allows it on Linux 4.8 and later, where a tracer can no longer
 * walk around its tracee's filter: a debugger works on its own children,
 * and the kernel still refuses what the container's capabilities do not
 * cover (PID 1, which is not dumpable, for one). */
/* clang-format off */
static const struct call allowed[] = {
	{ CALL(accept) }, { CALL(accept4) }, { CALL(bind) }, { CALL(brk) }, { CALL(capget) },
	{ CALL(capset) }, { CALL(chdir) }, { CALL(clock_getres) }, { CALL(clock_gettime) },
	{ CALL(clock_nanosleep) }, { CALL(close) }, { CALL(close_range) }, { CALL(connect) },
	{ CALL(copy_file_range) }, { CALL(dup) }, { CALL(dup3) }, { CALL(epoll_create1) },
	{ CALL(epoll_ctl) }, { CALL(epoll_pwait) }, { CALL(epoll_pwait2) }, { CALL(eventfd2) },
	{ CALL(execve) }, { CALL(execveat) }, { CALL(exit) }, { CALL(exit_group) },
	{ CALL(faccessat) }, { CALL(faccessat2) }, { CALL(fadvise64) }, { CALL(fallocate) },
	{ CALL(fanotify_mark) }, { CALL(fchdir) }, { CALL(fchmod) }, { CALL(fchmodat) },
	{ CALL(fchown) }, { CALL(fchownat) }, { CALL(fcntl) }, { CALL(fdatasync) },
	{ CALL(fgetxattr) }, { CALL(flistxattr) }, { CALL(flock) }, { CALL(fremovexattr) },
	{ CALL(fsetxattr) }, { CALL(fstat) }, { CALL(fstatfs) }, { CALL(fsync) },
	{ CALL(ftruncate) }, { CALL(futex) }, { CALL(futex_waitv) }, { CALL(get_robust_list) },
	{ CALL(getcpu) }, { CALL(getcwd) }, { CALL(getdents64) }, { CALL(getegid) },
	{ CALL(geteuid) }, { CALL(getgid) }, { CALL(getgroups) }, { CALL(getitimer) },
	{ CALL(getpeername) }, { CALL(getpgid) }, { CALL(getpid) }, { CALL(getppid) },
	{ CALL(getpriority) }, { CALL(getrandom) }, { CALL(getresgid) }, { CALL(getresuid) },
	{ CALL(getrlimit) }, { CALL(getrusage) }, { CALL(getsid) }, { CALL(getsockname) },
	{ CALL(getsockopt) }, { CALL(gettid) }, { CALL(gettimeofday) }, { CALL(getuid) },
	{ CALL(getxattr) }, { CALL(inotify_add_watch) }, { CALL(inotify_init1) },
	{ CALL(inotify_rm_watch) }, { CALL(io_cancel) }, { CALL(io_destroy) },
	{ CALL(io_getevents) }, { CALL(io_pgetevents) }, { CALL(io_setup) }, { CALL(io_submit) },
	{ CALL(ioprio_get) }, { CALL(ioprio_set) }, { CALL(kill) }, { CALL(landlock_add_rule) },
	{ CALL(landlock_create_ruleset) }, { CALL(landlock_restrict_self) }, { CALL(lgetxattr) },
	{ CALL(linkat) }, { CALL(listen) }, { CALL(listxattr) }, { CALL(llistxattr) },
	{ CALL(lremovexattr) }, { CALL(lseek) }, { CALL(lsetxattr) }, { CALL(madvise) },
	{ CALL(membarrier) }, { CALL(memfd_create) }, { CALL(memfd_secret) }, { CALL(mincore) },
	{ CALL(mkdirat) }, { CALL(mknodat) }, { CALL(mlock) }, { CALL(mlock2) },
	{ CALL(mlockall) }, { CALL(mmap) }, { CALL(mprotect) }, { CALL(mq_getsetattr) },
	{ CALL(mq_notify) }, { CALL(mq_open) }, { CALL(mq_timedreceive) }, { CALL(mq_timedsend) },
	{ CALL(mq_unlink) }, { CALL(mremap) }, { CALL(msgctl) }, { CALL(msgget) },
	{ CALL(msgrcv) }, { CALL(msgsnd) }, { CALL(msync) }, { CALL(munlock) },
	{ CALL(munlockall) }, { CALL(munmap) }, { CALL(nanosleep) }, { CALL(newfstatat) },
	{ CALL(openat) }, { CALL(openat2) }, { CALL(pidfd_open) }, { CALL(pidfd_send_signal) },
	{ CALL(pipe2) }, { CALL(pkey_alloc) }, { CALL(pkey_free) }, { CALL(pkey_mprotect) },
	{ CALL(ppoll) }, { CALL(prctl) }, { CALL(pread64) }, { CALL(preadv) }, { CALL(preadv2) },
	{ CALL(prlimit64) }, { CALL(process_mrelease) }, { CALL(pselect6) }, { CALL(ptrace) },
	{ CALL(pwrite64) }, { CALL(pwritev) }, { CALL(pwritev2) }, { CALL(read) },
	{ CALL(readahead) }, { CALL(readlinkat) }, { CALL(readv) }, { CALL(recvfrom) },
	{ CALL(recvmmsg) }, { CALL(recvmsg) }, { CALL(remap_file_pages) }, { CALL(removexattr) },
	{ CALL(renameat) }, { CALL(renameat2) }, { CALL(restart_syscall) }, { CALL(rseq) },
	{ CALL(rt_sigaction) }, { CALL(rt_sigpending) }, { CALL(rt_sigprocmask) },
	{ CALL(rt_sigqueueinfo) }, { CALL(rt_sigreturn) }, { CALL(rt_sigsuspend) },
	{ CALL(rt_sigtimedwait) }, { CALL(rt_tgsigqueueinfo) }, { CALL(sched_get_priority_max) },
	{ CALL(sched_get_priority_min) }, { CALL(sched_getaffinity) }, { CALL(sched_getattr) },
	{ CALL(sched_getparam) }, { CALL(sched_getscheduler) }, { CALL(sched_rr_get_interval) },
	{ CALL(sched_setaffinity) }, { CALL(sched_setattr) }, { CALL(sched_setparam) },
	{ CALL(sched_setscheduler) }, { CALL(sched_yield) }, { CALL(seccomp) }, { CALL(semctl) },
	{ CALL(semget) }, { CALL(semop) }, { CALL(semtimedop) }, { CALL(sendfile) },
	{ CALL(sendmmsg) }, { CALL(sendmsg) }, { CALL(sendto) }, { CALL(set_robust_list) },
	{ CALL(set_tid_address) }, { CALL(setfsgid) }, { CALL(setfsuid) }, { CALL(setgid) },
	{ CALL(setgroups) }, { CALL(setitimer) }, { CALL(setpgid) }, { CALL(setpriority) },
	{ CALL(setregid) }, { CALL(setresgid) }, { CALL(setresuid) }, { CALL(setreuid) },
	{ CALL(setrlimit) }, { CALL(setsid) }, { CALL(setsockopt) }, { CALL(setuid) },
	{ CALL(setxattr) }, { CALL(shmat) }, { CALL(shmctl) }, { CALL(shmdt) }, { CALL(shmget) },
	{ CALL(shutdown) }, { CALL(sigaltstack) }, { CALL(signalfd4) }, { CALL(socketpair) },
	{ CALL(splice) }, { CALL(statfs) }, { CALL(statx) }, { CALL(symlinkat) }, { CALL(sync) },
	{ CALL(sync_file_range) }, { CALL(syncfs) }, { CALL(sysinfo) }, { CALL(tee) },
	{ CALL(tgkill) }, { CALL(timer_create) }, { CALL(timer_delete) },
	{ CALL(timer_getoverrun) }, { CALL(timer_gettime) }, { CALL(timer_settime) },
	{ CALL(timerfd_create) }, { CALL(timerfd_gettime) }, { CALL(timerfd_settime) },
	{ CALL(times) }, { CALL(tkill) }, { CALL(truncate) }, { CALL(umask) }, { CALL(uname) },
	{ CALL(unlinkat) }, { CALL(utimensat) }, { CALL(vmsplice) }, { CALL(wait4) },
	{ CALL(waitid) }, { CALL(write) }, { CALL(writev) },
	/* Docker's newest additions, numbered above this machine's headers */
	{ CALL(cachestat) }, { CALL(fchmodat2) }, { CALL(futex_wake) }, { CALL(futex_wait) },
	{ CALL(futex_requeue) }, { CALL(map_shadow_stack) }, { CALL(mseal) },
#if defined(__x86_64__)
	/* The old calls that newer architectures never had: aarch64 has only
	 * their *at() and 2 forms (openat for open, pipe2 for pipe ...) */
	{ CALL(access) }, { CALL(alarm) }, { CALL(chmod) }, { CALL(chown) }, { CALL(creat) },
	{ CALL(dup2) }, { CALL(epoll_create) }, { CALL(epoll_ctl_old) }, { CALL(epoll_wait) },
	{ CALL(epoll_wait_old) }, { CALL(eventfd) }, { CALL(fork) }, { CALL(futimesat) },
	{ CALL(get_thread_area) }, { CALL(getdents) }, { CALL(getpgrp) }, { CALL(inotify_init) },
	{ CALL(lchown) }, { CALL(link) }, { CALL(lstat) }, { CALL(mkdir) }, { CALL(mknod) },
	{ CALL(open) }, { CALL(pause) }, { CALL(pipe) }, { CALL(poll) }, { CALL(readlink) },
	{ CALL(rename) }, { CALL(rmdir) }, { CALL(select) }, { CALL(set_thread_area) },
	{ CALL(signalfd) }, { CALL(stat) }, { CALL(symlink) }, { CALL(time) }, { CALL(unlink) },
	{ CALL(utime) }, { CALL(utimes) }, { CALL(vfork) },
	/* Docker's group for x86 alone: thread-local storage, segments */
	{ CALL(arch_prctl) }, { CALL(modify_ldt) },
#endif
};
/* clang-format on */

#define CAP(name) (1ULL << CAP_##name)

/* Refused with EPERM, unless the container kept one of the capabilities
 * that Docker's profile lets through with it (--cap-add SYS_TIME lets a
 * container set the clock: the filter must not stand in the way). */
static const struct {
	int nr;
	const char *name;
	uint64_t unless;
} refused[] = {
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
	{ CALL(adjtimex), CAP(SYS_TIME) },
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
	{ CALL(sethostname), CAP(SYS_ADMIN) },
	{ CALL(setdomainname), CAP(SYS_ADMIN) },
	{ CALL(chroot), CAP(SYS_CHROOT) },
	/* every mount of the machine, by its id, whatever the namespace
	 * (Linux 6.8; not in Docker's profile, so refused there too) */
	{ CALL(listmount), 0 },
	{ CALL(statmount), 0 },
	/* watching a whole file system, the host's included */
	{ CALL(fanotify_init), CAP(SYS_ADMIN) },
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
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
		add(allowed[i].nr, allowed[i].name, "allow", NULL);
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		add(refused[i].nr, refused[i].name, caps & refused[i].unless ? "allow" : "eperm",
		    NULL);
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
	struct sock_fprog prog = { .len = (unsigned short)f->n,
				   .filter = (struct sock_filter *)f->ins };
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		die_errno("seccomp");
}
