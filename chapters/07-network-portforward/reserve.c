/*
 * A published port must be free on the host, and stay the container's:
 * a server started on the host later would otherwise take the port's
 * traffic, or have it silently taken by the DNAT rule. So the runtime
 * binds a socket to each host port, as a server would, and holds it for
 * the container's whole life:
 *
 *   - bind fails with EADDRINUSE if a program on the host, or another
 *     container's runtime, holds the port (on 0.0.0.0, or on the same
 *     address): the port is refused before anything is made;
 *   - without listen, a TCP socket accepts no connection: a connection
 *     that reaches it (one the DNAT did not take, from a source that
 *     --allow-from does not list) is refused with a reset. UDP has no
 *     connection to refuse: the socket would queue the datagrams, so a
 *     one-instruction filter (chapter 04's BPF: "return 0") discards them;
 *   - without SO_REUSEADDR, no later bind to the port succeeds, with
 *     SO_REUSEADDR or not;
 *   - the kernel closes it when the runtime exits, even by SIGKILL.
 *
 * Docker's docker-proxy holds the port the same way, by listening on it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chapters/06-network/rtnetlink.h"
#include "chapters/07-network-portforward/reserve.h"
#include "common/err.h"

/* A UDP socket keeps nothing it receives: every datagram is cut to 0 bytes. */
static void discard_all(int fd, const char *spec)
{
	struct sock_filter ret0 = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = { .len = 1, .filter = &ret0 };
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0)
		die_errno("--publish %s: SO_ATTACH_FILTER", spec);
}

/* Binds a socket to the map's address and port; 0 or -errno. */
static int bind_port(struct port_map *m, unsigned port)
{
	int type = m->protocol == IPPROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(m->host_ip),
	};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die_errno("--publish %s: socket", m->spec);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int err = errno;
		close(fd);
		return -err;
	}
	/* Port 0: the one the kernel chose. */
	if (getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		die_errno("--publish %s: getsockname", m->spec);
	m->host_port = ntohs(a.sin_port);
	m->fd = fd;
	if (type == SOCK_DGRAM)
		discard_all(fd, m->spec);
	return 0;
}

static void reserve(struct port_map *m)
{
	const char *proto = m->protocol == IPPROTO_UDP ? "udp" : "tcp";
	unsigned first = m->host_port, last = m->host_last > first ? m->host_last : first;
	int err = -EADDRINUSE;
	for (unsigned port = first; port <= last && err == -EADDRINUSE; port++)
		err = bind_port(m, port);
	if (!err)
		return;
	char ip[IPV4_TEXT];
	if (err == -EADDRNOTAVAIL)
		die("--publish %s: %s is not an address of this host", m->spec,
		    ipv4_text(m->host_ip, ip));
	if (err != -EADDRINUSE)
		die("--publish %s: bind %s:%u/%s: %s", m->spec, ipv4_text(m->host_ip, ip), first,
		    proto, strerror(-err));
	if (last > first)
		die("--publish %s: every host port of %u-%u/%s is in use (by programs on the host "
		    "or other containers)",
		    m->spec, first, last, proto);
	die("--publish %s: host port %u/%s is in use (by a program on the host or another "
	    "container)",
	    m->spec, first, proto);
}

void reserve_ports(struct publish *p, const struct network *net)
{
	if (p->count && net->mode != NETWORK_BRIDGE)
		die("--publish needs --network bridge");
	if (p->allows && !p->count)
		die("--allow-from needs --publish");
	for (unsigned i = 0; i < p->count; i++)
		reserve(&p->map[i]);
}
