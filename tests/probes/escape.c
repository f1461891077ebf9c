/*
 * Escapes and dangerous calls, tried from inside a container.
 *
 *   escape NAME [ARG]    try one; `escape` alone lists them
 *
 * Each attempt is the system call an attacker would make, with arguments
 * chosen so that nothing changes even if the kernel lets it through: a path
 * that does not exist, a wrong magic number, a file opened for writing and
 * never written. Many of these arguments are checked by the kernel only
 * after it has decided the caller may make the call at all, so the error
 * they give back ("through" below) proves the call got in. It prints one
 * line:
 *
 *   refused: EPERM    stopped, with this errno: EPERM from seccomp or a
 *                     missing capability, EROFS from a read-only mount...
 *   ALLOWED           the call went through (the errno it then failed
 *                     with, if any, is shown)
 *
 * Exit status: 0 refused, 1 allowed, 2 the probe itself failed.
 *
 * Never on the host: there a mount, an umount of /proc or a disk node would
 * be real. It refuses to try anything in the host's PID namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
/* Linux 6.8's, newer than some headers: the same number on x86-64 and aarch64. */
#ifndef SYS_statmount
#define SYS_statmount 457
#define SYS_listmount 458
#endif
#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

#define NOWHERE "/kobako-does-not-exist"

/* The attempt's argument, for those that take one. */
static const char *arg;

/* For an attempt of several calls: the one that failed. */
static const char *step;

/* --- the file systems ---------------------------------------------------- */

static long try_mount(void)
{
	return mount("kobako", "/mnt", "tmpfs", 0, NULL);
}

/* /proc, or a mask over a file of it: gone, the file behind it shows. */
static long try_umount(void)
{
	return umount2(arg ? arg : "/proc", MNT_DETACH);
}

static long try_pivot_root(void)
{
	return syscall(SYS_pivot_root, NOWHERE, NOWHERE); /* through: ENOENT */
}

/*
 * "Shocker" (2014): a file handle names a file by inode number alone, and
 * open_by_handle_at() opens it without a path, so without regard to the
 * container's root. Inode 2 is the root directory of an ext2/3/4 file
 * system: if the container's / is a directory of the host's disk, this opens
 * the host's real /.
 */
static long try_shocker(void)
{
	struct {
		struct file_handle h;
		unsigned int ino, gen;
	} root = { .h = { .handle_bytes = 8, .handle_type = 1 }, .ino = 2, .gen = 0 };
	int mnt = open("/", O_RDONLY | O_DIRECTORY);
	if (mnt < 0)
		return -1;
	return open_by_handle_at(mnt, &root.h, O_RDONLY | O_DIRECTORY);
}

static long try_name_to_handle(void)
{
	struct {
		struct file_handle h;
		unsigned char bytes[MAX_HANDLE_SZ];
	} fh = { .h = { .handle_bytes = MAX_HANDLE_SZ } };
	int mount_id;
	return name_to_handle_at(AT_FDCWD, "/", &fh.h, &mount_id, 0);
}

/*
 * A device node for the host's disk, MAJ:MIN, made in the container's /tmp:
 * if it can be made and opened, every file of the host can be read from the
 * raw blocks, whatever the mounts hide.
 */
static long try_disk(void)
{
	unsigned int maj, min;
	if (!arg || sscanf(arg, "%u:%u", &maj, &min) != 2) {
		fprintf(stderr, "escape disk: expected MAJOR:MINOR\n");
		exit(2);
	}
	const char *node = "/tmp/kobako-disk";
	unlink(node);
	step = "mknod";
	if (mknod(node, S_IFBLK | 0600, makedev(maj, min)) < 0)
		return -1;
	step = "open";
	int fd = open(node, O_RDONLY);
	int saved = errno;
	unlink(node);
	errno = saved;
	if (fd < 0)
		return -1;
	char sector[512];
	step = "read";
	return read(fd, sector, sizeof(sector));
}

/*
 * A node for the host's character device MAJ:MIN, made in the current
 * directory (-w picks the mount), and opened: the open is the test. Opening
 * a terminal or hwrng reads nothing, and O_NOCTTY keeps a terminal from
 * becoming ours.
 */
