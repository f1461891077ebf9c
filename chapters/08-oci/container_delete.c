/*
 * delete: what is left of a container once it has stopped, its cgroups and
 * its state directory. The spec's rule: a container that is not stopped is
 * refused (runc 1.1 deletes a created one anyway, and Podman passes
 * --force when it means it). With --force it is killed first.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/03-cgroups/cgroup_reclaim.h"
#include "chapters/08-oci/config.h"
#include "chapters/08-oci/hooks.h"
#include "chapters/08-oci/oci_commands.h"
#include "chapters/08-oci/oci_state.h"
#include "common/err.h"

/* SIGKILL to PID 1, then wait until it has ended: its pidfd becomes
 * readable then, zombie or not. The kernel kills the rest of a PID
 * namespace when its PID 1 ends; what else is in the cgroups is killed
 * next. */
static void kill_and_wait(const struct oci_state *s)
{
	int fd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (fd < 0 || proc_start_time(s->pid) != s->pid_start)
		goto out; /* ended already */
	if (syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
		die_errno("kill %s", s->id);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	if (poll(&p, 1, 10 * 1000) == 0)
		die("container \"%s\": PID %d still runs 10 s after SIGKILL", s->id, (int)s->pid);
out:
	if (fd >= 0)
		close(fd);
}

/* Without a cgroupsPath, create put the cgroup in kobako-oci, a parent
 * of the runtime's own: it goes with its last container. */
static void remove_default_parent(const char *dir)
{
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", dir);
	char *slash = strrchr(parent, '/');
	if (!slash)
		return;
	*slash = '\0';
	const char *name = strrchr(parent, '/');
	if (name && !strcmp(name, "/kobako-oci"))
		rmdir(parent); /* fails, as it should, while another container is there */
}

/* Last made, first removed: a cgroup create made below another it made
 * comes after it in the list. */
static void remove_cgroups(const struct oci_state *s)
{
	for (int i = s->n_cgroups - 1; i >= 0; i--) {
		empty_cgroup(s->cgroups[i]);
		if (rmdir(s->cgroups[i]) < 0 && errno != ENOENT)
			die_errno("rmdir %s", s->cgroups[i]);
		remove_default_parent(s->cgroups[i]);
	}
}

/* poststop: the hooks of the config.json create kept beside the state.
 * Their failure is told, and deletes nothing less. */
static void run_poststop(const char *root, const struct oci_state *s)
{
	char dir[PATH_MAX], file[PATH_MAX + 16];
	snprintf(file, sizeof(file), "%s/config.json", oci_state_dir(dir, root, s->id));
	if (access(file, F_OK) < 0)
		return;
	struct oci_config c;
	oci_config_load_file(&c, file, s->bundle);
	hooks_run(&c.hooks.poststop, "poststop", s, "stopped");
	oci_config_free(&c);
}

static int parse_delete(int argc, char **argv)
{
	int force = 0, n = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f")) {
			force = 1;
			continue;
		}
		oci_check_not_option(argv[0], argv[i]);
		argv[1 + n++] = argv[i];
	}
	oci_expect_operands(argv[0], n, 1, 1, "one container ID");
	return force;
}

int oci_cmd_delete(const char *root, int argc, char **argv)
{
	set_failure_status(1);
	int force = parse_delete(argc, argv);
	struct oci_state s;
	oci_state_load(root, argv[1], &s);
	const char *status = oci_status(root, &s);
	/* Its creator still makes it: what it made is not all in the state yet. */
	if (!strcmp(status, "creating"))
		die("container \"%s\" is being created: delete it once create has ended", s.id);
	if (strcmp(status, "stopped") != 0) {
		if (!force)
			die("container \"%s\" is %s: kill it first, or delete --force", s.id,
			    status);
		kill_and_wait(&s);
	}
	remove_cgroups(&s);
	run_poststop(root, &s);
	oci_state_remove(root, s.id);
	oci_state_free(&s);
	return 0;
}

/* A create killed on the way (its lock is free, it never finished) left
 * a state, and maybe cgroups and a PID 1 waiting: the next create takes
 * them away, as chapter 03 reclaims the cgroups of killed runtimes. */
void oci_reclaim_abandoned(const char *root)
{
	char dir[PATH_MAX];
	DIR *d = opendir(oci_root_dir(dir, root));
	for (struct dirent *e; d && (e = readdir(d));) {
		struct oci_state s;
		if (!oci_valid_id(e->d_name) || oci_state_read(root, e->d_name, &s) < 0)
			continue;
		if (!s.created_done && !strcmp(oci_status(root, &s), "stopped")) {
			warnx("reclaiming container %s, left by a create that was killed", s.id);
			if (s.pid)
				kill_and_wait(&s);
			remove_cgroups(&s);
			oci_state_remove(root, s.id);
		}
		oci_state_free(&s);
	}
	if (d)
		closedir(d);
}
