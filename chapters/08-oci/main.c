/*
 * Chapter 08: the OCI runtime command line.
 *
 * Docker, Podman, containerd and the kubelet never run `ch07 --memory 64m
 * sh`. They write a bundle, a config.json beside a root file system, and
 * call a runtime's create, start, state, kill and delete: the OCI runtime
 * spec's command line, runc's. ch08 is chapter 07's runtime behind it.
 * Given chapter 07's options and a command, it is ch07; given one of the
 * OCI commands first, it reads the bundle's config.json and sets the
 * container up from it, with the same functions.
 *
 *   sudo ./ch08 [OPTIONS] [--] [COMMAND [ARG...]]       as ch07
 *   sudo ./ch08 [--root DIR] [--log FILE] [--log-format text|json] \
 *        create|start|state|kill|delete|run|list|spec|features ...
 *
 * A word that names an OCI command is one when it comes first; after `--`
 * it is a command for the container: `ch08 -- kill 1` runs kill.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
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
#include "chapters/08-oci/config.h"
#include "chapters/08-oci/exec.h"
#include "chapters/08-oci/handoff.h"
#include "chapters/08-oci/hooks.h"
#include "chapters/08-oci/lifecycle.h"
#include "chapters/08-oci/oci_commands.h"
#include "chapters/08-oci/oci_log.h"
#include "chapters/08-oci/oci_mounts.h"
#include "chapters/08-oci/oci_state.h"
#include "chapters/08-oci/process.h"
#include "chapters/08-oci/resources.h"
#include "chapters/08-oci/seccomp_oci.h"
#include "common/err.h"
#include "common/file.h"
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
	struct oci_log log;
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
	{ 0, "log", "FILE", "OCI commands: write errors to FILE too, as a caller reads them",
	  parse_log, &cfg.log },
	{ 0, "log-format", "FORMAT", "OCI commands: text (default), or json: one object a line",
	  parse_log_format, &cfg.log },
	{ 0, "systemd-cgroup", NULL, "refused: cgroups are made by the runtime (cgroupfs)",
	  refuse_systemd_cgroup, NULL },
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
	"through the host's.\n\n"
	"Or, as an OCI runtime (runc's command line; --root, --log and --log-format "
	"go before COMMAND):\n"
	"  create [--bundle DIR] [--pid-file FILE] [--console-socket SOCKET] ID\n"
	"  start ID | state ID | kill [--all] ID [SIGNAL] | delete [--force] ID\n"
	"  run [--bundle DIR] [--pid-file FILE] [--console-socket SOCKET] [--detach] ID\n"
	"  exec [--process FILE] [--tty] [--detach] [--pid-file FILE] ID [COMMAND...]\n"
	"  list [--format table|json] [--quiet] | spec [--bundle DIR] | features\n"
	"A container's command of one of these names comes after --: ch08 -- kill -l";

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

/*
 * The OCI commands. create and start are this chapter's story; the others
 * read a container's state or end it (oci_commands.h).
 */
static struct oci_config oci;      /* the bundle's config.json */
static struct oci_state ost;       /* what create leaves for the other commands */
static struct lifecycle lifecycle; /* PID 1 waits on it, set up, until start */
static unsigned seccomp_flags;     /* linux.seccomp.flags */
static char fifo[PATH_MAX];        /* ROOT/oci/ID/exec.fifo */
static sigset_t oci_signals;       /* blocked by create; run supervises with them */

/* linux.sysctl: net.ipv4.ip_forward is /proc/sys/net/ipv4/ip_forward. Only
 * the container's own namespaces' keys make sense here; /proc/sys is still
 * writable, as readonlyPaths come next. */
static void write_sysctl(const struct oci_pair *p)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "/proc/sys/%s", p->key);
	for (char *c = path + 10; *c; c++)
		if (*c == '.')
			*c = '/';
	if (write_file(path, "%s", p->value) < 0)
		die_errno("linux.sysctl: write %s=%s", p->key, p->value);
}

