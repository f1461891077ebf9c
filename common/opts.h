/* Command-line options: each chapter's main.c lists its own in a table. */
#ifndef KOBAKO_OPTS_H
#define KOBAKO_OPTS_H

#define KOBAKO_VERSION "0.1.0"

struct opt {
	char short_name;  /* -m, as `docker run` has it, or 0; not 'h': -h is help */
	const char *name; /* --name */
	const char *arg;  /* its argument in --help ("NAME"), or NULL for a flag */
	const char *help;
	/* Checks and stores the value (NULL for a flag) in o->dest; dies on bad input. */
	void (*parse)(const struct opt *o, const char *value);
	void *dest;
};

/*
 * Parses the options in argv up to the first non-option (so `ch01 ps aux`
 * runs `ps aux`) and returns the index of the command. Each option has its
 * long form (--memory 64m, --memory=64m) and, if it has a short name, its
 * short one (-m 64m, -m64m), as getopt_long(3) reads them. -h, --help,
 * --version, --verbose and --timings are always there. `about` is printed
 * under the usage line.
 */
int parse_options(int argc, char **argv, const struct opt *opts, const char *about);

/* Parsers for struct opt. */
void opt_string(const struct opt *o, const char *value);   /* const char *  */
void opt_flag(const struct opt *o, const char *value);     /* int, set to 1 */
void opt_unsigned(const struct opt *o, const char *value); /* unsigned      */

/* Dies with "--name VALUE: why", as every parser reports bad input. */
_Noreturn void opt_bad(const struct opt *o, const char *value, const char *why);

#endif
