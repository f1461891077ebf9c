/* guard: what the containers' network must not let through. */
#ifndef KOBAKO_GUARD_H
#define KOBAKO_GUARD_H

#include "chapters/06-network/network.h"

/* In the shared table `ip kobako`, rewritten at each start (bridge mode):
 * no packet to 127.0.0.0/8 but from lo, and no new connection to the
 * containers' subnet from beyond the bridge but to a published port. */
void guard_containers(const struct network *net);

#endif
