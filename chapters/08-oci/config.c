/*
 * config.json into struct oci_config: one mapper per section of the OCI
 * runtime spec (config.md, config-linux.md). Each checks types and values as
 * it reads, so that every refusal names the property it is about.
 */
#include <linux/capability.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "chapters/08-oci/config.h"
#include "chapters/08-oci/json.h"
#include "common/array.h"
#include "common/err.h"

/* ---- helpers ---- */

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		die("out of memory");
	return p;
}

/* The member key of object o, which must be there. */
static const struct json *required(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);
	if (!v)
		die("%s%s%s: required", o->path, *o->path ? "." : "", key);
	return v;
}

static const char *string_or(const struct json *o, const char *key, const char *dflt)
{
	const struct json *v = json_get(o, key);
	return v ? json_string(v) : dflt;
}

static int bool_or(const struct json *o, const char *key, int dflt)
{
	const struct json *v = json_get(o, key);
	return v ? json_bool(v) : dflt;
}

static const char *absolute(const struct json *v)
{
	const char *s = json_string(v);
	if (s[0] != '/')
		json_die(v, "expected an absolute path, not \"%s\"", s);
	return s;
}

/* A property the runtime cannot honour: refused when it asks for something
 * (an empty string, array or object, false, 0 or null ask for nothing). */
static void refuse_if_set(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);
	if (!v || v->type == JSON_NULL || (v->type == JSON_BOOL && !v->boolean))
		return;
	if ((v->type == JSON_STRING && !*v->text) ||
	    (v->type == JSON_NUMBER && !strcmp(v->text, "0")))
		return;
	if ((v->type == JSON_ARRAY || v->type == JSON_OBJECT) && !v->count)
		return;
	json_die(v, "not supported by this runtime");
}

/* An optional array of strings; NULL if absent. */
static char **strings_or_null(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);
	return v ? json_strings(v) : NULL;
}

/* An object of strings, kept as pairs: linux.sysctl, annotations. */
static struct oci_pair *pairs(const struct json *o, const char *key, size_t *n)
{
	const struct json *v = json_get(o, key);
	*n = 0;
	if (!v)
		return NULL;
	json_object(v);
	struct oci_pair *p = xcalloc(v->count, sizeof(*p));
	for (size_t i = 0; i < v->count; i++)
		p[i] = (struct oci_pair){ v->keys[i], json_string(&v->items[i]) };
	*n = v->count;
	return p;
}

/* An optional array, checked: its items and count. */
static const struct json *array_or_null(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);
	return v ? json_array(v) : NULL;
}

struct name {
	const char *name;
	long value;
};

/* The value a table gives name, or die naming v and what it could be. */
static long lookup(const struct json *v, const struct name *t, size_t n, const char *what)
{
	const char *s = json_string(v);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, t[i].name))
			return t[i].value;
	json_die(v, "expected %s, not \"%s\"", what, s);
}

/* ---- ociVersion ---- */

/* The spec versions whose config.json this runtime reads: 1.0.x to 1.2.x,
 * with any suffix ("1.0.2-dev", which runc spec writes). */
static const char *map_version(const struct json *top)
{
	const struct json *v = required(top, "ociVersion");
	const char *s = json_string(v);
	int ok = !strncmp(s, "1.", 2) && s[2] && strchr("012", s[2]) && s[3] == '.';
	size_t patch = ok ? strspn(s + 4, "0123456789") : 0;
	if (!patch || (s[4 + patch] && s[4 + patch] != '-' && s[4 + patch] != '+'))
		json_die(v, "expected a version from 1.0.0 to 1.2.x, not \"%s\"", s);
	return s;
}

/* ---- process ---- */

#define CAP_NAME(x)                                                                                \
	{                                                                                          \
		"CAP_" #x, CAP_##x                                                                 \
	}
