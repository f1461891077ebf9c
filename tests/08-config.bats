#!/usr/bin/env bats
# Chapter 08's config.json mapper (chapters/08-oci/config.c), through a
# small driver, tests/json/config-test.c, that loads a bundle and prints
# the struct it filled. A minimal config and runc's own `runc spec` (and
# --rootless) map as the OCI runtime spec says: capability names to bits,
# RLIMIT_ names to resources, mount option words to MS_ flags (the others
# kept as the file system's data), namespace types to CLONE_NEW flags,
# root.path made absolute against the bundle. Unknown properties are
# ignored; a known one the runtime cannot honour is refused, as is a value
# of the wrong type or out of range, each in one line naming its path.
#
# Nothing here needs root, a rootfs or ./ch08: the driver is built from the
# sources, into the test's own temporary directory.

load helpers
bats_require_minimum_version 1.5.0

CONFIG_SRCS=(chapters/08-oci/config.c chapters/08-oci/json.c common/err.c tests/json/config-test.c)
CFLAGS_STRICT=(-std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -I.)

# The VM lane may have no compiler: every test then skips, and says why.
setup_file() {
	cd "$REPO" || return 1
	command -v cc >/dev/null || return 0
	cc "${CFLAGS_STRICT[@]}" "${CONFIG_SRCS[@]}" -o "$BATS_FILE_TMPDIR/config-test"
}

setup() {
	CT=$BATS_FILE_TMPDIR/config-test
	[ -x "$CT" ] || skip "no C compiler (cc) to build the driver with"
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir -p b
}

# Writes b/config.json: a minimal config, with PROCESS added to process's
# members and TOP to the top's (each starting with a comma), and loads it.
# A PROCESS with args or user of its own replaces the minimal one's.
config() { # [PROCESS [TOP]]
	local args='"args": ["sh"], ' user='"user": {"uid": 0, "gid": 0}'
	[[ ${1:-} != *'"args"'* ]] || args=
	[[ ${1:-} != *'"user"'* ]] || user='"x-no-user": 0'
	printf '{"ociVersion": "1.2.0", "process": {%s%s%s},
	  "root": {"path": "rootfs"}%s}\n' "$args" "$user" "${1:-}" "${2:-}" >b/config.json
	run "$CT" b
}

# As config, with LINUX as linux's members (no leading comma).
linux() { # LINUX
	config "" ", \"linux\": {$1}"
}

# The output has this line, exactly.
has_line() { # LINE
	grep -Fxq -- "$1" <<<"$output" || fail "no line \"$1\" in:
$output"
}

refused_with() { # MESSAGE
	assert_status 125
	assert_output "$1"
}

@test "config: a minimal config maps to the defaults" {
	config
	assert_status 0
	assert_output "ociVersion 1.2.0
args[0] sh
cwd /
user 0:0 umask -1 terminal 0
caps bounding 0 effective 0 inheritable 0 permitted 0 ambient 0
noNewPrivileges 0
root $BATS_TEST_TMPDIR/b/rootfs readonly 0
hostname - domainname -
clone_flags 0
limits memory 0 cpu 0 pids 0
memory reservation 0 swap 0
cpu shares 0 quota 0 period 0 cpus - mems -"
}

@test "config: runc spec's default config maps field by field" {
	command -v runc >/dev/null || skip "no runc here"
	(cd b && runc spec)
	run "$CT" "$BATS_TEST_TMPDIR/b"
	assert_status 0
	# AUDIT_WRITE (29), KILL (5), NET_BIND_SERVICE (10); RLIMIT_NOFILE is 7
	has_line "caps bounding 0x20000420 effective 0x20000420 inheritable 0 permitted 0x20000420 ambient 0x20000420"
	has_line "rlimit 7 soft 1024 hard 1024"
	has_line "user 0:0 umask -1 terminal 1"
	has_line "noNewPrivileges 1"
	has_line "root $BATS_TEST_TMPDIR/b/rootfs readonly 1"
	has_line "hostname runc domainname -"
	# nosuid 0x2, strictatime 0x1000000; noexec 0x8, nodev 0x4, ro 0x1, relatime 0x200000
	has_line 'mount /dev type tmpfs source tmpfs flags 0x1000002 propagation 0 data "mode=755,size=65536k"'
	has_line 'mount /dev/pts type devpts source devpts flags 0xa propagation 0 data "newinstance,ptmxmode=0666,mode=0620,gid=5"'
	has_line 'mount /sys/fs/cgroup type cgroup source cgroup flags 0x20000f propagation 0 data ""'
	# pid, network, ipc, uts, mount
	has_line "clone_flags 0x6c020000"
	has_line "device rule deny a -1:-1 rwm"
	has_line "maskedPaths[2] /proc/kcore"
	has_line "readonlyPaths[3] /proc/sys"
}