static long try_chardev(void)
{
	unsigned int maj, min;
	if (!arg || sscanf(arg, "%u:%u", &maj, &min) != 2) {
		fprintf(stderr, "escape chardev: expected MAJOR:MINOR\n");
		exit(2);
	}
	const char *node = "kobako-chardev";
	unlink(node);
	step = "mknod";
	if (mknod(node, S_IFCHR | 0600, makedev(maj, min)) < 0)
		return -1;
	step = "open";
	int fd = open(node, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	int saved = errno;
	unlink(node);
	errno = saved;
	return fd;
}

/* A terminal of the container's devpts: /dev/ptmx gives the master, and
 * the slave, /dev/pts/N, opens. Allowed is the expected answer here. */
static long try_pty(void)
{
	step = "open /dev/ptmx";
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		return -1;
	step = "open the slave";
	const char *slave = ptsname(master);
	return slave ? open(slave, O_RDWR | O_NOCTTY) : -1;
}

/* Opens PATH for writing and closes it: never writes a byte. */
static long try_write(void)
{
	if (!arg) {
		fprintf(stderr, "escape write: expected a PATH\n");
		exit(2);
	}
	int fd = open(arg, O_WRONLY);
	if (fd >= 0)
		close(fd);
	return fd;
}

/* --- the kernel's code and state ----------------------------------------- */

static long try_init_module(void)
{
	return syscall(SYS_init_module, NULL, 0UL, ""); /* through: ENOEXEC, EFAULT */
}

static long try_finit_module(void)
{
	return syscall(SYS_finit_module, -1, "", 0); /* through: EBADF */
}

static long try_delete_module(void)
{
	/* through: ENOENT */
	return syscall(SYS_delete_module, "kobako_none", O_NONBLOCK);
}

static long try_bpf(void)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr)); /* map type 0: through, EINVAL */
	return syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
}

static long try_perf_event_open(void)
{
	/* What an unprivileged process may count of itself, on any kernel. */
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_TASK_CLOCK,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};
	return syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

static long try_reboot(void)
{
	/* The magic numbers are checked after the capability: through, EINVAL. */
	return syscall(SYS_reboot, 0, 0, LINUX_REBOOT_CMD_CAD_OFF, NULL);
}

static long try_swapon(void)
{
	return syscall(SYS_swapon, NOWHERE, 0); /* through: ENOENT */
}

static long try_acct(void)
{
	return acct(NOWHERE); /* through: ENOENT */
}

static long try_personality(void)
{
	return personality(ADDR_NO_RANDOMIZE); /* what `setarch -R` asks for */
}

/* --- keyrings: shared by every container on the host --------------------- */

static long try_keyctl(void)
{
	return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
}

static long try_add_key(void)
{
	/* Into this process's own keyring: gone when it exits. */
	return syscall(SYS_add_key, "user", "kobako-probe", "x", 1, KEY_SPEC_PROCESS_KEYRING);
}

static long try_request_key(void)
{
	/* through: ENOKEY */
	return syscall(SYS_request_key, "user", "kobako-none", NULL, 0);
}

/* --- namespaces ---------------------------------------------------------- */

static const struct {
	const char *name;
	int flag;
} ns_flags[] = {
	{ "user", CLONE_NEWUSER },
	{ "mnt", CLONE_NEWNS },
	{ "pid", CLONE_NEWPID },
	{ "net", CLONE_NEWNET },
	{ "uts", CLONE_NEWUTS },
	{ "ipc", CLONE_NEWIPC },
	{ "cgroup", CLONE_NEWCGROUP },
	{ "time", CLONE_NEWTIME },
	{ "none", 0 },
};

static int ns_flag(const char *name)
{
	for (size_t i = 0; i < sizeof(ns_flags) / sizeof(ns_flags[0]); i++)
		if (name && strcmp(name, ns_flags[i].name) == 0)
			return ns_flags[i].flag;
	fprintf(stderr, "escape: namespaces: user mnt pid net uts ipc cgroup time none\n");
	exit(2);
}

static long try_unshare(void)
{
	return unshare(ns_flag(arg));
}

/* Waits for a child that exits at once; the parent's result is the call's. */
static long reap(long pid)
{
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid;
}

/* clone() as fork() does it, with the namespace flag added. */
static long try_clone(void)
{
	int flag = ns_flag(arg);
	if (flag == CLONE_NEWTIME) {
		fprintf(stderr, "escape clone: clone() cannot take CLONE_NEWTIME\n");
		exit(2);
	}
	return reap(syscall(SYS_clone, flag | SIGCHLD, NULL, NULL, NULL, 0));
}

/*
 * clone3() takes its flags in a struct in memory, which a seccomp filter
 * cannot read: a filter can only refuse it whole.
 */
static long try_clone3(void)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	return reap(syscall(SYS_clone3, &args, sizeof(args)));
}

static void *nothing(void *unused)
{
	return unused;
}

/* glibc starts threads with clone3(), and with clone() if that says ENOSYS. */
static long try_thread(void)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, nothing, NULL);
	if (err) {
		errno = err;
		return -1;
	}
	pthread_join(t, NULL);
	return 0;
}

