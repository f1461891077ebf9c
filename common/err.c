#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/array.h"
#include "common/err.h"

const char *progname = "kobako";
int verbose;
int timings;

static double ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* When the runtime started: a constructor runs before main(). The container's
 * first process is a copy made later by clone, so it shares this starting
 * point, and CLOCK_MONOTONIC is the same clock on both sides. */
static double started;
__attribute__((constructor)) static void start_clock(void)
{
	started = ms_now();
}

void set_progname(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

void step(const char *fmt, ...)
{
	if (!verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("=> ", stderr);
	if (timings)
		fprintf(stderr, "%7.3f ms  ", ms_now() - started);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void report(const char *fmt, va_list ap, int err)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

void die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, err);
	va_end(ap);
	exit(EXIT_RUNTIME);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, 0);
	va_end(ap);
	exit(EXIT_RUNTIME);
}

void warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, 0);
	va_end(ap);
}

void require_root(void)
{
	if (geteuid() != 0)
		die("must be run as root (try: sudo ./%s ...)", progname);
}

static struct {
	void (*fn)(void *);
	void *arg;
} exits[8];
static int n_exits;
static pid_t exits_owner;

static void run_exits(void)
{
	/* A child of the runtime (the container) exits too, but what the
	 * runtime made is the runtime's to undo. */
	if (getpid() != exits_owner)
		return;
	while (n_exits > 0) {
		n_exits--;
		exits[n_exits].fn(exits[n_exits].arg);
	}
}

void undo_at_exit(void (*fn)(void *), void *arg)
{
	if (!exits_owner) {
		exits_owner = getpid();
		atexit(run_exits);
	}
	if (n_exits == (int)ARRAY_SIZE(exits))
		die("undo_at_exit: too many");
	exits[n_exits].fn = fn;
	exits[n_exits].arg = arg;
	n_exits++;
}

int exit_code(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return WEXITSTATUS(wstatus);
}
