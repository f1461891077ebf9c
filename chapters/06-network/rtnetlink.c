#include <errno.h> /* ENOSYS, in a lab's stub */
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <string.h>

#include "chapters/06-network/rtnetlink.h"
#include "common/err.h"

/*
 * The NLM_F flags of a request say what to do when the thing is there, or
 * not, as the words of `ip` do:
 *   NLM_F_CREATE  make it if it is not there (`ip link add`, `ip route add`);
 *   NLM_F_EXCL    and fail with EEXIST if it is: never change what exists;
 *   NLM_F_ACK     answer even on success, so we know the request was done.
 * Without CREATE, RTM_NEWLINK changes an existing link (`ip link set`).
 */
enum { CREATE = NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK };

const char *ipv4_text(uint32_t addr, char buf[IPV4_TEXT])
{
	struct in_addr in = { htonl(addr) };
	return inet_ntop(AF_INET, &in, buf, IPV4_TEXT);
}

void rt_new_bridge(struct msg *m, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	msg_begin(m, RTM_NEWLINK, CREATE, &ifi, sizeof(ifi));
	msg_put_str(m, IFLA_IFNAME, name);
	struct nlattr *info = msg_nest(m, IFLA_LINKINFO);
	msg_put_str(m, IFLA_INFO_KIND, "bridge");
	msg_nest_end(m, info);
}

/*
 * One message makes both ends. The peer's part is a link request of its own,
 * nested in VETH_INFO_PEER: its struct ifinfomsg, then its attributes. With
 * IFLA_NET_NS_PID there, the kernel makes the peer in that process's network
 * namespace, under its name: it is never in ours, where "eth0" may be the
 * host's own interface.
 */
void rt_new_veth(struct msg *m, const char *name, const char *peer, pid_t pid, int master,
		 unsigned mtu)
{
	/* lab: into M, an RTM_NEWLINK request for a veth pair: NAME here (up, in bridge MASTER),
	 * PEER in PID's network namespace, both of MTU; see docs/06-network.md "rtnetlink" */
	/* ifi_change says which of ifi_flags to set: without it, IFF_UP is ignored. */
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC,
				 .ifi_flags = IFF_UP,
				 .ifi_change = IFF_UP };
	msg_begin(m, RTM_NEWLINK, CREATE, &ifi, sizeof(ifi));
	msg_put_str(m, IFLA_IFNAME, name);
	msg_put_u32(m, IFLA_MASTER, master);
	msg_put_u32(m, IFLA_MTU, mtu);
	struct nlattr *info = msg_nest(m, IFLA_LINKINFO);
	msg_put_str(m, IFLA_INFO_KIND, "veth");
	struct nlattr *data = msg_nest(m, IFLA_INFO_DATA);
	struct nlattr *p = msg_nest(m, VETH_INFO_PEER);
	struct ifinfomsg peer_ifi = { .ifi_family = AF_UNSPEC };
	msg_put_raw(m, &peer_ifi, sizeof(peer_ifi));
	msg_put_str(m, IFLA_IFNAME, peer);
	msg_put_u32(m, IFLA_NET_NS_PID, pid);
	msg_put_u32(m, IFLA_MTU, mtu);
	msg_nest_end(m, p);
	msg_nest_end(m, data);
	msg_nest_end(m, info);
	/* lab end: (void)m; (void)peer; (void)pid; (void)master; (void)mtu;
	 * errno = ENOSYS; die_errno("rtnetlink: new veth %s", name); */
}

void rt_link_up(struct msg *m, int index)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC,
				 .ifi_index = index,
				 .ifi_flags = IFF_UP,
				 .ifi_change = IFF_UP };
	msg_begin(m, RTM_NEWLINK, NLM_F_ACK, &ifi, sizeof(ifi));
}

void rt_del_link(struct msg *m, int index)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index };
	msg_begin(m, RTM_DELLINK, NLM_F_ACK, &ifi, sizeof(ifi));
}

void rt_new_address(struct msg *m, int index, uint32_t addr, unsigned prefix)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET,
				 .ifa_prefixlen = prefix,
				 .ifa_scope = RT_SCOPE_UNIVERSE,
				 .ifa_index = index };
	msg_begin(m, RTM_NEWADDR, CREATE, &ifa, sizeof(ifa));
	/* LOCAL is the address of this end, ADDRESS that of the other (the same,
	 * but on a point-to-point link): `ip address add` sends both. */
	msg_put_be32(m, IFA_LOCAL, addr);
	msg_put_be32(m, IFA_ADDRESS, addr);
}

void rt_new_default_route(struct msg *m, uint32_t gateway, int index)
{
	struct rtmsg rt = { .rtm_family = AF_INET,
			    .rtm_dst_len = 0, /* every destination: the default route */
			    .rtm_table = RT_TABLE_MAIN,
			    .rtm_protocol = RTPROT_BOOT,
			    .rtm_scope = RT_SCOPE_UNIVERSE,
			    .rtm_type = RTN_UNICAST };
	msg_begin(m, RTM_NEWROUTE, CREATE, &rt, sizeof(rt));
	msg_put_be32(m, RTA_GATEWAY, gateway);
	msg_put_u32(m, RTA_OIF, index);
}

/* A dump calls back with raw messages: these turn each into its struct,
 * and pass it on to the caller's function for that kind. */
struct each {
	void (*link)(const struct link *, void *);
	void (*address)(const struct address *, void *);
	void (*route)(const struct route *, void *);
	void *arg;
};

