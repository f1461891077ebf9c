/*
 * A bridge never sends a frame back out of the port it came in by: on a
 * switch, the sender already has it. A container that reaches its own
 * published port through the host's address needs exactly that, when the
 * host's firewall sees bridged traffic (br_netfilter, which Docker loads):
 * the DNAT then happens inside the bridge, and the frame, now addressed to
 * the container, must leave by the port it arrived on. The port's hairpin
 * flag allows it.
 *
 * It is a request of the bridge's own family: RTM_SETLINK for AF_BRIDGE,
 * with the port's options nested in IFLA_PROTINFO, as `bridge link set`
 * sends it.
 */
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "chapters/06-network/rtnetlink.h"
#include "chapters/07-network-portforward/hairpin.h"
#include "common/err.h"

void hairpin_on(const char *port)
{
	struct nl nl;
	struct link link;
	nl_open(&nl, NETLINK_ROUTE);
	if (!rt_find_link(&nl, port, 0, &link))
		die("hairpin: no link %s", port);
	step("rtnetlink: bridge link set dev %s hairpin on", port);
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE, .ifi_index = link.index };
	struct msg m;
	msg_init(&m);
	msg_begin(&m, RTM_SETLINK, NLM_F_ACK, &ifi, sizeof(ifi));
	struct nlattr *info = msg_nest(&m, IFLA_PROTINFO);
	msg_put_u8(&m, IFLA_BRPORT_MODE, BRIDGE_MODE_HAIRPIN);
	msg_nest_end(&m, info);
	nl_send_or_die(&nl, &m, "bridge link set hairpin on");
	nl_close(&nl);
}
