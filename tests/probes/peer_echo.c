/*
 * A server that tells each client the address it came from: the "outside
 * world" of the network tests, where a container's traffic arrives after
 * the host's masquerade has rewritten its source.
 *
 *   peer_echo PORT        TCP on 0.0.0.0:PORT: to each connection, writes
 *                         the peer's address ("198.51.100.2\n") and closes
 *   peer_echo -u PORT     UDP: answers each datagram with the same line
 *
 * Runs until killed. A client in the container: `nc HOST PORT </dev/null`.
 * Exit status: 2 on a bad argument or if it cannot listen.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_on(int type, int port)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
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

/* "198.51.100.2\n" */
static int peer_line(const struct sockaddr_in *peer, char *line, size_t size)
{
	char text[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &peer->sin_addr, text, sizeof(text));
	return snprintf(line, size, "%s\n", text);
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

int main(int argc, char **argv)
{
	int udp = argc == 3 && strcmp(argv[1], "-u") == 0;
	int port = argc >= 2 ? atoi(argv[argc - 1]) : 0;
	if (argc != 2 + udp || port <= 0 || port > 65535) {
		fprintf(stderr, "usage: peer_echo [-u] PORT\n");
		return 2;
	}
	if (udp)
		serve_udp(listen_on(SOCK_DGRAM, port));
	else
		serve_tcp(listen_on(SOCK_STREAM, port));
	return 0;
}