@test "config: runc spec --rootless: a user namespace, id mappings, /sys bound recursively" {
	command -v runc >/dev/null || skip "no runc here"
	(cd b && runc spec --rootless)
	run "$CT" b
	assert_status 0
	has_line "namespace 0x10000000 new"
	has_line "clone_flags 0x3c020000"
	has_line "uidmap 0 $(id -u) 1"
	has_line "gidmap 0 $(id -g) 1"
	# rbind: MS_BIND 0x1000 | MS_REC 0x4000, and nosuid, noexec, nodev, ro
	has_line 'mount /sys type none source /sys flags 0x500f propagation 0 data ""'
}

@test "config: ociVersion is required, and 1.0.x to 1.2.x" {
	local v
	for v in 1.0.0 1.0.2-dev 1.1.0 1.2.1 1.2.0+dev; do
		config
		sed -i "s/\"1.2.0\"/\"$v\"/" b/config.json
		run "$CT" b
		assert_status 0
		has_line "ociVersion $v"
	done
	for v in 2.0.0 1.3.0 1.0 1.0. 1.0.0rc1 v1.0.0 1.+1.0 "1. 1.0" 1.10.0 "" 1; do
		config
		sed -i "s/\"1.2.0\"/\"$v\"/" b/config.json
		run "$CT" b
		refused_with "ch08: ociVersion: expected a version from 1.0.0 to 1.2.x, not \"$v\""
	done
	printf '{"process": {}}' >b/config.json
	run "$CT" b
	refused_with "ch08: ociVersion: required"
}

@test "config: process: env, cwd, user, groups, umask, rlimits, oomScoreAdj, apparmorProfile" {
	config ', "env": ["A=1", "B=x=y"], "cwd": "/work", "terminal": false,
		"user": {"uid": 1000, "gid": 100, "additionalGids": [5, 6], "umask": 18},
		"rlimits": [{"type": "RLIMIT_NPROC", "soft": 10, "hard": 20},
			    {"type": "RLIMIT_CORE", "soft": 0, "hard": 18446744073709551615}],
		"oomScoreAdj": -1000, "apparmorProfile": "kobako-test", "consoleSize": {"height": 1, "width": 2}'
	assert_status 0
	has_line "env[0] A=1"
	has_line "env[1] B=x=y"
	has_line "cwd /work"
	has_line "user 1000:100 umask 18 terminal 0"
	has_line "groups[1] 6"
	has_line "rlimit 6 soft 10 hard 20"
	has_line "rlimit 4 soft 0 hard 18446744073709551615"
	has_line "oomScoreAdj -1000"
	has_line "apparmorProfile kobako-test"
}

@test "config: process: capability names to bits, every set; an unknown name refused naming it" {
	config ', "capabilities": {"bounding": ["CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE"],
		"effective": ["CAP_NET_ADMIN"], "inheritable": ["CAP_KILL"], "permitted": ["CAP_BPF"],
		"ambient": []}'
	assert_status 0
	# CHOWN 0, SYS_ADMIN 21, CHECKPOINT_RESTORE 40; NET_ADMIN 12; KILL 5; BPF 39
	has_line "caps bounding 0x10000200001 effective 0x1000 inheritable 0x20 permitted 0x8000000000 ambient 0"
	config ', "capabilities": {"bounding": ["CAP_CHOWN", "CAP_FLY"]}'
	refused_with 'ch08: process.capabilities.bounding[1]: expected a capability (CAP_CHOWN ...), not "CAP_FLY"'
	config ', "capabilities": {"ambient": ["chown"]}'
	refused_with 'ch08: process.capabilities.ambient[0]: expected a capability (CAP_CHOWN ...), not "chown"'
	config ', "capabilities": {"effective": "CAP_CHOWN"}'
	refused_with 'ch08: process.capabilities.effective: expected an array'
}

