#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chapters/04-security/user.h"
#include "common/err.h"
#include "common/opts.h"

/* A decimal id; (uid_t)-1 means "unchanged" to the kernel, so it is no id. */
static int parse_id(const char *text, const char *end, unsigned *id)
{
	char *stop;
	if (text == end || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	unsigned long v = strtoul(text, &stop, 10);
	if (stop != end || errno || v >= 0xffffffffUL)
		return -1;
	*id = v;
	return 0;
}

void parse_user(const struct opt *o, const char *value)
{
	struct user *u = o->dest;
	const char *colon = strchr(value, ':');
	const char *end = value + strlen(value);
	unsigned uid, gid = 0;
	if (parse_id(value, colon ? colon : end, &uid) < 0 ||
	    (colon && parse_id(colon + 1, end, &gid) < 0))
		opt_bad(o, value, "numeric ids: UID or UID:GID (example: 1000:1000)");
	u->uid = uid;
	u->gid = gid;
}

void become_user(const struct user *u)
{
	step("user %u, group %u, supplementary groups: %u", (unsigned)u->uid, (unsigned)u->gid,
	     (unsigned)u->gid);
	/* Root's own supplementary groups would otherwise stay with the command. */
	if (setgroups(1, &u->gid) < 0)
		die_errno("setgroups %u", (unsigned)u->gid);
	if (setresgid(u->gid, u->gid, u->gid) < 0)
		die_errno("setgid %u", (unsigned)u->gid);
	if (setresuid(u->uid, u->uid, u->uid) < 0)
		die_errno("setuid %u", (unsigned)u->uid);
}