static uint32_t be32_attr(const struct nlattr *a)
{
	return a ? ntohl(nla_u32(a)) : 0;
}

static void each_link(const struct nlmsghdr *h, void *arg)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct nlattr *tb[IFLA_MAX + 1];
	size_t len;
	const void *attrs = nl_attrs_of(h, sizeof(*ifi), &len);
	nl_attrs(attrs, len, tb, IFLA_MAX);
	if (h->nlmsg_type != RTM_NEWLINK || !tb[IFLA_IFNAME])
		return;
	struct link l = { .index = ifi->ifi_index };
	snprintf(l.name, sizeof(l.name), "%s", (const char *)nla_data(tb[IFLA_IFNAME]));
	l.mtu = tb[IFLA_MTU] ? nla_u32(tb[IFLA_MTU]) : 0;
	l.master = tb[IFLA_MASTER] ? nla_u32(tb[IFLA_MASTER]) : 0;
	if (tb[IFLA_LINKINFO]) {
		const struct nlattr *info[IFLA_INFO_MAX + 1];
		nl_attrs(nla_data(tb[IFLA_LINKINFO]), nla_len(tb[IFLA_LINKINFO]), info,
			 IFLA_INFO_MAX);
		if (info[IFLA_INFO_KIND])
			snprintf(l.kind, sizeof(l.kind), "%.*s", (int)nla_len(info[IFLA_INFO_KIND]),
				 (const char *)nla_data(info[IFLA_INFO_KIND]));
	}
	const struct each *e = arg;
	e->link(&l, e->arg);
}

static void each_address(const struct nlmsghdr *h, void *arg)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct nlattr *tb[IFA_MAX + 1];
	size_t len;
	const void *attrs = nl_attrs_of(h, sizeof(*ifa), &len);
	nl_attrs(attrs, len, tb, IFA_MAX);
	if (h->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET)
		return;
	struct address a = { .index = ifa->ifa_index, .prefix = ifa->ifa_prefixlen };
	a.addr = be32_attr(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS]);
	const struct each *e = arg;
	e->address(&a, e->arg);
}

static void each_route(const struct nlmsghdr *h, void *arg)
{
	const struct rtmsg *rtm = NLMSG_DATA(h);
	const struct nlattr *tb[RTA_MAX + 1];
	size_t len;
	const void *attrs = nl_attrs_of(h, sizeof(*rtm), &len);
	nl_attrs(attrs, len, tb, RTA_MAX);
	if (h->nlmsg_type != RTM_NEWROUTE || rtm->rtm_family != AF_INET)
		return;
	struct route r = { .dst_len = rtm->rtm_dst_len, .table = rtm->rtm_table };
	r.dst = be32_attr(tb[RTA_DST]);
	/* Tables above 255 have their number in RTA_TABLE only. */
	if (tb[RTA_TABLE])
		r.table = nla_u32(tb[RTA_TABLE]);
	r.oif = tb[RTA_OIF] ? nla_u32(tb[RTA_OIF]) : 0;
	const struct each *e = arg;
	e->route(&r, e->arg);
}

static int dump(struct nl *nl, uint16_t type, const void *fixed, size_t size,
		void (*parse)(const struct nlmsghdr *, void *), struct each *e)
{
	struct msg m;
	msg_init(&m);
	msg_begin(&m, type, 0, fixed, size);
	return nl_dump(nl, &m, parse, e);
}

int rt_links(struct nl *nl, void (*each)(const struct link *, void *), void *arg)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct each e = { .link = each, .arg = arg };
	return dump(nl, RTM_GETLINK, &ifi, sizeof(ifi), each_link, &e);
}

int rt_addresses(struct nl *nl, void (*each)(const struct address *, void *), void *arg)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET };
	struct each e = { .address = each, .arg = arg };
	return dump(nl, RTM_GETADDR, &ifa, sizeof(ifa), each_address, &e);
}

int rt_routes(struct nl *nl, void (*each)(const struct route *, void *), void *arg)
{
	/* An IPv4 route dump lists every table: main, local, and any other. */
	struct rtmsg rtm = { .rtm_family = AF_INET };
	struct each e = { .route = each, .arg = arg };
	return dump(nl, RTM_GETROUTE, &rtm, sizeof(rtm), each_route, &e);
}

struct wanted {
	const char *name;
	int index;
	struct link *out;
	int found;
};

static void match_link(const struct link *l, void *arg)
{
	struct wanted *w = arg;
	if (w->name ? !strcmp(l->name, w->name) : l->index == w->index) {
		*w->out = *l;
		w->found = 1;
	}
}

int rt_find_link(struct nl *nl, const char *name, int index, struct link *out)
{
	struct wanted w = { name, index, out, 0 };
	int err = rt_links(nl, match_link, &w);
	if (err)
		die("list links: %s%s", strerror(-err), nl_why());
	return w.found;
}

static void default_route(const struct route *r, void *arg)
{
	int *oif = arg;
	if (r->dst_len == 0 && r->table == RT_TABLE_MAIN && r->oif && !*oif)
		*oif = r->oif;
}

unsigned rt_uplink_mtu(struct nl *nl)
{
	int oif = 0;
	int err = rt_routes(nl, default_route, &oif);
	if (err)
		die("list routes: %s%s", strerror(-err), nl_why());
	struct link uplink;
	if (oif && rt_find_link(nl, NULL, oif, &uplink) && uplink.mtu)
		return uplink.mtu;
	return 1500;
}
