/*
 * Chapter 04: security.
 *
 * Up to ch03, root in the container is root on the host: it can load
 * kernel modules, set the clock, mount the host's disk, or write a program
 * into /proc/sys/kernel/core_pattern for the host to run. ch04 takes that
 * away, in layers, as Docker does: most capabilities dropped for good,
 * parts of /proc and /sys read-only or hidden, no_new_privs, an optional
 * unprivileged --user, and a seccomp filter that refuses the system calls
 * a container never needs. --userns goes further: root inside is an
 * unprivileged user outside.
 *
 *   sudo ./ch04 [OPTIONS] [--] [COMMAND [ARG...]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "chapters/01-namespaces/init.h"
#include "chapters/01-namespaces/loopback.h"
#include "chapters/01-namespaces/mounts.h"
#include "chapters/01-namespaces/namespaces.h"
#include "chapters/01-namespaces/signals.h"
#include "chapters/01-namespaces/supervise.h"
#include "chapters/02-rootfs/console.h"
#include "chapters/02-rootfs/dev.h"
#include "chapters/02-rootfs/rootfs.h"
#include "chapters/03-cgroups/cgroup.h"
#include "chapters/04-security/apparmor.h"
#include "chapters/04-security/caps.h"
#include "chapters/04-security/devices.h"
#include "chapters/04-security/keyring.h"
#include "chapters/04-security/paths.h"
#include "chapters/04-security/seccomp.h"
#include "chapters/04-security/user.h"
#include "chapters/04-security/userns.h"
#include "common/err.h"
#include "common/opts.h"
#include "common/size.h"
#include "common/sync.h"

#define NAMESPACES                                                                                 \
	(CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWNET)

static struct {
	const char *hostname;
	unsigned stop_timeout;
	struct env env;
	const char *rootfs;
	const char *workdir;
	const char *name;
	const char *cgroup_parent;
	struct limits limits;
	struct cap_opts caps;
	int unconfined;
	int print_seccomp;
	const char *apparmor;
	struct user user;
	int userns;
} cfg = {
	.hostname = "kobako",
	.stop_timeout = 10,
	.rootfs = "./rootfs",
};

static const struct opt options[] = {
	{ 0, "hostname", "NAME", "the container's hostname (default: kobako)", parse_hostname,
	  &cfg.hostname },
	{ 0, "stop-timeout", "SECS",
	  "after Ctrl-C or SIGTERM, wait SECS before SIGKILL (default: 10)", opt_unsigned,
	  &cfg.stop_timeout },
	{ 'e', "env", "KEY=VALUE",
	  "set KEY in its environment (repeatable); KEY alone: the host's value", parse_env,
	  &cfg.env },
	{ 0, "rootfs", "DIR", "the container's root file system, ./rootfs if not given", opt_string,
	  &cfg.rootfs },
	{ 'w', "workdir", "DIR", "start the command in DIR, made if missing (default: /)",
	  parse_workdir, &cfg.workdir },
	{ 0, "name", "NAME", "name the container and its cgroup (default: kobako-PID)", parse_name,
	  &cfg.name },
	{ 'm', "memory", "SIZE", "limit its memory: 64m, 1g ...; killed past it", opt_size,
	  &cfg.limits.memory },
	{ 0, "cpus", "N", "limit its CPU time to N CPUs: 0.5 is half of one", parse_cpus,
	  &cfg.limits.cpu },
	{ 0, "pids", "N", "limit its number of processes (and threads)", parse_pids,
	  &cfg.limits.pids },
	{ 0, "cgroup-parent", "PATH", "make its cgroup in PATH (default: see docs/03-cgroups.md)",
	  parse_cgroup_parent, &cfg.cgroup_parent },
	{ 0, "cap-add", "CAP", "give it a capability (NET_ADMIN, SYS_TIME ...; ALL)", parse_cap_add,
	  &cfg.caps },
	{ 0, "cap-drop", "CAP", "take a capability away from the default 14 (ALL: every one)",
	  parse_cap_drop, &cfg.caps },
	{ 0, "seccomp", "PROFILE", "default, or unconfined: no system call filter", parse_seccomp,
	  &cfg.unconfined },
	{ 0, "print-seccomp", NULL, "print the seccomp filter it would get, and exit", opt_flag,
	  &cfg.print_seccomp },
	{ 0, "apparmor", "PROFILE",
	  "run the command under this loaded profile (default: unconfined)", parse_apparmor,
	  &cfg.apparmor },
	{ 'u', "user", "UID[:GID]", "run the command as this user (default: 0:0, root)", parse_user,
	  &cfg.user },
	{ 0, "userns", NULL, "a user namespace: its root is an unprivileged user outside", opt_flag,
	  &cfg.userns },
	{ 0 },
};

static struct cgroup cg;
static uint64_t caps;        /* the capabilities the container keeps */
static struct filter filter; /* and its seccomp filter */
static int rootfs_tree = -1; /* --userns: the rootfs, to be id-mapped */