static long try_setns(void)
{
	/* Into its own UTS namespace: nothing changes, but it takes SYS_ADMIN. */
	int fd = open("/proc/self/ns/uts", O_RDONLY);
	if (fd < 0)
		return -1;
	return setns(fd, CLONE_NEWUTS);
}

/* --- clocks: one for the whole host -------------------------------------- */

/*
 * A time the kernel refuses as invalid (EINVAL), but only once the call got
 * past the filter and before it checks the capability. The raw system call:
 * libc would refuse the bad time itself, without asking the kernel.
 */
static long try_clock_settime(void)
{
	struct timespec bad = { .tv_sec = 0, .tv_nsec = -1 };
	return syscall(SYS_clock_settime, CLOCK_REALTIME, &bad);
}

static long try_settimeofday(void)
{
	struct timeval bad = { .tv_sec = 0, .tv_usec = -1 };
	return syscall(SYS_settimeofday, &bad, NULL);
}

static long try_clock_adjtime(void)
{
	struct timex tx = { .modes = 0 }; /* modes 0 only reads */
	return syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx);
}

static long try_adjtimex(void)
{
	struct timex tx = { .modes = 0 }; /* the same, through the older call */
	return syscall(SYS_adjtimex, &tx);
}

/* --- other processes' memory --------------------------------------------- */

static long try_ptrace_init(void)
{
	/* SEIZE does not stop PID 1; the tracer's exit detaches it. */
	return ptrace(PTRACE_SEIZE, 1, NULL, NULL);
}

static long try_process_vm_readv(void)
{
	char buf[8];
	struct iovec local = { buf, sizeof(buf) }, remote = { NULL, sizeof(buf) };
	return process_vm_readv(1, &local, 1, &remote, 1, 0); /* through: EFAULT */
}

static long try_userfaultfd(void)
{
	/* User-mode-only faults: allowed without any capability. */
	return syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);
}

/* --- the rest of the kernel's attack surface ----------------------------- */

static long try_io_uring(void)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	return syscall(SYS_io_uring_setup, 1, &p);
}

static long try_af_alg(void)
{
	return socket(AF_ALG, SOCK_SEQPACKET, 0); /* through: EAFNOSUPPORT without it */
}

static long try_af_vsock(void)
{
	return socket(AF_VSOCK, SOCK_STREAM, 0);
}

/* A system call of the x32 ABI: getpid, numbered as x32 numbers it. */
static long try_x32(void)
{
	return syscall(__X32_SYSCALL_BIT | SYS_getpid);
}

/* Watches every file of the file system / is on, the host's included. */
static long try_fanotify_init(void)
{
	/* FAN_REPORT_FID: what an unprivileged caller may ask for (Linux 5.13). */
	return fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_FID, O_RDONLY);
}

/* The mounts of the machine by their ids (Linux 6.8): the request is
 * NULL, so the kernel answers EFAULT once the call got in. */
static long try_listmount(void)
{
	return syscall(SYS_listmount, NULL, NULL, 0, 0);
}

static long try_statmount(void)
{
	return syscall(SYS_statmount, NULL, NULL, 0, 0);
}

/*
 * A system call by its number, with every argument 0: for a number the
 * filter does not know. ENOSYS is "no such call", from the filter or the
 * kernel; any other error came from the call itself, so it got in.
 */
static long try_syscall(void)
{
	if (!arg) {
		fprintf(stderr, "escape syscall: expected a NUMBER\n");
		exit(2);
	}
	long r = syscall(strtol(arg, NULL, 0), 0, 0, 0, 0, 0, 0);
	if (r < 0 && errno != ENOSYS && errno != EPERM) {
		printf("ALLOWED (then %s)\n", strerrorname_np(errno));
		exit(1);
	}
	return r;
}

/* --- the terminal -------------------------------------------------------- */

static int terminal(void)
{
	if (isatty(STDIN_FILENO))
		return STDIN_FILENO;
	int fd = open("/dev/tty", O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "escape: no terminal: %s\n", strerror(errno));
		exit(2);
	}
	return fd;
}

/*
 * TIOCSTI pushes a character into the terminal's input, as if typed: after
 * the container exits, the host's shell would read and run it. A space
 * does nothing.
 */
static long try_tiocsti(void)
{
	char c = ' ';
	return ioctl(terminal(), TIOCSTI, &c);
}

static long try_tioclinux(void)
{
	char subcode = 6; /* TIOCL_GETSHIFTSTATE: only reads; a pty says ENOTTY */
	return ioctl(terminal(), TIOCLINUX, &subcode);
}

/* --- the table ----------------------------------------------------------- */

