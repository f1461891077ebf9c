#!/usr/bin/env bats
# Exercise 01-2 (docs/01-namespaces.md): scripts/find-container.sh HOSTNAME
# finds, from the host, the PID 1 of the container with that hostname,
# knowing no PID beforehand.

load ../helpers
bats_require_minimum_version 1.5.0

setup() {
	require_ch
	name=ex-$(mark)
}

teardown() {
	stop_bg
}

@test "exercise 01-2: scripts/find-container.sh HOSTNAME prints the host PID of that container's PID 1" {
	[ -x "$REPO/scripts/find-container.sh" ] || fail "no scripts/find-container.sh (or not executable)"
	start_bg "$CH" --hostname "$name" sleep 300
	local pid1
	wait_until 5 eval 'pid1=$(pgrep -P "$bg_pid") && [ -n "$pid1" ]' || fail "no container started"
	sleep 0.3 # until it has set its hostname
	run "$REPO/scripts/find-container.sh" "$name"
	assert_status 0
	assert_output "$pid1"
	run nsenter --target "$output" --uts hostname
	assert_output "$name"
}

@test "exercise 01-2: scripts/find-container.sh fails, printing no PID, for a hostname no container has" {
	[ -x "$REPO/scripts/find-container.sh" ] || fail "no scripts/find-container.sh (or not executable)"
	run --separate-stderr "$REPO/scripts/find-container.sh" "$name"
	[ "$status" -ne 0 ] || fail "status 0 for a hostname no container has"
	assert_output ""
}
