/* The container's PID 1. */
#ifndef KOBAKO_INIT_H
#define KOBAKO_INIT_H

/* A clean environment for the command: PATH, HOME, HOSTNAME, and TERM if set. */
void reset_environment(const char *hostname);

/* Becomes the container's init: starts argv as PID 2, passes signals on to
 * it, reaps every orphan, and exits with the command's status when it ends.
 * With foreground set, the command gets the terminal (stdin) for its own
 * process group. Expects block_signals() to be in force. */
_Noreturn void run_init(char *const argv[], int foreground);

#endif