@test "config: process: what is missing, of the wrong type or out of range is refused, naming it" {
	config ', "args": []'
	refused_with "ch08: process.args: expected a command, not an empty array"
	config ', "args": ["sh", 1]'
	refused_with "ch08: process.args[1]: expected a string"
	printf '{"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}}, "root": {"path": "r"}}' >b/config.json
	run "$CT" b
	refused_with "ch08: process.args: required"
	config ', "user": 0'
	refused_with "ch08: process.user: expected an object"
	config ', "cwd": "work"'
	refused_with 'ch08: process.cwd: expected an absolute path, not "work"'
	config ', "terminal": "yes"'
	refused_with "ch08: process.terminal: expected true or false"
	config ', "env": ["NOVALUE"]'
	refused_with 'ch08: process.env[0]: expected KEY=VALUE, not "NOVALUE"'
	config ', "oomScoreAdj": 1001'
	refused_with "ch08: process.oomScoreAdj: expected an integer from -1000 to 1000"
	config ', "rlimits": [{"type": "RLIMIT_NOPE", "soft": 1, "hard": 1}]'
	refused_with 'ch08: process.rlimits[0].type: expected a limit (RLIMIT_NOFILE ...), not "RLIMIT_NOPE"'
	config ', "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 1, "hard": 1}, {"type": "RLIMIT_NOFILE", "soft": 1, "hard": 1}]'
	refused_with "ch08: process.rlimits[1].type: expected each type once: RLIMIT_NOFILE is given twice"
	config ', "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 2, "hard": 1}]'
	refused_with "ch08: process.rlimits[0]: expected soft to be at most hard"
	config ', "rlimits": [{"type": "RLIMIT_NOFILE", "soft": -1, "hard": 1}]'
	refused_with "ch08: process.rlimits[0].soft: expected an integer from 0 to 18446744073709551615"
}

@test "config: process.user: uid and gid required, 32-bit, umask at most 0777" {
	config ', "user": {"uid": 0}'
	refused_with "ch08: process.user.gid: required"
	config ', "user": {"uid": 4294967296, "gid": 0}'
	refused_with "ch08: process.user.uid: expected an integer from 0 to 4294967295"
	config ', "user": {"uid": 0, "gid": 0, "umask": 512}'
	refused_with "ch08: process.user.umask: expected a mode from 0 to 0777 (511)"
	config ', "user": {"uid": 0, "gid": -1}'
	refused_with "ch08: process.user.gid: expected an integer from 0 to 4294967295"
}

@test "config: process: selinuxLabel, scheduler, ioPriority are refused when set, accepted empty" {
	config ', "selinuxLabel": "system_u:system_r:container_t:s0"'
	refused_with "ch08: process.selinuxLabel: not supported by this runtime"
	config ', "scheduler": {"policy": "SCHED_FIFO"}'
	refused_with "ch08: process.scheduler: not supported by this runtime"
	config ', "ioPriority": {"class": "IOPRIO_CLASS_IDLE"}'
	refused_with "ch08: process.ioPriority: not supported by this runtime"
	config ', "selinuxLabel": ""'
	assert_status 0
}

@test "config: root.path relative to the bundle, made absolute; an absolute one kept" {
	mkdir -p sub/b && config && cp b/config.json sub/b/
	(cd sub && "$CT" b) >out
	grep -Fxq "root $BATS_TEST_TMPDIR/sub/b/rootfs readonly 0" out || fail "$(cat out)"
	config "" ""
	sed -i 's|"path": "rootfs"|"path": "/srv/root", "readonly": true|' b/config.json
	run "$CT" b
	has_line "root /srv/root readonly 1"
	printf '{"ociVersion": "1.2.0", "process": {"args": ["sh"], "user": {"uid": 0, "gid": 0}}}' >b/config.json
	run "$CT" b
	refused_with "ch08: root: required"
	sed -i 's|}}}|}}, "root": {"path": ""}}|' b/config.json
	run "$CT" b
	refused_with 'ch08: root.path: expected a directory, not ""'
}

