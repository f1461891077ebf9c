/*
 * Types a line into the terminal on stdin, as if from its keyboard.
 *
 *   tiocsti TEXT    types TEXT, then Enter
 *
 * TIOCSTI pushes one character into a terminal's input queue: whoever reads
 * that terminal next reads it as typed. Run on the terminal of the shell that
 * started the container, the line runs in that shell once the container is
 * gone. It prints one line:
 *
 *   typed             every character went in
 *   refused: ERRNO    the first one was refused (EPERM from seccomp, EIO...)
 *
 * Exit status: 0 typed, 1 refused.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

static int type(char c)
{
	return ioctl(0, TIOCSTI, &c);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: tiocsti TEXT\n");
		return 2;
	}
	for (const char *p = argv[1]; *p; p++)
		if (type(*p) < 0)
			goto refused;
	if (type('\n') < 0)
		goto refused;
	puts("typed");
	return 0;
refused:
	printf("refused: %s\n", strerrorname_np(errno));
	return 1;
}
