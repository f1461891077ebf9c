/* ports: the container's published ports, as rules of its own table. */
#ifndef KOBAKO_PORTS_H
#define KOBAKO_PORTS_H

#include "chapters/06-network/network.h"
#include "chapters/07-network-portforward/publish.h"

/* After network_connect: route_localnet on the bridge, the hairpin flag on
 * the container's port, and table `ip kobako-N` (N: the container's veth),
 * owned by a socket of the runtime, with the DNAT rules of every port. */
void publish_ports(struct publish *p, const struct network *net);

/* At exit: closes the table's socket (the kernel deletes the table) and
 * the reservations. The kernel does the same for a runtime that died. */
void unpublish_ports(struct publish *p);

#endif
