/* What cgroup v2 and v1 both look up in the kernel's files. */
#ifndef KOBAKO_CGROUP_LOOKUP_H
#define KOBAKO_CGROUP_LOOKUP_H

#include <stddef.h>

/* Where a hierarchy is mounted, from /proc/self/mountinfo: type "cgroup2"
 * (controller NULL), or "cgroup" and a v1 controller. Returns 0, or -1 if
 * there is none. */
int find_hierarchy(const char *type, const char *controller, char *out, size_t len);

/* The runtime's own cgroup in that hierarchy, from /proc/self/cgroup, as a
 * path from its root (controller NULL: v2). Returns 0, or -1 if there is
 * none. */
int find_own_cgroup(const char *controller, char *out, size_t len);

/* Whether the counters file (v2 memory.events, v1 memory.oom_control) has a
 * non-zero oom_kill line. */
int oom_kill_counted(const char *path);

#endif