/* The names as the OCI spec writes them: in capital letters, with CAP_. */
static const struct name cap_names[] = {
	CAP_NAME(CHOWN),
	CAP_NAME(DAC_OVERRIDE),
	CAP_NAME(DAC_READ_SEARCH),
	CAP_NAME(FOWNER),
	CAP_NAME(FSETID),
	CAP_NAME(KILL),
	CAP_NAME(SETGID),
	CAP_NAME(SETUID),
	CAP_NAME(SETPCAP),
	CAP_NAME(LINUX_IMMUTABLE),
	CAP_NAME(NET_BIND_SERVICE),
	CAP_NAME(NET_BROADCAST),
	CAP_NAME(NET_ADMIN),
	CAP_NAME(NET_RAW),
	CAP_NAME(IPC_LOCK),
	CAP_NAME(IPC_OWNER),
	CAP_NAME(SYS_MODULE),
	CAP_NAME(SYS_RAWIO),
	CAP_NAME(SYS_CHROOT),
	CAP_NAME(SYS_PTRACE),
	CAP_NAME(SYS_PACCT),
	CAP_NAME(SYS_ADMIN),
	CAP_NAME(SYS_BOOT),
	CAP_NAME(SYS_NICE),
	CAP_NAME(SYS_RESOURCE),
	CAP_NAME(SYS_TIME),
	CAP_NAME(SYS_TTY_CONFIG),
	CAP_NAME(MKNOD),
	CAP_NAME(LEASE),
	CAP_NAME(AUDIT_WRITE),
	CAP_NAME(AUDIT_CONTROL),
	CAP_NAME(SETFCAP),
	CAP_NAME(MAC_OVERRIDE),
	CAP_NAME(MAC_ADMIN),
	CAP_NAME(SYSLOG),
	CAP_NAME(WAKE_ALARM),
	CAP_NAME(BLOCK_SUSPEND),
	CAP_NAME(AUDIT_READ),
	CAP_NAME(PERFMON),
	CAP_NAME(BPF),
	CAP_NAME(CHECKPOINT_RESTORE),
};

static uint64_t cap_set(const struct json *caps, const char *key)
{
	const struct json *v = array_or_null(caps, key);
	uint64_t set = 0;
	for (size_t i = 0; v && i < v->count; i++)
		set |= 1ULL << lookup(&v->items[i], cap_names, ARRAY_SIZE(cap_names),
				      "a capability (CAP_CHOWN ...)");
	return set;
}

static void map_caps(struct oci_caps *c, const struct json *caps)
{
	if (!caps)
		return;
	json_object(caps);
	c->bounding = cap_set(caps, "bounding");
	c->effective = cap_set(caps, "effective");
	c->inheritable = cap_set(caps, "inheritable");
	c->permitted = cap_set(caps, "permitted");
	c->ambient = cap_set(caps, "ambient");
}

#define RLIMIT_NAME(x)                                                                             \
	{                                                                                          \
		"RLIMIT_" #x, RLIMIT_##x                                                           \
	}
static const struct name rlimit_names[] = {
	RLIMIT_NAME(AS),     RLIMIT_NAME(CORE),   RLIMIT_NAME(CPU),        RLIMIT_NAME(DATA),
	RLIMIT_NAME(FSIZE),  RLIMIT_NAME(LOCKS),  RLIMIT_NAME(MEMLOCK),    RLIMIT_NAME(MSGQUEUE),
	RLIMIT_NAME(NICE),   RLIMIT_NAME(NOFILE), RLIMIT_NAME(NPROC),      RLIMIT_NAME(RSS),
	RLIMIT_NAME(RTPRIO), RLIMIT_NAME(RTTIME), RLIMIT_NAME(SIGPENDING), RLIMIT_NAME(STACK),
};

/* process.rlimits[]: each type once (the spec says so), soft <= hard. */
static void map_rlimits(struct oci_process *p, const struct json *a)
{
	if (!a)
		return;
	p->rlimits = xcalloc(a->count, sizeof(*p->rlimits));
	for (size_t i = 0; i < a->count; i++) {
		const struct json *r = json_object(&a->items[i]), *type = required(r, "type");
		struct oci_rlimit *l = &p->rlimits[i];
		l->resource = lookup(type, rlimit_names, ARRAY_SIZE(rlimit_names),
				     "a limit (RLIMIT_NOFILE ...)");
		for (size_t j = 0; j < i; j++)
			if (p->rlimits[j].resource == l->resource)
				json_die(type, "expected each type once: %s is given twice",
					 type->text);
		l->soft = json_u64(required(r, "soft"));
		l->hard = json_u64(required(r, "hard"));
		if (l->soft > l->hard)
			json_die(r, "expected soft to be at most hard");
	}
	p->n_rlimits = a->count;
}

