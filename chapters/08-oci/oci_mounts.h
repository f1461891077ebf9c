/* config.json's mounts and linux.devices, made in the container's new root. */
#ifndef KOBAKO_OCI_MOUNTS_H
#define KOBAKO_OCI_MOUNTS_H

#include "chapters/03-cgroups/cgroup.h"
#include "chapters/08-oci/config.h"

/* In the new root (the current directory), before pivot_root: each of
 * config's mounts, in order, on its destination resolved inside the root. */
void oci_mount_all(const struct oci_config *c, const struct cgroup *cg);

/* Then, if a mount put a file system on /dev: the devices every container
 * has (chapter 02's) and linux.devices, and the usual links. */
void oci_make_devices(const struct oci_config *c);

/* After pivot_root: root.readonly, and the propagation of / that
 * linux.rootfsPropagation asks for. */
void oci_finish_root(const struct oci_config *c);

#endif
