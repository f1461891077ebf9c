/*
 * timeit: the stopwatch of scripts/bench.sh.
 *
 *   timeit ROUNDS BLOCK < COMMANDS
 *
 * COMMANDS has one command per line: a name, then its arguments, all
 * separated by tabs. Each round starts every command once, BLOCK times in a
 * row, one command after the other, each round in a rotated order: on a
 * noisy machine, a slow moment then costs every command alike, and no
 * command always runs first. A start is posix_spawn, then wait4: the
 * cheapest a shell could do, so the numbers are the commands' own.
 *
 * Prints one line per command and round: the name, the milliseconds the
 * block took, and the largest resident set (KiB) of one of its starts, as
 * wait4 reports it for the process started (not for its children).
 * Exits 1, naming the command, if one fails.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { MAX_COMMANDS = 32, MAX_ARGS = 32 };

static struct {
	char *argv[MAX_ARGS + 1]; /* argv[0] is the name */
} commands[MAX_COMMANDS];
static int n_commands;

static double ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void read_commands(void)
{
	char *line = NULL;
	size_t size = 0;
	while (getline(&line, &size, stdin) > 0 && n_commands < MAX_COMMANDS) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		int n = 0;
		for (char *arg = strtok(strdup(line), "\t"); arg && n < MAX_ARGS;
		     arg = strtok(NULL, "\t"))
			commands[n_commands].argv[n++] = arg;
		if (n >= 2)
			n_commands++;
	}
	free(line);
}

/* One start of command c, to its exit; returns its largest RSS in KiB. */
static long run_once(int c)
{
	char **argv = commands[c].argv;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int err = posix_spawn(&pid, argv[1], &fa, NULL, argv + 1, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		fprintf(stderr, "timeit: %s: cannot start %s: %s\n", argv[0], argv[1],
			strerror(err));
		exit(1);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "timeit: %s: failed (wait status %#x)\n", argv[0], status);
		exit(1);
	}
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: timeit ROUNDS BLOCK < COMMANDS\n");
		return 2;
	}
	int rounds = atoi(argv[1]), block = atoi(argv[2]);
	read_commands();
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < n_commands; k++) {
			int c = (r + k) % n_commands;
			long rss = 0;
			double start = ms_now();
			for (int b = 0; b < block; b++) {
				long one = run_once(c);
				if (one > rss)
					rss = one;
			}
			printf("%s\t%.3f\t%ld\n", commands[c].argv[0], ms_now() - start, rss);
		}
	}
	return 0;
}
