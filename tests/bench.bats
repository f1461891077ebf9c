#!/usr/bin/env bats
# scripts/bench.sh (make bench) runs, reports every contender it found, and
# leaves nothing behind. No timing is checked: timings belong to a machine.

load helpers

setup() {
	[ -x "$REPO/ch01" ] || skip "no chapter is built (make)"
	require_rootfs
}

# What a run of the bench could leave: its work directory, the runc
# container's cgroup, kobako's state directories and cgroups.
leftovers() {
	ls -d /tmp/kobako-bench.* 2>/dev/null
	find /sys/fs/cgroup -maxdepth 4 -name 'kobako-bench*' 2>/dev/null
	ls -d /var/lib/kobako/containers/kobako-bench* 2>/dev/null
	return 0
}

@test "make bench's script runs: a table with every contender found, steps, nothing left behind" {
	run --separate-stderr "$REPO/scripts/bench.sh" --quick
	assert_status 0
	[[ $output == *"| contender | median |"* ]] || fail "no table: $output"
	local c
	for c in fork/exec "$REPO"/ch[0-9][0-9]; do
		[ -x "$c" ] || [ "$c" = fork/exec ] || continue
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

@test "a contender that is not installed is skipped, and the report says so" {
	[ -x /usr/sbin/runc ] || skip "runc is not in /usr/sbin"
	# /usr/sbin out of PATH: runc is not found, the rest is in /usr/bin.
	PATH=/usr/local/bin:/usr/bin:/bin run --separate-stderr "$REPO/scripts/bench.sh" --quick
	assert_status 0
	[[ $stderr == *"skipped runc: not installed (apt-get install runc)"* ]] || fail "$stderr"
	[[ $output == *"runc is not installed: no ratios."* ]] || fail "$output"
	[[ $output != *"| runc | "* ]] || fail "a row for runc: $output"
}

@test "bench.sh refuses a bad option, and says how to get help" {
	run "$REPO/scripts/bench.sh" --no-such-option
	assert_status 2
	[[ $output == *"unknown option --no-such-option (try --help)"* ]] || fail "$output"
}
