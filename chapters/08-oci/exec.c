/*
 * exec: one more process in a running container. `podman exec` asks it
 * of the runtime, through conmon:
 *
 *   ch08 exec --process FILE --pid-file F --detach [--tty --console-socket S] ID
 *
 * The runtime moves itself into the container's cgroups, then joins its
 * namespaces through a pidfd of its PID 1 (setns(2) takes a pidfd and a
 * set of CLONE_NEW* flags since Linux 5.8), and forks: a PID namespace
 * joined by setns takes only the children, so the child is the one in the
 * container's. The child takes what the container's own process has
 * (rlimits, no_new_privs, user and capabilities, environment, AppArmor
 * profile, seccomp filter) and execs the command.
 *
 * Everything on the host (the process file, config.json, the pid file's
 * directory, the console socket, the cgroups) is opened before setns: once
 * in the container's mount namespace, a path leads into the container.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chapters/02-rootfs/console.h"
#include "chapters/04-security/apparmor.h"
#include "chapters/04-security/bpf.h"
#include "chapters/04-security/caps.h"
#include "chapters/08-oci/config.h"
#include "chapters/08-oci/exec.h"
#include "chapters/08-oci/handoff.h"
#include "chapters/08-oci/json.h"
#include "chapters/08-oci/oci_commands.h"
#include "chapters/08-oci/oci_state.h"
#include "chapters/08-oci/process.h"
#include "chapters/08-oci/seccomp_oci.h"
#include "common/err.h"
#include "common/file.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

struct exec_args {
	const char *process_file, *cwd, *user, *pid_file, *console_socket, *id;
	char *env[MAX_ENV];
	int n_env, tty, detach;
	char **command; /* NULL-terminated; NULL with --process */
};

/* What the child needs, all opened on the host side before setns. */
static struct {
	struct oci_config oci;   /* the bundle's config.json, for its seccomp and defaults */
	struct oci_process proc; /* the process to run */
	struct json *proc_doc;   /* --process FILE, parsed */
	struct filter filter;
	unsigned seccomp_flags;
	int no_new_privs;
	const char *apparmor;
	int errors;    /* the child's end of the error pipe */
	int devnull;   /* the child's stderr while it sets up */
	int terminal;  /* the pty's slave, or NO_TERMINAL */
	int stdio_err; /* the caller's stderr, the command's if there is no terminal */
} x = { .terminal = NO_TERMINAL };

static const char usage[] =
	"Usage: ch08 exec [--process FILE | [--cwd DIR] [--env K=V]... [--user UID[:GID]]\n"
	"                 [--tty] ID COMMAND [ARG...]] [--pid-file F] [--detach|-d]\n"
	"                 [--console-socket SOCK]\n"
	"Run COMMAND (or FILE's process) in the running container ID.\n";

static int parse_flag(struct exec_args *a, const char *arg)
{
	if (!strcmp(arg, "--tty") || !strcmp(arg, "-t"))
		return a->tty = 1;
	if (!strcmp(arg, "--detach") || !strcmp(arg, "-d"))
		return a->detach = 1;
	if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
		fputs(usage, stdout);
		exit(0);
	}
	return 0;
}

/* Options come before ID; what follows ID is the command, its own options included. */
static void parse_exec(int argc, char **argv, struct exec_args *a)
{
	int i;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		if (parse_flag(a, argv[i]))
			continue;
		if ((v = oci_option_value(argc, argv, &i, "--process", "-p")))
			a->process_file = v;
		else if ((v = oci_option_value(argc, argv, &i, "--cwd", NULL)))
			a->cwd = v;
		else if ((v = oci_option_value(argc, argv, &i, "--user", "-u")))
			a->user = v;
		else if ((v = oci_option_value(argc, argv, &i, "--pid-file", NULL)))
			a->pid_file = v;
		else if ((v = oci_option_value(argc, argv, &i, "--console-socket", NULL)))
			a->console_socket = v;
		else if ((v = oci_option_value(argc, argv, &i, "--env", "-e"))) {
			if (a->n_env == MAX_ENV)
				die("exec: --env: at most %d variables", MAX_ENV);
			a->env[a->n_env++] = (char *)v;
		} else
			die("exec: unknown option %s", argv[i]);
	}
	if (i >= argc)
		die("exec: expected a container ID");
	a->id = argv[i];
	a->command = i + 1 < argc ? argv + i + 1 : NULL;
	if (a->process_file && (a->command || a->cwd || a->n_env || a->user))
		die("exec: --process FILE says it all: no COMMAND, --cwd, --env or --user with it");
	if (!a->process_file && !a->command)
		die("exec: expected a COMMAND after the container ID, or --process FILE");
}

