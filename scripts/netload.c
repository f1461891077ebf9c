/*
 * netload: the client of scripts/bench.sh's published-port benchmark, talking
 * to scripts/netsink.c (directly, through a published port, or through
 * scripts/netrelay.c).
 *
 *   netload send IP PORT MIB      one connection: send MIB MiB, then wait for
 *                                 the answer; prints MB/s (10^6 bytes a second)
 *   netload connect IP PORT N     N connections one after the other, each
 *                                 sending one byte and waiting for the answer;
 *                                 prints connections a second
 *
 * Each connection sends the length first (8 bytes, as netsink reads it),
 * then the bytes, and reads netsink's answer until netsink closes. The clock
 * runs from before the first connect() to the last answer: the answer is
 * netsink's count of the bytes it read, so what is timed is the data
 * arriving, not just leaving this program's socket buffer. Exits 1, saying
 * why, if a connection fails or an answer is wrong.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char buf[256 * 1024];
static struct sockaddr_in server = { .sin_family = AF_INET };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what)
{
	fprintf(stderr, "netload: %s:%d: ", inet_ntoa(server.sin_addr), ntohs(server.sin_port));
	perror(what);
	exit(1);
}

/* One connection: the length, then `bytes` bytes, then netsink's answer. */
static void one_connection(unsigned long long bytes)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&server, sizeof(server)) < 0)
		fail("connect");
	/*
	 * What is sent is buf over and over, from its start: the length first
	 * (buf's first 8 bytes), then any bytes. One write for a short one.
	 */
	memcpy(buf, &bytes, sizeof(bytes));
	size_t at = 0;
	for (unsigned long long left = sizeof(bytes) + bytes; left > 0;) {
		size_t len = sizeof(buf) - at < left ? sizeof(buf) - at : left;
		ssize_t n = write(s, buf + at, len);
		if (n < 0)
			fail("write");
		left -= n;
		at = (at + n) % sizeof(buf);
	}
	char answer[32] = "";
	ssize_t n, got = 0;
	while ((n = read(s, answer + got, sizeof(answer) - 1 - got)) > 0)
		got += n;
	if (n < 0)
		fail("read");
	close(s);
	if (strtoull(answer, NULL, 10) != bytes) {
		fprintf(stderr, "netload: sent %llu bytes, the server read %s\n", bytes,
			got ? answer : "nothing (no answer)\n");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	long n = argc == 5 ? atol(argv[4]) : 0;
	if (n < 1 || inet_pton(AF_INET, argv[2], &server.sin_addr) != 1 ||
	    (strcmp(argv[1], "send") && strcmp(argv[1], "connect"))) {
		fprintf(stderr, "usage: netload send IP PORT MIB | netload connect IP PORT N\n");
		return 2;
	}
	server.sin_port = htons(atoi(argv[3]));
	double start = now();
	if (!strcmp(argv[1], "send")) {
		one_connection((unsigned long long)n << 20);
		printf("%.0f\n", (double)(n << 20) / 1e6 / (now() - start));
	} else {
		for (long i = 0; i < n; i++)
			one_connection(1);
		printf("%.0f\n", n / (now() - start));
	}
	return 0;
}
