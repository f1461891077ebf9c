/*
 * The client of peer_echo: asks a server once and prints its answer, or
 * says why there was none, telling a refusal (TCP RST, ICMP port
 * unreachable) from silence (a packet dropped on the way).
 *
 *   peer_ask HOST PORT      TCP: connects, prints what the server wrote
 *   peer_ask -u HOST PORT   UDP: sends one datagram, prints the answer
 *   -w SECS                 give up after SECS seconds (default 3)
 *   -s ADDR                 from ADDR, one of this machine's addresses
 *
 * Exit status: 0 with an answer; 1 without, and one line on stderr:
 * "peer_ask: HOST:PORT: refused", "...: no answer in 3 s" or another
 * cause; 2 on a bad argument. busybox nc has no UDP: hence this probe.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *host, *port;
static int secs = 3;

static int no_answer(int err)
{
	if (err == ECONNREFUSED)
		fprintf(stderr, "peer_ask: %s:%s: refused\n", host, port);
	else if (err == EINTR)
		fprintf(stderr, "peer_ask: %s:%s: no answer in %d s\n", host, port, secs);
	else
		fprintf(stderr, "peer_ask: %s:%s: %s\n", host, port, strerror(err));
	return 1;
}

/* SIGALRM interrupts connect() or recv(): EINTR, "no answer" */
static void on_alarm(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct sockaddr_in from = { .sin_family = AF_INET };
	int type = SOCK_STREAM, opt;
	while ((opt = getopt(argc, argv, "uw:s:")) != -1) {
		if (opt == 'u')
			type = SOCK_DGRAM;
		else if (opt == 's' && inet_pton(AF_INET, optarg, &from.sin_addr) == 1)
			continue;
		else if (opt == 'w' && atoi(optarg) > 0)
			secs = atoi(optarg);
		else
			goto usage;
	}
	if (optind != argc - 2)
		goto usage;
	host = argv[optind];
	port = argv[optind + 1];
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || atoi(port) <= 0 || atoi(port) > 65535)
		goto usage;

	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	alarm(secs);

	char answer[512];
	ssize_t n;
	int fd = socket(AF_INET, type, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0 ||
	    connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return no_answer(errno);
	/* UDP: a question; an ICMP error for it fails the recv() below */
	if (type == SOCK_DGRAM && send(fd, "?\n", 2, 0) < 0)
		return no_answer(errno);
	n = recv(fd, answer, sizeof(answer), 0);
	if (n < 0)
		return no_answer(errno);
	if (n == 0) {
		fprintf(stderr, "peer_ask: %s:%s: closed without an answer\n", host, port);
		return 1;
	}
	fwrite(answer, 1, n, stdout);
	return 0;
usage:
	fprintf(stderr, "usage: peer_ask [-u] [-w SECS] [-s ADDR] HOST PORT\n");
	return 2;
}
