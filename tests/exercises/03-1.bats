#!/usr/bin/env bats
# Exercise 03-1 (docs/03-cgroups.md): when the OOM killer killed a process
# of the container, but not the container's command (its status is not 137),
# the runtime warns once it ends.

CH=${CH:-$PWD/ch03}
load ../helpers
load exercise
bats_require_minimum_version 1.5.0

setup() {
	setup_container x03
}

teardown() {
	teardown_container
}

@test "exercise 03-1: a shell that survives the OOM kill of its tail ends with a warning of the kill" {
	run --separate-stderr "$CH" --name "$n" --memory 16m sh -c 'tail /dev/zero; echo survived'
	assert_status 0
	assert_output survived
	[[ $stderr == *"OOM killer"* ]] || fail "no warning of the OOM kill: '$stderr'"
	[ "$(grep -c . <<<"$stderr")" -eq 2 ] || fail "expected Killed and one warning: $stderr"
	assert_no_cgroup "$n"
}

@test "exercise 03-1: a container that no OOM kill touched ends without a warning" {
	run --separate-stderr "$CH" --name "$n" --memory 16m true
	assert_status 0
	[ -z "$stderr" ] || fail "a warning without an OOM kill: $stderr"
}

@test "exercise 03-1: a command killed for lack of memory gets the out-of-memory line alone" {
	run --separate-stderr "$CH" --name "$n" --memory 16m tail /dev/zero
	assert_status 137
	[[ $stderr == *"container killed: out of memory"* ]] || fail "no out-of-memory line: $stderr"
	[ "$(grep -c . <<<"$stderr")" -eq 1 ] || fail "more than the out-of-memory line: $stderr"
}
