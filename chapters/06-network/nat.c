/*
 * A container's packets leave with its own address, 10.77.0.2, which
 * means nothing outside this host: the answers would never find their way
 * back. So on the way out, where the packet leaves the host (the
 * postrouting hook), its source becomes the address of the interface it
 * leaves by: masquerade. Conntrack remembers the swap and undoes it on
 * each answer, which then reaches the container.
 *
 * One table per container, `ip kobako-N`, named as the container's veth:
 *  - it is flagged NFT_TABLE_F_OWNER, and so belongs to the runtime's
 *    netlink socket, kept open for the container's life: when the runtime
 *    exits, even by SIGKILL, the kernel deletes the table with the socket.
 *    Nothing to clean up, nothing left behind. `nft flush ruleset` (the
 *    first line of Debian's /etc/nftables.conf) skips it, and no other
 *    process may change it: nor can this one touch anyone else's rules;
 *  - per container, because an owner table cannot be shared: a table for
 *    all containers would go with the first runtime that exits.
 *
 * The rule names no uplink: "not out of the bridge" holds whichever way
 * the default route goes (Wi-Fi, Ethernet, a VPN coming up), where
 * `oifname "eth0"` would stop matching the day it moves. Docker's rule
 * is the same: -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE.
 */
#include <netinet/in.h>
#include <linux/netfilter_ipv4.h> /* NF_IP_PRI_NAT_SRC; after netinet/in.h, see nftables.h */

#include "chapters/06-network/nat.h"
#include "chapters/06-network/nftables.h"

void nat_masquerade(struct nl *nl, const char *table, uint32_t address, const char *bridge)
{
	struct nft_batch b;
	nft_begin(&b, table);
	nft_add_table(&b);
	nft_add_chain(&b, "postrouting", "nat", NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC);
	nft_add_rule(&b, "postrouting");
	nft_saddr(&b, NFT_CMP_EQ, address, 32);
	nft_oifname(&b, NFT_CMP_NEQ, bridge);
	nft_masquerade(&b);
	nft_commit(&b, nl);
}
