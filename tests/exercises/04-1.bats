#!/usr/bin/env bats
# Exercise 04-1 (docs/04-security.md): with drop_bounding_set() and
# set_no_new_privs() commented out, root's first execve in the container
# takes the whole bounding set, the host's: CapEff is no longer Docker's 14
# (a80425fb). It passes only on a build with both lines commented out.

CH=${CH:-$PWD/ch04}
load ../helpers
load exercise

setup() {
	setup_container x04
}

teardown() {
	teardown_container
}

# The value of FIELD (CapEff, CapBnd, NoNewPrivs) in the status text.
field() { # FIELD TEXT
	awk -v f="$1:" '$1 == f { print $2 }' <<<"$2"
}

@test "exercise 04-1: without the bounding set and no_new_privs, the command's CapEff is the host's whole bounding set" {
	local host inside
	host=$(field CapBnd "$(cat /proc/self/status)")
	run "$CH" --name "$n" --seccomp unconfined cat /proc/self/status
	assert_status 0
	inside=$output
	[ "$(field NoNewPrivs "$inside")" = 0 ] || fail "no_new_privs is still set in the container"
	[ "$(field CapBnd "$inside")" = "$host" ] ||
		fail "CapBnd $(field CapBnd "$inside"), not the host's $host: the bounding set is still dropped"
	[ "$(field CapEff "$inside")" = "$host" ] ||
		fail "CapEff $(field CapEff "$inside"), not the host's bounding set $host"
}

@test "exercise 04-1: without no_new_privs, the default seccomp filter cannot be installed: 125" {
	run "$CH" --name "$n" true
	assert_status 125
	[[ $output == *"seccomp: Permission denied"* ]] || fail "not refused by the kernel: $output"
}