/* KEY=VALUE replaces KEY's value if env has one, or is added. */
static void set_env(struct env *env, char *var)
{
	size_t key = strcspn(var, "=");
	if (!var[key] || key == 0)
		die("exec: --env %s: expected KEY=VALUE", var);
	for (int i = 0; i < env->n; i++)
		if (!strncmp(env->var[i], var, key + 1)) {
			env->var[i] = var;
			return;
		}
	if (env->n == MAX_ENV)
		die("exec: --env: at most %d variables in all", MAX_ENV);
	env->var[env->n++] = var;
}

/* --user UID[:GID]: GID is UID's number if not given, as runc takes it. */
static void set_user(struct oci_process *p, const char *user)
{
	char *end;
	errno = 0;
	unsigned long uid = strtoul(user, &end, 10), gid = uid;
	if (*end == ':')
		gid = strtoul(end + 1, &end, 10);
	if (errno || *end || !*user || user[0] == '-' || uid > UINT32_MAX - 1 ||
	    gid > UINT32_MAX - 1)
		die("exec: --user %s: expected UID[:GID], numbers", user);
	p->user.uid = uid;
	p->user.gid = gid;
	p->n_groups = 0; /* another user does not keep the first one's groups */
}

/* The process to run: FILE's, or config.json's with the options applied,
 * as runc does. */
static void build_process(const struct exec_args *a)
{
	if (a->process_file) {
		x.proc_doc = json_read_file(a->process_file);
		oci_process_map(&x.proc, x.proc_doc);
	} else {
		x.proc = x.oci.process;
		x.proc.args = a->command;
		x.proc.terminal = 0;
		if (a->cwd && a->cwd[0] != '/')
			die("exec: --cwd %s: expected an absolute path", a->cwd);
		if (a->cwd)
			x.proc.cwd = a->cwd;
		for (int i = 0; i < a->n_env; i++)
			set_env(&x.proc.env, a->env[i]);
		if (a->user)
			set_user(&x.proc, a->user);
	}
	x.proc.terminal |= a->tty;
	if (x.proc.terminal && !a->console_socket)
		die("exec: a terminal needs --console-socket, where it is sent");
	if (!x.proc.terminal && a->console_socket)
		die("exec: --console-socket: no terminal was asked for (--tty)");
	/* What confines the container's process confines this one too. */
	x.no_new_privs = x.proc.no_new_privileges || x.oci.process.no_new_privileges;
	x.apparmor =
		x.proc.apparmor_profile ? x.proc.apparmor_profile : x.oci.process.apparmor_profile;
	apparmor_check(x.apparmor);
	if (x.oci.seccomp) {
		oci_seccomp_compile(&x.filter, x.oci.seccomp);
		x.seccomp_flags = oci_seccomp_flags(x.oci.seccomp);
	}
}

/* The cgroups first, through the host's /sys/fs/cgroup: the child is then
 * born in them, counted against the container's limits. */
static void join_cgroups(const struct oci_state *s)
{
	for (int i = 0; i < s->n_cgroups; i++) {
		char procs[PATH_MAX];
		pathf(procs, "%s/cgroup.procs", s->cgroups[i]);
		if (write_file(procs, "%d", (int)getpid()) < 0)
			die_errno("exec: join the container's cgroup %s", s->cgroups[i]);
	}
}

/* A pidfd of the container's PID 1, checked to be it: the number may be
 * another process's if PID 1 ended. */
static int open_pid1(const struct oci_state *s)
{
	int fd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (fd < 0 || proc_start_time(s->pid) != s->pid_start)
		die("container \"%s\" is stopped: exec needs a running container", s->id);
	return fd;
}

/* The namespaces PID 1 has that this process has not: each is a link
 * /proc/PID/ns/NAME whose target differs. */
