/* reserve: a published host port is the container's alone while it runs. */
#ifndef KOBAKO_RESERVE_H
#define KOBAKO_RESERVE_H

#include "chapters/06-network/network.h"
#include "chapters/07-network-portforward/publish.h"

/* Before anything is made: refuses --publish without --network bridge and
 * --allow-from without --publish, then binds a socket to each host port
 * (choosing the port where the kernel or a range is to). Dies, naming the
 * --publish value, when a port is taken or the address is not the host's. */
void reserve_ports(struct publish *p, const struct network *net);

#endif
