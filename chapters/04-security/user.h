/* --user: who the command runs as, inside the container. */
#ifndef KOBAKO_USER_H
#define KOBAKO_USER_H

#include <sys/types.h>

struct user {
	uid_t uid;
	gid_t gid;
};

/* Option parser (struct opt) for --user UID[:GID], into struct user. GID
 * defaults to 0, as Docker's does for a numeric user with no passwd entry. */
struct opt;
void parse_user(const struct opt *o, const char *value);

/* Becomes u: supplementary groups just u->gid, then the group, then the user
 * (in that order: once the user is not root, it could not change groups).
 * A user other than root loses every capability on the way. */
void become_user(const struct user *u);

#endif
