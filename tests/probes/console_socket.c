/*
 * console_socket SOCKET: what Podman's conmon does with --console-socket,
 * for the tests. Listens on SOCKET, takes the one terminal master a runtime
 * sends there (SCM_RIGHTS), says "got a terminal" on stderr, then copies
 * what the container writes to its terminal to stdout until it closes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int receive_fd(int conn)
{
	char byte, space[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = space,
			      .msg_controllen = sizeof(space) };
	if (recvmsg(conn, &msg, 0) <= 0)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	return fd;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (argc != 2 || sock < 0 || strlen(argv[1]) >= sizeof(addr.sun_path))
		return 2;
	strcpy(addr.sun_path, argv[1]);
	if (bind(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(sock, 1) < 0) {
		perror("console_socket: bind");
		return 1;
	}
	int conn = accept(sock, NULL, NULL);
	int master = conn < 0 ? -1 : receive_fd(conn);
	if (master < 0) {
		fprintf(stderr, "console_socket: no terminal received\n");
		return 1;
	}
	fprintf(stderr, "got a terminal\n");
	char buf[4096];
	ssize_t n;
	/* EIO: the container's side of the terminal is closed. */
	while ((n = read(master, buf, sizeof(buf))) > 0)
		if (write(STDOUT_FILENO, buf, n) != n)
			return 1;
	return n < 0 && errno != EIO;
}
