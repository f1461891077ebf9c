/*
 * A terminal of the container's own, as `docker run -it` gives one.
 *
 * Sharing the runtime's terminal would let the command act on it: type into
 * it with TIOCSTI (what it types runs in your shell once the container has
 * gone), or take its foreground. So PID 1 opens a pseudo-terminal in the
 * container's own devpts and sends its master side to the runtime over a
 * unix socket; the command gets the slave side as its controlling terminal.
 * A relay process copies bytes between your terminal, put in raw mode so
 * that every key (Ctrl-C, Ctrl-Z too) reaches the container's terminal as
 * a byte, and the master; its line discipline makes the signals.
 *
 *   your terminal <-> relay <-> master ==pty== slave <-> the command
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "chapters/01-namespaces/init.h"
#include "chapters/02-rootfs/console.h"
#include "common/err.h"

void console_init(struct console *c)
{
	c->runtime_end = c->container_end = -1;
	c->relay = 0;
	if (isatty(STDIN_FILENO))
		console_init_always(c);
}

void console_init_always(struct console *c)
{
	c->relay = 0;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		die_errno("socketpair");
	c->runtime_end = sv[0];
	c->container_end = sv[1];
}

static void copy_window_size(int from, int to)
{
	struct winsize ws;
	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		ioctl(to, TIOCSWINSZ, &ws);
}

/* A file descriptor travels to another process as ancillary data
 * (SCM_RIGHTS): the receiver gets a new descriptor of the same open file. */
void send_fd(int sock, int fd)
{
	char byte = 0, space[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = space,
			      .msg_controllen = sizeof(space) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) < 0)
		die_errno("send the terminal to the runtime");
}

/* -1 if the sender closed its end first. */
int recv_fd(int sock)
{
	char byte, space[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = space,
			      .msg_controllen = sizeof(space) };
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) <= 0)
		return -1;
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

int console_open(struct console *c)
{
	if (c->container_end < 0)
		return NO_TERMINAL;
	close(c->runtime_end);
	/* /dev/ptmx leads to pts/ptmx: the new terminal is the container's. */
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		die_errno("open /dev/ptmx");
	if (unlockpt(master) < 0)
		die_errno("unlockpt");
	/* The slave of this very master, opened without a path to look up. */
	int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		die_errno("open the terminal's slave (TIOCGPTPEER)");
	int n = 0;
	ioctl(master, TIOCGPTN, &n);
	step("terminal: /dev/pts/%d of the container's devpts; its master goes to the runtime", n);
	/* Sized before the command starts, so that its first look is right. */
	copy_window_size(STDIN_FILENO, slave);
	send_fd(c->container_end, master);
	close(master);
	close(c->container_end);
	return slave;
}

/* Copies what fd has to offer to out; 0 once fd has nothing more to give. */
static int pass_on(int fd, int out)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));
	for (ssize_t done = 0, w; done < n; done += w)
		if ((w = write(out, buf + done, n - done)) < 0)
			return 0;
	return n > 0;
}

/* Until the container's terminal closes (read fails with EIO once no process
 * holds its slave): your keys to it, its output to you, your window size. */
static void relay_loop(int master, int winch)
{
	struct pollfd p[] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = master, .events = POLLIN },
		{ .fd = winch, .events = POLLIN },
	};
	for (;;) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (p[2].revents) {
			struct signalfd_siginfo info;
			if (read(winch, &info, sizeof(info)) > 0)
				copy_window_size(STDIN_FILENO, master);
		}
		if (p[1].revents && !pass_on(master, STDOUT_FILENO))
			return;
		/* Your side closed (EOF, hangup): the container's output still comes. */
		if (p[0].revents && !pass_on(STDIN_FILENO, master))
			p[0].fd = -1;
	}
}

static _Noreturn void relay(int master)
{
	/* Nothing of the runtime's but your terminal (0, 1, 2) and the master. */
	if (dup2(master, 3) < 0 || close_range(4, ~0U, 0) < 0)
		_exit(EXIT_RUNTIME);
	master = 3;
	/* A closed stdout must end the loop, not the relay: your terminal
	 * still needs restoring. (The signals the runtime blocked, Ctrl-C's
	 * among them, stay blocked: passing them on is the runtime's job.) */
	signal(SIGPIPE, SIG_IGN);

	struct termios saved, raw;
	if (tcgetattr(STDIN_FILENO, &saved) < 0)
		_exit(EXIT_RUNTIME);
	raw = saved;
	/* No echo, no line editing, no Ctrl-C or Ctrl-Z made into signals here:
	 * the container's terminal does all that. */
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int winch = signalfd(-1, &set, SFD_CLOEXEC);
	relay_loop(master, winch);

	/* A runtime SIGKILLed left our process group in the background, whose
	 * tcsetattr would stop us (SIGTTOU) unless the signal is blocked. */
	sigaddset(&set, SIGTTOU);
	sigprocmask(SIG_BLOCK, &set, NULL);
	tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
	_exit(0);
}

void console_attach(struct console *c)
{
	if (c->runtime_end < 0)
		return;
	close(c->container_end);
	int master = recv_fd(c->runtime_end);
	close(c->runtime_end);
	/* None: the container ended before it made one, and supervise() says how. */
	if (master < 0)
		return;
	/* A process of its own, so that your terminal is restored even if the
	 * runtime is SIGKILLed: the container then dies with it (its parent-death
	 * signal), which closes the container's terminal, which ends the relay. */
	step("terminal: a relay process puts yours in raw mode until the container ends");
	c->relay = fork();
	if (c->relay < 0)
		die_errno("fork the terminal's relay");
	if (c->relay == 0)
		relay(master);
	close(master);
}

void console_detach(struct console *c)
{
	if (c->relay > 0)
		waitpid(c->relay, NULL, 0);
}