/* Only a sysctl of the container's own namespaces may be set: most are
 * the whole machine's (kernel.core_pattern names a program the host's
 * kernel runs as root). The list is runc's and Docker's. */
static int namespaced_sysctl(const char *key)
{
	static const char *const ipc[] = { "kernel.msgmax", "kernel.msgmnb",
					   "kernel.msgmni", "kernel.sem",
					   "kernel.shmall", "kernel.shmmax",
					   "kernel.shmmni", "kernel.shm_rmid_forced" };
	if (strstr(key, "..") || strchr(key, '/'))
		return 0;
	for (size_t i = 0; i < sizeof(ipc) / sizeof(ipc[0]); i++)
		if (!strcmp(key, ipc[i]))
			return !!(oci.clone_flags & CLONE_NEWIPC);
	if (!strncmp(key, "fs.mqueue.", 10))
		return !!(oci.clone_flags & CLONE_NEWIPC);
	if (!strncmp(key, "net.", 4))
		return !!(oci.clone_flags & CLONE_NEWNET);
	return 0;
}

/* Clone left PID 1 with the host's root ids, which its user namespace
 * need not map: it becomes the namespace's own root, which holds every
 * capability there. */
static void become_root_of_userns(void)
{
	step("become root of the user namespace");
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		die_errno("become root of the user namespace");
}

/* PID 1's number on the host, for the state the hooks it runs read: the
 * first of NSpid in /proc/self/status, read while /proc is still the
 * host's. */
static pid_t host_pid(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	int pid = 0;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "NSpid: %d", &pid) == 1)
			break;
	if (f)
		fclose(f);
	return pid;
}

/* The container, as an OCI caller describes it: PID 1 of its new PID
 * namespace (if it has one). The steps of container() above, with
 * config.json's values, and two more: tell create it is set up, then wait
 * for start. */
static _Noreturn void oci_container(struct console *console, struct sync *sync)
{
	lifecycle_hold_fifo(&lifecycle, fifo);
	sync_wait(sync);
	if (oci.clone_flags & CLONE_NEWUSER)
		become_root_of_userns();
	/* Until create has seen it set up, the container dies with create. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die_errno("prctl PR_SET_PDEATHSIG");
	ost.pid = host_pid();
	if (oci.clone_flags & CLONE_NEWCGROUP)
		enter_cgroup_namespace();

	make_mounts_private();
	if (oci.hostname)
		set_hostname(oci.hostname);
	if (oci.domainname && setdomainname(oci.domainname, strlen(oci.domainname)) < 0)
		die_errno("domainname: setdomainname %s", oci.domainname);
	if (oci.clone_flags & CLONE_NEWNET)
		bring_up_loopback();
	enter_rootfs(oci.root);
	forbid_device_nodes_below(".");
	oci_mount_all(&oci, &cg);
	oci_make_devices(&oci);
	/* The hooks of this point: create's on the host (createRuntime), then
	 * ours, in the container's namespaces but with the host's files still
	 * in reach (createContainer). */
	lifecycle_before_pivot(&lifecycle);
	if (hooks_run(&oci.hooks.create_container, "createContainer", &ost, "creating") < 0)
		exit(1);
	pivot_to_cwd();
	enter_workdir(oci.process.cwd);

	for (size_t i = 0; i < oci.n_sysctl; i++)
		write_sysctl(&oci.sysctl[i]);
	make_these_read_only(oci.readonly_paths);
	mask_these(oci.masked_paths);
	oci_finish_root(&oci);
	if (oci.process.no_new_privileges)
		set_no_new_privs();
	/* Without no_new_privs, only CAP_SYS_ADMIN may load a filter: load it
	 * before the user changes. The filter then applies to the last steps
	 * too, as it does in runc; a profile must allow them. */
	else if (oci.seccomp)
		oci_seccomp_load(&filter, seccomp_flags);
	process_set_limits(&oci.process);
	process_set_credentials(&oci.process);
	if (prctl(PR_SET_DUMPABLE, 0) < 0)
		die_errno("prctl PR_SET_DUMPABLE");

	join_new_session_keyring();
	int terminal = oci.process.terminal ? console_open(console) : NO_TERMINAL;
	/* From here on, the container outlives create. */
	if (prctl(PR_SET_PDEATHSIG, 0) < 0)
		die_errno("prctl PR_SET_PDEATHSIG");
	lifecycle_ready(&lifecycle);
	lifecycle_wait_start(&lifecycle);
	/* startContainer: in the container, its program's path resolved there. */
	if (hooks_run(&oci.hooks.start_container, "startContainer", &ost, "created") < 0)
		exit(1);
	lifecycle_running(&lifecycle);
	close_host_fds(terminal);
	process_set_environment(&oci.process);
	apparmor_exec_under(oci.process.apparmor_profile);
	if (oci.seccomp && oci.process.no_new_privileges)
		oci_seccomp_load(&filter, seccomp_flags);
	run_init(oci.process.args, terminal);
}

