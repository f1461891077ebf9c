/* --volume: a directory or file of the host's, inside the container. */
#ifndef KOBAKO_VOLUME_H
#define KOBAKO_VOLUME_H

enum { MAX_VOLUMES = 32 };

struct volume {
	char *host;   /* HOST: an absolute path on the host */
	char *target; /* CONTAINER: an absolute path in the container */
	int ro;       /* :ro */
	int dir;      /* HOST is a directory (else a file) */
	int fd;       /* a detached copy of HOST's mount (open_tree) */
};

struct volumes {
	int n;
	struct volume v[MAX_VOLUMES];
};

/* Option parser (struct opt) for --volume HOST:CONTAINER[:ro|:rw], into
 * struct volumes. */
struct opt;
void parse_volume(const struct opt *o, const char *value);

/* On the host, before clone: a detached copy of each HOST, private, nodev,
 * and read-only for :ro. The container inherits them. */
void volumes_open(struct volumes *vs);
void volumes_close(struct volumes *vs);

/* In the container, in the new root (the current directory), before
 * pivot_root: mounts each volume on its CONTAINER path, resolved inside the
 * root, making the mount point if it is missing. */
void mount_volumes(struct volumes *vs);

/* The mount point target (an absolute path in the container), opened
 * O_PATH inside root (a directory descriptor of the new root), whatever
 * links or ".." it meets; made if missing: directories on the way, and at
 * the end a directory, or an empty file if file. Dies "WHAT: ...". */
int open_mount_point(int root, const char *target, int file, const char *what);

#endif
