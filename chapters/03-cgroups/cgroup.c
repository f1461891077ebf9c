/*
 * cgroup v2: one tree at /sys/fs/cgroup. A cgroup is a directory; its files
 * are the controllers' knobs (memory.max, cpu.max, pids.max) and counters
 * (memory.events, cpu.stat); a process is in the cgroup whose cgroup.procs
 * lists it. The container gets PARENT/NAME, a directory of its own.
 *
 * Where a host still has its controllers on cgroup v1 (one tree per
 * controller), cgroup_v1.c does the same with v1's files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chapters/03-cgroups/cgroup.h"
#include "chapters/03-cgroups/cgroup_v1.h"
#include "common/dir.h"
#include "common/err.h"
#include "common/file.h"
#include "common/opts.h"
#include "common/size.h"

/* --- options ------------------------------------------------------------ */

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

void parse_name(const struct opt *o, const char *value)
{
	/* Docker's rule, so the name can also name files and interfaces. */
	size_t len = strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_.-");
	if (!*value || len != strlen(value) || len > 64 || !strchr("0123456789abcdefghijklmnop"
		"qrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", value[0]))
		opt_bad(o, value, "use 1 to 64 letters, digits, '_', '.', '-'; start with a "
				  "letter or digit");
	*(const char **)o->dest = value;
}

void parse_cgroup_parent(const struct opt *o, const char *value)
{
	/* A path from the hierarchy's root, as Docker's --cgroup-parent: a
	 * relative one would be relative to nothing the user can see. */
	if (value[0] != '/' || strstr(value, "/../") || strstr(value, "/./") ||
	    strstr(value, "//") || !strcmp(strrchr(value, '/'), "/") ||
	    !strcmp(strrchr(value, '/'), "/..") ||
	    !strcmp(strrchr(value, '/'), "/.") || strlen(value) > 256)
		opt_bad(o, value, "a path from the cgroup tree's root, such as /kobako");
	*(const char **)o->dest = value;
}

/* --- finding the hierarchy ------------------------------------------------ */

int cgroup_mount(const char *type, const char *controller, char *out, size_t len)
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
		if (controller) { /* v1: the hierarchy whose options name the controller */
			char *tok, *save;
			for (tok = strtok_r(super, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
				if (!strcmp(tok, controller))
					break;
			if (!tok)
				continue;
		}
		snprintf(out, len, "%s", point);
		found = 1;
	}
	if (f)
		fclose(f);
	return found ? 0 : -1;
}

int cgroup_own(const char *controller, char *out, size_t len)
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
		if (controller ? !strstr(list, controller) : (*list != '\0'))
			continue;
		if (controller) { /* a whole word of the list, not a prefix (cpu, cpuacct) */
			char *tok, *save;
			for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
				if (!strcmp(tok, controller))
					break;
			if (!tok)
				continue;
		}
		snprintf(out, len, "%s", path);
		found = 1;
	}
	if (f)
		fclose(f);
	return found ? 0 : -1;
}

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
static void default_parent_v2(const char *mnt, char *out, size_t len)
{
	char own[PATH_MAX], dir[PATH_MAX];
	if (cgroup_own(NULL, own, sizeof(own)) < 0)
		diex("cgroup v2: /proc/self/cgroup has no v2 line");
	while (strcmp(own, "/") != 0) {
		*strrchr(own, '/') = '\0';
		if (!own[0])
			strcpy(own, "/");
		pathf(dir, "%s%s", mnt, own);
		if (!has_processes(dir) && lists_controllers(dir, "cgroup.controllers"))
			break;
	}
	snprintf(out, len, "%s/kobako", strcmp(own, "/") ? own : "");
}

/* A controller reaches a cgroup only if its parent lists it in
 * cgroup.subtree_control. Makes the directories from the mount down to
 * dir, enabling ours in each where they are not enabled yet. Returns how
 * many levels it made. */
