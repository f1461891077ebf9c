/*
 * AppArmor confines a process to a profile: rules by path and operation
 * that the kernel enforces whatever the process's capabilities. The
 * administrator loads the profiles (apparmor_parser); a runtime only asks
 * for one by name, as runc does with the OCI spec's process.apparmorProfile.
 * The request is a write to the process's /proc/self/attr, and takes effect
 * at its next execve: the command starts confined, the runtime never is.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "chapters/04-security/apparmor.h"
#include "common/err.h"
#include "common/opts.h"

#define ENABLED    "/sys/module/apparmor/parameters/enabled"
#define SECURITYFS "/sys/kernel/security"
#define PROFILES   SECURITYFS "/apparmor/profiles"

void parse_apparmor(const struct opt *o, const char *value)
{
	if (!*value)
		opt_bad(o, "''", "must not be empty");
	/* The kernel reads "exec NAME" up to the end of the write: a newline
	 * or a space would be part of the name, or cut it. (A name with a
	 * newline is not repeated: the message stays one line.) */
	if (strchr(value, '\n'))
		die("--%s: a profile's name has no newline", o->name);
	if (strpbrk(value, " \t"))
		opt_bad(o, value, "a profile's name has no space");
	if (strlen(value) > PATH_MAX)
		opt_bad(o, value, "too long");
	*(const char **)o->dest = strcmp(value, "unconfined") ? value : NULL;
}

/* The module's parameter says Y when AppArmor is built in and active:
 * built in but left off at boot (apparmor=0, or another LSM chosen) is N. */
static int apparmor_enabled(void)
{
	char c = 0;
	FILE *f = fopen(ENABLED, "r");
	if (f) {
		c = (char)fgetc(f);
		fclose(f);
	}
	return c == 'Y';
}

/* Where AppArmor lists its profiles: securityfs, which systemd mounts at
 * boot but a minimal system may not. */
static void check_securityfs(const char *profile)
{
	struct statfs st;
	if (statfs(SECURITYFS, &st) < 0 || st.f_type != SECURITYFS_MAGIC)
		die("--apparmor %s: securityfs is not mounted on " SECURITYFS
		    " (mount -t securityfs securityfs " SECURITYFS ")",
		    profile);
	if (access(SECURITYFS "/apparmor", F_OK) < 0)
		die("--apparmor %s: AppArmor is not enabled on this host (no " SECURITYFS
		    "/apparmor)",
		    profile);
}

/* One line per loaded profile, "NAME (MODE)": enforce, complain ... */
static int profile_loaded(FILE *f, const char *profile)
{
	char line[PATH_MAX + 64];
	size_t len = strlen(profile);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, profile, len) && !strncmp(line + len, " (", 2))
			return 1;
	return 0;
}

void apparmor_check(const char *profile)
{
	if (!profile)
		return;
	if (!apparmor_enabled())
		die("--apparmor %s: AppArmor is not enabled on this host (" ENABLED " is not Y)",
		    profile);
	check_securityfs(profile);
	FILE *f = fopen(PROFILES, "r");
	if (!f)
		die_errno("--apparmor %s: read " PROFILES, profile);
	int loaded = profile_loaded(f, profile);
	fclose(f);
	if (!loaded)
		die("--apparmor %s: no such profile loaded (apparmor_parser -r FILE loads one)",
		    profile);
}

void apparmor_exec_under(const char *profile)
{
	if (!profile)
		return;
	step("AppArmor: the command will run under the profile %s", profile);
	/* Linux 5.8 gave each LSM a directory of its own in attr; before, the
	 * files of attr were shared by whichever LSM was on. runc tries the
	 * first and falls back, as here. */
	int fd = open("/proc/self/attr/apparmor/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		fd = open("/proc/self/attr/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("--apparmor %s: open /proc/self/attr/exec", profile);
	char request[PATH_MAX + 8];
	int len = snprintf(request, sizeof(request), "exec %s", profile);
	if (write(fd, request, (size_t)len) != len)
		die_errno("--apparmor %s: write /proc/self/attr/exec", profile);
	close(fd);
}
