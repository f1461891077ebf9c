/*
 * Connecting a container, as Docker's default bridge network does:
 *
 *   host:       kobako0 (bridge, 10.77.0.1/16) ── kobako-2 ─┐ veth pair
 *   container:                            eth0 (10.77.0.2/16) ┘ default via 10.77.0.1
 *
 * and, leaving the host, the container's packets take the host's address
 * (masquerade, nat.c). Every request is rtnetlink (rtnetlink.c), the
 * kernel's own interface that `ip` uses too.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "chapters/06-network/bridge.h"
#include "chapters/06-network/firewall.h"
#include "chapters/06-network/nat.h"
#include "chapters/06-network/network.h"
#include "chapters/06-network/rtnetlink.h"
#include "common/err.h"
#include "common/file.h"
#include "common/opts.h"

/* "10.77.0.0/16" */
enum { CIDR_TEXT = IPV4_TEXT + 3 };
static const char *cidr_text(uint32_t addr, unsigned prefix, char buf[CIDR_TEXT])
{
	char a[IPV4_TEXT];
	snprintf(buf, CIDR_TEXT, "%s/%u", ipv4_text(addr, a), prefix);
	return buf;
}

static uint32_t mask_of(unsigned prefix)
{
	return prefix ? ~0u << (32 - prefix) : 0;
}

void parse_network(const struct opt *o, const char *value)
{
	struct network *net = o->dest;
	if (!strcmp(value, "bridge"))
		net->mode = NETWORK_BRIDGE;
	else if (!strcmp(value, "none"))
		net->mode = NETWORK_NONE;
	else if (!strcmp(value, "host"))
		net->mode = NETWORK_HOST;
	else
		opt_bad(o, value, "bridge, none or host");
}

void parse_subnet(const struct opt *o, const char *value)
{
	struct network *net = o->dest;
	char addr[IPV4_TEXT];
	const char *slash = strchr(value, '/');
	if (!slash || slash - value >= IPV4_TEXT || slash[1] < '0' || slash[1] > '9')
		opt_bad(o, value, "not a subnet such as 10.77.0.0/16");
	memcpy(addr, value, slash - value);
	addr[slash - value] = '\0';
	struct in_addr in;
	char *end;
	unsigned long prefix = strtoul(slash + 1, &end, 10);
	if (inet_pton(AF_INET, addr, &in) != 1 || *end)
		opt_bad(o, value, "not a subnet such as 10.77.0.0/16");
	/* Up to /30: the bridge, one container, the broadcast address. From /8:
	 * the host end's name, kobako-16777214 at most, fits 15 characters. */
	if (prefix < 8 || prefix > 30)
		opt_bad(o, value, "the prefix must be 8 to 30");
	uint32_t a = ntohl(in.s_addr);
	if (a & ~mask_of(prefix)) {
		char why[64], cidr[CIDR_TEXT];
		snprintf(why, sizeof(why), "not a network address (did you mean %s?)",
			 cidr_text(a & mask_of(prefix), prefix, cidr));
		opt_bad(o, value, why);
	}
	net->subnet = a;
	net->prefix = prefix;
}

/* Two prefixes overlap when they agree on the bits of the shorter one. */
static int overlap(uint32_t a, unsigned a_len, uint32_t b, unsigned b_len)
{
	uint32_t mask = mask_of(a_len < b_len ? a_len : b_len);
	return (a & mask) == (b & mask);
}

struct overlap {
	const struct network *net;
	int bridge; /* its own routes are no conflict */
	struct route hit;
	int found;
};

static void find_overlap(const struct route *r, void *arg)
{
	struct overlap *o = arg;
	/* A default route covers every address: it is no conflict, only the
	 * way out. Neither are the bridge's own routes. */
	if (r->dst_len == 0 || (o->bridge && r->oif == o->bridge))
		return;
	if (!overlap(r->dst, r->dst_len, o->net->subnet, o->net->prefix))
		return;
	/* The main table's route (10.77.5.0/24) says more than the local
	 * table's (local 10.77.5.1, broadcast 10.77.5.255): keep that one. */
	if (!o->found || (o->hit.table != RT_TABLE_MAIN && r->table == RT_TABLE_MAIN))
		o->hit = *r;
	o->found = 1;
}