@test "config: mounts: option words to flags, propagation apart, the rest as data" {
	config "" ', "mounts": [
		{"destination": "/data", "type": "bind", "source": "/srv", "options": ["ro", "rw", "nosuid", "rprivate"]},
		{"destination": "/r", "source": "/srv", "options": ["rbind", "nodev", "slave"]},
		{"destination": "/t", "type": "tmpfs", "options": ["noatime", "atime", "sync", "mode=1777", "size=1m", "defaults"]}]'
	assert_status 0
	# bind 0x1000, nosuid 0x2; rprivate: MS_PRIVATE 0x40000 | MS_REC 0x4000
	has_line 'mount /data type bind source /srv flags 0x1002 propagation 0x44000 data ""'
	# rbind 0x5000, nodev 0x4; slave 0x80000
	has_line 'mount /r type - source /srv flags 0x5004 propagation 0x80000 data ""'
	has_line 'mount /t type tmpfs source - flags 0x10 propagation 0 data "mode=1777,size=1m"'
	config "" ', "mounts": [{"destination": "/t", "type": "bind", "options": ["rro"]}]'
	refused_with 'ch08: mounts[0].options[0]: "rro" is not supported by this runtime'
	config "" ', "mounts": [{"destination": "t", "type": "tmpfs"}]'
	refused_with 'ch08: mounts[0].destination: expected an absolute path, not "t"'
	config "" ', "mounts": [{"type": "tmpfs"}]'
	refused_with 'ch08: mounts[0].destination: required'
	config "" ', "mounts": [{"destination": "/t", "options": "ro"}]'
	refused_with 'ch08: mounts[0].options: expected an array'
}

@test "config: linux.namespaces: each type to its flag, a path to join; unknown or repeated refused" {
	linux '"namespaces": [{"type": "pid"}, {"type": "network", "path": "/var/run/netns/x"},
		{"type": "mount"}, {"type": "ipc"}, {"type": "uts"}, {"type": "user"},
		{"type": "cgroup"}, {"type": "time"}]'
	assert_status 0
	has_line "namespace 0x40000000 /var/run/netns/x"
	has_line "namespace 0x80 new"
	# all but network's, which is joined: 0x7e020080
	has_line "clone_flags 0x3e020080"
	linux '"namespaces": [{"type": "pid"}, {"type": "net"}]'
	refused_with 'ch08: linux.namespaces[1].type: expected a namespace type (pid, network, mount ...), not "net"'
	linux '"namespaces": [{"type": "pid"}, {"type": "pid"}]'
	refused_with "ch08: linux.namespaces[1].type: expected each type once: pid is given twice"
	linux '"namespaces": [{"type": "uts", "path": "ns/uts"}]'
	refused_with 'ch08: linux.namespaces[0].path: expected an absolute path, not "ns/uts"'
}

@test "config: linux.uidMappings and gidMappings" {
	linux '"uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
		"gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}, {"containerID": 65536, "hostID": 5, "size": 1}]'
	assert_status 0
	has_line "uidmap 0 100000 65536"
	has_line "gidmap 65536 5 1"
	linux '"uidMappings": [{"containerID": 0, "hostID": 100000, "size": 0}]'
	refused_with "ch08: linux.uidMappings[0].size: expected at least 1"
	linux '"uidMappings": [{"containerID": 0, "size": 1}]'
	refused_with "ch08: linux.uidMappings[0].hostID: required"
}

@test "config: linux.resources: memory, cpu and pids into chapter 03's limits, the rest kept" {
	linux '"resources": {"memory": {"limit": 268435456, "reservation": 1048576, "swap": -1},
		"cpu": {"shares": 512, "quota": 50000, "period": 200000, "cpus": "0-1", "mems": "0"},
		"pids": {"limit": 64},
		"devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rw"},
			    {"allow": true, "type": "b", "major": 8, "minor": -1}]}'
	assert_status 0
	# 50000 us per 200000 us: 25000 us per 100 ms
	has_line "limits memory 268435456 cpu 25000 pids 64"
	has_line "memory reservation 1048576 swap -1"
	has_line "cpu shares 512 quota 50000 period 200000 cpus 0-1 mems 0"
	has_line "device rule deny a -1:-1 rwm"
	has_line "device rule allow c 1:3 rw"
	has_line "device rule allow b 8:-1 rwm"
	linux '"resources": {"memory": {"limit": -1}, "cpu": {"quota": -1}, "pids": {"limit": 0}}'
	assert_status 0
	has_line "limits memory 0 cpu 0 pids 0"
}

