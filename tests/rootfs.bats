#!/usr/bin/env bats
# scripts/mkrootfs.sh: the demo root filesystem and --from-tar.
# Every tree is made under a temporary directory; ./rootfs is never touched.

load helpers

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

# Fails if DIR does not exist.
assert_exists() { # DIR
	[ -e "$1" ] || fail "$1 is not there"
}

# Fails if DIR exists.
assert_missing() { # DIR
	[ ! -e "$1" ] || fail "$1 was made, or not removed"
}

# Fails, showing both sums, unless the tree DIR has the reference tree's.
assert_same_tree() { # DIR
	assert_equal "$(tree_sum "$1")" "$(tree_sum "$REF")" "$1 differs from the reference tree:"
}

no_leftovers() {
	assert_missing "$R.tmp"
	assert_missing "$R.old"
}

# --- the busybox tree -------------------------------------------------------

@test "--help prints the usage" {
	run "$MKROOTFS" --help
	assert_status 0
	[[ $output == usage:* ]] || fail "no usage line: $output"
	[[ $output == *--from-tar* ]] || fail "--from-tar is not listed: $output"
}

@test "a missing busybox is named with the package to install" {
	BUSYBOX=/nonexistent/busybox run "$MKROOTFS" "$R"
	assert_status 1
	assert_output "mkrootfs: /nonexistent/busybox not found: install busybox-static (sudo make deps)"
	assert_missing "$R"
}

@test "makes a busybox tree that runs" {
	run "$MKROOTFS" "$R"
	assert_status 0
	[[ $output == "mkrootfs: made $R (busybox "* ]] || fail "not the line that says it made $R: $output"
	"$R/bin/busybox" true || fail "$R/bin/busybox does not run"
	run chroot "$R" /bin/sh -c 'echo ok'
	assert_status 0
	assert_output ok
	no_leftovers
}

@test "the tree holds the mount points and nothing else" {
	run ls -A "$REF"
	assert_status 0
	assert_output "$(printf '%s\n' bin dev etc home mnt proc root run sbin sys tmp usr var)"
	run ls -A "$REF/etc"
	assert_status 0
	assert_output "$(printf '%s\n' group hostname hosts os-release passwd profile)"
	assert_equal "$(stat -c %a "$REF/tmp")" 1777 "the mode of /tmp:"
	assert_equal "$(stat -c %a "$REF/var/tmp")" 1777 "the mode of /var/tmp:"
	assert_equal "$(stat -c %a "$REF/root")" 700 "the mode of /root:"
	assert_equal "$(find "$REF" ! -user 0 -o ! -group 0)" "" "not owned by root:"
}

@test "one relative link per applet, where busybox puts it" {
	local path applets links=0
	applets=$(/bin/busybox --list-full) || fail "/bin/busybox --list-full failed"
	while read -r path; do
		case $path in bin/busybox | linuxrc) continue ;; esac
		[ -L "$REF/$path" ] || fail "no link for the applet $path"
		links=$((links + 1))
	done <<<"$applets"
	[ "$links" -gt 0 ] || fail "busybox lists no applet: $applets"
	assert_equal "$(readlink "$REF/bin/ls")" ../bin/busybox "the link bin/ls:"
	assert_equal "$(readlink "$REF/usr/sbin/chroot")" ../../bin/busybox "the link usr/sbin/chroot:"
	# No absolute target: it would name the host's file when seen from the host.
	assert_equal "$(find "$REF" -lname '/*')" "" "links to an absolute path:"
}

@test "/etc: users, groups, hostname, os-release" {
	local passwd group
	passwd=$(cat "$REF/etc/passwd") group=$(cat "$REF/etc/group")
	grep -qx 'root:x:0:0:root:/root:/bin/sh' <<<"$passwd" || fail "no root in /etc/passwd: $passwd"
	grep -q '^nobody:x:65534:65534:' <<<"$passwd" || fail "no nobody in /etc/passwd: $passwd"
	grep -qx 'tty:x:5:' <<<"$group" || fail "no tty in /etc/group: $group"
	grep -q '^nogroup:x:65534:' <<<"$group" || fail "no nogroup in /etc/group: $group"
	assert_equal "$(cat "$REF/etc/hostname")" kobako "/etc/hostname:"
	grep -q '^127.0.0.1[[:space:]]*localhost$' "$REF/etc/hosts" ||
		fail "localhost is not 127.0.0.1 in /etc/hosts: $(cat "$REF/etc/hosts")"
	grep -qx 'PRETTY_NAME="kobako demo rootfs (busybox [0-9.]*)"' "$REF/etc/os-release" ||
		fail "not kobako's /etc/os-release: $(cat "$REF/etc/os-release")"
}

@test "a login shell's prompt shows the container's hostname" {
	run unshare --uts chroot "$REF" /bin/sh -c 'hostname box1; exec /bin/sh -il' <<<'exit'
	assert_status 0
	[[ $output == *'root@box1:/# '* ]] || fail "no prompt root@box1:/# in: $output"
}

@test "two builds are byte-identical, whatever the caller's umask" {
	(umask 077 && "$MKROOTFS" "$R")
	assert_same_tree "$R"
}

@test "a rerun says it is up to date and changes nothing" {
	cp -a "$REF" "$R"
	local before
	before=$(tree_sum "$R")
	run "$MKROOTFS" "$R"
	assert_status 0
	[[ $output == "mkrootfs: $R is up to date (busybox "* ]] || fail "not up to date: $output"
	assert_equal "$(tree_sum "$R")" "$before" "the tree changed:"
	no_leftovers
}

