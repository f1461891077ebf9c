/*
 * Root's power is not one switch but about forty capabilities (capabilities(7)):
 * CAP_NET_ADMIN configures the network, CAP_SYS_ADMIN mounts, CAP_SYS_MODULE
 * loads kernel code. A process has five sets of them:
 *   effective    what the kernel checks right now
 *   permitted    what it may make effective again
 *   inheritable  what may pass through execve (with file capabilities)
 *   ambient      what passes through execve of an ordinary program
 *   bounding     the ceiling: nothing outside it can ever be gained again
 * A container keeps Docker's 14 everyday ones; the rest leave every set.
 */
#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/caps.h"
#include "common/array.h"
#include "common/err.h"
#include "common/opts.h"

#define BIT(cap) (1ULL << (cap))

/* Docker's default set: enough to install packages and run daemons as root
 * inside, nothing that reaches the kernel's or the host's state. */
#define DEFAULT_CAPS                                                                               \
	(BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_FSETID) | BIT(CAP_FOWNER) |              \
	 BIT(CAP_MKNOD) | BIT(CAP_NET_RAW) | BIT(CAP_SETGID) | BIT(CAP_SETUID) |                   \
	 BIT(CAP_SETFCAP) | BIT(CAP_SETPCAP) | BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_SYS_CHROOT) |   \
	 BIT(CAP_KILL) | BIT(CAP_AUDIT_WRITE))

/* clang-format off */
/* Indexed by number, as Docker spells them (without CAP_). */
static const char *const names[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
	"SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
	"NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
	"SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
	"AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
	"BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};
/* clang-format on */

/* The highest capability this kernel knows: PR_CAPBSET_READ refuses the next. */
static int last_cap(void)
{
	int cap = 0;
	while (cap < 63 && prctl(PR_CAPBSET_READ, cap + 1, 0, 0, 0) >= 0)
		cap++;
	return cap;
}

/* What this runtime could ever hold: the capabilities the kernel has, less
 * those its own bounding set lacks (when it runs in a container itself). */
static uint64_t own_bounding_set(void)
{
	uint64_t caps = 0;
	int last = last_cap();
	for (int cap = 0; cap <= last; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			caps |= BIT(cap);
	return caps;
}

/* "NET_ADMIN", "net_admin", "CAP_NET_ADMIN" -> CAP_NET_ADMIN; -1 for ALL. */
static int cap_number(const struct opt *o, const char *value)
{
	const char *name = strncasecmp(value, "CAP_", 4) ? value : value + 4;
	if (!strcasecmp(name, "ALL"))
		return -1;
	for (int cap = 0; cap < (int)ARRAY_SIZE(names); cap++) {
		if (strcasecmp(name, names[cap]))
			continue;
		if (cap > last_cap())
			opt_bad(o, value, "this kernel does not have that capability");
		if (o->parse == parse_cap_add && !(own_bounding_set() & BIT(cap)))
			opt_bad(o, value, "not in the runtime's own bounding set");
		return cap;
	}
	opt_bad(o, value, "no such capability (examples: NET_ADMIN, SYS_TIME)");
}

void parse_cap_add(const struct opt *o, const char *value)
{
	struct cap_opts *c = o->dest;
	int cap = cap_number(o, value);
	if (cap < 0)
		c->add_all = 1;
	else
		c->add |= BIT(cap);
}

void parse_cap_drop(const struct opt *o, const char *value)
{
	struct cap_opts *c = o->dest;
	int cap = cap_number(o, value);
	if (cap < 0)
		c->drop_all = 1;
	else
		c->drop |= BIT(cap);
}

uint64_t caps_resolve(const struct cap_opts *c)
{
	/* Docker's rule (the order on the command line does not matter):
	 * --cap-add ALL wins, then --cap-drop ALL keeps only the adds. */
	uint64_t caps;
	if (c->add_all)
		caps = ~c->drop;
	else if (c->drop_all)
		caps = c->add;
	else
		caps = (DEFAULT_CAPS & ~c->drop) | c->add;
	return caps & own_bounding_set();
}

uint64_t caps_default(void)
{
	return DEFAULT_CAPS;
}

const char *cap_name(int cap)
{
	return cap >= 0 && cap < (int)ARRAY_SIZE(names) ? names[cap] : NULL;
}

void set_no_new_privs(void)
{
	step("no_new_privs: setuid bits and file capabilities no longer raise privileges");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die_errno("prctl PR_SET_NO_NEW_PRIVS");
}

void drop_bounding_set(uint64_t keep)
{
	/* lab: drop every capability not in KEEP from the bounding set, for good; see
	 * docs/04-security.md "Capabilities: root, cut into pieces" */
	int last = last_cap(), dropped = 0;
	for (int cap = 0; cap <= last; cap++) {
		if (keep & BIT(cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			die_errno("drop capability %d from the bounding set", cap);
		dropped++;
	}
	step("bounding set: %d capabilities dropped for good, %d kept", dropped,
	     last + 1 - dropped);
	/* lab end: (void)keep; errno = ENOSYS; die_errno("drop the bounding set"); */
}

void set_capabilities(uint64_t keep)
{
	step("capabilities: effective and permitted %#018llx, inheritable and ambient none",
	     (unsigned long long)keep);
	/* lab: make KEEP the effective and permitted sets, with capset(2), and empty the
	 * inheritable and ambient ones; see docs/04-security.md "Capabilities" */
	/* Version 3 takes 64 bits as two 32-bit halves: data[0] is 0..31. */
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = {
		{ (uint32_t)keep, (uint32_t)keep, 0 },
		{ (uint32_t)(keep >> 32), (uint32_t)(keep >> 32), 0 },
	};
	if (syscall(SYS_capset, &head, data) < 0)
		die_errno("capset");
	/* Ambient capabilities would survive execve into the command. The
	 * inheritable set is empty now, which empties them too; say so anyway. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		die_errno("prctl PR_CAP_AMBIENT_CLEAR_ALL");
	/* lab end: (void)keep; errno = ENOSYS; die_errno("capset"); */
}
