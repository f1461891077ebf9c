/*
 * The nf_tables protocol, by hand. What nft and libnftnl do for a
 * ruleset is a batch of netlink messages:
 *
 *	NFNL_MSG_BATCH_BEGIN               "what follows is one transaction"
 *	NFT_MSG_NEWTABLE  ip kobako-2      flags owner
 *	NFT_MSG_NEWCHAIN  postrouting      hook, priority, type, policy
 *	NFT_MSG_NEWRULE   postrouting      a list of expressions
 *	NFNL_MSG_BATCH_END                 "apply it all, or nothing"
 *
 * A rule's expressions are the instructions of the kernel's packet VM. It
 * has registers (NFT_REG_1 ... of 16 bytes, and NFT_REG_VERDICT); an
 * expression loads a field into one (payload, meta, fib, ct), transforms it
 * (bitwise), compares it (cmp: if not equal, the rule stops here), or acts
 * (immediate verdict, masq, nat). `nft --debug=netlink list ruleset` prints
 * these instructions for any rule: compare it with what is sent here.
 *
 * Byte order is the trap, as the kernel takes any bytes without a word:
 *  - the attributes' integers (register numbers, offsets, keys) are
 *    big-endian: msg_put_be32;
 *  - addresses and ports are compared as they are in the packet: network
 *    order;
 *  - what fib, ct and meta leave in a register is a number of the host's:
 *    host order (a big-endian RTN_LOCAL lists as `fib daddr type 33554432`).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "chapters/06-network/nftables.h"
#include "common/array.h"
#include "common/err.h"

/* Appends " text" to the listing of the rule being built. */
static void say(struct nft_batch *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct nft_batch *b, const char *fmt, ...)
{
	size_t len = strlen(b->rule);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->rule + len, sizeof(b->rule) - len, fmt, ap);
	va_end(ap);
}

/* The batch's messages are nf_tables' (subsystem NFNL_SUBSYS_NFTABLES),
 * each with an nfgenmsg header saying the family, and each acknowledged. */
static void nft_msg(struct nft_batch *b, uint16_t type, uint16_t flags)
{
	struct nfgenmsg g = { .nfgen_family = NFPROTO_IPV4, .version = NFNETLINK_V0 };
	msg_begin(&b->m, NFNL_SUBSYS_NFTABLES << 8 | type, flags | NLM_F_ACK, &g, sizeof(g));
}

/* Begin and end belong to nfnetlink itself, not to a subsystem: res_id
 * says which subsystem the batch is for. The kernel answers neither. */
static void batch_mark(struct nft_batch *b, uint16_t type)
{
	struct nfgenmsg g = { .nfgen_family = AF_UNSPEC,
			      .version = NFNETLINK_V0,
			      .res_id = htons(NFNL_SUBSYS_NFTABLES) };
	msg_begin(&b->m, type, 0, &g, sizeof(g));
}

void nft_begin(struct nft_batch *b, const char *table)
{
	b->table = table;
	b->exprs = NULL;
	msg_init(&b->m);
	batch_mark(b, NFNL_MSG_BATCH_BEGIN);
}

/* "add", as in nft: NLM_F_CREATE without NLM_F_EXCL, so a later batch
 * can name the table again. */
