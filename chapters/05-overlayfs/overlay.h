/* overlayfs: the image, read-only, under a writable layer of the container's own. */
#ifndef KOBAKO_OVERLAY_H
#define KOBAKO_OVERLAY_H

#include <sys/types.h>

struct state;

/* The most --layers a container may have, on its image: real images have 5
 * to 30. A macro, so that a message can say it: LAYERS_TEXT(MAX_LAYERS)
 * is "32" (# makes a string of a macro's argument, once it is expanded).
 * ch05's --help says 32 too, and the tests check that both hold. */
#define MAX_LAYERS      32
#define LAYERS_TEXT(n)  LAYERS_TEXT_(n)
#define LAYERS_TEXT_(n) #n

/* The read-only layers, bottom to top: the image, then each --layer. */
struct layers {
	int n;
	const char *dir[MAX_LAYERS + 1];
	int fd[MAX_LAYERS + 1]; /* a detached copy of each one's mount */
};

/* Option parser (struct opt) for --layer: adds a directory on top, in struct
 * layers (whose dir[0] is kept for the image). */
struct opt;
void parse_layer(const struct opt *o, const char *value);

/* Dies unless the --upper directory (NULL: none) and each layer, the image
 * first, are apart: neither the same directory nor one inside the other. */
void check_upper_apart(const char *upper, const struct layers *l, const char *image);

/* On the host, before clone: a detached copy of the mount of the image and
 * of each layer (open_tree), read-only. The container inherits them. */
void layers_open(struct layers *l, const char *image);

/* On the host, once pid's user namespace has its maps: id-maps each layer
 * for it, and closes them all. */
void layers_idmap(struct layers *l, pid_t pid);
/* Without --userns: closes them. */
void layers_close(struct layers *l);

/* In the container's mount namespace: mounts the overlay of the layers and
 * st's upper/ on merged/ in a tmpfs of its own, and returns that path, for
 * enter_rootfs(). */
const char *mount_overlay(struct layers *l, const struct state *st, int userns);

#endif