static int make_parent_v2(const char *mnt, const char *dir)
{
	int made = 0;
	char here[PATH_MAX], path[2 * PATH_MAX];
	const char *rest = dir + strlen(mnt);
	pathf(here, "%s", mnt);
	for (;;) {
		if (!lists_controllers(here, "cgroup.subtree_control")) {
			pathf(path, "%s/cgroup.subtree_control", here);
			if (write_file(path, "+cpu +memory +pids") < 0)
				die("write %s=+cpu +memory +pids", path);
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
			die("mkdir %s", here);
	}
}

/* --- who owns a cgroup ------------------------------------------------------
 * A running runtime holds a lock (flock) on its container's cgroup directory;
 * the kernel drops it when the runtime dies, even by SIGKILL. A cgroup below
 * our parent that nobody holds was left by a runtime that was killed: it is
 * reclaimed. Making, reclaiming and removing happen under a lock on the
 * hierarchy's mount point, so two runtimes never race on them.
 */
/* Kills every process in a cgroup directory and waits until it is empty. */
static void empty_cgroup(const char *dir)
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

/* Removes NAME in every hierarchy of cg, and then the parents it made too if
 * asked and no other container uses them. */
static void remove_named(const struct cgroup *cg, const char *name, int parents)
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

/* A cgroup below our parent that nobody holds: a killed runtime's. */
static void reclaim_stale(const char *name, void *cg)
{
	warnx("reclaiming cgroup %s, left by a runtime that was killed", name);
	remove_named(cg, name, 0);
}

/* --- the container's cgroup ----------------------------------------------- */

static void set_v2(const struct cgroup *cg, const char *file, const char *value, int optional)
{
	char path[PATH_MAX];
	pathf(path, "%s/%s", cg->dir[0], file);
	if (optional && access(path, F_OK) < 0)
		return;
	if (write_file(path, "%s", value) < 0)
		die("write %s=%s", file, value);
}

static void set_limits_v2(const struct cgroup *cg, const struct limits *lim)
{
	char value[64];
	if (lim->memory) {
		snprintf(value, sizeof(value), "%llu", (unsigned long long)lim->memory);
		set_v2(cg, "memory.max", value, 0);
		/* No swapping past the limit (there only if swap is accounted). */
		set_v2(cg, "memory.swap.max", "0", 1);
	}
	if (lim->cpu) {
		snprintf(value, sizeof(value), "%llu 100000", (unsigned long long)lim->cpu);
		set_v2(cg, "cpu.max", value, 0);
	}
	if (lim->pids) {
		snprintf(value, sizeof(value), "%llu", (unsigned long long)lim->pids);
		set_v2(cg, "pids.max", value, 0);
	}
}

/* cgroup v2 if it has our controllers; otherwise the v1 fallback. */
static void find_hierarchies(struct cgroup *cg, const char *parent, const char *name)
{
	char mnt[PATH_MAX], def[PATH_MAX];
	if (cgroup_mount("cgroup2", NULL, mnt, sizeof(mnt)) < 0 ||
	    !lists_controllers(mnt, "cgroup.controllers")) {
		step("cgroup v2 has no cpu, memory, pids controllers here: cgroup v1");
		v1_find(cg, parent, name);
		return;
	}
	if (!parent) {
		default_parent_v2(mnt, def, sizeof(def));
		parent = def;
	}
	cg->v1 = 0;
	cg->n = 1;
	cg->controller[0] = "";
	pathf(cg->mount, "%s", mnt);
	pathf(cg->parent[0], "%s%s", mnt, parent);
	pathf(cg->dir[0], "%s/%s", cg->parent[0], name);
	step("cgroup v2 %s", cg->dir[0]);
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
		die("lock %s", cg->mount);
	for (int i = 0; i < cg->n; i++) {
		/* v1 has no controllers to enable on the way: mkdir -p. */
		cg->made[i] = cg->v1 ? mkdir_p(cg->parent[i], 0755)
				     : make_parent_v2(cg->mount, cg->parent[i]);
		/* The default parent is ours, even if another runtime made it. */
		if (!parent && cg->made[i] == 0)
			cg->made[i] = 1;
	}
	/* Below the default parent, every cgroup is a container's: any that
	 * nobody holds is reclaimed. Below a --cgroup-parent, others may keep
	 * cgroups of their own: only the one named as ours is. */
	reclaim_unlocked(cg->parent[0], parent ? name : NULL, reclaim_stale, cg);
	for (int i = 0; i < cg->n; i++) {
		if (i > 0 && !strcmp(cg->dir[i], cg->dir[i - 1]))
			continue;
		if (mkdir(cg->dir[i], 0755) < 0) {
			if (errno == EEXIST)
				diex("a container named %s is already running", name);
			die("mkdir %s", cg->dir[i]);
		}
	}
	cg->fd = lock_dir(cg->dir[0], LOCK_EX | LOCK_NB);
	if (cg->fd < 0)
		die("lock %s", cg->dir[0]);
	at_exit(remove_at_exit, cg);
	close(hierarchy);

	if (cg->v1)
		v1_set_limits(cg, lim);
	else
		set_limits_v2(cg, lim);
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
			die("write %s=%d", path, pid);
	}
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

int cgroup_oom_killed(struct cgroup *cg)
{
	if (cg->v1)
		return v1_oom_killed(cg);
	char path[PATH_MAX];
	return oom_kill_counted(pathf(path, "%s/memory.events", cg->dir[0]));
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
		die("unshare CLONE_NEWCGROUP");
}

void mount_cgroupfs(const struct cgroup *cg, const char *dir)
{
	if (cg->v1) {
		step("cgroup v1: no /sys/fs/cgroup inside");
		return;
	}
	step("mount cgroup2 on %s, read-only: the container's own subtree", dir);
	if (mount("cgroup2", dir, "cgroup2", MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV,
		  NULL) < 0)
		die("mount cgroup2 on %s", dir);
}