/* process.user: numbers only (the spec's username is Windows'). */
static void map_user(struct oci_process *p, const struct json *u)
{
	json_object(u);
	p->user.uid = json_u32(required(u, "uid"));
	p->user.gid = json_u32(required(u, "gid"));
	const struct json *g = array_or_null(u, "additionalGids"), *um = json_get(u, "umask");
	p->groups = xcalloc(g ? g->count : 0, sizeof(*p->groups));
	for (size_t i = 0; g && i < g->count; i++)
		p->groups[i] = json_u32(&g->items[i]);
	p->n_groups = g ? g->count : 0;
	uint32_t mask = um ? json_u32(um) : 0;
	if (mask > 0777)
		json_die(um, "expected a mode from 0 to 0777 (511)");
	p->umask = um ? (int)mask : -1;
}

/* process.env: KEY=VALUE each, as many as --env takes. */
static void map_env(struct env *env, const struct json *a)
{
	for (size_t i = 0; a && i < a->count; i++) {
		const char *var = json_string(&a->items[i]);
		if (!strchr(var, '=') || var[0] == '=')
			json_die(&a->items[i], "expected KEY=VALUE, not \"%s\"", var);
		if (env->n == MAX_ENV)
			json_die(a, "expected at most %d variables", MAX_ENV);
		env->var[env->n++] = (char *)var;
	}
}

static void map_oom_score_adj(struct oci_process *p, const struct json *proc)
{
	const struct json *v = json_get(proc, "oomScoreAdj");
	if (!v)
		return;
	int64_t adj = json_i64(v);
	if (adj < -1000 || adj > 1000)
		json_die(v, "expected an integer from -1000 to 1000");
	p->has_oom_score_adj = 1;
	p->oom_score_adj = adj;
}

void oci_process_map(struct oci_process *p, const struct json *proc)
{
	json_object(proc);
	const struct json *args = json_array(required(proc, "args"));
	if (!args->count)
		json_die(args, "expected a command, not an empty array");
	p->args = json_strings(args);
	map_env(&p->env, array_or_null(proc, "env"));
	const struct json *cwd = json_get(proc, "cwd");
	p->cwd = cwd ? absolute(cwd) : "/";
	map_user(p, required(proc, "user"));
	p->terminal = bool_or(proc, "terminal", 0);
	map_caps(&p->caps, json_get(proc, "capabilities"));
	p->no_new_privileges = bool_or(proc, "noNewPrivileges", 0);
	map_rlimits(p, array_or_null(proc, "rlimits"));
	map_oom_score_adj(p, proc);
	p->apparmor_profile = string_or(proc, "apparmorProfile", NULL);
	/* What Podman writes where AppArmor is on and no profile is wanted. */
	if (p->apparmor_profile && !strcmp(p->apparmor_profile, "unconfined"))
		p->apparmor_profile = NULL;
	static const char *const unsupported[] = { "selinuxLabel", "scheduler", "ioPriority",
						   "execCPUAffinity" };
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		refuse_if_set(proc, unsupported[i]);
}

/* ---- root, mounts ---- */

static void map_root(struct oci_config *c, const struct json *root, const char *bundle)
{
	json_object(root);
	const struct json *path = required(root, "path");
	const char *p = json_string(path);
	if (!*p)
		json_die(path, "expected a directory, not \"\"");
	char dir[PATH_MAX];
	if (!realpath(bundle, dir))
		die_errno("%s", bundle);
	int n = p[0] == '/' ? snprintf(c->root, sizeof(c->root), "%s", p)
			    : snprintf(c->root, sizeof(c->root), "%s/%s", dir, p);
	if (n < 0 || (size_t)n >= sizeof(c->root))
		json_die(path, "expected a path of at most %d bytes", PATH_MAX - 1);
	c->root_readonly = bool_or(root, "readonly", 0);
}

struct mount_word {
	const char *word;
	unsigned long set, clear;
};

