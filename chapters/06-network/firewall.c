/*
 * Another program's firewall can stop the containers' traffic, and our
 * table cannot overrule it. A packet the host forwards passes every base
 * chain on the forward hook, of every table; an accept ends only the chain
 * it is in, a drop ends the packet. So when Docker or ufw has set the
 * forward policy of iptables' chain to drop, the containers reach nothing,
 * whatever our table says.
 *
 * The runtime does not change another program's rules: a native rule in
 * iptables-nft's tables even breaks `iptables` itself ("table `filter' is
 * incompatible"), and Docker with it. It says what it saw, and the exact
 * commands, for that program, that let the bridge's traffic through.
 *
 * It sees what is in nf_tables, where iptables-nft (Debian's iptables
 * since Debian 10), ufw, firewalld and Docker put their rules; the old
 * iptables-legacy's are elsewhere, and not seen.
 */
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <string.h>

#include "chapters/06-network/firewall.h"
#include "chapters/06-network/netlink.h"
#include "common/array.h"
#include "common/err.h"

/* A base chain that drops what it does not accept. */
struct dropper {
	uint8_t family;
	char table[64], chain[64];
	const char *how; /* "drops forwarded packets by policy" */
};

/* What the dump of every chain showed. */
struct seen {
	int docker, ufw; /* their chains are there */
	struct dropper drop[8];
	int drops;
};

static void copy_name(char *dst, size_t len, const struct nlattr *a)
{
	snprintf(dst, len, "%.*s", (int)nla_len(a), (const char *)nla_data(a));
}

/* Is this chain on the forward hook, and does it drop by policy? */
static int drops_forward(const struct nlattr *hook, const struct nlattr *policy)
{
	const struct nlattr *tb[NFTA_HOOK_MAX + 1];
	if (!hook || !policy)
		return 0; /* not a base chain */
	nl_attrs(nla_data(hook), nla_len(hook), tb, NFTA_HOOK_MAX);
	return tb[NFTA_HOOK_HOOKNUM] && ntohl(nla_u32(tb[NFTA_HOOK_HOOKNUM])) == NF_INET_FORWARD &&
	       ntohl(nla_u32(policy)) == NF_DROP;
}

static void each_chain(const struct nlmsghdr *h, void *arg)
{
	struct seen *s = arg;
	const struct nfgenmsg *g = NLMSG_DATA(h);
	const struct nlattr *tb[NFTA_CHAIN_MAX + 1];
	size_t len;
	const void *attrs = nl_attrs_of(h, sizeof(*g), &len);
	nl_attrs(attrs, len, tb, NFTA_CHAIN_MAX);
	if (!tb[NFTA_CHAIN_TABLE] || !tb[NFTA_CHAIN_NAME])
		return;
	struct dropper c = { .family = g->nfgen_family };
	copy_name(c.table, sizeof(c.table), tb[NFTA_CHAIN_TABLE]);
	copy_name(c.chain, sizeof(c.chain), tb[NFTA_CHAIN_NAME]);
	int ip_filter = c.family == NFPROTO_IPV4 && !strcmp(c.table, "filter");
	s->docker |= ip_filter && !strcmp(c.chain, "DOCKER-USER");
	s->ufw |= ip_filter && !strncmp(c.chain, "ufw-", 4);
	/* firewalld's forward chain accepts by policy, then rejects, in its
	 * last rule, whatever came from an interface in none of its zones. */
	int firewalld = c.family == NFPROTO_INET && !strcmp(c.table, "firewalld") &&
			!strcmp(c.chain, "filter_FORWARD");
	int ipv4 = c.family == NFPROTO_IPV4 || c.family == NFPROTO_INET; /* what sees our packets */
	c.how = firewalld ? "rejects forwarded packets of interfaces in none of its zones"
			  : "drops forwarded packets by policy";
	if ((firewalld || (ipv4 && drops_forward(tb[NFTA_CHAIN_HOOK], tb[NFTA_CHAIN_POLICY]))) &&
	    s->drops < (int)ARRAY_SIZE(s->drop))
		s->drop[s->drops++] = c;
}

