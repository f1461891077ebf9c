/*
 * A hook is a program on the host: Podman's network setup, an NVIDIA
 * device plugin, a logger. It learns which container it is for from the
 * state JSON on its stdin, as `state` prints it, and has `timeout` seconds.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chapters/08-oci/hooks.h"
#include "common/err.h"

/* The state, written into a pipe the hook reads as stdin. A state is a
 * few hundred bytes: it fits in the pipe's buffer, so the write never
 * waits for the hook. */
static int state_pipe(const struct oci_state *s, const char *status)
{
	int p[2];
	if (pipe(p) < 0)
		die_errno("pipe");
	FILE *f = fdopen(p[1], "w");
	if (!f)
		die_errno("fdopen");
	oci_state_print(f, s, status);
	fclose(f);
	return p[0];
}

/* Waits for pid, killing it after timeout seconds (0: no limit). */
static int wait_hook(pid_t pid, int timeout)
{
	int status;
	for (int waited_ms = 0;; waited_ms += 10) {
		pid_t r = waitpid(pid, &status, timeout ? WNOHANG : 0);
		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (timeout && waited_ms >= timeout * 1000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -2;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
}

static int run_one(const struct oci_hook *h, const char *which, size_t i, int in)
{
	step("hook %s[%zu]: %s", which, i, h->path);
	pid_t pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		/* The runtime blocks the signals it waits on: a hook gets them. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		dup2(in, STDIN_FILENO);
		execve(h->path, h->args, h->env);
		warnx("hooks.%s[%zu]: %s: %s", which, i, h->path, strerror(errno));
		_exit(EXIT_CANNOT_RUN);
	}
	int status = wait_hook(pid, h->timeout);
	if (status == -2)
		warnx("hooks.%s[%zu]: %s: killed after its timeout, %d s", which, i, h->path,
		      h->timeout);
	else if (status != 0)
		warnx("hooks.%s[%zu]: %s: exit status %d", which, i, h->path,
		      status < 0 ? -1 : exit_code(status));
	return status == 0 ? 0 : -1;
}

int hooks_run(const struct oci_hooks_list *list, const char *which, const struct oci_state *s,
	      const char *status)
{
	for (size_t i = 0; i < list->n; i++) {
		int in = state_pipe(s, status);
		int r = run_one(&list->hook[i], which, i, in);
		close(in);
		if (r < 0)
			return -1;
	}
	return 0;
}
