#!/usr/bin/env bats
# Chapter 04 claims: root in the container is not root on the host. It keeps
# Docker's 14 capabilities (bounding set too; none inheritable or ambient),
# runs with no_new_privs and a seccomp filter, and the classic escapes and
# dangerous calls are refused: mount, the shocker's open_by_handle_at, a
# device node for the host's disk, core_pattern and sysrq-trigger, kernel
# modules, keyrings, bpf, perf, reboot, new namespaces, clock changes,
# ptrace of PID 1, io_uring, userfaultfd, AF_ALG, x32 calls, TIOCSTI, and
# fanotify_init, listmount, statmount. The filter is an allow-list: a call
# it does not know (one newer than its table) gets ENOSYS, as clone3 does,
# so threads still start through clone. Device nodes have two walls: nodev
# on the rootfs and every mount below it, and the cgroup's device
# allow-list, which holds when SYS_ADMIN has remounted / "dev"; the devices
# of /dev, and a terminal from /dev/ptmx, still work. The masked paths of
# /proc and /sys read empty; the read-only ones refuse writes.
#
# --cap-add and --cap-drop change exactly the capabilities they name (ALL,
# any case, with or without CAP_), and a capability added lets its calls
# through the filter; --seccomp unconfined removes the filter and nothing
# else; --print-seccomp prints the filter, without root. --user UID:GID runs
# the command as that user, whom a setuid-root program cannot make root.
# --userns runs the container in a user namespace: root inside is host uid
# BASE outside (root's line in /etc/subuid, else 1000000000), files it makes
# are owned by BASE on the host, and the rootfs, id-mapped, needs no chown,
# wherever it is. Tests skip where the kernel cannot id-map the rootfs.
# --apparmor PROFILE runs the command, not PID 1, under a loaded AppArmor
# profile, enforced; where AppArmor is off, or the profile not loaded, it is
# refused (the VM lane's kernel has it on; tests skip where they cannot run).
# Bad input is refused before anything is made; nothing is left behind.
#
# The attempts are made by tests/probes/escape.c, one system call each, with
# arguments that change nothing even if the call gets through: see its
# header for what "refused" and "ALLOWED" mean.
#
# Later chapters' binaries run these tests too, in the demo rootfs: use only
# busybox commands and the static probes of tests/probes.

load helpers
bats_require_minimum_version 1.5.0

# Docker's 14 capabilities, as /proc/PID/status shows a set.
DEFAULT_CAPS=00000000a80425fb

setup() {
	require_ch
	require_rootfs
	cd "$REPO"
	m=$(mark)
	n=t04-$m # the container's name, for its cgroup
	userns_dir=/tmp/kobako-test-$m # see userns_rootfs
	# One rootfs with the probe in it, for the tests that write nothing.
	shared=$BATS_FILE_TMPDIR/rootfs
	if [ ! -x "$shared/escape" ]; then
		rm -rf "$shared"
		cp -a "$ROOTFS" "$shared"
		cp "$(probe escape)" "$shared/escape"
	fi
}

teardown() {
	stop_bg
	local dir
	for dir in $(cgroup_dirs "$n"); do
		wait_until 5 eval '[ -z "$(cat "$dir/cgroup.procs" 2>/dev/null)" ]' || true
		rmdir "$dir" 2>/dev/null || true
	done
	[ -z "${ramfs:-}" ] || umount -l "$ramfs"
	[ -z "${bound:-}" ] || umount -l "$bound"
	rm -rf "$userns_dir" ${kept_state:+"$kept_state"}
	[ -z "${aa_file:-}" ] || apparmor_parser -R -K "$aa_file" 2>/dev/null || true
}

# --- helpers ----------------------------------------------------------------

# Runs each attempt listed on stdin, one a line as "NAME [ARG] => OUTCOME",
# in a container of its own with the options given, and fails listing every
# attempt whose outcome was not the one expected. No attempt at all fails
# too: a test that tried nothing proved nothing.
assert_attempts() { # [OPTION...] <<<"NAME [ARG] => OUTCOME"
	local line attempt want got wrong= tried=0
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		attempt=${line%% => *} want=${line#* => }
		# shellcheck disable=SC2086 # ARG is a word of its own
		got=$("$CH" --rootfs "$shared" --name "$n" "$@" /escape $attempt 2>&1 </dev/null) || true
		[ "$got" = "$want" ] || wrong+="  escape $attempt: $got (expected: $want)"$'\n'
		tried=$((tried + 1))
	done
	[ "$tried" -gt 0 ] || fail "no attempt to make"
	[ -z "$wrong" ] || fail "with ${*:-the defaults}:"$'\n'"${wrong%$'\n'}"
	assert_no_cgroup "$n"
}

# The capability sets of the command, one a line: "CapInh 0000000000000000".
caps_inside() { # [OPTION...]
	"$CH" --rootfs "$shared" "$@" awk '/^Cap/ { sub(":", ""); print $1, $2 }' /proc/self/status
}

# Every capability the runtime can give, as a set: those of the kernel that
# its own bounding set has (a machine may run it without some).
all_caps() {
	local kernel own
	kernel=$(((1 << ($(cat /proc/sys/kernel/cap_last_cap) + 1)) - 1))
	own=0x$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)
	printf '%016x' $((kernel & own))
}


# A copy of the rootfs with the probe in it, for --userns: $userns_dir/rootfs.
# The container's root is an unprivileged user on the host, and the path to
# its rootfs must be open to it: bats's own temporary directories are not.
userns_rootfs() {
	rm -rf "$userns_dir" && mkdir -m 755 "$userns_dir" &&
		cp -a "$ROOTFS" "$userns_dir/rootfs" &&
		cp "$(probe escape)" "$userns_dir/rootfs/escape" &&
		echo "$userns_dir/rootfs"
}

# The PID of the background container's command, found by its marker.
container_command() { # PATTERN
	wait_until 20 running "$1" || return 1
	pgrep -f -- "$1" | head -n 1
}

# The host's disk, MAJOR:MINOR: the one the rootfs is on, else the first.
host_disk() {
	local dev
	dev=$(findmnt -n -o MAJ:MIN -T "$shared" 2>/dev/null | tr -d ' ')
	case $dev in
	0:* | '') awk 'NR > 2 && NF == 4 { print $1 ":" $2; exit }' /proc/partitions ;;
	*) echo "$dev" ;;
	esac
}

# --- what the command runs with ---------------------------------------------

@test "root inside has Docker's 14 capabilities, bounding set too; none inheritable or ambient" {
	run caps_inside
	assert_status 0
	assert_output "CapInh 0000000000000000
CapPrm $DEFAULT_CAPS
CapEff $DEFAULT_CAPS
CapBnd $DEFAULT_CAPS
CapAmb 0000000000000000"
}

