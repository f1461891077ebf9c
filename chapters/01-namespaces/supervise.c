#include <errno.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chapters/01-namespaces/supervise.h"
#include "chapters/01-namespaces/signals.h"
#include "common/err.h"

static int is_stop(int sig)
{
	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP;
}

static struct timespec now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

/* Waits for a signal in set; once a deadline is set, only until then
 * (-1 with errno EAGAIN when it has passed). */
static int next_signal(const sigset_t *set, const struct timespec *deadline)
{
	siginfo_t info;
	if (!deadline)
		return sigwaitinfo(set, &info);

	struct timespec t = now(),
			left = { deadline->tv_sec - t.tv_sec, deadline->tv_nsec - t.tv_nsec };
	if (left.tv_nsec < 0) {
		left.tv_sec--;
		left.tv_nsec += 1000000000L;
	}
	if (left.tv_sec < 0) {
		errno = EAGAIN;
		return -1;
	}
	return sigtimedwait(set, &info, &left);
}

int in_foreground(void)
{
	return isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
}

/* An interactive shell in the container takes the terminal for its own
 * process group (job control). If that group died with the container, take
 * the terminal back, or whoever ran us could no longer read from it. */
static void take_back_terminal(void)
{
	pid_t fg = tcgetpgrp(STDIN_FILENO);
	if (fg < 0 || fg == getpgrp() || (fg > 0 && kill(-fg, 0) == 0))
		return;
	sigset_t ttou, old;
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU); /* sent to a background group that calls tcsetpgrp */
	sigprocmask(SIG_BLOCK, &ttou, &old);
	tcsetpgrp(STDIN_FILENO, getpgrp());
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int supervise(pid_t pid, const sigset_t *set, unsigned stop_timeout)
{
	struct timespec deadline;
	int stopping = 0;

	for (;;) {
		int sig = next_signal(set, stopping ? &deadline : NULL);
		if (sig == SIGCHLD) {
			int status;
			/* Our own unreaped child: its PID cannot have been reused. */
			if (waitpid(pid, &status, WNOHANG) == pid) {
				take_back_terminal();
				return exit_code(status);
			}
		} else if ((sig < 0 && errno == EAGAIN) || (stopping && is_stop(sig))) {
			warnx("the container did not stop: killing it");
			kill(pid, SIGKILL);
			stopping = 0;
		} else if (is_stop(sig)) {
			step("signal %d: asking the container to stop (SIGKILL in %us)", sig,
			     stop_timeout);
			kill(pid, sig);
			deadline = now();
			deadline.tv_sec += stop_timeout;
			stopping = 1;
		} else if (sig > 0) {
			kill(pid, sig);
		}
	}
}
