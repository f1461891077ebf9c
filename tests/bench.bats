#!/usr/bin/env bats
# scripts/bench.sh (make bench) runs, reports every contender it found, and
# leaves nothing behind. No timing is checked: timings belong to a machine.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	# Under the VM's emulated CPU a start takes a hundred times longer, and
	# the VM lane is for cgroup v2: the bench runs on the host lane.
	[ -z "${KOBAKO_VM:-}" ] || skip "runs on the host lane"
	[ -x "$REPO/ch01" ] || skip "no chapter is built (make)"
	require_rootfs
}

# What a run of the bench could leave: its work directory and its Podman's,
# the runc container's cgroup and its Podman's (kobako-bench-podman-PID),
# kobako's state directories and cgroups.
leftovers() {
	ls -d /tmp/kobako-bench.* /tmp/kobako-bench-oci.* 2>/dev/null
	find /sys/fs/cgroup -maxdepth 4 -name 'kobako-bench*' 2>/dev/null
	ls -d /var/lib/kobako/containers/kobako-bench* 2>/dev/null
	return 0
}

@test "make bench's script runs: a table with every contender found, steps, nothing left behind" {
	run --separate-stderr "$REPO/scripts/bench.sh" --quick
	assert_status 0
	[[ $output == *"| contender | median |"* ]] || fail "no table: $output"
	# What the machine is, for comparing reports: CPUs, kernel, cgroup
	# version, and the file system the state directories are on.
	[[ $output == *" CPUs, Linux "*", cgroup v"*", /var/lib/kobako on "* ]] ||
		fail "no line about the machine: $output"
	[[ $output == *"| fork/exec | "* ]] || fail "no row for fork/exec: $output"
	local c
	for c in "$REPO"/ch[0-9][0-9]; do
		[[ $output == *"| ${c##*/} | "* ]] || fail "no row for ${c##*/}: $output"
	done
	for c in unshare bwrap runc; do
		if command -v "$c" >/dev/null; then
			[[ $output == *"| $c | "* ]] || fail "$c is installed, yet no row: $output $stderr"
		else
			[[ $stderr == *"skipped $c: not installed"* ]] || fail "no word on $c: $stderr"
		fi
	done
	[[ $output == *"## Where the time goes"* ]] || fail "no steps: $output"
	[[ $output == *"| pivot_root"* || ! -x $REPO/ch02 ]] || fail "no pivot_root step: $output"
	[ -z "$(leftovers)" ] || fail "left behind: $(leftovers)"
}

@test "bench: with chapter 06, its bridge's steps, and 5 containers at once with 5 addresses" {
	[ -x "$REPO/ch06" ] || skip "ch06 is not built"
	run --separate-stderr "$REPO/scripts/bench.sh" --quick
	assert_status 0
	[[ $output == *"| ch06 | "* ]] || fail "no row for ch06: $output"
	[[ $output == *"| rtnetlink: new link kobako-2 (veth"* ]] || fail "no network step: $output"
	[[ $output == *"## 5 containers at once"* ]] || fail "no containers at once: $output"
	[[ $output == *"5 of 5 reached it, with 5 distinct addresses (10.77.0."* ]] ||
		fail "not 5 of 5, 5 addresses: $output $stderr"
}

# The processes a run starts by their full path, as `ps` shows them: the
# chapters, the relays of the published port, the holder of its "outside"
# network namespace (build/kobako-bench-outside).
bench_processes() {
	pgrep -af "^$REPO/(ch[0-9][0-9]|build/)" || true
}

