/*
 * The bridge: one switch on the host that every container's veth plugs
 * into, whose address is the containers' gateway. It is shared on purpose:
 * made by the first container that needs it, left for the next, and removed
 * by --cleanup only when no container is plugged in.
 */
#ifndef KOBAKO_BRIDGE_H
#define KOBAKO_BRIDGE_H

#include <stdint.h>

#include "chapters/06-network/rtnetlink.h"

#define BRIDGE "kobako0"

/* flock(how) on the bridge (LOCK_SH to use it, LOCK_EX to remove it); the
 * lock is dropped by close(returned descriptor), or when the runtime dies. */
int bridge_lock(int how);

/* Makes the bridge with the address gateway/prefix, up, unless another
 * container did; returns its index, and in *made whether this call made
 * it. Call it holding the lock, shared. */
int bridge_make(struct nl *nl, uint32_t gateway, unsigned prefix, int *made);

/* The bridge's first IPv4 address into *out: returns 1, or 0 if there is
 * no bridge or it has no address yet. */
int bridge_address(struct nl *nl, struct address *out);

/* --cleanup: removes the bridge if no container uses it (or does nothing if
 * there is none); dies, naming a port, when one is plugged in. */
void bridge_remove_unused(struct nl *nl);

#endif
