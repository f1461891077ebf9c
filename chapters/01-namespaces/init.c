/*
 * PID 1 of a PID namespace is special, and a plain command makes a poor one:
 *  - The kernel delivers to it only the signals it has a handler for
 *    (SIGKILL from outside aside), so a command that never set up SIGTERM
 *    would ignore it: Ctrl-C and `docker stop` would not work.
 *  - Every orphan in the namespace becomes its child; unless it reaps them
 *    (wait(2)), they stay zombies until the container ends.
 *  - When it exits, the kernel kills every other process in the namespace.
 * So kobako's own code is PID 1: it runs the command as PID 2, passes signals
 * on, reaps, and exits with the command's status. `docker run --init` and
 * Kubernetes' pause container do the same job.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chapters/01-namespaces/init.h"
#include "chapters/01-namespaces/signals.h"
#include "common/err.h"
#include "common/opts.h"

void parse_env(const struct opt *o, const char *value)
{
	struct env *env = o->dest;
	size_t key = strcspn(value, "=");
	if (key == 0)
		opt_bad(o, *value ? value : "''", "a variable needs a name: KEY=VALUE, or KEY");
	if (env->n == MAX_ENV) {
		char why[32];
		snprintf(why, sizeof(why), "more than %d variables", MAX_ENV);
		opt_bad(o, value, why);
	}
	/* KEY alone: the host's value, read now, before the environment is
	 * cleared; none on the host, nothing to pass on. */
	const char *host = value[key] ? NULL : getenv(value);
	if (!value[key] && !host)
		return;
	/* execve(2) takes each variable as one "KEY=VALUE" string. */
	char *var;
	if (asprintf(&var, "%s%s%s", value, host ? "=" : "", host ? host : "") < 0)
		die_errno("--env %s", value);
	env->var[env->n++] = var;
}

void reset_environment(const char *hostname, const struct env *env)
{
	const char *term = getenv("TERM");
	char *keep = term ? strdup(term) : NULL;

	/* Nothing of the runtime's environment leaks in but the terminal type. */
	clearenv();
	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOME", "/root", 1);
	setenv("HOSTNAME", hostname, 1);
	if (keep)
		setenv("TERM", keep, 1);
	free(keep);
	/* Last, so that they win, as with `docker run -e`. putenv(3) keeps
	 * the string itself in the environment: it lives until the exec. */
	for (int i = 0; i < env->n; i++)
		if (putenv(env->var[i]) < 0)
			die_errno("--env %s", env->var[i]);
}

/* Chapter 01 (HOST_TERMINAL): the command shares the runtime's terminal. The
 * runtime's process group lies outside the PID namespace: to the command
 * its number is 0, and a shell that tries to give the terminal back to it on
 * exit fails ("Cannot set tty process group"). So the command gets a group
 * of its own, and the terminal with it: Ctrl-C and Ctrl-Z now reach the
 * command, as with `docker run -it`. */
static void take_terminal(void)
{
	sigset_t ttou;
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU); /* sent to a background group that calls tcsetpgrp */
	sigprocmask(SIG_BLOCK, &ttou, NULL);
	if (setpgid(0, 0) < 0 || tcsetpgrp(STDIN_FILENO, getpid()) < 0)
		warnx("give the terminal to the command: %s", strerror(errno));
}

static _Noreturn void child_failed(const char *what)
{
	dprintf(STDERR_FILENO, "%s: %s: %s\n", progname, what, strerror(errno));
	_exit(EXIT_RUNTIME);
}

/* Otherwise the command leads a session of its own: the host's terminal is
 * not its controlling terminal, so it cannot type into it (TIOCSTI) or take
 * its foreground. Given a terminal of the container's own, the command makes
 * it its controlling terminal (TIOCSCTTY: only a session leader may) and its
 * stdin, stdout and stderr; a shell then has job control on it. */
static void new_session(int terminal)
{
	if (setsid() < 0)
		child_failed("setsid");
	if (terminal < 0)
		return;
	if (ioctl(terminal, TIOCSCTTY, 0) < 0)
		child_failed("make the terminal the command's own (TIOCSCTTY)");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(terminal, fd) < 0)
			child_failed("dup2 the terminal");
}

static _Noreturn void exec_command(char *const argv[], int terminal)
{
	if (terminal == HOST_TERMINAL)
		take_terminal();
	else
		new_session(terminal);
	reset_signals();
	/* The command inherits PID 1's descriptors: stdin, stdout and stderr
	 * alone, since close_host_fds(). */
	execvp(argv[0], argv);

	int err = errno;
	int code = (err == ENOENT || err == ENOTDIR) ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	dprintf(STDERR_FILENO, "%s: exec %s: %s\n", progname, argv[0], strerror(err));
	/* The file is there, yet "no such file": the interpreter it names is
	 * not (a #! line, or the dynamic loader of a program built elsewhere). */
	if (err == ENOENT && strchr(argv[0], '/') && access(argv[0], F_OK) == 0)
		dprintf(STDERR_FILENO,
			"%s: %s exists: its interpreter or dynamic loader does not\n", progname,
			argv[0]);
	_exit(code);
}

