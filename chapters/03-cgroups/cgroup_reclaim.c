/*
 * Removing cgroups: the container's own when it ends, and those that
 * runtimes killed by SIGKILL left behind.
 *
 * A running runtime holds a lock (flock) on its container's cgroup
 * directory; the kernel drops it when the runtime dies, even by SIGKILL. A
 * cgroup below our parent that nobody holds was left by a runtime that was
 * killed: it is reclaimed. cgroup.c makes, reclaims and removes under a
 * lock on the hierarchy's mount point, so two runtimes never race on them.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chapters/03-cgroups/cgroup_reclaim.h"
#include "common/dir.h"
#include "common/err.h"
#include "common/file.h"

void empty_cgroup(const char *dir)
{
	char path[PATH_MAX];
	/* cgroup.kill (v2, Linux 5.14): SIGKILL to all of them, at once. */
	write_file(pathf(path, "%s/cgroup.kill", dir), "1");
	for (int tries = 0; tries < 500; tries++) {
		pathf(path, "%s/cgroup.procs", dir);
		FILE *f = fopen(path, "re");
		int pid, any = 0;
		while (f && fscanf(f, "%d", &pid) == 1) {
			kill(pid, SIGKILL); /* v1, or a kernel before 5.14 */
			any = 1;
		}
		if (f)
			fclose(f);
		if (!any)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	warnx("cgroup %s: processes are still in it after 5s", dir);
}

void remove_named(const struct cgroup *cg, const char *name, int parents)
{
	for (int i = 0; i < cg->n; i++) {
		char dir[PATH_MAX];
		pathf(dir, "%s/%s", cg->parent[i], name);
		if (i > 0 && !strcmp(cg->parent[i], cg->parent[i - 1]))
			continue; /* cpu and cpuacct can share a hierarchy */
		empty_cgroup(dir);
		if (rmdir(dir) < 0 && errno != ENOENT)
			warnx("rmdir %s: %s", dir, strerror(errno));
		if (parents) /* fails while another container uses them */
			rmdir_p(cg->parent[i], cg->made[i]);
	}
}

/* A cgroup that nobody holds: a killed runtime's. */
static void reclaim_one(const char *name, void *cg)
{
	warnx("reclaiming cgroup %s, left by a runtime that was killed", name);
	remove_named(cg, name, 0);
}

void reclaim_stale(const struct cgroup *cg, const char *only)
{
	reclaim_unlocked(cg->parent[0], only, reclaim_one, (void *)cg);
}
