/* nat: the containers' way out, masqueraded as the host. */
#ifndef KOBAKO_NAT_H
#define KOBAKO_NAT_H

#include <stdint.h>

#include "chapters/06-network/netlink.h"

/* The table every container of the bridge shares. */
#define NAT_TABLE "kobako"

/* Table `ip kobako`, chain postrouting (nat, srcnat), one rule:
 * ip saddr SUBNET/PREFIX oifname != "BRIDGE" masquerade (host order).
 * Written when rewrite is set (the bridge was just made, perhaps for
 * another subnet) or the table is missing; else left as it is. Prints
 * each change in nft syntax with step(). Dies on error. */
void nat_masquerade(struct nl *nl, uint32_t subnet, unsigned prefix, const char *bridge,
		    int rewrite);

/* --cleanup: removes the table, if it is there. */
void nat_remove(struct nl *nl);

#endif
