/* Small file helpers: the kernel's interfaces under /proc and /sys are files. */
#ifndef KOBAKO_FILE_H
#define KOBAKO_FILE_H

/* Writes the formatted text to an existing file in one write(2), as the
 * kernel's control files want. Returns 0, or -1 with errno set. */
int write_file(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Formats a path into buf, which holds PATH_MAX bytes; dies if it is longer. */
char *pathf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Opens a directory and takes flock(how) on it: LOCK_EX, LOCK_SH, with
 * LOCK_NB or not. Returns the descriptor that holds the lock, or -1 with
 * errno set. The kernel drops the lock when its last descriptor is closed,
 * also when the process is killed. */
int lock_dir(const char *dir, int how);

#endif
