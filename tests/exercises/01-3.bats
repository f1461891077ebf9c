#!/usr/bin/env bats
# Exercise 01-3 (docs/01-namespaces.md): without run_init, the command is
# PID 1, and the duties of an init are nobody's: what the page says you
# will see, seen.

load ../helpers
bats_require_minimum_version 1.5.0

setup() {
	require_ch
}

teardown() {
	stop_bg
}

@test "exercise 01-3: the command is PID 1" {
	run "$CH" sh -c 'echo $$'
	assert_status 0
	assert_output 1
}

@test "exercise 01-3: a command that does not exist exits 127, one that cannot be run 126" {
	run -127 "$CH" nosuch-command-$(mark)
	assert_status 127
	run -126 "$CH" /etc/passwd
	assert_status 126
}

@test "exercise 01-3: sleep as PID 1 ignores SIGTERM: killed after --stop-timeout, 137" {
	start_bg "$CH" --stop-timeout 1 sleep 30
	wait_until 5 eval '[ -n "$(pgrep -P "$bg_pid")" ]' || fail "no container started"
	sleep 0.5
	kill -TERM "$bg_pid"
	wait_bg 10
	assert_status 137
	[[ $output == *"did not stop: killing it"* ]] || fail "no word of the kill: $output"
}

@test "exercise 01-3: an orphan stays a zombie under a PID 1 that never waits" {
	run "$CH" sh -c '(sleep 0.1 &); (sleep 1; ps -o pid,stat,comm) & exec sleep 2'
	assert_status 0
	grep -qE '^ *1 +S[^ ]* +sleep$' <<<"$output" || fail "PID 1 is not sleep: $output"
	grep -qE '^ *[0-9]+ +Z[^ ]* +sleep$' <<<"$output" || fail "no zombie: $output"
}
