#!/usr/bin/env bats
# Exercise 02-3 (docs/02-rootfs.md): the classic pivot, with a directory
# .old_root for put_old, cleans up after itself; and needs a root it can
# write to, which pivot_root(".", ".") does not.

load ../helpers

setup() {
	require_ch
}

@test "exercise 02-3: after a run, the rootfs has no .old_root, and / inside has none either" {
	local r
	r=$(copy_rootfs)
	run "$CH" --rootfs "$r" ls -a /
	assert_status 0
	[[ $output != *.old_root* ]] || fail "/.old_root inside: $output"
	[ ! -e "$r/.old_root" ] || fail ".old_root is left in the rootfs"
}

@test "exercise 02-3: on a read-only rootfs, the classic pivot fails: no put_old can be made there (125)" {
	local r
	r=$(copy_rootfs)
	rmdir "$r/.old_root" 2>/dev/null || true
	# The read-only bind mount lives in a mount namespace of its own: it
	# goes when the run ends.
	run unshare --mount --propagation private -- sh -c \
		'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" --rootfs "$1" true' \
		sh "$r" "$CH"
	assert_status 125
	[[ $output == *.old_root*"Read-only file system"* ]] ||
		fail "the message does not say why: $output"
}
