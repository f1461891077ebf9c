/* The container's own root file system. */
#ifndef KOBAKO_ROOTFS_H
#define KOBAKO_ROOTFS_H

/* On the host, before anything is made: dies unless dir is a directory. */
void check_rootfs(const char *dir);

/* In the container's mount namespace: makes dir a mount point of its own
 * (pivot_root needs one), moves into it, and makes sure the mount points the
 * container needs (proc, sys, dev) are real directories there. */
void enter_rootfs(const char *dir);

/* sysfs, read-only: the kernel's view of devices and drivers. */
void mount_sysfs(const char *dir);

/* Makes the current directory the root (/) and detaches the old root, so
 * nothing of the host's file system is left to reach. */
void pivot_to_cwd(void);

/* Option parser (struct opt) for --workdir DIR: an absolute path inside the
 * container, into a const char *. */
struct opt;
void parse_workdir(const struct opt *o, const char *value);

/* In the new root, after pivot_to_cwd: makes dir, and every missing parent,
 * as `docker run -w` does, and moves into it: the command starts there. */
void enter_workdir(const char *dir);

#endif
