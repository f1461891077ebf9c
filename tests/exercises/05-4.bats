#!/usr/bin/env bats
# Exercise 05-4 (docs/05-overlayfs.md): scripts/commit-layer.sh NAME DIR
# turns the changes a container NAME kept (--keep) into a layer, DIR, as
# docker commit does, and removes what the container left. A container
# with --layer DIR sees those changes, deletions included, read-only
# under its own; a deletion of a layer's file leaves a whiteout in its own
# upper layer, not in the layer.

CH=${CH:-$PWD/ch05}
load ../helpers
load exercise
bats_require_minimum_version 1.5.0

setup() {
	setup_container x05
	script=$REPO/scripts/commit-layer.sh
	layer=$BATS_TEST_TMPDIR/layer
}

teardown() {
	teardown_container "$n" "$n-2"
}

@test "exercise 05-4: scripts/commit-layer.sh makes a layer of kept changes; a container on it sees them, and its deletions stay its own" {
	[ -x "$script" ] || fail "no executable scripts/commit-layer.sh"
	run "$CH" --name "$n" --keep sh -c 'echo one >/etc/first; rm /etc/profile'
	assert_status 0
	run "$script" "$n" "$layer"
	assert_status 0
	[ ! -e "$STATE/$n" ] || fail "$STATE/$n is left: $(ls -la "$STATE/$n")"
	[ "$(cat "$layer/etc/first")" = one ] || fail "no etc/first in the layer"

	run --separate-stderr "$CH" --name "$n-2" --layer "$layer" --keep sh -c \
		'cat /etc/first; [ -e /etc/profile ] || echo no profile; rm /etc/first'
	assert_status 0
	assert_output "one
no profile"
	[ "$(cat "$layer/etc/first")" = one ] || fail "the layer was changed"
	[ "$(stat -c %F:%t:%T "$STATE/$n-2/upper/etc/first")" = "character special file:0:0" ] ||
		fail "no whiteout of etc/first in the second container's upper layer"
}

@test "exercise 05-4: scripts/commit-layer.sh fails for a container that kept nothing, and makes no DIR" {
	[ -x "$script" ] || fail "no executable scripts/commit-layer.sh"
	run "$script" "$n" "$layer"
	[ "$status" -ne 0 ] || fail "status 0 with nothing kept: $output"
	[ ! -e "$layer" ] || fail "$layer was made"
}
