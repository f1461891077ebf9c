/* A detached mount: a copy of a mount, attached nowhere, held by a file
 * descriptor. The host's side of every tree the container is handed this
 * way: the --userns rootfs here, chapter 05's layers and volumes. */
#ifndef KOBAKO_DETACHED_MOUNT_H
#define KOBAKO_DETACHED_MOUNT_H

#include <stdint.h>

/* On the host, before clone: a copy of the mount at path, and of the mounts
 * below it (open_tree), private, with the flags attr_set (MOUNT_ATTR_RDONLY,
 * MOUNT_ATTR_NODEV ..., or 0) on each. Returns its descriptor, which the
 * container inherits. Dies naming who and path: "--volume /srv: open_tree". */
int detached_copy(const char *who, const char *path, uint64_t attr_set);

#endif
