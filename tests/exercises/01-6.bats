#!/usr/bin/env bats
# Exercise 01-6 (docs/01-namespaces.md): scripts/enter.c, a small
# `docker exec`: enter PID COMMAND... runs the command in the namespaces of
# the container process PID.

load ../helpers

setup() {
	require_ch
	name=ex-$(mark)
}

teardown() {
	stop_bg
}

# Builds scripts/enter.c as the chapters are built, warnings as errors.
build_enter() {
	[ -f "$REPO/scripts/enter.c" ] || fail "no scripts/enter.c"
	cc -std=gnu11 -Wall -Wextra -Werror -o "$BATS_TEST_TMPDIR/enter" \
		"$REPO/scripts/enter.c" || fail "scripts/enter.c does not build"
	enter=$BATS_TEST_TMPDIR/enter
}

# Starts a container running `sleep 300`: its PID 1 is $pid1, the sleep
# $pid2 (host PIDs).
start_container() {
	start_bg "$CH" --hostname "$name" sleep 300
	wait_until 5 eval 'pid1=$(pgrep -P "$bg_pid") && pid2=$(pgrep -P "$pid1")' ||
		fail "no container started"
}

@test "exercise 01-6: enter PID ps shows the container's processes, the command as PID 3" {
	build_enter
	start_container
	run "$enter" "$pid1" ps -o pid,args
	assert_status 0
	[ "${#lines[@]}" -eq 4 ] || fail "expected 3 processes: $output"
	[[ ${lines[1]} =~ ^\ *1\ kobako-init\ --\ sleep\ 300 ]] || fail "no init as PID 1: $output"
	[[ ${lines[2]} =~ ^\ *2\ sleep\ 300 ]] || fail "no sleep as PID 2: $output"
	[[ ${lines[3]} =~ ^\ *3\ ps\ -o\ pid,args ]] || fail "ps is not PID 3: $output"
}

@test "exercise 01-6: enter PID, with any process of the container, sees its hostname and its network" {
	build_enter
	start_container
	run "$enter" "$pid2" hostname
	assert_status 0
	assert_output "$name"
	run "$enter" "$pid2" ip -o link show
	assert_status 0
	[ "${#lines[@]}" -eq 1 ] && [[ $output == "1: lo:"* ]] || fail "not the container's network: $output"
}
