/*
 * netsink: the server of scripts/bench.sh's published-port benchmark. It runs
 * in a container, so it is linked statically: the container's root (busybox)
 * has no C library.
 *
 *   netsink PORT
 *
 * Listens on PORT of every address of its network namespace, prints
 * "netsink: listening on PORT" once it does, and serves one connection after
 * the other. A client sends a length, 8 bytes in the host's byte order, then
 * that many bytes; netsink reads them all, answers with the number it read,
 * in decimal and a newline, and closes. So a client measures throughput by
 * sending a lot, and connections per second by sending one byte, and either
 * way the answer says that every byte arrived (scripts/netload.c is that
 * client).
 *
 * netsink closes first, as a web server does after its answer: the
 * connection's TIME_WAIT (60 s in which its addresses and ports cannot be
 * used again) stays on the server's side, where a new connection's SYN may
 * reuse it, not on the client's, whose connect() would have to search for
 * a free port past thousands of them.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[256 * 1024];

static void serve(int conn)
{
	unsigned long long want, total = 0;
	ssize_t n = 1;
	for (size_t got = 0; got < sizeof(want) && n > 0; got += n)
		n = read(conn, (char *)&want + got, sizeof(want) - got);
	while (n > 0 && total < want) {
		n = read(conn, buf, want - total < sizeof(buf) ? want - total : sizeof(buf));
		total += n > 0 ? n : 0;
	}
	if (n > 0) {
		int len = snprintf(buf, sizeof(buf), "%llu\n", total);
		if (write(conn, buf, len) != len)
			perror("netsink: write");
	} else {
		fprintf(stderr, "netsink: the client went away after %llu bytes\n", total);
	}
	close(conn);
}

int main(int argc, char **argv)
{
	if (argc != 2 || atoi(argv[1]) < 1 || atoi(argv[1]) > 65535) {
		fprintf(stderr, "usage: netsink PORT\n");
		return 2;
	}
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
	int one = 1, s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(s, 128) < 0) {
		perror("netsink: listen");
		return 1;
	}
	printf("netsink: listening on %s\n", argv[1]);
	fflush(stdout);
	for (;;) {
		int conn = accept4(s, NULL, NULL, SOCK_CLOEXEC);
		if (conn >= 0)
			serve(conn);
		else
			perror("netsink: accept");
	}
}
