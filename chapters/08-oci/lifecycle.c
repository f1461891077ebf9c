/*
 * The create/start split. Why split at all: a caller (Podman's conmon,
 * containerd's shim) must set things up around a container that exists but
 * runs nothing yet: read its PID, join its cgroup to its accounting, attach
 * its terminal, run hooks. Only then does the user's program start, so
 * none of its output or its first steps are missed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chapters/08-oci/lifecycle.h"
#include "common/err.h"

void lifecycle_init(struct lifecycle *l, const char *fifo_path)
{
	int p[2], g[2];
	if (pipe2(p, O_CLOEXEC) < 0 || pipe2(g, O_CLOEXEC) < 0)
		die_errno("pipe");
	l->ready_rd = p[0];
	l->ready_wr = p[1];
	l->go_rd = g[0];
	l->go_wr = g[1];
	l->fifo = -1;
	/* Writable by all: PID 1 reopens it once it is process.user, not root.
	 * Nobody else reaches it: its directory is root's alone, 0700. */
	if (mkfifo(fifo_path, 0622) < 0 || chmod(fifo_path, 0622) < 0)
		die_errno("mkfifo %s", fifo_path);
}

void lifecycle_hold_fifo(struct lifecycle *l, const char *fifo_path)
{
	close(l->ready_rd);
	close(l->go_wr);
	/* O_PATH: opening it for writing now would block; this only keeps a
	 * handle to reopen it by, from /proc/self/fd, once the host's paths
	 * are gone. */
	l->fifo = open(fifo_path, O_PATH | O_CLOEXEC);
	if (l->fifo < 0)
		die_errno("open %s", fifo_path);
}

void lifecycle_before_pivot(struct lifecycle *l)
{
	step("mounts made: create runs its hooks");
	char byte;
	if (write(l->ready_wr, "p", 1) != 1)
		die_errno("tell create the mounts are made");
	/* EOF: create died; it said why, or it was killed. */
	if (read(l->go_rd, &byte, 1) != 1)
		exit(EXIT_RUNTIME);
	close(l->go_rd);
}

/* One byte from PID 1, or its exit code once it has ended. */
static int read_or_reap(int fd, char want, pid_t pid)
{
	char byte;
	ssize_t n;
	do
		n = read(fd, &byte, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && byte == want)
		return 0;
	/* PID 1 failed: it said why on stderr; its status is create's. */
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return EXIT_RUNTIME;
	int code = exit_code(status);
	return code ? code : EXIT_RUNTIME;
}

int lifecycle_wait_before_pivot(struct lifecycle *l, pid_t pid)
{
	close(l->ready_wr);
	close(l->go_rd);
	return read_or_reap(l->ready_rd, 'p', pid);
}

void lifecycle_go(struct lifecycle *l)
{
	if (write(l->go_wr, "g", 1) != 1)
		die_errno("let the container go on");
	close(l->go_wr);
}

void lifecycle_ready(struct lifecycle *l)
{
	step("set up: tell create, and wait for start");
	if (write(l->ready_wr, "r", 1) != 1)
		die_errno("tell create the container is set up");
	close(l->ready_wr);
}

void lifecycle_wait_start(struct lifecycle *l)
{
	/* lab: reopen the FIFO held in l->fifo for writing, through
	 * /proc/self/fd (the open waits for start), write one byte, and keep
	 * that end in l->fifo for lifecycle_running();
	 * see docs/08-oci.md "Why create and start are two commands" */
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", l->fifo);
	/* Blocks until a reader opens the FIFO: that is start. */
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("open the exec FIFO");
	if (write(fd, "", 1) != 1)
		die_errno("write the exec FIFO");
	close(l->fifo);
	l->fifo = fd;
	/* lab end: (void)l; errno = ENOSYS; die_errno("wait for start on the exec FIFO"); */
	step("started");
}

void lifecycle_running(struct lifecycle *l)
{
	/* A second byte, then the end: start returns only now, after the
	 * startContainer hooks, and knows they succeeded. A start killed
	 * since (EPIPE: no reader is left) does not stop a started container. */
	if (write(l->fifo, "s", 1) != 1 && errno != EPIPE)
		die_errno("write the exec FIFO");
	close(l->fifo);
}

int lifecycle_wait_ready(struct lifecycle *l, pid_t pid)
{
	int code = read_or_reap(l->ready_rd, 'r', pid);
	close(l->ready_rd);
	return code;
}

/* start: the byte that PID 1 writes once start has opened the FIFO (0),
 * then the one it writes once the startContainer hooks have run (1); -1 if
 * PID 1 closed its end, or ended, first. */
static int read_fifo_byte(int fd, const char *fifo_path, int (*alive)(const void *),
			  const void *arg)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int n = poll(&p, 1, 100);
		char byte;
		ssize_t got = n > 0 ? read(fd, &byte, 1) : -1;
		if (got == 1)
			return byte ? 1 : 0;
		if (got == 0 && (p.revents & POLLHUP))
			return -1;
		if (n < 0 && errno != EINTR)
			die_errno("poll %s", fifo_path);
		if (!alive(arg))
			return -1;
	}
}

void lifecycle_start(const char *fifo_path, int (*alive)(const void *), const void *arg)
{
	/* lab: open FIFO_PATH for reading, without blocking; read PID 1's
	 * first byte with read_fifo_byte(), which says when PID 1 has ended;
	 * remove the FIFO; then read its second byte, written once the
	 * startContainer hooks have run;
	 * see docs/08-oci.md "Why create and start are two commands" */
	/* O_NONBLOCK: the open returns at once, and a PID 1 that died before
	 * it could write is seen below, not waited on forever. */
	int fd = open(fifo_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		die_errno("open %s", fifo_path);
	if (read_fifo_byte(fd, fifo_path, alive, arg) != 0)
		die("start: the container's process ended before it was started");
	if (unlink(fifo_path) < 0)
		die_errno("remove %s", fifo_path);
	/* Then wait for the startContainer hooks: poststart comes after them. */
	if (read_fifo_byte(fd, fifo_path, alive, arg) != 1)
		die("start: a startContainer hook failed; the container has stopped");
	close(fd);
	/* lab end: (void)read_fifo_byte; (void)alive; (void)arg; errno = ENOSYS;
	 * die_errno("start: open %s", fifo_path);
	 */
}
