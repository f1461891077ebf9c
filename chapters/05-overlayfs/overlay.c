/*
 * overlayfs shows a stack of directories as one. The lower layers are only
 * read: the image at the bottom, then each --layer. Every change goes to the
 * upper layer: a file written is first copied up whole, a file deleted is
 * covered by a "whiteout" (a 0:0 character device) in upper, so the image
 * itself is never touched, and two containers of one image see only their
 * own writes. In the work directory overlayfs prepares a file before it moves it into upper,
 * so each change lands whole; it must be on the file system of upper.
 *
 * overlayfs is given the layers by path. To be sure they are the
 * directories the runtime checked, whatever happens to their paths, the
 * runtime takes a detached copy of each one's mount (open_tree), made
 * read-only, and the container attaches them at lower/0, lower/1 ... With
 * --userns, the copies are id-mapped first, as ch04's rootfs was (overlayfs
 * stacks on id-mapped layers from Linux 5.19).
 *
 * Those mount points, and merged/ where the overlay is mounted until it
 * becomes the root, are needed for a moment and in the container's mount
 * namespace only: they are made in a tmpfs of its own, on MNT_DIR. On
 * disk they would cost a write each to make and to remove.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/detached_mount.h"
#include "chapters/04-security/userns.h"
#include "chapters/05-overlayfs/overlay.h"
#include "chapters/05-overlayfs/state.h"
#include "common/err.h"
#include "common/file.h"
#include "common/opts.h"

void parse_layer(const struct opt *o, const char *value)
{
	struct layers *l = o->dest;
	struct stat st;
	if (l->n == 0)
		l->n = 1; /* dir[0] is the image's */
	if (l->n == MAX_LAYERS + 1)
		opt_bad(o, value, "at most " LAYERS_TEXT(MAX_LAYERS) " layers");
	if (stat(value, &st) < 0 || !S_ISDIR(st.st_mode))
		opt_bad(o, value, "no such directory");
	l->dir[l->n++] = value;
}

/* Whether directory a is b, or inside it. */
static int within(const char *a, const char *b)
{
	size_t n = strlen(b);
	return !strncmp(a, b, n) && (a[n] == '\0' || a[n] == '/' || !strcmp(b, "/"));
}

void check_upper_apart(const char *upper, const struct layers *l, const char *image)
{
	/* overlayfs would take the writes into a layer it reads from: a change
	 * the container makes would land in the image itself. */
	char up[PATH_MAX], dir[PATH_MAX];
	if (!upper || !realpath(upper, up))
		return;
	for (int i = 0; i < (l->n ? l->n : 1); i++) {
		const char *name = i ? l->dir[i] : image;
		if (!realpath(name, dir))
			continue; /* refused later, with its own message */
		if (!within(up, dir) && !within(dir, up))
			continue;
		const char *how = !strcmp(up, dir) ? "is" : within(up, dir) ? "is inside" : "holds";
		die("--upper %s: %s %s %s: overlayfs would write into a layer it reads", upper, how,
		    i ? "the layer" : "the image", name);
	}
}

void layers_open(struct layers *l, const char *image)
{
	l->dir[0] = image;
	if (l->n == 0)
		l->n = 1;
	for (int i = 0; i < l->n; i++)
		l->fd[i] = detached_copy("layer", l->dir[i], MOUNT_ATTR_RDONLY);
}

void layers_close(struct layers *l)
{
	for (int i = 0; i < l->n; i++)
		close(l->fd[i]);
}

void layers_idmap(struct layers *l, pid_t pid)
{
	for (int i = 0; i < l->n; i++)
		idmap_rootfs(l->fd[i], pid, l->dir[i], 0);
	layers_close(l);
}

/* A failed mount leaves the kernel's reason, if it gave one, to be read
 * from the file system context ("e overlay: ..."). */
static _Noreturn void fs_die(int fs, const char *what)
{
	int err = errno;
	char log[512];
	ssize_t n = read(fs, log, sizeof(log) - 1);
	if (n > 2) {
		log[n] = '\0';
		log[strcspn(log, "\n")] = '\0';
		die("%s: %s (%s)", what, strerror(err), log + 2);
	}
	errno = err;
	die_errno("%s", what);
}

static void fs_set(int fs, const char *key, const char *value)
{
	unsigned cmd = value ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG;
	char what[PATH_MAX + 64];
	if (syscall(SYS_fsconfig, fs, cmd, key, value, 0) < 0) {
		snprintf(what, sizeof(what), "mount overlayfs: %s%s%s", key, value ? "=" : "",
			 value ? value : "");
		fs_die(fs, what);
	}
}

#define LOWER  MNT_DIR "/lower"
#define MERGED MNT_DIR "/merged"

