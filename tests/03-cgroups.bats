#!/usr/bin/env bats
# Chapter 03 claims: the container runs in a cgroup of its own, named by
# --name (default: a unique name), made below --cgroup-parent if given; it is
# in it, PID 1 and all, before its command starts, and a cgroup namespace
# shows it that cgroup as /. --memory, --cpus and --pids limit it there: past
# the memory limit the command is killed (137, and the runtime says why), a
# fork bomb stops at the pids limit while the host forks on, busy loops get
# the CPU time --cpus allows and no more. Bad limits are refused before any
# cgroup exists. Whatever the end (an exit, an error, Ctrl-C, SIGTERM, the
# memory limit), the cgroup is removed; one left by a SIGKILLed runtime is
# reclaimed by the next run of that name. Cgroups it did not make, and their
# processes, are never touched.
#
# Both code paths run these tests: the v1 fallback on a hybrid host, cgroup
# v2 in the VM lane (make test-vm). A test looks for the container's cgroup
# from the host by its name, in whichever hierarchies hold it. Names are
# unique to each test; the tests make, and remove, only cgroups of those
# names and parents named kobako-test-*.
#
# Later chapters' binaries run these tests too, in the demo rootfs: use only
# busybox commands and the static probes of tests/probes, and nothing inside
# that needs more than an ordinary process may do.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	require_ch
	require_rootfs
	cd "$REPO" # the default rootfs, ./rootfs
	m=$(mark)
	n=t03-$m # the container's name
}

teardown() {
	stop_bg
	local pid
	for pid in ${other_pids:-} ${bystander_pid:-}; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	# What a failed test left: the test's cgroups, then its parent.
	remove_cgroups "$n"
	[ -z "${parent:-}" ] || remove_parent "$parent"
	[ -z "${relative:-}" ] || find /sys/fs -maxdepth 2 -type d -name "*$relative" \
		-exec find {} -depth -type d -delete \; 2>/dev/null || true
}

# --- the cgroups, seen from the host -----------------------------------------

# Whether the runtime uses cgroup v2 here: a cgroup2 mount that offers the
# cpu, memory and pids controllers. Otherwise it falls back to v1.
cgroup_v2() {
	local mnt
	mnt=$(awk '/ - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
	[ -n "$mnt" ] &&
		[ "$(grep -owE 'cpu|memory|pids' "$mnt/cgroup.controllers" | sort -u | wc -l)" -eq 3 ]
}

# The mount points of the hierarchies the runtime uses, one a line: v2's,
# or v1's of the memory, cpu, cpuacct, pids and devices controllers.
cgroup_mounts() {
	if cgroup_v2; then
		awk '/ - cgroup2 / { print $5; exit }' /proc/self/mountinfo
	else
		awk '/ - cgroup / {
			n = split($NF, opt, ",")
			for (i = 1; i <= n; i++)
				if (opt[i] ~ /^(memory|cpu|cpuacct|pids|devices)$/) { print $5; break }
		}' /proc/self/mountinfo
	fi
}

# cgroup_dirs NAME and assert_no_cgroup NAME are in helpers.bash.

# The file FILE of the cgroup named NAME, in the hierarchy that has it.
cgroup_file() { # NAME FILE
	local dir
	for dir in $(cgroup_dirs "$1"); do
		if [ -e "$dir/$2" ]; then
			echo "$dir/$2"
			return 0
		fi
	done
	return 1
}

# Whether no process is in the cgroup directory (its files have no size).
cgroup_empty() { # DIR
	[ -z "$(cat "$1/cgroup.procs" 2>/dev/null)" ]
}

# For teardown: removes the cgroups named NAME a failed test left, once the
# processes in them (the container's, dying) are gone.
remove_cgroups() { # NAME
	local dir
	for dir in $(cgroup_dirs "$1"); do
		wait_until 5 cgroup_empty "$dir" || true
		rmdir "$dir" 2>/dev/null || true
	done
}

# For teardown: removes the parent PATH and what is below it, in each
# hierarchy.
remove_parent() { # PATH
	local mnt dir
	for mnt in $(cgroup_mounts); do
		[ -d "$mnt$1" ] || continue
		for dir in $(find "$mnt$1" -depth -type d); do
			wait_until 5 cgroup_empty "$dir" || true
			rmdir "$dir" 2>/dev/null || true
		done
	done
}

