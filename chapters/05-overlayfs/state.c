/*
 * Every container gets a directory of its own, ROOT/containers/NAME, for
 * what overlayfs needs on disk besides the image: upper/ (the container's
 * changes) and work/ (overlayfs's work directory, where it prepares each
 * change before moving it into upper/, so it must be on upper's file
 * system). Its mount points are not on disk: overlay.c makes them in a
 * tmpfs on MNT_DIR. ROOT is /var/lib/kobako, or --root DIR: runtimes with
 * roots of their own (learners sharing a machine) see none of each other's
 * names, and reclaim only their own.
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
#include "common/dir.h"
#include "common/err.h"
#include "common/file.h"
#include "common/opts.h"

void parse_root(const struct opt *o, const char *value)
{
	static char path[PATH_MAX];
	char cwd[PATH_MAX], why[64];
	if (!*value)
		opt_bad(o, "''", "must not be empty");
	/* Absolute, as the container looks its directories up from one of
	 * its own (overlay.c). It may not exist yet: state_create makes it. */
	if (value[0] == '/')
		pathf(path, "%s", value);
	else if (getcwd(cwd, sizeof(cwd)))
		pathf(path, "%s/%s", cwd, value);
	else
		die_errno("getcwd");
	/* DIR/ is DIR: its paths read ROOT/containers, not ROOT//containers. */
	for (size_t n = strlen(path); n > 1 && path[n - 1] == '/';)
		path[--n] = '\0';
	snprintf(why, sizeof(why), "its path is longer than the %d bytes overlayfs leaves it",
		 ROOT_MAX);
	if (strlen(path) > ROOT_MAX)
		opt_bad(o, value, why);
	*(const char **)o->dest = path;
}

void parse_upper(const struct opt *o, const char *value)
{
	struct stat st;
	if (stat(value, &st) < 0 || !S_ISDIR(st.st_mode))
		opt_bad(o, value, "no such directory");
	/* Absolute, as the container looks it up from a directory of its own
	 * (overlay.c); and short enough for fsconfig, which takes 255 bytes. */
	char *path = realpath(value, NULL);
	if (!path)
		opt_bad(o, value, "no such directory");
	if (strlen(path) > 255)
		opt_bad(o, value, "its path is longer than the 255 bytes overlayfs takes");
	*(const char **)o->dest = path;
}

/* The file system that path is on, or will be once made: that of the
 * nearest directory up from it that exists. */
static dev_t fs_of(const char *path)
{
	char buf[PATH_MAX];
	struct stat st;
	pathf(buf, "%s", path);
	while (stat(buf, &st) < 0) {
		char *slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			return stat("/", &st) == 0 ? st.st_dev : 0;
		*slash = '\0';
	}
	return st.st_dev;
}

void check_upper_fs(const char *upper, const char *root)
{
	char dir[PATH_MAX];
	/* Checked after every option is read, as --root may come after it. */
	if (upper && fs_of(upper) != fs_of(pathf(dir, "%s/containers", root)))
		die("--upper %s: not on the file system of %s, where overlayfs needs its work "
		    "directory",
		    upper, dir);
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

/* ROOT/containers, open. */
struct root {
	int fd;
	const char *path;
};

/* A directory in ROOT/containers that nobody holds: removed, unless kept. */
static void reclaim_stale(const char *name, void *arg)
{
	const struct root *root = arg;
	if (is_kept(root->fd, name))
		return;
	warnx("reclaiming %s/%s, left by a runtime that was killed", root->path, name);
	remove_or_warn(root->fd, root->path, name);
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

/* ROOT/containers/NAME is there already: changes a container of that name kept,
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

void state_create(struct state *st, const char *root, const char *name, const char *upper, int keep,
		  uid_t uid, gid_t gid)
{
	pathf(st->root, "%s/containers", root);
	pathf(st->dir, "%s/%s", st->root, name);
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
	mkdir_p(st->root, 0711);
	mkdir_p(MNT_DIR, 0711);
	struct root r = { lock_dir(st->root, LOCK_EX), st->root };
	if (r.fd < 0)
		die_errno("lock %s", st->root);
	reclaim_unlocked(st->root, NULL, reclaim_stale, &r);
	if (mkdir(st->dir, 0700) < 0) {
		if (errno != EEXIST)
			die_errno("mkdir %s", st->dir);
		reuse_kept(r.fd, st, name);
	}
	st->fd = lock_dir(st->dir, LOCK_EX | LOCK_NB);
	if (st->fd < 0)
		die_errno("lock %s", st->dir);
	/* Ours now: no reclaim touches a locked directory. (And state_remove,
	 * should a step below fail, takes the lock of ROOT/containers itself.) */
	close(r.fd);
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
	int root = lock_dir(st->root, LOCK_EX);
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
