/*
 * Chapter 02: a root file system of its own.
 *
 * ch01's container still saw every file of the host. ch02 gives it a
 * directory (an image: ./rootfs) as its root, with pivot_root, and detaches
 * the host's root so no path leads back to it. Inside: a fresh /proc, a
 * read-only /sys, and a minimal /dev. Its root is still the host's root,
 * with every privilege: chapter 04 takes those away.
 *
 *   sudo ./ch02 [OPTIONS] [--] [COMMAND [ARG...]]
 */
#include <stdlib.h>
#include <sys/prctl.h>

#include "chapters/01-namespaces/init.h"
#include "chapters/01-namespaces/loopback.h"
#include "chapters/01-namespaces/mounts.h"
#include "chapters/01-namespaces/namespaces.h"
#include "chapters/01-namespaces/signals.h"
#include "chapters/01-namespaces/supervise.h"
#include "chapters/02-rootfs/console.h"
#include "chapters/02-rootfs/dev.h"
#include "chapters/02-rootfs/rootfs.h"
#include "common/err.h"
#include "common/opts.h"
#include "common/sync.h"

#define NAMESPACES                                                                                 \
	(CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWNET)

static struct {
	const char *hostname;
	unsigned stop_timeout;
	struct env env;
	const char *rootfs;
	const char *workdir;
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
	{ 0 },
};

static const char about[] = "Run COMMAND (default: /bin/sh) in new UTS, PID, mount, IPC, "
			    "cgroup and network namespaces,\nwith DIR as its root file system.";

/* The container: runs in the new namespaces, as PID 1 of the new PID namespace. */
static _Noreturn void container(char **command, struct console *console, struct sync *sync)
{
	/* If the runtime dies, even by SIGKILL, the container dies with it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die_errno("prctl PR_SET_PDEATHSIG");
	sync_wait(sync);

	make_mounts_private();
	set_hostname(cfg.hostname);
	bring_up_loopback();
	enter_rootfs(cfg.rootfs);
	mount_proc("proc");
	mount_sysfs("sys");
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

	/* Run on a terminal, the container gets a terminal of its own. */
	struct console console;
	console_init(&console);

	struct sync sync;
	sync_init(&sync);
	struct clone_args args = { .flags = NAMESPACES, .exit_signal = SIGCHLD };
	pid_t pid = clone_container(&args);
	if (pid == 0)
		container(command, &console, &sync);

	sync_release(&sync);
	console_attach(&console);
	int status = supervise(pid, &signals, cfg.stop_timeout);
	console_detach(&console);
	step("the container exited: status %d", status);
	return status;
}
