/*
 * A volume is a bind mount of a host path into the container. Its mount
 * point is in the image, which a stranger may have made: a symbolic link
 * there (/data -> /etc) followed on the host would mount over the host's
 * own /etc (CVE-2021-30465 and its family). So the container's path is
 * resolved with openat2(RESOLVE_IN_ROOT): the kernel treats the new root
 * as "/" for every link and "..", and the mount is made on the file
 * descriptor it found (move_mount), not on a path looked up again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/detached_mount.h"
#include "chapters/05-overlayfs/volume.h"
#include "common/err.h"
#include "common/opts.h"

void parse_volume(const struct opt *o, const char *value)
{
	struct volumes *vs = o->dest;
	char *copy = strdup(value), *mode;
	struct stat st;
	if (!copy)
		die_errno("strdup");
	if (vs->n == MAX_VOLUMES)
		opt_bad(o, value, "too many volumes");
	struct volume *v = &vs->v[vs->n];
	v->host = strtok_r(copy, ":", &mode);
	v->target = strtok_r(NULL, ":", &mode);
	if (!v->host || !v->target || (*mode && strcmp(mode, "ro") && strcmp(mode, "rw")))
		opt_bad(o, value, "use HOST:CONTAINER, or HOST:CONTAINER:ro");
	if (v->host[0] != '/' || v->target[0] != '/')
		opt_bad(o, value, "HOST and CONTAINER must be absolute paths");
	if (!strcmp(v->target + strspn(v->target, "/"), ""))
		opt_bad(o, value, "CONTAINER cannot be the container's root");
	if (stat(v->host, &st) < 0)
		opt_bad(o, value, "HOST: no such file or directory");
	v->ro = !strcmp(mode, "ro");
	v->dir = S_ISDIR(st.st_mode);
	vs->n++;
}

void volumes_open(struct volumes *vs)
{
	for (int i = 0; i < vs->n; i++) {
		struct volume *v = &vs->v[i];
		/* nodev: the container may mknod (CAP_MKNOD), but a device node
		 * it makes in a volume must not open the host's disk. */
		uint64_t flags = MOUNT_ATTR_NODEV | (v->ro ? MOUNT_ATTR_RDONLY : 0);
		v->fd = detached_copy("--volume", v->host, flags);
	}
}

void volumes_close(struct volumes *vs)
{
	for (int i = 0; i < vs->n; i++)
		close(vs->v[i].fd);
}

/* Opens path inside root: the kernel never leaves root, whatever links or
 * ".." the path meets. (No magic links, like /proc/self/root, either.) */
static int resolve(int root, const char *path, int flags)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC | flags,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	return syscall(SYS_openat2, root, path, &how, sizeof(how));
}

/* Makes name in dir: a directory on the way, or at the end one like HOST. */
static int make_in(int dir, const char *name, int file)
{
	if (!file)
		return mkdirat(dir, name, 0755);
	/* O_EXCL: a link already there is not followed, but fails. */
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	return fd < 0 ? -1 : close(fd);
}

/* What is missing of the path is made, each piece in the directory the
 * kernel resolved before it. */
int open_mount_point(int root, const char *target, int file, const char *what)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s", target);
	int dir = resolve(root, "/", O_DIRECTORY);
	for (char *name = path + strspn(path, "/"); dir >= 0;) {
		char *end = name + strcspn(name, "/");
		int last = end[strspn(end, "/")] == '\0';
		char c = *end;
		*end = '\0';
		int fd = resolve(root, path, last ? 0 : O_DIRECTORY);
		if (fd < 0 && errno == ENOENT) {
			step("make %s in the container, to mount the volume on", path);
			int made = make_in(dir, name, last && file);
			/* Not found, yet there: a symbolic link to nothing. */
			if (made < 0 && errno == EEXIST)
				die("%s: %s in the container is a symbolic link to nothing", what,
				    path);
			if (made < 0)
				die_errno("%s: make %s in the container", what, path);
			fd = resolve(root, path, last ? 0 : O_DIRECTORY);
		}
		if (fd < 0)
			die_errno("%s: %s in the container", what, path);
		close(dir);
		if (last)
			return fd;
		dir = fd;
		*end = c;
		name = end + strspn(end, "/");
	}
	die_errno("%s: the container's root", what);
}

static void mount_volume(int root, struct volume *v)
{
	step("mount volume %s on %s%s", v->host, v->target, v->ro ? ", read-only" : "");
	char what[PATH_MAX + 16];
	snprintf(what, sizeof(what), "--volume %s", v->host);
	int point = open_mount_point(root, v->target, !v->dir, what);
	struct stat st;
	if (fstat(point, &st) < 0)
		die_errno("--volume %s: stat %s", v->host, v->target);
	if (!S_ISDIR(st.st_mode) != !v->dir)
		die("--volume %s:%s: %s is %sa directory in the container", v->host, v->target,
		    v->target, v->dir ? "not " : "");
	if (syscall(SYS_move_mount, v->fd, "", point, "",
		    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		die_errno("--volume %s: mount on %s", v->host, v->target);
	close(point);
	close(v->fd);
}

void mount_volumes(struct volumes *vs)
{
	int root = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		die_errno("open the container's root");
	for (int i = 0; i < vs->n; i++)
		mount_volume(root, &vs->v[i]);
	close(root);
}
