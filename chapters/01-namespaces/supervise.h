/* The runtime's side: waiting for the container, and stopping it. */
#ifndef KOBAKO_SUPERVISE_H
#define KOBAKO_SUPERVISE_H

#include <signal.h>
#include <sys/types.h>

/* Whether the runtime is the foreground job of the terminal on its stdin. */
int in_foreground(void);

/* Waits for the container's PID 1 to end and returns its exit code (128+N if
 * killed by signal N). Passes the signals in set on to it; after Ctrl-C,
 * SIGTERM or SIGHUP, kills it if it has not ended within stop_timeout seconds
 * (or at once, on a second one). */
int supervise(pid_t pid, const sigset_t *set, unsigned stop_timeout);

#endif
