#!/usr/bin/env bats
# Exercise 04-4 (docs/04-security.md): with LEAF set to RULES_MAX, the
# seccomp filter is one line of tests, not a tree; it still assembles
# (the verdicts and argument checks are placed within reach of the tests
# that jump to them) and still judges every call as the tree did.

CH=${CH:-$PWD/ch04}
load ../helpers
load exercise

setup() {
	setup_container x04
}

teardown() {
	teardown_container
}

@test "exercise 04-4: --print-seccomp prints a line: no jge on the call's number, only the x32 ABI's" {
	run "$CH" --print-seccomp
	assert_status 0
	local splits
	splits=$(grep -E '^ *[0-9]+ .* jge ' <<<"$output" | grep -v __X32_SYSCALL_BIT) || true
	[ -z "$splits" ] || fail "the filter is still a tree:" "$(head -3 <<<"$splits")"
	[ "$(grep -cE '^ *[0-9]+ .* jeq ' <<<"$output")" -ge 300 ] || fail "not a line of jeq: $output"
}

@test "exercise 04-4: the line judges as the tree did: a shell, a fork, a pipe run; unshare -U is refused (EPERM)" {
	run "$CH" --name "$n" sh -c 'sleep 0 & wait; echo hi | cat; uname -s'
	assert_status 0
	assert_output "$(printf 'hi\nLinux')"
	run "$CH" --name "$n" unshare -U true
	assert_status 1
	[[ $output == *"Operation not permitted"* ]] || fail "not EPERM: $output"
}