/* The tmpfs for the mount points, in this mount namespace only: the host's
 * MNT_DIR stays empty. */
static void mount_mnt_dir(void)
{
	step("mount a tmpfs on %s, in this mount namespace only: mount points lower/N, merged",
	     MNT_DIR);
	if (mount("tmpfs", MNT_DIR, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=700") < 0)
		die_errno("mount a tmpfs on %s", MNT_DIR);
	if (mkdir(LOWER, 0700) < 0 || mkdir(MERGED, 0700) < 0)
		die_errno("mkdir in %s", MNT_DIR);
}

/* Attaches layer i at lower/i, the current directory's i. */
static void attach_layer(struct layers *l, int i)
{
	/* lab: make the directory "I" here, and attach the detached mount l->fd[i] on it with
	 * move_mount(2); see docs/05-overlayfs.md "The new mount API" */
	char dir[16];
	snprintf(dir, sizeof(dir), "%d", i);
	if (mkdir(dir, 0700) < 0)
		die_errno("mkdir %s/%s", LOWER, dir);
	if (syscall(SYS_move_mount, l->fd[i], "", AT_FDCWD, dir, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		die_errno("attach layer %s on %s/%s", l->dir[i], LOWER, dir);
	/* lab end: errno = ENOSYS; die_errno("attach layer %s", l->dir[i]); */
}

/*
 * fsconfig copies at most 256 bytes of a value, its final '\0' included
 * (strndup_user in fs/fsopen.c), and says only EINVAL past it: ten absolute
 * paths of lower/N would not fit. So lowerdir names the layers relative to
 * lower/, the current directory while the overlay is made: overlayfs looks
 * them up from there (at fsconfig from Linux 6.5, at FSCONFIG_CMD_CREATE
 * before). (Linux 6.8 also takes them one per fsconfig, as "lowerdir+";
 * 6.1 does not.) At MAX_LAYERS, "32:31:...:0" is 33 names of at most 2
 * digits, each with its ':' or '\0': 99 bytes at most.
 */
_Static_assert(MAX_LAYERS < 100 && (MAX_LAYERS + 1) * 3 <= 256, "lowerdir fits in fsconfig");

/* Attaches each layer at lower/N and returns lowerdir, top first: "2:1:0". */
static const char *attach_layers(struct layers *l)
{
	static char lower[(MAX_LAYERS + 1) * 3];
	int len = 0;
	if (chdir(LOWER) < 0)
		die_errno("chdir %s", LOWER);
	for (int i = l->n - 1; i >= 0; i--) {
		attach_layer(l, i);
		len += snprintf(lower + len, sizeof(lower) - len, "%s%d", len ? ":" : "", i);
	}
	return lower;
}

const char *mount_overlay(struct layers *l, const struct state *st, int userns)
{
	mount_mnt_dir();
	step("mount overlayfs on %s: %d read-only layer(s) under %s", MERGED, l->n, st->upper);
	const char *lower = attach_layers(l);

	/* lab: mount overlayfs with lowerdir LOWER, upperdir and workdir from ST, on MERGED,
	 * by fsopen, fsconfig, fsmount, move_mount; see docs/05-overlayfs.md "overlayfs" */
	int fs = syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC);
	if (fs < 0)
		die_errno("mount overlayfs: fsopen");
	fs_set(fs, "source", "overlay");
	fs_set(fs, "lowerdir", lower);
	fs_set(fs, "upperdir", st->upper);
	fs_set(fs, "workdir", st->work);
	/* overlayfs keeps notes on upper in extended attributes: trusted.*
	 * ones, which only the host's root may set; in a user namespace,
	 * user.* ones. */
	if (userns)
		fs_set(fs, "userxattr", NULL);
	/* Changes thrown away at exit need not survive a crash: "volatile"
	 * spares the sync of the upper file system that an unmount would do
	 * (see docs/benchmark.md). Kept changes are synced as usual. */
	if (st->own_upper && !st->keep)
		fs_set(fs, "volatile", NULL);
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		fs_die(fs, userns ? "mount overlayfs (over id-mapped layers: Linux 5.19 or "
				    "later is needed)"
				  : "mount overlayfs");
	if (chdir("/") < 0) /* out of lower/: the layers are looked up */
		die_errno("chdir /");
	int mnt = syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
	if (mnt < 0)
		die_errno("mount overlayfs: fsmount");
	if (syscall(SYS_move_mount, mnt, "", AT_FDCWD, MERGED, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		die_errno("mount overlayfs on %s", MERGED);
	close(mnt);
	close(fs);
	/* lab end: (void)lower; (void)userns; (void)fs_set;
	 * errno = ENOSYS; die_errno("mount overlayfs on %s", MERGED); */
	layers_close(l);
	return MERGED;
}
