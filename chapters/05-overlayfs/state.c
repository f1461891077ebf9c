/*
 * Every container gets a directory of its own, STATE_ROOT/NAME, for what
 * overlayfs needs on disk besides the image: upper/ (the container's changes)
 * and work/ (overlayfs's work directory, where it prepares each change
 * before moving it into upper/, so it must be on upper's file system). Its
 * mount points are not on disk: overlay.c makes them in a tmpfs on MNT_DIR.
 *
 * Ownership works as chapter 03's cgroups: a running runtime holds a lock
 * (flock) on its directory, which the kernel drops when the runtime dies,
 * even by SIGKILL. A directory nobody holds was left by a runtime that was
 * killed, and the next run removes it, unless it is changes kept on purpose
 * (--keep): those hold upper/ alone, as work/ is the last thing removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chapters/05-overlayfs/state.h"
#include "common/array.h"
#include "common/dir.h"
#include "common/err.h"
#include "common/file.h"
#include "common/opts.h"

void parse_upper(const struct opt *o, const char *value)
{
	struct stat st, root;
	if (stat(value, &st) < 0 || !S_ISDIR(st.st_mode))
		opt_bad(o, value, "no such directory");
	/* overlayfs wants its work directory on the file system of upper. */
	const char *dirs[] = { STATE_ROOT, "/var/lib/kobako", "/var/lib", "/var", "/" };
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (stat(dirs[i], &root) == 0)
			break;
	if (st.st_dev != root.st_dev)
		opt_bad(o, value,
			"not on the file system of " STATE_ROOT ", where overlayfs "
			"needs its work directory");
	/* Absolute, as the container looks it up from a directory of its own
	 * (overlay.c); and short enough for fsconfig, which takes 255 bytes. */
	char *path = realpath(value, NULL);
	if (!path)
		opt_bad(o, value, "no such directory");
	if (strlen(path) > 255)
		opt_bad(o, value, "its path is longer than the 255 bytes overlayfs takes");
	*(const char **)o->dest = path;
}

static void remove_or_warn(int parent, const char *dir, const char *name)
{
	if (remove_tree(parent, name) < 0)
		warnx("remove %s/%s: %s", dir, name, strerror(errno));
}

/* --- who owns a state directory ------------------------------------------ */