static const struct attempt {
	const char *name;
	long (*try)(void);
	int through[3]; /* errnos that prove the call got in (0: none) */
} attempts[] = {
	{ "mount", try_mount, { 0 } },
	{ "umount", try_umount, { EINVAL } },
	{ "pivot_root", try_pivot_root, { ENOENT } },
	{ "shocker", try_shocker, { ESTALE, EINVAL, EOPNOTSUPP } },
	{ "name_to_handle_at", try_name_to_handle, { EOPNOTSUPP, EOVERFLOW } },
	{ "disk", try_disk, { 0 } },
	{ "chardev", try_chardev, { 0 } },
	{ "pty", try_pty, { 0 } },
	{ "write", try_write, { 0 } },
	{ "init_module", try_init_module, { ENOEXEC, EFAULT, EINVAL } },
	{ "finit_module", try_finit_module, { EBADF } },
	{ "delete_module", try_delete_module, { ENOENT } },
	{ "bpf", try_bpf, { EINVAL } },
	{ "perf_event_open", try_perf_event_open, { 0 } },
	{ "reboot", try_reboot, { EINVAL } },
	{ "swapon", try_swapon, { ENOENT } },
	{ "acct", try_acct, { ENOENT } },
	{ "personality", try_personality, { 0 } },
	{ "keyctl", try_keyctl, { ENOKEY } },
	{ "add_key", try_add_key, { 0 } },
	{ "request_key", try_request_key, { ENOKEY } },
	{ "unshare", try_unshare, { 0 } },
	{ "clone", try_clone, { 0 } },
	{ "clone3", try_clone3, { 0 } },
	{ "thread", try_thread, { 0 } },
	{ "setns", try_setns, { 0 } },
	{ "clock_settime", try_clock_settime, { EINVAL } },
	{ "settimeofday", try_settimeofday, { EINVAL } },
	{ "clock_adjtime", try_clock_adjtime, { 0 } },
	{ "adjtimex", try_adjtimex, { 0 } },
	{ "ptrace-init", try_ptrace_init, { 0 } },
	{ "process_vm_readv", try_process_vm_readv, { EFAULT } },
	{ "userfaultfd", try_userfaultfd, { 0 } },
	{ "io_uring_setup", try_io_uring, { 0 } },
	{ "af_alg", try_af_alg, { EAFNOSUPPORT } },
	{ "af_vsock", try_af_vsock, { EAFNOSUPPORT, ESOCKTNOSUPPORT, ENODEV } },
	{ "x32", try_x32, { 0 } },
	{ "fanotify_init", try_fanotify_init, { 0 } },
	{ "listmount", try_listmount, { EFAULT, EINVAL } },
	{ "statmount", try_statmount, { EFAULT, EINVAL } },
	{ "syscall", try_syscall, { 0 } },
	{ "tiocsti", try_tiocsti, { 0 } },
	{ "tioclinux", try_tioclinux, { ENOTTY, EINVAL } },
};

/* Two more that print what they find: the bytes of a file, the ids. */

static int read_file(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	if (n < 0)
		printf("refused: %s\n", strerrorname_np(errno));
	else if (n == 0)
		puts("empty");
	else
		printf("ALLOWED: read %zd bytes\n", n);
	return n > 0;
}

static int print_ids(void)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	printf("uid=%u euid=%u suid=%u gid=%u egid=%u sgid=%u\n", r, e, s, rg, eg, sg);
	return 0;
}

/* The first PID namespace has a fixed inode number, PROC_PID_INIT_INO. */
static int in_host_pid_namespace(void)
{
	struct stat st;
	return stat("/proc/self/ns/pid", &st) < 0 || st.st_ino == 0xEFFFFFFCU;
}

static void usage(void)
{
	fprintf(stderr, "usage: escape NAME [ARG], or: escape read PATH, escape ids\nnames:");
	for (size_t i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++)
		fprintf(stderr, " %s", attempts[i].name);
	fprintf(stderr, "\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "read") == 0 && argc == 3)
		return read_file(argv[2]);
	if (strcmp(argv[1], "ids") == 0)
		return print_ids();
	if (in_host_pid_namespace()) {
		fprintf(stderr, "escape: this is the host's PID namespace: run me in a container\n");
		return 2;
	}

	for (size_t i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
		const struct attempt *a = &attempts[i];
		if (strcmp(argv[1], a->name) != 0)
			continue;
		arg = argv[2];
		errno = 0;
		if (a->try() >= 0) {
			puts("ALLOWED");
			return 1;
		}
		int err = errno;
		for (int j = 0; j < 3 && a->through[j]; j++) {
			if (err == a->through[j]) {
				printf("ALLOWED (then %s)\n", strerrorname_np(err));
				return 1;
			}
		}
		if (step)
			printf("refused: %s (%s)\n", strerrorname_np(err), step);
		else
			printf("refused: %s\n", strerrorname_np(err));
		return 0;
	}
	usage();
}
