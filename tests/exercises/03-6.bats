#!/usr/bin/env bats
# Exercise 03-6 (docs/03-cgroups.md): scripts/cgroup-lock.sh NAME prints the
# PID of the process that holds the lock on the cgroup of the container
# NAME: its runtime, while it runs. Once the runtime is killed, its cgroup
# is left, with no lock on it, and the script fails; the next runtime of
# that name reclaims the cgroup.

CH=${CH:-$PWD/ch03}
load ../helpers

setup() {
	require_ch
	require_rootfs
	command -v lslocks >/dev/null || skip "no lslocks (util-linux)"
	cd "$REPO"
	m=$(mark)
	n=x03-$m
	script=$REPO/scripts/cgroup-lock.sh
}

teardown() {
	stop_bg
	local dir
	for dir in $(cgroup_dirs "$n"); do
		wait_until 5 eval '[ -z "$(cat "$dir/cgroup.procs" 2>/dev/null)" ]' || true
		rmdir "$dir" 2>/dev/null || true
	done
}

start_container() {
	start_bg "$CH" --name "$n" sh -c "echo ready; exec sleep $m"
	wait_until 30 eval 'grep -qx ready "$BATS_TEST_TMPDIR/bg.out" || ! kill -0 "$bg_pid" 2>/dev/null'
	grep -qx ready "$BATS_TEST_TMPDIR/bg.out" ||
		fail "the container did not start: $(cat "$BATS_TEST_TMPDIR/bg.out")"
}

@test "exercise 03-6: scripts/cgroup-lock.sh NAME prints the PID of the runtime that holds NAME's cgroup" {
	[ -x "$script" ] || fail "no executable scripts/cgroup-lock.sh"
	start_container
	run "$script" "$n"
	assert_status 0
	assert_output "$bg_pid"
}

@test "exercise 03-6: after kill -KILL of the runtime, its cgroup is left and nobody holds it; the next run reclaims it" {
	[ -x "$script" ] || fail "no executable scripts/cgroup-lock.sh"
	start_container
	kill -KILL "$bg_pid"
	wait "$bg_pid" 2>/dev/null || true
	bg_pid=
	[ -n "$(cgroup_dirs "$n")" ] || fail "the killed runtime's cgroup is gone"
	run "$script" "$n"
	[ "$status" -ne 0 ] || fail "status 0, and '$output', for a cgroup nobody holds"
	run "$CH" --name "$n" echo again
	assert_status 0
	[[ $output == *reclaiming* && $output == *again ]] || fail "not reclaimed: $output"
}

@test "exercise 03-6: scripts/cgroup-lock.sh fails for a container that is not there" {
	[ -x "$script" ] || fail "no executable scripts/cgroup-lock.sh"
	run "$script" "$n"
	[ "$status" -ne 0 ] || fail "status 0 for no container: $output"
}
