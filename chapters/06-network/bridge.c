#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "chapters/06-network/bridge.h"
#include "common/err.h"

/*
 * Why a lock: a starting container makes the bridge (or finds it), then
 * plugs its veth into it, in two requests; --cleanup removes the bridge when
 * nothing is plugged in. Were a cleanup to come between the two, it would
 * see a bridge with no port, remove it, and the container's veth would then
 * find no bridge. So starting containers hold the lock shared (they never
 * stop each other) while they make and plug, and a cleanup holds it
 * exclusive while it looks and removes.
 *
 * The lock is taken on the network namespace itself, /proc/self/ns/net: the
 * bridge belongs to it, every process in it opens the same file, and a
 * runtime in another namespace (a test's, say) has a bridge, and a lock,
 * of its own. Nothing is left on disk; the kernel drops the lock with its
 * descriptor, also when the runtime is killed.
 */
int bridge_lock(int how)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("open /proc/self/ns/net");
	while (flock(fd, how) < 0)
		if (errno != EINTR)
			die_errno("lock the bridge (flock /proc/self/ns/net)");
	return fd;
}

/* The bridge, into *br: 1, or 0 if there is none. A link of that name that
 * is no bridge is someone else's: never ours to plug into or remove. */
static int find_bridge(struct nl *nl, struct link *br)
{
	if (!rt_find_link(nl, BRIDGE, 0, br))
		return 0;
	if (strcmp(br->kind, "bridge"))
		die(BRIDGE
		    " is there, but is no bridge (%s): not made by kobako; rename or remove it",
		    br->kind[0] ? br->kind : "a device");
	return 1;
}

/* Sends m; EEXIST says another container made it first, which is as good. */
static int send_or_exists(struct nl *nl, struct msg *m, const char *what)
{
	int err = nl_send(nl, m);
	if (err && err != -EEXIST)
		die("%s: %s%s", what, strerror(-err), nl_why());
	return err;
}

int bridge_make(struct nl *nl, uint32_t gateway, unsigned prefix, int *made)
{
	struct msg m;
	msg_init(&m);
	step("rtnetlink: new link " BRIDGE " (bridge)");
	rt_new_bridge(&m, BRIDGE);
	*made = !send_or_exists(nl, &m, "new link " BRIDGE);
	if (!*made)
		step("rtnetlink: " BRIDGE " is there already: made by an earlier container");

	struct link br;
	if (!find_bridge(nl, &br))
		die("new link " BRIDGE ": gone as soon as made (a --cleanup?)");
	char gw[IPV4_TEXT], what[64];
	snprintf(what, sizeof(what), "new address %s/%u on " BRIDGE, ipv4_text(gateway, gw),
		 prefix);
	step("rtnetlink: %s", what);
	msg_init(&m);
	rt_new_address(&m, br.index, gateway, prefix);
	send_or_exists(nl, &m, what);

	step("rtnetlink: " BRIDGE " up");
	msg_init(&m);
	rt_link_up(&m, br.index);
	nl_send_or_die(nl, &m, BRIDGE " up");
	return br.index;
}

struct bridge_addr {
	int index;
	struct address *out;
	int found;
};

static void first_address(const struct address *a, void *arg)
{
	struct bridge_addr *b = arg;
	if (a->index == b->index && !b->found) {
		*b->out = *a;
		b->found = 1;
	}
}

int bridge_address(struct nl *nl, struct address *out)
{
	struct link br;
	if (!find_bridge(nl, &br))
		return 0;
	struct bridge_addr b = { br.index, out, 0 };
	int err = rt_addresses(nl, first_address, &b);
	if (err)
		die("list addresses: %s%s", strerror(-err), nl_why());
	return b.found;
}

struct ports {
	int bridge;
	int n;
	char first[IF_NAMESIZE];
};

static void count_port(const struct link *l, void *arg)
{
	struct ports *p = arg;
	if (l->master != p->bridge)
		return;
	if (p->n++ == 0)
		memcpy(p->first, l->name, sizeof(p->first));
}

void bridge_remove_unused(struct nl *nl)
{
	struct link br;
	if (!find_bridge(nl, &br)) {
		step("no bridge " BRIDGE ": nothing to remove");
		return;
	}
	/* A container's veth is a port of the bridge for as long as it runs,
	 * and a little longer: the kernel deletes it after the container's
	 * network namespace died, from a work queue. Give that a second. */
	struct ports p = { .bridge = br.index };
	for (int tries = 0; tries < 20; tries++) {
		p.n = 0;
		int err = rt_links(nl, count_port, &p);
		if (err)
			die("list links: %s%s", strerror(-err), nl_why());
		if (!p.n)
			break;
		usleep(50 * 1000);
	}
	if (p.n)
		die("the bridge " BRIDGE
		    " is in use: %d container%s plugged in (%s%s); not removed",
		    p.n, p.n > 1 ? "s are" : " is", p.first, p.n > 1 ? " ..." : "");

	step("rtnetlink: delete link " BRIDGE);
	struct msg m;
	msg_init(&m);
	rt_del_link(&m, br.index);
	nl_send_or_die(nl, &m, "delete link " BRIDGE);
}
