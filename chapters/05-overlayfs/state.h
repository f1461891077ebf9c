/* The container's state directory: its writable layer, and who owns it. */
#ifndef KOBAKO_STATE_H
#define KOBAKO_STATE_H

#include <limits.h>
#include <sys/types.h>

/* Each container's state lives in STATE_ROOT/NAME. */
#define STATE_ROOT "/var/lib/kobako/containers"
/* Where overlayfs's mount points go: always empty on the host, as each
 * container mounts a tmpfs of its own on it, in its own mount namespace
 * (overlay.c). */
#define MNT_DIR "/var/lib/kobako/mnt"

struct state {
	char dir[PATH_MAX];   /* STATE_ROOT/NAME */
	char upper[PATH_MAX]; /* dir/upper, or --upper DIR: the container's changes */
	char work[PATH_MAX];  /* dir/work: overlayfs's work directory */
	int own_upper;        /* upper is dir/upper, not --upper */
	int keep;             /* --keep: leave upper behind at exit */
	int fd;               /* dir, open and locked while we run; -1 when removed */
	int upper_fd;         /* upper, the same: no two containers share it */
};

/* Option parser (struct opt) for --upper: an existing directory on the file
 * system of STATE_ROOT. */
struct opt;
void parse_upper(const struct opt *o, const char *value);

/* Makes STATE_ROOT/NAME with upper/ (unless upper is given) and work/,
 * locked, reclaiming first what runtimes that were killed left, and
 * MNT_DIR if it is not there yet.
 * uid and gid own what overlayfs writes: the container's root. Its removal
 * is arranged for if the runtime fails later. */
void state_create(struct state *st, const char *name, const char *upper, int keep, uid_t uid,
		  gid_t gid);

/* Removes the state directory; with keep, all but upper/. */
void state_remove(struct state *st);

/* In the container: lets go of the runtime's locks, so that they die with
 * the runtime alone. */
void state_leave(struct state *st);

#endif
