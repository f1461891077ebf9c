/*
 * config.json, the OCI bundle's description of its container, read into one
 * struct. Where chapter 07 has a structure for a thing (struct limits,
 * struct user, struct env, a capability set as a uint64_t), the config
 * fills that one, so it goes to the same functions.
 *
 * As the OCI runtime spec asks, a property the runtime does not know is
 * ignored, but a known one it cannot honour is refused (die, naming its
 * path: "ch08: process.selinuxLabel: not supported"), as is a value of the
 * wrong type or out of range. Strings and string vectors point into the
 * parsed document (doc), which lives as long as the config.
 */
#ifndef KOBAKO_CONFIG_H
#define KOBAKO_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "chapters/01-namespaces/init.h"
#include "chapters/03-cgroups/cgroup.h"
#include "chapters/04-security/user.h"

struct json;

/* A list of KEY=VALUE pairs kept as given: linux.sysctl, annotations. */
struct oci_pair {
	const char *key, *value;
};

/* process.capabilities: one bit per capability, 1 << CAP_CHOWN ... An
 * absent set is 0 (none). */
struct oci_caps {
	uint64_t bounding, effective, inheritable, permitted, ambient;
};

/* process.rlimits[]: for setrlimit(resource, {soft, hard}). */
struct oci_rlimit {
	int resource; /* RLIMIT_NOFILE ... */
	uint64_t soft, hard;
};

struct oci_process {
	char **args;      /* required, not empty; NULL-terminated */
	struct env env;   /* process.env, as --env gives it to reset_environment() */
	const char *cwd;  /* absolute; "/" if absent */
	struct user user; /* user.uid, user.gid */
	gid_t *groups;    /* user.additionalGids */
	size_t n_groups;
	int umask;    /* user.umask; -1 if absent (keep the runtime's) */
	int terminal; /* a pseudo-terminal, from --console-socket */
	struct oci_caps caps;
	int no_new_privileges;
	struct oci_rlimit *rlimits;
	size_t n_rlimits;
	int has_oom_score_adj;
	int oom_score_adj;            /* -1000..1000 */
	const char *apparmor_profile; /* NULL if absent */
};

/* mounts[]: mount(source, destination, type, flags, data), then, for a
 * bind mount, a remount with flags | MS_REMOUNT for ro, nosuid... (a bind
 * mount ignores them), then propagation on its own, as mount(2) wants it. */
struct oci_mount {
	const char *destination;   /* absolute, required */
	const char *type;          /* NULL if absent ("bind" for a bind mount, or absent) */
	const char *source;        /* NULL if absent */
	unsigned long flags;       /* MS_BIND, MS_REC (rbind), MS_RDONLY, MS_NOSUID ... */
	unsigned long propagation; /* MS_PRIVATE, MS_SLAVE ... (| MS_REC for rprivate ...); 0 */
	char *data;                /* the other option words, comma-separated ("mode=755");
				    * "" if none; malloc'ed */
	int tmpcopyup;             /* a tmpfs that starts with what the image has there */
};

/* linux.namespaces[]: a new namespace, or, with path, one to join (setns). */
struct oci_namespace {
	int flag;         /* CLONE_NEWPID ... CLONE_NEWTIME */
	const char *path; /* NULL: a new one */
};

/* linux.uidMappings[], gidMappings[]: lines of uid_map and gid_map. */
struct oci_idmap {
	uint32_t container_id, host_id, size;
};

/* linux.resources.devices[]: the device cgroup's rules, in order. */
struct oci_device_rule {
	int allow;
	char type;            /* 'a' (all), 'c', 'b' */
	int64_t major, minor; /* -1: any */
	char access[4];       /* a subset of "rwm"; "rwm" if absent */
};

/* linux.resources. limits is what chapter 03's cgroup_create() sets:
 * memory.limit, cpu.quota / cpu.period (as microseconds per 100 ms),
 * pids.limit; the rest is kept for main.c to set or refuse. 0, NULL: not
 * given. */
struct oci_resources {
	struct limits limits;
	int64_t memory_reservation;
	int64_t memory_swap; /* memory + swap, bytes; -1: unlimited */
	uint64_t cpu_shares;
	int64_t cpu_quota;       /* microseconds per cpu_period; -1: unlimited */
	uint64_t cpu_period;     /* microseconds */
	const char *cpus, *mems; /* cpuset lists: "0-3,6" */
	struct oci_device_rule *devices;
	size_t n_devices;
};

/* linux.devices[]: device nodes to make in the container's /dev. */
struct oci_device {
	const char *path; /* absolute */
	char type;        /* 'c', 'b', 'u' (as 'c', unbuffered), 'p' (a FIFO) */
	int64_t major, minor;
	uint32_t mode; /* fileMode's permission bits; 0666 if absent */
	uid_t uid;     /* 0 if absent */
	gid_t gid;
};

/* hooks.*[]: a program the runtime runs at a point of the lifecycle. */
struct oci_hook {
	const char *path; /* absolute */
	char **args;      /* NULL-terminated; { path, NULL } if absent */
	char **env;       /* NULL-terminated; empty if absent */
	int timeout;      /* seconds, > 0; 0: none */
};

struct oci_hooks_list {
	struct oci_hook *hook;
	size_t n;
};

struct oci_hooks {
	struct oci_hooks_list create_runtime; /* and the deprecated prestart, first */
	struct oci_hooks_list create_container, start_container, poststart, poststop;
};

struct oci_config {
	struct json *doc;        /* the parsed config.json, which owns the strings */
	const char *oci_version; /* 1.0.x, 1.1.x or 1.2.x */
	struct oci_process process;
	char root[PATH_MAX]; /* root.path, made absolute against the bundle */
	int root_readonly;
	const char *hostname, *domainname; /* NULL if absent */
	struct oci_mount *mounts;
	size_t n_mounts;
	struct oci_namespace *namespaces;
	size_t n_namespaces;
	uint64_t clone_flags; /* the namespaces to make new (no path), or'ed */
	struct oci_idmap *uid_mappings, *gid_mappings;
	size_t n_uid_mappings, n_gid_mappings;
	struct oci_resources resources;
	const char *cgroups_path;              /* NULL if absent */
	char **masked_paths, **readonly_paths; /* NULL-terminated; NULL if absent */
	struct oci_device *devices;
	size_t n_devices;
	struct oci_pair *sysctl; /* to write to /proc/sys/KEY (dots as slashes) inside */
	size_t n_sysctl;
	unsigned long rootfs_propagation; /* MS_SHARED, MS_SLAVE|MS_REC ...; 0 if absent */
	const struct json *seccomp;       /* linux.seccomp as written; NULL if absent */
	struct oci_hooks hooks;
	struct oci_pair *annotations;
	size_t n_annotations;
};

/* Reads BUNDLE/config.json into c, or dies naming what is wrong. */
void oci_config_load(struct oci_config *c, const char *bundle);
/* The same from another file, with root.path relative to bundle. */
void oci_config_load_file(struct oci_config *c, const char *file, const char *bundle);
void oci_config_free(struct oci_config *c);

/* The process object alone, as config.json's "process" (exec's --process
 * FILE holds one): into p, zeroed first by the caller. Errors name the
 * path below proc. */
void oci_process_map(struct oci_process *p, const struct json *proc);
/* What oci_process_map allocated (the strings belong to the document). */
void oci_process_free(struct oci_process *p);

#endif
