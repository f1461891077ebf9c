#!/usr/bin/env bats
# Exercise 03-6 (docs/03-cgroups.md): scripts/cgroup-lock.sh NAME prints the
# PID of the process that holds the lock on the cgroup of the container
# NAME: its runtime, while it runs. Once the runtime is killed, its cgroup
# is left, with no lock on it, and the script fails; the next runtime of
# that name reclaims the cgroup.

CH=${CH:-$PWD/ch03}
load ../helpers
load exercise

setup() {
	setup_container x03
	command -v lslocks >/dev/null || skip "no lslocks (util-linux)"
	script=$REPO/scripts/cgroup-lock.sh
}

teardown() {
	teardown_container
}

@test "exercise 03-6: scripts/cgroup-lock.sh NAME prints the PID of the runtime that holds NAME's cgroup" {
	[ -x "$script" ] || fail "no executable scripts/cgroup-lock.sh"
	start_sleeper
	run "$script" "$n"
	assert_status 0
	assert_output "$bg_pid"
}

@test "exercise 03-6: after kill -KILL of the runtime, its cgroup is left and nobody holds it; the next run reclaims it" {
	[ -x "$script" ] || fail "no executable scripts/cgroup-lock.sh"
	start_sleeper
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
