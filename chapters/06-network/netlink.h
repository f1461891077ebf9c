/*
 * Netlink: how the runtime talks to the kernel's network stack. A request
 * is a message, a header and attributes (type-length-value records, which
 * nest), written into a buffer and sent on a socket; the kernel answers
 * each with an acknowledgement, or, for a dump, with messages of the same
 * shape. rtnetlink (links, addresses, routes) and nf_tables (the firewall)
 * speak it alike: only the protocol and the message types differ.
 */
#ifndef KOBAKO_NETLINK_H
#define KOBAKO_NETLINK_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

struct nl {
	int fd;
	uint32_t seq; /* of the last message sent: each request gets its own */
};

/* A socket of protocol NETLINK_ROUTE or NETLINK_NETFILTER, bound to this
 * process's network namespace for its whole life. It asks for the kernel's
 * extended acknowledgements, whose text says why a request was refused. */
void nl_open(struct nl *nl, int protocol);
void nl_close(struct nl *nl);

/* One or more requests, built in place. */
struct msg {
	size_t len;
	struct nlmsghdr *last; /* the message being built */
	_Alignas(NLMSG_ALIGNTO) char buf[8192];
};

void msg_init(struct msg *m);
/* Starts a message: its header, then the fixed header of its family
 * (struct ifinfomsg, struct nfgenmsg ...) copied from fixed. NLM_F_REQUEST
 * is added to flags. Returns where the fixed header was copied. */
void *msg_begin(struct msg *m, uint16_t type, uint16_t flags, const void *fixed, size_t size);
/* Attributes of the message being built. */
void msg_put(struct msg *m, uint16_t type, const void *data, size_t len);
void msg_put_str(struct msg *m, uint16_t type, const char *s); /* with its NUL */
void msg_put_u8(struct msg *m, uint16_t type, uint8_t v);
void msg_put_u32(struct msg *m, uint16_t type, uint32_t v);  /* host order */
void msg_put_be32(struct msg *m, uint16_t type, uint32_t v); /* v in host order, sent big-endian */
/* Bytes that are no attribute: the fixed header a nested request starts with
 * (a veth's peer is a link request of its own, in VETH_INFO_PEER). */
void msg_put_raw(struct msg *m, const void *data, size_t len);
/* An attribute that holds attributes: those put until msg_nest_end. */
struct nlattr *msg_nest(struct msg *m, uint16_t type);
void msg_nest_end(struct msg *m, struct nlattr *nest);

/*
 * Sends every message in m and reads the kernel's answer to each that has
 * NLM_F_ACK. Returns 0, or the first -errno the kernel answered; the
 * kernel's words on it, if it gave any, are then in nl_why().
 */
int nl_send(struct nl *nl, struct msg *m);
/* "" or " (the kernel's words)", for the last error nl_send returned. */
const char *nl_why(void);
/* nl_send, and dies with "what: strerror (the kernel's words)" on an error. */
void nl_send_or_die(struct nl *nl, struct msg *m, const char *what);

/* Sends the one message in m with NLM_F_DUMP and calls each(reply, arg)
 * for every message of the answer. Returns 0 or -errno. */
int nl_dump(struct nl *nl, struct msg *m, void (*each)(const struct nlmsghdr *, void *), void *arg);

/* Attributes of a reply: tb[type] points to the last one of each type up
 * to max (the others are skipped); tb has max + 1 entries, cleared here. */
void nl_attrs(const void *start, size_t len, const struct nlattr **tb, unsigned max);
/* Where the attributes of reply h begin, after a fixed header of size bytes. */
const void *nl_attrs_of(const struct nlmsghdr *h, size_t size, size_t *len);
static inline const void *nla_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}
static inline size_t nla_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}
uint32_t nla_u32(const struct nlattr *a);

#endif
