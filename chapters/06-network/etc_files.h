/*
 * Name resolution: the container's /etc/hostname, /etc/hosts and
 * /etc/resolv.conf. They are written into its state directory and mounted
 * over the image's, as volumes: the image is never written to, and each
 * container gets its own.
 */
#ifndef KOBAKO_ETC_FILES_H
#define KOBAKO_ETC_FILES_H

#include <sys/types.h>

#include "chapters/05-overlayfs/state.h"
#include "chapters/05-overlayfs/volume.h"
#include "chapters/06-network/network.h"

/* Before clone: writes the files into st->dir, owned by uid:gid (the
 * container's root), and adds them to vs, after the --volume ones, unless
 * a --volume already mounts something on that path. */
void etc_files_write(const struct state *st, const struct network *net, const char *hostname,
		     struct volumes *vs, uid_t uid, gid_t gid);

/* Once the container has its address: adds "ADDRESS HOSTNAME" to its hosts. */
void etc_hosts_add_address(const struct state *st, const struct network *net, const char *hostname);

#endif
