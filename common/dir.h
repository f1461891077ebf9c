/* Directory trees: made a level at a time, removed without following links,
 * and reclaimed from owners who died (their lock went with them). */
#ifndef KOBAKO_DIR_H
#define KOBAKO_DIR_H

#include <sys/types.h>

/* mkdir -p: makes path and every directory missing above it, with mode.
 * Returns how many levels it made (0: path was there), for rmdir_p; dies
 * if one cannot be made. */
int mkdir_p(const char *path, mode_t mode);

/* rmdir -p, at most levels deep: removes path, then its parents, while they
 * are empty, levels directories in all. */
void rmdir_p(const char *path, int levels);

/* rm -rf parent/name, without ever following a symbolic link in it. Returns
 * 0 (also if it was not there), or -1 with errno set. */
int remove_tree(int parent, const char *name);

/* For each directory in dir that nobody holds a lock on (lock_dir, in
 * common/file.h), the one named only if only is not NULL: calls
 * reclaim(name, arg), holding the lock so no one takes it meanwhile. A live
 * owner holds its lock until it dies: what is left unlocked, its owner left
 * behind. */
void reclaim_unlocked(const char *dir, const char *only,
		      void (*reclaim)(const char *name, void *arg), void *arg);

#endif
