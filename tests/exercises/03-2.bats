#!/usr/bin/env bats
# Exercise 03-2 (docs/03-cgroups.md): scripts/cpu-throttle.sh NAME [SECS]
# prints how long the container NAME was throttled by its CPU limit, in
# seconds per second: about 0.8 for a busy loop under --cpus 0.2, about 0
# under --cpus 1. The CPU is shared, so the bounds are loose.

CH=${CH:-$PWD/ch03}
load ../helpers
load exercise

setup() {
	setup_container x03
	script=$REPO/scripts/cpu-throttle.sh
}

teardown() {
	teardown_container
}

# Runs a busy loop under --cpus CPUS, and the script on it for 2 s.
throttle_of_loop() { # CPUS
	start_bg "$CH" --name "$n" --cpus "$1" sh -c 'while :; do :; done'
	wait_until 10 eval '[ -n "$(cgroup_dirs "$n")" ]' || fail "no cgroup named $n"
	sleep 0.5
	run "$script" "$n" 2
	assert_status 0
	[[ $output =~ ^[0-9]+\.[0-9]+$ ]] || fail "not a number of seconds: $output"
}

@test "exercise 03-2: scripts/cpu-throttle.sh shows a loop under --cpus 0.2 throttled about 0.8 s a second" {
	[ -x "$script" ] || fail "no executable scripts/cpu-throttle.sh"
	throttle_of_loop 0.2
	awk -v t="$output" 'BEGIN { exit !(t >= 0.5 && t <= 0.95) }' ||
		fail "throttled $output s a second under --cpus 0.2, not about 0.8"
}

@test "exercise 03-2: scripts/cpu-throttle.sh shows a loop under --cpus 1 hardly throttled" {
	[ -x "$script" ] || fail "no executable scripts/cpu-throttle.sh"
	throttle_of_loop 1
	awk -v t="$output" 'BEGIN { exit !(t < 0.3) }' ||
		fail "throttled $output s a second under --cpus 1, a single loop"
}

@test "exercise 03-2: scripts/cpu-throttle.sh fails for a container that is not there" {
	[ -x "$script" ] || fail "no executable scripts/cpu-throttle.sh"
	run "$script" "$n" 1
	[ "$status" -ne 0 ] || fail "status 0 for no container: $output"
}
