/*
 * create and start, apart: `create` sets the container up and leaves its
 * PID 1 waiting, with everything done but the user's program; `start` lets
 * it go. Two channels carry this:
 *  - the ready pipe: PID 1 says "set up" (or dies, closing it), so create
 *    knows whether to report success;
 *  - the exec FIFO, ROOT/oci/ID/exec.fifo: PID 1 opens it for writing,
 *    which blocks until start opens it for reading. It is a file on the
 *    host, so start, a process with no tie to create, can find it.
 */
#ifndef KOBAKO_LIFECYCLE_H
#define KOBAKO_LIFECYCLE_H

#include <sys/types.h>

struct lifecycle {
	int ready_rd, ready_wr; /* the ready pipe */
	int go_rd, go_wr;       /* create → PID 1: the createRuntime hooks have run */
	int fifo;               /* PID 1: the FIFO, opened O_PATH before pivot_root */
};

/* create, before clone: the ready pipe, and the FIFO at fifo_path. */
void lifecycle_init(struct lifecycle *l, const char *fifo_path);

/* PID 1, before pivot_root, while the host's paths are in reach. */
void lifecycle_hold_fifo(struct lifecycle *l, const char *fifo_path);
/* PID 1, its mounts made, before pivot_root: tells create, which runs the
 * createRuntime hooks then, and waits until they have run. */
void lifecycle_before_pivot(struct lifecycle *l);
/* create: waits for that (0), or for PID 1's end (its exit code). */
int lifecycle_wait_before_pivot(struct lifecycle *l, pid_t pid);
/* create: lets PID 1 go on. */
void lifecycle_go(struct lifecycle *l);

/* PID 1, once set up: tells create it may report success. */
void lifecycle_ready(struct lifecycle *l);
/* PID 1: waits until start opens the FIFO, and tells it so. */
void lifecycle_wait_start(struct lifecycle *l);
/* PID 1, its startContainer hooks run: tells start, which returns then. */
void lifecycle_running(struct lifecycle *l);

/* create: waits until PID 1 is set up (returns 0) or has died (returns its
 * exit code, after reaping it). */
int lifecycle_wait_ready(struct lifecycle *l, pid_t pid);

/* start: opens the FIFO and reads PID 1's byte, which lets it go on; then
 * removes the FIFO: the container is running. Returns once the
 * startContainer hooks have run. Dies if PID 1 ends first, or a hook
 * fails. alive() says whether PID 1 still runs. */
void lifecycle_start(const char *fifo_path, int (*alive)(const void *), const void *arg);

#endif