void close_host_fds(int terminal)
{
	/* Above 2, everything PID 1 holds is the host's: the descriptors the
	 * caller passed in (`exec 7</etc`), the cgroup directory, locks, the
	 * layers and volumes. With CAP_SYS_PTRACE, the container opens them in
	 * /proc/1/fd, and a host directory there is a way out (CVE-2024-21626).
	 * It keeps none but the container's own terminal (chapter 02's): stdin,
	 * stdout and stderr are for the command. */
	step("pid 1: close every descriptor of the host but stdin, stdout, stderr");
	int rc = 0;
	if (terminal > 3)
		rc |= close_range(3, terminal - 1, 0);
	rc |= close_range(terminal > 2 ? terminal + 1 : 3, ~0U, 0);
	if (rc < 0)
		die_errno("close_range (Linux 5.9 or later is needed)");
}

/* Once the command has them, PID 1 needs no stdin or stdout, and stderr only
 * for the --verbose trace: they may be files of the host (> out.txt), which
 * /proc/1/fd would show. The command keeps its own. */
static void drop_stdio(void)
{
	close(STDIN_FILENO);
	close(STDOUT_FILENO);
	if (!verbose)
		close(STDERR_FILENO);
}

/* A copy of the command's words, which live where the title will go. */
static char **copy_words(char *const argv[])
{
	int n = 0;
	while (argv[n])
		n++;
	char **copy = calloc(n + 1, sizeof(*copy));
	if (!copy)
		die_errno("pid 1: copy the command");
	for (int i = 0; i < n; i++)
		if (!(copy[i] = strdup(argv[i])))
			die_errno("pid 1: copy the command");
	return copy;
}

/*
 * /proc/PID/cmdline reads the memory where execve(2) put the runtime's
 * arguments, and /proc/PID/environ the environment right after them: host
 * paths (--rootfs, --volume) and the caller's variables. PID 1 writes its
 * own title over both, as `docker run --init` shows `docker-init -- COMMAND`.
 * The area ends where execve put the program's file name (AT_EXECFN); a
 * title longer than the arguments runs on into the environment, which
 * the kernel shows when the last byte of the arguments is not a NUL: so
 * the words are joined by spaces, as setproctitle(3) does. Returns the
 * command, copied out of the area first.
 */
static char **show_as_init(char *const argv[])
{
	char **command = copy_words(argv);
	const char *name = strdup(progname); /* progname points into argv[0] */
	if (!name)
		die_errno("pid 1: copy its name");
	progname = name;
	char *area = program_invocation_name; /* argv[0]: where the arguments begin */
	char *end = (char *)getauxval(AT_EXECFN);
	if (!area || end <= area)
		die("pid 1: cannot find its arguments to rewrite");

	size_t size = end - area, len = snprintf(area, size, "kobako-init --");
	for (int i = 0; command[i] && len < size; i++)
		len += snprintf(area + len, size - len, " %s", command[i]);
	len = strlen(area);
	memset(area + len, 0, size - len);
	prctl(PR_SET_NAME, "kobako-init"); /* /proc/1/comm, the name top shows */
	return command;
}

/* Reaps every child that has ended; returns once the command is among them. */
static void reap(pid_t command)
{
	int status;
	/* lab: reap every child that has ended, orphans too (the stub waits for the
	 * command alone: orphans stay zombies); see docs/01-namespaces.md "PID 1 is special" */
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == command) {
			step("pid 1: the command ended (status %d): the container stops",
			     exit_code(status));
			_exit(exit_code(status));
		}
	}
	/* lab end: if (waitpid(command, &status, WNOHANG) == command) _exit(exit_code(status)); */
}

/* Starts the command as PID 2, and returns its PID. */
static pid_t start_command(char *const argv[], int terminal)
{
	/* vfork, not fork: the child borrows PID 1's memory until its execve
	 * instead of copying it first, so the command starts sooner (see
	 * docs/benchmark.md); PID 1 waits meanwhile. The price: until the exec,
	 * the child runs in PID 1's memory, so it may change nothing PID 1
	 * relies on (no malloc, no stdio buffer) and must leave by exec or
	 * _exit. exec_command makes system calls, and formats its messages on
	 * its own stack (dprintf). */
	pid_t command = vfork();
	if (command < 0)
		die_errno("vfork");
	if (command == 0)
		exec_command(argv, terminal);
	step("pid 1: started %s as pid %d", argv[0], command);
	return command;
}

void run_init(char *const argv[], int terminal)
{
	sigset_t set;
	block_signals(&set);
	pid_t command = start_command(show_as_init(argv), terminal);
	/* The terminal is the command's now: PID 1 keeps no copy of it. */
	if (terminal >= 0)
		close(terminal);
	drop_stdio();

	for (;;) {
		/* Blocked signals wait in the queue, even those PID 1 would
		 * otherwise never receive: sigwaitinfo takes them one at a time. */
		siginfo_t info;
		int sig = sigwaitinfo(&set, &info);
		if (sig == SIGCHLD)
			reap(command);
		else if (sig > 0 && is_forwarded(sig))
			kill(command, sig);
	}
}
