#!/usr/bin/env bats
# Exercise 05-5 (docs/05-overlayfs.md): scripts/unpack-layer.sh LAYER.tar
# DIR unpacks an OCI layer for overlayfs: each .wh.NAME becomes a whiteout
# (a character device 0:0 named NAME), each .wh..wh..opq makes its
# directory opaque (trusted.overlay.opaque=y). Two layers made by hand with
# tar, on the image with --layer: what the whiteout names is hidden, and
# the opaque directory shows only its own entries.

CH=${CH:-$PWD/ch05}
load ../helpers
load exercise

setup() {
	setup_container x05
	script=$REPO/scripts/unpack-layer.sh
	t=$BATS_TEST_TMPDIR
	# The bottom layer: two files in etc, two in srv.
	mkdir -p "$t/src1/etc" "$t/src1/srv"
	echo a >"$t/src1/etc/a" && echo b >"$t/src1/etc/b"
	echo x >"$t/src1/srv/x" && echo y >"$t/src1/srv/y"
	# The top one deletes etc/a and makes srv opaque, with a new file in it.
	mkdir -p "$t/src2/etc" "$t/src2/srv"
	: >"$t/src2/etc/.wh.a"
	: >"$t/src2/srv/.wh..wh..opq"
	echo z >"$t/src2/srv/z"
	tar -cf "$t/1.tar" -C "$t/src1" etc srv
	tar -cf "$t/2.tar" -C "$t/src2" etc srv
}

teardown() {
	teardown_container
}

@test "exercise 05-5: scripts/unpack-layer.sh turns .wh.NAME into a 0:0 character device, and leaves no .wh. file" {
	[ -x "$script" ] || fail "no executable scripts/unpack-layer.sh"
	run "$script" "$t/2.tar" "$t/l2"
	assert_status 0
	[ "$(stat -c %F:%t:%T "$t/l2/etc/a")" = "character special file:0:0" ] ||
		fail "etc/a is no whiteout: $(ls -l "$t/l2/etc")"
	[ -z "$(find "$t/l2" -name '.wh.*')" ] || fail ".wh. files left: $(find "$t/l2" -name '.wh.*')"
	[ "$(cat "$t/l2/srv/z")" = z ] || fail "srv/z was not unpacked"
}

@test "exercise 05-5: on the two unpacked layers, ch05 hides etc/a and shows only srv's own entry" {
	[ -x "$script" ] || fail "no executable scripts/unpack-layer.sh"
	"$script" "$t/1.tar" "$t/l1" || fail "cannot unpack 1.tar"
	"$script" "$t/2.tar" "$t/l2" || fail "cannot unpack 2.tar"
	run "$CH" --name "$n" --layer "$t/l1" --layer "$t/l2" sh -c 'ls /etc/a /etc/b 2>&1; ls /srv'
	assert_status 0
	[[ ${lines[0]} == *"/etc/a"*"No such file"* ]] || fail "etc/a is not hidden: $output"
	[ "${lines[1]}" = /etc/b ] || fail "etc/b is not seen: $output"
	[ "${lines[2]}" = z ] && [ "${#lines[@]}" -eq 3 ] || fail "srv is not opaque: $output"
}
