/*
 * features: the runtime spec's features document (features.md,
 * features-linux.md), what this runtime recognises in a config.json. The
 * spec wants it fixed when the runtime is built, not read from the host:
 * the capabilities are those <linux/capability.h> knows, not those the
 * running kernel has.
 */
#include <linux/capability.h>
#include <stdio.h>

#include "chapters/04-security/caps.h"
#include "chapters/08-oci/json_print.h"
#include "chapters/08-oci/oci_commands.h"
#include "chapters/08-oci/oci_state.h"
#include "common/err.h"

static const char *const hooks[] = {
	"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
	NULL,
};

/* The mount(2) flags and propagation a mount's options can ask for. */
/* clang-format off */
static const char *const mount_options[] = {
	"async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec",
	"iversion", "lazytime", "loud", "mand", "noatime", "nodev", "nodiratime",
	"noexec", "noiversion", "nolazytime", "nomand", "norelatime", "nostrictatime",
	"nosuid", "nosymfollow", "private", "ratime", "rbind", "rdev", "rdiratime",
	"relatime", "remount", "rexec", "rnoatime", "rnodev", "rnodiratime", "rnoexec",
	"rnorelatime", "rnostrictatime", "rnosuid", "rnosymfollow", "ro", "rprivate",
	"rrelatime", "rro", "rrw", "rshared", "rslave", "rstrictatime", "rsuid",
	"rsymfollow", "runbindable", "rw", "shared", "silent", "slave", "strictatime",
	"suid", "symfollow", "sync", "unbindable", NULL,
};
/* clang-format on */

static const char *const namespaces[] = {
	"cgroup", "ipc", "mount", "network", "pid", "user", "uts", NULL,
};

/* Every seccomp action but SCMP_ACT_NOTIFY: a listener is not supported. */
static const char *const seccomp_actions[] = {
	"SCMP_ACT_ALLOW",        "SCMP_ACT_ERRNO",       "SCMP_ACT_KILL",
	"SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",
	"SCMP_ACT_TRACE",        "SCMP_ACT_TRAP",        NULL,
};

static const char *const seccomp_operators[] = {
	"SCMP_CMP_EQ", "SCMP_CMP_GE",        "SCMP_CMP_GT", "SCMP_CMP_LE",
	"SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE", NULL,
};

/* The filter is compiled for the architecture the runtime was built for. */
static const char *const seccomp_archs[] = {
#if defined(__x86_64__)
	"SCMP_ARCH_X86_64",
#elif defined(__aarch64__)
	"SCMP_ARCH_AARCH64",
#endif
	NULL,
};

static void capabilities(struct json_writer *w)
{
	jw_array(w, "capabilities");
	for (int cap = 0; cap <= CAP_LAST_CAP; cap++) {
		char name[64];
		if (!cap_name(cap))
			continue; /* newer than chapter 04's table */
		snprintf(name, sizeof(name), "CAP_%s", cap_name(cap));
		jw_string(w, NULL, name);
	}
	jw_end(w, ']');
}

static void enabled(struct json_writer *w, const char *key, int on)
{
	jw_object(w, key);
	jw_bool(w, "enabled", on);
	jw_end(w, '}');
}

static void linux_features(struct json_writer *w)
{
	jw_object(w, "linux");
	jw_strings(w, "namespaces", namespaces, -1);
	capabilities(w);
	jw_object(w, "cgroup");
	jw_bool(w, "v1", 1);
	jw_bool(w, "v2", 1);
	jw_bool(w, "systemd", 0);
	jw_bool(w, "systemdUser", 0);
	jw_end(w, '}');
	jw_object(w, "seccomp");
	jw_bool(w, "enabled", 1);
	jw_strings(w, "actions", seccomp_actions, -1);
	jw_strings(w, "operators", seccomp_operators, -1);
	jw_strings(w, "archs", seccomp_archs, -1);
	jw_end(w, '}');
	enabled(w, "apparmor", 1);
	enabled(w, "selinux", 0);
	jw_end(w, '}');
}

int oci_cmd_features(const char *root, int argc, char **argv)
{
	(void)root;
	set_failure_status(1);
	for (int i = 1; i < argc; i++) {
		oci_check_not_option(argv[0], argv[i]);
		die("%s: takes no operand", argv[0]);
	}
	struct json_writer w;
	jw_init(&w, stdout, "    "); /* as runc indents it */
	jw_object(&w, NULL);
	jw_string(&w, "ociVersionMin", OCI_VERSION_MIN);
	jw_string(&w, "ociVersionMax", OCI_VERSION);
	jw_strings(&w, "hooks", hooks, -1);
	jw_strings(&w, "mountOptions", mount_options, -1);
	linux_features(&w);
	jw_end(&w, '}');
	return 0;
}
