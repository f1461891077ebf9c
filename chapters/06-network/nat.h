/* nat: the container's outbound NAT, in a table of its own. */
#ifndef KOBAKO_NAT_H
#define KOBAKO_NAT_H

#include <stdint.h>

#include "chapters/06-network/netlink.h"

/* The container's own table `ip TABLE` (NFT_TABLE_F_OWNER: it belongs to
 * nl's socket and goes with it, even on SIGKILL), chain postrouting (nat,
 * srcnat), rule: ip saddr ADDRESS oifname != "BRIDGE" masquerade. address
 * in host order. Prints each rule in nft syntax with step(). Dies on error. */
void nat_masquerade(struct nl *nl, const char *table, uint32_t address, const char *bridge);

#endif
