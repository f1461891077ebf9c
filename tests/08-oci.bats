#!/usr/bin/env bats
# Chapter 08 claims: ch08 is chapter 07's runtime behind the OCI runtime
# command line. `create` sets a container up from a bundle's config.json and
# leaves its PID 1 waiting, set up but for the user's program; `start` lets
# it go; `state` says created, running or stopped; `kill` signals it;
# `delete` removes every trace, and refuses a live container unless
# --force. `run` is create, start, wait and delete: the container's exit
# status is its own. A bad config.json is refused naming the field, before
# anything is made; a create that fails on the way leaves nothing.
#
# Each test has a bundle of its own whose root is the demo rootfs,
# read-only, and a container ID t08-MARK; the state root is a temporary
# directory (--root), so nothing here touches /var/lib/kobako/oci
# (tests/bundle.bash).

load helpers
load bundle
bats_require_minimum_version 1.5.0

setup() {
	require_ch
	require_rootfs
	"$CH" --help 2>/dev/null | grep -q -- '--log-format' || skip "$CH has no OCI commands"
	cd "$REPO"
	setup_bundle t08
}

teardown() {
	teardown_bundle
}

@test "create, start, state, delete: created, running, stopped, then nothing left" {
	bundle '["sh", "-c", "echo hello from $(hostname); sleep 30"]'
	oci create --bundle "$b" --pid-file "$BATS_TEST_TMPDIR/pid" "$id" >"$BATS_TEST_TMPDIR/out" 2>&1 || fail "create: $(cat "$BATS_TEST_TMPDIR/out")"
	assert_equal "$(status_of)" created
	pid=$(cat "$BATS_TEST_TMPDIR/pid")
	run oci state "$id"
	[[ $output == *"\"pid\": $pid,"* ]] || fail "no pid $pid in: $output"
	[[ $output == *"\"bundle\": \"$b\""* ]] || fail "no bundle in: $output"
	# Set up, but nothing of the user's program yet.
	[ ! -s "$BATS_TEST_TMPDIR/out" ] || fail "output before start: $(cat "$BATS_TEST_TMPDIR/out")"
	oci start "$id"
	assert_equal "$(status_of)" running
	wait_until 5 grep -q "hello from oci-$m" "$BATS_TEST_TMPDIR/out"
	oci kill "$id" KILL
	wait_until 5 is_status stopped
	oci delete "$id"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
	assert_no_cgroup "$id"
}

@test "run: the container's exit status and output are its own, and nothing is left" {
	bundle '["sh", "-c", "echo out; echo err >&2; exit 3"]'
	run oci run --bundle "$b" "$id"
	assert_status 3
	[[ $output == *out*err* ]] || fail "output: $output"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
}

@test "run, given SIGTERM or Ctrl-C, passes it on: the container ends, and run deletes it" {
	bundle '["sleep", "30"]'
	start_bg "$CH" --root "$root" run --bundle "$b" "$id"
	wait_until 5 is_status running
	kill -TERM "$bg_pid"
	wait_bg 5
	assert_status 143
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
	assert_no_cgroup "$id"
}

@test "kill TERM: PID 1 passes it on to the program; state then says stopped" {
	bundle '["sleep", "30"]'
	oci create --bundle "$b" "$id" >/dev/null 2>&1
	oci start "$id"
	oci kill "$id" TERM
	wait_until 5 is_status stopped
}

@test "delete refuses a running container unless --force, which kills it" {
	bundle '["sleep", "30"]'
	oci create --bundle "$b" "$id" >/dev/null 2>&1
	oci start "$id"
	run oci delete "$id"
	assert_status 1
	[[ $output == "ch08: container \"$id\" is running"* ]] || fail "output: $output"
	oci delete --force "$id"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
	assert_no_cgroup "$id"
}

