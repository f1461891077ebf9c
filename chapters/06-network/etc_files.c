#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chapters/06-network/etc_files.h"
#include "chapters/06-network/rtnetlink.h"
#include "common/err.h"
#include "common/file.h"

/* Where systemd-resolved keeps the servers it forwards to. */
#define UPSTREAM_RESOLV_CONF "/run/systemd/resolve/resolv.conf"

static char paths[3][PATH_MAX]; /* st->dir/hostname, hosts, resolv.conf */

static int is_loopback(const char *server)
{
	return !strncmp(server, "127.", 4) || !strcmp(server, "::1");
}

/* Appends to out the nameserver lines of path that a container can reach:
 * not the host's loopback. With others, its search and options lines too.
 * Returns how many servers it took, and in *local how many it left out. */
static int reachable_servers(const char *path, FILE *out, int others, int *local)
{
	FILE *in = fopen(path, "re");
	if (!in)
		return 0;
	char line[512], server[256];
	int n = 0;
	while (fgets(line, sizeof(line), in)) {
		if (sscanf(line, "nameserver %255s", server) == 1) {
			if (is_loopback(server))
				++*local;
			else
				n++, fprintf(out, "nameserver %s\n", server);
		} else if (others && (!strncmp(line, "search", 6) || !strncmp(line, "options", 7) ||
				      !strncmp(line, "domain", 6))) {
			fputs(line, out);
		}
	}
	fclose(in);
	return n;
}

/*
 * The host's resolver, as the container can reach it. A local stub
 * (systemd-resolved listens on 127.0.0.53) is the host's loopback, which
 * the container's own loopback is not: as Docker does, it gets the
 * servers the stub forwards to instead, and Google's public ones if there
 * is nothing else.
 */
static void write_resolv_conf(FILE *out)
{
	int local = 0;
	fprintf(out, "# kobako: the host's name servers, as a container reaches them\n");
	if (reachable_servers("/etc/resolv.conf", out, 1, &local) > 0)
		return;
	if (local && reachable_servers(UPSTREAM_RESOLV_CONF, out, 0, &local) > 0) {
		step("resolv.conf: the host asks a local stub; the container gets its upstream "
		     "servers, from " UPSTREAM_RESOLV_CONF);
		return;
	}
	step("resolv.conf: no name server the container can reach; Google's, as Docker does");
	fprintf(out, "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
}

static void copy_host_resolv_conf(FILE *out)
{
	FILE *in = fopen("/etc/resolv.conf", "re");
	if (!in)
		return;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
}

/* paths[i] = st->dir/name, made for writing, owned by the container's root. */
static FILE *create(int i, const struct state *st, const char *name, uid_t uid, gid_t gid)
{
	FILE *f = fopen(pathf(paths[i], "%s/%s", st->dir, name), "we");
	if (!f)
		die_errno("create %s", paths[i]);
	if (fchown(fileno(f), uid, gid) < 0)
		die_errno("chown %s", paths[i]);
	return f;
}

static void finish(FILE *f, int i)
{
	if (fclose(f) == EOF)
		die_errno("write %s", paths[i]);
}

/* A volume of the file at path on target, unless one is there already. */
static void add_volume(struct volumes *vs, char *path, char *target)
{
	for (int i = 0; i < vs->n; i++)
		if (!strcmp(vs->v[i].target, target))
			return;
	if (vs->n == MAX_VOLUMES)
		die("--volume: too many volumes, with %s", target);
	vs->v[vs->n++] = (struct volume){ .host = path, .target = target, .fd = -1 };
}

void etc_files_write(const struct state *st, const struct network *net, const char *hostname,
		     struct volumes *vs, uid_t uid, gid_t gid)
{
	step("write /etc/hostname, /etc/hosts%s in %s",
	     net->mode == NETWORK_NONE ? "" : ", /etc/resolv.conf", st->dir);
	FILE *f = create(0, st, "hostname", uid, gid);
	fprintf(f, "%s\n", hostname);
	finish(f, 0);
	add_volume(vs, paths[0], "/etc/hostname");

	f = create(1, st, "hosts", uid, gid);
	fprintf(f, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
	/* On the bridge, its address comes later (etc_hosts_add_address); else
	 * its own name goes on 127.0.1.1, Debian's way. */
	if (net->mode != NETWORK_BRIDGE)
		fprintf(f, "127.0.1.1\t%s\n", hostname);
	finish(f, 1);
	add_volume(vs, paths[1], "/etc/hosts");

	/* Without a network, no name server could be reached: the image's file stays. */
	if (net->mode == NETWORK_NONE)
		return;
	f = create(2, st, "resolv.conf", uid, gid);
	if (net->mode == NETWORK_HOST)
		copy_host_resolv_conf(f); /* the host's network: its resolver works as it is */
	else
		write_resolv_conf(f);
	finish(f, 2);
	add_volume(vs, paths[2], "/etc/resolv.conf");
}

void etc_hosts_add_address(const struct state *st, const struct network *net, const char *hostname)
{
	char path[PATH_MAX], address[IPV4_TEXT];
	/* Opened for appending: the container's mount shows the same file. */
	int fd = open(pathf(path, "%s/hosts", st->dir), O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0 || dprintf(fd, "%s\t%s\n", ipv4_text(net->address, address), hostname) < 0)
		die_errno("write %s", path);
	close(fd);
}
