/*
 * A server that tells each client the address it came from: the "outside
 * world" of the network tests, where a container's traffic arrives after
 * the host's masquerade has rewritten its source, and the server behind a
 * container's published port, which shows whether the host rewrote it on
 * the way in.
 *
 *   peer_echo PORT        TCP on 0.0.0.0:PORT: to each connection, writes
 *                         the peer's address ("198.51.100.2\n") and closes
 *   peer_echo -u PORT     UDP: answers each datagram with the same line
 *   -b ADDR               listen on ADDR only (127.0.0.1: the host's own)
 *   -c                    only check that it can: listen, and exit 0
 *
 * Each line it answers is also printed on stdout: a log of who came, even
 * when the answer cannot be sent back. Runs until killed. A client:
 * `nc HOST PORT </dev/null`, or tests/probes/peer_ask.
 * Exit status: 2 on a bad argument or if it cannot listen (the message
 * says why: "Address already in use").
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_on(int type, struct in_addr ip, int port)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr = ip,
	};
	int one = 1;
	int fd = socket(AF_INET, type, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 64) < 0)) {
		perror("peer_echo: listen");
		exit(2);
	}
	return fd;
}

/* "198.51.100.2\n", also written on stdout */
static int peer_line(const struct sockaddr_in *peer, char *line, size_t size)
{
	char text[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &peer->sin_addr, text, sizeof(text));
	int n = snprintf(line, size, "%s\n", text);
	if (write(STDOUT_FILENO, line, n) < 0) {
		/* no log: still an answer */
	}
	return n;
}

static void serve_tcp(int fd)
{
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		char line[64];
		int conn = accept(fd, (struct sockaddr *)&peer, &len);
		if (conn < 0)
			continue;
		/* a client gone already is no reason to stop serving */
		if (write(conn, line, peer_line(&peer, line, sizeof(line))) < 0)
			perror("peer_echo: write");
		close(conn);
	}
}

static void serve_udp(int fd)
{
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		char buf[512], line[64];
		if (recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len) < 0)
			continue;
		int n = peer_line(&peer, line, sizeof(line));
		sendto(fd, line, n, 0, (struct sockaddr *)&peer, len);
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: peer_echo [-u] [-b ADDR] [-c] PORT\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct in_addr ip = { .s_addr = htonl(INADDR_ANY) };
	int udp = 0, check = 0, opt;
	while ((opt = getopt(argc, argv, "ub:c")) != -1) {
		if (opt == 'u')
			udp = 1;
		else if (opt == 'b' && inet_pton(AF_INET, optarg, &ip) == 1)
			continue;
		else if (opt == 'c')
			check = 1;
		else
			return usage();
	}
	int port = optind == argc - 1 ? atoi(argv[optind]) : 0;
	if (port <= 0 || port > 65535)
		return usage();
	/* a client that hangs up before its answer must not end the server */
	signal(SIGPIPE, SIG_IGN);
	int fd = listen_on(udp ? SOCK_DGRAM : SOCK_STREAM, ip, port);
	if (check)
		return 0;
	if (udp)
		serve_udp(fd);
	else
		serve_tcp(fd);
	return 0;
}
