/*
 * cgroup v2: one tree at /sys/fs/cgroup. A cgroup is a directory; its files
 * are the controllers' knobs (memory.max, cpu.max, pids.max) and counters
 * (memory.events, cpu.stat); a process is in the cgroup whose cgroup.procs
 * lists it. The container gets PARENT/NAME, a directory of its own.
 *
 * cgroup.c picks it where the v2 tree offers the cpu, memory and pids
 * controllers; its peer cgroup_v1.c does the same with v1's files where the
 * host still has them on v1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chapters/03-cgroups/cgroup_lookup.h"
#include "chapters/03-cgroups/cgroup_v2.h"
#include "common/err.h"
#include "common/file.h"

static const char *const controllers[] = { "cpu", "memory", "pids" };

/* Does DIR/FILE (cgroup.controllers or cgroup.subtree_control) list every
 * controller we need? */
static int lists_controllers(const char *dir, const char *file)
{
	char path[PATH_MAX], list[512] = "";
	pathf(path, "%s/%s", dir, file);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	if (!fgets(list, sizeof(list), f))
		list[0] = '\0';
	fclose(f);

	int found = 0;
	char *tok, *save;
	for (tok = strtok_r(list, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
		for (size_t i = 0; i < 3; i++)
			found += !strcmp(tok, controllers[i]);
	return found == 3;
}

static int has_processes(const char *dir)
{
	char path[PATH_MAX], c;
	pathf(path, "%s/cgroup.procs", dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	ssize_t n = read(fd, &c, 1);
	close(fd);
	return n != 0;
}

/*
 * The default parent on v2. It should be below the runtime's own cgroup, but
 * the "no internal processes" rule lets a cgroup (other than the root) hand
 * controllers down only if no process is in it, and the runtime's own cgroup
 * holds at least the runtime. So: the nearest cgroup up from ours that is the
 * root, or has no process and offers the controllers; "kobako" below it.
 */
static void default_parent(const char *mnt, const char *leaf, char *out, size_t len)
{
	char own[PATH_MAX], dir[PATH_MAX];
	if (find_own_cgroup(NULL, own, sizeof(own)) < 0)
		die("cgroup v2: /proc/self/cgroup has no v2 line");
	while (strcmp(own, "/") != 0) {
		*strrchr(own, '/') = '\0';
		if (!own[0])
			strcpy(own, "/");
		pathf(dir, "%s%s", mnt, own);
		if (!has_processes(dir) && lists_controllers(dir, "cgroup.controllers"))
			break;
	}
	snprintf(out, len, "%s/%s", strcmp(own, "/") ? own : "", leaf ? leaf : "kobako");
}

int v2_find(struct cgroup *cg, const char *parent, const char *name)
{
	char mnt[PATH_MAX], def[PATH_MAX];
	if (find_hierarchy("cgroup2", NULL, mnt, sizeof(mnt)) < 0 ||
	    !lists_controllers(mnt, "cgroup.controllers"))
		return -1;
	if (!parent) {
		default_parent(mnt, cg->default_dir, def, sizeof(def));
		parent = def;
	}
	cg->v1 = 0;
	cg->n = 1;
	cg->controller[0] = "";
	pathf(cg->mount, "%s", mnt);
	pathf(cg->parent[0], "%s%s", mnt, parent);
	pathf(cg->dir[0], "%s/%s", cg->parent[0], name);
	step("cgroup v2 %s", cg->dir[0]);
	return 0;
}

/* A controller reaches a cgroup only if its parent lists it in
 * cgroup.subtree_control: ours are enabled in each directory on the way
 * where they are not enabled yet. */
int v2_make_parent(const char *mnt, const char *dir)
{
	int made = 0;
	char here[PATH_MAX], path[2 * PATH_MAX];
	const char *rest = dir + strlen(mnt);
	pathf(here, "%s", mnt);
	for (;;) {
		if (!lists_controllers(here, "cgroup.subtree_control")) {
			pathf(path, "%s/cgroup.subtree_control", here);
			if (write_file(path, "+cpu +memory +pids") < 0)
				die_errno("write %s=+cpu +memory +pids", path);
		}
		while (*rest == '/')
			rest++;
		if (!*rest)
			return made;
		size_t n = strcspn(rest, "/");
		pathf(here, "%s/%.*s", strdupa(here), (int)n, rest);
		rest += n;
		if (mkdir(here, 0755) == 0)
			made++;
		else if (errno != EEXIST)
			die_errno("mkdir %s", here);
	}
}

static void set(const struct cgroup *cg, const char *file, const char *value, int optional)
{
	char path[PATH_MAX];
	pathf(path, "%s/%s", cg->dir[0], file);
	if (optional && access(path, F_OK) < 0)
		return;
	if (write_file(path, "%s", value) < 0)
		die_errno("write %s=%s", file, value);
}

void v2_set_limits(const struct cgroup *cg, const struct limits *lim)
{
	/* lab: write each limit LIM sets (0: not set) to memory.max, memory.swap.max (if
	 * there), cpu.max, pids.max; see docs/03-cgroups.md "The limits" */
	char value[64];
	if (lim->memory) {
		snprintf(value, sizeof(value), "%llu", (unsigned long long)lim->memory);
		set(cg, "memory.max", value, 0);
		/* No swapping past the limit (there only if swap is accounted). */
		set(cg, "memory.swap.max", "0", 1);
	}
	if (lim->cpu) {
		snprintf(value, sizeof(value), "%llu 100000", (unsigned long long)lim->cpu);
		set(cg, "cpu.max", value, 0);
	}
	if (lim->pids) {
		snprintf(value, sizeof(value), "%llu", (unsigned long long)lim->pids);
		set(cg, "pids.max", value, 0);
	}
	/* lab end: (void)cg; (void)lim; (void)set;
	 * errno = ENOSYS; die_errno("cgroup v2: set the limits"); */
}

int v2_oom_killed(const struct cgroup *cg)
{
	char path[PATH_MAX];
	return oom_kill_counted(pathf(path, "%s/memory.events", cg->dir[0]));
}
