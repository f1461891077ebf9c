/*
 * The container's cgroup, from its making to its removal: what main.c
 * calls. Two peers do the work that depends on the host: cgroup_v2.c, and
 * cgroup_v1.c where the controllers are still on cgroup v1 (one tree per
 * controller). This file picks one and calls it; neither calls back.
 * Removing and reclaiming are cgroup_reclaim.c's, the same on both.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chapters/03-cgroups/cgroup.h"
#include "chapters/03-cgroups/cgroup_reclaim.h"
#include "chapters/03-cgroups/cgroup_v1.h"
#include "chapters/03-cgroups/cgroup_v2.h"
#include "common/dir.h"
#include "common/err.h"
#include "common/file.h"

/* cgroup v2 if it has our controllers; otherwise the v1 fallback. */
static void find_hierarchies(struct cgroup *cg, const char *parent, const char *name)
{
	if (v2_find(cg, parent, name) == 0)
		return;
	step("cgroup v2 has no cpu, memory, pids controllers here: cgroup v1");
	v1_find(cg, parent, name);
}

static void remove_at_exit(void *cg)
{
	cgroup_remove(cg);
}

void cgroup_create(struct cgroup *cg, const char *parent, const char *name,
		   const struct limits *lim)
{
	find_hierarchies(cg, parent, name);
	cg->memory = lim->memory;

	int hierarchy = lock_dir(cg->mount, LOCK_EX);
	if (hierarchy < 0)
		die_errno("lock %s", cg->mount);
	for (int i = 0; i < cg->n; i++) {
		/* v1 has no controllers to enable on the way: mkdir -p. */
		cg->made[i] = cg->v1 ? mkdir_p(cg->parent[i], 0755)
				     : v2_make_parent(cg->mount, cg->parent[i]);
		/* The default parent is ours, even if another runtime made it. */
		if (!parent && cg->made[i] == 0)
			cg->made[i] = 1;
	}
	/* Below the default parent, every cgroup is a container's: any that
	 * nobody holds is reclaimed. Below a --cgroup-parent, others may keep
	 * cgroups of their own: only the one named as ours is. */
	reclaim_stale(cg, parent || cg->apart ? name : NULL);
	/* lab: make the container's cgroup: a directory cg->dir[i] per hierarchy (v1 may
	 * list one twice); see docs/03-cgroups.md "A tree of directories" */
	for (int i = 0; i < cg->n; i++) {
		if (i > 0 && !strcmp(cg->dir[i], cg->dir[i - 1]))
			continue;
		if (mkdir(cg->dir[i], 0755) < 0) {
			if (errno == EEXIST)
				die("a container named %s is already running", name);
			die_errno("mkdir %s", cg->dir[i]);
		}
	}
	/* lab end: errno = ENOSYS; die_errno("mkdir %s", cg->dir[0]); */
	cg->fd = lock_dir(cg->dir[0], LOCK_EX | LOCK_NB);
	if (cg->fd < 0)
		die_errno("lock %s", cg->dir[0]);
	undo_at_exit(remove_at_exit, cg);
	close(hierarchy);

	if (cg->v1)
		v1_set_limits(cg, lim);
	else
		v2_set_limits(cg, lim);
}

void cgroup_clone_into(struct cgroup *cg, struct clone_args *args)
{
	if (cg->v1)
		return;
	/* The child starts life in the cgroup: not one instruction runs outside it. */
	args->flags |= CLONE_INTO_CGROUP;
	args->cgroup = cg->fd;
}

void cgroup_join(struct cgroup *cg, pid_t pid)
{
	if (!cg->v1)
		return;
	/* v1 has no CLONE_INTO_CGROUP: move the child in before it is let go. */
	for (int i = 0; i < cg->n; i++) {
		char path[PATH_MAX];
		pathf(path, "%s/cgroup.procs", cg->dir[i]);
		if (write_file(path, "%d", pid) < 0)
			die_errno("write %s=%d", path, pid);
	}
}

int cgroup_oom_killed(struct cgroup *cg)
{
	return cg->v1 ? v1_oom_killed(cg) : v2_oom_killed(cg);
}

void cgroup_remove(struct cgroup *cg)
{
	if (cg->n == 0)
		return; /* already removed */
	const char *name = strrchr(cg->dir[0], '/') + 1;
	step("remove cgroup %s", cg->dir[0]);
	int hierarchy = lock_dir(cg->mount, LOCK_EX);
	remove_named(cg, name, 1);
	close(cg->fd);
	if (hierarchy >= 0)
		close(hierarchy);
	cg->n = 0;
}

void enter_cgroup_namespace(void)
{
	/* A cgroup namespace shows, as "/", the cgroup its creator was in when
	 * it was made. ch01 made one at clone time, before the runtime moved
	 * us (v1); a new one now has our own cgroup at its root. */
	step("new cgroup namespace: the container's cgroup is its /");
	if (unshare(CLONE_NEWCGROUP) < 0)
		die_errno("unshare CLONE_NEWCGROUP");
}

void mount_cgroupfs(const struct cgroup *cg, const char *dir)
{
	if (cg->v1) {
		step("cgroup v1: no /sys/fs/cgroup inside");
		return;
	}
	step("mount cgroup2 on %s, read-only: the container's own subtree", dir);
	unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV;
	if (mount("cgroup2", dir, "cgroup2", flags, NULL) < 0)
		die_errno("mount cgroup2 on %s", dir);
}
