#!/usr/bin/env bats
# Exercise 01-4 (docs/01-namespaces.md): the command runs in a time
# namespace of its own, whose boot-time clock starts near 0.

load ../helpers

setup() {
	require_ch
	[ -e /proc/self/ns/time ] || skip "this kernel has no time namespace (Linux 5.6 or later)"
}

@test "exercise 01-4: /proc/uptime inside starts near 0, as if the container had just booted" {
	run "$CH" cat /proc/uptime
	assert_status 0
	local up=${output%%[. ]*}
	[[ $up =~ ^[0-9]+$ ]] || fail "not an uptime: $output"
	[ "$up" -lt 5 ] || fail "the uptime inside is the host's: $output (host: $(cat /proc/uptime))"
}

@test "exercise 01-4: the command's time namespace is not the host's" {
	run "$CH" readlink /proc/self/ns/time
	assert_status 0
	[[ $output == time:* ]] || fail "not a namespace: $output"
	[ "$output" != "$(readlink /proc/self/ns/time)" ] || fail "the host's time namespace: $output"
}
