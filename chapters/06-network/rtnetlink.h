/*
 * rtnetlink: links, addresses and routes, as `ip link`, `ip address` and
 * `ip route` ask for them. Each request below is appended to a message
 * (netlink.h), so the caller sends it with nl_send, or nl_send_or_die with
 * the words of its error, and decides which errors are not one (EEXIST,
 * when another container made the same thing first).
 */
#ifndef KOBAKO_RTNETLINK_H
#define KOBAKO_RTNETLINK_H

#include <net/if.h>
#include <stdint.h>
#include <sys/types.h>

#include "chapters/06-network/netlink.h"

/* An IPv4 address (host order) as text: "10.77.0.2". */
enum { IPV4_TEXT = 16 };
const char *ipv4_text(uint32_t addr, char buf[IPV4_TEXT]);

/* ip link add NAME type bridge (fails with EEXIST if there is one). */
void rt_new_bridge(struct msg *m, const char *name);
/* ip link add NAME mtu MTU master MASTER up type veth peer name PEER mtu MTU
 * netns PID: the peer is made straight in the network namespace of PID. */
void rt_new_veth(struct msg *m, const char *name, const char *peer, pid_t pid, int master,
		 unsigned mtu);
/* ip link set dev INDEX up */
void rt_link_up(struct msg *m, int index);
/* ip link del dev INDEX */
void rt_del_link(struct msg *m, int index);
/* ip address add ADDR/PREFIX dev INDEX */
void rt_new_address(struct msg *m, int index, uint32_t addr, unsigned prefix);
/* ip route add default via GATEWAY dev INDEX */
void rt_new_default_route(struct msg *m, uint32_t gateway, int index);

/* What a dump tells of each link, address and IPv4 route. */
struct link {
	int index;
	char name[IF_NAMESIZE];
	unsigned mtu;
	int master;    /* the index of its bridge, or 0 */
	char kind[16]; /* "bridge", "veth" ...; "" for a device's own (eth0, lo) */
};
struct address {
	int index; /* of its link */
	uint32_t addr;
	unsigned prefix;
};
struct route {
	uint32_t dst; /* with dst_len 0: the default route */
	unsigned dst_len;
	uint32_t table;
	int oif; /* the link it goes out by, or 0 (unreachable, blackhole ...) */
};

/* ip link / ip -4 address / ip -4 route show table all: calls each for
 * every one, returns 0 or -errno. */
int rt_links(struct nl *nl, void (*each)(const struct link *, void *), void *arg);
int rt_addresses(struct nl *nl, void (*each)(const struct address *, void *), void *arg);
int rt_routes(struct nl *nl, void (*each)(const struct route *, void *), void *arg);

/* The link named name (returns 1) or index (if name is NULL), into *out;
 * 0 if there is none. Dies if the dump fails. */
int rt_find_link(struct nl *nl, const char *name, int index, struct link *out);
/* The MTU of the link the host's default route goes out by (its uplink),
 * or 1500 without a default route. */
unsigned rt_uplink_mtu(struct nl *nl);

#endif
