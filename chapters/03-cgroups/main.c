/*
 * Chapter 03: cgroups.
 *
 * Namespaces decide what a container sees; control groups decide how much
 * of the machine it may use. ch03 puts the container in a cgroup of its own
 * before its first instruction runs, limits its memory, CPU time and number
 * of processes there, says so when the memory limit kills it, and removes
 * the cgroup when it ends. cgroup v2, with a v1 fallback for hybrid hosts.
 *
 *   sudo ./ch03 [OPTIONS] [--] [COMMAND [ARG...]]
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
	{ 0 },
};

static struct cgroup cg;

static const char about[] = "Run COMMAND (default: /bin/sh) in new UTS, PID, mount, IPC, "
			    "cgroup and network namespaces,\nwith DIR as its root file system, "
			    "in a cgroup of its own with limits.";

/* The container: runs in the new namespaces, as PID 1 of the new PID namespace. */
static _Noreturn void container(char **command, struct console *console, struct sync *sync)
{
	/* If the runtime dies, even by SIGKILL, the container dies with it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die_errno("prctl PR_SET_PDEATHSIG");
	sync_wait(sync);
	enter_cgroup_namespace();

	make_mounts_private();
	set_hostname(cfg.hostname);
	bring_up_loopback();
	enter_rootfs(cfg.rootfs);
	mount_proc("proc");
	mount_sysfs("sys");
	mount_cgroupfs(&cg, "sys/fs/cgroup");
	make_dev("dev");
	pivot_to_cwd();
	if (cfg.workdir)
		enter_workdir(cfg.workdir);

	int terminal = console_open(console);
	close_host_fds(terminal);
	reset_environment(cfg.hostname, &cfg.env);
	run_init(command, terminal);
}

int main(int argc, char **argv)
{
	int first = parse_options(argc, argv, options, about);
	char *default_command[] = { "/bin/sh", NULL };
	char **command = first < argc ? argv + first : default_command;

	require_root();
	check_namespaces(NAMESPACES);
	check_rootfs(cfg.rootfs);

	/* Blocked before clone, so neither side can miss a signal. */
	sigset_t signals;
	block_signals(&signals);

	cfg.name = name_or_default(cfg.name);
	cgroup_create(&cg, cfg.cgroup_parent, cfg.name, &cfg.limits);

	/* Run on a terminal, the container gets a terminal of its own. */
	struct console console;
	console_init(&console);

	struct sync sync;
	sync_init(&sync);
	struct clone_args args = { .flags = NAMESPACES, .exit_signal = SIGCHLD };
	cgroup_clone_into(&cg, &args);
	pid_t pid = clone_container(&args);
	if (pid == 0)
		container(command, &console, &sync);

	cgroup_join(&cg, pid);
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
