#!/usr/bin/env bats
# Chapter 08 claims: Podman, with conmon, runs containers on the runtime
# through the OCI command line (create, start, kill, delete, exec), and what
# a `podman run` asks for is what the container gets. The command's exit
# status comes back (0, 3; 126 for a file that cannot be run, 127 for one
# that is not there; 137 once killed), and so do its stdout and stderr, each
# on its own; -i gives it stdin, -t a terminal of its own. podman stop sends
# SIGTERM, which a trap may answer, then SIGKILL; podman kill sends the
# signal asked for. --memory and --pids-limit reach the container's cgroup,
# --cap-drop and --cap-add its capability sets, --read-only its root,
# --user its identity, --security-opt seccomp its filter; exec runs a
# command beside the first one (skipped when the runtime has no exec).
# Nothing is left behind: no container, cgroup, conmon, mount or runtime
# state, and nothing of Podman's outside the test's own directory.
#
# Podman runs on a directory of the file's own, never the machine's: see
# tests/oci.bash. RUNTIME (default: $CH, the chapter's binary) is the
# runtime under test: RUNTIME=/usr/sbin/runc checks the tests themselves.

# shellcheck disable=SC2154 # n: the container's name, set by oci_setup
load helpers
load oci
bats_require_minimum_version 1.5.0

setup_file() { oci_setup_file; }
teardown_file() { oci_teardown_file; }
setup() { oci_setup; }
teardown() { oci_teardown; }

# The capability sets, as /proc/PID/status shows them: Debian's default
# eleven (CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP
# NET_BIND_SERVICE SYS_CHROOT SETFCAP), without CHOWN (bit 0), and with
# NET_RAW (bit 13).
DEFAULT_CAPS=00000000800405fb
NO_CHOWN_CAPS=00000000800405fa
NET_RAW_CAPS=00000000800425fb

# --- the command's status and streams ---------------------------------------

@test "run: the exit status comes back, 0 and 3; stdout and stderr each on its own" {
	run oci_run --rm -- true
	assert_status 0
	oci_run --rm -- sh -c 'echo out; echo err >&2; exit 3' \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
	assert_equal "$status" 3 "the exit status"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" out "stdout"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" err "stderr"
}

@test "run: a file that cannot be run is 126, one that is not there 127" {
	run oci_run --rm -- /etc/passwd
	assert_status 126
	run -127 oci_run --rm -- /no/such/program
	run -127 oci_run --rm -- no-such-program
}

@test "run -i: stdin reaches the command" {
	# shellcheck disable=SC2016 # the container's shell expands it
	run oci_run --rm -i -- sh -c 'read -r line; echo "got $line"' <<<hello
	assert_status 0
	assert_output "got hello"
}

@test "run -it: the command gets a terminal of its own, and its status comes back" {
	run script -qec "$(oci_run_line run --rm -it --cgroup-parent "$OCI_PARENT" \
		--rootfs "$OCI_DIR/rootfs" sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo both; exit 4')" \
		/dev/null </dev/null
	assert_status 4
	# (What script shows may have other bytes too: ^@ here.)
	[[ $output == *"/dev/pts/"[0-9]*both* ]] || fail "expected a /dev/pts terminal on 0 and 1: $output"
}

# --- signals ------------------------------------------------------------------

@test "stop: SIGTERM reaches the command, and its trap's status comes back" {
	run oci_run -d --name "$n" -- sh -c 'trap "exit 42" TERM; echo ready; while :; do sleep 0.1; done'
	assert_status 0
	wait_until 10 pm_logs_say ready
	# 42, not 137: the trap ended it, before the SIGKILL 30 s later.
	run pm stop -t 30 "$n"
	assert_status 0
	run pm inspect --format '{{.State.ExitCode}}' "$n"
	assert_output 42
}
pm_logs_say() { [ "$(pm logs "$n" 2>/dev/null)" = "$1" ]; }

@test "stop: a command that ignores SIGTERM is killed after the timeout (137)" {
	# Ignored by the command itself: whether the runtime's PID 1 is the
	# command (runc) or an init that passes the signal on (ch08), nothing
	# ends it but SIGKILL.
	run oci_run -d --name "$n" -- sh -c 'trap "" TERM; echo ready; while :; do sleep 0.1; done'
	assert_status 0
	wait_until 10 pm_logs_say ready
	run pm stop -t 1 "$n"
	assert_status 0
	run pm inspect --format '{{.State.ExitCode}}' "$n"
	assert_output 137
}

@test "kill: SIGKILL by default (137); -s USR1 reaches the command's trap" {
	run oci_run -d --name "$n" -- sh -c 'echo ready; while :; do sleep 0.1; done'
	assert_status 0
	wait_until 10 pm_logs_say ready
	run pm kill "$n"
	assert_status 0
	run pm wait "$n"
	assert_output 137
	pm rm "$n" >/dev/null

	run oci_run -d --name "$n" -- sh -c 'trap "exit 10" USR1; echo ready; while :; do sleep 0.1; done'
	assert_status 0
	wait_until 10 pm_logs_say ready
	run pm kill -s USR1 "$n"
	assert_status 0
	run pm wait "$n"
	assert_output 10
}

# --- what the container gets --------------------------------------------------

