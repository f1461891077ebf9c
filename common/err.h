/* Error reporting, the --verbose step trace, and exit codes. */
#ifndef KOBAKO_ERR_H
#define KOBAKO_ERR_H

/* kobako exits as `docker run` does. */
enum {
	EXIT_RUNTIME = 125,    /* the runtime itself failed */
	EXIT_CANNOT_RUN = 126, /* the command exists but cannot be run */
	EXIT_NOT_FOUND = 127,  /* the command does not exist */
};

extern const char *progname; /* "ch01", from argv[0]: every message starts with it */
extern int verbose;          /* --verbose: trace each step */
extern int timings;          /* --timings: and say when each step began */

void set_progname(const char *argv0);

/* "=> what": one line on stderr per step of building the container, with --verbose.
 * Each step prints its line as it begins; with --timings the line starts with
 * the time since the runtime started, so the gap to the next line is what the
 * step cost. */
void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The status die() and die_errno() exit with: 125 unless set. The OCI
 * runtime's commands fail with 1, as runc's do. */
void set_failure_status(int status);

/* "ch01: what: strerror(errno)", then exit 125 (or set_failure_status's). */
_Noreturn void die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ch01: what", then exit 125 (or set_failure_status's). */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ch01: what", and carry on. */
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Namespaces, mounts and cgroups need root: say so in one line, before anything is made. */
void require_root(void);

/* Runs fn(arg) when the runtime exits, from main or through die(): undoes
 * what it made on the host. Not run in a child that inherited it. */
void undo_at_exit(void (*fn)(void *), void *arg);

/* What was arranged is to stay: nothing is undone at exit (OCI create,
 * whose container outlives it). */
void undo_nothing(void);

/* Each error and warning line, without "ch01: ", is also given to fn. */
void report_also(void (*fn)(const char *msg));

/* A wait status as a shell sees it: the exit code, or 128+N for death by signal N. */
int exit_code(int wstatus);

#endif