static int namespaces_of(pid_t pid)
{
	static const struct {
		const char *name;
		int flag;
	} ns[] = { { "mnt", CLONE_NEWNS },   { "pid", CLONE_NEWPID }, { "ipc", CLONE_NEWIPC },
		   { "uts", CLONE_NEWUTS },  { "net", CLONE_NEWNET }, { "cgroup", CLONE_NEWCGROUP },
		   { "time", CLONE_NEWTIME } };
	int flags = 0;
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char theirs[PATH_MAX], ours[PATH_MAX];
		struct stat a, b;
		pathf(theirs, "/proc/%d/ns/%s", (int)pid, ns[i].name);
		pathf(ours, "/proc/self/ns/%s", ns[i].name);
		if (stat(theirs, &a) == 0 && stat(ours, &b) == 0 &&
		    (a.st_ino != b.st_ino || a.st_dev != b.st_dev))
			flags |= ns[i].flag;
	}
	return flags;
}

/* In the container's mount namespace: /dev/ptmx is its devpts's. The
 * master goes to the caller, the slave to the command. */
static int open_terminal(int sock)
{
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		die_errno("exec: open the container's /dev/ptmx");
	if (unlockpt(master) < 0)
		die_errno("exec: unlockpt");
	int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		die_errno("exec: open the terminal's slave (TIOCGPTPEER)");
	send_fd(sock, master);
	close(master);
	close(sock);
	return slave;
}

/* The child's errors go to the runtime, which reports them (and to --log). */
static void to_parent(const char *msg)
{
	dprintf(x.errors, "%s\n", msg);
}

/* As chapter 01's exec_command: 127 if there is no such command, 126 if
 * it cannot run; the words Podman looks for to say which. */
static _Noreturn void exec_failed(const char *cmd, int err)
{
	int not_found = err == ENOENT || err == ENOTDIR;
	if (not_found && !strchr(cmd, '/'))
		dprintf(x.errors, "exec %s: executable file not found in $PATH\n", cmd);
	else
		dprintf(x.errors, "exec %s: %s\n", cmd, strerror(err));
	_exit(not_found ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/* The command's stdio: the terminal, in a session of its own whose
 * controlling terminal it is; or the caller's, stderr given back. */
static void set_stdio(void)
{
	if (setsid() < 0)
		die_errno("exec: setsid");
	if (x.terminal == NO_TERMINAL) {
		if (dup2(x.stdio_err, STDERR_FILENO) < 0)
			die_errno("exec: dup2");
		return;
	}
	if (ioctl(x.terminal, TIOCSCTTY, 0) < 0)
		die_errno("exec: make the terminal the command's own (TIOCSCTTY)");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(x.terminal, fd) < 0)
			die_errno("exec: dup2 the terminal");
}

/* In the container's namespaces and cgroups, the steps of the container's
 * PID 1 that concern its process, in the same order (main.c's
 * oci_container). Its stderr is the command's: until the exec, what the
 * runtime has to say goes to the runtime, through x.errors. */
static _Noreturn void child(void)
{
	report_also(to_parent);
	x.stdio_err = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (x.stdio_err < 0 || dup2(x.devnull, STDERR_FILENO) < 0)
		die_errno("exec: set stderr aside");
	if (chdir(x.proc.cwd) < 0)
		die_errno("exec: cwd %s", x.proc.cwd);
	process_set_limits(&x.proc);
	/* Without no_new_privs only CAP_SYS_ADMIN may load a filter: before
	 * the user changes, then. */
	if (x.no_new_privs)
		set_no_new_privs();
	else if (x.oci.seccomp)
		oci_seccomp_load(&x.filter, x.seccomp_flags);
	process_set_credentials(&x.proc);
	process_set_environment(&x.proc);
	apparmor_exec_under(x.apparmor);
	set_stdio();
	/* No descriptor of the runtime's or its caller's beyond stdio. */
	syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (x.oci.seccomp && x.no_new_privs)
		oci_seccomp_load(&x.filter, x.seccomp_flags);
	execvp(x.proc.args[0], x.proc.args);
	exec_failed(x.proc.args[0], errno);
}

/* What the child said before it died, if it did: "" once it exec'd (the
 * pipe closes on exec). */
static void child_report(int rd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	while (len < size - 1 &&
	       ((n = read(rd, buf + len, size - 1 - len)) > 0 || (n < 0 && errno == EINTR)))
		len += n > 0 ? (size_t)n : 0;
	buf[len] = '\0';
	close(rd);
}

static int wait_for(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die_errno("exec: wait for the command");
	return exit_code(status);
}

/* The child failed: its lines, the last as the runtime's error, with its exit code. */
static _Noreturn void report_failure(pid_t pid, char *msg)
{
	set_failure_status(wait_for(pid));
	size_t len = strlen(msg);
	while (len && msg[len - 1] == '\n')
		msg[--len] = '\0';
	char *last;
	while ((last = strchr(msg, '\n'))) {
		*last = '\0';
		warnx("%s", msg);
		msg = last + 1;
	}
	die("%s", msg);
}

static int open_dir_of(const char *file)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(file, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - file) + 1 : 1, slash ? file : ".");
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die_errno("exec: --pid-file %s", file);
	return fd;
}

