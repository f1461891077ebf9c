#!/usr/bin/env bats
# Exercise 02-1 (docs/02-rootfs.md): a real distribution's root file
# system, made offline by scripts/distro-rootfs.sh DIR from this machine's
# own installed files, runs in the container.

load ../helpers

setup() {
	require_ch
	[ -r /etc/os-release ] || skip "this machine has no /etc/os-release"
	root=$BATS_TEST_TMPDIR/distro-root
}

make_distro_rootfs() {
	[ -x "$REPO/scripts/distro-rootfs.sh" ] || fail "no scripts/distro-rootfs.sh (or not executable)"
	run "$REPO/scripts/distro-rootfs.sh" "$root"
	assert_status 0
}

@test "exercise 02-1: the container in scripts/distro-rootfs.sh's rootfs names this machine's distribution" {
	make_distro_rootfs
	run "$CH" --rootfs "$root" cat /etc/os-release
	assert_status 0
	assert_output "$(cat /etc/os-release)"
}

@test "exercise 02-1: its programs are this machine's, with their libraries, not busybox: sh and ls run" {
	make_distro_rootfs
	[ ! -e "$root/bin/busybox" ] || fail "a busybox rootfs, not the distribution's programs"
	run "$CH" --rootfs "$root" /bin/sh -c 'ls /dev/null /proc/self/exe && echo $0'
	assert_status 0
	[[ $output == *"/dev/null"*"/proc/self/exe"*"/bin/sh" ]] || fail "unexpected: $output"
	local sh_host
	sh_host=$(readlink -f "$(command -v sh)")
	cmp -s "$root/bin/sh" "$sh_host" || fail "/bin/sh in the rootfs is not this machine's ($sh_host)"
}
