/*
 * What cgroup v2 and v1 both look up: where the kernel mounted a hierarchy
 * (/proc/self/mountinfo), where in it the runtime itself is
 * (/proc/self/cgroup), and whether the OOM killer killed in a cgroup (the
 * oom_kill line both versions keep, in files of different names).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "chapters/03-cgroups/cgroup_lookup.h"

/* Whether list, split at commas, has word in it: a whole word, not a prefix
 * (cpu, cpuacct). Cuts list up. */
static int lists_word(char *list, const char *word)
{
	char *tok, *save;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, word))
			return 1;
	return 0;
}

int find_hierarchy(const char *type, const char *controller, char *out, size_t len)
{
	/* mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS ... - TYPE SOURCE SUPEROPTS */
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int found = 0;
	while (f && !found && fgets(line, sizeof(line), f)) {
		char point[PATH_MAX], fstype[64], super[1024];
		char *dash = strstr(line, " - ");
		if (!dash || sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1 ||
		    sscanf(dash, " - %63s %*s %1023s", fstype, super) != 2 || strcmp(fstype, type))
			continue;
		/* v1: the hierarchy whose options name the controller */
		if (controller && !lists_word(super, controller))
			continue;
		snprintf(out, len, "%s", point);
		found = 1;
	}
	if (f)
		fclose(f);
	return found ? 0 : -1;
}

int find_own_cgroup(const char *controller, char *out, size_t len)
{
	/* /proc/self/cgroup: HIERARCHY:CONTROLLERS:PATH; v2's line is "0::PATH". */
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[4096];
	int found = 0;
	while (f && !found && fgets(line, sizeof(line), f)) {
		char *list = strchr(line, ':'), *path = list ? strchr(list + 1, ':') : NULL;
		if (!path)
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		list++;
		if (controller ? !lists_word(list, controller) : (*list != '\0'))
			continue;
		snprintf(out, len, "%s", path);
		found = 1;
	}
	if (f)
		fclose(f);
	return found ? 0 : -1;
}

int oom_kill_counted(const char *path)
{
	char line[128];
	unsigned long long n = 0;
	FILE *f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "oom_kill %llu", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n > 0;
}
