# Loaded by every test file (`load helpers`).
#
# CH is the binary under test. tests/run.sh sets it; run by hand, a test of
# chapter NN uses ./chNN:  CH=./ch02 bats tests/01-namespaces.bats

# The top of the repository, found from this file: a test file may be in
# tests/ or below it (tests/exercises/).
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOTFS=$REPO/rootfs

# The binary a test file checks: CH, or the file's own chapter's binary.
CH=${CH:-$REPO/ch$(basename "$BATS_TEST_FILENAME" | cut -c1-2)}

# The options that let a container mount, for the tests that check where its
# mounts go: from chapter 04 on, a container may not mount unless given
# CAP_SYS_ADMIN, as with `docker run --cap-add SYS_ADMIN`.
may_mount() {
	if "$CH" --help 2>/dev/null | grep -q -- '--cap-add'; then
		echo --cap-add SYS_ADMIN
	fi
}

# The option that keeps a container off any network but its own lo, for the
# tests of chapter 01's promise: from chapter 06 on, a container is on a
# bridge unless given --network none, as with `docker run --network none`.
no_network() {
	if "$CH" --help 2>/dev/null | grep -q -- '--network'; then
		echo --network none
	fi
}

require_ch() {
	[ -x "$CH" ] || skip "$CH is not built (make)"
}

require_rootfs() {
	[ -x "$ROOTFS/bin/sh" ] || skip "no demo rootfs (make rootfs)"
}

# A private copy of the demo rootfs, for a test that writes to it or adds
# probes: $BATS_TEST_TMPDIR/rootfs.
copy_rootfs() {
	require_rootfs
	cp -a "$ROOTFS" "$BATS_TEST_TMPDIR/rootfs"
	echo "$BATS_TEST_TMPDIR/rootfs"
}

# Builds tests/probes/NAME.c as a static program, once per test run, and
# prints its path.
probe() {
	local name=$1 out=$BATS_RUN_TMPDIR/probes/$1
	if [ ! -x "$out" ]; then
		mkdir -p "$BATS_RUN_TMPDIR/probes"
		cc -static -O1 -std=gnu11 -D_GNU_SOURCE -Wall -o "$out" \
			"$REPO/tests/probes/$name.c" >&2 || return 1
	fi
	echo "$out"
}

# The host's mount table, without the fields that change on their own, and
# without the mounts of other tests that may run at the same time: below
# other bats runs' directories, other tests' /tmp/kobako-test-MARK (the
# test's own mark, $m, stays), and network namespaces (/run/netns).
host_mounts() {
	awk '{ print $5, $9, $10 }' /proc/self/mountinfo | sort |
		awk -v run="$BATS_RUN_TMPDIR" -v m="${m:-}" '
			$1 ~ "^/tmp/bats-run-" && index($1, run) != 1 { next }
			$1 ~ "^/tmp/kobako-test-" && (m == "" || !index($1, m)) { next }
			$1 ~ "^(/var)?/run/netns/" { next }
			{ print }'
}

# Fails, showing the difference, unless the host's mount table is BEFORE.
assert_host_mounts() { # BEFORE
	local diff
	diff=$(diff <(echo "$1") <(host_mounts)) ||
		fail "the host's mount table changed (< before, > now):" "$diff"
}

# PIDs of the processes whose command line matches the pattern (none: empty).
processes_with() {
	pgrep -f -- "$1" || true
}

# Fails, showing both, unless the output of `run` is exactly the text.
assert_output() {
	if [ "$output" != "$1" ]; then
		printf 'expected: %s\nactual:   %s\n' "$1" "$output" >&2
		return 1
	fi
}

assert_status() {
	if [ "$status" -ne "$1" ]; then
		printf 'expected status %s, got %s; output:\n%s\n' "$1" "$status" "$output" >&2
		return 1
	fi
}

# Fails, showing both, unless ACTUAL is EXPECTED; WHAT says what they are.
assert_equal() { # ACTUAL EXPECTED [WHAT]
	if [ "$1" != "$2" ]; then
		printf '%s\nexpected: %s\nactual:   %s\n' "${3:-not equal:}" "$2" "$1" >&2
		return 1
	fi
}

# Fails the test with a message.
fail() {
	printf '%s\n' "$*" >&2
	return 1
}

# A number no other test uses, for markers such as `sleep $(mark)`: fixed
# width, so that no marker is the beginning of another.
mark() {
	printf '%07d%03d' "$$" "$BATS_TEST_NUMBER"
}

# Whether a process whose command line matches the pattern exists; gone: none.
running() { pgrep -f -- "$1" >/dev/null; }
gone() { ! running "$1"; }

