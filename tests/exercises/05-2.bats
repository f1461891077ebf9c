#!/usr/bin/env bats
# Exercise 05-2 (docs/05-overlayfs.md): scripts/copy-up-cost.sh IMAGE PATH
# appends a line to PATH in a container of IMAGE (./chNN, or $CH), keeps
# its upper layer to measure it, removes it, and prints two numbers: the
# seconds the run took, and the bytes the upper layer holds. An append to
# a big file of the image copies it whole; one to a new file does not.

CH=${CH:-$PWD/ch05}
load ../helpers

setup() {
	require_ch
	require_rootfs
	cd "$REPO"
	script=$REPO/scripts/copy-up-cost.sh
	image=$BATS_TEST_TMPDIR/image
	mkdir "$image" && cp -a "$ROOTFS/." "$image/" # its contents: ROOTFS may be a link
	dd if=/dev/zero of="$image/big" bs=1M count=64 status=none
}

teardown() {
	find /var/lib/kobako/containers -maxdepth 1 -newer "$image/big" -name 'copy-up-*' \
		-exec rm -rf {} + 2>/dev/null || true
}

# Runs the script; sets secs and bytes.
cost() { # PATH
	run env CH="$CH" "$script" "$image" "$1"
	assert_status 0
	read -r secs bytes <<<"$output"
	[[ $secs =~ ^[0-9]+(\.[0-9]+)?$ && $bytes =~ ^[0-9]+$ ]] ||
		fail "not SECONDS BYTES: $output"
}

@test "exercise 05-2: scripts/copy-up-cost.sh: an append to a 64 MiB file of the image leaves 64 MiB in the upper layer" {
	[ -x "$script" ] || fail "no executable scripts/copy-up-cost.sh"
	cost /big
	[ "$bytes" -ge $((64 << 20)) ] || fail "the upper layer holds $bytes bytes, not the whole file"
	[ "$(stat -c %s "$image/big")" -eq $((64 << 20)) ] || fail "the image's own file changed"
}

@test "exercise 05-2: scripts/copy-up-cost.sh: an append to a new file leaves almost nothing" {
	[ -x "$script" ] || fail "no executable scripts/copy-up-cost.sh"
	cost /tmp/small
	[ "$bytes" -lt $((1 << 20)) ] || fail "the upper layer holds $bytes bytes for one line"
}
