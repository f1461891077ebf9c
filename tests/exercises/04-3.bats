#!/usr/bin/env bats
# Exercise 04-3 (docs/04-security.md): --seccomp log is the default filter
# with every refusal (EPERM) turned into SECCOMP_RET_LOG: the call is
# allowed, and the kernel logs an audit record of type 1326 (SECCOMP). The
# ABI checks still kill and refuse; a call the filter does not know still
# gets ENOSYS.

CH=${CH:-$PWD/ch04}
load ../helpers
load exercise

setup() {
	setup_container x04
}

teardown() {
	teardown_container
}

@test "exercise 04-3: --seccomp log lets unshare -U through, where the default refuses it" {
	run "$CH" --name "$n" unshare -U true
	[ "$status" -ne 0 ] || fail "the default filter let unshare -U through"
	run "$CH" --name "$n" --seccomp log unshare -U sh -c 'echo in a new user namespace'
	assert_status 0
	assert_output "in a new user namespace"
}

@test "exercise 04-3: --seccomp log: the kernel's log gets an audit record of the call (type=1326, the unshare's number)" {
	dmesg >/dev/null 2>&1 || skip "dmesg cannot read the kernel's log here"
	local before nr
	nr=$(printf '#include <sys/syscall.h>\nSYS_unshare\n' | cc -E -P - | tail -1)
	before=$(dmesg | grep -c "type=1326.*syscall=$nr ") || true
	run "$CH" --name "$n" --seccomp log unshare -U true
	assert_status 0
	wait_until 5 eval '[ "$(dmesg | grep -c "type=1326.*syscall=$nr ")" -gt "$before" ]' ||
		fail "no new type=1326 record of syscall=$nr in dmesg"
}

@test "exercise 04-3: --seccomp log keeps the answers that are not refusals: the listing has LOG, no EPERM but the x32 ABI's" {
	run "$CH" --seccomp log --print-seccomp
	assert_status 0
	grep -q 'KILL_PROCESS' <<<"$output" || fail "no KILL_PROCESS for another ABI"
	grep -q 'ERRNO(ENOSYS)' <<<"$output" || fail "no ENOSYS for unknown calls"
	[ "$(grep -c 'ERRNO(EPERM)' <<<"$output")" -le 1 ] ||
		fail "EPERM is still returned: $(grep -c 'ERRNO(EPERM)' <<<"$output") times"
	grep -qE 'LOG' <<<"$output" || fail "no LOG verdict in the listing"
}

@test "exercise 04-3: --seccomp with another name is refused (125) in one line naming the option" {
	assert_refused --seccomp logs --name "$n"
}
