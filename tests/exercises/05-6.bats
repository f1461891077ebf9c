#!/usr/bin/env bats
# Exercise 05-6 (docs/05-overlayfs.md): where /var/lib/kobako/containers is
# on an overlay (inside a Docker container, say), ch05 says so before it
# makes anything: status 125, one line naming the directory and overlayfs,
# not a failed mount; no cgroup, no state directory.
#
# The overlay is mounted in a mount namespace of the check's own, over the
# host's /var/lib/kobako, with a tmpfs for its layers: this machine's
# /var/lib/kobako is never touched.

CH=${CH:-$PWD/ch05}
load ../helpers
load exercise

setup() {
	setup_container x05
	mkdir -p /var/lib/kobako
}

teardown() {
	teardown_container
}

# Runs ARGS where /var/lib/kobako is an overlay, and after the run lists
# what is in its containers/ (a line "left: ..." if anything).
on_overlay() { # ARG...
	unshare --mount --propagation private -- sh -c '
		t=$0
		mount -t tmpfs tmpfs "$t" && mkdir "$t/l" "$t/u" "$t/w" &&
			mount -t overlay overlay -o "lowerdir=$t/l,upperdir=$t/u,workdir=$t/w" \
				/var/lib/kobako || exit 99
		"$@"
		status=$?
		left=$(ls -A /var/lib/kobako/containers 2>/dev/null)
		[ -z "$left" ] || echo "left: $left"
		exit $status' "$BATS_TEST_TMPDIR/ovl" "$@"
}

@test "exercise 05-6: on an overlay, ch05 says so in one line (125), before anything is made" {
	mkdir -p "$BATS_TEST_TMPDIR/ovl"
	run on_overlay "$CH" --verbose --name "$n" echo started
	[ "$status" -ne 99 ] || fail "cannot mount an overlay on /var/lib/kobako here: $output"
	assert_status 125
	[ "${#lines[@]}" -eq 1 ] || fail "expected one line and nothing done, got: $output"
	[[ $output == *"/var/lib/kobako/containers"* && $output == *overlayfs* ]] ||
		fail "the line names no /var/lib/kobako/containers and overlayfs: $output"
	[[ $output != *"mount overlayfs"* ]] || fail "a failed mount, not the reason: $output"
	assert_no_cgroup "$n"
}

@test "exercise 05-6: where it is no overlay, ch05 runs as before" {
	run "$CH" --name "$n" echo started
	assert_status 0
	assert_output started
}
