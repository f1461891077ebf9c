/*
 * Chapter 07: published ports.
 *
 * ch06's container reaches out, but nothing outside reaches in: its
 * address is the host's secret. ch07 publishes ports, as `docker run -p
 * 8080:80`: a connection to the host's port 8080 goes to the container's
 * port 80, whether it comes from another machine, from the host itself
 * (by its address or by 127.0.0.1), from another container, or from the
 * container itself; and, with --allow-from, only from whom it may. It is
 * done in the kernel, by rewriting the packets' destination (DNAT), in
 * rules of the container's own nf_tables table; the host port is held by
 * the runtime while the container runs.
 *
 *   sudo ./ch07 [OPTIONS] [--] [COMMAND [ARG...]]
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
#include "chapters/05-overlayfs/overlay.h"
#include "chapters/05-overlayfs/state.h"
#include "chapters/05-overlayfs/volume.h"
#include "chapters/06-network/etc_files.h"
#include "chapters/06-network/network.h"
#include "chapters/07-network-portforward/guard.h"
#include "chapters/07-network-portforward/ports.h"
#include "chapters/07-network-portforward/publish.h"
#include "chapters/07-network-portforward/reserve.h"
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
	struct layers layers;
	const char *root;
	const char *upper;
	int keep;
	struct volumes volumes;
	struct network net;
	struct publish publish;
} cfg = {
	.hostname = "kobako",
	.stop_timeout = 10,
	.rootfs = "./rootfs",
	.root = DEFAULT_ROOT,
	.net = NETWORK_DEFAULT,
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
	{ 0, "rootfs", "DIR",
	  "the image: its root file system, never written to (default: ./rootfs)", opt_string,
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
	{ 0, "layer", "DIR",
	  "a read-only layer on top of the image (repeatable, up to 32; the last on top)",
	  parse_layer, &cfg.layers },
	{ 0, "root", "DIR",
	  "keep the state and writable layers of containers in DIR (default: " DEFAULT_ROOT ")",
	  parse_root, &cfg.root },
	{ 0, "keep", NULL, "keep its changes (upper/ in ROOT/containers/NAME) at exit", opt_flag,
	  &cfg.keep },
	{ 0, "upper", "DIR",
	  "take DIR as its writable layer, and keep it (same file system as ROOT)", parse_upper,
	  &cfg.upper },
	{ 'v', "volume", "HOST:CONTAINER[:ro]", "mount a host directory or file in it (repeatable)",
	  parse_volume, &cfg.volumes },
	{ 0, "network", "MODE",
	  "bridge (default): its own address behind NAT; none: lo only; "
	  "host: the host's network, not isolated",
	  parse_network, &cfg.net },
	{ 0, "subnet", "CIDR", "the bridge's subnet (default: 10.77.0.0/16)", parse_subnet,
	  &cfg.net },
	{ 'p', "publish", "[HOSTIP:]HOSTPORT:PORT[/udp]",
	  "publish its PORT on the host's HOSTPORT (repeatable; as docker run -p)", parse_publish,
	  &cfg.publish },
	{ 0, "allow-from", "CIDR", "only these sources reach the published ports (repeatable)",
	  parse_allow_from, &cfg.publish },
	{ 0, "cleanup", NULL, "remove the bridge kobako0 if no container uses it, and exit",
	  opt_flag, &cfg.net.cleanup },
	{ 0 },
};

static struct cgroup cg;
static uint64_t caps;        /* the capabilities the container keeps */
static struct filter filter; /* and its seccomp filter */
static struct state state;   /* its writable layer, and where overlayfs works */

static const char about[] =
	"Run COMMAND (default: /bin/sh) in new UTS, PID, mount, IPC, "
	"cgroup and network namespaces,\nwith the image DIR, read-only, under a "
	"writable layer of its own as its root file system,\n"
	"in a cgroup of its own with limits,\nwith Docker's default "
	"capabilities, masked paths and a seccomp filter,\nconnected to a bridge on the host, "
	"with an address of its own behind NAT,\nand its published ports reachable "
	"through the host's.";

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
	if (cfg.net.mode != NETWORK_HOST)
		bring_up_loopback();
	/* The runtime's locks must die with the runtime alone: drop our copies. */
	state_leave(&state);
	const char *rootfs = mount_overlay(&cfg.layers, &state, cfg.userns);
	enter_rootfs(rootfs);
	forbid_device_nodes_below(".");
	mount_proc("proc");
	mount_sysfs("sys");
	mount_cgroupfs(&cg, "sys/fs/cgroup");
	make_dev("dev");
	mount_volumes(&cfg.volumes);
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
	if (cfg.net.cleanup)
		network_cleanup();
	check_upper_fs(cfg.upper, cfg.root);
	check_upper_apart(cfg.upper, &cfg.layers, cfg.rootfs);
	uint64_t namespaces = NAMESPACES | (cfg.userns ? CLONE_NEWUSER : 0);
	if (cfg.net.mode == NETWORK_HOST)
		namespaces &= ~CLONE_NEWNET;
	check_namespaces(namespaces);
	check_rootfs(cfg.rootfs);
	network_check(&cfg.net, cfg.userns);
	reserve_ports(&cfg.publish, &cfg.net);
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
	/* With --userns, the container's root writes the upper layer. */
	state_create(&state, cfg.root, cfg.name, cfg.upper, cfg.keep,
		     cfg.userns ? idmap.uid_base : 0, cfg.userns ? idmap.gid_base : 0);
	etc_files_write(&state, &cfg.net, cfg.hostname, &cfg.volumes,
			cfg.userns ? idmap.uid_base : 0, cfg.userns ? idmap.gid_base : 0);

	/* Run on a terminal, the container gets a terminal of its own. */
	struct console console;
	console_init(&console);

	struct sync sync;
	sync_init(&sync);
	layers_open(&cfg.layers, cfg.rootfs);
	volumes_open(&cfg.volumes);
	struct clone_args args = { .flags = namespaces, .exit_signal = SIGCHLD };
	cgroup_clone_into(&cg, &args);
	pid_t pid = clone_container(&args);
	if (pid == 0)
		container(command, &console, &sync);

	cgroup_join(&cg, pid);
	volumes_close(&cfg.volumes);
	if (cfg.userns) {
		userns_write_maps(pid, &idmap);
		layers_idmap(&cfg.layers, pid);
	} else {
		layers_close(&cfg.layers);
	}
	if (cfg.net.mode == NETWORK_BRIDGE) {
		network_connect(&cfg.net, pid);
		etc_hosts_add_address(&state, &cfg.net, cfg.hostname);
		guard_containers(&cfg.net);
		publish_ports(&cfg.publish, &cfg.net);
	}
	sync_release(&sync);
	console_attach(&console);
	int status = supervise(pid, &signals, cfg.stop_timeout);
	console_detach(&console);
	unpublish_ports(&cfg.publish);
	if (status == 128 + SIGKILL && cgroup_oom_killed(&cg)) {
		char limit[32];
		warnx("container killed: out of memory (limit %s)",
		      size_text(cfg.limits.memory, limit, sizeof(limit)));
	}
	cgroup_remove(&cg);
	state_remove(&state);
	step("the container exited: status %d", status);
	return status;
}
