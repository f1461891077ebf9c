/*
 * kill: a signal to the container's PID 1, or with --all to every process
 * in its cgroups (Podman's `kill --all`, for a container without a PID
 * namespace of its own, whose processes do not die with PID 1).
 *
 * The signal goes through a pidfd (pidfd_open(2), Linux 5.3): the start
 * time is checked on the process the pidfd holds, so the signal cannot
 * reach a process that got the number after the container's PID 1 died.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/08-oci/oci_commands.h"
#include "chapters/08-oci/oci_state.h"
#include "common/err.h"
#include "common/file.h"

/* clang-format off */
static const struct { const char *name; int sig; } signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "IOT", SIGIOT }, { "BUS", SIGBUS },
	{ "FPE", SIGFPE }, { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU }, { "URG", SIGURG },
	{ "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
	{ "WINCH", SIGWINCH }, { "IO", SIGIO }, { "POLL", SIGPOLL }, { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};
/* clang-format on */

/* "TERM", "SIGTERM", "term" or "15", as runc reads them. */
static int parse_signal(const char *command, const char *value)
{
	char *end;
	long n = strtol(value, &end, 10);
	if (*value && !*end) {
		if (n < 1 || n > SIGRTMAX)
			die("%s: signal %s is not in 1..%d", command, value, SIGRTMAX);
		return (int)n;
	}
	const char *name = strncasecmp(value, "SIG", 3) ? value : value + 3;
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (!strcasecmp(name, signals[i].name))
			return signals[i].sig;
	die("%s: unknown signal \"%.20s\"", command, value);
}

/* sig to s's PID 1, if it is still the container's. Returns -1 with errno
 * ESRCH if it has ended. */
int oci_signal_pid1(const struct oci_state *s, int sig)
{
	int fd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (fd < 0)
		return -1;
	int ret = -1;
	if (proc_start_time(s->pid) != s->pid_start) /* checked on fd's own process */
		errno = ESRCH;
	else
		ret = (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
	close(fd);
	return ret;
}

/* Whether pid is among the n already in pids. */
static int seen(const pid_t *pids, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

/* sig to every process in s's cgroups, each once: with cgroup v1 each is
 * in a hierarchy per controller. Returns how many got it. */
static size_t signal_cgroups(const struct oci_state *s, int sig)
{
	pid_t *pids = NULL;
	size_t n = 0;
	for (int i = 0; i < s->n_cgroups; i++) {
		char path[PATH_MAX];
		FILE *f = fopen(pathf(path, "%s/cgroup.procs", s->cgroups[i]), "re");
		int pid;
		while (f && fscanf(f, "%d", &pid) == 1) {
			if (seen(pids, n, pid))
				continue;
			pid_t *more = realloc(pids, (n + 1) * sizeof(*pids));
			if (!more)
				die("out of memory");
			pids = more;
			pids[n++] = pid;
			kill(pid, sig); /* one that has just ended is no error */
		}
		if (f)
			fclose(f);
	}
	free(pids);
	return n;
}

static void parse_kill(int argc, char **argv, int *all, int *operands)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all") || !strcmp(argv[i], "-a")) {
			*all = 1;
			continue;
		}
		oci_check_not_option(argv[0], argv[i]);
		argv[1 + n++] = argv[i]; /* the operands, moved to the front */
	}
	oci_expect_operands(argv[0], n, 1, 2, "a container ID and a signal (TERM if none)");
	*operands = n;
}

/* runc's rule: only a created or running container (--all also reaches
 * what a stopped one left in its cgroups). */
int oci_cmd_kill(const char *root, int argc, char **argv)
{
	int all = 0, n;
	set_failure_status(1);
	parse_kill(argc, argv, &all, &n);
	int sig = parse_signal(argv[0], n == 2 ? argv[2] : "TERM");
	struct oci_state s;
	oci_state_load(root, argv[1], &s);
	const char *status = oci_status(root, &s);
	int live = !strcmp(status, "created") || !strcmp(status, "running");
	if (!live && !(all && !strcmp(status, "stopped")))
		die("container \"%s\" is %s, not running", s.id, status);
	if (all && s.n_cgroups > 0)
		signal_cgroups(&s, sig);
	else if (live && oci_signal_pid1(&s, sig) < 0) {
		if (errno == ESRCH) /* it has just ended */
			die("container \"%s\" is stopped, not running", s.id);
		die_errno("kill %s", s.id);
	}
	oci_state_free(&s);
	return 0;
}
