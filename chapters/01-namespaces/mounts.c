#include <sys/mount.h>

#include "chapters/01-namespaces/mounts.h"
#include "common/err.h"

void make_mounts_private(void)
{
	step("mounts: private (nothing mounted here reaches the host)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die_errno("make mounts private");
}

void mount_proc(const char *dir)
{
	step("mount proc on %s (shows this PID namespace)", dir);
	if (mount("proc", dir, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
		die_errno("mount proc on %s", dir);
}