@test "start twice: the second is refused, the container runs on" {
	bundle '["sleep", "30"]'
	oci create --bundle "$b" "$id" >/dev/null 2>&1
	oci start "$id"
	run oci start "$id"
	assert_status 1
	[[ $output == "ch08: container \"$id\" is running: only a created container"* ]] ||
		fail "output: $output"
}

@test "the container sees config.json's process: args, env, cwd, user, capabilities" {
	bundle '["sh", "-c", "echo $HOME $PATH; pwd; id -u; grep CapEff /proc/self/status"]'
	sed -i 's|"cwd": "/"|"cwd": "/tmp"|; s|"uid": 0, "gid": 0|"uid": 1000, "gid": 1000|' \
		"$b/config.json"
	run oci run --bundle "$b" "$id"
	assert_status 0
	assert_equal "${lines[0]}" "/root /bin:/sbin:/usr/bin"
	assert_equal "${lines[1]}" "/tmp"
	assert_equal "${lines[2]}" "1000"
	# A user other than root keeps no effective capability across execve.
	assert_equal "${lines[3]}" "CapEff:	0000000000000000"
}

@test "a bad config.json is refused naming the field, and nothing is made" {
	bundle '"sh"'
	run oci create --bundle "$b" "$id"
	assert_status 1
	assert_output "ch08: process.args: expected an array"
	[ ! -e "$root/oci/$id" ] || fail "state made"
	bundle '["true"]'
	sed -i 's|"readonly": true|"readonly": "yes"|' "$b/config.json"
	run oci create --bundle "$b" "$id"
	assert_status 1
	assert_output "ch08: root.readonly: expected true or false"
}

@test "a create that fails in the container leaves nothing: no state, cgroup, process" {
	bundle '["true"]'
	sed -i 's|"type": "sysfs"|"type": "no-such-fs"|' "$b/config.json"
	run oci create --bundle "$b" "$id"
	[ "$status" -ne 0 ]
	[[ $output == *"mount no-such-fs on /sys"* ]] || fail "output: $output"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
	assert_no_cgroup "$id"
}

@test "an OCI command's name after -- is the container's command; ch07's options do not go with OCI commands" {
	run "$CH" --network none -- kill -l
	assert_status 0
	[[ $output == *HUP* ]] || fail "output: $output"
	run "$CH" --memory 64m state "$id"
	assert_status 1
	assert_output "ch08: --memory: an option of a container command; state takes its settings from config.json"
}

@test "--log FILE --log-format json: errors go there too, one JSON object a line" {
	run oci --log "$BATS_TEST_TMPDIR/log" --log-format json state "$id"
	assert_status 1
	grep -q '^{"level":"error","msg":"container \\"'"$id"'\\" does not exist","time":"' \
		"$BATS_TEST_TMPDIR/log" || fail "log: $(cat "$BATS_TEST_TMPDIR/log")"
}

@test "--systemd-cgroup is refused, in one line" {
	run "$CH" --systemd-cgroup state "$id"
	assert_status 1
	[[ $output == "ch08: --systemd-cgroup: not supported"* ]] || fail "output: $output"
	[ "${#lines[@]}" -eq 1 ]
}

@test "--console-socket: the terminal's master goes there; the program's terminal is the container's own" {
	bundle '["sh", "-c", "tty; test -t 0 && echo stdin is a terminal"]'
	sed -i 's|"cwd": "/",|"cwd": "/", "terminal": true,|' "$b/config.json"
	recv=$(probe console_socket)
	sock=$BATS_TEST_TMPDIR/console.sock
	"$recv" "$sock" >"$BATS_TEST_TMPDIR/tty.out" 2>"$BATS_TEST_TMPDIR/tty.err" &
	recv_pid=$!
	wait_until 5 test -S "$sock"
	oci create --bundle "$b" --console-socket "$sock" "$id" >/dev/null 2>&1
	oci start "$id"
	wait "$recv_pid"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/tty.err")" "got a terminal"
	assert_equal "$(tr -d '\r' <"$BATS_TEST_TMPDIR/tty.out")" "/dev/pts/0
stdin is a terminal"
	run oci create --bundle "$b" "$id-2"
	assert_status 1
	assert_output "ch08: process.terminal: true needs --console-socket, where the terminal is sent"
}

