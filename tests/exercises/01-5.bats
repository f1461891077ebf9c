#!/usr/bin/env bats
# Exercise 01-5 (docs/01-namespaces.md): without MS_REC in
# make_mounts_private(), the container's /proc lands on the host's. Shown
# in a stand-in host: a mount namespace whose mounts are shared, as systemd
# makes a host's, but private from this machine's, so nothing reaches it.

load ../helpers

setup() {
	require_ch
}

# In a stand-in host: runs the binary, then prints its status and the
# number of processes the stand-in's /proc lists.
in_stand_in() {
	run unshare --mount --propagation private -- sh -c '
		mount --make-rshared / || exit 99
		"$1" true >/dev/null 2>&1
		echo "status $?"
		ls /proc | grep -c "^[0-9]"' sh "$CH"
}

@test "exercise 01-5: the container's /proc is mounted over its host's /proc: the host's ps shows no process" {
	in_stand_in
	[ "${lines[0]:-}" = "status 0" ] || fail "the container failed: $output"
	assert_equal "${lines[1]:-}" 0 "the stand-in host's /proc still lists its processes:"
}

@test "exercise 01-5: this machine's own /proc still lists its processes" {
	in_stand_in
	[ "$(ls /proc | grep -c '^[0-9]')" -gt 0 ] || fail "this machine's /proc lists no process"
	[ -e /proc/self/stat ] || fail "this machine's /proc has no self"
}