/* The host already reaches the subnet some other way (a LAN, a VPN, Docker):
 * containers there would take, and cut off, those addresses. */
static void check_overlap(struct nl *nl, const struct network *net)
{
	struct link l;
	struct overlap o = { .net = net, .bridge = rt_find_link(nl, BRIDGE, 0, &l) ? l.index : 0 };
	for (;;) {
		o.found = 0;
		int err = rt_routes(nl, find_overlap, &o);
		if (err)
			die("list routes: %s%s", strerror(-err), nl_why());
		if (!o.found)
			return;
		if (!o.hit.oif || !rt_find_link(nl, NULL, o.hit.oif, &l))
			l.name[0] = '\0';
		/* The bridge's route, made by a container starting meanwhile: that
		 * one is no conflict. Look again, without the bridge's routes. */
		if (strcmp(l.name, BRIDGE) || o.bridge == l.index)
			break;
		o.bridge = l.index;
	}
	char subnet[CIDR_TEXT], route[CIDR_TEXT], dev[IF_NAMESIZE + 8] = "";
	if (l.name[0])
		snprintf(dev, sizeof(dev), " (dev %s)", l.name);
	die("--subnet %s overlaps the host's route %s%s",
	    cidr_text(net->subnet, net->prefix, subnet), cidr_text(o.hit.dst, o.hit.dst_len, route),
	    dev);
}

/* The bridge is shared: all its containers are on one subnet. */
static void check_bridge_subnet(struct nl *nl, const struct network *net)
{
	struct address a;
	if (!bridge_address(nl, &a) || (a.addr == net->subnet + 1 && a.prefix == net->prefix))
		return;
	char subnet[CIDR_TEXT], has[CIDR_TEXT];
	die("--subnet %s: the bridge " BRIDGE " has %s (containers started with another --subnet); "
	    "see --cleanup",
	    cidr_text(net->subnet, net->prefix, subnet), cidr_text(a.addr, a.prefix, has));
}

void network_check(const struct network *net, int userns)
{
	if (net->mode == NETWORK_HOST && userns)
		die("--network host: not with --userns (a user namespace's root cannot mount "
		    "the sysfs of the host's network)");
	if (net->mode != NETWORK_BRIDGE)
		return;
	struct nl nl;
	nl_open(&nl, NETLINK_ROUTE);
	check_overlap(&nl, net);
	check_bridge_subnet(&nl, net);
	nl_close(&nl);
}

_Noreturn void network_cleanup(void)
{
	struct nl nl, nft;
	nl_open(&nl, NETLINK_ROUTE);
	nl_open(&nft, NETLINK_NETFILTER);
	int lock = bridge_lock(LOCK_EX);
	bridge_remove_unused(&nl);
	nat_remove(&nft);
	close(lock);
	nl_close(&nft);
	nl_close(&nl);
	exit(0);
}

static void enable_forwarding(void)
{
	/* Without it, the host drops what the containers send beyond it. */
	step("sysctl net.ipv4.ip_forward=1: the host routes the containers' packets "
	     "(it stays on, as with Docker)");
	if (write_file("/proc/sys/net/ipv4/ip_forward", "1") < 0)
		die_errno("write /proc/sys/net/ipv4/ip_forward=1");
}

/*
 * The address lease. The host end of the veth is named after the address
 * (10.77.0.N: kobako-N) and made with NLM_F_EXCL, so the kernel refuses a
 * name, with EEXIST, when another container holds that address: then try
 * the next. Two containers starting at once can never both get one, and
 * nothing needs releasing: the kernel deletes the veth pair when the
 * container's network namespace dies, also after a SIGKILLed runtime (the
 * container dies with it). No lock file, no lease file to go stale.
 */