/* Refuses, before anything is made, what the config asks and this runtime
 * does not do. */
static void oci_check(const char *console_socket)
{
	if (!(oci.clone_flags & CLONE_NEWUSER) != !oci.n_uid_mappings ||
	    !oci.n_uid_mappings != !oci.n_gid_mappings)
		die("linux.uidMappings, linux.gidMappings: both are needed with a new user "
		    "namespace, and only then");
	if (oci.process.terminal && !console_socket)
		die("process.terminal: true needs --console-socket, where the terminal is sent");
	if (!oci.process.terminal && console_socket)
		die("--console-socket: process.terminal is false: there is no terminal to send");
	if (oci.hostname && *oci.hostname && !(oci.clone_flags & CLONE_NEWUTS))
		die("hostname: needs a new uts namespace in linux.namespaces");
	if (!(oci.clone_flags & CLONE_NEWNS))
		die("linux.namespaces: a new mount namespace is required");
	for (size_t i = 0; i < oci.n_sysctl; i++)
		if (!namespaced_sysctl(oci.sysctl[i].key))
			die("linux.sysctl: %s: not of the container's own namespaces (ipc, "
			    "network): "
			    "refused",
			    oci.sysctl[i].key);
	for (size_t i = 0; i < oci.n_namespaces; i++)
		if (oci.namespaces[i].path &&
		    oci.namespaces[i].flag & (CLONE_NEWNS | CLONE_NEWUSER))
			die("linux.namespaces[%zu].path: joining a mount or user namespace is "
			    "not supported",
			    i);
}

/* linux.namespaces[].path: joined here, before clone, so that the
 * container's PID 1 starts in them (a PID namespace joined by setns takes
 * only the children: PID 1 is one). */
static void join_namespaces(void)
{
	for (size_t i = 0; i < oci.n_namespaces; i++) {
		const struct oci_namespace *ns = &oci.namespaces[i];
		if (!ns->path)
			continue;
		step("join the namespace %s", ns->path);
		int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die_errno("linux.namespaces[%zu].path: open %s", i, ns->path);
		if (setns(fd, ns->flag) < 0)
			die_errno("linux.namespaces[%zu].path: setns %s", i, ns->path);
		close(fd);
	}
}

/* linux.cgroupsPath: PARENT/NAME from the hierarchy's root, as chapter 03's
 * --cgroup-parent and --name. Without one: ID, below a default parent of
 * OCI containers' own, kobako-oci: an OCI container's cgroup is held by no
 * runtime once create has ended, so it must be apart from chapter 03's
 * reclaim of the cgroups nobody holds. */
