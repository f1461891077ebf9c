/* --userns: root in the container is an unprivileged user on the host. */
#ifndef KOBAKO_USERNS_H
#define KOBAKO_USERNS_H

#include <sys/types.h>

/* Container ids 0..USERNS_IDS-1 are host ids base..base+USERNS_IDS-1. */
enum { USERNS_IDS = 65536 };

struct idmap {
	unsigned uid_base, gid_base;
};

/* Before anything is made: dies unless the namespace maps u's uid and gid,
 * as --user within --userns must be. */
struct user;
void userns_check_user(const struct user *u);

/* On the host, before anything is made: the bases, from root's lines in
 * /etc/subuid and /etc/subgid, or DEFAULT_BASE where there is none. */
void userns_find_base(struct idmap *m);

/* On the host, before clone: a detached copy of the mount of dir, as a file
 * descriptor (open_tree). The container inherits it. */
int open_rootfs_tree(const char *dir);

/* On the host, once the container (pid) is in its new user namespace:
 * writes its uid_map and gid_map. */
void userns_write_maps(pid_t pid, const struct idmap *m);

/* On the host: makes the detached rootfs an id-mapped mount for pid's user
 * namespace. Dies, naming dir, if its file system cannot be id-mapped.
 * writable: the container writes there (chapter 04's rootfs), and --verbose
 * says what follows. */
void idmap_rootfs(int tree, pid_t pid, const char *dir, int writable);

/* In the container, first thing: become root of the new user namespace. */
void become_userns_root(void);

/* In the container's mount namespace: mounts the id-mapped rootfs (move_mount)
 * where the container's root can reach it, and returns that path, for
 * enter_rootfs(). */
const char *attach_rootfs(int tree);

#endif
