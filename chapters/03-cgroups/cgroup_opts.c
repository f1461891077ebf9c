/* The options of chapter 03: --cpus, --pids, --name, --cgroup-parent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chapters/03-cgroups/cgroup.h"
#include "common/opts.h"

void parse_cpus(const struct opt *o, const char *value)
{
	char *end;
	double cpus = strtod(value, &end);
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	if (*end || end == value || !(cpus >= 0.01))
		opt_bad(o, value, "a number of CPUs, at least 0.01 (0.5 is half of one CPU)");
	if (cpus > online) {
		char why[64];
		snprintf(why, sizeof(why), "this machine has only %ld CPUs", online);
		opt_bad(o, value, why);
	}
	/* cpu.max gives QUOTA microseconds of CPU time per PERIOD of 100000. */
	*(uint64_t *)o->dest = (uint64_t)(cpus * 100000 + 0.5);
}

void parse_pids(const struct opt *o, const char *value)
{
	char *end;
	unsigned long long n = strtoull(value, &end, 10);
	if (*end || !*value || *value == '-' || n == 0)
		opt_bad(o, value, "a number of processes, at least 1");
	*(uint64_t *)o->dest = n;
}

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

void parse_name(const struct opt *o, const char *value)
{
	/* Docker's rule, so the name can also name files and interfaces. */
	size_t len = strlen(value);
	if (len == 0 || len > 64 || !strchr(ALNUM, value[0]) || strspn(value, ALNUM "_.-") != len)
		opt_bad(o, value,
			"use 1 to 64 letters, digits, '_', '.', '-'; start with a letter or digit");
	*(const char **)o->dest = value;
}

const char *name_or_default(const char *name)
{
	static char pid_name[32];
	if (name)
		return name;
	snprintf(pid_name, sizeof(pid_name), "kobako-%d", getpid());
	return pid_name;
}

void parse_cgroup_parent(const struct opt *o, const char *value)
{
	/* A path from the hierarchy's root, as Docker's --cgroup-parent: a
	 * relative one would be relative to nothing the user can see. */
	if (value[0] != '/' || strstr(value, "/../") || strstr(value, "/./") ||
	    strstr(value, "//") || !strcmp(strrchr(value, '/'), "/") ||
	    !strcmp(strrchr(value, '/'), "/..") || !strcmp(strrchr(value, '/'), "/.") ||
	    strlen(value) > 256)
		opt_bad(o, value, "a path from the cgroup tree's root, such as /kobako");
	*(const char **)o->dest = value;
}