# The path of a process's cgroup (v1: in the memory hierarchy).
cgroup_of() { # PID
	if cgroup_v2; then
		sed -n 's/^0:://p' "/proc/$1/cgroup"
	else
		sed -nE 's/^[0-9]+:([^:]*,)?memory(,[^:]*)?://p' "/proc/$1/cgroup"
	fi
}

# The host PID of the container's PID 1: the runtime's child in another PID
# namespace.
container_init() { # RUNTIME_PID
	local child
	for child in $(pgrep -P "$1"); do
		if [ "$(readlink "/proc/$child/ns/pid")" != "$(readlink /proc/self/ns/pid)" ]; then
			echo "$child"
			return 0
		fi
	done
	return 1
}

# The host PIDs of every process in the PID namespace of INIT, sorted.
container_pids() { # INIT
	local ns
	ns=$(stat -L -c %i "/proc/$1/ns/pid")
	stat -L -c '%i %n' /proc/[0-9]*/ns/pid 2>/dev/null |
		awk -v ns="$ns" '$1 == ns { split($2, p, "/"); print p[3] }' | sort -n
}

# The CPU time the cgroup named NAME has used so far, in microseconds: v1's
# cpuacct.usage (nanoseconds), or usage_usec in v2's cpu.stat.
cpu_usage_us() { # NAME
	local file
	if file=$(cgroup_file "$1" cpuacct.usage); then
		echo $(($(cat "$file") / 1000))
	elif file=$(cgroup_file "$1" cpu.stat); then
		awk '$1 == "usage_usec" { print $2 }' "$file"
	else
		return 1
	fi
}

# Waits until the background container has printed the line, or fails.
wait_for_line() { # LINE [SECS]
	wait_until "${2:-30}" grep -qx -- "$1" "$BATS_TEST_TMPDIR/bg.out" ||
		fail "the container did not print '$1': $(cat "$BATS_TEST_TMPDIR/bg.out")"
}

# A private rootfs with the probes in it: $BATS_TEST_TMPDIR/rootfs.
rootfs_with() { # PROBE...
	local r p
	r=$(copy_rootfs) || return
	for p in "$@"; do
		cp "$(probe "$p")" "$r/$p" || return
	done
	echo "$r"
}

# --- the memory limit -------------------------------------------------------

@test "--memory: below the limit a program runs; past it, it is killed: 137 and a message" {
	local r
	r=$(rootfs_with memhog)
	run "$CH" --rootfs "$r" --name "$n" --memory 64m /memhog 16
	assert_status 0
	assert_output "used 16 MiB"
	assert_no_cgroup "$n"

	run --separate-stderr "$CH" --rootfs "$r" --name "$n" --memory 32m /memhog 256
	assert_status 137
	[ "$stderr" = "$(basename "$CH"): container killed: out of memory (limit 32 MiB)" ] ||
		fail "not the out-of-memory message: $stderr"
	[[ $output != *"used 256 MiB"* ]] || fail "the program got past the limit: $output"
	assert_no_cgroup "$n"
}

@test "a command killed by SIGKILL for another reason gets no out-of-memory message" {
	run "$CH" --name "$n" --memory 64m sh -c 'kill -KILL $$'
	assert_status 137
	[[ $output != *"out of memory"* ]] || fail "an out-of-memory message without an OOM kill: $output"
	assert_no_cgroup "$n"
}

# --- the pids limit ---------------------------------------------------------

@test "--pids: a fork bomb is contained, the host can still fork, the runtime exits normally" {
	local r count current
	r=$(rootfs_with forkbomb)
	# It forks until fork fails (or 1000), holds them all 3 s, ends: 0.
	start_bg "$CH" --rootfs "$r" --name "$n" --pids 32 /forkbomb 1000 3
	wait_until 30 grep -q '^forked ' "$BATS_TEST_TMPDIR/bg.out" ||
		fail "the bomb did not go off: $(cat "$BATS_TEST_TMPDIR/bg.out")"

	# While it holds every process it could make:
	current=$(cat "$(cgroup_file "$n" pids.current)") || fail "no pids.current for $n"
	[ "$current" -le 32 ] || fail "the cgroup has $current processes, over --pids 32"
	run timeout 10 sh -c 'for i in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; echo forked'
	assert_status 0
	assert_output forked

	wait_bg 60
	assert_status 0
	[[ ${lines[0]} =~ ^forked\ ([0-9]+):\ Resource\ temporarily\ unavailable$ ]] ||
		fail "fork did not fail with EAGAIN: $output"
	count=${BASH_REMATCH[1]}
	# PID 1 and the bomb count too.
	[ "$count" -le 30 ] || fail "$count processes forked under --pids 32"
	[ "$count" -ge 20 ] || fail "only $count processes forked under --pids 32"
	assert_no_cgroup "$n"
}