static void oci_cgroup_create(const char *id)
{
	cg.apart = 1;
	if (!oci.cgroups_path) {
		cg.default_dir = "kobako-oci";
		cgroup_create(&cg, NULL, id, &oci.resources.limits);
		return;
	}
	static char parent[PATH_MAX];
	const char *slash = strrchr(oci.cgroups_path, '/');
	if (oci.cgroups_path[0] != '/' || !slash[1] || strstr(oci.cgroups_path, ".."))
		die("linux.cgroupsPath: %s: expected /PARENT/NAME (a systemd slice:prefix:name is "
		    "not supported)",
		    oci.cgroups_path);
	snprintf(parent, sizeof(parent), "%.*s", (int)(slash - oci.cgroups_path), oci.cgroups_path);
	cgroup_create(&cg, *parent ? parent : NULL, slash + 1, &oci.resources.limits);
}

/* --console-socket: the terminal's master goes to the caller, which relays it. */
static void send_console(struct console *console, const char *path)
{
	close(console->container_end);
	int master = recv_fd(console->runtime_end);
	if (master < 0)
		die("process.terminal: the container sent no terminal");
	int sock = console_socket_connect(path);
	step("terminal: its master sent to %s", path);
	send_fd(sock, master);
	close(sock);
	close(master);
}

static void remove_state(void *id)
{
	oci_state_remove(cfg.root, id);
}

/* What create has made, saved as it goes: the cgroups as soon as they
 * exist, then PID 1. A create killed on the way leaves what the next
 * create needs to reclaim it. */
static void save_state(pid_t pid, int done)
{
	ost.pid = pid;
	ost.pid_start = pid ? proc_start_time(pid) : 0;
	ost.created_done = done;
	ost.n_cgroups = 0;
	for (int i = 0; i < cg.n; i++)
		if (i == 0 || strcmp(cg.dir[i], cg.dir[i - 1]))
			snprintf(ost.cgroups[ost.n_cgroups++], PATH_MAX, "%s", cg.dir[i]);
	oci_state_save(cfg.root, &ost);
}

/* linux.uidMappings, gidMappings: written by the runtime, root on the
 * host, so any host ids may be mapped (chapter 04 maps one range of its
 * own choosing). */
static void write_idmap(pid_t pid, const char *file, const struct oci_idmap *m, size_t n)
{
	char path[64], text[4096];
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof(text) - 40; i++)
		len += sprintf(text + len, "%u %u %u\n", m[i].container_id, m[i].host_id,
			       m[i].size);
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	step("write %s: %zu line(s)", file, n);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		die_errno("linux.%s: write %s", file[0] == 'u' ? "uidMappings" : "gidMappings",
			  path);
	close(fd);
}

/* The bundle's config.json, kept beside the state: delete runs its
 * poststop hooks even if the bundle is gone by then. */
static void keep_config(const char *bundle, const char *id)
{
	char dir[PATH_MAX], from[PATH_MAX + 16], to[PATH_MAX + 16];
	snprintf(from, sizeof(from), "%s/config.json", bundle);
	snprintf(to, sizeof(to), "%s/config.json", oci_state_dir(dir, cfg.root, id));
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (in < 0 || out < 0)
		die_errno("keep %s", from);
	while (copy_file_range(in, NULL, out, NULL, 1 << 20, 0) > 0)
		;
	close(in);
	close(out);
}

/* create: everything but the user's program. Returns once PID 1 waits for
 * start, or with its exit code if it failed on the way. */
