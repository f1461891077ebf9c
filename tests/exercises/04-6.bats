#!/usr/bin/env bats
# Exercise 04-6 (docs/04-security.md): the learner's predictions, in
# tests/exercises/mine/04-6.txt, one a line: with root:2000000000:65536 in
# /etc/subuid and /etc/subgid, (1) the host uid that ps shows for the
# command of a --userns container, (2) the uid that owns, on disk, a file
# the container makes in /root; with root:2000000000:1000, (3) the
# runtime's exit status. The check runs the experiment itself and compares.
#
# It never touches this machine's /etc/subuid: it runs the runtime in a
# mount namespace of its own, where files of its own are mounted over
# /etc/subuid and /etc/subgid.

CH=${CH:-$PWD/ch04}
load ../helpers
load exercise

setup() {
	setup_container x04
	dir=/tmp/kobako-test-$m
	mine=$REPO/tests/exercises/mine/04-6.txt
}

teardown() {
	teardown_container
	rm -rf "$dir"
}

# Runs the runtime with ARGS where /etc/subuid and /etc/subgid hold LINE; it
# becomes the runtime (exec), so that start_bg's PID is the runtime's.
with_subids() { # LINE ARG...
	local line=$1
	shift
	printf '%s\n' "$line" >"$dir/subids"
	exec unshare --mount --propagation private -- sh -c '
		for f in /etc/subuid /etc/subgid; do
			[ -e "$f" ] || { echo "no $f to mount over" >&2; exit 99; }
			mount --bind "$0" "$f" || exit 99
		done
		exec "$@"' "$dir/subids" "$CH" "$@"
}

# The learner's answer on line N, without spaces and comments.
answer() { # N
	sed -e 's/#.*//' -e 's/[[:space:]]//g' "$mine" | grep . | sed -n "$1p"
}

@test "exercise 04-6: tests/exercises/mine/04-6.txt predicts the host uid, the owner on disk and the exit status" {
	[ -f "$mine" ] || fail "no tests/exercises/mine/04-6.txt"
	[ -e /etc/subuid ] && [ -e /etc/subgid ] ||
		skip "no /etc/subuid and /etc/subgid to mount over here"
	rm -rf "$dir" && mkdir -m 755 "$dir" "$dir/rootfs" && cp -a "$ROOTFS/." "$dir/rootfs/"
	require_idmap "$dir/rootfs"

	start_bg with_subids root:2000000000:65536 --rootfs "$dir/rootfs" --name "$n" --userns \
		sh -c "touch /root/made-$m && exec sleep $m"
	wait_until 20 running "^sleep $m" ||
		fail "the container did not start: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	local pid uid owner status
	pid=$(pgrep -f -- "^sleep $m" | head -n 1)
	uid=$(ps -o uid= -p "$pid" | tr -d ' ')
	owner=$(stat -c %u "$dir/rootfs/root/made-$m")
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143

	run with_subids root:2000000000:1000 --rootfs "$dir/rootfs" --name "$n" --userns true
	status=$status
	[[ $output == *"/etc/subuid"* ]] || fail "the short range's message names no /etc/subuid: $output"

	[ "$(answer 1)" = "$uid" ] || fail "line 1: the host uid ps shows is not '$(answer 1)'"
	[ "$(answer 2)" = "$owner" ] || fail "line 2: the owner on disk is not '$(answer 2)'"
	[ "$(answer 3)" = "$status" ] || fail "line 3: the exit status is not '$(answer 3)'"
}