@test "no_new_privs is set and one seccomp filter is on: NoNewPrivs 1, Seccomp 2" {
	run "$CH" --rootfs "$shared" grep -E '^(NoNewPrivs|Seccomp|Seccomp_filters):' /proc/self/status
	assert_status 0
	assert_output "$(printf 'NoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1')"
}

@test "PID 1, the runtime's own init, runs under the same restrictions" {
	run "$CH" --rootfs "$shared" awk '/^(CapEff|CapBnd|NoNewPrivs|Seccomp):/ { print $1, $2 }' /proc/1/status
	assert_status 0
	assert_output "CapEff: $DEFAULT_CAPS
CapBnd: $DEFAULT_CAPS
NoNewPrivs: 1
Seccomp: 2"
}

@test "the help lists --cap-add, --cap-drop, --seccomp, --print-seccomp, --apparmor, --user, --userns" {
	run "$CH" --help
	assert_status 0
	local opt
	for opt in --cap-add --cap-drop --seccomp --print-seccomp --apparmor --user --userns; do
		[[ $output == *" $opt "* ]] || fail "--help does not list $opt: $output"
	done
}

# --- escapes: file systems --------------------------------------------------

@test "mount, umount (of /proc, of a mask), pivot_root are refused inside: EPERM" {
	# Unmounting the mask over /proc/keys would show the host's keys.
	assert_attempts <<-EOF
		mount => refused: EPERM
		umount /proc => refused: EPERM
		umount /proc/keys => refused: EPERM
		pivot_root => refused: EPERM
	EOF
}

@test "the shocker escape is refused: open_by_handle_at, name_to_handle_at: EPERM" {
	# Against a rootfs on an ext4 disk, an allowed shocker opens the host's /.
	assert_attempts <<-EOF
		shocker => refused: EPERM
		name_to_handle_at => refused: EPERM
	EOF
}

@test "a device node for the host's disk cannot be read: mknod or open is refused" {
	# Made in the rootfs's /tmp, and removed. (Some hosts, sandboxes, refuse
	# even their own root to open a disk: there this cannot fail.)
	local disk
	disk=$(host_disk)
	[ -n "$disk" ] || skip "no disk on this machine"
	run "$CH" --rootfs "$shared" --name "$n" /escape disk "$disk"
	assert_status 0
	[[ $output == "refused: "* ]] || fail "the host's disk $disk was read from inside: $output"
	assert_no_cgroup "$n"
}

# --- escapes: devices --------------------------------------------------------

# Host character devices no container may open, which root opens on the
# host with no more than Docker's capabilities: a virtual console (4:1), the
# hardware RNG (10:183), fuse (10:229). Those this kernel has, as MAJ:MIN.
denied_chardevs() {
	local dev
	for dev in 4:1 10:183 10:229; do
		[ ! -e "/sys/dev/char/$dev" ] || echo "$dev"
	done
}

# escape ATTEMPT [ARG] in a container given SYS_ADMIN, which has remounted
# its root "dev" first. (A bind remount changes only this mount's flags: a
# plain "remount,dev" would reconfigure the host's file system too.)
escape_after_remount_dev() { # ATTEMPT [ARG]
	"$CH" --rootfs "$shared" --name "$n" --cap-add SYS_ADMIN -w /tmp \
		sh -c 'mount -o remount,bind,dev / && exec /escape "$@"' sh "$@" 2>&1 </dev/null
}

@test "with SYS_ADMIN and / remounted dev, a node for a host device cannot be opened: EPERM, the cgroup's" {
	# nodev alone falls to this. null (1:3), on the allow-list, does open:
	# the remount took, and the EPERMs are the devices cgroup's answer.
	local dev disk got wrong=
	run escape_after_remount_dev chardev 1:3
	assert_output ALLOWED
	disk=$(host_disk)
	[ -n "$(denied_chardevs)$disk" ] || skip "none of 4:1 10:183 10:229, and no disk, here"
	for dev in $(denied_chardevs); do
		got=$(escape_after_remount_dev chardev "$dev")
		[ "$got" = "refused: EPERM (open)" ] || wrong+="  chardev $dev: $got"$'\n'
	done
	if [ -n "$disk" ]; then
		got=$(escape_after_remount_dev disk "$disk")
		[ "$got" = "refused: EPERM (open)" ] || wrong+="  disk $disk: $got"$'\n'
	fi
	[ -z "$wrong" ] || fail "host devices opened (expected: refused: EPERM (open)):"$'\n'"$wrong"
	assert_no_cgroup "$n"
}

@test "the devices of /dev work: null, zero, full, random, urandom, and a terminal from /dev/ptmx" {
	run "$CH" --rootfs "$shared" sh -c 'echo x >/dev/null && echo null
		for d in zero random urandom; do printf "%s " $d; head -c 4 /dev/$d | wc -c; done
		echo x 2>/dev/null >/dev/full || echo full: ENOSPC
		/escape pty'
	assert_status 1 # escape's status when the attempt is allowed
	assert_output "null
zero 4
random 4
urandom 4
full: ENOSPC
ALLOWED"
}

@test "a host mount below the rootfs comes in nodev: a node made there, even null's, cannot be opened" {
	# The rootfs's bind brings the host's mounts below it; each gets nodev
	# (with ch05, the image's submounts do not come in at all).
	local r
	r=$(copy_rootfs)
	cp "$(probe escape)" "$r/escape"
	mkdir -p "$r/mnt"
	mount -t tmpfs "kobako-$m" "$r/mnt"
	ramfs=$r/mnt # for teardown
	run "$CH" --rootfs "$r" --name "$n" -w /mnt /escape chardev 1:3
	assert_status 0
	assert_output "refused: EACCES (open)"
	assert_no_cgroup "$n"
}

@test "core_pattern, sysrq-trigger, /proc/irq cannot even be opened for writing: EROFS" {
	# A core_pattern of "|/path" runs /path as root on the host at the next
	# crash; sysrq-trigger crashes or reboots it. Nothing is written here.
	local path list=
	for path in /proc/sys/kernel/core_pattern /proc/sysrq-trigger /proc/irq/default_smp_affinity; do
		[ ! -e "$path" ] || list+="write $path => refused: EROFS"$'\n'
	done
	[ -n "$list" ] || skip "this kernel has none of these files"
	assert_attempts <<<"$list"
}

@test "/proc/sys is read-only: even the container's own hostname cannot be written there" {
	run "$CH" --rootfs "$shared" --hostname "box-$m" sh -c \
		'echo changed >/proc/sys/kernel/hostname; hostname'
	assert_status 0
	[[ $output == *"Read-only file system"* ]] || fail "$output"
	[[ $output == *"box-$m" ]] || fail "the hostname changed: $output"
}