@test "bench: a port of the newest networked chapter, direct, published and relayed, and nothing left" {
	local ch c
	for c in "$REPO"/ch[0-9][0-9]; do
		"$c" --help | grep -q -- --network && ch=${c##*/}
	done
	[ -n "${ch:-}" ] || skip "no chapter with a network (ch06) is built"
	run --separate-stderr "$REPO/scripts/bench.sh" --quick
	assert_status 0
	# path: IP:PORT | MB/s | lowest–highest | × direct | the same for connections/s |
	local n='[0-9]+' x='[0-9]+\.[0-9]{2}'
	local numbers=" \\| $n \\| $n–$n \\| $x \\| $n \\| $n–$n \\| $x \\|"
	local row
	for row in "the container's address, from the host: 10\.77\.0\.[0-9]+:80" \
		"a relay, read/write, from outside: 198\.51\.100\.2:8081" \
		"a relay, splice, from outside: 198\.51\.100\.2:8082"; do
		[[ $output =~ \|\ $row$numbers ]] || fail "no row for $row: $output"
	done
	if "$REPO/$ch" --help | grep -q -- --publish; then
		[[ $output == *"## A published port: $ch -p 8080:80"* ]] || fail "no section: $output"
		for row in "published \(DNAT\), from the host: 198\.51\.100\.2:8080" \
			"published \(DNAT\), from outside: 198\.51\.100\.2:8080"; do
			[[ $output =~ \|\ $row$numbers ]] || fail "no row for $row: $output"
		done
		[[ $output =~ "Published against direct: "$x"× the throughput from the host, "$x"× from outside" ]] ||
			fail "no ratio of published to direct: $output"
		# Its start in the first table and its steps are with -p 8080:80.
		[[ $output == *"| ports: 0.0.0.0:8080 -> 10.77.0."* ]] || fail "no ports step: $output"
	else
		[[ $output == *"## A port, not published: $ch"* ]] || fail "no section: $output"
	fi
	[ -z "$(bench_processes)" ] || fail "still running: $(bench_processes)"
	[ -z "$(leftovers)" ] || fail "left behind: $(leftovers)"
}

@test "bench: this machine's network is as it was, and no container's state is left" {
	[ -x "$REPO/ch06" ] || skip "ch06 is not built"
	local links tables forward state
	links=$(ip -o link)
	forward=$(cat /proc/sys/net/ipv4/ip_forward)
	state=$(ls /var/lib/kobako/containers 2>/dev/null || true)
	if command -v nft >/dev/null; then tables=$(nft list tables); fi
	# Its status is the test above's: here, only what it did to the machine.
	run --separate-stderr "$REPO/scripts/bench.sh" --quick
	[ "$(ip -o link)" = "$links" ] || fail "ip -o link changed: $(diff <(echo "$links") <(ip -o link))"
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$forward" ] || fail "ip_forward changed"
	if command -v nft >/dev/null; then
		[ "$(nft list tables)" = "$tables" ] ||
			fail "nft tables changed: $(diff <(echo "$tables") <(nft list tables))"
	fi
	local left
	left=$(unlocked_since "$state")
	[ -z "$left" ] || fail "state left in /var/lib/kobako/containers: $left"
}

# unlocked_since NAMES: the state directories made since NAMES were listed
# that no runtime holds: left behind. Another user's container, running
# on this machine meanwhile, holds its own. (Under the lock of their parent,
# which runtimes take to make or remove one.)
unlocked_since() {
	local d
	[ -d /var/lib/kobako/containers ] || return 0
	exec 7</var/lib/kobako/containers
	flock -x 7
	ls /var/lib/kobako/containers | comm -13 <(echo "$1") - | while read -r d; do
		flock -n -x "/var/lib/kobako/containers/$d" true 2>/dev/null && echo "$d"
	done
	exec 7<&-
}

@test "a contender that is not installed is skipped, and the report says so" {
	command -v runc >/dev/null || skip "runc is not installed"
	# A PATH with everything of /usr/bin but runc and podman.
	local bin=$BATS_TEST_TMPDIR/bin
	mkdir "$bin"
	cp -s /usr/bin/* "$bin/" 2>/dev/null || true
	rm -f "$bin/runc" "$bin/podman"
	PATH=$bin run --separate-stderr "$REPO/scripts/bench.sh" --quick
	assert_status 0
	[[ $stderr == *"skipped runc: not installed (apt-get install runc)"* ]] || fail "$stderr"
	[[ $output == *"runc is not installed: no ratios."* ]] || fail "$output"
	[[ $output != *"| runc | "* ]] || fail "a row for runc: $output"
	[ -n "$(oci_chapter)" ] || return 0
	[[ $stderr == *"skipped podman: podman or conmon is not installed (apt-get install podman conmon)"* ]] ||
		fail "no word on podman: $stderr"
	[[ $output == *"Skipped: podman or conmon is not installed"* ]] || fail "$output"
	[[ $output != *"| podman+"* ]] || fail "a row for podman: $output"
}

# The newest chapter with the OCI command line (ch08), if one is built.
oci_chapter() {
	local c
	for c in "$REPO"/ch[0-9][0-9]; do
		"$c" --help | grep -q -- --log-format && echo "${c##*/}"
	done | tail -1
}

@test "bench: Podman driving the OCI chapter and runc, each call of the runtime timed, and nothing left" {
	local ch
	ch=$(oci_chapter)
	[ -n "$ch" ] || skip "no chapter with the OCI command line (ch08) is built"
	command -v podman >/dev/null && command -v conmon >/dev/null ||
		skip "podman or conmon is not installed (make test-deps)"
	run --separate-stderr "$REPO/scripts/bench.sh" --quick
	assert_status 0
	[[ $output == *"## Podman driving $ch and runc"* ]] || fail "no section: $output"
	# | contender | median | 10%–90% | × podman+runc | peak memory |
	# | contender | podman run | create | start | delete | all calls | the rest |
	local x='[0-9]+\.[0-9]{2}' row steps
	row=" \| $x \| $x–$x \| ($x|-) \| [0-9.]+ MiB \|"
	steps=" \| $x \| $x \| $x \| $x \| $x \| -?$x \|"
	[[ $output =~ \|\ podman\+$ch$row ]] || fail "no row for podman+$ch: $output"
	[[ $output =~ \|\ podman\+$ch$steps ]] || fail "no steps of podman+$ch: $output"
	if command -v runc >/dev/null; then
		[[ $output =~ \|\ podman\+runc\ \|\ $x\ \|\ $x–$x\ \|\ 1\.00\ \| ]] ||
			fail "no row for podman+runc: $output"
		[[ $output =~ \|\ podman\+runc$steps ]] || fail "no steps of podman+runc: $output"
	else
		[[ $stderr == *"skipped podman+runc: runc is not installed"* ]] || fail "no word on runc: $stderr"
	fi
	[ -z "$(leftovers)" ] || fail "left behind: $(leftovers)"
}

@test "bench.sh refuses a bad option, and says how to get help" {
	run "$REPO/scripts/bench.sh" --no-such-option
	assert_status 2
	[[ $output == *"unknown option --no-such-option (try --help)"* ]] || fail "$output"
}