@test "config: linux.resources: what cannot be honoured is refused, naming it; wrong values too" {
	local key value n=0
	while read -r key value; do
		linux "\"resources\": {\"$key\": $value}"
		refused_with "ch08: linux.resources.$key: not supported by this runtime"
		n=$((n + 1))
	done <<-'END'
		hugepageLimits [{"pageSize": "2MB", "limit": 1}]
		network {"classID": 1}
		rdma {"mlx5_1": {"hcaHandles": 3}}
		blockIO {"weight": 10}
		unified {"io.weight": "10"}
	END
	assert_equal "$n" 5 "refusals checked"
	linux '"resources": {"hugepageLimits": [], "blockIO": {}}'
	assert_status 0
	linux '"resources": {"memory": {"swappiness": 10}}'
	refused_with "ch08: linux.resources.memory.swappiness: not supported by this runtime"
	linux '"resources": {"cpu": {"realtimeRuntime": 1000}}'
	refused_with "ch08: linux.resources.cpu.realtimeRuntime: not supported by this runtime"
	linux '"resources": {"memory": {"limit": "1g"}}'
	refused_with "ch08: linux.resources.memory.limit: expected a number"
	linux '"resources": {"memory": {"limit": -2}}'
	refused_with "ch08: linux.resources.memory.limit: expected -1 (no limit) or a number from 0"
	linux '"resources": {"cpu": {"period": 10}}'
	refused_with "ch08: linux.resources.cpu.period: expected microseconds from 1000 to 1000000"
	linux '"resources": {"devices": [{"allow": true, "type": "x"}]}'
	refused_with 'ch08: linux.resources.devices[0].type: expected a, c or b, not "x"'
	linux '"resources": {"devices": [{"allow": true, "access": "rwx"}]}'
	refused_with 'ch08: linux.resources.devices[0].access: expected some of r, w and m, not "rwx"'
	linux '"resources": {"devices": [{"access": "r"}]}'
	refused_with 'ch08: linux.resources.devices[0].allow: required'
}

@test "config: linux: devices, sysctl, cgroupsPath, rootfsPropagation, seccomp kept" {
	linux '"devices": [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0},
		{"path": "/dev/p", "type": "p"}],
		"sysctl": {"net.ipv4.ip_forward": "1", "kernel.msgmax": "8192"},
		"cgroupsPath": "/kobako/test", "rootfsPropagation": "rslave",
		"seccomp": {"defaultAction": "SCMP_ACT_ALLOW"}'
	assert_status 0
	has_line "device /dev/fuse c 10:229 mode 0666 owner 0:0"
	has_line "device /dev/p p 0:0 mode 0666 owner 0:0"
	has_line "sysctl net.ipv4.ip_forward=1"
	has_line "sysctl kernel.msgmax=8192"
	has_line "cgroupsPath /kobako/test"
	has_line "rootfsPropagation 0x84000"
	has_line "seccomp at linux.seccomp, 1 members"
	linux '"sysctl": {"net.ipv4.ip_forward": 1}'
	refused_with 'ch08: linux.sysctl["net.ipv4.ip_forward"]: expected a string'
	linux '"devices": [{"path": "/dev/x", "type": "c", "major": 1}]'
	refused_with "ch08: linux.devices[0].minor: required"
	linux '"devices": [{"path": "/dev/x", "type": "s", "major": 1, "minor": 1}]'
	refused_with 'ch08: linux.devices[0].type: expected c, b, u or p, not "s"'
	linux '"rootfsPropagation": "recursive"'
	refused_with 'ch08: linux.rootfsPropagation: expected a propagation (private, rslave ...), not "recursive"'
	linux '"seccomp": []'
	refused_with "ch08: linux.seccomp: expected an object"
}

