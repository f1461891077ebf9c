#include <errno.h> /* ENOSYS, in a lab's stub */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chapters/02-rootfs/dev.h"
#include "common/array.h"
#include "common/err.h"

/* The character devices every program may use, and nothing that reaches
 * hardware: no disks, no /dev/mem, no /dev/kmsg. */
static const char *const devices[] = { "null", "zero", "full", "random", "urandom", "tty" };

/* clang-format off */
static const struct {
	const char *name, *target;
} links[] = {
	{ "ptmx", "pts/ptmx" },
	{ "fd", "/proc/self/fd" },
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
};
/* clang-format on */

static void mount_fs(const char *type, const char *dir, unsigned long flags, const char *data)
{
	if (mkdir(dir, 0755) < 0)
		die_errno("mkdir %s", dir);
	if (mount(type, dir, type, flags, data) < 0)
		die_errno("mount %s on %s", type, dir);
}

/* The host's device, bind-mounted onto an empty file. (mknod would need
 * CAP_MKNOD, which a container in a user namespace, chapter 04, lacks.) */
static void bind_device(const char *dir, const char *name)
{
	/* lab: bind-mount the host's /dev/NAME onto an empty file DIR/NAME;
	 * see docs/02-rootfs.md "dev.c" */
	char host[64], here[256];
	snprintf(host, sizeof(host), "/dev/%s", name);
	snprintf(here, sizeof(here), "%s/%s", dir, name);
	int fd = open(here, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0)
		die_errno("create %s", here);
	close(fd);
	if (mount(host, here, NULL, MS_BIND, NULL) < 0)
		die_errno("bind-mount %s", host);
	/* lab end: (void)dir; errno = ENOSYS; die_errno("bind-mount /dev/%s", name); */
}

void add_devices(const char *dir)
{
	for (size_t i = 0; i < ARRAY_SIZE(devices); i++)
		bind_device(dir, devices[i]);
	char path[256];
	for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, links[i].name);
		if (symlink(links[i].target, path) < 0)
			die_errno("symlink %s", path);
	}
}

void make_dev(const char *dir)
{
	step("mount a fresh /dev on %s: null zero full random urandom tty, pts, shm, mqueue", dir);
	if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=64k") < 0)
		die_errno("mount tmpfs on %s", dir);
	add_devices(dir);

	char path[256];
	/* newinstance: the container's terminals, not the host's /dev/pts/N. */
	snprintf(path, sizeof(path), "%s/pts", dir);
	mount_fs("devpts", path, MS_NOSUID | MS_NOEXEC,
		 "newinstance,ptmxmode=0666,mode=0620,gid=5");
	snprintf(path, sizeof(path), "%s/shm", dir);
	mount_fs("tmpfs", path, MS_NOSUID | MS_NOEXEC | MS_NODEV, "mode=1777,size=65536k");
	/* The message queues of the container's own IPC namespace. */
	snprintf(path, sizeof(path), "%s/mqueue", dir);
	mount_fs("mqueue", path, MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL);
}
