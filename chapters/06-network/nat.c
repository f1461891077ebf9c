/*
 * A container's packets leave with its own address, 10.77.0.2, which
 * means nothing outside this host: the answers would never find their way
 * back. So on the way out, where the packet leaves the host (the
 * postrouting hook), its source becomes the address of the interface it
 * leaves by: masquerade. Conntrack remembers the swap and undoes it on
 * each answer, which then reaches the container.
 *
 *	table ip kobako {
 *		chain postrouting {
 *			type nat hook postrouting priority srcnat; policy accept;
 *			ip saddr 10.77.0.0/16 oifname != "kobako0" masquerade
 *		}
 *	}
 *
 * The rule names no uplink: "not out of the bridge" holds whichever way
 * the default route goes (Wi-Fi, Ethernet, a VPN coming up), where
 * `oifname "eth0"` would stop matching the day it moves. Docker's rule
 * is the same: -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE.
 *
 * The table is the runtime's own, never another program's: a rule written
 * into iptables-nft's tables breaks iptables itself. And it is one for the
 * whole subnet, shared as the bridge is: it is made with the bridge, serves
 * every container, and goes with the bridge (--cleanup). A table of each
 * container's own, flagged NFT_TABLE_F_OWNER, would go by itself with its
 * runtime, even one killed; but removing a table whose chain is on a hook
 * makes the kernel wait until no CPU can still be running the old hooks (a
 * grace period of RCU): measured here, 10 to 25 ms at every exit, more than
 * all the rest of the container's start. Chapter 07 uses owned tables where
 * the rules are one container's own: its published ports.
 */
#include <errno.h>
#include <netinet/in.h>
#include <linux/netfilter_ipv4.h> /* NF_IP_PRI_NAT_SRC; after netinet/in.h, see nftables.h */
#include <string.h>

#include "chapters/06-network/nat.h"
#include "chapters/06-network/nftables.h"
#include "common/err.h"

void nat_masquerade(struct nl *nl, uint32_t subnet, unsigned prefix, const char *bridge,
		    int rewrite)
{
	if (!rewrite && nft_table_exists(nl, NAT_TABLE)) {
		step("nft: table ip " NAT_TABLE " is there: its masquerade serves every container");
		return;
	}
	/* lab: one nf_tables batch: table ip NAT_TABLE, a nat chain on postrouting, and its
	 * rule "ip saddr SUBNET/PREFIX oifname != BRIDGE masquerade"; see docs/06-network.md
	 * "nf_tables: a small program for the kernel's packet VM" */
	/* One batch, applied whole: two containers writing it at once leave
	 * one rule, and the chain is never seen empty. */
	struct nft_batch b;
	nft_begin(&b, NAT_TABLE);
	nft_add_table(&b, 0);
	nft_add_chain(&b, "postrouting", "nat", NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC);
	nft_flush_chain(&b, "postrouting");
	nft_add_rule(&b, "postrouting");
	nft_saddr(&b, NFT_CMP_EQ, subnet, prefix);
	nft_oifname(&b, NFT_CMP_NEQ, bridge);
	nft_masquerade(&b);
	nft_commit(&b, nl);
	/* lab end: (void)subnet; (void)prefix; (void)bridge;
	 * errno = ENOSYS; die_errno("nft: masquerade"); */
}

void nat_remove(struct nl *nl)
{
	if (!nft_table_exists(nl, NAT_TABLE))
		return;
	struct nft_batch b;
	nft_begin(&b, NAT_TABLE);
	nft_delete_table(&b);
	int err = nft_send(&b, nl);
	/* ENOENT: another --cleanup was first. */
	if (err && err != -ENOENT)
		die("nft: delete table ip " NAT_TABLE ": %s%s", strerror(-err), nl_why());
}
