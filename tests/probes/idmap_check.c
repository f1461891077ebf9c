/*
 * Whether the kernel can make an id-mapped mount of a directory, which
 * --userns needs for its rootfs. Run on the host, as root.
 *
 *   idmap_check DIR
 *
 * It does what the runtime does, and no more: clone DIR's mount as a
 * detached mount (open_tree), and ask for an id mapping on it
 * (mount_setattr with MOUNT_ATTR_IDMAP), the mapping of a user namespace
 * made for the purpose. The detached mount is never attached anywhere: it
 * goes when its fd is closed. Prints "idmap: ok" (exit 0), or why not
 * (exit 1): a kernel before 5.12, or a file system that does not support it
 * (tmpfs before 6.3, 9p, ...).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Maps ids 0..65535 in the namespace of PID to host ids 1000000000.. */
static int write_map(pid_t pid, const char *file) /* FILE: uid_map or gid_map */
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	int ok = write(fd, "0 1000000000 65536", 18) == 18;
	close(fd);
	return ok ? 0 : -1;
}

/* An fd naming a new user namespace with that mapping. */
static int make_userns(void)
{
	int up[2], down[2]; /* child to parent: unshared; parent to child: done */
	if (pipe(up) < 0 || pipe(down) < 0)
		return -1;
	pid_t child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		char c = 0;
		close(down[1]);
		if (unshare(CLONE_NEWUSER) == 0 && write(up[1], &c, 1) == 1)
			read(down[0], &c, 1); /* stay in it until the parent has it */
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	char c;
	int fd = -1;
	if (read(up[0], &c, 1) == 1 && write_map(child, "uid_map") == 0 &&
	    write_map(child, "gid_map") == 0) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/ns/user", child);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	int saved = errno;
	close(down[1]);
	waitpid(child, NULL, 0);
	errno = saved;
	return fd;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: idmap_check DIR\n");
		return 2;
	}
	int userns = make_userns();
	if (userns < 0) {
		printf("idmap: no user namespace: %s\n", strerror(errno));
		return 1;
	}
	int flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC;
	int tree = syscall(SYS_open_tree, AT_FDCWD, argv[1], flags);
	if (tree < 0) {
		printf("idmap: open_tree %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = userns };
	if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof(attr))) {
		printf("idmap: %s cannot be id-mapped: %s\n", argv[1], strerror(errno));
		return 1;
	}
	puts("idmap: ok");
	return 0;
}
