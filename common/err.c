#include <errno.h>
#include <limits.h>
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
static int failure_status = EXIT_RUNTIME;

void set_failure_status(int status)
{
	failure_status = status;
}

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

/* Appends to a line of at most LINE_MAX bytes, cutting what does not fit. */
static void append(char *line, size_t *len, const char *fmt, va_list ap)
{
	int n = vsnprintf(line + *len, LINE_MAX - *len, fmt, ap);
	if (n > 0)
		*len = *len + n < LINE_MAX ? *len + n : LINE_MAX - 1;
}

static void appendf(char *line, size_t *len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	append(line, len, fmt, ap);
	va_end(ap);
}

/* A line goes out in one write: the runtime, PID 1 and the terminal's
 * relay share stderr, and a line written in pieces could be cut in two by
 * another process's. */
static void put_line(char *line, size_t len)
{
	line[len++] = '\n';
	if (write(STDERR_FILENO, line, len) < 0)
		return; /* nowhere left to say it */
}

void step(const char *fmt, ...)
{
	if (!verbose)
		return;
	char line[LINE_MAX + 1];
	size_t len = 0;
	appendf(line, &len, "=> ");
	if (timings)
		appendf(line, &len, "%7.3f ms  ", ms_now() - started);
	va_list ap;
	va_start(ap, fmt);
	append(line, &len, fmt, ap);
	va_end(ap);
	put_line(line, len);
}

static void (*also)(const char *msg);

void report_also(void (*fn)(const char *msg))
{
	also = fn;
}

static void report(const char *fmt, va_list ap, int err)
{
	char line[LINE_MAX + 1];
	size_t len = 0;
	appendf(line, &len, "%s: ", progname);
	size_t msg = len;
	append(line, &len, fmt, ap);
	if (err)
		appendf(line, &len, ": %s", strerror(err));
	if (also) {
		line[len] = '\0';
		also(line + msg);
	}
	put_line(line, len);
}

void die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, err);
	va_end(ap);
	exit(failure_status);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(fmt, ap, 0);
	va_end(ap);
	exit(failure_status);
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

void undo_nothing(void)
{
	n_exits = 0;
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