/* Asks for a dump of nf_tables objects (NFT_MSG_GETCHAIN, _GETRULE) of
 * family (NFPROTO_UNSPEC: all), of table if not NULL. */
static int dump(struct nl *nl, uint16_t type, uint8_t family, const char *table,
		void (*each)(const struct nlmsghdr *, void *), void *arg)
{
	struct msg m;
	struct nfgenmsg g = { .nfgen_family = family, .version = NFNETLINK_V0 };
	msg_init(&m);
	msg_begin(&m, NFNL_SUBSYS_NFTABLES << 8 | type, 0, &g, sizeof(g));
	if (table)
		msg_put_str(&m, NFTA_RULE_TABLE, table);
	return nl_dump(nl, &m, each, arg);
}

struct names_bridge {
	const char *bridge;
	int found;
};

/* Does this expression compare an interface's name with the bridge's? Its
 * cmp holds the name and a NUL: 8 bytes from iptables, 16 from nft. */
static int cmp_is(const struct nlattr *expr, const char *name)
{
	const struct nlattr *e[NFTA_EXPR_MAX + 1], *c[NFTA_CMP_MAX + 1], *d[NFTA_DATA_MAX + 1];
	nl_attrs(nla_data(expr), nla_len(expr), e, NFTA_EXPR_MAX);
	if (!e[NFTA_EXPR_NAME] || strcmp(nla_data(e[NFTA_EXPR_NAME]), "cmp") || !e[NFTA_EXPR_DATA])
		return 0;
	nl_attrs(nla_data(e[NFTA_EXPR_DATA]), nla_len(e[NFTA_EXPR_DATA]), c, NFTA_CMP_MAX);
	if (!c[NFTA_CMP_DATA])
		return 0;
	nl_attrs(nla_data(c[NFTA_CMP_DATA]), nla_len(c[NFTA_CMP_DATA]), d, NFTA_DATA_MAX);
	size_t n = strlen(name) + 1;
	return d[NFTA_DATA_VALUE] && nla_len(d[NFTA_DATA_VALUE]) >= n &&
	       !memcmp(nla_data(d[NFTA_DATA_VALUE]), name, n);
}

static void each_rule(const struct nlmsghdr *h, void *arg)
{
	struct names_bridge *nb = arg;
	const struct nlattr *tb[NFTA_RULE_MAX + 1];
	size_t len;
	const void *attrs = nl_attrs_of(h, sizeof(struct nfgenmsg), &len);
	nl_attrs(attrs, len, tb, NFTA_RULE_MAX);
	if (!tb[NFTA_RULE_EXPRESSIONS])
		return;
	/* A list: every element is an NFTA_LIST_ELEM, walked one by one. */
	const char *p = nla_data(tb[NFTA_RULE_EXPRESSIONS]);
	const char *end = p + nla_len(tb[NFTA_RULE_EXPRESSIONS]);
	while (p + NLA_HDRLEN <= end) {
		const struct nlattr *e = (const void *)p;
		if (e->nla_len < NLA_HDRLEN || p + e->nla_len > end)
			break;
		nb->found |= cmp_is(e, nb->bridge);
		p += NLA_ALIGN(e->nla_len);
	}
}

/* Has the bridge been let through already? Then a rule of that table
 * names it: the commands below were run, or their like (ufw's and
 * firewalld's name the interface too). No warning then, at every start. */
static int names_bridge(struct nl *nl, const struct dropper *c, const char *bridge)
{
	struct names_bridge nb = { bridge, 0 };
	return dump(nl, NFT_MSG_GETRULE, c->family, c->table, each_rule, &nb) == 0 && nb.found;
}

/* The commands for one dropping chain, each on a line of its own, and
 * whose chain it is. The chain is the program's; the commands are its own
 * way to let traffic through, which it keeps across its restarts. */
