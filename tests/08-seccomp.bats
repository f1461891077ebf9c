#!/usr/bin/env bats
# Chapter 08 claims for linux.seccomp, through tests/json/seccomp-test (the
# profile compiler alone, without a container): Docker's default profile,
# as Podman writes it into config.json, compiles within the kernel's 4096
# instructions and loads; under it ordinary commands work, and the calls it
# refuses fail with its errno (EPERM for the ones it names, ENOSYS for the
# ones it does not list, and for a call through an ABI it lists but this
# build cannot judge, x32); a call through an ABI a profile does not list
# kills. A rule's ERRNO returns its
# errnoRet (EPERM if none); argument conditions compare all 64 bits (GT
# above 2^32, MASKED_EQ on both words); the first rule that holds for a call
# wins, a rule's conditions are ANDed. What the compiler cannot honour is
# refused, naming its path in config.json.
#
# Docker's profile is /usr/share/containers/seccomp.json (Debian package
# golang-github-containers-common), made the OCI spec's linux.seccomp by
# tests/json/oci-profile.jq, for Docker's 14 capabilities, as the engine
# does. The refused calls are tried by tests/probes/escape.c (see its
# header), in a PID namespace of their own, as it asks.

load helpers
bats_require_minimum_version 1.5.0

DOCKER_PROFILE=/usr/share/containers/seccomp.json
DOCKER_CAPS='["CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FSETID","CAP_FOWNER","CAP_MKNOD",
	"CAP_NET_RAW","CAP_SETGID","CAP_SETUID","CAP_SETFCAP","CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_KILL","CAP_AUDIT_WRITE"]'

# The driver, built once per file (SECCOMP_TEST=PATH tests another build of
# it, a sanitizer's for one).
# The VM lane may have no compiler: every test then skips, and says why.
setup_file() {
	if [ -z "${SECCOMP_TEST:-}" ]; then
		export SECCOMP_TEST=$REPO/build/tests/seccomp-test
		command -v cc >/dev/null || return 0
		make -C "$REPO" --no-print-directory -s build/tests/seccomp-test >&2 || return 1
	fi
}

setup() {
	T=$SECCOMP_TEST
	[ -x "$T" ] || skip "no C compiler (cc) to build the driver with"
	require_rootfs
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Docker's profile as config.json has it: docker.json here.
docker_profile() {
	[ -f "$DOCKER_PROFILE" ] || skip "no $DOCKER_PROFILE (apt-get install golang-github-containers-common)"
	command -v jq >/dev/null || skip "no jq"
	jq --argjson caps "$DOCKER_CAPS" --arg arch amd64 --arg native SCMP_ARCH_X86_64 \
		-f "$REPO/tests/json/oci-profile.jq" "$DOCKER_PROFILE" >docker.json
}

# profile.json: a config.json with linux.seccomp made of default action
# ACTION and the rules given, one JSON object each.
profile() { # ACTION [RULE...]
	local action=$1
	shift
	printf '{"linux": {"seccomp": {"defaultAction": "%s", "syscalls": [%s]}}}\n' \
		"$action" "$(
			IFS=,
			echo "$*"
		)" >profile.json
}

# Runs the escape probe under PROFILE, in PID and mount namespaces of its
# own, without a core file should the filter kill it.
escape_under() { # PROFILE NAME
	# shellcheck disable=SC2016 # expanded by that bash
	run unshare --pid --mount --fork -- bash -c \
		'ulimit -c 0; exec "$1" "$2" "$3" "$4"' - "$T" "$1" "$(probe escape)" "$2"
}

@test "Docker's profile compiles within the kernel's 4096 instructions, and its listing checks the ABI first" {
	[ "$(uname -m)" = x86_64 ] || skip "the profile's names are converted for x86-64"
	docker_profile
	run "$T" --list docker.json
	assert_status 0
	local n
	n=$(echo "$output" | sed -n 's/.*: \([0-9]*\) instructions.*/\1/p')
	[ "$n" -gt 300 ] && [ "$n" -le 4096 ] || fail "$n instructions"
	echo "$output" | grep -q '^   0 .*ld   \[4\]  arch' || fail "$output"
	echo "$output" | grep -q 'SCMP_ARCH_X86?$' || fail "X86 is listed: $output"
	echo "$output" | grep -q 'jge  #0x40000000 .*__X32_SYSCALL_BIT' || fail "$output"
	echo "$output" | grep -q 'ret  ERRNO(38) .*any other call' || fail "$output"
}

@test "under Docker's profile, ordinary commands work" {
	[ "$(uname -m)" = x86_64 ] || skip "the profile's names are converted for x86-64"
	docker_profile
	run "$T" docker.json "$ROOTFS/bin/busybox" sh -c \
		'echo hello; ls / >/dev/null && mkdir d && rmdir d && grep ^Seccomp: /proc/self/status'
	assert_status 0
	assert_output "$(printf 'hello\nSeccomp:\t2')"
}

