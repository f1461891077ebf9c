/* A minimal /dev: the devices a program expects, and nothing of the host's disks. */
#ifndef KOBAKO_DEV_H
#define KOBAKO_DEV_H

/* Mounts a fresh tmpfs on dir and fills it: null zero full random urandom
 * tty, ptmx with its own devpts, shm, mqueue, and the fd links. */
void make_dev(const char *dir);

/* Into a /dev mounted already: the devices above, bound from the host's,
 * and the links (ptmx, fd, stdin ...). */
void add_devices(const char *dir);

#endif