/* mount(8)'s option words that are flags (as runc reads them). */
static const struct mount_word mount_words[] = {
	{ "defaults", 0, 0 },
	{ "ro", MS_RDONLY, 0 },
	{ "rw", 0, MS_RDONLY },
	{ "nosuid", MS_NOSUID, 0 },
	{ "suid", 0, MS_NOSUID },
	{ "nodev", MS_NODEV, 0 },
	{ "dev", 0, MS_NODEV },
	{ "noexec", MS_NOEXEC, 0 },
	{ "exec", 0, MS_NOEXEC },
	{ "sync", MS_SYNCHRONOUS, 0 },
	{ "async", 0, MS_SYNCHRONOUS },
	{ "dirsync", MS_DIRSYNC, 0 },
	{ "remount", MS_REMOUNT, 0 },
	{ "mand", MS_MANDLOCK, 0 },
	{ "nomand", 0, MS_MANDLOCK },
	{ "atime", 0, MS_NOATIME },
	{ "noatime", MS_NOATIME, 0 },
	{ "diratime", 0, MS_NODIRATIME },
	{ "nodiratime", MS_NODIRATIME, 0 },
	{ "relatime", MS_RELATIME, 0 },
	{ "norelatime", 0, MS_RELATIME },
	{ "strictatime", MS_STRICTATIME, 0 },
	{ "nostrictatime", 0, MS_STRICTATIME },
	{ "lazytime", MS_LAZYTIME, 0 },
	{ "nolazytime", 0, MS_LAZYTIME },
	{ "silent", MS_SILENT, 0 },
	{ "loud", 0, MS_SILENT },
	{ "iversion", MS_I_VERSION, 0 },
	{ "noiversion", 0, MS_I_VERSION },
	{ "acl", MS_POSIXACL, 0 },
	{ "noacl", 0, MS_POSIXACL },
	{ "bind", MS_BIND, 0 },
	{ "rbind", MS_BIND | MS_REC, 0 },
};

