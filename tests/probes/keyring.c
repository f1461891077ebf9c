/*
 * The session keyring of the process that runs it: its serial number and
 * its description ("_ses" for one made by KEYCTL_JOIN_SESSION_KEYRING).
 *
 *   keyring    prints "ID DESCRIPTION", or the error of keyctl
 *
 * Run inside with --seccomp unconfined (the filter refuses keyctl), and on
 * the host: the same number means the container shares the host's keyring.
 * Exit status: 0 printed, 2 keyctl failed.
 */
#include <errno.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	/* create 0: look it up, never make one */
	long id = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
	char what[256] = "";
	if (id < 0 || syscall(SYS_keyctl, KEYCTL_DESCRIBE, id, what, sizeof(what)) < 0) {
		printf("keyctl: %s\n", strerror(errno));
		return 2;
	}
	/* "type;uid;gid;perm;description": the description is last */
	const char *name = strrchr(what, ';');
	printf("%ld %s\n", id, name ? name + 1 : what);
	return 0;
}