# A hook that writes its name, in order, and the state it read on stdin.
hook() { # NAME [DIR]
	local dir=${2:-$BATS_TEST_TMPDIR/hooks}
	mkdir -p "$dir"
	printf '#!/bin/sh\necho %s >>%s/order\ncat >%s/%s.json\n' "$1" "${3:-$dir}" "${3:-$dir}" "$1" \
		>"$dir/$1"
	chmod +x "$dir/$1"
}

@test "hooks run at their points, in order, each with the state on its stdin" {
	h=$BATS_TEST_TMPDIR/hooks
	for name in createRuntime createContainer poststart poststop; do hook "$name"; done
	# startContainer runs in the container: its program is the container's
	# own, here on a bind mount of the hooks' directory at /hooks.
	hook startContainer "$h" /hooks
	bundle '["sh", "-c", "echo program >>/hooks/order"]'
	# /hooks is made in the root: a copy of the demo rootfs, not the image.
	sed -i "s|\"path\": \"$ROOTFS\"|\"path\": \"$(copy_rootfs)\"|" "$b/config.json"
	sed -i "s|\"mounts\": \\[|\"mounts\": [ { \"destination\": \"/hooks\", \"type\": \"bind\", \"source\": \"$h\", \"options\": [\"bind\"] },|" "$b/config.json"
	sed -i "s|^  \"linux\": {|  \"hooks\": {\n    \"createRuntime\": [{ \"path\": \"$h/createRuntime\" }],\n    \"createContainer\": [{ \"path\": \"$h/createContainer\" }],\n    \"startContainer\": [{ \"path\": \"/hooks/startContainer\" }],\n    \"poststart\": [{ \"path\": \"$h/poststart\" }],\n    \"poststop\": [{ \"path\": \"$h/poststop\" }]\n  },\n  \"linux\": {|" "$b/config.json"
	oci create --bundle "$b" "$id" >/dev/null 2>&1 || fail "create: $(oci create --bundle "$b" "$id" 2>&1)"
	oci start "$id"
	wait_until 5 is_status stopped
	oci delete "$id"
	# poststart runs once the program has started (start waits for the
	# startContainer hooks): which of the two writes first is the
	# scheduler's choice.
	assert_equal "$(grep -v program "$h/order")" "createRuntime
createContainer
startContainer
poststart
poststop"
	assert_equal "$(sed -n 4p "$h/order" | grep -c 'program\|poststart')" 1
	pid=$(sed -n 's/^  "pid": \([0-9]*\),$/\1/p' "$h/createRuntime.json")
	[ "$pid" -gt 1 ] || fail "createRuntime's state: $(cat "$h/createRuntime.json")"
	grep -q "\"id\": \"$id\"" "$h/poststop.json" || fail "poststop's state: $(cat "$h/poststop.json")"
	grep -q '"status": "stopped"' "$h/poststop.json"
	grep -q '"status": "creating"' "$h/createRuntime.json"
}

