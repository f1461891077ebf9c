/* linux.resources beyond chapter 03's three limits: swap, reservation,
 * CPU shares, cpusets. */
#ifndef KOBAKO_RESOURCES_H
#define KOBAKO_RESOURCES_H

#include "chapters/03-cgroups/cgroup.h"
#include "chapters/08-oci/config.h"

/* Dies naming the field this runtime cannot set on this host (a cpuset
 * on cgroup v1, whose cpuset hierarchy chapter 03 does not use). */
void resources_check(const struct oci_resources *r, int v1);

/* Writes them into the container's cgroup, once made. */
void resources_apply(const struct cgroup *cg, const struct oci_resources *r);

#endif
