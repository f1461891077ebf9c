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

/* The terminal run_init() gives the command, when not a terminal of the
 * container's own (the slave of its pseudo-terminal, a file descriptor). */
enum {
	NO_TERMINAL = -1,   /* a new session, with no controlling terminal */
	HOST_TERMINAL = -2, /* chapter 01: the runtime's own, stdin, for its process group */
};

/* PID 1 closes every descriptor above 2 but terminal (the container's own,
 * if it is a descriptor): whatever else it holds is the host's, and the
 * container may reach it through /proc/1/fd. The last step before the
 * command exists. */
void close_host_fds(int terminal);

/* Becomes the container's init: starts argv as PID 2, passes signals on to
 * it, reaps every orphan, and exits with the command's status when it ends.
 * terminal is HOST_TERMINAL, NO_TERMINAL, or a terminal's file descriptor,
 * which becomes the command's controlling terminal, stdin, stdout and
 * stderr in a session of its own (PID 1 closes its copy). Expects
 * block_signals() to be in force. Its /proc/1/cmdline shows "kobako-init --
 * COMMAND ARGS"; once the command runs, it holds no descriptor, but stderr
 * with --verbose. */
_Noreturn void run_init(char *const argv[], int terminal);

#endif