@test "a hook that fails fails create, or start, and nothing is left" {
	bundle '["true"]'
	sed -i "s|^  \"linux\": {|  \"hooks\": { \"createRuntime\": [{ \"path\": \"/bin/false\" }] },\n  \"linux\": {|" "$b/config.json"
	run oci create --bundle "$b" "$id"
	assert_status 1
	assert_output "ch08: hooks.createRuntime[0]: /bin/false: exit status 1"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
	assert_no_cgroup "$id"
	# startContainer runs in the container, before the program: start
	# waits for it, and fails with it.
	bundle '["true"]'
	sed -i "s|^  \"linux\": {|  \"hooks\": { \"startContainer\": [{ \"path\": \"/bin/false\" }] },\n  \"linux\": {|" "$b/config.json"
	oci create --bundle "$b" "$id" >/dev/null 2>&1
	run oci start "$id"
	assert_status 1
	assert_output "ch08: start: a startContainer hook failed; the container has stopped"
	assert_equal "$(status_of)" stopped
	oci delete "$id"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
	assert_no_cgroup "$id"
	# run deletes what it made when its start fails.
	run oci run --bundle "$b" "$id"
	assert_status 1
	assert_output "ch08: hooks.startContainer[0]: /bin/false: exit status 1
ch08: start: a startContainer hook failed; the container has stopped"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
	assert_no_cgroup "$id"
}

@test "a start killed while the startContainer hooks run: the container goes on" {
	bundle '["echo", "ran"]'
	sed -i "s|^  \"linux\": {|  \"hooks\": { \"startContainer\": [{ \"path\": \"/bin/sleep\", \"args\": [\"sleep\", \"2\"] }] },\n  \"linux\": {|" "$b/config.json"
	oci create --bundle "$b" "$id" >"$BATS_TEST_TMPDIR/out" 2>&1
	oci start "$id" &
	wait_until 5 is_status running
	pkill -KILL -f "ch08 --root $root start" || true
	wait_until 10 is_status stopped
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ran
	oci delete "$id"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
}

@test "a create killed on the way is reclaimed by the next create" {
	bundle '["true"]'
	# A hook that never ends holds create in "creating", PID 1 waiting.
	sed -i "s|^  \"linux\": {|  \"hooks\": { \"createRuntime\": [{ \"path\": \"/bin/sleep\", \"args\": [\"sleep\", \"$m\"] }] },\n  \"linux\": {|" "$b/config.json"
	oci create --bundle "$b" "$id" >/dev/null 2>&1 &
	wait_until 5 running "sleep $m"
	assert_equal "$(status_of)" creating
	pkill -KILL -f "ch08 --root $root create" || true
	pkill -f "sleep $m" || true
	wait_until 5 is_status stopped
	bundle '["true"]'
	run oci run --bundle "$b" "$id-2"
	assert_status 0
	assert_output "ch08: reclaiming container $id, left by a create that was killed"
	[ ! -e "$root/oci/$id" ] || fail "state left behind"
	assert_no_cgroup "$id"
}

@test "a user namespace from linux.uidMappings: root inside, 100000 on the host" {
	bundle '["sh", "-c", "id -u; cat /proc/self/uid_map; sleep 30"]'
	sed -i 's|"namespaces": \[ |"uidMappings": [{ "containerID": 0, "hostID": 100000, "size": 65536 }],\n    "gidMappings": [{ "containerID": 0, "hostID": 100000, "size": 65536 }],\n    "namespaces": [ { "type": "user" }, |' "$b/config.json"
	oci create --bundle "$b" --pid-file "$BATS_TEST_TMPDIR/pid" "$id" >"$BATS_TEST_TMPDIR/out" 2>&1 ||
		fail "create: $(cat "$BATS_TEST_TMPDIR/out")"
	oci start "$id"
	wait_until 5 grep -q 65536 "$BATS_TEST_TMPDIR/out"
	assert_equal "$(head -n 1 "$BATS_TEST_TMPDIR/out")" 0
	pid=$(cat "$BATS_TEST_TMPDIR/pid")
	assert_equal "$(ps -o user= -p "$pid")" 100000
}