@test "a rerun keeps the files a container added" {
	cp -a "$REF" "$R"
	echo hello >"$R/root/note"
	run "$MKROOTFS" "$R"
	assert_status 0
	[[ $output == *"up to date"* ]] || fail "not up to date: $output"
	assert_equal "$(cat "$R/root/note")" hello "the container's /root/note:"
}

@test "a rerun completes a damaged tree" {
	cp -a "$REF" "$R"
	rm "$R/bin/ls" "$R/etc/hosts"
	run "$MKROOTFS" "$R"
	assert_status 0
	[[ $output == *"incomplete or has another busybox"* ]] || fail "not said incomplete: $output"
	assert_same_tree "$R"
	no_leftovers
}

@test "a rootfs mkrootfs did not make is left alone unless --force" {
	mkdir -p "$R/bin"
	echo mine >"$R/bin/sh"
	run "$MKROOTFS" "$R"
	assert_status 0
	[[ $output == *"leaving it as it is"* ]] || fail "not said it leaves it: $output"
	assert_equal "$(cat "$R/bin/sh")" mine "the rootfs's own /bin/sh:"

	run "$MKROOTFS" --force "$R"
	assert_status 0
	assert_same_tree "$R"
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
	[ "$status" -ne 0 ] || fail "the build succeeded: $output"
	assert_missing "$R"
	no_leftovers
}

@test "a DIR.tmp left by a killed run is cleaned up" {
	mkdir -p "$R.tmp/half"
	run "$MKROOTFS" "$R"
	assert_status 0
	assert_same_tree "$R"
	no_leftovers
}

@test "--force refuses to delete through a mount inside DIR" {
	cp -a "$REF" "$R"
	mount -t tmpfs kobako-test "$R/mnt"
	touch "$R/mnt/precious"
	run "$MKROOTFS" --force "$R"
	assert_status 1
	[[ $output == *"something is mounted in $R"* ]] || fail "not said a mount is in the way: $output"
	assert_exists "$R/mnt/precious"
	no_leftovers
}

# --- --from-tar -------------------------------------------------------------

@test "--from-tar unpacks a .tar and makes the mount points" {
	local tarball="$BATS_TEST_TMPDIR/root.tar"
	make_tarball "$tarball" --exclude=./proc --exclude=./sys --exclude=./dev
	run "$MKROOTFS" --from-tar "$tarball" "$R"
	assert_status 0
	assert_output "mkrootfs: unpacked $tarball into $R"
	assert_same_tree "$R"
	run chroot "$R" /bin/sh -c 'echo ok'
	assert_status 0
	assert_output ok
	no_leftovers
}

@test "--from-tar unpacks compressed tarballs" {
	local tarball
	# .gz and .xz always: zstd may not be installed.
	for tarball in root.tar.gz root.tar.xz root.tar.zst; do
		case $tarball in *.zst) command -v zstd >/dev/null || continue ;; esac
		make_tarball "$BATS_TEST_TMPDIR/$tarball" --auto-compress
		rm -rf "$R"
		run "$MKROOTFS" --from-tar "$BATS_TEST_TMPDIR/$tarball" "$R"
		assert_status 0
		assert_same_tree "$R"
	done
}

@test "--from-tar refuses an existing DIR unless --force" {
	local tarball="$BATS_TEST_TMPDIR/root.tar"
	make_tarball "$tarball"
	mkdir "$R"
	touch "$R/old"
	run "$MKROOTFS" --from-tar "$tarball" "$R"
	assert_status 1
	assert_output "mkrootfs: $R already exists: add --force to replace it"
	assert_exists "$R/old"

	run "$MKROOTFS" --force --from-tar "$tarball" "$R"
	assert_status 0
	assert_missing "$R/old"
	assert_same_tree "$R"
	no_leftovers
}

@test "--from-tar: a missing file" {
	run "$MKROOTFS" --from-tar "$BATS_TEST_TMPDIR/nope.tar" "$R"
	assert_status 1
	assert_output "mkrootfs: $BATS_TEST_TMPDIR/nope.tar: no such file"
	assert_missing "$R"
}

@test "--from-tar: a file that is not a tarball" {
	local file="$BATS_TEST_TMPDIR/notes.txt"
	echo 'not a tarball' >"$file"
	run "$MKROOTFS" --from-tar "$file" "$R"
	assert_status 1
	[[ $output == *"mkrootfs: $file: could not unpack it: is it a tar archive?" ]] ||
		fail "not said it could not unpack it: $output"
	assert_missing "$R"
	no_leftovers
}

@test "--from-tar: a compressed file that is not a tarball" {
	# tar unpacks it to nothing and calls that a success.
	local file="$BATS_TEST_TMPDIR/notes.gz"
	echo 'not a tarball' | gzip >"$file"
	run "$MKROOTFS" --from-tar "$file" "$R"
	assert_status 1
	assert_output "mkrootfs: $file: nothing in it: is it a tar archive?"
	assert_missing "$R"
	no_leftovers
}

@test "--from-tar warns when there is no /bin/sh" {
	local tarball="$BATS_TEST_TMPDIR/nosh.tar"
	make_tarball "$tarball" --exclude=./bin/sh
	run "$MKROOTFS" --from-tar "$tarball" "$R"
	assert_status 0
	[[ $output == *"warning: $tarball has no /bin/sh"* ]] || fail "no warning: $output"
	[ -d "$R/proc" ] || fail "no mount point $R/proc"
}
