/*
 * An OCI caller lists every mount the container gets, /proc and /dev
 * included, where chapters 01 to 07 chose them: the runtime makes them in
 * order. Each destination is resolved inside the new root (chapter 05's
 * open_mount_point()), so a symbolic link in the image cannot send a mount
 * onto the host's own directories; the mount is then made on the descriptor
 * the kernel resolved, through /proc/self/fd.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "chapters/02-rootfs/dev.h"
#include "chapters/05-overlayfs/volume.h"
#include "chapters/08-oci/oci_mounts.h"
#include "common/err.h"

/* A bind mount of a file needs a file to mount on; of a directory, a directory. */
static int source_is_file(const struct oci_mount *m)
{
	struct stat st;
	return (m->flags & MS_BIND) && m->source && stat(m->source, &st) == 0 &&
	       !S_ISDIR(st.st_mode);
}

/* A bind mount takes its flags (ro, nosuid ...) only from a remount. */
static void remount_bind(const struct oci_mount *m, const char *at)
{
	unsigned long extra = m->flags & ~(MS_BIND | MS_REC);
	if (!extra)
		return;
	if (mount(NULL, at, NULL, MS_BIND | MS_REMOUNT | extra, NULL) < 0)
		die_errno("mounts: remount %s (%#lx)", m->destination, extra);
}

static void copy_tree(int from, int to);