@test "linux.sysctl, process.rlimits and oomScoreAdj, root.readonly, masked and read-only paths" {
	bundle '["sh", "-c", "cat /proc/sys/net/ipv4/ip_unprivileged_port_start; ulimit -n; cat /proc/self/oom_score_adj; touch /x 2>/dev/null || echo read-only; wc -c </proc/timer_list; { echo 1 >/proc/sys/kernel/domainname; } 2>/dev/null || echo sys read-only"]'
	sed -i 's|"noNewPrivileges": true|"noNewPrivileges": true, "rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 100, "soft": 50 }], "oomScoreAdj": 500|' "$b/config.json"
	sed -i 's|"namespaces": \[ |"sysctl": { "net.ipv4.ip_unprivileged_port_start": "80" },\n    "namespaces": [ |' "$b/config.json"
	run oci run --bundle "$b" "$id"
	assert_status 0
	assert_output "80
50
500
read-only
0
sys read-only"
}

@test "tmpcopyup: a tmpfs that starts with what the image has there" {
	bundle '["sh", "-c", "ls /etc/passwd && touch /etc/new && echo written"]'
	sed -i 's|"mounts": \[|"mounts": [ { "destination": "/etc", "type": "tmpfs", "source": "tmpfs", "options": ["tmpcopyup", "mode=755"] },|' "$b/config.json"
	run oci run --bundle "$b" "$id"
	assert_status 0
	assert_output "/etc/passwd
written"
	[ ! -e "$ROOTFS/etc/new" ] || fail "written to the image"
}

@test "linux.namespaces path: the container joins a network namespace that exists" {
	unshare --net sleep "$m" &
	ns_pid=$!
	wait_until 5 running "sleep $m"
	nsenter -t "$ns_pid" -n ip link add "k$m" type veth peer name "l$m"
	bundle '["ip", "-o", "link", "show", "k'"$m"'"]'
	sed -i "s|{ \"type\": \"network\" }|{ \"type\": \"network\", \"path\": \"/proc/$ns_pid/ns/net\" }|" "$b/config.json"
	run oci run --bundle "$b" "$id"
	kill "$ns_pid"
	assert_status 0
	[[ $output == *"k$m"* ]] || fail "output: $output"
}

@test "linux.resources: memory with swap, pids and CPU shares reach the cgroup" {
	bundle '["sleep", "30"]' '"resources": { "memory": { "limit": 67108864, "swap": 134217728 }, "pids": { "limit": 20 }, "cpu": { "shares": 512 } },'
	oci create --bundle "$b" "$id" >/dev/null 2>&1 || fail "create: $(oci create --bundle "$b" "$id" 2>&1)"
	local d
	if [ -e "/sys/fs/cgroup/cgroup.controllers" ] && d=$(cgroup_dirs "$id") && [ -e "$d/memory.max" ]; then
		assert_equal "$(cat "$d/memory.max")" 67108864
		assert_equal "$(cat "$d/memory.swap.max")" 67108864
		assert_equal "$(cat "$d/pids.max")" 20
		assert_equal "$(cat "$d/cpu.weight")" 20
	else
		assert_equal "$(cat "$(cgroup_dirs "$id" | grep /memory/)/memory.limit_in_bytes")" 67108864
		assert_equal "$(cat "$(cgroup_dirs "$id" | grep /pids/)/pids.max")" 20
		assert_equal "$(cat "$(cgroup_dirs "$id" | grep '/cpu[,/]')/cpu.shares")" 512
	fi
}

@test "linux.sysctl: a sysctl of the whole machine is refused, naming it; nothing is made" {
	before=$(cat /proc/sys/kernel/core_pattern)
	bundle '["true"]' '"sysctl": { "kernel.core_pattern": "|/tmp/x" },'
	run oci run --bundle "$b" "$id"
	assert_status 1
	assert_output "ch08: linux.sysctl: kernel.core_pattern: not of the container's own namespaces (ipc, network): refused"
	assert_equal "$(cat /proc/sys/kernel/core_pattern)" "$before"
	[ ! -e "$root/oci/$id" ] || fail "state made"
	bundle '["cat", "/proc/sys/kernel/msgmax"]' '"sysctl": { "kernel.msgmax": "4096" },'
	run oci run --bundle "$b" "$id"
	assert_status 0
	assert_output 4096
}
