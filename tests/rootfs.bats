#!/usr/bin/env bats
# scripts/mkrootfs.sh: the demo root filesystem and --from-tar.
# Every tree is made under a temporary directory; ./rootfs is never touched.

MKROOTFS="$BATS_TEST_DIRNAME/../scripts/mkrootfs.sh"

setup_file() {
	[ "$(id -u)" -eq 0 ] || return 0 # setup skips every test then
	# One tree made by mkrootfs for the tests that only read it or copy it.
	export REF="$BATS_FILE_TMPDIR/ref"
	"$MKROOTFS" "$REF" >/dev/null
}

setup() {
	[ "$(id -u)" -eq 0 ] || skip "mkrootfs makes files owned by root: run as root"
	R="$BATS_TEST_TMPDIR/rootfs"
}

teardown() {
	# A test that mounts inside R must not leave the mount behind.
	if [ -n "${R:-}" ] && mountpoint -q "$R/mnt" 2>/dev/null; then
		umount "$R/mnt"
	fi
}

# One line per entry (type, mode, owner, path, link target), then the
# checksum of every file: two trees with the same sum have the same bytes.
tree_sum() {
	(
		cd "$1" || exit 1
		find . -printf '%y %m %U:%G %p -> %l\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
	) | sha256sum
}

# A tarball of the reference tree, as `docker export` would make one.
make_tarball() { # FILE [tar options...]
	local file=$1
	shift
	tar --numeric-owner -C "$REF" "$@" -cf "$file" .
}

no_leftovers() {
	[ ! -e "$R.tmp" ] && [ ! -e "$R.old" ]
}

# --- the busybox tree -------------------------------------------------------

@test "--help prints the usage" {
	run "$MKROOTFS" --help
	[ "$status" -eq 0 ]
	[[ "$output" == usage:* ]]
	[[ "$output" == *--from-tar* ]]
}

@test "a missing busybox is named with the package to install" {
	BUSYBOX=/nonexistent/busybox run "$MKROOTFS" "$R"
	[ "$status" -eq 1 ]
	[ "$output" = "mkrootfs: /nonexistent/busybox not found: install busybox-static (sudo make deps)" ]
	[ ! -e "$R" ]
}

@test "makes a busybox tree that runs" {
	run "$MKROOTFS" "$R"
	[ "$status" -eq 0 ]
	[[ "$output" == "mkrootfs: made $R (busybox "* ]]
	"$R/bin/busybox" true
	run chroot "$R" /bin/sh -c 'echo ok'
	[ "$output" = ok ]
	no_leftovers
}

@test "the tree holds the mount points and nothing else" {
	run ls -A "$REF"
	[ "$output" = "$(printf '%s\n' bin dev etc home mnt proc root run sbin sys tmp usr var)" ]
	run ls -A "$REF/etc"
	[ "$output" = "$(printf '%s\n' group hostname hosts os-release passwd profile)" ]
	[ "$(stat -c %a "$REF/tmp")" = 1777 ]
	[ "$(stat -c %a "$REF/var/tmp")" = 1777 ]
	[ "$(stat -c %a "$REF/root")" = 700 ]
	[ -z "$(find "$REF" ! -user 0 -o ! -group 0)" ]
}

@test "one relative link per applet, where busybox puts it" {
	local path
	while read -r path; do
		case $path in bin/busybox | linuxrc) continue ;; esac
		[ -L "$REF/$path" ] || { echo "missing $path"; return 1; }
	done < <(/bin/busybox --list-full)
	[ "$(readlink "$REF/bin/ls")" = ../bin/busybox ]
	[ "$(readlink "$REF/usr/sbin/chroot")" = ../../bin/busybox ]
	# No absolute target: it would name the host's file when seen from the host.
	[ -z "$(find "$REF" -lname '/*')" ]
}

@test "/etc: users, groups, hostname, os-release" {
	grep -qx 'root:x:0:0:root:/root:/bin/sh' "$REF/etc/passwd"
	grep -q '^nobody:x:65534:65534:' "$REF/etc/passwd"
	grep -qx 'tty:x:5:' "$REF/etc/group"
	grep -q '^nogroup:x:65534:' "$REF/etc/group"
	[ "$(cat "$REF/etc/hostname")" = kobako ]
	grep -q '^127.0.0.1[[:space:]]*localhost$' "$REF/etc/hosts"
	grep -qx 'PRETTY_NAME="kobako demo rootfs (busybox [0-9.]*)"' "$REF/etc/os-release"
}

@test "a login shell's prompt shows the container's hostname" {
	run unshare --uts chroot "$REF" /bin/sh -c 'hostname box1; exec /bin/sh -il' <<<'exit'
	[[ "$output" == *'root@box1:/# '* ]]
}

@test "two builds are byte-identical, whatever the caller's umask" {
	(umask 077 && "$MKROOTFS" "$R")
	[ "$(tree_sum "$R")" = "$(tree_sum "$REF")" ]
}

@test "a rerun says it is up to date and changes nothing" {
	cp -a "$REF" "$R"
	local before
	before=$(tree_sum "$R")
	run "$MKROOTFS" "$R"
	[ "$status" -eq 0 ]
	[[ "$output" == "mkrootfs: $R is up to date (busybox "* ]]
	[ "$(tree_sum "$R")" = "$before" ]
	no_leftovers
}

@test "a rerun keeps the files a container added" {
	cp -a "$REF" "$R"
	echo hello >"$R/root/note"
	run "$MKROOTFS" "$R"
	[[ "$output" == *"up to date"* ]]
	[ "$(cat "$R/root/note")" = hello ]
}

