/*
 * /proc and /sys are the kernel's own file systems. A new PID namespace
 * gives /proc new process directories, but much of the rest is still the
 * host's: /proc/sys/kernel/core_pattern names a program the host runs as
 * root when any process crashes; /proc/sysrq-trigger reboots the machine;
 * /proc/kcore is the kernel's memory. Capabilities guard some of these,
 * not all, and not for a container that was given more. So, as Docker
 * does: some paths become read-only, some are hidden under an empty mount.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "chapters/04-security/paths.h"
#include "common/array.h"
#include "common/err.h"

static const char *const read_only[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

static const char *const masked[] = {
	"/proc/acpi",        "/proc/asound",  "/proc/interrupts",
	"/proc/kcore",       "/proc/keys",    "/proc/latency_stats",
	"/proc/sched_debug", "/proc/scsi",    "/proc/timer_list",
	"/proc/timer_stats", "/sys/firmware", "/sys/devices/virtual/powercap",
};

/* A bind mount starts with the flags of the mount it copies; a remount sets
 * them all at once. nosuid, nodev, noexec must be asked for again, or the
 * kernel refuses (a mount may not lose them) or, worse, drops them. */
static unsigned long flags_of(const char *path)
{
	struct statvfs st;
	if (statvfs(path, &st) < 0)
		die_errno("statvfs %s", path);
	unsigned long flags = 0;
	if (st.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (st.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (st.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (st.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (st.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (st.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	return flags;
}

static void make_read_only(const char *path)
{
	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
		if (errno == ENOENT)
			return;
		die_errno("bind-mount %s", path);
	}
	/* Only a remount makes a bind mount read-only. */
	unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | flags_of(path);
	if (mount(NULL, path, NULL, flags, NULL) < 0)
		die_errno("make %s read-only", path);
}

const char *const *read_only_paths(int *n)
{
	*n = ARRAY_SIZE(read_only);
	return read_only;
}

const char *const *masked_paths(int *n)
{
	*n = ARRAY_SIZE(masked);
	return masked;
}

void make_paths_read_only(void)
{
	step("read-only: /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger");
	for (size_t i = 0; i < ARRAY_SIZE(read_only); i++)
		make_read_only(read_only[i]);
}

void make_these_read_only(char *const *paths)
{
	for (; paths && *paths; paths++)
		make_read_only(*paths);
}

/* A device node can be opened only if its mount allows it: "nodev" says
 * no, whatever the caller's capabilities. The rootfs is bind-mounted with
 * every mount below it on the host, each with its own flags (a tmpfs on
 * ROOTFS/mnt brings a "dev" mount in): all of them get nodev at once, with
 * mount_setattr(AT_RECURSIVE). Before /proc, /sys and /dev are mounted on
 * it, so the devices of /dev keep working. nosuid stays off, as Docker
 * leaves it off a rootfs (no_new_privs makes setuid bits inert anyway). */
void forbid_device_nodes_below(const char *dir)
{
	step("nodev on the rootfs and every mount below it: no device node there can be opened");
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_NODEV };
	if (syscall(SYS_mount_setattr, AT_FDCWD, dir, AT_RECURSIVE, &attr, sizeof(attr)) < 0)
		die_errno("mount_setattr %s nodev", dir);
}

/* /dev is a tmpfs of its own, writable: nodev too. Its devices are mounts
 * of their own (chapter 02), and keep working. This, and the rootfs, are
 * the writable mounts a container could make a node on (/dev/shm, /proc
 * and /sys are nodev already). The devices cgroup (devices.c) is the
 * second wall, for a container that is allowed to remount them "dev". */
void forbid_device_nodes(void)
{
	step("nodev on /dev: a device node made there cannot be opened");
	unsigned long flags = MS_BIND | MS_REMOUNT | MS_NODEV | flags_of("/dev");
	if (mount(NULL, "/dev", NULL, flags, NULL) < 0)
		die_errno("remount /dev nodev");
}

/* The /dev/null that is bound over masked files must be the real one: a
 * file or another device there would show its contents instead. */
static void check_dev_null(void)
{
	struct stat st;
	if (stat("/dev/null", &st) < 0)
		die_errno("stat /dev/null");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
		die("/dev/null is not the null device (1:3): cannot mask paths with it");
}

static void mask(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return;
		die_errno("lstat %s", path);
	}
	if (S_ISDIR(st.st_mode)) {
		unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
		if (mount("tmpfs", path, "tmpfs", flags, "mode=555") < 0)
			die_errno("mask %s with an empty tmpfs", path);
	} else if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) {
		die_errno("mask %s with /dev/null", path);
	}
}

void mask_paths(void)
{
	step("masked: /proc/kcore /proc/keys ... /sys/firmware (%zu paths)", ARRAY_SIZE(masked));
	check_dev_null();
	for (size_t i = 0; i < ARRAY_SIZE(masked); i++)
		mask(masked[i]);
}

void mask_these(char *const *paths)
{
	if (!paths || !*paths)
		return;
	check_dev_null();
	for (; *paths; paths++)
		mask(*paths);
}