# --- the CPU limit ----------------------------------------------------------

@test "--cpus 0.5: two busy loops get about half a CPU, by the cgroup's own usage" {
	# Two loops: without a limit they would take up to two CPUs, and more
	# than half of one even on a loaded machine. With it, the kernel lets
	# the cgroup run 50 ms of each 100 ms.
	local u0 u1 t0 t1 share
	start_bg "$CH" --name "$n" --cpus 0.5 sh -c \
		'while :; do :; done & while :; do :; done & echo ready; wait'
	wait_for_line ready
	sleep 0.5
	u0=$(cpu_usage_us "$n") t0=${EPOCHREALTIME//[.,]/}
	sleep 2
	u1=$(cpu_usage_us "$n") t1=${EPOCHREALTIME//[.,]/}
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143

	# CPU time per wall-clock time, in thousandths of a CPU.
	share=$(((u1 - u0) * 1000 / (t1 - t0)))
	[ "$share" -le 650 ] || fail "the container used $share/1000 of a CPU with --cpus 0.5"
	[ "$share" -ge 200 ] || fail "the container used only $share/1000 of a CPU with --cpus 0.5"
	assert_no_cgroup "$n"
}

# --- the limits, as the cgroup has them -------------------------------------

# The container's limits, read from its cgroup on the host: memory, CPU
# quota/period in microseconds, pids; "max" where there is none.
host_limits() { # NAME
	local file
	if file=$(cgroup_file "$1" memory.limit_in_bytes); then
		local mem quota period pids
		mem=$(cat "$file")
		[ "$mem" -lt $((1 << 62)) ] || mem=max
		quota=$(cat "$(cgroup_file "$1" cpu.cfs_quota_us)")
		period=$(cat "$(cgroup_file "$1" cpu.cfs_period_us)")
		[ "$quota" != -1 ] || quota=max
		pids=$(cat "$(cgroup_file "$1" pids.max)")
		echo "$mem $quota/$period $pids"
	else
		echo "$(cat "$(cgroup_file "$1" memory.max)")" \
			"$(tr ' ' / <"$(cgroup_file "$1" cpu.max)")" \
			"$(cat "$(cgroup_file "$1" pids.max)")"
	fi
}

@test "the limits are set in the container's cgroup; --memory reads Docker's sizes" {
	local args expected limits
	while read -r args expected; do
		start_bg "$CH" --name "$n" ${args//,/ } sh -c "echo ready; exec sleep $m"
		# --cpus 0.01 leaves the container 1 ms of each 100: under
		# emulation (the VM lane) and the sanitizer, its start alone has
		# taken over 30 s.
		wait_for_line ready 120
		limits=$(host_limits "$n")
		kill -TERM "$bg_pid"
		wait_bg 60
		assert_status 143
		[ "$limits" = "$expected" ] || fail "with $args: expected $expected, got $limits"
	done <<-EOF
		--pids=2 max max/100000 2
		--memory=64m,--cpus=0.5,--pids=32 67108864 50000/100000 32
		--memory=64M 67108864 max/100000 max
		--memory=64MiB 67108864 max/100000 max
		--memory=65536k 67108864 max/100000 max
		--memory=67108864 67108864 max/100000 max
		--memory=1g,--cpus=1.5 1073741824 150000/100000 max
		--memory=0.5g,--cpus=0.01 536870912 1000/100000 max
	EOF
}

# --- the container's cgroup -------------------------------------------------

@test "the container is in its cgroup, PID 1 and all, before its command starts" {
	local init dirs dir procs
	# Its first act: read its own cgroups. The cgroup namespace, made once
	# the container was in its cgroup, shows that cgroup as /; a process
	# moved afterwards would see the path from there to its new cgroup.
	start_bg "$CH" --name "$n" sh -c \
		"cat /proc/self/cgroup; sleep $m & sleep $m & echo ready; wait"
	wait_for_line ready
	grep -q ':/$' "$BATS_TEST_TMPDIR/bg.out" ||
		fail "no cgroup shown as /: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	[ -z "$(grep -v -e ':/$' -e '^ready$' "$BATS_TEST_TMPDIR/bg.out")" ] ||
		fail "cgroups other than /: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	if ! cgroup_v2; then
		local c
		for c in memory cpu pids; do
			grep -qE "^[0-9]+:([^:]*,)?$c(,[^:]*)?:/\$" "$BATS_TEST_TMPDIR/bg.out" ||
				fail "no $c line: $(cat "$BATS_TEST_TMPDIR/bg.out")"
		done
	fi

	# From the host: each of its cgroups holds exactly its processes: PID
	# 1, sh and the two sleeps.
	init=$(container_init "$bg_pid") || fail "no container init"
	wait_until 10 eval '[ "$(container_pids "$init" | wc -l)" -eq 4 ]' ||
		fail "expected 4 processes: $(container_pids "$init" | xargs)"
	dirs=$(cgroup_dirs "$n")
	[ -n "$dirs" ] || fail "no cgroup named $n"
	for dir in $dirs; do
		procs=$(sort -n "$dir/cgroup.procs")
		[ "$procs" = "$(container_pids "$init")" ] ||
			fail "$dir/cgroup.procs has $(echo $procs), the container $(container_pids "$init" | xargs)"
	done

	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	assert_no_cgroup "$n"
}

@test "v2: inside, /sys/fs/cgroup is the container's own cgroup, read-only" {
	cgroup_v2 || skip "needs cgroup v2 (runs in the VM lane)"
	run "$CH" --name "$n" --memory 64m --pids 32 sh -c '
		cat /proc/self/cgroup
		grep " /sys/fs/cgroup " /proc/self/mounts | cut -d" " -f3,4
		cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max
		echo $$ >/sys/fs/cgroup/cgroup.procs && echo "wrote cgroup.procs"
		mkdir /sys/fs/cgroup/escape && echo "made a cgroup"
		true'
	assert_status 0
	[ "${lines[0]}" = "0::/" ] || fail "not 0::/ but ${lines[0]}"
	[[ ${lines[1]} =~ ^cgroup2\ ro, ]] || fail "not a read-only cgroup2 mount: ${lines[1]}"
	[ "${lines[2]}" = 67108864 ] && [ "${lines[3]}" = 32 ] ||
		fail "not the container's limits: $output"
	[[ $output != *"wrote cgroup.procs"* && $output != *"made a cgroup"* ]] ||
		fail "the container could write to its cgroups: $output"
	assert_no_cgroup "$n"
}

@test "--name names the cgroup; a second container of that name is refused, the first goes on" {
	local init dirs dir
	start_bg "$CH" --name "$n" sh -c "echo ready; exec sleep $m"
	wait_for_line ready
	init=$(container_init "$bg_pid") || fail "no container init"
	dirs=$(cgroup_dirs "$n")
	[ -n "$dirs" ] || fail "no cgroup named $n"
	[ "$(basename "$(cgroup_of "$init")")" = "$n" ] ||
		fail "the container is in $(cgroup_of "$init"), not a cgroup named $n"

	run "$CH" --name "$n" echo started
	assert_status 125
	assert_output "$(basename "$CH"): a container named $n is already running"

	# The first is still there, in the same cgroups.
	running "^sleep $m" || fail "the first container is gone"
	[ "$(cgroup_dirs "$n")" = "$dirs" ] || fail "its cgroups changed: $(cgroup_dirs "$n")"
	for dir in $dirs; do
		grep -qx "$init" "$dir/cgroup.procs" || fail "its PID 1 left $dir"
	done

	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	assert_no_cgroup "$n"
}

@test "without --name, two containers run at once, each in a cgroup of its own" {
	local a b init_a init_b cg_a cg_b
	"$CH" sh -c "echo ready; exec sleep $m" >"$BATS_TEST_TMPDIR/a.out" 2>&1 3>&- &
	a=$!
	"$CH" sh -c "echo ready; exec sleep $m" >"$BATS_TEST_TMPDIR/b.out" 2>&1 3>&- &
	b=$!
	other_pids="$a $b"
	wait_until 30 grep -qx ready "$BATS_TEST_TMPDIR/a.out" ||
		fail "the first did not start: $(cat "$BATS_TEST_TMPDIR/a.out")"
	wait_until 30 grep -qx ready "$BATS_TEST_TMPDIR/b.out" ||
		fail "the second did not start: $(cat "$BATS_TEST_TMPDIR/b.out")"

	init_a=$(container_init "$a") && init_b=$(container_init "$b") || fail "no container init"
	cg_a=$(cgroup_of "$init_a") cg_b=$(cgroup_of "$init_b")
	[ "$cg_a" != "$cg_b" ] || fail "both are in $cg_a"
	[ "$cg_a" != "$(cgroup_of $$)" ] && [ "$cg_b" != "$(cgroup_of $$)" ] ||
		fail "a container is in the runtime's own cgroup: $cg_a, $cg_b"

	kill -TERM "$a" "$b"
	local status_a=0 status_b=0
	wait "$a" || status_a=$?
	wait "$b" || status_b=$?
	other_pids=
	[ "$status_a" -eq 143 ] && [ "$status_b" -eq 143 ] ||
		fail "statuses $status_a and $status_b: $(cat "$BATS_TEST_TMPDIR/a.out" "$BATS_TEST_TMPDIR/b.out")"
	assert_no_cgroup "$(basename "$cg_a")"
	assert_no_cgroup "$(basename "$cg_b")"
}

@test "--cgroup-parent makes the cgroup there; the parent it made is removed at exit" {
	local mnt expected=
	parent=/kobako-test-$m
	start_bg "$CH" --cgroup-parent "$parent" --name "$n" sh -c "echo ready; exec sleep $m"
	wait_for_line ready
	for mnt in $(cgroup_mounts); do
		expected+="$mnt$parent/$n"$'\n'
	done
	[ -n "$expected" ] || fail "no cgroup hierarchy found to look in"
	[ "$(cgroup_dirs "$n")" = "$(sort <<<"${expected%$'\n'}")" ] ||
		fail "expected the cgroups:" "$expected" "found:" "$(cgroup_dirs "$n")"

	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	assert_no_cgroup "$n"
	for mnt in $(cgroup_mounts); do
		[ ! -e "$mnt$parent" ] || fail "the parent is left behind: $mnt$parent"
	done
}

@test "cgroups the runtime did not make, next to its own, keep their processes" {
	# The test makes a parent with a cgroup in it, and a process of its own
	# there: the runtime must leave both alone. (v1: the process goes in
	# the pids hierarchy only, where the test runs at the root; moving it
	# out of its memory cgroup would be touching the host's.)
	local mnt procs_dir
	parent=/kobako-test-$m
	for mnt in $(cgroup_mounts); do
		mkdir -p "$mnt$parent/bystander"
	done
	if cgroup_v2; then
		procs_dir=$(cgroup_mounts)$parent/bystander
	else
		procs_dir=$(awk '/ - cgroup / && $NF ~ /(^|,)pids(,|$)/ { print $5; exit }' \
			/proc/self/mountinfo)$parent/bystander
	fi
	[ -d "$procs_dir" ] || fail "no hierarchy to put the bystander in: $procs_dir"
	sleep "$m" 3>&- &
	bystander_pid=$!
	echo "$bystander_pid" >"$procs_dir/cgroup.procs"

	run "$CH" --cgroup-parent "$parent" --name "$n" true
	assert_status 0
	kill -0 "$bystander_pid" 2>/dev/null || fail "the runtime killed a process it did not start"
	grep -qx "$bystander_pid" "$procs_dir/cgroup.procs" || fail "the runtime moved a process"
	for mnt in $(cgroup_mounts); do
		[ -d "$mnt$parent/bystander" ] || fail "the runtime removed $mnt$parent/bystander"
	done
	[[ $output != *reclaiming* ]] || fail "$output"
	assert_no_cgroup "$n"
}

# --- bad input --------------------------------------------------------------

@test "bad limits are refused (125) in one line naming the option, before any cgroup exists" {
	local opt value too_many
	too_many=$(($(getconf _NPROCESSORS_ONLN) + 1))
	while read -r opt value; do
		[ "$value" != "''" ] || value=
		assert_refused "$opt" "$value" --name "$n"
		assert_no_cgroup "$n"
	done <<-EOF
		--memory 12q
		--memory ''
		--memory -1
		--memory 64x
		--cpus 0
		--cpus -0.5
		--cpus half
		--cpus $too_many
		--pids -1
		--pids 0
		--pids 1.5
		--name bad/name
	EOF
}

@test "a limit the kernel refuses: 125, the kernel's reason, and no cgroup left" {
	# pids.max can be at most 4194304 (PID_MAX_LIMIT).
	run "$CH" --name "$n" --pids 5000000 echo started
	assert_status 125
	assert_output "$(basename "$CH"): write pids.max=5000000: Invalid argument"
	assert_no_cgroup "$n"
}

@test "a relative --cgroup-parent is refused (125) naming the option; no cgroup is made" {
	relative=kobako-test-$m
	run "$CH" --verbose --cgroup-parent "$relative" --name "$n" echo started
	assert_status 125
	[[ $output == *--cgroup-parent* ]] || fail "the message does not name --cgroup-parent: $output"
	[ "${#lines[@]}" -eq 1 ] || fail "expected one line, got: $output"
	assert_no_cgroup "$n"
	[ -z "$(find /sys/fs -maxdepth 2 -name "*$relative")" ] ||
		fail "made: $(find /sys/fs -maxdepth 2 -name "*$relative")"
}

# --- nothing left behind ----------------------------------------------------

@test "the cgroup is removed after an exit and after a command that cannot run" {
	run "$CH" --name "$n" --memory 64m --pids 32 --cpus 0.5 sh -c "sleep $m >/dev/null 2>&1 & exit 3"
	assert_status 3
	assert_no_cgroup "$n"
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"

	run -127 "$CH" --name "$n" --memory 64m nosuch-$m
	assert_no_cgroup "$n"
}

@test "the cgroup is removed after SIGTERM, and after Ctrl-C" {
	start_bg "$CH" --name "$n" --memory 64m --stop-timeout 120 sh -c "sleep $m & echo ready; wait"
	wait_for_line ready
	[ -n "$(cgroup_dirs "$n")" ] || fail "no cgroup named $n"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	assert_no_cgroup "$n"
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"

	# As from a terminal: SIGINT not ignored (see start_bg).
	start_bg env --default-signal=INT "$CH" --name "$n" --memory 64m --stop-timeout 120 \
		sh -c "sleep $m & echo ready; wait"
	wait_for_line ready
	[ -n "$(cgroup_dirs "$n")" ] || fail "no cgroup named $n"
	kill -INT "$bg_pid"
	wait_bg 60
	assert_status 130
	assert_no_cgroup "$n"
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
}

@test "a SIGKILLed runtime leaves its cgroup; the next run of that name reclaims it" {
	local dirs
	start_bg "$CH" --name "$n" --memory 64m sh -c "sleep $m & echo ready; wait"
	wait_for_line ready
	dirs=$(cgroup_dirs "$n")
	[ -n "$dirs" ] || fail "no cgroup named $n"
	kill -KILL "$bg_pid"
	wait_bg 30
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	# Nothing can remove it: the runtime had no chance.
	[ "$(cgroup_dirs "$n")" = "$dirs" ] || fail "its cgroups changed: $(cgroup_dirs "$n")"

	run --separate-stderr "$CH" --name "$n" echo second
	assert_status 0
	assert_output second
	[[ $stderr == *"reclaiming cgroup $n"* ]] || fail "no message about reclaiming: $stderr"
	assert_no_cgroup "$n"
}

# --- short options ------------------------------------------------------------

@test "-m is --memory, as in docker run: -m 64m and -m64m set the limit --memory 64m does" {
	local args limits
	for args in "-m 64m" -m64m; do
		start_bg "$CH" --name "$n" $args sh -c "echo ready; exec sleep $m"
		wait_for_line ready
		limits=$(host_limits "$n")
		kill -TERM "$bg_pid"
		wait_bg 60
		assert_status 143
		[ "$limits" = "67108864 max/100000 max" ] || fail "with $args: got $limits"
	done
}
