/*
 * Two doors that publishing ports would leave open, closed for every
 * container of the bridge, in the table they share (nat.c's):
 *
 *	table ip kobako {
 *		chain prerouting {	type filter hook prerouting priority raw
 *			iifname != "lo" ip daddr 127.0.0.0/8 drop
 *		}
 *		chain forward {		type filter hook forward priority filter
 *			iifname != "kobako0" ip daddr 10.77.0.0/16 ct state established,related
 *accept iifname != "kobako0" ip daddr 10.77.0.0/16 ct status dnat accept iifname != "kobako0" ip
 *daddr 10.77.0.0/16 drop
 *		}
 *	}
 *
 * The first: route_localnet (ports.c) lets the bridge carry 127.0.0.1, in
 * both directions. A container could then route 127.0.0.1 via its gateway
 * and reach what the host serves on its loopback alone (a database, an
 * admin page). Dropped before conntrack (priority raw) sees it, while the
 * destination is still what the container wrote: the answers to the host's
 * own 127.0.0.1 connections come to the bridge's address, and pass.
 *
 * The second: a machine beside the host that routes 10.77.0.0/16 via the
 * host reaches every port of every container directly, published or not,
 * and from any source, whatever --allow-from says. From beyond the bridge,
 * only the answers to the containers' own connections and the connections
 * to a published port (whose destination was rewritten: ct status dnat)
 * may go in.
 *
 * The chains are flushed and rewritten in one batch at each start, so the
 * subnet is always today's, and a table removed by `nft flush ruleset` is
 * back with the next container.
 *
 * The socket stays open until the runtime exits. The kernel frees the
 * rules a batch replaced only once no CPU can still be running them (a
 * grace period of RCU, 10 ms or so), in the background; but closing the
 * socket waits for that, which closing it at once would add to every
 * start.
 */
#include <netinet/in.h>
#include <linux/netfilter_ipv4.h> /* after netinet/in.h, see nftables.h */

#include "chapters/06-network/bridge.h"
#include "chapters/06-network/nat.h"
#include "chapters/06-network/nftables.h"
#include "chapters/07-network-portforward/guard.h"

static void beyond_bridge(struct nft_batch *b, const struct network *net)
{
	nft_add_rule(b, "forward");
	nft_iifname(b, NFT_CMP_NEQ, BRIDGE);
	nft_daddr(b, NFT_CMP_EQ, net->subnet, net->prefix);
}

void guard_containers(const struct network *net)
{
	if (net->mode != NETWORK_BRIDGE)
		return;
	static struct nl nl;
	nl_open(&nl, NETLINK_NETFILTER);
	struct nft_batch b;
	nft_begin(&b, NAT_TABLE);
	nft_add_table(&b, 0);
	nft_add_chain(&b, "prerouting", "filter", NF_INET_PRE_ROUTING, NF_IP_PRI_RAW);
	nft_flush_chain(&b, "prerouting");
	nft_add_rule(&b, "prerouting");
	nft_iifname(&b, NFT_CMP_NEQ, "lo");
	nft_daddr(&b, NFT_CMP_EQ, INADDR_LOOPBACK, 8);
	nft_drop(&b);

	nft_add_chain(&b, "forward", "filter", NF_INET_FORWARD, NF_IP_PRI_FILTER);
	nft_flush_chain(&b, "forward");
	beyond_bridge(&b, net);
	nft_ct_established(&b);
	nft_accept(&b);
	beyond_bridge(&b, net);
	nft_ct_dnat(&b);
	nft_accept(&b);
	beyond_bridge(&b, net);
	nft_drop(&b);
	nft_commit(&b, &nl);
}
