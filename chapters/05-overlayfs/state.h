/* The container's state directory: its writable layer, and who owns it. */
#ifndef KOBAKO_STATE_H
#define KOBAKO_STATE_H

#include <limits.h>
#include <sys/types.h>

/* Where the runtime keeps its state unless --root says otherwise, as runc's
 * --root: each container's lives in ROOT/containers/NAME. */
#define DEFAULT_ROOT "/var/lib/kobako"
/* The longest ROOT: ROOT/containers/NAME/upper, NAME up to 64 bytes, must
 * fit in the 255 bytes that overlayfs takes for a path. */
#define ROOT_MAX (255 - 12 - 64 - 6)
/* Where overlayfs's mount points go: always empty on the host, as each
 * container mounts a tmpfs of its own on it, in its own mount namespace
 * (overlay.c), so it is one for every --root. */
#define MNT_DIR "/var/lib/kobako/mnt"

struct state {
	char root[PATH_MAX];  /* ROOT/containers: every container's state dir */
	char dir[PATH_MAX];   /* ROOT/containers/NAME */
	char upper[PATH_MAX]; /* dir/upper, or --upper DIR: the container's changes */
	char work[PATH_MAX];  /* dir/work: overlayfs's work directory */
	int own_upper;        /* upper is dir/upper, not --upper */
	int keep;             /* --keep: leave upper behind at exit */
	int fd;               /* dir, open and locked while we run; -1 when removed */
	int upper_fd;         /* upper, the same: no two containers share it */
};

/* Option parsers (struct opt): --root, a directory made if missing, and
 * --upper, an existing one. */
struct opt;
void parse_root(const struct opt *o, const char *value);
void parse_upper(const struct opt *o, const char *value);

/* Dies unless upper (if given) is on the file system of ROOT/containers,
 * where overlayfs needs its work directory. */
void check_upper_fs(const char *upper, const char *root);

/* Makes ROOT/containers/NAME with upper/ (unless upper is given) and work/,
 * locked, reclaiming first what runtimes that were killed left in
 * ROOT/containers (and in no other root), and MNT_DIR if it is not there yet.
 * uid and gid own what overlayfs writes: the container's root. Its removal
 * is arranged for if the runtime fails later. */
void state_create(struct state *st, const char *root, const char *name, const char *upper, int keep,
		  uid_t uid, gid_t gid);

/* Removes the state directory; with keep, all but upper/. */
void state_remove(struct state *st);

/* In the container: lets go of the runtime's locks, so that they die with
 * the runtime alone. */
void state_leave(struct state *st);

#endif
