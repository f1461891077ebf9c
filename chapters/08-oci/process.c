/*
 * config.json's process, applied by the container's PID 1 in its last
 * steps. Chapter 04 gives one set of capabilities, effective and permitted
 * alike; an OCI caller gives all five, so this is capset(2) in full, and
 * the ambient set, the one that survives execve for a user other than root.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/caps.h"
#include "chapters/08-oci/process.h"
#include "common/err.h"
#include "common/file.h"

void process_set_limits(const struct oci_process *p)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		struct rlimit r = { p->rlimits[i].soft, p->rlimits[i].hard };
		if (setrlimit(p->rlimits[i].resource, &r) < 0)
			die_errno("process.rlimits[%zu]: setrlimit", i);
	}
	if (p->has_oom_score_adj &&
	    write_file("/proc/self/oom_score_adj", "%d", p->oom_score_adj) < 0)
		die_errno("process.oomScoreAdj: write /proc/self/oom_score_adj");
	if (p->umask >= 0)
		umask(p->umask);
}

static void set_capability_sets(const struct oci_caps *c)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = {
		{ (uint32_t)c->effective, (uint32_t)c->permitted, (uint32_t)c->inheritable },
		{ (uint32_t)(c->effective >> 32), (uint32_t)(c->permitted >> 32),
		  (uint32_t)(c->inheritable >> 32) },
	};
	if (syscall(SYS_capset, &head, data) < 0)
		die_errno("process.capabilities: capset");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		die_errno("prctl PR_CAP_AMBIENT_CLEAR_ALL");
	/* The kernel takes an ambient capability only if it is permitted and
	 * inheritable already. */
	for (int cap = 0; cap < 64; cap++)
		if (c->ambient & (1ULL << cap) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			die_errno("process.capabilities.ambient: raise capability %d", cap);
}

void process_set_credentials(const struct oci_process *p)
{
	const struct oci_caps *c = &p->caps;
	drop_bounding_set(c->bounding);
	step("user %u, group %u, %zu additional groups; capabilities: effective %#llx, "
	     "permitted %#llx, ambient %#llx",
	     (unsigned)p->user.uid, (unsigned)p->user.gid, p->n_groups,
	     (unsigned long long)c->effective, (unsigned long long)c->permitted,
	     (unsigned long long)c->ambient);
	/* setuid away from root clears the permitted set, unless KEEPCAPS. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		die_errno("prctl PR_SET_KEEPCAPS");
	if (setgroups(p->n_groups, p->groups) < 0)
		die_errno("process.user.additionalGids: setgroups");
	if (setresgid(p->user.gid, p->user.gid, p->user.gid) < 0)
		die_errno("process.user.gid: setgid %u", (unsigned)p->user.gid);
	if (setresuid(p->user.uid, p->user.uid, p->user.uid) < 0)
		die_errno("process.user.uid: setuid %u", (unsigned)p->user.uid);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		die_errno("prctl PR_SET_KEEPCAPS");
	set_capability_sets(c);
}

void process_set_environment(const struct oci_process *p)
{
	clearenv();
	for (int i = 0; i < p->env.n; i++)
		if (putenv(p->env.var[i]) < 0)
			die_errno("process.env[%d]", i);
}
