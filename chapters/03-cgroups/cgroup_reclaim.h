/* Removing cgroups, and reclaiming those that killed runtimes left. */
#ifndef KOBAKO_CGROUP_RECLAIM_H
#define KOBAKO_CGROUP_RECLAIM_H

#include "chapters/03-cgroups/cgroup.h"

/* Kills every process in a cgroup directory and waits until it is empty
 * (5 s at most, then says so). */
void empty_cgroup(const char *dir);

/* Kills what is in PARENT/NAME, in every hierarchy of cg, and removes it;
 * with parents, then the parents it made too, if no other container uses
 * them. */
void remove_named(const struct cgroup *cg, const char *name, int parents);

/* Reclaims every cgroup below cg's parent that no runtime holds (only: just
 * the one of that name, if not NULL). */
void reclaim_stale(const struct cgroup *cg, const char *only);

#endif