@test "under Docker's profile, the calls it names fail with EPERM, those it does not list with ENOSYS, as x32 calls (listed, not judged)" {
	[ "$(uname -m)" = x86_64 ] || skip "the profile's names are converted for x86-64"
	docker_profile
	local call want
	for call in swapon:EPERM acct:EPERM bpf:EPERM clock_settime:EPERM userfaultfd:EPERM \
		add_key:ENOSYS request_key:ENOSYS io_uring_setup:ENOSYS; do
		want=${call#*:}
		escape_under docker.json "${call%:*}"
		assert_equal "$output" "refused: $want" "${call%:*}"
	done
	run "$ROOTFS/bin/busybox" swapoff /nonexistent
	[[ $output == *"No such file"* ]] || fail "without the filter: $output"
	run "$T" docker.json "$ROOTFS/bin/busybox" swapoff /nonexistent
	[[ $output == *"Operation not permitted"* ]] || fail "under it: $output"
	# it lists x32, whose numbers this build does not know: its default
	escape_under docker.json x32
	assert_output "refused: ENOSYS"
}

@test "a call through an ABI the profile does not list kills, x32's on x86-64 too, whatever the default action" {
	[ "$(uname -m)" = x86_64 ] || skip "x32 is x86-64's"
	printf '%s\n' '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"]}' >x86_64.json
	escape_under x86_64.json x32
	assert_status 159 # 128 + SIGSYS
	run "$T" --list x86_64.json
	[[ $output == *"ret  KILL_PROCESS "*"x32: not listed"* ]] || fail "$output"
}

@test "under Docker's profile, personality takes only its listed values, compared on all 64 bits" {
	[ "$(uname -m)" = x86_64 ] || skip "the profile's names are converted for x86-64"
	docker_profile
	local v want
	for v in 0:ok 8:ok 0xffffffff:ok 0x40000:ENOSYS 0x100000000:ENOSYS 0x1ffffffff:ENOSYS; do
		run "$T" docker.json --call personality "${v%:*}"
		assert_equal "$output" "${v#*:}" "personality(${v%:*})"
	done
}

@test "a rule's ERRNO fails the call with its errnoRet, EPERM without one" {
	profile SCMP_ACT_ALLOW '{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}' \
		'{"names": ["getpgrp"], "action": "SCMP_ACT_ERRNO"}'
	run "$T" profile.json "$ROOTFS/bin/busybox" mkdir d
	[[ $output == *"Permission denied"* ]] || fail "$output"
	[ ! -e d ]
	run "$T" profile.json --call getpgrp
	assert_output EPERM
	run "$T" profile.json "$ROOTFS/bin/busybox" echo still
	assert_output still
}

# Each: NAME ARGS... => what --call prints. The calls filtered here take
# no arguments, and neither the C library nor a sanitizer's runtime makes
# them on its own (AddressSanitizer spins on a getpid that fails).
check_calls() {
	local line
	while read -r line; do
		[ -n "$line" ] || continue
		# shellcheck disable=SC2086 # the name and its arguments, as words
		run "$T" profile.json --call ${line%=>*}
		assert_equal "$output" "${line#*=> }" "${line%=>*}"
	done
}

@test "argument conditions compare 64-bit values: GT, GE, LT, LE, NE above 2^32, and a rule's conditions are ANDed" {
	profile SCMP_ACT_ALLOW \
		'{"names": ["getpgrp"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
		  "args": [{"index": 0, "value": 4294967301, "op": "SCMP_CMP_GT"}]}' \
		'{"names": ["getuid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 3,
		  "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_GE"},
			   {"index": 5, "value": 10, "op": "SCMP_CMP_LT"}]}' \
		'{"names": ["getgid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 4,
		  "args": [{"index": 2, "value": 4294967296, "op": "SCMP_CMP_LE"}]}' \
		'{"names": ["geteuid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5,
		  "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_NE"}]}'
	check_calls <<-'EOF'
		getpgrp 0x100000006 => EPERM
		getpgrp 0x200000000 => EPERM
		getpgrp 0xffffffffffffffff => EPERM
		getpgrp 0x100000005 => ok
		getpgrp 0x100000004 => ok
		getpgrp 0xffffffff => ok
		getuid 0x100000000 0 0 0 0 9 => ESRCH
		getuid 0x100000000 0 0 0 0 10 => ok
		getuid 0xffffffff 0 0 0 0 0 => ok
		getuid 0x500000000 0 0 0 0 0x100000000 => ok
		getgid 0 0 0x100000000 => EINTR
		getgid 0 0 0xffffffff => EINTR
		getgid 0 0 0x100000001 => ok
		getgid 0 0 0x200000000 => ok
		geteuid 0 => EIO
		geteuid 0x100000001 => EIO
		geteuid 0x100000000 => ok
	EOF
}

