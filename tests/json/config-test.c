/*
 * Drives chapters/08-oci/config.c for tests/08-config.bats: loads the bundle
 * given and prints the struct it mapped, a line per field that is set
 * (flags as numbers, in hex: the test computes them the same way).
 */
#include <inttypes.h>
#include <stdio.h>

#include "chapters/08-oci/config.h"
#include "chapters/08-oci/json.h"
#include "common/err.h"

static void strings(const char *what, char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		printf("%s[%zu] %s\n", what, i, v[i]);
}

static void process(const struct oci_process *p)
{
	strings("args", p->args);
	for (int i = 0; i < p->env.n; i++)
		printf("env[%d] %s\n", i, p->env.var[i]);
	printf("cwd %s\nuser %u:%u umask %d terminal %d\n", p->cwd, (unsigned)p->user.uid,
	       (unsigned)p->user.gid, p->umask, p->terminal);
	for (size_t i = 0; i < p->n_groups; i++)
		printf("groups[%zu] %u\n", i, (unsigned)p->groups[i]);
	printf("caps bounding %#" PRIx64 " effective %#" PRIx64 " inheritable %#" PRIx64
	       " permitted %#" PRIx64 " ambient %#" PRIx64 "\n",
	       p->caps.bounding, p->caps.effective, p->caps.inheritable, p->caps.permitted,
	       p->caps.ambient);
	printf("noNewPrivileges %d\n", p->no_new_privileges);
	for (size_t i = 0; i < p->n_rlimits; i++)
		printf("rlimit %d soft %" PRIu64 " hard %" PRIu64 "\n", p->rlimits[i].resource,
		       p->rlimits[i].soft, p->rlimits[i].hard);
	if (p->has_oom_score_adj)
		printf("oomScoreAdj %d\n", p->oom_score_adj);
	if (p->apparmor_profile)
		printf("apparmorProfile %s\n", p->apparmor_profile);
}

static void mounts(const struct oci_config *c)
{
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct oci_mount *m = &c->mounts[i];
		printf("mount %s type %s source %s flags %#lx propagation %#lx data \"%s\"\n",
		       m->destination, m->type ? m->type : "-", m->source ? m->source : "-",
		       m->flags, m->propagation, m->data);
	}
}

static void linux_ns(const struct oci_config *c)
{
	for (size_t i = 0; i < c->n_namespaces; i++)
		printf("namespace %#x %s\n", c->namespaces[i].flag,
		       c->namespaces[i].path ? c->namespaces[i].path : "new");
	printf("clone_flags %#" PRIx64 "\n", c->clone_flags);
	for (size_t i = 0; i < c->n_uid_mappings; i++)
		printf("uidmap %u %u %u\n", c->uid_mappings[i].container_id,
		       c->uid_mappings[i].host_id, c->uid_mappings[i].size);
	for (size_t i = 0; i < c->n_gid_mappings; i++)
		printf("gidmap %u %u %u\n", c->gid_mappings[i].container_id,
		       c->gid_mappings[i].host_id, c->gid_mappings[i].size);
}

static void resources(const struct oci_resources *r)
{
	printf("limits memory %" PRIu64 " cpu %" PRIu64 " pids %" PRIu64 "\n", r->limits.memory,
	       r->limits.cpu, r->limits.pids);
	printf("memory reservation %" PRId64 " swap %" PRId64 "\n", r->memory_reservation,
	       r->memory_swap);
	printf("cpu shares %" PRIu64 " quota %" PRId64 " period %" PRIu64 " cpus %s mems %s\n",
	       r->cpu_shares, r->cpu_quota, r->cpu_period, r->cpus ? r->cpus : "-",
	       r->mems ? r->mems : "-");
	for (size_t i = 0; i < r->n_devices; i++)
		printf("device rule %s %c %" PRId64 ":%" PRId64 " %s\n",
		       r->devices[i].allow ? "allow" : "deny", r->devices[i].type,
		       r->devices[i].major, r->devices[i].minor, r->devices[i].access);
}

static void linux_rest(const struct oci_config *c)
{
	if (c->cgroups_path)
		printf("cgroupsPath %s\n", c->cgroups_path);
	strings("maskedPaths", c->masked_paths);
	strings("readonlyPaths", c->readonly_paths);
	for (size_t i = 0; i < c->n_devices; i++) {
		const struct oci_device *d = &c->devices[i];
		printf("device %s %c %" PRId64 ":%" PRId64 " mode %#o owner %u:%u\n", d->path,
		       d->type, d->major, d->minor, d->mode, (unsigned)d->uid, (unsigned)d->gid);
	}
	for (size_t i = 0; i < c->n_sysctl; i++)
		printf("sysctl %s=%s\n", c->sysctl[i].key, c->sysctl[i].value);
	if (c->rootfs_propagation)
		printf("rootfsPropagation %#lx\n", c->rootfs_propagation);
	if (c->seccomp)
		printf("seccomp at %s, %zu members\n", c->seccomp->path, c->seccomp->count);
}

static void hooks(const char *what, const struct oci_hooks_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		printf("hook %s %s timeout %d\n", what, l->hook[i].path, l->hook[i].timeout);
		strings("  args", l->hook[i].args);
		strings("  env", l->hook[i].env);
	}
}

int main(int argc, char **argv)
{
	set_progname("ch08");
	if (argc != 2)
		die("usage: config-test BUNDLE");
	struct oci_config c;
	oci_config_load(&c, argv[1]);
	printf("ociVersion %s\n", c.oci_version);
	process(&c.process);
	printf("root %s readonly %d\n", c.root, c.root_readonly);
	printf("hostname %s domainname %s\n", c.hostname ? c.hostname : "-",
	       c.domainname ? c.domainname : "-");
	mounts(&c);
	linux_ns(&c);
	resources(&c.resources);
	linux_rest(&c);
	hooks("createRuntime", &c.hooks.create_runtime);
	hooks("createContainer", &c.hooks.create_container);
	hooks("startContainer", &c.hooks.start_container);
	hooks("poststart", &c.hooks.poststart);
	hooks("poststop", &c.hooks.poststop);
	for (size_t i = 0; i < c.n_annotations; i++)
		printf("annotation %s=%s\n", c.annotations[i].key, c.annotations[i].value);
	oci_config_free(&c);
	return 0;
}
