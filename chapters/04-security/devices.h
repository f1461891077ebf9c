/* The device allow-list: the device nodes the container may open. */
#ifndef KOBAKO_DEVICES_H
#define KOBAKO_DEVICES_H

#include "chapters/03-cgroups/cgroup.h"

/* On the host, after cgroup_create() and before the child is let go: the
 * container's cgroup may open only the devices its /dev has, and make a node
 * of any (which it then cannot open). cgroup v2: a BPF program attached to
 * the cgroup; v1: the devices controller's devices.deny and devices.allow.
 * Either goes away with the cgroup. */
void allow_devices(const struct cgroup *cg);

#endif