@test "MASKED_EQ compares (arg & value) with valueTwo on both words" {
	# mask 0xff00000000ff, (arg & mask) == 0x120000000034
	profile SCMP_ACT_ALLOW \
		'{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 2,
		  "args": [{"index": 1, "value": 280375465083135, "valueTwo": 19791209300020,
			    "op": "SCMP_CMP_MASKED_EQ"}]}' \
		'{"names": ["getegid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 2,
		  "args": [{"index": 0, "value": 255, "valueTwo": 256, "op": "SCMP_CMP_MASKED_EQ"}]}'
	check_calls <<-'EOF'
		getppid 0 0x120000000034 => ENOENT
		getppid 0 0xffff12ffffffff34 => ENOENT
		getppid 0 0x130000000034 => ok
		getppid 0 0x120000000035 => ok
		getppid 0 0x34 => ok
		getegid 256 => ok
		getegid 0 => ok
	EOF
}

@test "the first rule that holds for a call wins; several rules for one call are ORed" {
	profile SCMP_ACT_ALLOW \
		'{"names": ["sched_yield"], "action": "SCMP_ACT_ERRNO", "errnoRet": 11,
		  "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}' \
		'{"names": ["getpgrp", "sched_yield"], "action": "SCMP_ACT_ERRNO", "errnoRet": 12,
		  "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]}' \
		'{"names": ["sched_yield"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
		  "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GE"}]}' \
		'{"names": ["sched_yield", "no_such_call_anywhere"], "action": "SCMP_ACT_ERRNO", "errnoRet": 14}'
	check_calls <<-'EOF'
		sched_yield 1 => EAGAIN
		sched_yield 2 => ENOMEM
		sched_yield 3 => EACCES
		sched_yield 0x100000000 => EACCES
		sched_yield 0 => EFAULT
		getpgrp 2 => ENOMEM
		getpgrp 1 => ok
	EOF
}

@test "flags: TSYNC, LOG and SPEC_ALLOW are passed to seccomp(2); the filter loads with them" {
	printf '%s\n' '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_TSYNC",
		"SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
		"syscalls": [{"names": ["getpgrp"], "action": "SCMP_ACT_ERRNO"}]}' >flags.json
	run "$T" flags.json --call getpgrp
	assert_output EPERM
}

@test "what the compiler cannot honour is refused, naming its path" {
	local s='{"names": ["getpgrp"]'
	while IFS='|' read -r json want; do
		[ -n "$json" ] || continue
		printf '{"linux": {"seccomp": %s}}\n' "$json" >bad.json
		run "$T" --list bad.json
		assert_status 125
		assert_equal "$output" "ch08: linux.seccomp.$want" "$json"
	done <<-EOF
		{"syscalls": []}|defaultAction: required
		{"defaultAction": "SCMP_ACT_DENY"}|defaultAction: unknown action SCMP_ACT_DENY (SCMP_ACT_ALLOW, ERRNO, KILL, KILL_THREAD, KILL_PROCESS, TRAP, TRACE, LOG)
		{"defaultAction": "SCMP_ACT_NOTIFY"}|defaultAction: SCMP_ACT_NOTIFY needs a listener (listenerPath), which kobako does not support
		{"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1}|defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take one, not SCMP_ACT_ALLOW
		{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 4096}|defaultErrnoRet: 4096 is above 4095, the largest errno
		{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [$s, "action": "SCMP_ACT_KILL_ALL"}]}|syscalls[0].action: unknown action SCMP_ACT_KILL_ALL (SCMP_ACT_ALLOW, ERRNO, KILL, KILL_THREAD, KILL_PROCESS, TRAP, TRACE, LOG)
		{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [$s}]}|syscalls[0].action: required
		{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"action": "SCMP_ACT_LOG"}]}|syscalls[0].names: required
		{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [$s, "action": "SCMP_ACT_LOG", "args": [{"index": 6, "value": 0, "op": "SCMP_CMP_EQ"}]}]}|syscalls[0].args[0].index: 6: a system call has six arguments, 0 to 5
		{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [$s, "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQUAL"}]}]}|syscalls[0].args[0].op: unknown operator SCMP_CMP_EQUAL (SCMP_CMP_NE, LT, LE, EQ, GE, GT, MASKED_EQ)
		{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [$s, "action": "SCMP_ACT_LOG", "args": [{"index": 0, "op": "SCMP_CMP_EQ"}]}]}|syscalls[0].args[0].value: required
		{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [$s, "action": "SCMP_ACT_LOG", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}|syscalls[0].includes: a condition of Docker's profile format, not of the OCI spec's: the engine that writes config.json resolves it
		{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_PDP11"]}|architectures[0]: unknown architecture SCMP_ARCH_PDP11
		{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_NEW_LISTENER"]}|flags[0]: SECCOMP_FILTER_FLAG_NEW_LISTENER is not supported (SECCOMP_FILTER_FLAG_TSYNC, LOG, SPEC_ALLOW are)
		{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/l.sock"}|listenerPath: a seccomp listener (SCMP_ACT_NOTIFY) is not supported
	EOF
}
