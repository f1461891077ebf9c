#!/usr/bin/env bats
# Chapter 08 claims: `exec` runs one more process in a running container,
# as Podman's `podman exec` asks through conmon. The process sees the
# container's hostname, PID namespace (its PID 1) and file system, is in
# its cgroups, and has what the container's process has: no_new_privs,
# bounding set, seccomp filter; the environment, directory and user are
# config.json's process's with --env, --cwd, --user applied, or all of
# --process FILE's. exec waits and exits with the command's status (127
# for a missing command); with --detach it leaves the command running, its
# host PID in --pid-file. A container that is not running is refused in
# one line.
#
# As tests/08-oci.bats: a bundle per test (tests/bundle.bash) whose root
# is the demo rootfs, read-only, a container ID t08x-MARK, the state root
# in the test's temporary directory.

load helpers
load bundle
bats_require_minimum_version 1.5.0

setup() {
	require_ch
	require_rootfs
	"$CH" exec --help >/dev/null 2>&1 || skip "$CH has no exec"
	cd "$REPO"
	setup_bundle t08x
	bundle_env='"FROM=config",'
	bundle_mounts='{ "destination": "/tmp", "type": "tmpfs", "source": "tmpfs" },'
}

teardown() {
	teardown_bundle
}

# A running container whose first process leaves a mark in its own /tmp.
start_container() { # [LINUX...]
	bundle '["sh", "-c", "echo mark-'"$m"' >/tmp/mark; exec sleep 60"]' "${1:-}"
	oci create --bundle "$b" "$id" >"$BATS_TEST_TMPDIR/out" 2>&1 || fail "create: $(cat "$BATS_TEST_TMPDIR/out")"
	oci start "$id"
	wait_until 5 oci exec "$id" test -e /tmp/mark
}

@test "exec sees the container's hostname, PID namespace and file system" {
	start_container
	run oci exec "$id" hostname
	assert_status 0
	assert_output "oci-$m"
	run oci exec "$id" cat /tmp/mark
	assert_status 0
	assert_output "mark-$m"
	# Its PID 1, the command as PID 2, and ps itself: nothing of the host.
	run oci exec "$id" ps -o pid,args
	assert_status 0
	[[ ${lines[1]} == *" 1 "*"kobako-init"* ]] || fail "no PID 1 in: $output"
	[[ ${lines[2]} == *" 2 sleep 60"* ]] || fail "no command as PID 2 in: $output"
	[ "${#lines[@]}" -le 5 ] || fail "processes of the host in: $output"
}

@test "exec exits with the command's status: 3, 127 for a missing command, 128+N if killed" {
	start_container
	run oci exec "$id" sh -c 'echo out; echo err >&2; exit 3'
	assert_status 3
	[[ $output == *out*err* ]] || fail "output: $output"
	run -127 oci exec "$id" no-such-program
	assert_output 'ch08: exec no-such-program: executable file not found in $PATH'
	run -127 oci exec "$id" /no/such/program
	assert_output 'ch08: exec /no/such/program: No such file or directory'
	run -137 oci exec "$id" sh -c 'kill -9 $$'
}

@test "exec takes config.json's process with --env, --cwd and --user applied" {
	start_container
	run oci exec --env FOO=bar --env HOME=/tmp --cwd /tmp --user 1000:1001 "$id" \
		sh -c 'echo $FOO $HOME $FROM $PATH; pwd; id -u; id -g; id -G'
	assert_status 0
	assert_equal "${lines[0]}" "bar /tmp config /bin:/sbin:/usr/bin"
	assert_equal "${lines[*]:1}" "/tmp 1000 1001 1001"
	# And by default root, in /, with config.json's environment exactly.
	run oci exec "$id" env
	assert_status 0
	assert_equal "$(sort <<<"$output" | grep -v '^PWD=\|^SHLVL=' | tr '\n' ' ')" \
		"FROM=config HOME=/root PATH=/bin:/sbin:/usr/bin "
}

