/*
 * -p as Docker reads it. From the right: the container's port and its
 * protocol, then the host's port, then the host's address:
 *
 *   80                  container port 80, a host port the kernel chooses
 *   8080:80             host port 8080, on every address of the host
 *   127.0.0.1:8080:80   on 127.0.0.1 alone
 *   127.0.0.1::80       there, on a port the kernel chooses
 *   8000-8001:80-81     two ports, 8000 to 80 and 8001 to 81
 *   8000-8010:80        the first free host port of 8000 to 8010
 *   53:53/udp           UDP (the default is TCP)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chapters/06-network/rtnetlink.h"
#include "chapters/07-network-portforward/publish.h"
#include "common/opts.h"

struct range {
	unsigned first, last;
};

/* "80" or "80-81"; ports 1 to 65535, last >= first. */
static int parse_range(const char *s, size_t len, struct range *r)
{
	char text[16], *end;
	if (len == 0 || len >= sizeof(text))
		return -1;
	memcpy(text, s, len);
	text[len] = '\0';
	unsigned long first = strtoul(text, &end, 10), last = first;
	if (end == text || text[0] == '-' || text[0] == '+')
		return -1;
	if (*end == '-') {
		const char *from = end + 1;
		last = strtoul(from, &end, 10);
		if (end == from || *from == '-' || *from == '+')
			return -1;
	}
	if (*end || first < 1 || last > 65535 || last < first)
		return -1;
	r->first = first;
	r->last = last;
	return 0;
}

static _Noreturn void bad_part(const struct opt *o, const char *value, const char *what,
			       const char *s, size_t len)
{
	char why[96];
	snprintf(why, sizeof(why), "invalid %s %.*s (1 to 65535)", what, (int)len, s);
	opt_bad(o, value, why);
}

static uint8_t parse_protocol(const struct opt *o, const char *value, const char *proto)
{
	if (!*proto || !strcmp(proto, "tcp"))
		return IPPROTO_TCP;
	if (!strcmp(proto, "udp"))
		return IPPROTO_UDP;
	char why[64];
	snprintf(why, sizeof(why), "invalid protocol %.20s (tcp or udp)", proto);
	opt_bad(o, value, why);
}

/* The host's address: "" or 0.0.0.0 is every one. An IPv6 address, in
 * brackets or not, is understood but refused: the network is IPv4. */
static uint32_t parse_host_ip(const struct opt *o, const char *value, const char *s, size_t len)
{
	char text[64], why[96];
	struct in_addr in;
	struct in6_addr in6;
	if (len == 0)
		return 0;
	if (len > 2 && s[0] == '[' && s[len - 1] == ']')
		s++, len -= 2;
	snprintf(text, sizeof(text), "%.*s", (int)len, s);
	if (len < sizeof(text) && inet_pton(AF_INET, text, &in) == 1)
		return ntohl(in.s_addr);
	if (len < sizeof(text) && inet_pton(AF_INET6, text, &in6) == 1)
		opt_bad(o, value, "IPv6 is not supported: kobako's network is IPv4 only");
	snprintf(why, sizeof(why), "invalid host IP %.60s", text);
	opt_bad(o, value, why);
}

static void add_map(const struct opt *o, const char *value, struct port_map m)
{
	struct publish *p = o->dest;
	if (p->count == PUBLISH_MAX) {
		char why[48];
		snprintf(why, sizeof(why), "more than %d ports published", PUBLISH_MAX);
		opt_bad(o, value, why);
	}
	m.fd = -1;
	p->map[p->count++] = m;
}

void parse_publish(const struct opt *o, const char *value)
{
	/* The protocol, after the last slash; the ports, after the last two colons. */
	const char *slash = strrchr(value, '/');
	size_t len = slash ? (size_t)(slash - value) : strlen(value);
	uint8_t protocol = parse_protocol(o, value, slash ? slash + 1 : "");
	const char *container = value, *host = NULL, *ip = NULL;
	for (const char *c = value; c < value + len; c++)
		if (*c == ':') {
			ip = host;
			host = container;
			container = c + 1;
		}
	size_t container_len = value + len - container;
	size_t host_len = host ? (size_t)(container - 1 - host) : 0;
	/* Everything before the host port is the address, colons and all. */
	if (ip)
		ip = value;
	size_t ip_len = ip ? (size_t)(host - 1 - ip) : 0;

	struct range c, h = { 0, 0 };
	if (container_len == 0)
		opt_bad(o, value, "no container port");
	if (parse_range(container, container_len, &c) < 0)
		bad_part(o, value, "container port", container, container_len);
	if (host_len && parse_range(host, host_len, &h) < 0)
		bad_part(o, value, "host port", host, host_len);
	uint32_t host_ip = parse_host_ip(o, value, ip, ip_len);
	unsigned n = c.last - c.first + 1;
	if (host_len && n > 1 && h.last - h.first + 1 != n)
		opt_bad(o, value, "the host and container ranges differ in length");

	for (unsigned i = 0; i < n; i++) {
		struct port_map m = {
			.spec = value,
			.protocol = protocol,
			.host_ip = host_ip,
			.port = c.first + i,
		};
		if (host_len && n == 1) {
			m.host_port = h.first;
			m.host_last = h.last;
		} else if (host_len) {
			m.host_port = m.host_last = h.first + i;
		}
		m.chosen = !host_len || m.host_last > m.host_port;
		add_map(o, value, m);
	}
}

void parse_allow_from(const struct opt *o, const char *value)
{
	struct publish *p = o->dest;
	char text[INET_ADDRSTRLEN], *end;
	const char *slash = strchr(value, '/');
	size_t len = slash ? (size_t)(slash - value) : strlen(value);
	unsigned long prefix = 32;
	struct in_addr in;
	if (slash) {
		prefix = strtoul(slash + 1, &end, 10);
		if (end == slash + 1 || *end || slash[1] == '-' || slash[1] == '+' || prefix > 32)
			opt_bad(o, value, "not an address or a network such as 192.0.2.0/24");
	}
	if (len >= sizeof(text))
		opt_bad(o, value, "not an address or a network such as 192.0.2.0/24");
	memcpy(text, value, len);
	text[len] = '\0';
	if (inet_pton(AF_INET, text, &in) != 1)
		opt_bad(o, value, "not an address or a network such as 192.0.2.0/24");
	uint32_t a = ntohl(in.s_addr), mask = prefix ? ~0u << (32 - prefix) : 0;
	if (a & ~mask) {
		char why[80], net[IPV4_TEXT];
		snprintf(why, sizeof(why), "not a network address (did you mean %s/%lu?)",
			 ipv4_text(a & mask, net), prefix);
		opt_bad(o, value, why);
	}
	if (p->allows == ALLOW_MAX) {
		char why[48];
		snprintf(why, sizeof(why), "more than %d sources", ALLOW_MAX);
		opt_bad(o, value, why);
	}
	p->allow[p->allows++] = (struct allow){ a, prefix };
}

const char *port_map_text(const struct port_map *m, char buf[PORT_MAP_TEXT])
{
	char ip[IPV4_TEXT];
	snprintf(buf, PORT_MAP_TEXT, "%s:%u -> %u/%s", ipv4_text(m->host_ip, ip), m->host_port,
		 m->port, m->protocol == IPPROTO_UDP ? "udp" : "tcp");
	return buf;
}
