/* The container's PID 1. */
#ifndef KOBAKO_INIT_H
#define KOBAKO_INIT_H

enum { MAX_ENV = 64 };

/* --env: the variables given for the command, each "KEY=VALUE". */
struct env {
	int n;
	char *var[MAX_ENV];
};

/* Option parser (struct opt) for --env KEY=VALUE, into struct env. --env KEY
 * alone takes the host's value of KEY, and is skipped if the host has none,
 * as Docker does. */
struct opt;
void parse_env(const struct opt *o, const char *value);

/* A clean environment for the command: PATH, HOME, HOSTNAME, and TERM if set,
 * then env's variables, which override them (--env PATH=... wins). */
void reset_environment(const char *hostname, const struct env *env);

/* PID 1 closes every descriptor above 2: whatever it holds, the container
 * may reach through /proc/1/fd. The last step before the command exists. */
void close_host_fds(void);

/* Becomes the container's init: starts argv as PID 2, passes signals on to
 * it, reaps every orphan, and exits with the command's status when it ends.
 * With foreground set, the command gets the terminal (stdin) for its own
 * process group. Expects block_signals() to be in force. Its /proc/1/cmdline
 * shows "kobako-init -- COMMAND ARGS"; once the command runs, it holds no
 * descriptor, but stderr with --verbose. */
_Noreturn void run_init(char *const argv[], int foreground);

#endif
