/*
 * What one system call costs, in nanoseconds, with the filter the process
 * runs under (docs/benchmark.md).
 *
 *   syscall_cost [N]
 *
 * Times N calls (1000000 by default) of each kind, five times, and prints
 * the fastest of the five, per call:
 *
 *   getppid   a call the filter judges by its number alone. Since Linux
 *             5.11 the kernel works out, when the filter is loaded, which
 *             numbers it always allows, and skips the filter for them.
 *   ioctl     ioctl(-1, FIONREAD): judged by its argument too, so the
 *             filter runs on every call. It fails at once (EBADF).
 *   keyctl    refused with EPERM by the filter (ENOSYS, or anything else,
 *             without one): no cache, the filter runs on every call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The CPU time of this thread: the time it waited for a CPU that other
 * programs held does not count, so a busy machine skews less. */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void call(int kind)
{
	int n;
	switch (kind) {
	case 0:
		syscall(SYS_getppid);
		break;
	case 1:
		syscall(SYS_ioctl, -1, FIONREAD, &n);
		break;
	default:
		syscall(SYS_keyctl, -1, 0, 0, 0, 0);
	}
}

static double fastest(int kind, long n)
{
	double best = 0;
	for (int run = 0; run < 5; run++) {
		double start = now();
		for (long i = 0; i < n; i++)
			call(kind);
		double ns = (now() - start) / n;
		if (run == 0 || ns < best)
			best = ns;
	}
	return best;
}

int main(int argc, char **argv)
{
	static const char *names[] = { "getppid", "ioctl", "keyctl" };
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	if (n <= 0) {
		fprintf(stderr, "usage: syscall_cost [N]\n");
		return 2;
	}
	for (int kind = 0; kind < 3; kind++)
		printf("%-8s %6.1f ns\n", names[kind], fastest(kind, n));
	return 0;
}
