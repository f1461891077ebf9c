/* Control groups: what a container may use of the machine. */
#ifndef KOBAKO_CGROUP_H
#define KOBAKO_CGROUP_H

#include <limits.h>
#include <linux/sched.h>
#include <stdint.h>
#include <sys/types.h>

struct limits {
	uint64_t memory; /* bytes; 0: no limit */
	uint64_t cpu;    /* CPU time in microseconds per 100 ms period; 0: no limit */
	uint64_t pids;   /* processes; 0: no limit */
};

enum { MAX_HIERARCHIES = 5 };

struct cgroup {
	int v1;                                  /* the fallback: a hierarchy per controller */
	int n;                                   /* hierarchies used */
	const char *controller[MAX_HIERARCHIES]; /* v1: the controller each is for */
	char parent[MAX_HIERARCHIES][PATH_MAX];  /* PARENT, in each hierarchy */
	char dir[MAX_HIERARCHIES][PATH_MAX];     /* PARENT/NAME, in each hierarchy */
	int made[MAX_HIERARCHIES];               /* levels of PARENT we made, to remove */
	char mount[PATH_MAX];                    /* where the first hierarchy is mounted */
	int fd;                                  /* dir[0], open and locked while we run */
	uint64_t memory;                         /* the memory limit, for messages */
	/* Set before cgroup_create, or left 0: the default parent's own
	 * directory ("kobako" if NULL), and whether its other cgroups are
	 * apart from this runtime's reclaim (only a cgroup of this very name
	 * is reclaimed), as under a --cgroup-parent. */
	const char *default_dir;
	int apart;
};

/* Option parsers (struct opt) for --cpus, --pids, --name and
 * --cgroup-parent: cgroup_opts.c. */
struct opt;
void parse_cpus(const struct opt *o, const char *value);
void parse_pids(const struct opt *o, const char *value);
void parse_name(const struct opt *o, const char *value);
/* The --name given, or kobako-PID: unique while this runtime runs. */
const char *name_or_default(const char *name);
void parse_cgroup_parent(const struct opt *o, const char *value);

/* Makes the container's cgroup, PARENT/NAME, with the limits set, reclaiming
 * first what a runtime that was killed left behind. Its removal is arranged
 * for if the runtime fails later. parent NULL: the default (see
 * cgroup_v2.c, cgroup_v1.c). */
void cgroup_create(struct cgroup *cg, const char *parent, const char *name,
		   const struct limits *lim);

/* v2: clone3 starts the child inside the cgroup (CLONE_INTO_CGROUP). */
void cgroup_clone_into(struct cgroup *cg, struct clone_args *args);

/* v1: moves the child in, while it still waits on the sync pipe. */
void cgroup_join(struct cgroup *cg, pid_t pid);

/* Nonzero if the kernel killed a process of the cgroup for lack of memory. */
int cgroup_oom_killed(struct cgroup *cg);

/* In the container, once in its cgroup: a cgroup namespace rooted there. */
void enter_cgroup_namespace(void);

/* In the container: its own cgroup subtree, read-only, on dir (v2 only). */
void mount_cgroupfs(const struct cgroup *cg, const char *dir);

/* Kills whatever is left in the cgroup and removes it. */
void cgroup_remove(struct cgroup *cg);

#endif
