#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/opts.h"

enum { OPT_HELP = 1000, OPT_VERSION, OPT_VERBOSE, OPT_TIMINGS, OPT_TABLE };
enum { MAX_OPTS = 60 }; /* rows of a chapter's table read, at most */

/* One option of the help: its text in a column of its own, or, when the
 * option is too wide for the first column, on a line of its own below. */
static void usage_line(const char *left, const char *help)
{
	enum { WIDTH = 22 };
	if (strlen(left) > WIDTH)
		printf("  %s\n  %-*s %s\n", left, WIDTH, "", help);
	else
		printf("  %-*s %s\n", WIDTH, left, help);
}

static void usage(const struct opt *opts, const char *about)
{
	printf("Usage: %s [OPTIONS] [--] [COMMAND [ARG...]]\n%s\n\nOptions:\n", progname, about);
	for (const struct opt *o = opts; o->name; o++) {
		char left[64], dash[5] = "";
		if (o->short_name)
			snprintf(dash, sizeof(dash), "-%c, ", o->short_name);
		snprintf(left, sizeof(left), "%s--%s%s%s", dash, o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
		usage_line(left, o->help);
	}
	usage_line("--verbose", "show each step as the container is built");
	usage_line("--timings", "the same, with the time each step began");
	usage_line("-h, --help", "show this help");
	usage_line("--version", "show the version");
}

/* getopt's short options, from the table: "+:h", then each short name, with
 * a ':' after it if it takes a value: "+:hm:" for ch03's -m SIZE. */
static void short_options(const struct opt *opts, char *out)
{
	/* "+": stop at the first non-option; it is the container's command.
	 * ":": report a missing value apart from an unknown option.
	 * "h": help, as in most programs. `docker run -h` is --hostname, but
	 * here -h is help, so --hostname has no short form. */
	char *s = stpcpy(out, "+:h");
	for (const struct opt *o = opts; o->name; o++) {
		if (!o->short_name)
			continue;
		*s++ = o->short_name;
		if (o->arg)
			*s++ = ':';
	}
	*s = '\0';
}

/* The option whose short name is c, or NULL. */
static const struct opt *short_option(const struct opt *opts, int c)
{
	for (const struct opt *o = opts; o->name; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

/* Dies on an option getopt could not read (c is '?' or ':'), naming it. */
static _Noreturn void refuse(char **argv, int c)
{
	/* A short option is named by optopt: its word may hold more ("-xm64m").
	 * A long one has no optopt, or ours (>= OPT_HELP): its word is its name. */
	char dash[3] = { '-', (char)optopt, '\0' };
	const char *name = optopt > 0 && optopt < OPT_HELP ? dash : argv[optind - 1];
	warnx("%s: %s", name, c == ':' ? "needs a value" : "unknown option");
	fprintf(stderr, "Try '%s --help'.\n", progname);
	exit(EXIT_RUNTIME);
}

int parse_options(int argc, char **argv, const struct opt *opts, const char *about)
{
	struct option longopts[MAX_OPTS + 5] = {
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ "timings", no_argument, NULL, OPT_TIMINGS },
	};
	int n = 4;
	for (const struct opt *o = opts; o->name && n < MAX_OPTS + 4; o++, n++)
		longopts[n] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					       NULL, OPT_TABLE + (int)(o - opts) };
	char shorts[4 + 2 * MAX_OPTS];
	short_options(opts, shorts);

	set_progname(argv[0]);
	opterr = 0; /* we say what is wrong ourselves */
	int c;
	while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		const struct opt *o = c >= OPT_TABLE ? &opts[c - OPT_TABLE] : short_option(opts, c);
		if (o) {
			o->parse(o, optarg);
		} else if (c == 'h' || c == OPT_HELP) {
			usage(opts, about);
			exit(0);
		} else if (c == OPT_VERSION) {
			printf("%s (kobako) %s\n", progname, KOBAKO_VERSION);
			exit(0);
		} else if (c == OPT_VERBOSE) {
			verbose = 1;
		} else if (c == OPT_TIMINGS) {
			verbose = timings = 1;
		} else {
			refuse(argv, c);
		}
	}
	return optind;
}

void opt_bad(const struct opt *o, const char *value, const char *why)
{
	die("--%s %s: %s", o->name, value, why);
}

void opt_string(const struct opt *o, const char *value)
{
	if (!*value)
		opt_bad(o, "''", "must not be empty");
	*(const char **)o->dest = value;
}

void opt_flag(const struct opt *o, const char *value)
{
	(void)value;
	*(int *)o->dest = 1;
}

void opt_unsigned(const struct opt *o, const char *value)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(value, &end, 10);
	if (!*value || *end || *value == '-' || errno || v > UINT_MAX)
		opt_bad(o, value, "not a whole number");
	*(unsigned *)o->dest = v;
}
