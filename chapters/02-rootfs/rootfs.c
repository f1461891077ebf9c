#include <errno.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/02-rootfs/rootfs.h"
#include "common/dir.h"
#include "common/err.h"
#include "common/file.h"
#include "common/opts.h"

void check_rootfs(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			die("rootfs %s: no such directory (make one with: make rootfs)", dir);
		die_errno("rootfs %s", dir);
	}
	if (!S_ISDIR(st.st_mode))
		die("rootfs %s: not a directory", dir);
	struct stat root;
	if (stat("/", &root) == 0 && root.st_dev == st.st_dev && root.st_ino == st.st_ino)
		die("rootfs %s: that is the host's own root", dir);
}

/* mount(2) follows symbolic links: a mount point that is a link could send
 * a mount somewhere else. Insist on a directory, and make it if missing. */
static void need_mount_point(const char *name)
{
	struct stat st;
	if (lstat(name, &st) < 0) {
		if (errno != ENOENT || mkdir(name, 0755) < 0)
			die_errno("rootfs: mkdir /%s", name);
	} else if (!S_ISDIR(st.st_mode)) {
		die("rootfs: /%s is not a directory", name);
	}
}

void enter_rootfs(const char *dir)
{
	step("bind-mount the rootfs %s onto itself, and cd into it", dir);
	/* lab: bind-mount DIR onto itself (pivot_root needs a mount point), cd into it,
	 * make the mount points proc, sys, dev; see docs/02-rootfs.md "rootfs.c" */
	if (mount(dir, dir, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_errno("bind-mount rootfs %s", dir);
	if (chdir(dir) < 0)
		die_errno("chdir %s", dir);
	need_mount_point("proc");
	need_mount_point("sys");
	need_mount_point("dev");
	/* lab end: (void)need_mount_point; errno = ENOSYS; die_errno("enter rootfs %s", dir); */
}

void mount_sysfs(const char *dir)
{
	step("mount sysfs on %s, read-only", dir);
	if (mount("sysfs", dir, "sysfs", MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
		die_errno("mount sysfs on %s", dir);
}

void pivot_to_cwd(void)
{
	step("pivot_root: the rootfs becomes /, the host's root is detached");
	/* lab: make the current directory "/" with pivot_root(2), detach the old root, cd /;
	 * see docs/02-rootfs.md "pivot_root(2)" and the section after it */
	/* pivot_root(".", ".") puts the old root on top of the new one, both at
	 * "/"; unmounting "." then takes off the top one: the old root. No
	 * directory is needed to park it in (see pivot_root(2), NOTES). */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die_errno("pivot_root");
	/* MNT_DETACH: the old root has the host's other mounts below it, so a
	 * plain unmount fails (EBUSY); detach the whole tree at once. */
	if (umount2(".", MNT_DETACH) < 0)
		die_errno("detach the old root");
	if (chdir("/") < 0)
		die_errno("chdir /");
	/* lab end: errno = ENOSYS; die_errno("pivot_root"); */
}

void parse_workdir(const struct opt *o, const char *value)
{
	/* Relative to what? The command's directory is only known inside. */
	if (value[0] != '/')
		opt_bad(o, *value ? value : "''", "must be an absolute path in the container");
	*(const char **)o->dest = value;
}

void enter_workdir(const char *dir)
{
	step("workdir %s: made if missing, the command starts there", dir);
	/* After pivot_root, so that a symbolic link on the way resolves in
	 * the container's root: it cannot lead to the host's. */
	mkdir_p(dir, 0755);
	if (chdir(dir) < 0)
		die_errno("workdir: chdir %s", dir);
}