@test "exec --process FILE: the process object, as Podman writes it" {
	start_container
	cat >"$BATS_TEST_TMPDIR/process.json" <<-JSON
	{ "args": ["sh", "-c", "echo \$A; pwd; id -u; grep -E '^(CapEff|CapBnd)' /proc/self/status"],
	  "env": ["PATH=/bin", "A=from-file"], "cwd": "/proc",
	  "user": { "uid": 7, "gid": 7, "additionalGids": [7] },
	  "capabilities": { "bounding": ["CAP_KILL"] } }
	JSON
	run oci exec --process "$BATS_TEST_TMPDIR/process.json" "$id"
	assert_status 0
	assert_equal "$(tr '\t' ' ' <<<"${lines[*]}")" \
		"from-file /proc 7 CapEff: 0000000000000000 CapBnd: 0000000000000020"
	echo '{ "args": [] }' >"$BATS_TEST_TMPDIR/bad.json"
	run oci exec --process "$BATS_TEST_TMPDIR/bad.json" "$id"
	assert_status 1
	assert_output "ch08: args: expected a command, not an empty array"
}

@test "exec: the container's no_new_privs, bounding set, seccomp filter and cgroups" {
	start_container '"seccomp": { "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
	    { "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1 } ] },'
	run oci exec "$id" grep -E '^(NoNewPrivs|CapBnd|Seccomp):' /proc/self/status
	assert_status 0
	assert_equal "$(echo "$output" | tr -s '\t\n' '  ')" \
		"CapBnd: 00000000000000e1 NoNewPrivs: 1 Seccomp: 2 "
	run oci exec "$id" mkdir /tmp/d
	assert_status 1
	[[ $output == *"Operation not permitted"* ]] || fail "mkdir was not refused: $output"
	# In each of the container's cgroups, as its PID 1.
	oci exec -d --pid-file "$BATS_TEST_TMPDIR/pid" "$id" sleep 30
	assert_equal "$(cat "/proc/$(cat "$BATS_TEST_TMPDIR/pid")/cgroup")" "$(cat "/proc/$(pid1)/cgroup")"
}

@test "exec --detach --pid-file: exits at once, the command runs on, its host PID in the file" {
	start_container
	oci exec --detach --pid-file "$BATS_TEST_TMPDIR/pid" "$id" sleep 30
	pid=$(cat "$BATS_TEST_TMPDIR/pid")
	# Decimal, no newline, as runc writes it.
	[[ $pid =~ ^[0-9]+$ ]] || fail "pid file: '$pid'"
	assert_equal "$(wc -c <"$BATS_TEST_TMPDIR/pid")" "${#pid}"
	assert_equal "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 30 "
	assert_equal "$(readlink "/proc/$pid/ns/pid")" "$(readlink "/proc/$(pid1)/ns/pid")"
	# No runtime process between it and whoever adopted it.
	ppid=$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status")
	[[ $(cat "/proc/$ppid/comm") != ch08 ]] || fail "its parent is a runtime: $ppid"
	# delete --force ends it with the container.
	oci delete --force "$id"
	wait_until 5 test ! -e "/proc/$pid/cmdline" -o -z "$(cat "/proc/$pid/cmdline" 2>/dev/null)"
}

@test "exec refuses a container that is not running, in one line" {
	bundle '["true"]'
	oci create --bundle "$b" "$id" >/dev/null 2>&1
	run oci exec "$id" true
	assert_status 1
	assert_output "ch08: container \"$id\" is created: exec needs a running container"
	oci start "$id"
	wait_until 10 test "$(status_of)" = stopped
	run oci exec "$id" true
	assert_status 1
	assert_output "ch08: container \"$id\" is stopped: exec needs a running container"
	run oci exec "t08x-no-$m" true
	assert_status 1
	assert_output "ch08: container \"t08x-no-$m\" does not exist"
}

@test "exec: a terminal needs --console-socket; a command or --process, not both" {
	start_container
	run oci exec --tty "$id" true
	assert_status 1
	assert_output "ch08: exec: a terminal needs --console-socket, where it is sent"
	run oci exec "$id"
	assert_status 1
	assert_output "ch08: exec: expected a COMMAND after the container ID, or --process FILE"
	echo '{ "args": ["true"], "user": { "uid": 0, "gid": 0 } }' >"$BATS_TEST_TMPDIR/p.json"
	run oci exec --process "$BATS_TEST_TMPDIR/p.json" "$id" true
	assert_status 1
	[[ $output == "ch08: exec: --process FILE says it all"* ]] || fail "output: $output"
}
