/* cgroup v2: one tree, the container's cgroup a directory in it. */
#ifndef KOBAKO_CGROUP_V2_H
#define KOBAKO_CGROUP_V2_H

#include "chapters/03-cgroups/cgroup.h"

/* Fills cg with PARENT/NAME in the v2 tree (parent NULL: the default, see
 * cgroup_v2.c). Returns -1, and fills nothing, if the tree does not offer
 * the cpu, memory and pids controllers. */
int v2_find(struct cgroup *cg, const char *parent, const char *name);

/* Makes the directories from the mount down to dir, enabling the
 * controllers on the way. Returns how many levels it made. */
int v2_make_parent(const char *mnt, const char *dir);

void v2_set_limits(const struct cgroup *cg, const struct limits *lim);
int v2_oom_killed(const struct cgroup *cg);

#endif