static pid_t command_pid;

static void forward(int sig)
{
	kill(command_pid, sig);
}

/* Without --detach the runtime stands for the command: the signals a
 * caller sends it go on to the command. */
static int wait_forwarding(pid_t pid)
{
	static const int signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 };
	command_pid = pid;
	struct sigaction sa = { .sa_handler = forward, .sa_flags = SA_RESTART };
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaction(signals[i], &sa, NULL);
	return wait_for(pid);
}

/* The runtime's own mount and PID namespaces, to go back to once the
 * command is forked: it then waits, and exits, as a process of the host
 * (whose /proc/self is not in the container's /proc). */
static int home_mnt = -1, home_pid = -1;

static void go_home(void)
{
	if (setns(home_mnt, CLONE_NEWNS) < 0 || setns(home_pid, CLONE_NEWPID) < 0)
		die_errno("exec: setns back into the runtime's namespaces");
	close(home_mnt);
	close(home_pid);
}

/* Into the container: cgroups through the host's paths, then its
 * namespaces. The terminal is opened there, from the container's devpts. */
static void enter(const struct oci_state *s, int sock)
{
	home_mnt = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	home_pid = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	if (home_mnt < 0 || home_pid < 0)
		die_errno("exec: open /proc/self/ns");
	int pidfd = open_pid1(s);
	/* Not dumpable: processes of the container cannot ptrace the runtime
	 * or open its /proc/PID/exe while it is among them; execve resets it. */
	if (prctl(PR_SET_DUMPABLE, 0) < 0)
		die_errno("prctl PR_SET_DUMPABLE");
	join_cgroups(s);
	int flags = namespaces_of(s->pid);
	step("exec: join pid %d's cgroups and namespaces (%#x)", (int)s->pid, flags);
	if (flags && setns(pidfd, flags) < 0)
		die_errno("exec: setns into the namespaces of pid %d", (int)s->pid);
	close(pidfd);
	if (sock >= 0)
		x.terminal = open_terminal(sock);
}

int oci_cmd_exec(const char *root, int argc, char **argv)
{
	static struct exec_args a;
	static struct oci_state s;
	parse_exec(argc, argv, &a);
	require_root();
	oci_state_load(root, a.id, &s);
	const char *status = oci_status(root, &s);
	if (strcmp(status, "running") != 0)
		die("container \"%s\" is %s: exec needs a running container", a.id, status);
	oci_config_load(&x.oci, s.bundle);
	build_process(&a);
	int pid_dir = a.pid_file ? open_dir_of(a.pid_file) : -1;
	int sock = a.console_socket ? console_socket_connect(a.console_socket) : -1;
	x.devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (x.devnull < 0)
		die_errno("open /dev/null");
	enter(&s, sock);

	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		die_errno("pipe2");
	pid_t pid = fork();
	if (pid < 0)
		die_errno("exec: fork");
	if (pid == 0) {
		close(pipefd[0]);
		x.errors = pipefd[1];
		child();
	}
	close(pipefd[1]);
	if (x.terminal >= 0)
		close(x.terminal);
	go_home();
	char msg[4096];
	child_report(pipefd[0], msg, sizeof(msg));
	if (*msg)
		report_failure(pid, msg);
	if (a.pid_file) {
		pid_file_write(pid_dir, a.pid_file, pid);
		close(pid_dir);
	}
	/* Detached, the command is the caller's child now (a subreaper's),
	 * with no runtime between them. */
	return a.detach ? 0 : wait_forwarding(pid);
}
