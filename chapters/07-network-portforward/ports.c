/*
 * Publishing a port is rewriting a packet's destination (DNAT): a
 * connection to the host's port 8080 becomes one to the container's port
 * 80, and conntrack rewrites every later packet of it, both ways. Where the
 * rewrite must happen depends on where the connection comes from:
 *
 *   another machine, a container   prerouting, as the packet arrives
 *   the host itself                output, as the host sends it
 *
 * Both rules match only what is addressed to the host itself (fib daddr
 * type local), or to the --publish address: the host's own connections to
 * port 8080 of another machine are never taken.
 *
 *	table ip kobako-2 {			flags owner
 *		chain prerouting {		type nat hook prerouting priority dstnat
 *			fib daddr type local tcp dport 8080 dnat to 10.77.0.2:80
 *		}
 *		chain output {			type nat hook output priority -100
 *			fib daddr type local tcp dport 8080 dnat to 10.77.0.2:80
 *		}
 *		chain postrouting {		type nat hook postrouting priority srcnat
 *			oifname "kobako0" ip daddr 10.77.0.2 ip saddr 127.0.0.0/8 masquerade
 *			oifname "kobako0" ip daddr 10.77.0.2 ip saddr 10.77.0.0/16 ct status dnat
 *masquerade
 *		}
 *	}
 *
 * The table is the container's own, owned by the runtime's socket: the
 * kernel deletes it when the runtime exits, however it exits.
 */
#include <errno.h> /* ENOSYS, in a lab's stub */
#include <netinet/in.h>
#include <linux/netfilter_ipv4.h> /* after netinet/in.h, see nftables.h */
#include <stdio.h>
#include <unistd.h>

#include "chapters/06-network/bridge.h"
#include "chapters/06-network/nftables.h"
#include "chapters/06-network/rtnetlink.h"
#include "chapters/07-network-portforward/hairpin.h"
#include "chapters/07-network-portforward/ports.h"
#include "common/err.h"
#include "common/file.h"

/*
 * 127.0.0.1 is special: the kernel refuses to route a packet with a
 * loopback address out of any other interface, so the output rule's DNAT
 * alone leaves `curl 127.0.0.1:8080` with nowhere to go. route_localnet
 * lifts that on the bridge; the masquerade below then gives the packet
 * the bridge's address, which the container can answer. It would also let
 * a container reach the host's 127.0.0.1 services through its gateway:
 * guard.c's rule drops that. Docker leaves it off and relays 127.0.0.1
 * in userland (docker-proxy); it turns it on with --userland-proxy=false.
 */
static void route_localnet(void)
{
	step("sysctl net.ipv4.conf." BRIDGE ".route_localnet=1: 127.0.0.1 may be routed out of "
	     "the bridge (it stays on, guarded)");
	if (write_file("/proc/sys/net/ipv4/conf/" BRIDGE "/route_localnet", "1") < 0)
		die_errno("write /proc/sys/net/ipv4/conf/" BRIDGE "/route_localnet=1");
}

/* [ip saddr FROM] fib daddr type local|ip daddr HOSTIP tcp dport 8080 dnat to 10.77.0.2:80 */
static void dnat_rule(struct nft_batch *b, const char *chain, const struct port_map *m,
		      const struct allow *from, uint32_t address)
{
	/* lab: add to CHAIN the rule in the comment above: FROM (if any), the address
	 * M names or any of this host's own, M's port: DNAT to ADDRESS:m->port; see
	 * docs/07-network-portforward.md "Every rule, what it does, and what builds it" */
	nft_add_rule(b, chain);
	if (from)
		nft_saddr(b, NFT_CMP_EQ, from->address, from->prefix);
	if (m->host_ip)
		nft_daddr(b, NFT_CMP_EQ, m->host_ip, 32);
	else
		nft_fib_daddr_local(b);
	nft_dport(b, m->protocol, m->host_port);
	nft_dnat(b, address, m->port);
	/* lab end: (void)b; (void)chain; (void)from; (void)address;
	 * errno = ENOSYS; die_errno("nft: dnat to port %u", m->port); */
}