@test "reading /proc/kcore, the kernel's memory, gives nothing" {
	[ -e /proc/kcore ] || skip "this kernel has no /proc/kcore"
	run "$CH" --rootfs "$shared" /escape read /proc/kcore
	assert_status 0
	assert_output empty
}

# --- escapes: the kernel ----------------------------------------------------

@test "kernel modules, bpf, perf_event_open, reboot, swapon, acct, personality: EPERM" {
	assert_attempts <<-EOF
		init_module => refused: EPERM
		finit_module => refused: EPERM
		delete_module => refused: EPERM
		bpf => refused: EPERM
		perf_event_open => refused: EPERM
		reboot => refused: EPERM
		swapon => refused: EPERM
		acct => refused: EPERM
		personality => refused: EPERM
	EOF
}

@test "the kernel's keyrings, shared by all containers, are out of reach: keyctl, add_key, request_key: EPERM" {
	assert_attempts <<-EOF
		keyctl => refused: EPERM
		add_key => refused: EPERM
		request_key => refused: EPERM
	EOF
}

@test "the container has a session keyring of its own, not the one of the shell that started it" {
	# With --seccomp unconfined, keyctl is let through: the keyring the
	# container starts in must then be a new one ("_ses"), empty.
	local r host
	r=$(copy_rootfs) && cp "$(probe keyring)" "$r/keyring"
	host=$("$(probe keyring)")
	local opts
	for opts in "" "--user 1000"; do
		# shellcheck disable=SC2086 # opts: words, or nothing
		run "$CH" --rootfs "$r" --name "$n" --seccomp unconfined $opts /keyring
		assert_status 0
		[[ $output == *" _ses" && $output != "$host" ]] ||
			fail "with ${opts:-root}: the container's session keyring: $output; the host's: $host"
	done
	assert_no_cgroup "$n"
}

@test "no new namespaces: unshare of every kind, clone with every CLONE_NEW* flag, setns: EPERM" {
	# A new user namespace would give the command every capability in it.
	assert_attempts <<-EOF
		unshare user => refused: EPERM
		unshare mnt => refused: EPERM
		unshare pid => refused: EPERM
		unshare net => refused: EPERM
		unshare uts => refused: EPERM
		unshare ipc => refused: EPERM
		unshare cgroup => refused: EPERM
		unshare time => refused: EPERM
		clone user => refused: EPERM
		clone mnt => refused: EPERM
		clone pid => refused: EPERM
		clone net => refused: EPERM
		clone uts => refused: EPERM
		clone ipc => refused: EPERM
		clone cgroup => refused: EPERM
		setns => refused: EPERM
	EOF
}

@test "clone3 says ENOSYS, so libc falls back to clone: fork and threads still work" {
	assert_attempts <<-EOF
		clone3 => refused: ENOSYS
		clone none => ALLOWED
		thread => ALLOWED
	EOF
}

@test "the host's clocks cannot be set: clock_settime, settimeofday, clock_adjtime, adjtimex: EPERM" {
	assert_attempts <<-EOF
		clock_settime => refused: EPERM
		settimeofday => refused: EPERM
		clock_adjtime => refused: EPERM
		adjtimex => refused: EPERM
	EOF
}

@test "no reaching into other processes: ptrace of PID 1, process_vm_readv, userfaultfd: EPERM" {
	assert_attempts <<-EOF
		ptrace-init => refused: EPERM
		process_vm_readv => refused: EPERM
		userfaultfd => refused: EPERM
	EOF
}

@test "PID 1 is not dumpable: the runtime's binary is out of reach through /proc/1/exe" {
	# CVE-2019-5736: a container opened its runtime's binary there and,
	# once the runtime exited, rewrote it on the host.
	assert_attempts <<-EOF
		read /proc/1/exe => refused: EACCES
	EOF
}

