# What the tests of the OCI command line share (`load oci`): a Podman of the
# test file's own, with conmon, driving RUNTIME (default: $CH, the chapter's
# binary). Every file Podman, conmon and the runtime make is in one
# directory, OCI_DIR, removed after the file's last test.
#
# Podman must never touch this machine's own containers or state:
#  - --root, --runroot and --tmpdir are in OCI_DIR, on every call (and
#    storage.conf says the same, for what podman starts itself);
#  - CONTAINERS_CONF names the only containers.conf podman reads (the one
#    below), and CONTAINERS_STORAGE_CONF the only storage.conf;
#  - lock_type "file": its locks are files in tmp_dir, not the machine's
#    shared memory segment (/dev/shm/libpod_lock);
#  - the network: none (netns = "none"), and the CNI backend with its
#    configuration in OCI_DIR: the other one, netavark, keeps its state in
#    /run/containers/networks whatever the root;
#  - events go to a file in tmp_dir, container logs to a file (k8s-file),
#    not to the journal; the storage driver is vfs, which mounts nothing;
#  - cgroups: cgroupfs, below the test's own cgroup (oci_cgroup_parent);
#  - AppArmor: "unconfined", or podman would load its own profile into the
#    kernel on a machine where AppArmor is on;
#  - the runtime is a script in OCI_DIR that runs RUNTIME --root
#    OCI_DIR/state: podman's --runtime-flag would do it, but Podman 4.3 drops
#    it from the command conmon runs when the container exits (podman
#    container cleanup), whose `delete` would then look in the runtime's
#    default root. The script also logs every call, in OCI_DIR/calls.
# The rest of containers.conf is Debian's (/usr/share/containers): the same
# default capabilities and sysctl, so the runtime gets what it gets there.
# No default pids limit (Debian's 2048 would hide --pids-limit's effect),
# and open files and processes limited to 1024: Podman's own default, the
# hard limits of root, may be more than a sandbox allows.
# scripts/bench.sh runs the same Podman, with names of its own for OCI_DIR
# and the cgroup parent (OCI_DIR_NAME, OCI_CGROUP_NAME).

RUNTIME=${RUNTIME:-$CH}

# In setup_file: skip every test if Podman or conmon is missing, else make
# OCI_DIR and everything in it. Exported, for the tests.
oci_setup_file() {
	export OCI_SKIP=''
	if ! command -v podman >/dev/null || ! command -v conmon >/dev/null; then
		OCI_SKIP="podman or conmon is not installed (make test-deps)"
		return 0
	fi
	if [ ! -x "$RUNTIME" ]; then
		OCI_SKIP="$RUNTIME is not built (make)"
		return 0
	fi
	[ -x "$ROOTFS/bin/sh" ] || { OCI_SKIP="no demo rootfs (make rootfs)"; return 0; }
	# Short: conmon's sockets live below it, and a socket's path has at
	# most 107 bytes.
	OCI_DIR=$(mktemp -d "/tmp/${OCI_DIR_NAME:-kobako-oci}.XXXXXX")
	OCI_PARENT=$(oci_cgroup_parent)
	export OCI_DIR OCI_PARENT RUNTIME
	export CONTAINERS_CONF=$OCI_DIR/containers.conf
	export CONTAINERS_STORAGE_CONF=$OCI_DIR/storage.conf
	mkdir "$OCI_DIR/state" "$OCI_DIR/networks"
	cp -a "$ROOTFS" "$OCI_DIR/rootfs"
	oci_write_conf
	oci_write_runtime kobako "$RUNTIME" "$OCI_DIR/state"
	oci_note_cgroups
	oci_note_machine >"$OCI_DIR/machine.before"
}

oci_write_conf() {
	cat >"$CONTAINERS_CONF" <<-EOF
		[containers]
		apparmor_profile = "unconfined"
		default_capabilities = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
		  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]
		default_sysctls = ["net.ipv4.ping_group_range=0 0"]
		default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
		log_driver = "k8s-file"
		netns = "none"
		pids_limit = 0

		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		lock_type = "file"
		runtime = "kobako"
		tmp_dir = "$OCI_DIR/tmp"

		[engine.runtimes]
		kobako = ["$OCI_DIR/kobako"]

		[network]
		network_backend = "cni"
		network_config_dir = "$OCI_DIR/networks"
	EOF
	cat >"$CONTAINERS_STORAGE_CONF" <<-EOF
		[storage]
		driver = "vfs"
		graphroot = "$OCI_DIR/root"
		runroot = "$OCI_DIR/runroot"
	EOF
}

# oci_write_runtime NAME RUNTIME STATE: the script OCI_DIR/NAME, which
# podman runs as its runtime: RUNTIME --root STATE. scripts/bench.sh
# writes one for runc too.
oci_write_runtime() {
	local name=$1 runtime=$2 state=$3
	cat >"$OCI_DIR/$name" <<-EOF
		#!/bin/sh
		echo "\$*" >>"$OCI_DIR/calls"
		exec "$runtime" --root "$state" "\$@"
	EOF
	chmod +x "$OCI_DIR/$name"
}

