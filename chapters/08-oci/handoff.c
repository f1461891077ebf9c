/*
 * Podman's conmon waits on the PID it reads from --pid-file, and relays
 * the terminal whose master it receives on --console-socket: the two
 * things the runtime hands back before it leaves.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "chapters/08-oci/handoff.h"
#include "common/err.h"

void pid_file_write(int dir, const char *file, pid_t pid)
{
	const char *slash = strrchr(file, '/');
	const char *name = dir == AT_FDCWD || !slash ? file : slash + 1;
	char tmp[PATH_MAX + 8];
	snprintf(tmp, sizeof(tmp), "%s.tmp", name);
	int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || dprintf(fd, "%d", (int)pid) < 0 || close(fd) < 0 ||
	    renameat(dir, tmp, dir, name) < 0)
		die_errno("--pid-file %s", file);
}

int console_socket_connect(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(addr.sun_path))
		die("--console-socket %s: too long a path for a socket", path);
	strcpy(addr.sun_path, path);
	int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die_errno("--console-socket %s", path);
	return sock;
}