static void lease(struct nl *nl, struct network *net, int bridge, unsigned mtu, pid_t pid)
{
	uint32_t last = (1u << (32 - net->prefix)) - 2; /* the next is broadcast */
	for (uint32_t n = 2; n <= last; n++) {
		char *name = net->host_end;
		snprintf(name, sizeof(net->host_end), "kobako-%u", n);
		step("rtnetlink: new link %s (veth; peer eth0 in the container), master " BRIDGE
		     ", mtu %u, up",
		     name, mtu);
		struct msg m;
		msg_init(&m);
		rt_new_veth(&m, name, "eth0", pid, bridge, mtu);
		int err = nl_send(nl, &m);
		if (!err) {
			net->address = net->subnet + n;
			return;
		}
		if (err != -EEXIST)
			die("new link %s: %s%s", name, strerror(-err), nl_why());
		char taken[IPV4_TEXT];
		step("rtnetlink: %s exists: %s is another container's; try the next", name,
		     ipv4_text(net->subnet + n, taken));
	}
	char subnet[CIDR_TEXT];
	die("--subnet %s is full: no address left for a container (kobako-2 ... kobako-%u exist)",
	    cidr_text(net->subnet, net->prefix, subnet), last);
}

/*
 * A netlink socket speaks to the network namespace it was made in, for its
 * whole life. So the runtime steps into the container's namespace, makes a
 * socket there, and steps back into its own at once: the socket then
 * configures the container's eth0 while the runtime stays where it was.
 */
static void open_in_netns(struct nl *nl, pid_t pid)
{
	char path[PATH_MAX];
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int theirs = open(pathf(path, "/proc/%d/ns/net", pid), O_RDONLY | O_CLOEXEC);
	if (self < 0 || theirs < 0)
		die_errno("open %s", self < 0 ? "/proc/self/ns/net" : path);
	if (setns(theirs, CLONE_NEWNET) < 0)
		die_errno("setns %s", path);
	nl_open(nl, NETLINK_ROUTE);
	if (setns(self, CLONE_NEWNET) < 0)
		die_errno("setns back to the runtime's network namespace");
	close(theirs);
	close(self);
}

static void configure_inside(const struct network *net, pid_t pid)
{
	char addr[CIDR_TEXT], gw[IPV4_TEXT], what[64];
	cidr_text(net->address, net->prefix, addr);
	ipv4_text(net->gateway, gw);
	step("rtnetlink: in the container: eth0 up, %s, default via %s", addr, gw);
	struct nl in;
	open_in_netns(&in, pid);
	struct link eth0;
	if (!rt_find_link(&in, "eth0", 0, &eth0))
		die("eth0: not in the container");

	struct msg m;
	msg_init(&m);
	rt_link_up(&m, eth0.index);
	nl_send_or_die(&in, &m, "eth0 up");
	msg_init(&m);
	rt_new_address(&m, eth0.index, net->address, net->prefix);
	snprintf(what, sizeof(what), "new address %s on eth0", addr);
	nl_send_or_die(&in, &m, what);
	/* Last: the kernel refuses a gateway it cannot reach yet, on a link
	 * down or without the address of the gateway's subnet. */
	msg_init(&m);
	rt_new_default_route(&m, net->gateway, eth0.index);
	snprintf(what, sizeof(what), "add route default via %s", gw);
	nl_send_or_die(&in, &m, what);
	/* The socket holds the namespace: closed, it is the container's alone. */
	nl_close(&in);
}

void network_connect(struct network *net, pid_t pid)
{
	if (net->mode != NETWORK_BRIDGE)
		return;
	net->gateway = net->subnet + 1;
	struct nl nl;
	nl_open(&nl, NETLINK_ROUTE);
	unsigned mtu = rt_uplink_mtu(&nl);

	/* Shared: no --cleanup removes the bridge and the NAT table before
	 * our veth is on the one and the other is written. */
	int lock = bridge_lock(LOCK_SH), made;
	int bridge = bridge_make(&nl, net->gateway, net->prefix, &made);
	lease(&nl, net, bridge, mtu, pid);
	struct nl nft;
	nl_open(&nft, NETLINK_NETFILTER);
	nat_masquerade(&nft, net->subnet, net->prefix, BRIDGE, made);
	nl_close(&nft);
	close(lock);
	nl_close(&nl);

	enable_forwarding();
	configure_inside(net, pid);
	firewall_check(BRIDGE);

	char addr[CIDR_TEXT], gw[IPV4_TEXT];
	step("network: eth0 %s, gateway %s", cidr_text(net->address, net->prefix, addr),
	     ipv4_text(net->gateway, gw));
}