void nft_add_table(struct nft_batch *b, int owner)
{
	step("nft: add table ip %s%s", b->table, owner ? " { flags owner; }" : "");
	nft_msg(b, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	msg_put_str(&b->m, NFTA_TABLE_NAME, b->table);
	if (owner)
		msg_put_be32(&b->m, NFTA_TABLE_FLAGS, NFT_TABLE_F_OWNER);
}

void nft_delete_table(struct nft_batch *b)
{
	step("nft: delete table ip %s", b->table);
	nft_msg(b, NFT_MSG_DELTABLE, 0);
	msg_put_str(&b->m, NFTA_TABLE_NAME, b->table);
}

/* A DELRULE that names a chain and no rule deletes all of the chain's. */
void nft_flush_chain(struct nft_batch *b, const char *chain)
{
	step("nft: flush chain ip %s %s", b->table, chain);
	nft_msg(b, NFT_MSG_DELRULE, 0);
	msg_put_str(&b->m, NFTA_RULE_TABLE, b->table);
	msg_put_str(&b->m, NFTA_RULE_CHAIN, chain);
}

int nft_table_exists(struct nl *nl, const char *table)
{
	struct msg m;
	msg_init(&m);
	struct nfgenmsg g = { .nfgen_family = NFPROTO_IPV4, .version = NFNETLINK_V0 };
	msg_begin(&m, NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETTABLE, NLM_F_ACK, &g, sizeof(g));
	msg_put_str(&m, NFTA_TABLE_NAME, table);
	int err = nl_send(nl, &m);
	if (err && err != -ENOENT)
		die("nft: get table ip %s: %s%s", table, strerror(-err), nl_why());
	return !err;
}

static const char *const hooks[] = {
	[NF_INET_PRE_ROUTING] = "prerouting",   [NF_INET_LOCAL_IN] = "input",
	[NF_INET_FORWARD] = "forward",          [NF_INET_LOCAL_OUT] = "output",
	[NF_INET_POST_ROUTING] = "postrouting",
};

/* nft names the usual priorities: srcnat is 100, dstnat -100, filter 0,
 * raw -300 (before conntrack). nft 1.0.6 takes dstnat on prerouting only:
 * elsewhere, the number. */
static const char *priority_name(unsigned hook, int priority, char *buf, size_t len)
{
	if (priority == -300)
		return "raw";
	if (priority == 100 && hook == NF_INET_POST_ROUTING)
		return "srcnat";
	if (priority == -100 && hook == NF_INET_PRE_ROUTING)
		return "dstnat";
	if (priority == 0)
		return "filter";
	snprintf(buf, len, "%d", priority);
	return buf;
}

void nft_add_chain(struct nft_batch *b, const char *chain, const char *type, unsigned hook,
		   int priority)
{
	char buf[16];
	if (hook >= ARRAY_SIZE(hooks))
		die("nft: chain %s: no hook %u", chain, hook);
	step("nft: add chain ip %s %s { type %s hook %s priority %s; }", b->table, chain, type,
	     hooks[hook], priority_name(hook, priority, buf, sizeof(buf)));
	nft_msg(b, NFT_MSG_NEWCHAIN, NLM_F_CREATE);
	msg_put_str(&b->m, NFTA_CHAIN_TABLE, b->table);
	msg_put_str(&b->m, NFTA_CHAIN_NAME, chain);
	/* A hook makes it a base chain, one the kernel calls; a chain without
	 * one is only reached by a jump from another rule. */
	struct nlattr *h = msg_nest(&b->m, NFTA_CHAIN_HOOK);
	msg_put_be32(&b->m, NFTA_HOOK_HOOKNUM, hook);
	msg_put_be32(&b->m, NFTA_HOOK_PRIORITY, (uint32_t)priority);
	msg_nest_end(&b->m, h);
	/* What happens to a packet that no rule took: it goes on, to the
	 * other tables' chains. Ours never drop by policy. */
	msg_put_be32(&b->m, NFTA_CHAIN_POLICY, NF_ACCEPT);
	msg_put_str(&b->m, NFTA_CHAIN_TYPE, type);
}

void nft_add_rule(struct nft_batch *b, const char *chain)
{
	if (b->exprs)
		die("nft: a rule in chain %s begins before the last one ended", chain);
	snprintf(b->rule, sizeof(b->rule), "add rule ip %s %s", b->table, chain);
	nft_msg(b, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND);
	msg_put_str(&b->m, NFTA_RULE_TABLE, b->table);
	msg_put_str(&b->m, NFTA_RULE_CHAIN, chain);
	b->exprs = msg_nest(&b->m, NFTA_RULE_EXPRESSIONS);
}

/* A verdict ends the rule: its list of expressions, and its listing. */
static void rule_end(struct nft_batch *b)
{
	msg_nest_end(&b->m, b->exprs);
	b->exprs = NULL;
	step("nft: %s", b->rule);
}

int nft_send(struct nft_batch *b, struct nl *nl)
{
	if (b->exprs)
		die("nft: a rule of table ip %s has no verdict", b->table);
	batch_mark(b, NFNL_MSG_BATCH_END);
	return nl_send(nl, &b->m);
}

void nft_commit(struct nft_batch *b, struct nl *nl)
{
	int err = nft_send(b, nl);
	/* nf_tables rarely says why; its ENOENT often means that the kernel
	 * lacks the module of an expression or chain type, which it asked for
	 * on demand and did not get. */
	if (err == -ENOENT && !*nl_why())
		die("nft: table ip %s: %s (a module missing? nft_chain_nat, nft_masq, nft_nat, "
		    "nft_fib_ipv4, nft_ct)",
		    b->table, strerror(-err));
	if (err)
		die("nft: table ip %s: %s%s", b->table, strerror(-err), nl_why());
}

/*
 * The instructions. Each is a list element: the expression's name, and its
 * attributes nested in NFTA_EXPR_DATA.
 */
struct expr {
	struct nlattr *elem, *data;
};

static struct expr expr_begin(struct nft_batch *b, const char *name)
{
	if (!b->exprs)
		die("nft: expression %s outside a rule", name);
	struct expr e = { msg_nest(&b->m, NFTA_LIST_ELEM), NULL };
	msg_put_str(&b->m, NFTA_EXPR_NAME, name);
	e.data = msg_nest(&b->m, NFTA_EXPR_DATA);
	return e;
}

static void expr_end(struct nft_batch *b, struct expr e)
{
	msg_nest_end(&b->m, e.data);
	msg_nest_end(&b->m, e.elem);
}

/* A constant: len bytes, as the register will hold them. */
static void put_value(struct msg *m, uint16_t type, const void *value, size_t len)
{
	struct nlattr *n = msg_nest(m, type);
	msg_put(m, NFTA_DATA_VALUE, value, len);
	msg_nest_end(m, n);
}

/* reg 1 = len bytes at offset in the packet's network (IP) or transport
 * (TCP, UDP) header: base is NFT_PAYLOAD_NETWORK_HEADER or _TRANSPORT_. */
static void payload(struct nft_batch *b, uint32_t base, uint32_t offset, uint32_t len)
{
	struct expr e = expr_begin(b, "payload");
	msg_put_be32(&b->m, NFTA_PAYLOAD_DREG, NFT_REG_1);
	msg_put_be32(&b->m, NFTA_PAYLOAD_BASE, base);
	msg_put_be32(&b->m, NFTA_PAYLOAD_OFFSET, offset);
	msg_put_be32(&b->m, NFTA_PAYLOAD_LEN, len);
	expr_end(b, e);
}

/* reg 1 = what the kernel knows of the packet: NFT_META_OIFNAME ... */
static void meta(struct nft_batch *b, uint32_t key)
{
	struct expr e = expr_begin(b, "meta");
	msg_put_be32(&b->m, NFTA_META_DREG, NFT_REG_1);
	msg_put_be32(&b->m, NFTA_META_KEY, key);
	expr_end(b, e);
}

/* If reg 1 op value is false, the rule stops: the next rule is tried. */
static void cmp(struct nft_batch *b, enum nft_cmp_ops op, const void *value, size_t len)
{
	struct expr e = expr_begin(b, "cmp");
	msg_put_be32(&b->m, NFTA_CMP_SREG, NFT_REG_1);
	msg_put_be32(&b->m, NFTA_CMP_OP, op);
	put_value(&b->m, NFTA_CMP_DATA, value, len);
	expr_end(b, e);
}

/* reg 1 = (reg 1 & mask) ^ xor, on len bytes: xor is 0 here, the mask
 * keeps a prefix's bits or a flag's. */
static void bitwise(struct nft_batch *b, const void *mask, size_t len)
{
	static const char zero[16];
	struct expr e = expr_begin(b, "bitwise");
	msg_put_be32(&b->m, NFTA_BITWISE_SREG, NFT_REG_1);
	msg_put_be32(&b->m, NFTA_BITWISE_DREG, NFT_REG_1);
	msg_put_be32(&b->m, NFTA_BITWISE_LEN, len);
	put_value(&b->m, NFTA_BITWISE_MASK, mask, len);
	put_value(&b->m, NFTA_BITWISE_XOR, zero, len);
	expr_end(b, e);
}

/* reg = a constant, for an expression that reads its operands from
 * registers (nat). */
static void immediate(struct nft_batch *b, uint32_t reg, const void *value, size_t len)
{
	struct expr e = expr_begin(b, "immediate");
	msg_put_be32(&b->m, NFTA_IMMEDIATE_DREG, reg);
	put_value(&b->m, NFTA_IMMEDIATE_DATA, value, len);
	expr_end(b, e);
}

/* The verdict register = NF_ACCEPT or NF_DROP: the chain ends here. */
static void verdict(struct nft_batch *b, uint32_t code)
{
	struct expr e = expr_begin(b, "immediate");
	msg_put_be32(&b->m, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	struct nlattr *data = msg_nest(&b->m, NFTA_IMMEDIATE_DATA);
	struct nlattr *v = msg_nest(&b->m, NFTA_DATA_VERDICT);
	msg_put_be32(&b->m, NFTA_VERDICT_CODE, code);
	msg_nest_end(&b->m, v);
	msg_nest_end(&b->m, data);
	expr_end(b, e);
}

/*
 * The matches and verdicts, as nft writes them: each is the instructions
 * nft would emit for its words.
 */
static const char *op_text(enum nft_cmp_ops op)
{
	return op == NFT_CMP_NEQ ? "!= " : "";
}

static const char *proto_text(uint8_t protocol, char *buf, size_t len)
{
	if (protocol == IPPROTO_TCP)
		return "tcp";
	if (protocol == IPPROTO_UDP)
		return "udp";
	snprintf(buf, len, "%u", protocol);
	return buf;
}

/* A prefix shorter than 32 bits is a mask before the compare: /16 keeps
 * the first two bytes of the address, and compares them with the net's. */
static void ip_address(struct nft_batch *b, const char *field, size_t offset, enum nft_cmp_ops op,
		       uint32_t address, unsigned prefix)
{
	if (prefix > 32)
		die("nft: prefix /%u", prefix);
	uint32_t mask = htonl(prefix ? ~0u << (32 - prefix) : 0);
	uint32_t net = htonl(address) & mask;
	payload(b, NFT_PAYLOAD_NETWORK_HEADER, offset, sizeof(net));
	if (prefix < 32)
		bitwise(b, &mask, sizeof(mask));
	cmp(b, op, &net, sizeof(net));
	char text[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &net, text, sizeof(text));
	say(b, " ip %s %s%s", field, op_text(op), text);
	if (prefix < 32)
		say(b, "/%u", prefix);
}

void nft_saddr(struct nft_batch *b, enum nft_cmp_ops op, uint32_t address, unsigned prefix)
{
	ip_address(b, "saddr", offsetof(struct iphdr, saddr), op, address, prefix);
}

void nft_daddr(struct nft_batch *b, enum nft_cmp_ops op, uint32_t address, unsigned prefix)
{
	ip_address(b, "daddr", offsetof(struct iphdr, daddr), op, address, prefix);
}

/* An interface's name is compared whole: 16 bytes, zero-padded. */
static void ifname(struct nft_batch *b, uint32_t key, const char *field, enum nft_cmp_ops op,
		   const char *name)
{
	char padded[IFNAMSIZ] = { 0 };
	if (strlen(name) >= sizeof(padded))
		die("nft: interface name %s is longer than %d characters", name, IFNAMSIZ - 1);
	memcpy(padded, name, strlen(name));
	meta(b, key);
	cmp(b, op, padded, sizeof(padded));
	say(b, " %s %s\"%s\"", field, op_text(op), name);
}

void nft_iifname(struct nft_batch *b, enum nft_cmp_ops op, const char *name)
{
	ifname(b, NFT_META_IIFNAME, "iifname", op, name);
}

void nft_oifname(struct nft_batch *b, enum nft_cmp_ops op, const char *name)
{
	ifname(b, NFT_META_OIFNAME, "oifname", op, name);
}

/* The transport protocol is one byte: no byte order to get wrong. */
static void l4proto(struct nft_batch *b, uint8_t protocol)
{
	meta(b, NFT_META_L4PROTO);
	cmp(b, NFT_CMP_EQ, &protocol, sizeof(protocol));
}

void nft_l4proto(struct nft_batch *b, uint8_t protocol)
{
	char buf[8];
	l4proto(b, protocol);
	say(b, " meta l4proto %s", proto_text(protocol, buf, sizeof(buf)));
}

/* A port is only a port once the protocol is known: nft writes the
 * l4proto test itself before reading the header. TCP and UDP keep the
 * destination port at the same place. */
void nft_dport(struct nft_batch *b, uint8_t protocol, uint16_t port)
{
	char buf[8];
	uint16_t be = htons(port);
	l4proto(b, protocol);
	payload(b, NFT_PAYLOAD_TRANSPORT_HEADER, offsetof(struct udphdr, dest), sizeof(be));
	cmp(b, NFT_CMP_EQ, &be, sizeof(be));
	say(b, " %s dport %u", proto_text(protocol, buf, sizeof(buf)), port);
}

/* fib looks the destination up in the routing table; the route's type is
 * RTN_LOCAL for the host's own addresses. A number of the host's: host order. */
void nft_fib_daddr_local(struct nft_batch *b)
{
	uint32_t local = RTN_LOCAL;
	struct expr e = expr_begin(b, "fib");
	msg_put_be32(&b->m, NFTA_FIB_DREG, NFT_REG_1);
	msg_put_be32(&b->m, NFTA_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
	msg_put_be32(&b->m, NFTA_FIB_FLAGS, NFTA_FIB_F_DADDR);
	expr_end(b, e);
	cmp(b, NFT_CMP_EQ, &local, sizeof(local));
	say(b, " fib daddr type local");
}

/* A conntrack field of bits (host order), and are any of these set? */
static void ct_any(struct nft_batch *b, uint32_t key, uint32_t bits)
{
	uint32_t zero = 0;
	struct expr e = expr_begin(b, "ct");
	msg_put_be32(&b->m, NFTA_CT_DREG, NFT_REG_1);
	msg_put_be32(&b->m, NFTA_CT_KEY, key);
	expr_end(b, e);
	bitwise(b, &bits, sizeof(bits));
	cmp(b, NFT_CMP_NEQ, &zero, sizeof(zero));
}

/* The connection's status: was its destination rewritten? */
void nft_ct_dnat(struct nft_batch *b)
{
	ct_any(b, NFT_CT_STATUS, IPS_DST_NAT);
	say(b, " ct status dnat");
}

/* Its state: an answer (established), or a connection it opened (related,
 * such as an ICMP error about it)? */
void nft_ct_established(struct nft_batch *b)
{
	ct_any(b, NFT_CT_STATE,
	       NF_CT_STATE_BIT(IP_CT_ESTABLISHED) | NF_CT_STATE_BIT(IP_CT_RELATED));
	say(b, " ct state established,related");
}

void nft_accept(struct nft_batch *b)
{
	verdict(b, NF_ACCEPT);
	say(b, " accept");
	rule_end(b);
}

void nft_drop(struct nft_batch *b)
{
	verdict(b, NF_DROP);
	say(b, " drop");
	rule_end(b);
}

/* masq needs no operand: the address is the outgoing interface's, looked
 * up for each new connection. */
void nft_masquerade(struct nft_batch *b)
{
	struct expr e = expr_begin(b, "masq");
	expr_end(b, e);
	say(b, " masquerade");
	rule_end(b);
}

/* nat reads its address and port from registers, loaded just before; the
 * port is used only with NF_NAT_RANGE_PROTO_SPECIFIED. */
void nft_dnat(struct nft_batch *b, uint32_t address, uint16_t port)
{
	uint32_t addr = htonl(address);
	uint16_t be = htons(port);
	char text[INET_ADDRSTRLEN];
	immediate(b, NFT_REG_1, &addr, sizeof(addr));
	if (port)
		immediate(b, NFT_REG_2, &be, sizeof(be));
	struct expr e = expr_begin(b, "nat");
	msg_put_be32(&b->m, NFTA_NAT_TYPE, NFT_NAT_DNAT);
	msg_put_be32(&b->m, NFTA_NAT_FAMILY, NFPROTO_IPV4);
	msg_put_be32(&b->m, NFTA_NAT_REG_ADDR_MIN, NFT_REG_1);
	if (port) {
		msg_put_be32(&b->m, NFTA_NAT_REG_PROTO_MIN, NFT_REG_2);
		msg_put_be32(&b->m, NFTA_NAT_FLAGS, NF_NAT_RANGE_PROTO_SPECIFIED);
	}
	expr_end(b, e);
	inet_ntop(AF_INET, &addr, text, sizeof(text));
	say(b, " dnat to %s", text);
	if (port)
		say(b, ":%u", port);
	rule_end(b);
}
