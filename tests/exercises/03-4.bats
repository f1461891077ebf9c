#!/usr/bin/env bats
# Exercise 03-4 (docs/03-cgroups.md): --device-write-bps DEVICE:RATE limits
# how fast the container writes to the block device DEVICE, as in docker
# run: v2 io.max (MAJOR:MINOR wbps=BYTES), v1
# blkio.throttle.write_bps_device (MAJOR:MINOR BYTES).
#
# The device is one the check makes, so that it exists on any machine: a
# loop device on a 64 MiB file, with an ext4 file system that holds a copy
# of the demo rootfs. The container writes to its own root with O_DIRECT,
# so that the writes reach the device while dd runs, not the page cache.

CH=${CH:-$PWD/ch03}
load ../helpers
load exercise

setup() {
	setup_container x03
	command -v losetup >/dev/null && command -v mkfs.ext4 >/dev/null ||
		skip "no losetup or mkfs.ext4"
	root=$BATS_TEST_TMPDIR/root
	truncate -s 64M "$BATS_TEST_TMPDIR/disk"
	loop=$(losetup -f --show "$BATS_TEST_TMPDIR/disk") || skip "no loop device"
	mkfs.ext4 -q "$loop"
	mkdir "$root"
	mount "$loop" "$root"
	cp -a "$ROOTFS/." "$root/"
}

teardown() {
	teardown_container
	umount "$root" 2>/dev/null || umount -l "$root" 2>/dev/null || true
	[ -z "${loop:-}" ] || losetup -d "$loop" 2>/dev/null || true
}

# Runs dd in a container on the loop device's rootfs, writing 8 MiB with
# O_DIRECT, with the options ARGS; sets secs to the time it took.
write_8m() { # ARG...
	local start=$EPOCHREALTIME
	run "$CH" --name "$n" --rootfs "$root" "$@" \
		dd if=/dev/zero of=/written bs=1M count=8 oflag=direct
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
	assert_status 0
}

@test "exercise 03-4: --device-write-bps LOOP:4m: 8 MiB of direct writes to it take about 2 s" {
	write_8m --device-write-bps "$loop:4m"
	awk -v t="$secs" 'BEGIN { exit !(t >= 1.4 && t <= 10) }' ||
		fail "8 MiB at 4 MiB/s took $secs s, not about 2 s"
	assert_no_cgroup "$n"
}

@test "exercise 03-4: without --device-write-bps, the same writes take well under 1 s" {
	write_8m
	awk -v t="$secs" 'BEGIN { exit !(t < 1) }' || fail "8 MiB took $secs s without a limit"
}

@test "exercise 03-4: a DEVICE that is no block device, or a bad RATE, is refused (125), before any cgroup exists" {
	local value
	for value in /etc/passwd:4m "$loop" "$loop:fast" /nonexistent:4m; do
		assert_refused --device-write-bps "$value" --name "$n" --rootfs "$root"
		assert_no_cgroup "$n"
	done
}