static int oci_create(const char *id, const char *bundle, const char *pid_file,
		      const char *console_socket)
{
	require_root();
	char dir[PATH_MAX];
	if (!realpath(bundle, dir))
		die_errno("--bundle %s", bundle);
	oci_check_id(id);
	oci_config_load(&oci, dir);
	oci_check(console_socket);
	check_rootfs(oci.root);
	check_namespaces(oci.clone_flags);
	if (oci.seccomp) {
		oci_seccomp_compile(&filter, oci.seccomp);
		seccomp_flags = oci_seccomp_flags(oci.seccomp);
	}
	apparmor_check(oci.process.apparmor_profile);

	oci_reclaim_abandoned(cfg.root);
	oci_state_init(&ost, id, dir);
	for (size_t i = 0; i < oci.n_annotations; i++)
		oci_state_annotate(&ost, oci.annotations[i].key, oci.annotations[i].value);
	int lock = oci_state_create(cfg.root, &ost);
	undo_at_exit(remove_state, (void *)id);
	lifecycle_init(&lifecycle, oci_fifo_path(fifo, cfg.root, id));
	join_namespaces();

	block_signals(&oci_signals);
	oci_cgroup_create(id);
	resources_check(&oci.resources, cg.v1);
	resources_apply(&cg, &oci.resources);
	allow_devices(&cg);
	save_state(0, 0);

	struct console console = { -1, -1, 0 };
	if (oci.process.terminal)
		console_init_always(&console);
	struct sync sync;
	sync_init(&sync);
	struct clone_args args = { .flags = oci.clone_flags, .exit_signal = SIGCHLD };
	cgroup_clone_into(&cg, &args);
	pid_t pid = clone_container(&args);
	if (pid == 0) {
		close(lock);
		close(cg.fd); /* the host's cgroup directory: not the container's to hold */
		oci_container(&console, &sync);
	}
	cgroup_join(&cg, pid);
	if (oci.clone_flags & CLONE_NEWUSER) {
		write_idmap(pid, "uid_map", oci.uid_mappings, oci.n_uid_mappings);
		write_idmap(pid, "gid_map", oci.gid_mappings, oci.n_gid_mappings);
	}
	save_state(pid, 0);
	sync_release(&sync);
	int failed = lifecycle_wait_before_pivot(&lifecycle, pid);
	if (failed)
		return failed;
	if (hooks_run(&oci.hooks.create_runtime, "createRuntime", &ost, "creating") < 0)
		return 1;
	lifecycle_go(&lifecycle);
	failed = lifecycle_wait_ready(&lifecycle, pid);
	if (failed)
		return failed;
	if (console_socket)
		send_console(&console, console_socket);
	keep_config(dir, id);
	save_state(pid, 1);
	if (pid_file)
		pid_file_write(AT_FDCWD, pid_file, pid);
	/* Success: what create made stays, for start and delete. */
	undo_nothing();
	close(lock);
	return 0;
}

static int pid1_alive(const void *s)
{
	return oci_pid_alive(s);
}

/* start: lets PID 1 go on to exec the user's program. */
static int oci_start(const char *id)
{
	require_root();
	oci_state_load(cfg.root, id, &ost);
	const char *status = oci_status(cfg.root, &ost);
	if (strcmp(status, "created") != 0)
		die("container \"%s\" is %s: only a created container can be started", id, status);
	lifecycle_start(oci_fifo_path(fifo, cfg.root, id), pid1_alive, &ost);
	/* The hooks of a container that runs, from the config.json create
	 * kept: their failure is only told. */
	char dir[PATH_MAX], file[PATH_MAX + 16];
	snprintf(file, sizeof(file), "%s/config.json", oci_state_dir(dir, cfg.root, id));
	struct oci_config kept;
	oci_config_load_file(&kept, file, ost.bundle);
	hooks_run(&kept.hooks.poststart, "poststart", &ost, "running");
	oci_config_free(&kept);
	return 0;
}

/* The options create and run take, as runc has them. */
struct create_args {
	const char *bundle, *pid_file, *console_socket, *id;
	int detach;
};

static void parse_create(int argc, char **argv, struct create_args *a)
{
	int n = 0;
	a->bundle = ".";
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = oci_option_value(argc, argv, &i, "--bundle", "-b")))
			a->bundle = v;
		else if ((v = oci_option_value(argc, argv, &i, "--pid-file", NULL)))
			a->pid_file = v;
		else if ((v = oci_option_value(argc, argv, &i, "--console-socket", NULL)))
			a->console_socket = v;
		else if (!strcmp(argv[i], "--detach") || !strcmp(argv[i], "-d"))
			a->detach = 1;
		else if (!strcmp(argv[i], "--no-pivot") || !strcmp(argv[i], "--no-new-keyring"))
			die("%s: %s: not supported", argv[0], argv[i]);
		else if (oci_check_not_option(argv[0], argv[i]), 1)
			argv[1 + n++] = argv[i];
	}
	oci_expect_operands(argv[0], n, 1, 1, "one container ID");
	a->id = argv[1];
}

