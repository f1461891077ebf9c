/*
 * The classic chroot(2) escape, to show what pivot_root and a detached old
 * root add over a plain chroot.
 *
 *   chroot_escape PATH
 *
 * chroot() changes a process's root but not its working directory. A root
 * process makes a directory, chroots into it while staying outside it, climbs
 * ".." until it reaches the top of its mount tree, and chroots there. Under
 * `chroot DIR` the top is the host's real root, and PATH (a file on the host)
 * is reachable again: it prints "escaped". In a container whose old root was
 * detached, the top is the container's own root: it prints "contained".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: chroot_escape PATH\n");
		return 2;
	}

	/* A scratch directory to chroot into: /tmp, or /dev/shm if / is read-only. */
	static const char *const templates[] = { "/tmp/escape.XXXXXX", "/dev/shm/escape.XXXXXX" };
	char dir[64] = "";
	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]) && !*dir; i++) {
		char t[64];
		strcpy(t, templates[i]);
		if (mkdtemp(t))
			strcpy(dir, t);
	}
	if (!*dir) {
		perror("chroot_escape: mkdtemp");
		return 2;
	}

	if (chroot(dir) < 0) {
		/* Without CAP_SYS_CHROOT there is no escape to try. */
		fprintf(stderr, "chroot_escape: chroot %s: %s\n", dir, strerror(errno));
		rmdir(dir);
		puts("contained");
		return 0;
	}
	/* The working directory is still outside the new root: climb. */
	for (int i = 0; i < 256; i++)
		if (chdir("..") < 0)
			break;
	if (chroot(".") < 0) {
		perror("chroot_escape: chroot .");
		return 2;
	}

	puts(access(argv[1], F_OK) == 0 ? "escaped" : "contained");
	return 0;
}