# Runs the command every 0.1 s until it succeeds; fails after SECS seconds.
wait_until() { # SECS COMMAND [ARG...]
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# Starts the command in the background (its PID: $bg_pid), its stdout and
# stderr going to $BATS_TEST_TMPDIR/bg.out, its stdin the caller's (bash
# would give it /dev/null). Like every background command of a shell without
# job control, it starts with SIGINT and SIGQUIT ignored.
start_bg() {
	"$@" <&0 >"$BATS_TEST_TMPDIR/bg.out" 2>&1 3>&- &
	bg_pid=$!
}

# Waits at most SECS for the background command to end, then sets status,
# output and lines as `run` does. Fails if it is still running.
wait_bg() { # SECS
	local deadline=$((SECONDS + $1))
	while [[ $(ps -o stat= -p "$bg_pid") == [^Z]* ]]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			fail "still running after $1 s: $(cat "$BATS_TEST_TMPDIR/bg.out")"
			return
		fi
		sleep 0.1
	done
	status=0
	wait "$bg_pid" || status=$?
	output=$(cat "$BATS_TEST_TMPDIR/bg.out")
	lines=()
	[ -z "$output" ] || mapfile -t lines <<<"$output"
	bg_pid=
}

# For teardown: kills the background command if a failed test left it running.
stop_bg() {
	if [ -n "${bg_pid:-}" ]; then
		kill -KILL "$bg_pid" 2>/dev/null || true
		wait "$bg_pid" 2>/dev/null || true
	fi
}

# The directories of the cgroups named NAME, in every hierarchy (v2: one;
# v1: one per controller), sorted, one a line; none: nothing.
cgroup_dirs() { # NAME
	{ find /sys/fs/cgroup -maxdepth 6 -type d -name "$1" -prune 2>/dev/null || true; } | sort
}

# Fails, listing them, if there are cgroups named NAME.
assert_no_cgroup() { # NAME
	local dirs
	dirs=$(cgroup_dirs "$1")
	[ -z "$dirs" ] || fail "cgroups left behind:" "$dirs"
}

# The first host id of the container's ids with --userns: root's line in
# /etc/subuid (or /etc/subgid), else 1000000000.
userns_base() { # FILE
	local base=
	[ ! -r "$1" ] || base=$(awk -F: '$1 == "root" || $1 == "0" { print $2; exit }' "$1")
	echo "${base:-1000000000}"
}

# Skips the test unless the kernel can id-map the file system of DIR (the
# rootfs of a --userns container).
require_idmap() { # DIR
	local why
	why=$("$(probe idmap_check)" "$1") || skip "$why"
}

# Runs the binary with one bad option, after ARGs, and fails unless it was
# refused as bad input must be: status 125, one line that names the option,
# and nothing started. Sets status, output and lines as `run` does.
assert_refused() { # OPT VALUE [ARG...]
	local opt=$1 value=$2
	shift 2
	run "$CH" --verbose "$@" "$opt" "$value" echo started
	assert_status 125
	[[ $output == *"$opt"* ]] || fail "the message does not name $opt: $output"
	[ "${#lines[@]}" -eq 1 ] || fail "with $opt $value, expected one line, got: $output"
	[[ $output != *started* && $output != *"=> "* ]] ||
		fail "the runtime went on with $opt $value: $output"
}

# --- chapter 06 on: a "host" and the "outside world" ------------------------
#
#   outside: netns $net_out               host: netns $net_host
#   out0 198.51.100.1/24  <---- veth ---->  up0 198.51.100.2/24
#   (peer_echo, start_outside_server)      default via 198.51.100.1
#
# The lab of scripts/netlab.sh, which docs/06 runs in too. The runtime runs
# in the host namespace (in_host) and makes its bridge, veths, sysctl and
# nf_tables tables there: deleting the namespace deletes them all, and this
# machine's own network is never touched. Names are unique to each test.

# Makes the lab and sets net_host, net_out; puts in_host and in_outside on
# PATH:
#
#   in_host COMMAND [ARG...]      runs the command in the host namespace
#   in_outside COMMAND [ARG...]   ... in the outside one
#
# They enter the network namespace only, as netlab.sh does. They are
# programs, not shell functions, for start_bg and `&`: what runs in the
# background is then the command itself (nsenter execs it), and $bg_pid is
# its PID, for kill.
net_setup() {
	net_host=kobako-host-$(mark) net_out=kobako-host-$(mark)-out
	local bin=$BATS_TEST_TMPDIR/net-bin
	mkdir -p "$bin"
	printf '#!/bin/sh\nexec nsenter --net=/run/netns/%s -- "$@"\n' "$net_host" >"$bin/in_host"
	printf '#!/bin/sh\nexec nsenter --net=/run/netns/%s -- "$@"\n' "$net_out" >"$bin/in_outside"
	chmod +x "$bin/in_host" "$bin/in_outside"
	PATH=$bin:$PATH
	"$REPO/scripts/netlab.sh" up "$net_host" >/dev/null
}

# For teardown, after every runtime of the test has ended: the server, then
# the lab (netlab.sh down ends what still runs in it).
net_teardown() {
	if [ -n "${server_pid:-}" ]; then
		kill -KILL "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	[ -z "${net_host:-}" ] || "$REPO/scripts/netlab.sh" down "$net_host"
}

# The mount points whose path has MARK in it, deepest first: what a test
# made (its paths carry its mark). An empty mark, from a test skipped before
# its setup chose one, would match every mount of the machine: it matches
# none.
marked_mounts() { # MARK
	[ -n "$1" ] || return 0
	awk -v m="$1" 'index($5, m) { print $5 }' /proc/self/mountinfo | sort -r
}

# The teardown of a network test (chapters 06 and 07): whatever the test
# started (bg, other_pids), the lab, and what the containers named $n and
# $n-* left (their cgroups, state dirs in $STATE, mounts with the mark $m).
net_test_teardown() {
	stop_bg
	local pid dir
	for pid in ${other_pids:-}; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	net_teardown
	# A test skipped before its setup named it has nothing of its own: an
	# empty name or mark would match everyone's (every mount, every state dir).
	[ -n "${n:-}" ] && [ -n "${m:-}" ] || return 0
	for dir in $(cgroup_dirs "$n") $(cgroup_dirs "$n-*"); do
		wait_until 5 eval '[ -z "$(cat "$dir/cgroup.procs" 2>/dev/null)" ]' || true
		rmdir "$dir" 2>/dev/null || true
	done
	rm -rf "${STATE:?}/$n" "$STATE/$n"-*
	for dir in $(marked_mounts "$m"); do
		umount -l "$dir" 2>/dev/null || true
	done
}

# Starts peer_echo on 198.51.100.1:PORT in the outside namespace (PID:
# server_pid) and waits until it listens. -u: UDP.
start_outside_server() { # [-u] PORT
	local pe proto=t
	pe=$(probe peer_echo) || return 1
	[ "$1" != -u ] || proto=u
	in_outside "$pe" "$@" </dev/null >/dev/null 2>&1 3>&- &
	server_pid=$!
	wait_until 5 eval "in_outside ss -Hln$proto sport = :${*: -1} | grep -q ." ||
		fail "peer_echo does not listen on port ${*: -1}"
}

# The names of the host namespace's links, one a line (without "@peer").
host_links() {
	in_host ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
}

# --- chapter 07 on: a published port ---------------------------------------
#
# For tests/07-network-portforward.bats and the checks of chapter 07's
# exercises: the servers and clients are probes/peer_echo and
# probes/peer_ask, in a container (probes_rootfs), the host or the outside.

# A copy of the demo rootfs with /peer_echo and /peer_ask in it, made once
# per test: its path.
probes_rootfs() {
	local r=$BATS_TEST_TMPDIR/rootfs
	if [ ! -d "$r" ]; then
		copy_rootfs >/dev/null
		cp "$(probe peer_echo)" "$r/peer_echo"
		cp "$(probe peer_ask)" "$r/peer_ask"
	fi
	echo "$r"
}

# Runs the command (a peer_ask) and fails unless it was answered with the
# address the server saw, SAW.
assert_sees() { # SAW COMMAND [ARG...]
	local saw=$1
	shift
	run "$@"
	[ "$status" -eq 0 ] || fail "$* was not answered: $output"
	assert_equal "$output" "$saw" "$*: the server saw"
}

# Runs the command (a peer_ask) and fails unless it was refused (TCP RST,
# ICMP port unreachable: "refused"; -r says it); with -d, unless it got no
# answer at all (dropped on the way); with -n, unless it got no answer,
# either way.
assert_not_reached() { # [-r|-d|-n] COMMAND [ARG...]
	local want=refused
	case $1 in
	-r) shift ;;
	-d) want="no answer" && shift ;;
	-n) want="" && shift ;;
	esac
	run "$@"
	[ "$status" -eq 1 ] || fail "$* was answered ($status): $output"
	[[ $output == *": $want"* ]] || fail "$*: expected '$want', got: $output"
}