static const char about[] = "Run COMMAND (default: /bin/sh) in new UTS, PID, mount, IPC, "
			    "cgroup and network namespaces,\nwith DIR as its root file system, "
			    "in a cgroup of its own with limits,\nwith Docker's default "
			    "capabilities, masked paths and a seccomp filter.";

/* The container: runs in the new namespaces, as PID 1 of the new PID namespace. */
static _Noreturn void container(char **command, struct console *console, struct sync *sync)
{
	/* If the runtime dies, even by SIGKILL, the container dies with it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die_errno("prctl PR_SET_PDEATHSIG");
	sync_wait(sync);
	if (cfg.userns)
		become_userns_root();
	enter_cgroup_namespace();

	make_mounts_private();
	set_hostname(cfg.hostname);
	bring_up_loopback();
	const char *rootfs = cfg.userns ? attach_rootfs(rootfs_tree) : cfg.rootfs;
	enter_rootfs(rootfs);
	forbid_device_nodes_below(".");
	mount_proc("proc");
	mount_sysfs("sys");
	mount_cgroupfs(&cg, "sys/fs/cgroup");
	make_dev("dev");
	pivot_to_cwd();
	if (cfg.workdir)
		enter_workdir(cfg.workdir);

	make_paths_read_only();
	mask_paths();
	forbid_device_nodes();
	set_no_new_privs();
	drop_bounding_set(caps);
	become_user(&cfg.user);
	/* A user other than root keeps no capability: execve would clear them
	 * for the command anyway, and PID 1 should hold no more than it. */
	set_capabilities(cfg.user.uid == 0 ? caps : 0);
	/* A change of user cleared the parent-death signal: set it again. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die_errno("prctl PR_SET_PDEATHSIG");
	/* PID 1 is the runtime's own binary: not dumpable, its memory and
	 * /proc/1/exe are closed to the processes of the container. */
	if (prctl(PR_SET_DUMPABLE, 0) < 0)
		die_errno("prctl PR_SET_DUMPABLE");

	join_new_session_keyring();
	int terminal = console_open(console);
	close_host_fds(terminal);
	reset_environment(cfg.hostname, &cfg.env);
	/* AppArmor's request takes effect at the next execve, the command's:
	 * PID 2, which run_init starts from here, inherits it; PID 1, which
	 * never execs, stays unconfined. After no_new_privs, which still lets
	 * unconfined move to a profile (that only takes permissions away);
	 * before seccomp, the last step. */
	apparmor_exec_under(cfg.apparmor);
	/* Last: nothing the runtime still does may be refused. */
	if (!cfg.unconfined)
		seccomp_load(&filter);
	run_init(command, terminal);
}

int main(int argc, char **argv)
{
	int first = parse_options(argc, argv, options, about);
	char *default_command[] = { "/bin/sh", NULL };
	char **command = first < argc ? argv + first : default_command;

	caps = caps_resolve(&cfg.caps);
	seccomp_build(&filter, caps);
	if (cfg.print_seccomp) {
		if (cfg.unconfined)
			puts("# --seccomp unconfined: no filter");
		else
			seccomp_print(&filter);
		return 0;
	}

	require_root();
	apparmor_check(cfg.apparmor);
	uint64_t namespaces = NAMESPACES | (cfg.userns ? CLONE_NEWUSER : 0);
	check_namespaces(namespaces);
	check_rootfs(cfg.rootfs);
	struct idmap idmap;
	if (cfg.userns) {
		userns_check_user(&cfg.user);
		userns_find_base(&idmap);
	}

	/* Blocked before clone, so neither side can miss a signal. */
	sigset_t signals;
	block_signals(&signals);

	cfg.name = name_or_default(cfg.name);
	cgroup_create(&cg, cfg.cgroup_parent, cfg.name, &cfg.limits);
	/* Before the child exists: on v2 it is born in the cgroup. */
	allow_devices(&cg);

	/* Run on a terminal, the container gets a terminal of its own. */
	struct console console;
	console_init(&console);

	struct sync sync;
	sync_init(&sync);
	if (cfg.userns)
		rootfs_tree = open_rootfs_tree(cfg.rootfs);
	struct clone_args args = { .flags = namespaces, .exit_signal = SIGCHLD };
	cgroup_clone_into(&cg, &args);
	pid_t pid = clone_container(&args);
	if (pid == 0)
		container(command, &console, &sync);

	cgroup_join(&cg, pid);
	if (cfg.userns) {
		userns_write_maps(pid, &idmap);
		idmap_rootfs(rootfs_tree, pid, cfg.rootfs, 1);
		close(rootfs_tree);
	}
	sync_release(&sync);
	console_attach(&console);
	int status = supervise(pid, &signals, cfg.stop_timeout);
	console_detach(&console);
	if (status == 128 + SIGKILL && cgroup_oom_killed(&cg)) {
		char limit[32];
		warnx("container killed: out of memory (limit %s)",
		      size_text(cfg.limits.memory, limit, sizeof(limit)));
	}
	cgroup_remove(&cg);
	step("the container exited: status %d", status);
	return status;
}