/* The table, its chains, and the masquerades every port needs. */
static void make_table(struct nft_batch *b, const struct network *net)
{
	nft_add_table(b, 1);
	nft_add_chain(b, "prerouting", "nat", NF_INET_PRE_ROUTING, NF_IP_PRI_NAT_DST);
	nft_add_chain(b, "output", "nat", NF_INET_LOCAL_OUT, NF_IP_PRI_NAT_DST);
	nft_add_chain(b, "postrouting", "nat", NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC);
	/* From the host's 127.0.0.1: the container answers the bridge instead. */
	nft_add_rule(b, "postrouting");
	nft_oifname(b, NFT_CMP_EQ, BRIDGE);
	nft_daddr(b, NFT_CMP_EQ, net->address, 32);
	nft_saddr(b, NFT_CMP_EQ, INADDR_LOOPBACK, 8);
	nft_masquerade(b);
	/* Hairpin: from a container, through the host's address. Unchanged, the
	 * source is on the bridge, and the answer would go to it directly,
	 * bypassing the host that must undo the DNAT. */
	nft_add_rule(b, "postrouting");
	nft_oifname(b, NFT_CMP_EQ, BRIDGE);
	nft_daddr(b, NFT_CMP_EQ, net->address, 32);
	nft_saddr(b, NFT_CMP_EQ, net->subnet, net->prefix);
	nft_ct_dnat(b);
	nft_masquerade(b);
}

/* One port's rules: from others (each --allow-from source, or anyone),
 * and from the host itself, which may always reach the container. */
static void port_rules(struct nft_batch *b, const struct publish *p, const struct port_map *m,
		       uint32_t address)
{
	/* lab: port M's DNAT rules: on prerouting, for others (one per --allow-from
	 * source, or for anyone); on output, for the host itself; see docs/07 as above */
	/* Nothing from elsewhere arrives for 127.0.0.0/8. */
	if (m->host_ip >> 24 != 127) {
		for (unsigned i = 0; i < p->allows; i++)
			dnat_rule(b, "prerouting", m, &p->allow[i], address);
		if (!p->allows)
			dnat_rule(b, "prerouting", m, NULL, address);
	}
	dnat_rule(b, "output", m, NULL, address);
	/* lab end: (void)b; (void)p; (void)address; (void)dnat_rule;
	 * errno = ENOSYS; die_errno("nft: the rules of port %u", m->host_port); */
}

void publish_ports(struct publish *p, const struct network *net)
{
	if (!p->count)
		return;
	route_localnet();
	hairpin_on(net->host_end);
	snprintf(p->table, sizeof(p->table), "%s", net->host_end);
	nl_open(&p->nl, NETLINK_NETFILTER);
	struct nft_batch b;
	nft_begin(&b, p->table);
	make_table(&b, net);
	nft_commit(&b, &p->nl);
	/* Then a batch for each port, applied whole. */
	for (unsigned i = 0; i < p->count; i++) {
		nft_begin(&b, p->table);
		port_rules(&b, p, &p->map[i], net->address);
		nft_commit(&b, &p->nl);
	}
	for (unsigned i = 0; i < p->count; i++) {
		const struct port_map *m = &p->map[i];
		char text[PORT_MAP_TEXT], ip[IPV4_TEXT];
		step("ports: %s:%u -> %s:%u/%s", ipv4_text(m->host_ip, ip), m->host_port,
		     ipv4_text(net->address, text), m->port,
		     m->protocol == IPPROTO_UDP ? "udp" : "tcp");
		/* A port nobody named: say which it is, as `docker port` would. */
		if (m->chosen)
			fprintf(stderr, "%s: published %s\n", progname, port_map_text(m, text));
	}
}

void unpublish_ports(struct publish *p)
{
	if (!p->count)
		return;
	step("ports: table ip %s and the reservations go with their sockets", p->table);
	nl_close(&p->nl);
	for (unsigned i = 0; i < p->count; i++)
		close(p->map[i].fd);
}
