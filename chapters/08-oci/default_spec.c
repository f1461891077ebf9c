/*
 * spec: a config.json to start from, describing the container kobako makes
 * by default (chapter 07's, without options), so a bundle made with it runs
 * as `ch07 ROOTFS sh` does.
 *
 * Where it differs from `runc spec` (runc 1.1), and why:
 * - capabilities: Docker's default 14 (chapter 04), not runc's 3; none
 *   ambient, as chapter 04 leaves the ambient set empty.
 * - root.readonly false: chapter 05's containers write to an overlay; runc
 *   makes the root read-only.
 * - hostname "kobako", as chapter 02; runc's is "runc".
 * - no rlimits: kobako leaves the limits it inherits; runc sets NOFILE 1024.
 * - /dev is a 64k tmpfs, as chapter 02 mounts it; runc's is 65536k.
 * - a cgroup namespace, as chapter 03 gives every container; runc has none.
 * - maskedPaths also /proc/interrupts and /sys/devices/virtual/powercap
 *   (chapter 04 hides what Docker hides); runc 1.1 does not.
 * - proc is mounted nosuid, noexec, nodev, as chapter 01 mounts it; runc
 *   gives it no options.
 * - no linux.seccomp, as runc's: chapter 04's default filter is code, not
 *   a profile, and Podman writes the profile it wants here.
 * - the cgroup mount has no "relatime": chapter 03 mounts cgroup2 without
 *   it (the kernel's default is relatime anyway).
 * --rootless does what runc's does: a user namespace mapping root to the
 * caller, no network namespace (one needs a host's help), devpts without
 * gid=5 (the group is not mapped), /sys bound from the host's (sysfs
 * cannot be mounted without the network namespace's owner), and no device
 * rule (a rootless runtime cannot set one).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "chapters/04-security/caps.h"
#include "chapters/04-security/paths.h"
#include "chapters/08-oci/json_print.h"
#include "chapters/08-oci/oci_commands.h"
#include "chapters/08-oci/oci_state.h"
#include "common/err.h"
#include "common/file.h"

static void capabilities(struct json_writer *w)
{
	static const char *const sets[] = { "bounding", "effective", "permitted" };
	uint64_t caps = caps_default();
	jw_object(w, "capabilities");
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		jw_array(w, sets[i]);
		for (int cap = 0; cap < 64; cap++) {
			char name[64];
			if (!(caps & (1ULL << cap)) || !cap_name(cap))
				continue;
			snprintf(name, sizeof(name), "CAP_%s", cap_name(cap));
			jw_string(w, NULL, name);
		}
		jw_end(w, ']');
	}
	jw_end(w, '}');
}

static void process(struct json_writer *w)
{
	static const char *const args[] = { "sh", NULL };
	static const char *const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm",
		NULL
	};
	jw_object(w, "process");
	jw_bool(w, "terminal", 1);
	jw_object(w, "user");
	jw_int(w, "uid", 0);
	jw_int(w, "gid", 0);
	jw_end(w, '}');
	jw_strings(w, "args", args, -1);
	jw_strings(w, "env", env, -1);
	jw_string(w, "cwd", "/");
	capabilities(w);
	jw_bool(w, "noNewPrivileges", 1);
	jw_end(w, '}');
}

static void mount(struct json_writer *w, const char *dest, const char *type, const char *source,
		  const char *const *options)
{
	jw_object(w, NULL);
	jw_string(w, "destination", dest);
	jw_string(w, "type", type);
	jw_string(w, "source", source);
	if (options)
		jw_strings(w, "options", options, -1);
	jw_end(w, '}');
}

/* The mounts chapters 01-03 make, with their options. */
static void mounts(struct json_writer *w, int rootless)
{
	static const char *const nosuid_noexec_nodev[] = { "nosuid", "noexec", "nodev", NULL };
	static const char *const dev[] = { "nosuid", "strictatime", "mode=755", "size=64k", NULL };
	static const char *const pts[] = { "nosuid",    "noexec", "newinstance", "ptmxmode=0666",
					   "mode=0620", "gid=5",  NULL };
	static const char *const shm[] = { "nosuid",    "noexec",      "nodev",
					   "mode=1777", "size=65536k", NULL };
	static const char *const ro[] = { "nosuid", "noexec", "nodev", "ro", NULL };
	static const char *const rbind_ro[] = { "rbind", "nosuid", "noexec", "nodev", "ro", NULL };
	const char *pts_rootless[7];
	memcpy(pts_rootless, pts, sizeof(pts));
	pts_rootless[5] = NULL; /* no gid=5 */

	jw_array(w, "mounts");
	mount(w, "/proc", "proc", "proc", nosuid_noexec_nodev);
	mount(w, "/dev", "tmpfs", "tmpfs", dev);
	mount(w, "/dev/pts", "devpts", "devpts", rootless ? pts_rootless : pts);
	mount(w, "/dev/shm", "tmpfs", "shm", shm);
	mount(w, "/dev/mqueue", "mqueue", "mqueue", nosuid_noexec_nodev);
	if (rootless)
		mount(w, "/sys", "none", "/sys", rbind_ro);
	else
		mount(w, "/sys", "sysfs", "sysfs", ro);
	mount(w, "/sys/fs/cgroup", "cgroup", "cgroup", ro);
	jw_end(w, ']');
}

