/*
 * Uses memory until it has MIB mebibytes, or is killed trying.
 *
 *   memhog MIB
 *
 * Allocates 1 MiB at a time and writes to every page of it, so that the
 * memory is really used (an untouched allocation costs nothing). Prints
 * "used N MiB" and exits 0 if it got them all: under a memory limit lower
 * than MIB, the kernel kills it first (SIGKILL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 2 || atoi(argv[1]) <= 0) {
		fprintf(stderr, "usage: memhog MIB\n");
		return 2;
	}
	int mib = atoi(argv[1]);
	for (int i = 0; i < mib; i++) {
		char *p = malloc(1 << 20);
		if (!p) {
			printf("malloc failed after %d MiB\n", i);
			return 1;
		}
		memset(p, 1, 1 << 20);
	}
	printf("used %d MiB\n", mib);
	return 0;
}
