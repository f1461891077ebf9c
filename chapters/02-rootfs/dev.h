/* A minimal /dev: the devices a program expects, and nothing of the host's disks. */
#ifndef KOBAKO_DEV_H
#define KOBAKO_DEV_H

/* Mounts a fresh tmpfs on dir and fills it: null zero full random urandom
 * tty, ptmx with its own devpts, shm, mqueue, and the fd links. */
void make_dev(const char *dir);

#endif
