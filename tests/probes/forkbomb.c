/*
 * A bounded fork bomb: forks until fork fails, or MAX processes.
 *
 *   forkbomb MAX SECS
 *
 * Each child sleeps; when fork fails (a pids limit: EAGAIN) or MAX children
 * exist, it prints "forked N: REASON", holds them all for SECS seconds (so
 * that the limit can be looked at from outside while it is reached), then
 * kills them, reaps them and exits 0. Without a limit it stops at MAX: never
 * a real bomb, even if the limit does not hold.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3 || atoi(argv[1]) <= 0 || atoi(argv[2]) < 0) {
		fprintf(stderr, "usage: forkbomb MAX SECS\n");
		return 2;
	}
	int max = atoi(argv[1]), secs = atoi(argv[2]), n = 0;
	pid_t *children = calloc(max, sizeof(*children));
	const char *why = "reached MAX";
	while (n < max) {
		pid_t pid = fork();
		if (pid < 0) {
			why = strerror(errno);
			break;
		}
		if (pid == 0) {
			/* Dies with the bomb, whatever happens to it. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(0);
			sleep(secs + 60);
			_exit(0);
		}
		children[n++] = pid;
	}
	printf("forked %d: %s\n", n, why);
	fflush(stdout);
	sleep(secs);
	for (int i = 0; i < n; i++)
		kill(children[i], SIGKILL);
	for (int i = 0; i < n; i++)
		waitpid(children[i], NULL, 0);
	return 0;
}