static const char *advice(const struct seen *s, const struct dropper *c, const char *br, char *out,
			  size_t len)
{
	/* Into the bridge: the answers to the containers' own connections, and
	 * the connections to their published ports (chapter 07's DNAT). */
	const char *conntrack = "-m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT";
	int ip_filter = c->family == NFPROTO_IPV4 && !strcmp(c->table, "filter");
	if (ip_filter && s->docker) {
		/* DOCKER-USER comes first in FORWARD, and Docker leaves it alone. */
		snprintf(out, len,
			 "iptables -I DOCKER-USER -i %s -j ACCEPT\n"
			 "iptables -I DOCKER-USER -o %s %s",
			 br, br, conntrack);
		return "Docker's";
	}
	if (ip_filter && s->ufw) {
		snprintf(out, len, "ufw route allow in on %s\nufw route allow out on %s", br, br);
		return "ufw's";
	}
	if (c->family == NFPROTO_INET && !strcmp(c->table, "firewalld")) {
		snprintf(out, len, "firewall-cmd --zone=trusted --add-interface=%s", br);
		return "firewalld's";
	}
	if (ip_filter && !strcmp(c->chain, "FORWARD")) {
		snprintf(out, len,
			 "iptables -I FORWARD -i %s -j ACCEPT\n"
			 "iptables -I FORWARD -o %s %s",
			 br, br, conntrack);
		return "iptables'";
	}
	const char *family = c->family == NFPROTO_INET ? "inet" : "ip";
	snprintf(out, len,
		 "nft insert rule %s %s %s iifname \"%s\" accept\n"
		 "nft insert rule %s %s %s oifname \"%s\" ct state established,related accept\n"
		 "nft insert rule %s %s %s oifname \"%s\" ct status dnat accept",
		 family, c->table, c->chain, br, family, c->table, c->chain, br, family, c->table,
		 c->chain, br);
	return "an nftables ruleset's";
}

/* Indents each line of text by four spaces, into out. */
static void indent(const char *text, char *out, size_t len)
{
	size_t n = 0;
	for (const char *line = text; *line && n < len;) {
		size_t l = strcspn(line, "\n");
		n += snprintf(out + n, len - n, "\n    %.*s", (int)l, line);
		line += l + (line[l] == '\n');
	}
}

/* br_netfilter hands bridged packets, container to container, to the
 * forward chains as well: with it, even they stop there. */
static int br_netfilter(void)
{
	FILE *f = fopen("/proc/sys/net/bridge/bridge-nf-call-iptables", "re");
	int on = f && fgetc(f) == '1';
	if (f)
		fclose(f);
	return on;
}

void firewall_check(const char *bridge)
{
	struct seen s = { 0 };
	struct nl nl;
	nl_open(&nl, NETLINK_NETFILTER);
	int err = dump(&nl, NFT_MSG_GETCHAIN, NFPROTO_UNSPEC, NULL, each_chain, &s);
	if (err)
		warnx("cannot list nf_tables chains, to look for a firewall that drops: %s",
		      strerror(-err));
	for (int i = 0; i < s.drops; i++) {
		const struct dropper *c = &s.drop[i];
		char commands[512], lines[640];
		if (names_bridge(&nl, c, bridge))
			continue;
		const char *whose = advice(&s, c, bridge, commands, sizeof(commands));
		indent(commands, lines, sizeof(lines));
		warnx("chain %s of table %s %s (%s) %s, so the containers on %s reach nothing "
		      "beyond "
		      "the host; to let their traffic through, run:%s%s",
		      c->chain, c->family == NFPROTO_INET ? "inet" : "ip", c->table, whose, c->how,
		      bridge, lines,
		      br_netfilter() ? "\n  (br_netfilter is on: traffic between containers "
				       "passes that chain too, and those commands let it through)"
				     : "");
	}
	nl_close(&nl);
}