@test "config: linux: mountLabel, intelRdt, personality, timeOffsets refused when set" {
	linux '"mountLabel": "system_u:object_r:container_file_t:s0"'
	refused_with "ch08: linux.mountLabel: not supported by this runtime"
	linux '"intelRdt": {"closID": "x"}'
	refused_with "ch08: linux.intelRdt: not supported by this runtime"
	linux '"personality": {"domain": "LINUX32"}'
	refused_with "ch08: linux.personality: not supported by this runtime"
	linux '"timeOffsets": {"monotonic": {"secs": 1}}'
	refused_with "ch08: linux.timeOffsets: not supported by this runtime"
	linux '"mountLabel": ""'
	assert_status 0
}

@test "config: hooks: prestart first among createRuntime; path absolute, args default, timeout > 0" {
	config "" ', "hooks": {"createRuntime": [{"path": "/bin/b", "args": ["b", "-x"], "env": ["K=V"], "timeout": 5}],
		"prestart": [{"path": "/bin/a"}], "createContainer": [{"path": "/bin/c"}],
		"startContainer": [{"path": "/bin/d"}], "poststart": [{"path": "/bin/e"}], "poststop": [{"path": "/bin/f"}]}'
	assert_status 0
	assert_equal "$(grep -A10 '^hook' <<<"$output")" "hook createRuntime /bin/a timeout 0
  args[0] /bin/a
hook createRuntime /bin/b timeout 5
  args[0] b
  args[1] -x
  env[0] K=V
hook createContainer /bin/c timeout 0
  args[0] /bin/c
hook startContainer /bin/d timeout 0
  args[0] /bin/d
hook poststart /bin/e timeout 0
  args[0] /bin/e
hook poststop /bin/f timeout 0
  args[0] /bin/f"
	config "" ', "hooks": {"poststop": [{"path": "f"}]}'
	refused_with 'ch08: hooks.poststop[0].path: expected an absolute path, not "f"'
	config "" ', "hooks": {"poststart": [{"path": "/f", "timeout": 0}]}'
	refused_with "ch08: hooks.poststart[0].timeout: expected seconds, from 1 to 2147483647"
	config "" ', "hooks": {"poststart": [{"args": []}]}'
	refused_with "ch08: hooks.poststart[0].path: required"
}

@test "config: annotations kept; unknown properties ignored, at every level" {
	config ', "future": {"x": 1}' ', "annotations": {"org.opencontainers.image.title": "t", "k": "v"},
		"windows": {"layerFolders": []}, "vm": 1, "linux": {"somethingNew": [1]}, "x-extra": null'
	assert_status 0
	has_line "annotation org.opencontainers.image.title=t"
	has_line "annotation k=v"
	config "" ', "annotations": {"k": 1}'
	refused_with "ch08: annotations.k: expected a string"
}

@test "config: a bundle without config.json, or with bad JSON, is named in one line" {
	run "$CT" nowhere
	refused_with "ch08: nowhere/config.json: No such file or directory"
	printf '{"ociVersion": "1.2.0",}' >b/config.json
	run "$CT" b
	refused_with "ch08: b/config.json:1:24: expected another item after ',' (no trailing comma)"
	printf '[]' >b/config.json
	run "$CT" b
	refused_with "ch08: (top): expected an object"
}

@test "config: the driver runs clean under AddressSanitizer and UBSan, on runc spec's config" {
	command -v runc >/dev/null || skip "no runc here"
	(cd "$REPO" && cc "${CFLAGS_STRICT[@]}" -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		"${CONFIG_SRCS[@]}" -o "$BATS_TEST_TMPDIR/ct-san")
	CT=$BATS_TEST_TMPDIR/ct-san
	(cd b && runc spec)
	run "$CT" b
	assert_status 0
	has_line "clone_flags 0x6c020000"
	config ', "capabilities": {"bounding": ["CAP_FLY"]}'
	refused_with 'ch08: process.capabilities.bounding[0]: expected a capability (CAP_CHOWN ...), not "CAP_FLY"'
	config
	sed -i 's/"1.2.0"/"1"/' b/config.json
	run "$CT" b
	refused_with 'ch08: ociVersion: expected a version from 1.0.0 to 1.2.x, not "1"'
	config "" ', "hooks": {"prestart": [{"path": "/a"}], "createRuntime": [{"path": "/b"}]}'
	assert_status 0
}
