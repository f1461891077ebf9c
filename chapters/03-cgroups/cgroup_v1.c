/*
 * cgroup v1, the fallback. Each controller has a tree of its own
 * (/sys/fs/cgroup/memory, /sys/fs/cgroup/cpu, ...), so a container needs a
 * directory in each, and the knobs have other names:
 *
 *   v2 memory.max   v1 memory.limit_in_bytes (+ memory.memsw.limit_in_bytes)
 *   v2 cpu.max      v1 cpu.cfs_quota_us and cpu.cfs_period_us
 *   v2 pids.max     v1 pids.max
 *
 * cgroup.c picks it, in place of its peer cgroup_v2.c, where the v2 tree
 * does not offer the cpu, memory and pids controllers.
 */
#include <errno.h> /* ENOSYS, in a lab's stub */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chapters/03-cgroups/cgroup_lookup.h"
#include "chapters/03-cgroups/cgroup_v1.h"
#include "common/array.h"
#include "common/err.h"
#include "common/file.h"

/* cpuacct counts the CPU time that the cpu controller limits. devices
 * holds chapter 04's device allow-list (devices.c): here, the container's
 * cgroup is only made in its tree, and allows every device. */
static const char *const v1_controllers[] = { "memory", "cpu", "cpuacct", "pids", "devices" };

void v1_find(struct cgroup *cg, const char *parent, const char *name)
{
	cg->v1 = 1;
	cg->n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(v1_controllers); i++) {
		const char *c = v1_controllers[i];
		char mnt[PATH_MAX], own[PATH_MAX];
		if (find_hierarchy("cgroup", c, mnt, sizeof(mnt)) < 0)
			continue;
		if (find_own_cgroup(c, own, sizeof(own)) < 0)
			strcpy(own, "/");
		/* No "no internal processes" rule on v1: right below our own. */
		if (parent)
			pathf(cg->parent[cg->n], "%s%s", mnt, parent);
		else
			pathf(cg->parent[cg->n], "%s%s/%s", mnt, strcmp(own, "/") ? own : "",
			      cg->default_dir ? cg->default_dir : "kobako");
		pathf(cg->dir[cg->n], "%s/%s", cg->parent[cg->n], name);
		if (cg->n == 0)
			pathf(cg->mount, "%s", mnt);
		cg->controller[cg->n++] = c;
		step("cgroup v1 %-7s %s", c, cg->dir[cg->n - 1]);
	}
	if (cg->n == 0)
		die("no cgroup hierarchy has the memory, cpu or pids controller");
}

static const char *dir_of(const struct cgroup *cg, const char *controller)
{
	for (int i = 0; i < cg->n; i++)
		if (!strcmp(cg->controller[i], controller))
			return cg->dir[i];
	return NULL;
}

static void set(const struct cgroup *cg, const char *controller, const char *file,
		unsigned long long value)
{
	char path[PATH_MAX];
	const char *dir = dir_of(cg, controller);
	if (!dir)
		die("cgroup v1: this host has no %s controller", controller);
	pathf(path, "%s/%s", dir, file);
	if (write_file(path, "%llu", value) < 0)
		die_errno("write %s=%llu", file, value);
}

void v1_set_limits(const struct cgroup *cg, const struct limits *lim)
{
	/* lab: the limits where the controllers are on cgroup v1: memory.limit_in_bytes,
	 * cpu.cfs_quota_us, pids.max; see docs/03-cgroups.md, the sidebar on v1 */
	char path[PATH_MAX];
	if (lim->memory) {
		set(cg, "memory", "memory.limit_in_bytes", lim->memory);
		/* memory+swap = memory: no swapping past the limit. The file
		 * is there only if the kernel accounts swap. */
		pathf(path, "%s/memory.memsw.limit_in_bytes", dir_of(cg, "memory"));
		if (access(path, F_OK) == 0)
			set(cg, "memory", "memory.memsw.limit_in_bytes", lim->memory);
	}
	if (lim->cpu) {
		set(cg, "cpu", "cpu.cfs_period_us", 100000);
		set(cg, "cpu", "cpu.cfs_quota_us", lim->cpu);
	}
	if (lim->pids)
		set(cg, "pids", "pids.max", lim->pids);
	/* lab end: (void)cg; (void)lim; (void)set;
	 * errno = ENOSYS; die_errno("cgroup v1: set the limits"); */
}

int v1_oom_killed(const struct cgroup *cg)
{
	char path[PATH_MAX];
	const char *dir = dir_of(cg, "memory");
	if (!dir)
		return 0;
	/* memory.oom_control has an oom_kill line too (Linux 4.13). */
	return oom_kill_counted(pathf(path, "%s/memory.oom_control", dir));
}
