/*
 * The container's network: --network and --subnet, the checks made before
 * anything is, and connecting a container to the bridge, as Docker's and
 * Podman's default networks do.
 */
#ifndef KOBAKO_NETWORK_H
#define KOBAKO_NETWORK_H

#include <stdint.h>
#include <sys/types.h>

enum network_mode { NETWORK_BRIDGE, NETWORK_NONE, NETWORK_HOST };

struct network {
	enum network_mode mode; /* --network; default NETWORK_BRIDGE */
	uint32_t subnet;        /* --subnet, host order; default 10.77.0.0 */
	unsigned prefix;        /* default 16 */
	int cleanup;            /* --cleanup (opt_flag) */
	/* Filled by network_connect: */
	uint32_t address, gateway; /* host order */
	char host_end[16];         /* kobako-N */
};

#define NETWORK_DEFAULT                                                                            \
	{                                                                                          \
		.mode = NETWORK_BRIDGE, .subnet = 0x0a4d0000, .prefix = 16                         \
	}

/* Option parsers (struct opt) for --network bridge|none|host and --subnet
 * CIDR (a network address, prefix 8 to 30); dest: struct network. */
struct opt;
void parse_network(const struct opt *o, const char *value);
void parse_subnet(const struct opt *o, const char *value);

/* --cleanup: removes the bridge and the NAT table if no container uses
 * them; exits. */
_Noreturn void network_cleanup(void);

/* Before anything is made (bridge mode): refuses an --subnet that overlaps
 * one of the host's routes, or that differs from the subnet of an existing
 * kobako0. Also refuses --network host with userns. */
void network_check(const struct network *net, int userns);

/* After clone, before the container is let go: bridge, ip_forward, the veth
 * pair (the lease), eth0's address, link and route inside, the NAT table,
 * the forward-drop check. Bridge mode only (a no-op otherwise). */
void network_connect(struct network *net, pid_t pid);

#endif
