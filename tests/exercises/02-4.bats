#!/usr/bin/env bats
# Exercise 02-4 (docs/02-rootfs.md): --read-only makes the container's root
# read-only, as docker run --read-only does; its own mounts stay writable.

load ../helpers

setup() {
	require_ch
	r=$(copy_rootfs)
}

@test "exercise 02-4: with --read-only, writing to / fails: Read-only file system" {
	run "$CH" --rootfs "$r" --read-only touch /x
	[ "$status" -ne 0 ] || fail "touch /x worked"
	[[ $output == *"Read-only file system"* ]] || fail "not refused as read-only: $output"
	[ ! -e "$r/x" ] || fail "/x was made in the rootfs"
}

@test "exercise 02-4: with --read-only, /dev/shm, a mount of its own, is still writable" {
	run "$CH" --rootfs "$r" --read-only sh -c 'echo ok > /dev/shm/x && cat /dev/shm/x'
	assert_status 0
	assert_output ok
}

@test "exercise 02-4: without --read-only, / is writable" {
	run "$CH" --rootfs "$r" touch /x
	assert_status 0
	[ -e "$r/x" ] || fail "/x is not in the rootfs"
}