static void delete_ran(void *id)
{
	char *del[] = { "delete", "--force", id, NULL };
	oci_cmd_delete(cfg.root, 3, del);
}

/* run: create, start, and (unless --detach) wait for it and delete it. */
static int oci_run(int argc, char **argv)
{
	struct create_args a = { 0 };
	parse_create(argc, argv, &a);
	int failed = oci_create(a.id, a.bundle, a.pid_file, a.console_socket);
	if (failed)
		return failed;
	/* What run made, run deletes: when the container has ended, or at
	 * once if start fails. */
	undo_at_exit(delete_ran, (void *)a.id);
	oci_start(a.id);
	if (a.detach) {
		undo_nothing();
		return 0;
	}
	/* As chapter 01's runtime: Ctrl-C and SIGTERM go to the container,
	 * which is killed if it has not ended 10 seconds later. */
	return supervise(ost.pid, &oci_signals, cfg.stop_timeout);
}

static int oci_command(int argc, char **argv)
{
	const char *cmd = argv[0];
	if (!strcmp(cmd, "create")) {
		struct create_args a = { 0 };
		parse_create(argc, argv, &a);
		if (a.detach)
			die("create: --detach: create always returns once the container is set up");
		return oci_create(a.id, a.bundle, a.pid_file, a.console_socket);
	}
	if (!strcmp(cmd, "start")) {
		oci_expect_operands(cmd, argc - 1, 1, 1, "one container ID");
		return oci_start(argv[1]);
	}
	if (!strcmp(cmd, "run"))
		return oci_run(argc, argv);
	if (!strcmp(cmd, "state"))
		return oci_cmd_state(cfg.root, argc, argv);
	if (!strcmp(cmd, "kill"))
		return oci_cmd_kill(cfg.root, argc, argv);
	if (!strcmp(cmd, "delete"))
		return oci_cmd_delete(cfg.root, argc, argv);
	if (!strcmp(cmd, "list"))
		return oci_cmd_list(cfg.root, argc, argv);
	if (!strcmp(cmd, "exec"))
		return oci_cmd_exec(cfg.root, argc, argv);
	if (!strcmp(cmd, "spec"))
		return oci_cmd_spec(cfg.root, argc, argv);
	return oci_cmd_features(cfg.root, argc, argv);
}

/* The first word is an OCI command, unless it came after `--`. Chapter
 * 07's options then make no sense: a config.json says it all. */
static int is_oci_command(int argc, char **argv, int first)
{
	static const char *const commands[] = { "create", "start", "state", "kill",     "delete",
						"run",    "list",  "spec",  "features", "exec" };
	if (first >= argc || !strcmp(argv[first - 1], "--"))
		return 0;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[first], commands[i]))
			return 1;
	return 0;
}

static void check_global_options(int first, char **argv)
{
	static const char *const global[] = { "--root", "--log", "--log-format", "--verbose",
					      "--timings" };
	for (int i = 1; i < first; i++) {
		if (argv[i][0] != '-')
			continue; /* the value of the option before */
		size_t len = strcspn(argv[i], "=");
		int ok = 0;
		for (size_t g = 0; g < sizeof(global) / sizeof(global[0]); g++)
			ok |= strlen(global[g]) == len && !strncmp(argv[i], global[g], len);
		if (!ok)
			die("%s: an option of a container command; %s takes its settings from "
			    "config.json",
			    argv[i], argv[first]);
	}
}

int main(int argc, char **argv)
{
	int first = parse_options(argc, argv, options, about);
	if (is_oci_command(argc, argv, first)) {
		set_failure_status(1);
		check_global_options(first, argv);
		oci_log_start(&cfg.log);
		return oci_command(argc - first, argv + first);
	}
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