@test "with CAP_SYS_PTRACE, /proc/1/fd holds nothing of the host: no directory passed in, no cgroup" {
	# A way out once found: PR_SET_DUMPABLE 0 hides /proc/1/fd, but
	# --cap-add SYS_PTRACE opens it again. A directory PID 1 held was the
	# host's (fd 7 here); on a v1 host fd 4 was the container's cgroup, from
	# which ../../../.. is the host's cgroup root, with its release_agent.
	local host_dir=$BATS_TEST_TMPDIR/host-dir
	mkdir "$host_dir" && touch "$host_dir/host-file-$m"
	# PID 1 closes its stdin and stdout once the command runs: wait for it.
	run "$CH" --rootfs "$shared" --name "$n" --cap-add SYS_PTRACE sh -c '
		i=0; while [ -e /proc/1/fd/1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		ls /proc/1/fd/7/
		for fd in /proc/1/fd/*; do
			cd "$fd" 2>/dev/null || continue
			for up in 1 2 3 4 5 6 7 8; do
				[ ! -e release_agent ] || echo "release_agent reached from $fd"
				cd -P ..
			done
		done
		ls /proc/1/fd | wc -w' 7<"$host_dir" </dev/null
	[[ $output != *host-file-$m* ]] || fail "the host's directory is open in PID 1: $output"
	[[ $output != *"release_agent reached"* ]] || fail "the host's cgroup root: $output"
	# The command's stdout is a pipe of bats here: PID 1 may hold none of it.
	[ "${lines[-1]}" = 0 ] || fail "PID 1 still holds descriptors: $output"
	assert_no_cgroup "$n"
}

@test "with CAP_SYS_PTRACE, the runtime's binary cannot be rewritten through /proc/1/exe" {
	# CVE-2019-5736. /proc/1/exe is the runtime's binary on the host, and
	# CAP_SYS_PTRACE opens it; but a program that runs cannot be opened
	# for writing (ETXTBSY), and the container dies with the runtime.
	local exe=$BATS_TEST_TMPDIR/runtime before
	cp "$CH" "$exe"
	before=$(sha256sum <"$exe")
	run "$exe" --rootfs "$shared" --name "$n" --cap-add SYS_PTRACE sh -c \
		'readlink /proc/1/exe; echo overwritten >>/proc/1/exe && echo WRITTEN'
	[ "${lines[0]}" = "$exe" ] || fail "/proc/1/exe is not the runtime's binary: $output"
	[[ $output == *"Text file busy"* && $output != *WRITTEN* ]] ||
		fail "the runtime's binary was opened for writing: $output"
	[ "$(sha256sum <"$exe")" = "$before" ] || fail "the runtime's binary changed"
	assert_no_cgroup "$n"
}

@test "io_uring, AF_ALG and AF_VSOCK sockets are refused: EPERM" {
	assert_attempts <<-EOF
		io_uring_setup => refused: EPERM
		af_alg => refused: EPERM
		af_vsock => refused: EPERM
	EOF
}

@test "calls a deny-list let through are refused: fanotify_init, listmount, statmount: EPERM" {
	# Each watches or lists what is beyond the container: the file system
	# under it, the mounts of the machine. Docker's profile refuses them.
	assert_attempts <<-EOF
		fanotify_init => refused: EPERM
		listmount => refused: EPERM
		statmount => refused: EPERM
	EOF
	# With SYS_ADMIN, as in Docker's profile, fanotify_init goes through.
	assert_attempts --cap-add SYS_ADMIN <<-EOF
		fanotify_init => ALLOWED
	EOF
}

@test "a call the filter does not know gets ENOSYS: one newer than its table, a number none has" {
	# 461 is lsm_list_modules (Linux 6.8), which the filter's table does
	# not list: unconfined, the kernel runs it (EFAULT for its NULL).
	run "$CH" --rootfs "$shared" --name "$n" --seccomp unconfined /escape syscall 461
	[ "$output" != "refused: ENOSYS" ] || skip "this kernel has no call 461 (Linux 6.8)"
	assert_output "ALLOWED (then EFAULT)"
	assert_attempts <<-EOF
		syscall 461 => refused: ENOSYS
		syscall 1000 => refused: ENOSYS
	EOF
}

@test "an x32 system call is refused (EPERM) or kills the caller (SIGSYS)" {
	run "$CH" --rootfs "$shared" --name "$n" /escape x32
	case $status in
	159) # 128 + SIGSYS: killed in the call, before it could print a word
		assert_output "" ;;
	*)
		assert_status 0
		assert_output "refused: EPERM" ;;
	esac
	assert_no_cgroup "$n"
}

@test "TIOCSTI cannot push keys into the terminal, nor TIOCLINUX reach it: EPERM" {
	# script(1) runs the runtime on a terminal, so the container gets one of
	# its own, as with docker -t. (When its input ends, script types a NUL,
	# which the terminal may show as ^@.)
	local attempt
	for attempt in tiocsti tioclinux; do
		run timeout 60 script -qec \
			"exec $(printf %q "$CH") --rootfs $(printf %q "$shared") /escape $attempt" \
			/dev/null </dev/null
		output=${output//$'\r'/}
		assert_status 0
		grep -qx 'refused: EPERM' <<<"${output//'^@'/}" || fail "escape $attempt: $output"
	done
}

@test "the filter refuses what no capability grants, even with --cap-add ALL" {
	assert_attempts --cap-add ALL <<-EOF
		keyctl => refused: EPERM
		add_key => refused: EPERM
		request_key => refused: EPERM
		io_uring_setup => refused: EPERM
		af_alg => refused: EPERM
		af_vsock => refused: EPERM
	EOF
}

# --- masked and read-only paths ---------------------------------------------

@test "masked paths read empty: /dev/null over a file, an empty tmpfs over a directory" {
	# Only those this kernel has: a mask over nothing would add the path.
	local path script= expected=
	for path in /proc/acpi /proc/asound /proc/interrupts /proc/kcore /proc/keys \
		/proc/latency_stats /proc/sched_debug /proc/scsi /proc/timer_list \
		/proc/timer_stats /sys/firmware /sys/devices/virtual/powercap; do
		if [ -d "$path" ]; then
			# ls's complaint, if the path is not there, counts as an entry.
			script+="echo $path: \$(ls -A $path 2>&1 | wc -l) entries; "
			expected+="$path: 0 entries"$'\n'
		elif [ -e "$path" ]; then
			script+="echo $path: \$(/escape read $path); "
			expected+="$path: empty"$'\n'
		fi
	done
	[ -n "$script" ] || skip "this kernel has none of the masked paths"
	run "$CH" --rootfs "$shared" sh -c "$script"
	assert_status 0
	diff <(echo -n "$expected") <(echo "$output") || fail "not masked (< expected, > actual)"
}

@test "masked directories cannot be written to, nor their masks lifted" {
	local dir=/sys/firmware
	[ -d "$dir" ] || dir=/proc/acpi
	[ -d "$dir" ] || skip "no masked directory on this kernel"
	run "$CH" --rootfs "$shared" sh -c "
		awk '\$5 == \"$dir\" { print \"mask:\", \$9 }' /proc/self/mountinfo
		touch $dir/x-$m && echo wrote; umount $dir && echo unmasked; true"
	assert_status 0
	[ "${lines[0]}" = "mask: tmpfs" ] || fail "no tmpfs over $dir: $output"
	[[ $output != *wrote* && $output != *unmasked* ]] || fail "$output"
}

@test "read-only paths are mounted read-only: /proc/bus, /proc/fs, /proc/irq, /proc/sys, /proc/sysrq-trigger" {
	local path mounts options wrong= checked=0
	mounts=$("$CH" --rootfs "$shared" cat /proc/self/mountinfo)
	for path in /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger; do
		[ -e "$path" ] || continue
		# The last mount on the path is the one seen there.
		options=$(awk -v p="$path" '$5 == p { o = $6 } END { print o }' <<<"$mounts")
		[[ ,$options, == *,ro,* ]] || wrong+=" $path (${options:-not a mount})"
		checked=$((checked + 1))
	done
	[ "$checked" -gt 0 ] || skip "this kernel has none of these paths"
	[ -z "$wrong" ] || fail "not read-only:$wrong"
}

# --- --cap-add, --cap-drop --------------------------------------------------

@test "--cap-add and --cap-drop change exactly the capabilities they name" {
	local all args expected got
	all=$(all_caps)
	while read -r args expected; do
		got=$(caps_inside ${args//,/ } | xargs)
		[ "$got" = "CapInh 0000000000000000 CapPrm $expected CapEff $expected CapBnd $expected CapAmb 0000000000000000" ] ||
			fail "with ${args//,/ }: expected $expected, got: $got"
	done <<-EOF
		--cap-drop,CHOWN 00000000a80425fa
		--cap-drop,chown 00000000a80425fa
		--cap-add,NET_ADMIN 00000000a80435fb
		--cap-add,cap_sys_time 00000000aa0425fb
		--cap-add,Sys_Ptrace 00000000a80c25fb
		--cap-add,CAP_NET_ADMIN,--cap-drop,CAP_NET_RAW 00000000a80415fb
		--cap-add,CHOWN 00000000a80425fb
		--cap-drop,NET_ADMIN 00000000a80425fb
		--cap-drop,ALL 0000000000000000
		--cap-drop,all,--cap-add,CHOWN 0000000000000001
		--cap-drop,ALL,--cap-add,NET_BIND_SERVICE,--cap-add,kill 0000000000000420
		--cap-add,ALL $all
		--cap-add,all,--cap-drop,NET_RAW,--cap-drop,SYS_ADMIN $(printf '%016x' $((0x$all & ~0x2000 & ~0x200000)))
	EOF
}

@test "a capability dropped is gone: with --cap-drop CHOWN, chown fails" {
	run "$CH" --rootfs "$shared" sh -c "touch /dev/shm/f && chown 1 /dev/shm/f && echo chowned"
	assert_status 0
	assert_output chowned
	run "$CH" --rootfs "$shared" --cap-drop CHOWN sh -c "touch /dev/shm/f && chown 1 /dev/shm/f && echo chowned"
	[ "$status" -ne 0 ] || fail "chown worked without CHOWN: $output"
	[[ $output == *"Operation not permitted"* ]] || fail "$output"
}

@test "a capability added lets its calls through the filter: SYS_TIME clock_settime, SYS_ADMIN mount" {
	# The time is never set: tv_nsec -1 is refused with EINVAL, but only
	# once the call got through the filter. The mount is the container's.
	assert_attempts --cap-add SYS_TIME <<-EOF
		clock_settime => ALLOWED (then EINVAL)
		mount => refused: EPERM
	EOF
	assert_attempts --cap-add SYS_ADMIN <<-EOF
		mount => ALLOWED
		clock_settime => refused: EPERM
	EOF
}

@test "a bad capability name: 125, one line naming the option, nothing started, no cgroup" {
	local before
	before=$(host_mounts)
	run "$CH" --rootfs "$shared" --name "$n" --cap-add FOO echo started
	assert_status 125
	assert_output "$(basename "$CH"): --cap-add FOO: no such capability (examples: NET_ADMIN, SYS_TIME)"
	assert_no_cgroup "$n"

	local opt value
	while read -r opt value; do
		[ "$value" != "''" ] || value=
		assert_refused "$opt" "$value" --rootfs "$shared" --name "$n"
		assert_no_cgroup "$n"
	done <<-EOF
		--cap-drop NOPE
		--cap-add ''
		--cap-add CAP_
		--cap-add NET-ADMIN
		--cap-add CAP_CAP_CHOWN
		--cap-add 12
	EOF
	assert_host_mounts "$before"
}

@test "a bad --seccomp or --user: 125, one line naming the option, nothing started, no cgroup" {
	local opt value
	while read -r opt value; do
		[ "$value" != "''" ] || value=
		assert_refused "$opt" "$value" --rootfs "$shared" --name "$n"
		assert_no_cgroup "$n"
	done <<-EOF
		--seccomp foo
		--seccomp ''
		--user ''
		--user nobody
		--user 1000:staff
		--user -1
		--user 1.5
		--user 99999999999
	EOF
}

# --- --seccomp ----------------------------------------------------------------

@test "--seccomp unconfined: no filter, a call it refuses works; capabilities and no_new_privs stay" {
	run "$CH" --rootfs "$shared" --seccomp unconfined \
		awk '/^(CapEff|NoNewPrivs|Seccomp):/ { print $1, $2 }' /proc/self/status
	assert_status 0
	assert_output "CapEff: $DEFAULT_CAPS
NoNewPrivs: 1
Seccomp: 0"
	# Harmless calls that only the filter refuses.
	assert_attempts --seccomp unconfined <<-EOF
		keyctl => ALLOWED
		clone3 => ALLOWED
	EOF
	assert_attempts --seccomp default <<-EOF
		keyctl => refused: EPERM
	EOF
}

@test "--print-seccomp prints the filter, one numbered instruction a line, exits 0, without root" {
	local before
	before=$(host_mounts)
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CH" --name "$n" --print-seccomp
	assert_status 0
	[ -z "$stderr" ] || fail "it printed on stderr: $stderr"
	local i=0 line
	for line in "${lines[@]}"; do
		[[ $line =~ ^\ *([0-9]+)[^0-9] ]] || continue
		[ "${BASH_REMATCH[1]}" -eq "$i" ] || fail "instruction $i is numbered ${BASH_REMATCH[1]}: $output"
		i=$((i + 1))
	done
	[ "$i" -ge 20 ] || fail "only $i numbered instructions: $output"
	[[ $output == *keyctl* ]] || fail "the calls are not named (no keyctl): $output"
	local as_nobody=$output

	# The same as root, and nothing was made.
	run "$CH" --name "$n" --print-seccomp
	assert_status 0
	[ "$output" = "$as_nobody" ] || fail "as root it prints another filter"
	assert_no_cgroup "$n"
	assert_host_mounts "$before"
}

@test "--print-seccomp shows the filter the options give: --cap-add SYS_TIME changes it" {
	local default
	default=$("$CH" --print-seccomp)
	run "$CH" --cap-add SYS_TIME --print-seccomp
	assert_status 0
	[ "$output" != "$default" ] || fail "the same filter with --cap-add SYS_TIME"
}

@test "--print-seccomp names each personality value by its constant: #8 is PER_LINUX32, #0x20000 UNAME26" {
	# linux/personality.h: PER_LINUX32 = 0x0008, UNAME26 = 0x0020000.
	run "$CH" --print-seccomp
	assert_status 0
	local tests
	tests=$(sed -n '/personality?/,$p' <<<"$output")
	local per32 uname26 both
	per32=$(grep -E 'jeq +#8 ' <<<"$tests") || fail "no test of 0x8 after personality?: $output"
	uname26=$(grep -E 'jeq +#0x20000 ' <<<"$tests") || fail "no test of 0x20000: $output"
	both=$(grep -E 'jeq +#0x20008 ' <<<"$tests") || fail "no test of 0x20008: $output"
	[[ $per32 == *"PER_LINUX32?"* && $per32 != *UNAME26* ]] || fail "0x8 is not PER_LINUX32: $per32"
	[[ $uname26 == *"UNAME26?"* && $uname26 != *PER_LINUX32* ]] || fail "0x20000 is not UNAME26: $uname26"
	[[ $both == *"PER_LINUX32 | UNAME26?"* ]] || fail "0x20008 is not PER_LINUX32 | UNAME26: $both"
}

@test "--print-seccomp: each jump lands on next, or on the nearest place ahead of its label" {
	run "$CH" --print-seccomp
	assert_status 0
	# "  12  rule:    jeq ...": the labels placed before instruction 12.
	local -A at=()
	local line
	for line in "${lines[@]}"; do
		[[ $line =~ ^\ *([0-9]+)\ \ (([a-z0-9_]+:)+)\  ]] && at[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
	done
	# lands I TARGET LABEL: the jump of instruction I to LABEL goes to TARGET.
	lands() {
		local i=$1 to=$2 label=$3 j
		if [ "$label" = next ]; then
			[ "$to" -eq $((i + 1)) ] || fail "instruction $i: next is $((i + 1)), not $to"
			return
		fi
		[[ ${at[$to]-} == *"$label:"* ]] || fail "instruction $i jumps to $to, which is not $label: $output"
		for ((j = i + 1; j < to; j++)); do
			[[ ${at[$j]-} != *"$label:"* ]] || fail "instruction $i skips the nearer $label at $j"
		done
	}
	local n=0
	for line in "${lines[@]}"; do
		[[ $line =~ ^\ *([0-9]+)\ .*\ jt\ ([0-9]+)\ ([a-z0-9_]+)\ +jf\ ([0-9]+)\ ([a-z0-9_]+) ]] || continue
		lands "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
		lands "${BASH_REMATCH[1]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}"
		n=$((n + 1))
	done
	[ "$n" -ge 20 ] || fail "only $n tests name their targets: $output"
	# Labels beyond next are used: with only next, the loop above could not fail.
	[[ $output == *" jt "*" ge"* && $output == *" jt "*" refuse "* ]] || fail "$output"
	# A ja, which jumps over what a test cannot reach, lands on its label too.
	n=0
	for line in "${lines[@]}"; do
		[[ $line =~ ^\ *([0-9]+)\ .*\ ja\ +([0-9]+)\ ([a-z0-9_]+) ]] || continue
		lands "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
		n=$((n + 1))
	done
	[ "$n" -ge 1 ] || fail "no ja: $output"
}

@test "--print-seccomp shows an allow-list: read is allowed, keyctl refused, anything else ENOSYS" {
	run "$CH" --print-seccomp
	assert_status 0
	# "  14           jeq  #0           jt 20 allow     jf 15 next   ; read?"
	grep -Eq ' jeq +#[0-9]+ +jt [0-9]+ allow .*; read\?$' <<<"$output" || fail "read: $output"
	grep -Eq ' jeq +#[0-9]+ +jt [0-9]+ eperm .*; keyctl\?$' <<<"$output" || fail "keyctl: $output"
	grep -q 'ret  ERRNO(ENOSYS) ' <<<"$output" || fail "no ENOSYS: $output"
	# Every ret the program ends a path with is one of four verdicts.
	local other
	other=$(grep ' ret ' <<<"$output" | grep -Ev 'ret  (ALLOW|ERRNO\((EPERM|ENOSYS)\)|KILL_PROCESS) ') || true
	[ -z "$other" ] || fail "other verdicts: $other"
	# Far more calls are allowed than refused.
	local allowed refused
	allowed=$(grep -Ec ' jeq +#[0-9]+ +jt [0-9]+ allow ' <<<"$output")
	refused=$(grep -Ec ' jeq +#[0-9]+ +jt [0-9]+ eperm ' <<<"$output")
	[ "$allowed" -ge 250 ] && [ "$refused" -ge 40 ] || fail "$allowed allowed, $refused refused"
}

# --- --user -------------------------------------------------------------------

@test "--user 1000:1000: the command runs as uid 1000, gid 1000, no other group, no capability" {
	run "$CH" --rootfs "$shared" --user 1000:1000 sh -c \
		'id -u; id -g; id -G; awk "/^Cap(Prm|Eff|Bnd)/ { print \$1, \$2 }" /proc/self/status'
	assert_status 0
	assert_output "1000
1000
1000
CapPrm: 0000000000000000
CapEff: 0000000000000000
CapBnd: $DEFAULT_CAPS"

	run "$CH" --rootfs "$shared" --user 1000 id -u
	assert_status 0
	assert_output 1000
}

@test "--user 1000: root's files of mode 0700 cannot be read" {
	local r
	r=$(copy_rootfs)
	echo "secret $m" >"$r/root/secret"
	chmod 700 "$r/root"
	chmod 600 "$r/root/secret"
	run "$CH" --rootfs "$r" --user 1000:1000 sh -c 'ls /root; cat /root/secret; true'
	assert_status 0
	[[ $output != *"secret $m"* && $output != *"secret"$'\n'* ]] || fail "user 1000 read it: $output"
	[[ $output == *"Permission denied"* ]] || fail "$output"
	# Root inside still can.
	run "$CH" --rootfs "$r" cat /root/secret
	assert_status 0
	assert_output "secret $m"
}

@test "a setuid-root program does not make --user 1000 root" {
	local r
	r=$(copy_rootfs)
	cp "$(probe escape)" "$r/escape-suid"
	chown 0:0 "$r/escape-suid"
	chmod 4755 "$r/escape-suid"
	# It works: outside a container, uid 1000 runs it as euid 0.
	run setpriv --reuid=1000 --regid=1000 --clear-groups "$r/escape-suid" ids
	[[ $output == "uid=1000 euid=0 "* ]] ||
		skip "setuid programs do not work in $BATS_TEST_TMPDIR: $output"

	run "$CH" --rootfs "$r" --user 1000:1000 /escape-suid ids
	assert_status 0
	assert_output "uid=1000 euid=1000 suid=1000 gid=1000 egid=1000 sgid=1000"
}

# --- --userns -----------------------------------------------------------------

@test "--userns: inside, the command is root, its ids mapped from BASE on the host" {
	local base gbase r
	base=$(userns_base /etc/subuid) gbase=$(userns_base /etc/subgid)
	r=$(userns_rootfs)
	require_idmap "$r"
	run "$CH" --rootfs "$r" --userns sh -c \
		'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map | xargs -n3'
	assert_status 0
	assert_output "0
0
0 $base 65536
0 $gbase 65536"
}

@test "--userns: on the host, the container's processes run as BASE, not root" {
	local base gbase pid parent r
	base=$(userns_base /etc/subuid) gbase=$(userns_base /etc/subgid)
	r=$(userns_rootfs)
	require_idmap "$r"
	start_bg "$CH" --rootfs "$r" --name "$n" --userns sh -c "exec sleep $m"
	pid=$(container_command "^sleep $m") || fail "the container did not start: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	parent=$(ps -o ppid= -p "$pid" | tr -d ' ') # the container's PID 1
	[ "$(stat -c %u:%g "/proc/$pid")" = "$base:$gbase" ] ||
		fail "the command runs as $(stat -c %u:%g "/proc/$pid") on the host"
	[ "$(stat -c %u:%g "/proc/$parent")" = "$base:$gbase" ] ||
		fail "its PID 1 runs as $(stat -c %u:%g "/proc/$parent") on the host"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	assert_no_cgroup "$n"
}

@test "--userns: a file the container makes in /dev/shm is owned by BASE on the host" {
	local base gbase pid r
	base=$(userns_base /etc/subuid) gbase=$(userns_base /etc/subgid)
	r=$(userns_rootfs)
	require_idmap "$r"
	start_bg "$CH" --rootfs "$r" --userns sh -c "touch /dev/shm/f-$m && exec sleep $m"
	pid=$(container_command "^sleep $m") || fail "the container did not start: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	run stat -c %u:%g "/proc/$pid/root/dev/shm/f-$m"
	assert_status 0
	assert_output "$base:$gbase"
	kill -TERM "$bg_pid"
	wait_bg 60
}

@test "--userns: the rootfs, id-mapped, looks owned by root inside and needs no chown; what it writes is root's" {
	local r before written owner=0:0 keep=()
	r=$(userns_rootfs)
	require_idmap "$r"
	# From chapter 05 on, the rootfs is an image the container never writes:
	# its writes go to its upper layer, which --keep keeps, saying where.
	# That layer is the container's own, not id-mapped: what its root
	# writes there is owned by BASE on disk, as on any volume.
	if "$CH" --help | grep -q -- '  --keep'; then
		keep=(--name "$n" --keep)
		kept_state=/var/lib/kobako/containers/$n # for teardown
		owner=$(userns_base /etc/subuid):$(userns_base /etc/subgid)
	fi
	before=$(find "$r" -printf '%U:%G %p\n' | sort)
	run --separate-stderr "$CH" --rootfs "$r" "${keep[@]}" --userns sh -c \
		"stat -c %u:%g / /bin/busybox /etc/passwd /root; touch /made-$m && mkdir /tmp/dir-$m && echo made"
	assert_status 0
	assert_output "0:0
0:0
0:0
0:0
made"
	written=$r
	if [ -n "${kept_state:-}" ]; then
		written=$(sed -n "s|^$(basename "$CH"): kept the container's changes in ||p" <<<"$stderr")
		[ "$written" = "$kept_state/upper" ] || fail "not kept in $kept_state/upper: $stderr"
	fi
	[ "$(stat -c %u:%g "$written/made-$m" "$written/tmp/dir-$m" | xargs)" = "$owner $owner" ] ||
		fail "on disk: $(stat -c '%u:%g %n' "$written/made-$m" "$written/tmp/dir-$m")"
	# No chown of the rootfs: every file it had is owned as before.
	[ "$written" != "$r" ] || { rm "$r/made-$m" && rmdir "$r/tmp/dir-$m"; }
	diff <(echo "$before") <(find "$r" -printf '%U:%G %p\n' | sort) ||
		fail "the rootfs's owners changed (< before, > after)"
}

@test "--userns: where the container writes the rootfs as the host's root, --verbose says to keep it where only root can enter" {
	local r
	r=$(userns_rootfs)
	require_idmap "$r"
	run "$CH" --verbose --rootfs "$r" --userns true
	assert_status 0
	# From chapter 05 on, the container writes to an upper layer of its own
	# instead, and the rootfs is not id-mapped this way.
	if "$CH" --help | grep -q -- '  --keep'; then
		[[ $output != *"where only root can enter"* ]] || fail "chapter 05 warns for nothing: $output"
		return
	fi
	[[ $output == *"=> the container's root writes $r as the host's root: keep it where only root can enter"* ]] ||
		fail "--verbose does not say where the rootfs must be kept: $output"
}

@test "--userns: the same restrictions hold inside, and mknod of a disk is refused" {
	shared=$(userns_rootfs) # for caps_inside and assert_attempts
	require_idmap "$shared"
	run caps_inside --userns
	assert_status 0
	[[ $(echo $output) == *"CapEff $DEFAULT_CAPS CapBnd $DEFAULT_CAPS"* ]] || fail "$output"
	local disk
	disk=$(host_disk)
	assert_attempts --userns <<-EOF
		unshare user => refused: EPERM
		keyctl => refused: EPERM
		${disk:+disk $disk => refused: EPERM (mknod)}
	EOF
}

@test "--userns works with a rootfs below a private directory, as homes of mode 0750 are" {
	# Ubuntu makes homes 0750: a learner's clone, and its rootfs, are below
	# a directory the container's root, uid BASE on the host, cannot enter.
	local r
	r=$(copy_rootfs) # below bats's temporary directories, of mode 0700
	require_idmap "$r"
	run "$CH" --rootfs "$r" --userns id -u
	assert_status 0
	assert_output 0
}

@test "--userns with a rootfs on a shared mount: nothing the container mounts reaches the host" {
	# The id-mapped copy of a shared mount would be its peer, and pass the
	# container's /proc, /sys and /dev on to the host, unless made private.
	local r below
	r=$(userns_rootfs)
	require_idmap "$r"
	mount --bind "$r" "$r"
	bound=$r # for teardown
	mount --make-shared "$r"
	start_bg "$CH" --rootfs "$r" --userns sh -c "echo ready; exec sleep $m"
	wait_until 20 grep -qx ready "$BATS_TEST_TMPDIR/bg.out" ||
		fail "the container did not start: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	below=$(awk -v r="$r/" 'index($5, r) == 1' /proc/self/mountinfo)
	[ -z "$below" ] || fail "the container's mounts appeared on the host: $below"
	kill -TERM "$bg_pid"
	wait_bg 30
	assert_status 143
	below=$(awk -v r="$r/" 'index($5, r) == 1' /proc/self/mountinfo)
	[ -z "$below" ] || fail "mounts left on the host: $below"
}

@test "--userns with a rootfs that cannot be id-mapped: 125, one line, nothing left" {
	local before
	ramfs=$BATS_TEST_TMPDIR/ramfs
	mkdir "$ramfs"
	mount -t ramfs "kobako-$m" "$ramfs"
	cp -a "$ROOTFS/." "$ramfs/"
	run "$(probe idmap_check)" "$ramfs"
	[ "$status" -ne 0 ] || skip "ramfs can be id-mapped on this kernel"
	assert_status 1 # 2: the probe itself failed

	before=$(host_mounts)
	run "$CH" --verbose --rootfs "$ramfs" --name "$n" --userns echo started
	assert_status 125
	[[ $output != *started* ]] || fail "$output"
	[ "$(grep -vc '^=> ' <<<"$output")" -eq 1 ] || fail "expected one error line: $output"
	assert_no_cgroup "$n"
	assert_host_mounts "$before"
}

@test "--userns with a --user uid or gid it does not map: 125, one line naming both, nothing started" {
	local user prog
	prog=$(basename "$CH")
	for user in 65536:0 0:65536 70000:70000; do
		run "$CH" --rootfs "$shared" --name "$n" --userns --user "$user" echo started
		assert_status 125
		assert_output "$prog: --user $user: with --userns, ids above 65535 have no mapping"
		assert_no_cgroup "$n"
	done
}

# --- --apparmor ---------------------------------------------------------------
#
# AppArmor is off on most test hosts and on in the VM lane's kernel
# (scripts/vm-test.sh): the tests that need it skip elsewhere, and those for
# a host without it skip there.

apparmor_on() {
	[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] &&
		[ -d /sys/kernel/security/apparmor ]
}

require_apparmor() {
	apparmor_on || skip "AppArmor is not on in this kernel (it is in the VM lane's)"
	command -v apparmor_parser >/dev/null || skip "no apparmor_parser (package apparmor)"
}

# Loads a profile of the test's own, kobako-test-MARK, into $aa: it allows
# everything but writing below /tmp. teardown unloads it.
load_test_profile() {
	aa=kobako-test-$m
	aa_file=$BATS_TEST_TMPDIR/$aa
	cat >"$aa_file" <<-EOF
		profile $aa flags=(attach_disconnected) {
		  file,
		  capability,
		  network,
		  signal,
		  ptrace,
		  unix,
		  deny /tmp/** w,
		}
	EOF
	apparmor_parser -r -K "$aa_file" || fail "apparmor_parser could not load $aa"
}

@test "--apparmor unconfined runs the command as without; a bad name: 125, one line naming the option" {
	run "$CH" --rootfs "$shared" --apparmor unconfined echo ran
	assert_status 0
	assert_output ran
	local value
	for value in '' 'two words' $'a\nb'; do
		assert_refused --apparmor "$value" --rootfs "$shared" --name "$n"
		assert_no_cgroup "$n"
	done
}

@test "--apparmor PROFILE where AppArmor is off: 125, one line naming the option, nothing started, no cgroup" {
	! apparmor_on || skip "AppArmor is on in this kernel"
	local before
	before=$(host_mounts)
	assert_refused --apparmor docker-default --rootfs "$shared" --name "$n"
	[[ $output == *"--apparmor docker-default: AppArmor is not enabled on this host"* ]] ||
		fail "not the line expected: $output"
	assert_no_cgroup "$n"
	assert_host_mounts "$before"
}

@test "--apparmor PROFILE: the command runs under it, enforced, as root or --user; a write it denies: Permission denied" {
	require_apparmor
	load_test_profile
	run "$CH" --rootfs "$shared" --apparmor "$aa" cat /proc/self/attr/current
	assert_status 0
	assert_output "$aa (enforce)"
	run "$CH" --rootfs "$shared" --apparmor "$aa" --user 1000 cat /proc/self/attr/current
	assert_status 0
	assert_output "$aa (enforce)"
	run "$CH" --rootfs "$shared" --apparmor "$aa" sh -c "echo x >/tmp/aa-$m"
	rm -f "$shared/tmp/aa-$m"
	[ "$status" -ne 0 ] || fail "the profile did not deny the write"
	[[ $output == *"/tmp/aa-$m: Permission denied"* ]] || fail "not refused by the profile: $output"
	run "$CH" --rootfs "$shared" --apparmor unconfined sh -c "echo x >/tmp/aa-$m && echo written"
	rm -f "$shared/tmp/aa-$m"
	assert_status 0
	assert_output written
}

@test "--apparmor PROFILE: the container's PID 1, the runtime's own, stays unconfined" {
	require_apparmor
	load_test_profile
	local pid parent
	start_bg "$CH" --rootfs "$shared" --name "$n" --apparmor "$aa" sh -c "exec sleep $m"
	pid=$(container_command "^sleep $m") || fail "the container did not start: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	parent=$(ps -o ppid= -p "$pid" | tr -d ' ')
	assert_equal "$(cat "/proc/$pid/attr/current")" "$aa (enforce)" "the command's label"
	assert_equal "$(cat "/proc/$parent/attr/current")" unconfined "its PID 1's label"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
}

@test "--apparmor PROFILE not loaded, or securityfs not mounted: 125, one line naming the option, nothing started" {
	require_apparmor
	assert_refused --apparmor "kobako-none-$m" --rootfs "$shared" --name "$n"
	[[ $output == *"--apparmor kobako-none-$m: no such profile loaded"* ]] ||
		fail "not the line expected: $output"
	assert_no_cgroup "$n"
	# In a mount namespace of its own, where securityfs is unmounted.
	run unshare -m --propagation private -- sh -c \
		'umount /sys/kernel/security && exec "$@"' sh \
		"$CH" --rootfs "$shared" --name "$n" --apparmor "kobako-none-$m" echo started
	assert_status 125
	assert_output "$(basename "$CH"): --apparmor kobako-none-$m: securityfs is not mounted on /sys/kernel/security (mount -t securityfs securityfs /sys/kernel/security)"
	assert_no_cgroup "$n"
}

# --- nothing left behind ------------------------------------------------------

@test "nothing is left behind with the new options: no mount, no cgroup, no process" {
	local before opts
	shared=$(userns_rootfs)
	before=$(host_mounts)
	for opts in "--userns --user 1000:1000" "--cap-add ALL --seccomp unconfined" "--cap-drop ALL"; do
		[[ $opts != *--userns* ]] || require_idmap "$shared"
		run "$CH" --rootfs "$shared" --name "$n" $opts sh -c "sleep $m >/dev/null 2>&1 & echo started"
		assert_status 0
		assert_output started
		wait_until 10 gone "sleep $m" || fail "left behind with $opts: $(processes_with "sleep $m")"
		assert_no_cgroup "$n"
		assert_host_mounts "$before"
	done
}

@test "nothing is left behind when a --userns runtime is SIGKILLed; the next run reclaims its cgroup" {
	local before
	shared=$(userns_rootfs)
	require_idmap "$shared"
	before=$(host_mounts)
	start_bg "$CH" --rootfs "$shared" --name "$n" --userns sh -c "sleep $m & wait"
	wait_until 20 running "^sleep $m" || fail "the container did not start: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	kill -KILL "$bg_pid"
	wait_bg 30
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	wait_until 10 eval '[ "$(host_mounts)" = "$before" ]' || true
	assert_host_mounts "$before"

	run "$CH" --rootfs "$shared" --name "$n" --userns true
	assert_status 0
	assert_no_cgroup "$n"
}

# --- short options ------------------------------------------------------------

@test "-u is --user, as in docker run: -u 1000, -u1000:1000" {
	run "$CH" --rootfs "$shared" -u 1000 sh -c 'id -u; id -g'
	assert_status 0
	assert_output "1000
0"
	run "$CH" --rootfs "$shared" -u1000:1000 sh -c 'id -u; id -g'
	assert_status 0
	assert_output "1000
1000"
}
