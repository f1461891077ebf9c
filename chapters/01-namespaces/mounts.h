/* The mount namespace: the container's own mount table. */
#ifndef KOBAKO_MOUNTS_H
#define KOBAKO_MOUNTS_H

/* A new mount namespace starts as a copy of the host's, and shared mounts
 * would still pass mount events to the host: make every mount private. */
void make_mounts_private(void);

/* Mounts a proc file system on dir: its contents follow the PID namespace of
 * the process that mounts it, so `ps` sees only the container. */
void mount_proc(const char *dir);

#endif
