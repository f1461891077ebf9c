/*
 * Directory trees. A runtime makes directories that outlive it when it is
 * killed (a cgroup, a state directory): it makes them with mkdir_p, which
 * counts what it made so that exactly that is removed again; it holds a
 * flock on each while it runs, so that the next runtime can reclaim the
 * ones nobody holds; and it removes what a container wrote with
 * remove_tree, which a symbolic link the container made cannot lead out.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/dir.h"
#include "common/err.h"
#include "common/file.h"

int mkdir_p(const char *path, mode_t mode)
{
	int made = 0;
	char buf[PATH_MAX];
	pathf(buf, "%s", path);
	for (char *s = buf + 1;; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(buf, mode) == 0)
			made++;
		else if (errno != EEXIST)
			die_errno("mkdir %s", buf);
		if (!c)
			return made;
		*s = c;
	}
}

void rmdir_p(const char *path, int levels)
{
	char buf[PATH_MAX];
	pathf(buf, "%s", path);
	for (; levels > 0 && rmdir(buf) == 0; levels--)
		*strrchr(buf, '/') = '\0';
}

/* --- removing a tree ------------------------------------------------------
 * A tree someone else wrote is removed without ever following a symbolic
 * link in it, and with one directory open at a time, however deep it nests
 * them: down into a directory that is not empty, back up ("..") once it is.
 */

/* Removes the first entry of dir it can; descends into a directory that is
 * not empty. Returns the directory to go on with, dir if it is now empty,
 * or -1. */
static int remove_entries(int dir, int *empty)
{
	DIR *d = fdopendir(dup(dir));
	struct dirent *e;
	int next = dir;
	*empty = d != NULL;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(dir, e->d_name, 0) == 0 ||
		    (errno == EISDIR && unlinkat(dir, e->d_name, AT_REMOVEDIR) == 0))
			continue;
		*empty = 0;
		if (errno == ENOTEMPTY || errno == EEXIST)
			next = openat(dir, e->d_name,
				      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		else
			next = -1;
		break;
	}
	if (d)
		closedir(d);
	return d ? next : -1;
}

int remove_tree(int parent, const char *name)
{
	int dir = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0)
		return errno == ENOENT ? 0 : unlinkat(parent, name, 0);
	for (int depth = 0; dir >= 0;) {
		int empty, next = remove_entries(dir, &empty);
		if (empty && depth == 0)
			break;
		if (empty) { /* back up; its parent's next pass removes it */
			next = openat(dir, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			depth--;
		} else if (next >= 0) {
			depth++;
		}
		int err = errno;
		close(dir);
		errno = err;
		dir = next;
	}
	if (dir < 0)
		return -1;
	close(dir);
	return unlinkat(parent, name, AT_REMOVEDIR);
}

/* --- reclaiming what nobody holds ---------------------------------------- */

void reclaim_unlocked(const char *dir, const char *only,
		      void (*reclaim)(const char *name, void *arg), void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[PATH_MAX];
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (only && strcmp(e->d_name, only))
			continue;
		int fd = lock_dir(pathf(path, "%s/%s", dir, e->d_name), LOCK_EX | LOCK_NB);
		if (fd < 0)
			continue; /* a live owner holds it */
		reclaim(e->d_name, arg);
		close(fd);
	}
	if (d)
		closedir(d);
}
