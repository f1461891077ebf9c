/*
 * -p/--publish and --allow-from: which ports of the host lead to which
 * ports of the container, and who may use them. Parsed as `docker run -p`
 * parses them.
 */
#ifndef KOBAKO_PUBLISH_H
#define KOBAKO_PUBLISH_H

#include <stdint.h>

#include "chapters/06-network/netlink.h"

enum { PUBLISH_MAX = 64, ALLOW_MAX = 8 };

/* One host port to one container port. */
struct port_map {
	const char *spec;   /* the --publish value it came from, for messages */
	uint8_t protocol;   /* IPPROTO_TCP or IPPROTO_UDP */
	uint32_t host_ip;   /* host order; 0: every address of the host */
	uint16_t host_port; /* 0: the kernel chooses one */
	uint16_t host_last; /* > host_port: the first free port of host_port..host_last */
	uint16_t port;      /* in the container */
	int chosen;         /* the host port was chosen (by the kernel or in a range) */
	int fd;             /* the socket that reserves the host port (reserve.c) */
};

struct allow {
	uint32_t address; /* host order */
	unsigned prefix;
};

struct publish {
	struct port_map map[PUBLISH_MAX];
	unsigned count;
	struct allow allow[ALLOW_MAX]; /* --allow-from; none: everyone */
	unsigned allows;
	char table[16]; /* the container's table: kobako-N, as its veth (ports.c) */
	struct nl nl;   /* the socket that table belongs to */
};

/* Option parsers (struct opt); dest: struct publish.
 *   [HOSTIP:][HOSTPORT:]CONTAINERPORT[/tcp|/udp], ports or ranges (8000-8001)
 *   CIDR, or an address alone (/32) */
struct opt;
void parse_publish(const struct opt *o, const char *value);
void parse_allow_from(const struct opt *o, const char *value);

/* "0.0.0.0:8080 -> 80/tcp" */
enum { PORT_MAP_TEXT = 48 };
const char *port_map_text(const struct port_map *m, char buf[PORT_MAP_TEXT]);

#endif