static const struct name propagations[] = {
	{ "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
	{ "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
	{ "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
	{ "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

/* runc's extensions to the words, which this runtime does not implement:
 * refused rather than passed to the file system as data, where they would
 * fail with a less helpful EINVAL, or be taken as something else. */
static const char *const runc_words[] = {
	"idmap",        "ridmap",      "rro",         "rrw",       "rnosuid",      "rsuid",
	"rnodev",       "rdev",        "rnoexec",     "rexec",     "rnodiratime",  "rdiratime",
	"rrelatime",    "rnorelatime", "rnoatime",    "ratime",    "rstrictatime", "rnostrictatime",
	"rnosymfollow", "rsymfollow",  "nosymfollow", "symfollow",
};

/* One option word: a flag, a propagation, or data ("mode=755"). */
static void mount_word(struct oci_mount *m, const struct json *v, char **data, size_t *len)
{
	const char *w = json_string(v);
	for (size_t i = 0; i < ARRAY_SIZE(mount_words); i++)
		if (!strcmp(w, mount_words[i].word)) {
			m->flags = (m->flags & ~mount_words[i].clear) | mount_words[i].set;
			return;
		}
	for (size_t i = 0; i < ARRAY_SIZE(propagations); i++)
		if (!strcmp(w, propagations[i].name)) {
			m->propagation = propagations[i].value;
			return;
		}
	if (!strcmp(w, "tmpcopyup")) {
		m->tmpcopyup = 1;
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(runc_words); i++)
		if (!strcmp(w, runc_words[i]))
			json_die(v, "\"%s\" is not supported by this runtime", w);
	*data = realloc(*data, *len + strlen(w) + 2);
	if (!*data)
		die("out of memory");
	*len += sprintf(*data + *len, "%s%s", *len ? "," : "", w);
}

static void map_mount(struct oci_mount *m, const struct json *o)
{
	json_object(o);
	m->destination = absolute(required(o, "destination"));
	m->type = string_or(o, "type", NULL);
	m->source = string_or(o, "source", NULL);
	const struct json *opts = array_or_null(o, "options");
	size_t len = 0;
	m->data = xcalloc(1, 1);
	for (size_t i = 0; opts && i < opts->count; i++)
		mount_word(m, &opts->items[i], &m->data, &len);
	if (m->type && !strcmp(m->type, "bind"))
		m->flags |= MS_BIND;
	refuse_if_set(o, "uidMappings");
	refuse_if_set(o, "gidMappings");
}

static void map_mounts(struct oci_config *c, const struct json *a)
{
	if (!a)
		return;
	c->mounts = xcalloc(a->count, sizeof(*c->mounts));
	for (size_t i = 0; i < a->count; i++)
		map_mount(&c->mounts[i], &a->items[i]);
	c->n_mounts = a->count;
}

/* ---- linux: namespaces, id mappings ---- */

static const struct name namespace_types[] = {
	{ "pid", CLONE_NEWPID },       { "network", CLONE_NEWNET }, { "mount", CLONE_NEWNS },
	{ "ipc", CLONE_NEWIPC },       { "uts", CLONE_NEWUTS },     { "user", CLONE_NEWUSER },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

static void map_namespaces(struct oci_config *c, const struct json *a)
{
	if (!a)
		return;
	c->namespaces = xcalloc(a->count, sizeof(*c->namespaces));
	for (size_t i = 0; i < a->count; i++) {
		const struct json *o = json_object(&a->items[i]), *type = required(o, "type");
		const struct json *path = json_get(o, "path");
		struct oci_namespace *ns = &c->namespaces[i];
		ns->flag = lookup(type, namespace_types, ARRAY_SIZE(namespace_types),
				  "a namespace type (pid, network, mount ...)");
		for (size_t j = 0; j < i; j++)
			if (c->namespaces[j].flag == ns->flag)
				json_die(type, "expected each type once: %s is given twice",
					 type->text);
		ns->path = path ? absolute(path) : NULL;
		if (!ns->path)
			c->clone_flags |= ns->flag;
	}
	c->n_namespaces = a->count;
}

static struct oci_idmap *map_idmaps(const struct json *a, size_t *n)
{
	*n = a ? a->count : 0;
	if (!a)
		return NULL;
	struct oci_idmap *m = xcalloc(a->count, sizeof(*m));
	for (size_t i = 0; i < a->count; i++) {
		const struct json *o = json_object(&a->items[i]);
		m[i].container_id = json_u32(required(o, "containerID"));
		m[i].host_id = json_u32(required(o, "hostID"));
		m[i].size = json_u32(required(o, "size"));
		if (!m[i].size)
			json_die(json_get(o, "size"), "expected at least 1");
	}
	return m;
}

/* ---- linux.resources ---- */

/* An integer where -1 means unlimited and absent means not given (0). */
static int64_t limit_or_zero(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);
	if (!v)
		return 0;
	int64_t n = json_i64(v);
	if (n < -1)
		json_die(v, "expected -1 (no limit) or a number from 0");
	return n;
}

static void map_memory(struct oci_resources *r, const struct json *m)
{
	if (!m)
		return;
	json_object(m);
	int64_t limit = limit_or_zero(m, "limit");
	r->limits.memory = limit > 0 ? (uint64_t)limit : 0;
	r->memory_reservation = limit_or_zero(m, "reservation");
	r->memory_swap = limit_or_zero(m, "swap");
	static const char *const unsupported[] = { "kernel",       "kernelTCP",
						   "swappiness",   "disableOOMKiller",
						   "useHierarchy", "checkBeforeUpdate" };
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		refuse_if_set(m, unsupported[i]);
}

/* cpu.quota per cpu.period, into chapter 03's microseconds per 100 ms. */
static void map_cpu(struct oci_resources *r, const struct json *c)
{
	if (!c)
		return;
	json_object(c);
	const struct json *shares = json_get(c, "shares"), *period = json_get(c, "period");
	r->cpu_shares = shares ? json_u64(shares) : 0;
	r->cpu_quota = limit_or_zero(c, "quota");
	r->cpu_period = period ? json_u64(period) : 0;
	if (period && (r->cpu_period < 1000 || r->cpu_period > 1000000))
		json_die(period, "expected microseconds from 1000 to 1000000");
	uint64_t per = r->cpu_period ? r->cpu_period : 100000;
	if (r->cpu_quota > 0)
		r->limits.cpu = ((uint64_t)r->cpu_quota * 100000 + per - 1) / per;
	r->cpus = string_or(c, "cpus", NULL);
	r->mems = string_or(c, "mems", NULL);
	static const char *const unsupported[] = { "realtimeRuntime", "realtimePeriod", "idle",
						   "burst" };
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		refuse_if_set(c, unsupported[i]);
}

static int64_t device_number(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);
	if (!v || (v->type == JSON_NUMBER && !strcmp(v->text, "-1")))
		return -1;
	return json_u32(v);
}

static void map_device_rule(struct oci_device_rule *d, const struct json *o)
{
	json_object(o);
	d->allow = json_bool(required(o, "allow"));
	const struct json *type = json_get(o, "type"), *access = json_get(o, "access");
	const char *t = type ? json_string(type) : "a";
	if (strlen(t) != 1 || !strchr("acb", t[0]))
		json_die(type, "expected a, c or b, not \"%s\"", t);
	d->type = t[0];
	d->major = device_number(o, "major");
	d->minor = device_number(o, "minor");
	const char *a = access ? json_string(access) : "rwm";
	if (strlen(a) > 3 || strspn(a, "rwm") != strlen(a))
		json_die(access, "expected some of r, w and m, not \"%s\"", a);
	strcpy(d->access, a);
}

static void map_resources(struct oci_resources *r, const struct json *res)
{
	if (!res)
		return;
	json_object(res);
	map_memory(r, json_get(res, "memory"));
	map_cpu(r, json_get(res, "cpu"));
	const struct json *pids = json_get(res, "pids");
	int64_t n = pids ? limit_or_zero(json_object(pids), "limit") : 0;
	r->limits.pids = n > 0 ? (uint64_t)n : 0;
	const struct json *devs = array_or_null(res, "devices");
	r->devices = xcalloc(devs ? devs->count : 0, sizeof(*r->devices));
	for (size_t i = 0; devs && i < devs->count; i++)
		map_device_rule(&r->devices[i], &devs->items[i]);
	r->n_devices = devs ? devs->count : 0;
	static const char *const unsupported[] = { "hugepageLimits", "network", "rdma", "blockIO",
						   "unified" };
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		refuse_if_set(res, unsupported[i]);
}

/* ---- linux: devices, the rest ---- */

static void map_device(struct oci_device *d, const struct json *o)
{
	json_object(o);
	d->path = absolute(required(o, "path"));
	const struct json *type = required(o, "type");
	const char *t = json_string(type);
	if (strlen(t) != 1 || !strchr("cbup", t[0]))
		json_die(type, "expected c, b, u or p, not \"%s\"", t);
	d->type = t[0];
	d->major = d->type == 'p' ? 0 : json_u32(required(o, "major"));
	d->minor = d->type == 'p' ? 0 : json_u32(required(o, "minor"));
	const struct json *mode = json_get(o, "fileMode"), *uid = json_get(o, "uid");
	const struct json *gid = json_get(o, "gid");
	d->mode = mode ? json_u32(mode) : 0666;
	if (d->mode > 07777)
		json_die(mode, "expected a mode from 0 to 07777 (4095)");
	d->uid = uid ? json_u32(uid) : 0;
	d->gid = gid ? json_u32(gid) : 0;
}

static void map_devices(struct oci_config *c, const struct json *a)
{
	if (!a)
		return;
	c->devices = xcalloc(a->count, sizeof(*c->devices));
	for (size_t i = 0; i < a->count; i++)
		map_device(&c->devices[i], &a->items[i]);
	c->n_devices = a->count;
}

static void map_linux(struct oci_config *c, const struct json *l)
{
	if (!l)
		return;
	json_object(l);
	map_namespaces(c, array_or_null(l, "namespaces"));
	c->uid_mappings = map_idmaps(array_or_null(l, "uidMappings"), &c->n_uid_mappings);
	c->gid_mappings = map_idmaps(array_or_null(l, "gidMappings"), &c->n_gid_mappings);
	map_resources(&c->resources, json_get(l, "resources"));
	c->cgroups_path = string_or(l, "cgroupsPath", NULL);
	c->masked_paths = strings_or_null(l, "maskedPaths");
	c->readonly_paths = strings_or_null(l, "readonlyPaths");
	map_devices(c, array_or_null(l, "devices"));
	c->sysctl = pairs(l, "sysctl", &c->n_sysctl);
	const struct json *prop = json_get(l, "rootfsPropagation");
	if (prop)
		c->rootfs_propagation = lookup(prop, propagations, ARRAY_SIZE(propagations),
					       "a propagation (private, rslave ...)");
	c->seccomp = json_get(l, "seccomp");
	if (c->seccomp)
		json_object(c->seccomp);
	static const char *const unsupported[] = { "mountLabel",  "intelRdt",     "personality",
						   "timeOffsets", "memoryPolicy", "netDevices" };
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		refuse_if_set(l, unsupported[i]);
}

/* ---- hooks ---- */

static void map_hook(struct oci_hook *h, const struct json *o)
{
	json_object(o);
	h->path = absolute(required(o, "path"));
	const struct json *args = json_get(o, "args"), *env = json_get(o, "env");
	const struct json *timeout = json_get(o, "timeout");
	h->args = args ? json_strings(args) : xcalloc(2, sizeof(char *));
	if (!args)
		h->args[0] = (char *)h->path;
	h->env = env ? json_strings(env) : xcalloc(1, sizeof(char *));
	uint32_t seconds = timeout ? json_u32(timeout) : 0;
	if (timeout && (seconds == 0 || seconds > INT32_MAX))
		json_die(timeout, "expected seconds, from 1 to %d", INT32_MAX);
	h->timeout = seconds;
}

/* Appends the hooks of hooks.KEY to list. */
static void map_hook_list(struct oci_hooks_list *list, const struct json *hooks, const char *key)
{
	const struct json *a = array_or_null(hooks, key);
	if (!a)
		return;
	list->hook = realloc(list->hook, (list->n + a->count + 1) * sizeof(*list->hook));
	if (!list->hook)
		die("out of memory");
	for (size_t i = 0; i < a->count; i++)
		map_hook(&list->hook[list->n++], &a->items[i]);
}

static void map_hooks(struct oci_hooks *h, const struct json *hooks)
{
	if (!hooks)
		return;
	json_object(hooks);
	/* prestart is deprecated; it ran where createRuntime runs now. */
	map_hook_list(&h->create_runtime, hooks, "prestart");
	map_hook_list(&h->create_runtime, hooks, "createRuntime");
	map_hook_list(&h->create_container, hooks, "createContainer");
	map_hook_list(&h->start_container, hooks, "startContainer");
	map_hook_list(&h->poststart, hooks, "poststart");
	map_hook_list(&h->poststop, hooks, "poststop");
}

/* ---- the whole ---- */

void oci_config_load(struct oci_config *c, const char *bundle)
{
	char file[PATH_MAX];
	if (snprintf(file, sizeof(file), "%s/config.json", bundle) >= (int)sizeof(file))
		die("%s: the bundle's path is too long", bundle);
	oci_config_load_file(c, file, bundle);
}

void oci_config_load_file(struct oci_config *c, const char *file, const char *bundle)
{
	memset(c, 0, sizeof(*c));
	c->doc = json_read_file(file);
	const struct json *top = json_object(c->doc);
	c->oci_version = map_version(top);
	oci_process_map(&c->process, required(top, "process"));
	map_root(c, required(top, "root"), bundle);
	c->hostname = string_or(top, "hostname", NULL);
	c->domainname = string_or(top, "domainname", NULL);
	map_mounts(c, array_or_null(top, "mounts"));
	map_linux(c, json_get(top, "linux"));
	map_hooks(&c->hooks, json_get(top, "hooks"));
	c->annotations = pairs(top, "annotations", &c->n_annotations);
}

static void free_hooks(struct oci_hooks_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->hook[i].args);
		free(l->hook[i].env);
	}
	free(l->hook);
}

void oci_process_free(struct oci_process *p)
{
	free(p->args), free(p->groups), free(p->rlimits);
}

void oci_config_free(struct oci_config *c)
{
	oci_process_free(&c->process);
	for (size_t i = 0; i < c->n_mounts; i++)
		free(c->mounts[i].data);
	free(c->mounts), free(c->namespaces), free(c->uid_mappings), free(c->gid_mappings);
	free(c->resources.devices), free(c->masked_paths), free(c->readonly_paths);
	free(c->devices), free(c->sysctl), free(c->annotations);
	free_hooks(&c->hooks.create_runtime), free_hooks(&c->hooks.create_container);
	free_hooks(&c->hooks.start_container), free_hooks(&c->hooks.poststart);
	free_hooks(&c->hooks.poststop);
	json_free(c->doc);
	memset(c, 0, sizeof(*c));
}