# The limit in the container's cgroup, read on the host: cgroup v2's file,
# or v1's in its controller's hierarchy (a runtime need not mount its v1
# hierarchies inside: chapter 03's does not).
host_limit() { # V2_FILE CONTROLLER V1_FILE
	local pid path
	pid=$(pm inspect --format '{{.State.Pid}}' "$n")
	if path=$(sed -n 's/^0:://p' "/proc/$pid/cgroup") && [ -n "$path" ] &&
		[ -e "/sys/fs/cgroup$path/$1" ]; then
		cat "/sys/fs/cgroup$path/$1"
	else
		path=$(awk -F: -v c="$2" '$2 ~ "(^|,)" c "(,|$)" { print $3 }' "/proc/$pid/cgroup")
		cat "/sys/fs/cgroup/$2$path/$3"
	fi
}

@test "--memory 64m reaches the container's cgroup" {
	run oci_run -d --name "$n" --memory 64m -- sleep 30
	assert_status 0
	run host_limit memory.max memory memory.limit_in_bytes
	assert_output 67108864
}

@test "--pids-limit 20 reaches the container's cgroup" {
	run oci_run -d --name "$n" --pids-limit 20 -- sleep 30
	assert_status 0
	run host_limit pids.max pids pids.max
	assert_output 20
}

@test "capabilities: the default set; --cap-drop ALL empties every set; --cap-drop and --cap-add change one" {
	run oci_run --rm -- grep CapEff /proc/self/status
	assert_status 0
	assert_output "CapEff:	$DEFAULT_CAPS"
	run oci_run --rm --cap-drop ALL -- grep -E 'Cap(Prm|Eff|Bnd)' /proc/self/status
	assert_status 0
	assert_output "$(printf 'CapPrm:\t%016d\nCapEff:\t%016d\nCapBnd:\t%016d' 0 0 0)"
	run oci_run --rm --cap-drop CHOWN -- grep CapEff /proc/self/status
	assert_status 0
	assert_output "CapEff:	$NO_CHOWN_CAPS"
	run oci_run --rm --cap-add NET_RAW -- grep CapEff /proc/self/status
	assert_status 0
	assert_output "CapEff:	$NET_RAW_CAPS"
}

@test "--read-only: the root refuses writes; /tmp, a tmpfs, takes them" {
	run oci_run --rm --read-only -- sh -c 'touch /x; echo "root $?"; touch /tmp/x; echo "tmp $?"'
	assert_status 0
	[[ $output == *"Read-only file system"* ]] || fail "no EROFS: $output"
	[[ $output == *"root 1"*"tmp 0" ]] || fail "expected root 1, tmp 0: $output"
	[ ! -e "$OCI_DIR/rootfs/x" ] || fail "the rootfs was written"
}

@test "--user 1000:1000: the command runs as that user, with no effective capability" {
	run oci_run --rm --user 1000:1000 -- sh -c 'id -u; id -g; grep CapEff /proc/self/status'
	assert_status 0
	assert_output "$(printf '1000\n1000\nCapEff:\t%016d' 0)"
}

@test "seccomp: a filter by default and with seccomp.json; none when unconfined" {
	local profile=/usr/share/containers/seccomp.json
	[ -f "$profile" ] || skip "no $profile (golang-github-containers-common)"
	run oci_run --rm -- grep '^Seccomp:' /proc/self/status
	assert_status 0
	assert_output "Seccomp:	2"
	run oci_run --rm --security-opt "seccomp=$profile" -- grep '^Seccomp:' /proc/self/status
	assert_status 0
	assert_output "Seccomp:	2"
	run oci_run --rm --security-opt seccomp=unconfined -- grep '^Seccomp:' /proc/self/status
	assert_status 0
	assert_output "Seccomp:	0"
}

# --- exec -----------------------------------------------------------------------

@test "exec: a command beside the first: its status, output and stdin come back, in the same PID namespace" {
	oci_has_exec || skip "$RUNTIME has no exec"
	run oci_run -d --name "$n" -- sh -c 'echo ready; while :; do sleep 0.1; done'
	assert_status 0
	wait_until 10 pm_logs_say ready
	run pm exec "$n" sh -c 'echo out; exit 5'
	assert_status 5
	assert_output out
	run pm exec -i "$n" cat <<<hello
	assert_status 0
	assert_output hello
	# PID 1 of the PID namespace exec joined: the container's first
	# command, or a runtime's init that runs it (ch08's kobako-init).
	run pm exec "$n" cat /proc/1/cmdline
	assert_status 0
	[[ $output == *"echo ready"* ]] || fail "PID 1 is not the container's first command: $output"
	run -127 pm exec "$n" no-such-program
	run script -qec "$(oci_run_line exec -it "$n" sh -c 'tty; exit 6')" /dev/null </dev/null
	assert_status 6
	[[ $output == *"/dev/pts/"[0-9]* ]] || fail "exec -it has no terminal: $output"
}

# --- nothing left behind -------------------------------------------------------

@test "nothing is left behind, and Podman made nothing outside its directory" {
	run oci_run --rm -- true
	assert_status 0
	run -127 oci_run --rm -- no-such-program
	run oci_run -d --name "$n" -- sh -c 'while :; do sleep 0.1; done'
	assert_status 0
	run pm kill "$n"
	assert_status 0
	run pm wait "$n"
	assert_status 0
	run pm rm "$n"
	assert_status 0
	oci_assert_clean
	assert_equal "$(oci_note_machine)" "$(cat "$OCI_DIR/machine.before")" \
		"Podman's places on the machine (before: $OCI_DIR/machine.before)"
}
