/* The signals a container's supervisors handle: the runtime outside, PID 1 inside. */
#ifndef KOBAKO_SIGNALS_H
#define KOBAKO_SIGNALS_H

#include <signal.h>

/* Blocks SIGCHLD and the signals passed on to the container, and fills set
 * with them, for sigwaitinfo(2). A child inherits the blocked mask. */
void block_signals(sigset_t *set);

/* Nonzero for the signals that are passed on to the command. */
int is_forwarded(int sig);

/* In the command's process, just before exec: every signal back to its
 * default action, none blocked, whatever the runtime inherited. */
void reset_signals(void);

#endif