# The cgroup podman makes its containers' cgroups in (--cgroup-parent), below
# the test's own. v1 takes one path for every hierarchy: the longest of the
# test's own (on a host whose memory hierarchy holds it in a cgroup of its
# own, that one); it is made in the others too. On v2, the "no internal
# processes" rule: the nearest cgroup up from ours that is the root, or has no
# process and offers the controllers, as chapter 03's default parent.
oci_cgroup_parent() {
	local own mnt
	mnt=$(awk '/ - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
	if [ -n "$mnt" ] && [ -s "$mnt/cgroup.controllers" ] && [ "$(wc -l </proc/self/cgroup)" -eq 1 ]; then
		own=$(cut -d: -f3- /proc/self/cgroup)
		while [ "$own" != / ]; do
			own=${own%/*}
			[ -n "$own" ] || own=/
			[ -s "$mnt$own/cgroup.procs" ] || ! grep -qw memory "$mnt$own/cgroup.controllers" ||
				break
		done
	else
		own=$(cut -d: -f3- /proc/self/cgroup | awk '{ print length($0), $0 }' | sort -n |
			tail -n 1 | cut -d' ' -f2-)
	fi
	echo "${own%/}/${OCI_CGROUP_NAME:-kobako-test-podman}-$$"
}

# The mount points of the cgroup hierarchies, one a line.
oci_cgroup_mounts() {
	awk '/ - cgroup2? / { print $5 }' /proc/self/mountinfo
}

# The directories on the way to OCI_PARENT that do not exist yet, in each
# hierarchy: podman makes them, oci_teardown_file removes them.
oci_note_cgroups() {
	local mnt dir
	for mnt in $(oci_cgroup_mounts); do
		dir=$OCI_PARENT
		while [ -n "$dir" ] && [ ! -d "$mnt$dir" ]; do
			echo "$mnt$dir"
			dir=${dir%/*}
		done
	done >"$OCI_DIR/cgroups.made"
}

# What Podman and a runtime could leave on the machine outside OCI_DIR.
oci_note_machine() {
	ls -d /run/containers /run/libpod /var/lib/containers /dev/shm/libpod_lock \
		/etc/containers/networks /var/lib/cni /run/cni 2>/dev/null || true
}

oci_setup() {
	[ -z "$OCI_SKIP" ] || skip "$OCI_SKIP"
	: >"$OCI_DIR/calls"
	# shellcheck disable=SC2034 # the test files use it
	n=t08-$(mark) # the container's name
}

# Podman on OCI_DIR alone: its options, one a line (scripts/bench.sh
# times a podman started with them), and pm, podman with them.
oci_podman_options() {
	printf '%s\n' --root "$OCI_DIR/root" --runroot "$OCI_DIR/runroot" --tmpdir "$OCI_DIR/tmp" \
		--storage-driver vfs --cgroup-manager cgroupfs --events-backend file
}
pm() {
	local opts
	mapfile -t opts < <(oci_podman_options)
	podman "${opts[@]}" "$@"
}

# podman run in the test rootfs and cgroup parent: [OPTION...] -- COMMAND...
# (--rootfs makes the first argument after the options a directory.)
oci_run() {
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	pm run --cgroup-parent "$OCI_PARENT" "${opts[@]}" --rootfs "$OCI_DIR/rootfs" "$@"
}

# The same command line, quoted, for script -c.
oci_run_line() {
	local opts
	mapfile -t opts < <(oci_podman_options)
	printf 'podman'
	printf ' %q' "${opts[@]}" "$@"
}

# Whether the runtime has `exec`: runc answers --help for it; a runtime
# without the command refuses it.
oci_has_exec() {
	"$RUNTIME" exec --help >/dev/null 2>&1
}

# Fails unless nothing of the test's containers is left: none in podman's
# list, no container cgroup, conmon, mount or runtime state.
oci_assert_clean() {
	local left mnt
	left=$(pm ps -aq)
	[ -z "$left" ] || fail "containers left: $left"
	for mnt in $(oci_cgroup_mounts); do
		left=$(find "$mnt$OCI_PARENT" -mindepth 1 -maxdepth 1 -name 'libpod-*' 2>/dev/null || true)
		[ -z "$left" ] || fail "cgroups left: $left"
	done
	wait_until 5 oci_no_conmon || fail "conmon left: $(pgrep -af -- "conmon.*$OCI_DIR")"
	left=$(grep -F "$OCI_DIR" /proc/self/mountinfo || true)
	[ -z "$left" ] || fail "mounts left: $left"
	left=$(ls -A "$OCI_DIR/state")
	[ -z "$left" ] || fail "runtime state left in $OCI_DIR/state: $left"
}
oci_no_conmon() { ! pgrep -f -- "conmon.*$OCI_DIR" >/dev/null; }

# After each test: remove what it left, then check that nothing is left.
oci_teardown() {
	[ -z "$OCI_SKIP" ] || return 0
	pm rm -af -t 0 >/dev/null 2>&1 || true
	oci_assert_clean || { printf 'runtime calls:\n%s\n' "$(cat "$OCI_DIR/calls")" >&2; return 1; }
}

oci_teardown_file() {
	[ -n "${OCI_DIR:-}" ] && [ -d "$OCI_DIR" ] || return 0
	local mnt dir
	pm rm -af -t 0 >/dev/null 2>&1 || true
	for mnt in $(oci_cgroup_mounts); do
		[ ! -d "$mnt$OCI_PARENT" ] || find "$mnt$OCI_PARENT" -depth -type d -exec rmdir {} +
	done
	while read -r dir; do
		rmdir "$dir" 2>/dev/null || true
	done < <(sort -r "$OCI_DIR/cgroups.made")
	# A mount left inside (podman's /dev/shm for a container) goes first.
	grep -F "$OCI_DIR" /proc/self/mountinfo | awk '{ print $5 }' | sort -r |
		while read -r dir; do umount -l "$dir"; done
	rm -rf --one-file-system "$OCI_DIR"
}
