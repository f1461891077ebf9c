/* The kernel's keyrings: a session keyring of the container's own. */
#ifndef KOBAKO_KEYRING_H
#define KOBAKO_KEYRING_H

/* Leaves the session keyring inherited from the caller on the host for a
 * new, empty one, as runc does for each container. */
void join_new_session_keyring(void);

#endif