/* One entry of a directory, copied with its mode and owner. */
static void copy_entry(int from, int to, const char *name)
{
	struct stat st;
	if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		die_errno("tmpcopyup: stat %s", name);
	if (S_ISDIR(st.st_mode)) {
		if (mkdirat(to, name, st.st_mode & 07777) < 0)
			die_errno("tmpcopyup: mkdir %s", name);
		int a = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int b = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (a < 0 || b < 0)
			die_errno("tmpcopyup: open %s", name);
		copy_tree(a, b);
		close(a);
		close(b);
	} else if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(from, name, target, sizeof(target) - 1);
		if (n < 0 || (target[n] = '\0', symlinkat(target, to, name) < 0))
			die_errno("tmpcopyup: link %s", name);
	} else if (S_ISREG(st.st_mode)) {
		int a = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		int b = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			       st.st_mode & 07777);
		if (a < 0 || b < 0)
			die_errno("tmpcopyup: copy %s", name);
		while (copy_file_range(a, NULL, b, NULL, 1 << 20, 0) > 0)
			;
		close(a);
		close(b);
	} else {
		return; /* a device, a socket, a FIFO: not an image's to hand down */
	}
	if (fchownat(to, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		die_errno("tmpcopyup: chown %s", name);
}

static void copy_tree(int from, int to)
{
	DIR *d = fdopendir(dup(from));
	if (!d)
		die_errno("tmpcopyup: opendir");
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			copy_entry(from, to, e->d_name);
	closedir(d);
}

/* tmpcopyup (runc's and crun's word, which Podman uses for --read-only's
 * /tmp, /run ...): the new tmpfs starts with what the image had there. The
 * directory under it is still reached through a descriptor opened before
 * the mount. */
static void tmpfs_copy_up(int under, const char *at)
{
	int top = open(at, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (top < 0)
		die_errno("tmpcopyup: open the new tmpfs");
	copy_tree(under, top);
	close(top);
}

/* The descriptor names what was under the mount point when it was opened:
 * once something is mounted there, the path is resolved again, inside the
 * root, to reach the new mount itself. */
static int reopen(int root, int point, const struct oci_mount *m, const char *what, char *at)
{
	close(point);
	point = open_mount_point(root, m->destination, source_is_file(m), what);
	sprintf(at, "/proc/self/fd/%d", point);
	return point;
}

static void mount_one(int root, const struct oci_mount *m, const struct cgroup *cg, size_t i)
{
	char what[32], at[64];
	snprintf(what, sizeof(what), "mounts[%zu]", i);
	int point = open_mount_point(root, m->destination, source_is_file(m), what);
	snprintf(at, sizeof(at), "/proc/self/fd/%d", point);
	const char *type = m->type ? m->type : "none";
	step("mount %s on %s (%s%s%s)", m->source ? m->source : type, m->destination, type,
	     *m->data ? ", " : "", m->data);
	if ((!strcmp(type, "cgroup") || !strcmp(type, "cgroup2")) && cg->v1) {
		mount_cgroupfs(cg, at); /* says why there is none */
		close(point);
		return;
	}
	int under = m->tmpcopyup ? open(at, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (!strcmp(type, "cgroup") || !strcmp(type, "cgroup2"))
		mount_cgroupfs(cg, at); /* the container's own subtree, read-only */
	else if (m->flags & MS_BIND &&
		 mount(m->source, at, NULL, m->flags & (MS_BIND | MS_REC), NULL) < 0)
		die_errno("%s: bind-mount %s on %s", what, m->source, m->destination);
	else if (!(m->flags & MS_BIND) &&
		 mount(m->source ? m->source : type, at, type, m->flags, m->data) < 0)
		die_errno("%s: mount %s on %s", what, type, m->destination);
	point = reopen(root, point, m, what, at);
	if (m->flags & MS_BIND)
		remount_bind(m, at);
	if (under >= 0) {
		tmpfs_copy_up(under, at);
		close(under);
	}
	if (m->propagation && mount(NULL, at, NULL, m->propagation, NULL) < 0)
		die_errno("%s: propagation of %s", what, m->destination);
	close(point);
}

void oci_mount_all(const struct oci_config *c, const struct cgroup *cg)
{
	int root = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		die_errno("open the container's root");
	for (size_t i = 0; i < c->n_mounts; i++)
		mount_one(root, &c->mounts[i], cg, i);
	close(root);
}

static int mounted_on_dev(const struct oci_config *c)
{
	for (size_t i = 0; i < c->n_mounts; i++)
		if (!strcmp(c->mounts[i].destination, "/dev"))
			return 1;
	return 0;
}

/* A device of linux.devices: the host's own node bound in when the host
 * has that very device at that path (so it works on a nodev /dev, as
 * chapter 02's do); made with mknod otherwise. */
static void make_device(const struct oci_device *d, size_t i)
{
	char here[PATH_MAX];
	snprintf(here, sizeof(here), ".%s", d->path);
	dev_t want = makedev(d->major, d->minor);
	struct stat st;
	if (lstat(here, &st) == 0)
		return; /* chapter 02's null, zero ... already there */
	if (stat(d->path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) &&
	    st.st_rdev == want) {
		int fd = open(here, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0 || close(fd) < 0 || mount(d->path, here, NULL, MS_BIND, NULL) < 0)
			die_errno("linux.devices[%zu]: bind %s", i, d->path);
		return;
	}
	mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
	if (mknod(here, type | d->mode, want) < 0)
		die_errno("linux.devices[%zu]: mknod %s", i, d->path);
	if (chown(here, d->uid, d->gid) < 0)
		die_errno("linux.devices[%zu]: chown %s", i, d->path);
}

void oci_make_devices(const struct oci_config *c)
{
	if (!mounted_on_dev(c))
		return;
	step("devices in /dev: null zero full random urandom tty, and %zu of linux.devices",
	     c->n_devices);
	add_devices("dev");
	for (size_t i = 0; i < c->n_devices; i++)
		make_device(&c->devices[i], i);
}

void oci_finish_root(const struct oci_config *c)
{
	if (c->root_readonly) {
		step("root.readonly: / read-only");
		if (mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
			die_errno("root.readonly: remount / read-only");
	}
	if (c->rootfs_propagation && mount(NULL, "/", NULL, c->rootfs_propagation, NULL) < 0)
		die_errno("linux.rootfsPropagation");
}