/* Changes kept with --keep: upper/ is there, work/ is not. */
static int is_kept(int root, const char *name)
{
	struct stat st;
	char path[PATH_MAX];
	return fstatat(root, pathf(path, "%s/upper", name), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       fstatat(root, pathf(path, "%s/work", name), &st, AT_SYMLINK_NOFOLLOW) < 0;
}

/* A directory in STATE_ROOT that nobody holds: removed, unless kept. */
static void reclaim_stale(const char *name, void *root)
{
	if (is_kept(*(int *)root, name))
		return;
	warnx("reclaiming %s/%s, left by a runtime that was killed", STATE_ROOT, name);
	remove_or_warn(*(int *)root, STATE_ROOT, name);
}

/* --- the container's state directory -------------------------------------- */

static void make_dir(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	if (mkdir(path, mode) < 0)
		die_errno("mkdir %s", path);
	if (chown(path, uid, gid) < 0)
		die_errno("chown %s", path);
}

static int same_dir(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* STATE_ROOT/NAME is there already: changes a container of that name kept,
 * which only --upper may use. */
static void reuse_kept(int root, const struct state *st, const char *name)
{
	char kept[PATH_MAX];
	pathf(kept, "%s/upper", st->dir);
	if (!is_kept(root, name))
		die("a container named %s is already running", name);
	if (st->own_upper || !same_dir(kept, st->upper))
		die("%s holds changes a container named %s kept (--keep): run on them "
		    "with --upper %s, or remove %s",
		    kept, name, kept, st->dir);
}

static void remove_at_exit(void *st)
{
	state_remove(st);
}

void state_create(struct state *st, const char *name, const char *upper, int keep, uid_t uid,
		  gid_t gid)
{
	pathf(st->dir, "%s/%s", STATE_ROOT, name);
	pathf(st->work, "%s/work", st->dir);
	if (upper)
		pathf(st->upper, "%s", upper);
	else
		pathf(st->upper, "%s/upper", st->dir);
	st->own_upper = !upper;
	st->keep = keep;
	st->upper_fd = -1;
	step("state directory %s: the container's changes go to %s", st->dir, st->upper);

	/* Search only for others: the container's root, a host user of its
	 * own with --userns, must get through to its directories. */
	mkdir_p(STATE_ROOT, 0711);
	mkdir_p(MNT_DIR, 0711);
	int root = lock_dir(STATE_ROOT, LOCK_EX);
	if (root < 0)
		die_errno("lock %s", STATE_ROOT);
	reclaim_unlocked(STATE_ROOT, NULL, reclaim_stale, &root);
	if (mkdir(st->dir, 0700) < 0) {
		if (errno != EEXIST)
			die_errno("mkdir %s", st->dir);
		reuse_kept(root, st, name);
	}
	st->fd = lock_dir(st->dir, LOCK_EX | LOCK_NB);
	if (st->fd < 0)
		die_errno("lock %s", st->dir);
	/* Ours now: no reclaim touches a locked directory. (And state_remove,
	 * should a step below fail, takes the lock of STATE_ROOT itself.) */
	close(root);
	undo_at_exit(remove_at_exit, st);
	/* work/ first, and last removed: it tells a killed runtime's from kept. */
	if (chown(st->dir, uid, gid) < 0)
		die_errno("chown %s", st->dir);
	make_dir(st->work, 0700, uid, gid);
	if (st->own_upper)
		make_dir(st->upper, 0755, uid, gid);
	/* Two overlays on one upper layer see undefined things, and overlayfs
	 * only warns in the kernel's log: a lock says that it is in use. */
	st->upper_fd = lock_dir(st->upper, LOCK_EX | LOCK_NB);
	if (st->upper_fd < 0 && errno == EWOULDBLOCK)
		die("--upper %s: a running container uses it as its writable layer", st->upper);
	if (st->upper_fd < 0)
		die_errno("lock %s", st->upper);
}

/* What the directory holds but work/ and changes that last: upper/, and
 * what later chapters put there (chapter 06's /etc files). An upper/ that
 * is not the container's own is kept changes run on with --upper, under
 * the name that kept them. */
static void remove_all_but_work(int dir, const struct state *st)
{
	int upper_lasts = st->keep || !st->own_upper;
	DIR *d = fdopendir(dup(dir));
	if (!d) {
		warnx("list %s: %s", st->dir, strerror(errno));
		return;
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, "work") || (upper_lasts && !strcmp(e->d_name, "upper")))
			continue;
		remove_or_warn(dir, st->dir, e->d_name);
	}
	closedir(d);
}

void state_remove(struct state *st)
{
	if (st->fd < 0)
		return; /* already removed */
	step("remove the state directory %s%s", st->dir,
	     st->keep && st->own_upper ? ", all but upper/" : "");
	int root = lock_dir(STATE_ROOT, LOCK_EX);
	if (st->upper_fd >= 0)
		close(st->upper_fd);
	st->upper_fd = -1;
	int dir = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir >= 0) {
		remove_all_but_work(dir, st);
		/* work/ last: until it is gone, a killed runtime's leftovers. */
		remove_or_warn(dir, st->dir, "work");
		close(dir);
	}
	/* Fails if it holds kept changes, as it should. */
	if (rmdir(st->dir) < 0 && errno != ENOTEMPTY && errno != EEXIST)
		warnx("rmdir %s: %s", st->dir, strerror(errno));
	if (st->keep)
		warnx("kept the container's changes in %s", st->upper);
	close(st->fd);
	st->fd = -1;
	if (root >= 0)
		close(root);
}

void state_leave(struct state *st)
{
	close(st->fd);
	close(st->upper_fd);
	st->fd = st->upper_fd = -1;
}
