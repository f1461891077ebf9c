/* A terminal of the container's own: a pseudo-terminal of its devpts, relayed to yours. */
#ifndef KOBAKO_CONSOLE_H
#define KOBAKO_CONSOLE_H

#include <sys/types.h>

struct console {
	int runtime_end, container_end; /* the socket pair the master goes through; -1: none */
	pid_t relay;                    /* the relay process; 0 until it starts */
};

/* The runtime, before clone: if stdin is a terminal, the container will get a
 * terminal of its own, and c the socket pair its master comes back through. */
void console_init(struct console *c);
/* The same, whether or not stdin is a terminal (the caller asked for one). */
void console_init_always(struct console *c);

/* A file descriptor, sent over a unix socket as ancillary data (SCM_RIGHTS),
 * and received: -1 if the sender closed its end first. */
void send_fd(int sock, int fd);
int recv_fd(int sock);

/* The container's PID 1, in its new root: opens a new pseudo-terminal at
 * /dev/ptmx, sized as the runtime's, sends its master side to the runtime
 * and returns its slave side, for run_init(). NO_TERMINAL if the runtime has
 * no terminal. */
int console_open(struct console *c);

/* The runtime, once the container is let go: receives the master and starts
 * the relay, a process that puts your terminal in raw mode, copies bytes both
 * ways and the window size on SIGWINCH, and restores your terminal when the
 * container's terminal closes, however the runtime ended. */
void console_attach(struct console *c);

/* The runtime, once the container has ended: waits for the relay to copy the
 * last output and restore your terminal. */
void console_detach(struct console *c);

#endif