/* The caller, as root in a user namespace of its own. */
static void id_mappings(struct json_writer *w, const char *key, unsigned id)
{
	jw_array(w, key);
	jw_object(w, NULL);
	jw_int(w, "containerID", 0);
	jw_int(w, "hostID", id);
	jw_int(w, "size", 1);
	jw_end(w, '}');
	jw_end(w, ']');
}

static void namespaces(struct json_writer *w, int rootless)
{
	static const char *const types[] = { "pid", "network", "ipc", "uts", "mount", "cgroup" };
	jw_array(w, "namespaces");
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (rootless && !strcmp(types[i], "network"))
			continue;
		jw_object(w, NULL);
		jw_string(w, "type", types[i]);
		jw_end(w, '}');
	}
	if (rootless) {
		jw_object(w, NULL);
		jw_string(w, "type", "user");
		jw_end(w, '}');
	}
	jw_end(w, ']');
}

static void linux_section(struct json_writer *w, int rootless)
{
	int n;
	const char *const *paths;
	jw_object(w, "linux");
	if (rootless) {
		id_mappings(w, "uidMappings", geteuid());
		id_mappings(w, "gidMappings", getegid());
	} else { /* no device but those the container's /dev binds (chapter 04) */
		jw_object(w, "resources");
		jw_array(w, "devices");
		jw_object(w, NULL);
		jw_bool(w, "allow", 0);
		jw_string(w, "access", "rwm");
		jw_end(w, '}');
		jw_end(w, ']');
		jw_end(w, '}');
	}
	namespaces(w, rootless);
	paths = masked_paths(&n);
	jw_strings(w, "maskedPaths", paths, n);
	paths = read_only_paths(&n);
	jw_strings(w, "readonlyPaths", paths, n);
	jw_end(w, '}');
}

static void write_spec(FILE *f, int rootless)
{
	struct json_writer w;
	jw_init(&w, f, "\t"); /* as runc writes it */
	jw_object(&w, NULL);
	jw_string(&w, "ociVersion", OCI_VERSION);
	process(&w);
	jw_object(&w, "root");
	jw_string(&w, "path", "rootfs");
	jw_bool(&w, "readonly", 0);
	jw_end(&w, '}');
	jw_string(&w, "hostname", "kobako");
	mounts(&w, rootless);
	linux_section(&w, rootless);
	jw_end(&w, '}');
}

int oci_cmd_spec(const char *root, int argc, char **argv)
{
	const char *bundle = ".";
	int rootless = 0;
	(void)root;
	set_failure_status(1);
	for (int i = 1; i < argc; i++) {
		const char *value = oci_option_value(argc, argv, &i, "--bundle", "-b");
		if (value) {
			bundle = value;
		} else if (!strcmp(argv[i], "--rootless")) {
			rootless = 1;
		} else {
			oci_check_not_option(argv[0], argv[i]);
			die("%s: takes no operand (the bundle is --bundle DIR)", argv[0]);
		}
	}
	char path[PATH_MAX];
	pathf(path, "%s/config.json", bundle);
	/* O_EXCL: an existing config.json is refused, as runc refuses it. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST)
		die("%s exists already: remove it first", path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f)
		die_errno("%s", path);
	write_spec(f, rootless);
	if (fclose(f) != 0)
		die_errno("write %s", path);
	return 0;
}
