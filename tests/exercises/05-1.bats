#!/usr/bin/env bats
# Exercise 05-1 (docs/05-overlayfs.md): scripts/layer-diff.sh UPPER LOWER
# reads an upper layer as docker diff shows a container's changes: one
# line a path, sorted, "D PATH" for a whiteout (deleted), "C PATH" for what
# the lower tree has too (changed; a directory is there because something
# in it changed), "A PATH" for what it has not (added).

CH=${CH:-$PWD/ch05}
load ../helpers
load exercise

setup() {
	setup_container x05
	script=$REPO/scripts/layer-diff.sh
}

teardown() {
	teardown_container
}

@test "exercise 05-1: scripts/layer-diff.sh shows the rm, chmod and mv of a kept upper layer as D, C and A lines" {
	[ -x "$script" ] || fail "no executable scripts/layer-diff.sh"
	run "$CH" --name "$n" --keep sh -c \
		'rm /bin/ls; chmod 600 /etc/hosts; mv /etc/profile /etc/profile.old; mkdir -p /srv/new; echo x >/srv/new/f'
	assert_status 0
	run "$script" "$STATE/$n/upper" "$ROOTFS"
	assert_status 0
	assert_output "C /bin
D /bin/ls
C /etc
C /etc/hosts
D /etc/profile
A /etc/profile.old
A /srv
A /srv/new
A /srv/new/f"
}

@test "exercise 05-1: scripts/layer-diff.sh prints nothing for an upper layer with no change" {
	[ -x "$script" ] || fail "no executable scripts/layer-diff.sh"
	run "$CH" --name "$n" --keep true
	assert_status 0
	run "$script" "$STATE/$n/upper" "$ROOTFS"
	assert_status 0
	assert_output ""
}
