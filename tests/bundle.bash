# What the tests of chapter 08's own commands share (`load bundle`): a
# bundle per test, $b, whose root is the demo rootfs, read-only; a
# container ID, $id (PREFIX-MARK); a state root of the test's own, $root,
# so nothing touches /var/lib/kobako/oci. teardown_bundle deletes the
# container and checks that nothing of it is left.

setup_bundle() { # PREFIX
	m=$(mark)
	id=$1-$m
	root=$BATS_TEST_TMPDIR/state
	b=$BATS_TEST_TMPDIR/bundle
	mkdir -p "$b"
	mounts_before=$(host_mounts)
}

teardown_bundle() {
	"$CH" --root "$root" delete --force "$id" >/dev/null 2>&1 || true
	assert_no_cgroup "$id"
	[ ! -e "$root/oci/$id" ] || fail "state left behind: $root/oci/$id"
	assert_host_mounts "$mounts_before"
}

# bundle ARGS [LINUX]: $b/config.json running ARGS (a JSON array), with
# LINUX's members (JSON text, each ending in a comma) added to "linux".
# $bundle_env and $bundle_mounts, if set, add to process.env and mounts
# (JSON text, each item ending in a comma).
bundle() {
	local args=$1 linux=${2:-}
	cat >"$b/config.json" <<-JSON
	{
	  "ociVersion": "1.0.2",
	  "process": {
	    "args": $args,
	    "env": [${bundle_env:-} "PATH=/bin:/sbin:/usr/bin", "HOME=/root"],
	    "cwd": "/",
	    "user": { "uid": 0, "gid": 0 },
	    "capabilities": {
	      "bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_SETGID"],
	      "effective": ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_SETGID"],
	      "permitted": ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_SETGID"]
	    },
	    "noNewPrivileges": true
	  },
	  "root": { "path": "$ROOTFS", "readonly": true },
	  "hostname": "oci-$m",
	  "mounts": [ ${bundle_mounts:-}
	    { "destination": "/proc", "type": "proc", "source": "proc" },
	    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
	      "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
	    { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
	      "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"] },
	    { "destination": "/sys", "type": "sysfs", "source": "sysfs",
	      "options": ["nosuid", "noexec", "nodev", "ro"] }
	  ],
	  "linux": {
	    $linux
	    "namespaces": [ { "type": "pid" }, { "type": "mount" }, { "type": "ipc" },
	                    { "type": "uts" }, { "type": "network" }, { "type": "cgroup" } ],
	    "maskedPaths": ["/proc/timer_list"],
	    "readonlyPaths": ["/proc/sys"]
	  }
	}
	JSON
}

oci() {
	"$CH" --root "$root" "$@"
}

# The status and pid fields of `state`.
status_of() {
	oci state "$id" | sed -n 's/^  "status": "\(.*\)",*$/\1/p'
}
is_status() { [ "$(status_of)" = "$1" ]; }
pid1() {
	oci state "$id" | sed -n 's/^  "pid": \([0-9]*\),$/\1/p'
}
