#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chapters/06-network/netlink.h"
#include "common/err.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11 /* Linux 4.12 */
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

static char why[256]; /* the kernel's words on the last error */

void nl_open(struct nl *nl, int protocol)
{
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
	if (nl->fd < 0)
		die_errno("netlink socket");
	/* EXT_ACK: an error comes with the kernel's reason in words.
	 * CAP_ACK: without a copy of our request in it, so it stays short. */
	int on = 1;
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on));
	nl->seq = 0;
}

void nl_close(struct nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

void msg_init(struct msg *m)
{
	m->len = 0;
	m->last = NULL;
}

/* Room for len more bytes, aligned, at the end of the buffer. */
static void *msg_grow(struct msg *m, size_t len)
{
	size_t start = NLMSG_ALIGN(m->len);
	if (start + NLMSG_ALIGN(len) > sizeof(m->buf))
		die("netlink message too long (%zu bytes)", start + len);
	memset(m->buf + m->len, 0, start + NLMSG_ALIGN(len) - m->len);
	m->len = start + NLMSG_ALIGN(len);
	if (m->last)
		m->last->nlmsg_len = (char *)m->buf + m->len - (char *)m->last;
	return m->buf + start;
}

void *msg_begin(struct msg *m, uint16_t type, uint16_t flags, const void *fixed, size_t size)
{
	m->last = NULL;
	struct nlmsghdr *h = msg_grow(m, NLMSG_HDRLEN);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	m->last = h;
	void *body = msg_grow(m, size);
	memcpy(body, fixed, size);
	return body;
}

void msg_put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = msg_grow(m, NLA_HDRLEN + len);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
}

void msg_put_raw(struct msg *m, const void *data, size_t len)
{
	memcpy(msg_grow(m, len), data, len);
}

void msg_put_str(struct msg *m, uint16_t type, const char *s)
{
	msg_put(m, type, s, strlen(s) + 1);
}

void msg_put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	msg_put(m, type, &v, sizeof(v));
}

void msg_put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	msg_put(m, type, &v, sizeof(v));
}

void msg_put_be32(struct msg *m, uint16_t type, uint32_t v)
{
	v = __builtin_bswap32(v);
	msg_put(m, type, &v, sizeof(v));
}

struct nlattr *msg_nest(struct msg *m, uint16_t type)
{
	struct nlattr *a = msg_grow(m, NLA_HDRLEN);
	a->nla_type = type | NLA_F_NESTED;
	return a;
}

void msg_nest_end(struct msg *m, struct nlattr *nest)
{
	nest->nla_len = (char *)m->buf + m->len - (char *)nest;
}

/* Numbers the messages, sends them; returns how many want an answer. */
static int msg_send(struct nl *nl, struct msg *m)
{
	int acks = 0;
	for (size_t off = 0; off < m->len;) {
		struct nlmsghdr *h = (struct nlmsghdr *)(m->buf + off);
		h->nlmsg_seq = ++nl->seq;
		acks += (h->nlmsg_flags & (NLM_F_ACK | NLM_F_DUMP)) != 0;
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	if (sendto(nl->fd, m->buf, m->len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		die_errno("netlink send");
	return acks;
}

/* One datagram of answers; -1 if flags has MSG_DONTWAIT and none is there. */
static _Alignas(NLMSG_ALIGNTO) char reply[65536];
static ssize_t recv_reply(struct nl *nl, int flags)
{
	ssize_t n;
	do
		n = recv(nl->fd, reply, sizeof(reply), flags);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN && (flags & MSG_DONTWAIT))
		return -1;
	if (n < 0)
		die_errno("netlink receive");
	return n;
}

/* The error code of an acknowledgement, keeping the kernel's words. */
static int ack_error(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	if (e->error == 0)
		return 0;
	why[0] = '\0';
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		/* With CAP_ACK, our request is not copied back: only its header. */
		size_t skip = NLMSG_ALIGN(sizeof(*e));
		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			skip += NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(e->msg);
		const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
		nl_attrs((const char *)e + skip, h->nlmsg_len - NLMSG_HDRLEN - skip, tb,
			 NLMSGERR_ATTR_MAX);
		if (tb[NLMSGERR_ATTR_MSG])
			snprintf(why, sizeof(why), " (%.*s)",
				 (int)nla_len(tb[NLMSGERR_ATTR_MSG]) - 1,
				 (const char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	}
	return e->error;
}

int nl_send(struct nl *nl, struct msg *m)
{
	int acks = msg_send(nl, m), first = 0;
	why[0] = '\0';
	/* After an error, a batch may answer fewer messages: stop when none is left. */
	while (acks > 0) {
		ssize_t n = recv_reply(nl, first ? MSG_DONTWAIT : 0);
		if (n < 0)
			break;
		for (struct nlmsghdr *h = (struct nlmsghdr *)reply; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			acks--;
			int err = ack_error(h);
			if (err && !first)
				first = err;
		}
	}
	return first;
}

const char *nl_why(void)
{
	return why;
}

void nl_send_or_die(struct nl *nl, struct msg *m, const char *what)
{
	int err = nl_send(nl, m);
	if (err)
		die("%s: %s%s", what, strerror(-err), why);
}

int nl_dump(struct nl *nl, struct msg *m, void (*each)(const struct nlmsghdr *, void *), void *arg)
{
	m->last->nlmsg_flags |= NLM_F_DUMP;
	msg_send(nl, m);
	for (;;) {
		ssize_t n = recv_reply(nl, 0);
		for (struct nlmsghdr *h = (struct nlmsghdr *)reply; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ack_error(h);
			each(h, arg);
		}
	}
}

void nl_attrs(const void *start, size_t len, const struct nlattr **tb, unsigned max)
{
	memset(tb, 0, (max + 1) * sizeof(*tb));
	const struct nlattr *a = start;
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len) {
		unsigned type = a->nla_type & NLA_TYPE_MASK;
		if (type <= max)
			tb[type] = a;
		size_t next = NLA_ALIGN(a->nla_len);
		len -= next < len ? next : len;
		a = (const struct nlattr *)((const char *)a + next);
	}
}

const void *nl_attrs_of(const struct nlmsghdr *h, size_t size, size_t *len)
{
	size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(size);
	*len = h->nlmsg_len > start ? h->nlmsg_len - start : 0;
	return (const char *)h + start;
}

uint32_t nla_u32(const struct nlattr *a)
{
	uint32_t v = 0;
	memcpy(&v, nla_data(a), nla_len(a) < sizeof(v) ? nla_len(a) : sizeof(v));
	return v;
}
