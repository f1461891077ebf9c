#!/usr/bin/env bats
# Exercise 03-5 (docs/03-cgroups.md): as docker run does, --memory below
# 6 MiB is refused (125) in one line naming the option, before any cgroup
# is made; 6 MiB and more work as before.

CH=${CH:-$PWD/ch03}
load ../helpers
load exercise

setup() {
	setup_container x03
}

teardown() {
	teardown_container
}

@test "exercise 03-5: --memory below 6 MiB is refused (125) in one line naming --memory, before any cgroup exists" {
	local value
	for value in 100k 1m 6143k 6291455; do
		assert_refused --memory "$value" --name "$n"
		assert_no_cgroup "$n"
	done
	assert_refused -m 100k --name "$n"
}

@test "exercise 03-5: --memory 6m and more still run the command" {
	local value
	for value in 6m 6144k 6291456 64m; do
		run "$CH" --name "$n" --memory "$value" echo started
		assert_status 0
		assert_output started
	done
}
