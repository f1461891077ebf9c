#!/usr/bin/env bats
# Exercise 04-5 (docs/04-security.md): --systempaths unconfined, as docker
# run's --security-opt systempaths=unconfined: no masked and no read-only
# paths in /proc and /sys. Any other value is refused (125) in one line.

CH=${CH:-$PWD/ch04}
load ../helpers
load exercise

setup() {
	setup_container x04
}

teardown() {
	teardown_container
}

# What the container sees of /proc/keys (1,3: /dev/null over it), and of
# the mounts on /proc/sys and /sys/firmware.
SEE='stat -c %t,%T /proc/keys; grep -E " /proc/sys | /sys/firmware " /proc/mounts | cut -d" " -f2,4 | cut -d, -f1; echo end'

@test "exercise 04-5: --systempaths unconfined: /proc/keys is not masked, /proc/sys not read-only, /sys/firmware not hidden" {
	run "$CH" --name "$n" --systempaths unconfined sh -c "$SEE"
	assert_status 0
	[ "${lines[0]}" != 1,3 ] || fail "/proc/keys is still /dev/null (1,3): $output"
	[[ $output != *"/proc/sys ro"* ]] || fail "/proc/sys is still read-only: $output"
	[[ $output != *"/sys/firmware"* ]] || fail "/sys/firmware is still hidden: $output"
}

@test "exercise 04-5: without it, the paths are masked and read-only as before" {
	run "$CH" --name "$n" sh -c "$SEE"
	assert_status 0
	[ "${lines[0]}" = 1,3 ] || fail "/proc/keys is not masked: $output"
	[[ $output == *"/proc/sys ro"* ]] || fail "/proc/sys is not read-only: $output"
}

@test "exercise 04-5: --systempaths with another value is refused (125) in one line naming the option" {
	local value
	for value in confined default '' UNCONFINED; do
		assert_refused --systempaths "$value" --name "$n"
		assert_no_cgroup "$n"
	done
}
