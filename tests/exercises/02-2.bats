#!/usr/bin/env bats
# Exercise 02-2 (docs/02-rootfs.md): --shm-size MB sizes the container's
# /dev/shm, 64 MB if not given, as docker run --shm-size does.

load ../helpers

setup() {
	require_ch
	require_rootfs
}

# The size of /dev/shm in the container, in MB: df -m's second field.
shm_mb() {
	run "$CH" "$@" df -m /dev/shm
	assert_status 0
	shm=$(awk 'NR == 2 { print $2 }' <<<"$output")
}

@test "exercise 02-2: --shm-size 16 makes /dev/shm 16 MB" {
	shm_mb --shm-size 16
	assert_equal "$shm" 16 "the size of /dev/shm in MB:"
}

@test "exercise 02-2: without --shm-size, /dev/shm is 64 MB" {
	run "$CH" --shm-size 16 true
	assert_status 0
	shm_mb
	assert_equal "$shm" 64 "the size of /dev/shm in MB:"
}

@test "exercise 02-2: --shm-size 0 (no limit at all, to tmpfs) or a non-number is refused (125), nothing starts" {
	assert_refused --shm-size 0
	assert_refused --shm-size 16x
}
