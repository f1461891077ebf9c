#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/opts.h"

enum { OPT_HELP = 1000, OPT_VERSION, OPT_VERBOSE, OPT_TIMINGS, OPT_TABLE };

static void usage(const struct opt *opts, const char *about)
{
	printf("Usage: %s [OPTIONS] [--] [COMMAND [ARG...]]\n%s\n\nOptions:\n", progname, about);
	for (const struct opt *o = opts; o->name; o++) {
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
		printf("  %-22s %s\n", left, o->help);
	}
	printf("  %-22s %s\n", "--verbose", "show each step as the container is built");
	printf("  %-22s %s\n", "--timings", "the same, with the time each step began");
	printf("  %-22s %s\n", "-h, --help", "show this help");
	printf("  %-22s %s\n", "--version", "show the version");
}

int parse_options(int argc, char **argv, const struct opt *opts, const char *about)
{
	struct option longopts[64] = {
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ "timings", no_argument, NULL, OPT_TIMINGS },
	};
	int n = 4;
	for (const struct opt *o = opts; o->name && n < 63; o++, n++)
		longopts[n] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					       NULL, OPT_TABLE + (int)(o - opts) };

	set_progname(argv[0]);
	opterr = 0; /* we say what is wrong ourselves */
	int c;
	/* "+": stop at the first non-option; it is the container's command.
	 * ":": report a missing value apart from an unknown option. */
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			usage(opts, about);
			exit(0);
		} else if (c == OPT_VERSION) {
			printf("%s (kobako) %s\n", progname, KOBAKO_VERSION);
			exit(0);
		} else if (c == OPT_VERBOSE) {
			verbose = 1;
		} else if (c == OPT_TIMINGS) {
			verbose = timings = 1;
		} else if (c >= OPT_TABLE) {
			const struct opt *o = &opts[c - OPT_TABLE];
			o->parse(o, optarg);
		} else {
			warnx("%s: %s", argv[optind - 1],
			      c == ':' ? "needs a value" : "unknown option");
			fprintf(stderr, "Try '%s --help'.\n", progname);
			exit(EXIT_RUNTIME);
		}
	}
	return optind;
}

void opt_bad(const struct opt *o, const char *value, const char *why)
{
	diex("--%s %s: %s", o->name, value, why);
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
