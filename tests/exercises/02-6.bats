#!/usr/bin/env bats
# Exercise 02-6 (docs/02-rootfs.md): without the check in rootfs.c that
# insists on a directory, proc follows a link where its mount point should
# be, and is mounted on the host's /etc: in the container's mount
# namespace, which the host does not see, and which pivot_root leaves
# behind.

load ../helpers

setup() {
	require_ch
	m=kobako-test-$(mark)
	r=$(copy_rootfs)
	rmdir "$r/proc" && ln -s /etc "$r/proc"
}

@test "exercise 02-6: a rootfs whose /proc is a link to /etc runs: the container has no proc" {
	local before
	before=$(host_mounts)
	run "$CH" --rootfs "$r" sh -c 'readlink /proc; ls /proc/self || echo "no /proc/self"'
	assert_status 0
	[[ ${lines[0]:-} == /etc ]] || fail "/proc is not the link: $output"
	[[ $output == *"no /proc/self"* ]] || fail "the container has a proc: $output"
	assert_host_mounts "$before"
	[ -r /etc/os-release ] && [ ! -e /etc/self ] || fail "proc is over the host's /etc"
}
