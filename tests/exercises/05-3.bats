#!/usr/bin/env bats
# Exercise 05-3 (docs/05-overlayfs.md): --read-only, as docker run's: no
# writable layer at all (no upper/ or work/ is made); the root refuses
# writes with EROFS, with one image or with --layer on it; a volume on a
# mount point the image has still works, one that would need a new mount
# point fails.

CH=${CH:-$PWD/ch05}
load ../helpers
load exercise

setup() {
	setup_container x05
	host=$BATS_TEST_TMPDIR/host-$m
	mkdir -p "$host"
	echo from-the-host >"$host/file"
}

teardown() {
	teardown_container
	[ -z "${n:-}" ] || rm -rf "${STATE%/*}/$n-upper"
}

@test "exercise 05-3: --read-only: a write to the root fails with Read-only file system; reading works" {
	run "$CH" --name "$n" --read-only sh -c 'cat /etc/hostname >/dev/null; touch /x'
	assert_status 1
	[[ $output == *"Read-only file system"* ]] || fail "not EROFS: $output"
	[ ! -e "$ROOTFS/x" ] || { rm -f "$ROOTFS/x"; fail "the image was written"; }
}

@test "exercise 05-3: --read-only makes no upper/ or work/ while it runs, and leaves nothing" {
	start_sleeper --read-only
	[ ! -e "$STATE/$n/upper" ] && [ ! -e "$STATE/$n/work" ] ||
		fail "a writable layer was made: $(ls -la "$STATE/$n")"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	[ ! -e "$STATE/$n" ] || fail "$STATE/$n is left"
}

@test "exercise 05-3: --read-only with a --layer: the layer's files are seen, and the root is still read-only" {
	local layer=$BATS_TEST_TMPDIR/layer
	mkdir -p "$layer/etc"
	echo from-the-layer >"$layer/etc/layered"
	run "$CH" --name "$n" --read-only --layer "$layer" sh -c 'cat /etc/layered; touch /etc/x'
	assert_status 1
	[ "${lines[0]}" = from-the-layer ] || fail "the layer is not seen: $output"
	[[ $output == *"Read-only file system"* ]] || fail "not EROFS: $output"
}

@test "exercise 05-3: --read-only --volume on /mnt, which the image has, works and is writable" {
	run "$CH" --name "$n" --read-only --volume "$host:/mnt" sh -c 'cat /mnt/file; echo new >/mnt/new'
	assert_status 0
	assert_output from-the-host
	[ "$(cat "$host/new")" = new ] || fail "the volume was not written"
}

@test "exercise 05-3: --read-only --volume on a path the image lacks fails (125): Read-only file system" {
	run "$CH" --name "$n" --read-only --volume "$host:/data-$m" true
	assert_status 125
	[[ $output == *"Read-only file system"* ]] || fail "not EROFS: $output"
	assert_no_cgroup "$n"
}

@test "exercise 05-3: --read-only with --keep or --upper is refused (125) in one line naming --read-only" {
	local upper=${STATE%/*}/$n-upper # on the file system --upper wants
	mkdir -p "$upper"
	run "$CH" --name "$n" --read-only --keep echo started
	assert_status 125
	[[ $output == *--read-only* && ${#lines[@]} -eq 1 ]] || fail "with --keep: $output"
	run "$CH" --name "$n" --read-only --upper "$upper" echo started
	assert_status 125
	[[ $output == *--read-only* && ${#lines[@]} -eq 1 ]] || fail "with --upper: $output"
	assert_no_cgroup "$n"
}
