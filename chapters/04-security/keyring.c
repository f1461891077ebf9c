/*
 * Keys (passwords, tokens, Kerberos tickets) live in the kernel, in keyrings
 * that belong to a process, a session, a user. The container was cloned from
 * the runtime, so it shares the session keyring of the shell that started
 * it, and keyctl(KEY_SPEC_SESSION_KEYRING) reaches the host's keys there.
 * The seccomp filter refuses keyctl, but --seccomp unconfined does not: so
 * the container gets a session keyring of its own, as runc gives one.
 */
#include <errno.h>
#include <linux/keyctl.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/keyring.h"
#include "common/err.h"

void join_new_session_keyring(void)
{
	/* With no name, the kernel makes a new keyring ("_ses") rather than
	 * joining one of that name that already exists. Not in the kernel
	 * (no CONFIG_KEYS): no keyring to share either. */
	step("a session keyring of its own: no key of the host's session is reachable");
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 && errno != ENOSYS)
		die_errno("keyctl: join a new session keyring");
}
