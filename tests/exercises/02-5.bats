#!/usr/bin/env bats
# Exercise 02-5 (docs/02-rootfs.md): without the umount2 in pivot_to_cwd(),
# the host's root stays stacked on the container's /: /.. leads to it.

load ../helpers

setup() {
	require_ch
	require_rootfs
	[ -r /etc/os-release ] || skip "this machine has no /etc/os-release"
}

@test "exercise 02-5: /../etc/os-release in the container is the host's" {
	run "$CH" cat /../etc/os-release
	assert_status 0
	assert_output "$(cat /etc/os-release)"
}

@test "exercise 02-5: the container's mount table has the host's mounts in it, and its own" {
	local host
	host=$(wc -l </proc/self/mountinfo)
	run "$CH" wc -l /proc/self/mountinfo
	assert_status 0
	local n=${output%% *}
	[ "$n" -gt "$host" ] || fail "$n mounts inside, $host on the host: the host's root was detached"
}
