#!/usr/bin/env bats
# Exercise 01-1 (docs/01-namespaces.md): --domainname NAME sets the NIS
# domain name inside, as --hostname sets the hostname.

load ../helpers

setup() {
	require_ch
}

@test "exercise 01-1: --domainname sets the NIS domain name inside; the host's is unchanged" {
	local host
	host=$(cat /proc/sys/kernel/domainname)
	run "$CH" --domainname example.test cat /proc/sys/kernel/domainname
	assert_status 0
	assert_output example.test
	assert_equal "$(cat /proc/sys/kernel/domainname)" "$host" "the host's domain name changed"
}

@test "exercise 01-1: --domainname leaves the hostname alone" {
	run "$CH" --domainname example.test hostname
	assert_status 0
	assert_output kobako
}
