/*
 * nf_tables, spoken by hand: the kernel's firewall is a small virtual
 * machine. A rule is a program of expressions that load a field of the
 * packet into a register, compare it, and end in a verdict (accept, drop,
 * masquerade, dnat), as chapter 04's seccomp filter is a program of loads,
 * tests and returns. Rules live in chains, chains in tables; all of it is
 * sent as one batch over NETLINK_NETFILTER, which the kernel applies whole
 * or not at all.
 *
 * A rule is written as nft would print it: each function below adds the
 * expressions of one match ("ip saddr 10.77.0.2") or one verdict
 * ("masquerade") to the rule being built, and its text to the rule's
 * listing, which --verbose prints: `=> nft: add rule ip kobako-2 ...`,
 * word for word what `nft list ruleset` shows.
 *
 *	struct nft_batch b;
 *	nft_begin(&b, "kobako-2");
 *	nft_add_table(&b, 0);
 *	nft_add_chain(&b, "postrouting", "nat", NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC);
 *	nft_add_rule(&b, "postrouting");
 *	nft_saddr(&b, NFT_CMP_EQ, address, 32);
 *	nft_masquerade(&b);
 *	nft_commit(&b, nl);
 */
#ifndef KOBAKO_NFTABLES_H
#define KOBAKO_NFTABLES_H

/* The C library's netinet/in.h first: the kernel's linux/in.h, which
 * linux/netfilter.h brings, then steps aside instead of clashing with it. */
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdint.h>

#include "chapters/06-network/netlink.h"

/* Every table here is of family ip (IPv4), as kobako's network is. */
struct nft_batch {
	const char *table;
	struct msg m;
	struct nlattr *exprs; /* of the rule being built, or NULL */
	char rule[512];       /* its listing, in nft syntax */
};

/* Starts a batch of changes to table `ip TABLE`. */
void nft_begin(struct nft_batch *b, const char *table);
/* The table. With owner (NFT_TABLE_F_OWNER), it belongs to the socket the
 * batch is sent on, and goes when that socket closes, even if its process
 * is killed; no other process may change it. */
void nft_add_table(struct nft_batch *b, int owner);
void nft_delete_table(struct nft_batch *b);
/* Deletes every rule of the chain. */
void nft_flush_chain(struct nft_batch *b, const char *chain);
/* Whether table `ip TABLE` is there (a request, not part of a batch). */
int nft_table_exists(struct nl *nl, const char *table);
/* A base chain: one the kernel calls at hook (NF_INET_POST_ROUTING ...),
 * in the order of priority, with policy accept. type: "nat" or "filter". */
void nft_add_chain(struct nft_batch *b, const char *chain, const char *type, unsigned hook,
		   int priority);
/* Starts a rule at the end of chain; the functions below write it. */
void nft_add_rule(struct nft_batch *b, const char *chain);
/* Sends the batch on nl and dies, naming the table, if the kernel refuses
 * it (then nothing of it is applied). */
void nft_commit(struct nft_batch *b, struct nl *nl);
/* The same, returning 0 or the kernel's -errno instead. */
int nft_send(struct nft_batch *b, struct nl *nl);

/* Matches. op is NFT_CMP_EQ or NFT_CMP_NEQ; addresses in host order. */
/* ip saddr 10.77.0.2, ip daddr != 127.0.0.0/8 */
void nft_saddr(struct nft_batch *b, enum nft_cmp_ops op, uint32_t address, unsigned prefix);
void nft_daddr(struct nft_batch *b, enum nft_cmp_ops op, uint32_t address, unsigned prefix);
/* iifname "kobako0", oifname != "kobako0" */
void nft_iifname(struct nft_batch *b, enum nft_cmp_ops op, const char *name);
void nft_oifname(struct nft_batch *b, enum nft_cmp_ops op, const char *name);
/* meta l4proto tcp (IPPROTO_TCP or IPPROTO_UDP) */
void nft_l4proto(struct nft_batch *b, uint8_t protocol);
/* tcp dport 8080: the protocol, then the port */
void nft_dport(struct nft_batch *b, uint8_t protocol, uint16_t port);
/* fib daddr type local: addressed to one of this host's own addresses */
void nft_fib_daddr_local(struct nft_batch *b);
/* ct status dnat: a connection whose destination was translated */
void nft_ct_dnat(struct nft_batch *b);
/* ct state established,related: a connection already accepted, or one it opened */
void nft_ct_established(struct nft_batch *b);

/* Verdicts: each ends a rule. */
void nft_accept(struct nft_batch *b);
void nft_drop(struct nft_batch *b);
/* masquerade: the source becomes the address of the interface it leaves by */
void nft_masquerade(struct nft_batch *b);
/* dnat to 10.77.0.2:80 (host order) */
void nft_dnat(struct nft_batch *b, uint32_t address, uint16_t port);

#endif