@test "a rerun completes a damaged tree" {
	cp -a "$REF" "$R"
	rm "$R/bin/ls" "$R/etc/hosts"
	run "$MKROOTFS" "$R"
	[ "$status" -eq 0 ]
	[[ "$output" == *"incomplete or has another busybox"* ]]
	[ "$(tree_sum "$R")" = "$(tree_sum "$REF")" ]
	no_leftovers
}

@test "a rootfs mkrootfs did not make is left alone unless --force" {
	mkdir -p "$R/bin"
	echo mine >"$R/bin/sh"
	run "$MKROOTFS" "$R"
	[ "$status" -eq 0 ]
	[[ "$output" == *"leaving it as it is"* ]]
	[ "$(cat "$R/bin/sh")" = mine ]

	run "$MKROOTFS" --force "$R"
	[ "$status" -eq 0 ]
	[ "$(tree_sum "$R")" = "$(tree_sum "$REF")" ]
}

@test "a build that fails leaves no DIR and no DIR.tmp" {
	# A busybox whose applet list names bin/ls twice: the second link fails.
	local fake="$BATS_TEST_TMPDIR/busybox"
	cat >"$fake" <<'EOF'
#!/bin/sh
case $1 in
  --list-full) printf 'bin/ls\nbin/ls\n' ;;
  *) echo 'BusyBox v9.9 (fake)' ;;
esac
EOF
	chmod +x "$fake"
	BUSYBOX=$fake run "$MKROOTFS" "$R"
	[ "$status" -ne 0 ]
	[ ! -e "$R" ]
	no_leftovers
}

@test "a DIR.tmp left by a killed run is cleaned up" {
	mkdir -p "$R.tmp/half"
	run "$MKROOTFS" "$R"
	[ "$status" -eq 0 ]
	[ "$(tree_sum "$R")" = "$(tree_sum "$REF")" ]
	no_leftovers
}

@test "--force refuses to delete through a mount inside DIR" {
	cp -a "$REF" "$R"
	mount -t tmpfs kobako-test "$R/mnt"
	touch "$R/mnt/precious"
	run "$MKROOTFS" --force "$R"
	[ "$status" -eq 1 ]
	[[ "$output" == *"something is mounted in $R"* ]]
	[ -e "$R/mnt/precious" ]
	no_leftovers
}

# --- --from-tar -------------------------------------------------------------

@test "--from-tar unpacks a .tar and makes the mount points" {
	local tarball="$BATS_TEST_TMPDIR/root.tar"
	make_tarball "$tarball" --exclude=./proc --exclude=./sys --exclude=./dev
	run "$MKROOTFS" --from-tar "$tarball" "$R"
	[ "$status" -eq 0 ]
	[ "$output" = "mkrootfs: unpacked $tarball into $R" ]
	[ "$(tree_sum "$R")" = "$(tree_sum "$REF")" ]
	run chroot "$R" /bin/sh -c 'echo ok'
	[ "$output" = ok ]
	no_leftovers
}

@test "--from-tar unpacks compressed tarballs" {
	local tarball
	for tarball in root.tar.gz root.tar.xz root.tar.zst; do
		case $tarball in *.zst) command -v zstd >/dev/null || continue ;; esac
		make_tarball "$BATS_TEST_TMPDIR/$tarball" --auto-compress
		rm -rf "$R"
		"$MKROOTFS" --from-tar "$BATS_TEST_TMPDIR/$tarball" "$R"
		[ "$(tree_sum "$R")" = "$(tree_sum "$REF")" ]
	done
}

@test "--from-tar refuses an existing DIR unless --force" {
	local tarball="$BATS_TEST_TMPDIR/root.tar"
	make_tarball "$tarball"
	mkdir "$R"
	touch "$R/old"
	run "$MKROOTFS" --from-tar "$tarball" "$R"
	[ "$status" -eq 1 ]
	[ "$output" = "mkrootfs: $R already exists: add --force to replace it" ]
	[ -e "$R/old" ]

	run "$MKROOTFS" --force --from-tar "$tarball" "$R"
	[ "$status" -eq 0 ]
	[ ! -e "$R/old" ]
	[ "$(tree_sum "$R")" = "$(tree_sum "$REF")" ]
	no_leftovers
}

@test "--from-tar: a missing file" {
	run "$MKROOTFS" --from-tar "$BATS_TEST_TMPDIR/nope.tar" "$R"
	[ "$status" -eq 1 ]
	[ "$output" = "mkrootfs: $BATS_TEST_TMPDIR/nope.tar: no such file" ]
	[ ! -e "$R" ]
}

@test "--from-tar: a file that is not a tarball" {
	local file="$BATS_TEST_TMPDIR/notes.txt"
	echo 'not a tarball' >"$file"
	run "$MKROOTFS" --from-tar "$file" "$R"
	[ "$status" -eq 1 ]
	[[ "$output" == *"mkrootfs: $file: could not unpack it: is it a tar archive?" ]]
	[ ! -e "$R" ]
	no_leftovers
}

@test "--from-tar: a compressed file that is not a tarball" {
	# tar unpacks it to nothing and calls that a success.
	local file="$BATS_TEST_TMPDIR/notes.gz"
	echo 'not a tarball' | gzip >"$file"
	run "$MKROOTFS" --from-tar "$file" "$R"
	[ "$status" -eq 1 ]
	[ "$output" = "mkrootfs: $file: nothing in it: is it a tar archive?" ]
	[ ! -e "$R" ]
	no_leftovers
}

@test "--from-tar warns when there is no /bin/sh" {
	local tarball="$BATS_TEST_TMPDIR/nosh.tar"
	make_tarball "$tarball" --exclude=./bin/sh
	run "$MKROOTFS" --from-tar "$tarball" "$R"
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: $tarball has no /bin/sh"* ]]
	[ -d "$R/proc" ]
}
