/*
 * A user namespace has ids of its own, each mapped to an id of the host
 * (/proc/PID/uid_map: "0 1000000000 65536" makes container root host uid
 * 1000000000). Its root has every capability, but only over what the
 * namespace owns: its own mounts, network, hostname. To the rest of the
 * host, and to any file outside, it is an unprivileged user who owns nothing.
 *
 * The rootfs's files are owned by host root, so container root could not
 * write to them, and a chown of the whole image would be slow and shared by
 * nobody. An id-mapped mount (Linux 5.12) fixes this where it is seen: through
 * it, the files of host uid 0 are shown and written as uid 1000000000, which
 * the container sees as its 0. The disk is untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/detached_mount.h"
#include "chapters/04-security/user.h"
#include "chapters/04-security/userns.h"
#include "common/err.h"
#include "common/file.h"

/* Far above the ids useradd hands out (up to 60000, and subordinate ranges
 * from 100000 up), so no host user or group owns any of these ids. */
#define DEFAULT_BASE 1000000000U

/* The start of root's range in /etc/subuid or /etc/subgid ("root:START:COUNT"). */
static unsigned base_from(const char *file)
{
	FILE *f = fopen(file, "re");
	char line[256];
	if (!f)
		return DEFAULT_BASE;
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		unsigned start, count;
		if (sscanf(line, "%63[^:]:%u:%u", name, &start, &count) != 3 ||
		    (strcmp(name, "root") && strcmp(name, "0")))
			continue;
		fclose(f);
		if (count < USERNS_IDS)
			die("--userns: %s gives root %u ids; %u are needed", file, count,
			    USERNS_IDS);
		return start;
	}
	fclose(f);
	return DEFAULT_BASE;
}

void userns_check_user(const struct user *u)
{
	if (u->uid >= USERNS_IDS || u->gid >= USERNS_IDS)
		die("--user %u:%u: with --userns, ids above %u have no mapping", (unsigned)u->uid,
		    (unsigned)u->gid, USERNS_IDS - 1);
}

void userns_find_base(struct idmap *m)
{
	m->uid_base = base_from("/etc/subuid");
	m->gid_base = base_from("/etc/subgid");
	step("new user namespace: container uids 0-%u are host uids %u-%u, gids from %u",
	     USERNS_IDS - 1, m->uid_base, m->uid_base + USERNS_IDS - 1, m->gid_base);
}

int open_rootfs_tree(const char *dir)
{
	/* Detached: only a mount that is attached nowhere can be given an
	 * id-mapping, which idmap_rootfs() does once the namespace exists. */
	return detached_copy("--userns: rootfs", dir, 0);
}

static void write_map(pid_t pid, const char *which, unsigned base)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, which);
	if (write_file(path, "0 %u %u\n", base, USERNS_IDS) < 0)
		die_errno("write %s", path);
}

void userns_write_maps(pid_t pid, const struct idmap *m)
{
	step("write the container's uid_map and gid_map: 0 %u %u", m->uid_base, USERNS_IDS);
	write_map(pid, "uid_map", m->uid_base);
	write_map(pid, "gid_map", m->gid_base);
}

void idmap_rootfs(int tree, pid_t pid, const char *dir, int writable)
{
	step("id-map the rootfs %s for the container's user namespace", dir);
	/* What the container's root writes there is root's on disk: a setuid
	 * program it plants would run as root for any host user who can reach
	 * it. Chapter 05 writes to a 0700 directory of its own instead. */
	if (writable)
		step("the container's root writes %s as the host's root: keep it where only "
		     "root can enter",
		     dir);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	int ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		die_errno("open %s", path);
	/* The mount takes the namespace's mapping: a file of host uid K is
	 * shown as the host uid that the namespace's id K maps to. */
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = ns };
	int rc = syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
			 sizeof(attr));
	int err = errno;
	close(ns);
	if (rc < 0 && (err == EINVAL || err == EOPNOTSUPP))
		die("--userns: rootfs %s: its file system cannot be id-mapped (ext4, xfs, "
		    "btrfs can; tmpfs from Linux 6.3; overlayfs, 9p cannot)",
		    dir);
	errno = err;
	if (rc < 0)
		die_errno("--userns: id-map the rootfs %s", dir);
}

void become_userns_root(void)
{
	/* clone left us with the host's root ids, which the namespace does
	 * not map: we would show as 65534 ("nobody") and could create no file.
	 * Its own root is ours to become: we hold every capability in it. */
	step("become root of the user namespace");
	if (setresgid(0, 0, 0) < 0)
		die_errno("setgid 0 in the user namespace");
	if (setresuid(0, 0, 0) < 0)
		die_errno("setuid 0 in the user namespace");
	/* A change of user cleared the parent-death signal. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die_errno("prctl PR_SET_PDEATHSIG");
}

const char *attach_rootfs(int tree)
{
	/* Not on the rootfs's own path: the container's root is an ordinary
	 * user to the host's directories, and a home of mode 0750 above the
	 * rootfs would stop it. /tmp is open to all, and covering it here, in
	 * the container's own mount namespace, hides nothing from the host. */
	static const char dir[] = "/tmp";
	step("mount the id-mapped rootfs on %s (this mount namespace's only)", dir);
	if (syscall(SYS_move_mount, tree, "", AT_FDCWD, dir, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		die_errno("--userns: mount the id-mapped rootfs on %s", dir);
	close(tree);
	return dir;
}
