/*
 * open_tree(OPEN_TREE_CLONE) copies a mount as a bind mount would, but
 * attaches the copy nowhere: it exists only as a file descriptor until
 * move_mount puts it somewhere. Until then, no one else can see it or
 * mount on it, and it can be changed in ways an attached mount cannot
 * (only a detached mount can be id-mapped). The runtime takes the copy on
 * the host, where it checked the path; the container, which inherits the
 * descriptor, attaches it in its own mount namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/detached_mount.h"
#include "common/err.h"

/* open_tree came with Linux 5.2, mount_setattr with 5.12. */
static const char *too_old(void)
{
	return errno == ENOSYS ? " (Linux 5.12 or later is needed)" : "";
}

int detached_copy(const char *who, const char *path, uint64_t attr_set)
{
	int fd = syscall(SYS_open_tree, AT_FDCWD, path,
			 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (fd < 0)
		die_errno("%s %s: open_tree%s", who, path, too_old());
	/* A copy of a shared mount is a peer of it: what the container mounts
	 * in it would appear on the host too. Private, like every mount the
	 * container has (chapter 01's make_mounts_private came before it). */
	struct mount_attr attr = { .attr_set = attr_set, .propagation = MS_PRIVATE };
	int rc = syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
			 sizeof(attr));
	if (rc < 0)
		die_errno("%s %s: mount_setattr%s", who, path, too_old());
	return fd;
}
