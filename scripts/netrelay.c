/*
 * netrelay: a published port done in user space, as Docker's docker-proxy
 * does it, for scripts/bench.sh to compare with chapter 07's kernel DNAT.
 *
 *   netrelay [--splice] PORT IP IPPORT
 *
 * Listens on PORT of every address of the host, prints "netrelay: listening
 * on PORT" once it does, and for each connection accepted opens one of its
 * own to IP:IPPORT (the container), then copies both ways until both sides
 * have shut down, in a thread of its own. A client's data so crosses two TCP
 * connections, and this program is woken for every chunk of it:
 *
 *   read/write (the default): read() copies a chunk from the kernel into
 *       this program's buffer, write() copies it back into the other
 *       socket: two copies and two system calls per chunk, on top of what
 *       the kernel does for any connection.
 *   --splice: splice() moves the chunk from the socket into a pipe and from
 *       the pipe into the other socket by reference to its pages: no copy
 *       through user memory, but still two system calls and a wake-up per
 *       chunk. (Go's io.Copy between two TCP connections, which
 *       docker-proxy uses, splices too.)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { CHUNK = 64 * 1024 };

static bool use_splice;
static struct sockaddr_in target = { .sin_family = AF_INET };

static bool write_all(int fd, const char *p, ssize_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

/*
 * One chunk from `from` to `to`: what `from` has, up to CHUNK bytes. Returns
 * the bytes moved, 0 at the end of `from`'s stream, -1 on an error. `pipe`
 * is this direction's pipe, for splice; `buf`, for read and write.
 */
static ssize_t one_chunk(int from, int to, const int pipe[2], char *buf)
{
	if (!use_splice) {
		ssize_t n = read(from, buf, CHUNK);
		return n > 0 && !write_all(to, buf, n) ? -1 : n;
	}
	ssize_t n = splice(from, NULL, pipe[1], NULL, CHUNK, SPLICE_F_MOVE);
	for (ssize_t left = n; left > 0;) {
		ssize_t m = splice(pipe[0], NULL, to, NULL, left, SPLICE_F_MOVE);
		if (m <= 0)
			return -1;
		left -= m;
	}
	return n;
}

/* The thread of one connection: copy both ways until both ends are done. */
static void *relay(void *arg)
{
	int client = (int)(long)arg;
	int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (upstream < 0 || connect(upstream, (struct sockaddr *)&target, sizeof(target)) < 0) {
		perror("netrelay: connect to the container");
		goto out;
	}
	/* Direction 0: client -> container; direction 1: container -> client. */
	int fd[2] = { client, upstream };
	int pipes[2][2] = { { -1, -1 }, { -1, -1 } };
	char buf[CHUNK];
	if (use_splice && (pipe2(pipes[0], O_CLOEXEC) < 0 || pipe2(pipes[1], O_CLOEXEC) < 0)) {
		perror("netrelay: pipe");
		goto close_pipes;
	}
	bool open[2] = { true, true };
	while (open[0] || open[1]) {
		struct pollfd pfd[2] = { { .fd = open[0] ? fd[0] : -1, .events = POLLIN },
					 { .fd = open[1] ? fd[1] : -1, .events = POLLIN } };
		if (poll(pfd, 2, -1) < 0)
			break;
		for (int d = 0; d < 2; d++) {
			if (!open[d] || !pfd[d].revents)
				continue;
			ssize_t n = one_chunk(fd[d], fd[1 - d], pipes[d], buf);
			if (n < 0)
				goto close_pipes; /* a reset: closing both passes it on */
			if (n == 0) {             /* the end of one stream: pass it on */
				shutdown(fd[1 - d], SHUT_WR);
				open[d] = false;
			}
		}
	}
close_pipes:
	for (int i = 0; i < 4; i++)
		if (pipes[i / 2][i % 2] >= 0)
			close(pipes[i / 2][i % 2]);
out:
	if (upstream >= 0)
		close(upstream);
	close(client);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--splice")) {
		use_splice = true;
		argc--, argv++;
	}
	if (argc != 4 || atoi(argv[1]) < 1 || atoi(argv[1]) > 65535 ||
	    inet_pton(AF_INET, argv[2], &target.sin_addr) != 1) {
		fprintf(stderr, "usage: netrelay [--splice] PORT IP IPPORT\n");
		return 2;
	}
	target.sin_port = htons(atoi(argv[3]));
	signal(SIGPIPE, SIG_IGN); /* a write to a closed connection: an error, not death */

	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
	int one = 1, s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(s, 128) < 0) {
		perror("netrelay: listen");
		return 1;
	}
	printf("netrelay: listening on %s\n", argv[1]);
	fflush(stdout);

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (;;) {
		int client = accept4(s, NULL, NULL, SOCK_CLOEXEC);
		pthread_t t;
		if (client < 0)
			perror("netrelay: accept");
		else if (pthread_create(&t, &attr, relay, (void *)(long)client) != 0)
			close(client);
	}
}
