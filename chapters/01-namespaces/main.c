/*
 * Chapter 01: namespaces.
 *
 * A container is a process that the kernel shows a smaller world. ch01 runs
 * a command in new UTS, PID, mount, IPC, cgroup and network namespaces: it
 * has its own hostname, is PID 1 of its own process tree, mounts without
 * touching the host, and has a network of its own with only a loopback.
 * It still sees the host's files, as root: chapter 02 gives it a root of
 * its own.
 *
 *   sudo ./ch01 [OPTIONS] [--] [COMMAND [ARG...]]
 */
#include <stdlib.h>
#include <sys/prctl.h>

#include "chapters/01-namespaces/init.h"
#include "chapters/01-namespaces/loopback.h"
#include "chapters/01-namespaces/mounts.h"
#include "chapters/01-namespaces/namespaces.h"
#include "chapters/01-namespaces/signals.h"
#include "chapters/01-namespaces/supervise.h"
#include "common/err.h"
#include "common/opts.h"
#include "common/sync.h"

#define NAMESPACES                                                                                 \
	(CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWNET)

static struct {
	const char *hostname;
	unsigned stop_timeout;
	struct env env;
} cfg = {
	.hostname = "kobako",
	.stop_timeout = 10,
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
	{ 0 },
};

static const char about[] = "Run COMMAND (default: /bin/sh) in new UTS, PID, mount, IPC, "
			    "cgroup and network namespaces.";

/* The container: runs in the new namespaces, as PID 1 of the new PID namespace. */
static _Noreturn void container(char **command, int terminal, struct sync *sync)
{
	/* If the runtime dies, even by SIGKILL, the container dies with it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die_errno("prctl PR_SET_PDEATHSIG");
	sync_wait(sync);

	make_mounts_private();
	set_hostname(cfg.hostname);
	bring_up_loopback();
	mount_proc("/proc");

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

	/* Blocked before clone, so neither side can miss a signal. */
	sigset_t signals;
	block_signals(&signals);

	/* Run from a shell's prompt, the command gets the terminal; otherwise,
	 * a session of its own, with none. */
	int terminal = in_foreground() ? HOST_TERMINAL : NO_TERMINAL;

	struct sync sync;
	sync_init(&sync);
	struct clone_args args = { .flags = NAMESPACES, .exit_signal = SIGCHLD };
	pid_t pid = clone_container(&args);
	if (pid == 0)
		container(command, terminal, &sync);

	sync_release(&sync);
	int status = supervise(pid, &signals, cfg.stop_timeout);
	step("the container exited: status %d", status);
	return status;
}
