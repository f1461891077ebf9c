/*
 * Docker's default seccomp profile, as the two tables seccomp.c builds its
 * filter from: the calls every container may make, and those refused unless
 * the container kept a capability that covers them. The argument checks
 * (clone, ioctl, socket, personality) are code, in seccomp.c.
 */
#include <linux/capability.h>
#include <sys/syscall.h>

#include "chapters/04-security/seccomp_profile.h"
#include "common/array.h"

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
const struct call allowed_calls[] = {
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

/* Refused with EPERM, unless the container kept one of the capabilities
 * that Docker's profile lets through with it (--cap-add SYS_TIME lets a
 * container set the clock: the filter must not stand in the way). */
const struct refused_call refused_calls[] = {
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

const size_t allowed_calls_n = ARRAY_SIZE(allowed_calls);
const size_t refused_calls_n = ARRAY_SIZE(refused_calls);
