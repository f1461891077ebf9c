/* The cgroup v1 fallback, for hosts whose controllers are still bound to v1. */
#ifndef KOBAKO_CGROUP_V1_H
#define KOBAKO_CGROUP_V1_H

#include "chapters/03-cgroups/cgroup.h"

/* Fills cg with PARENT/NAME in each v1 hierarchy of memory, cpu, cpuacct and
 * pids (parent NULL: "kobako" below the runtime's own cgroup there). */
void v1_find(struct cgroup *cg, const char *parent, const char *name);

void v1_set_limits(const struct cgroup *cg, const struct limits *lim);
int v1_oom_killed(const struct cgroup *cg);

#endif
