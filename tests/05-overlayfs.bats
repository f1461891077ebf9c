#!/usr/bin/env bats
# Chapter 05 claims: --rootfs DIR is an image, never modified. It is the
# lowest, read-only layer of an overlayfs whose writable upper layer is the
# container's own, in its state dir /var/lib/kobako/containers/NAME. A
# container may delete and rewrite anything: the image keeps every byte,
# even a read-only image works, and two containers of one image at once see
# only their own writes. A file deleted inside is gone there, and still in
# the image. --keep keeps the upper layer and says where; --upper DIR runs a
# later container on it, one container at a time. --layer DIR stacks
# read-only layers on the image, the last one given on top. --root DIR keeps
# the state dirs in DIR/containers instead: two learners with roots (and
# cgroup parents) of their own both run --name web, and a killed runtime's
# leftovers are reclaimed by the next run with that root, and no other.
# --volume HOST:CONTAINER[:ro] binds a host
# directory or file: writes reach the host, :ro refuses them for good, and
# CONTAINER is resolved inside the container's root, so a symlink in the
# image cannot send it to the host's /etc. With --userns, the image's files
# look owned by root inside, with no chown; what the container writes is
# owned on disk by its root as the host knows it (BASE), as under Docker's
# userns-remap.
#
# Bad input is refused before anything is made. The overlay exists in the
# container's mount namespace only; the state dir goes whatever the end, and
# one left by a SIGKILLed runtime is reclaimed by the next run of that name.
#
# Images are copies of ./rootfs. Names are unique to each test (t05-MARK,
# t05-MARK-a ...): teardown removes only their state dirs, cgroups, mounts.
# Later chapters' binaries run these tests too, in the demo rootfs: use only
# busybox commands inside.

load helpers
bats_require_minimum_version 1.5.0

STATE=/var/lib/kobako/containers

setup() {
	require_ch
	require_rootfs
	cd "$REPO"
	m=$(mark)
	n=t05-$m # the container's name; others of the test: $n-a, $n-b, $n-2
	prog=$(basename "$CH")
	open_dir=/tmp/kobako-test-$m # see open_image
}

teardown() {
	stop_bg
	# Skipped before setup chose a mark: nothing of this test's to remove,
	# and an empty name would match everyone's.
	[ -n "${m:-}" ] || return 0
	local pid mp name dir
	for pid in ${other_pids:-}; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	# Every path the test mounts on, or a runtime with a bug might, has the
	# mark in it: deepest first.
	for mp in $(marked_mounts "$m"); do
		umount -l "$mp" 2>/dev/null || true
	done
	for name in "$n" "$n-a" "$n-b" "$n-2"; do
		for dir in $(cgroup_dirs "$name"); do
			wait_until 5 eval '[ -z "$(cat "$dir/cgroup.procs" 2>/dev/null)" ]' || true
			rmdir "$dir" 2>/dev/null || true
		done
	done
	# The learners' cgroups, web in a parent of their own.
	for dir in $(cgroup_dirs "$n-alice") $(cgroup_dirs "$n-bob"); do
		rmdir "$dir/web" "$dir" 2>/dev/null || true
	done
	rm -rf "${STATE:?}/$n" "$STATE/$n"-* "${STATE%/*}/$n"-* "$open_dir" ${other_fs:+"$other_fs"}
	# What an escaping volume would have made on the host.
	rm -rf /etc/kobako-"$m"*
}

# --- helpers ----------------------------------------------------------------

# Every entry of the tree DIR, one a line (type, mode, owner, size, times,
# path, link target), then every file's checksum: a tree whose state is the
# same kept every name, byte, owner and time.
tree_state() { # DIR
	(
		cd "$1" || exit 1
		find . -printf '%y %m %U:%G %s %T@ %C@ %p -> %l\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
	)
}

# Fails, showing the first differences, unless DIR is in the state BEFORE.
assert_tree() { # BEFORE DIR
	local diff
	diff=$(diff <(echo "$1") <(tree_state "$2")) ||
		fail "$2 changed (< before, > now):" "$(head -n 20 <<<"$diff")"
}

# The mount tables, of any process, that name the state dir of NAME.
mounts_naming() { # NAME
	grep -s -l -F -- "$STATE/$1/" /proc/[0-9]*/mountinfo || true
}

# Fails unless nothing of the container NAME is left: no state dir, no
# mount naming it anywhere, no cgroup, and the host's mounts are BEFORE.
assert_nothing_left() { # NAME BEFORE
	[ ! -e "$STATE/$1" ] || fail "its state dir is left:" "$(find "$STATE/$1" -maxdepth 2)"
	local left
	left=$(mounts_naming "$1")
	[ -z "$left" ] || fail "mounts of $STATE/$1 are left in: $left"
	assert_no_cgroup "$1"
	assert_host_mounts "$2"
}

# A copy of the rootfs in a directory of mode 0755 ($open_dir/image): with
# --userns, the container's root is an unprivileged user on the host, and
# bats's own temporary directories are closed to it.
open_image() {
	rm -rf "$open_dir" && mkdir -m 755 "$open_dir" &&
		cp -a "$ROOTFS" "$open_dir/image" && echo "$open_dir/image"
}

wait_for_line() { # FILE LINE
	wait_until 30 grep -qx -- "$2" "$1" || fail "no line '$2' in $1: $(cat "$1")"
}

# The host PID of the process whose command line is exactly the text.
pid_of() { # COMMAND_LINE
	wait_until 20 running "^$1\$" || return 1
	pgrep -f -- "^$1\$" | head -n 1
}

# Fails if the host's /etc has what a volume of the test, escaping, made.
assert_no_host_etc() {
	local made
	made=$(find /etc -maxdepth 1 -name "kobako-$m*")
	[ -z "$made" ] || fail "made on the host: $made"
}

# The line the runtime prints about a kept upper layer.
kept_line() { # NAME
	echo "$prog: kept the container's changes in $STATE/$1/upper"
}

# --- the overlay --------------------------------------------------------------

@test "the help lists --keep, --upper, --layer, --volume, --root" {
	run "$CH" --help
	assert_status 0
	local opt
	for opt in --keep --upper --layer --volume --root; do
		[[ $output == *" $opt"[\ =]* ]] || fail "--help does not list $opt: $output"
	done
}

@test "/ inside is an overlay, in the container's mount namespace only; its state dir is there while it runs" {
	local r before pid root
	r=$(copy_rootfs)
	before=$(host_mounts)
	start_bg "$CH" --rootfs "$r" --name "$n" sh -c "echo ready; exec sleep $m"
	wait_for_line "$BATS_TEST_TMPDIR/bg.out" ready
	pid=$(pid_of "sleep $m") || fail "no container command"
	root=$(awk '$5 == "/" { sub(/.* - /, ""); print $1 }' "/proc/$pid/mountinfo")
	[ "$root" = overlay ] || fail "/ inside is a $root mount, not overlay"
	[ -d "$STATE/$n/upper" ] || fail "no $STATE/$n/upper while the container runs"
	! mountpoint -q /var/lib/kobako/mnt || fail "the scratch tmpfs is mounted on the host"
	[ -z "$(ls -A /var/lib/kobako/mnt)" ] || fail "the host's /var/lib/kobako/mnt is not empty"
	# Later chapters keep more there (chapter 06: the container's /etc files).
	[ -d "$STATE/$n/work" ] || fail "no $STATE/$n/work while the container runs"
	assert_host_mounts "$before"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	assert_nothing_left "$n" "$before"
}

@test "a container that deletes and rewrites the image's files leaves the image as it was" {
	local r before
	r=$(copy_rootfs)
	before=$(tree_state "$r")
	run "$CH" --rootfs "$r" --name "$n" sh -c "
		echo 'evil::0:0::/:/bin/sh' >/etc/passwd
		echo new-$m >/new-$m && mkdir -p /var/new-$m && chmod 700 /root/. /tmp/.
		ln -sf /nowhere /etc/group
		rm -rf /bin/* /sbin /usr /etc/profile /home
		[ -e /bin/busybox ] && echo still there || echo deleted"
	assert_status 0
	assert_output deleted
	assert_tree "$before" "$r"

	# The next container starts from the image, whole.
	run "$CH" --rootfs "$r" --name "$n" sh -c "head -n 1 /etc/profile; ls /new-$m; grep -c evil /etc/passwd; true"
	assert_status 0
	[ "${lines[0]}" = "$(head -n 1 "$ROOTFS/etc/profile")" ] || fail "$output"
	[[ $output == *"No such file"* ]] || fail "the first container's file is there: $output"
	[ "${lines[-1]}" = 0 ] || fail "/etc/passwd is the first container's: $output"
	assert_tree "$before" "$r"
}

@test "a file or directory deleted inside is gone inside, and still in the image" {
	local r before
	r=$(copy_rootfs)
	before=$(tree_state "$r")
	run "$CH" --rootfs "$r" sh -c '
		rm /etc/profile && rm -r /usr/sbin && echo removed
		cat /etc/profile; ls /usr/sbin/chroot
		mkdir /usr/sbin && echo "recreated: $(ls -A /usr/sbin | wc -l) entries"
		true'
	assert_status 0
	[ "${lines[0]}" = removed ] || fail "$output"
	[ "$(grep -c 'No such file' <<<"$output")" -eq 2 ] || fail "still there inside: $output"
	[ "${lines[-1]}" = "recreated: 0 entries" ] ||
		fail "the image's files show through a directory made again: $output"
	cmp -s "$r/etc/profile" "$ROOTFS/etc/profile" && [ -L "$r/usr/sbin/chroot" ] ||
		fail "deleted from the image"
	assert_tree "$before" "$r"
}

@test "an image without /proc, /sys, /dev runs; the mount points are made above it, not in it" {
	local r before
	r=$(copy_rootfs)
	rm -rf "${r:?}/proc" "$r/sys" "$r/dev"
	before=$(tree_state "$r")
	run "$CH" --rootfs "$r" sh -c 'echo $(ls -d /dev/null /proc/self /sys/kernel)'
	assert_status 0
	assert_output "/dev/null /proc/self /sys/kernel"
	assert_tree "$before" "$r"
}

@test "a read-only image works: the container writes, the image is only read" {
	local img before
	img=$(open_image) # a path with the mark: teardown unmounts it
	mount --bind "$img" "$img"
	mount -o remount,bind,ro "$img"
	before=$(tree_state "$img")
	run "$CH" --rootfs "$img" --name "$n" sh -c \
		"echo hello >/etc/motd-$m && cat /etc/motd-$m && rm /etc/profile && echo removed"
	assert_status 0
	assert_output "hello
removed"
	assert_tree "$before" "$img"
	umount "$img"
}

@test "two containers of the same image, at once, see only their own writes" {
	local r before a b pa pb
	r=$(copy_rootfs)
	before=$(tree_state "$r")
	"$CH" --rootfs "$r" --name "$n-a" sh -c \
		"echo a >/mine; touch /a-$m; echo ready; exec sleep ${m}1" \
		>"$BATS_TEST_TMPDIR/a.out" 2>&1 3>&- &
	a=$!
	"$CH" --rootfs "$r" --name "$n-b" sh -c \
		"echo b >/mine; touch /b-$m; echo ready; exec sleep ${m}2" \
		>"$BATS_TEST_TMPDIR/b.out" 2>&1 3>&- &
	b=$!
	other_pids="$a $b"
	wait_for_line "$BATS_TEST_TMPDIR/a.out" ready
	wait_for_line "$BATS_TEST_TMPDIR/b.out" ready
	pa=$(pid_of "sleep ${m}1") && pb=$(pid_of "sleep ${m}2") || fail "no container command"

	# Each one's root, seen from the host.
	[ "$(cat "/proc/$pa/root/mine")" = a ] || fail "a reads $(cat "/proc/$pa/root/mine")"
	[ "$(cat "/proc/$pb/root/mine")" = b ] || fail "b reads $(cat "/proc/$pb/root/mine")"
	[ -e "/proc/$pa/root/a-$m" ] && [ -e "/proc/$pb/root/b-$m" ] || fail "a file is missing"
	[ ! -e "/proc/$pa/root/b-$m" ] || fail "a sees b's file"
	[ ! -e "/proc/$pb/root/a-$m" ] || fail "b sees a's file"
	assert_tree "$before" "$r"

	kill -TERM "$a" "$b"
	local status_a=0 status_b=0
	wait "$a" || status_a=$?
	wait "$b" || status_b=$?
	other_pids=
	[ "$status_a" -eq 143 ] && [ "$status_b" -eq 143 ] || fail "statuses $status_a, $status_b"
	[ ! -e "$STATE/$n-a" ] && [ ! -e "$STATE/$n-b" ] || fail "a state dir is left"
	assert_no_cgroup "$n-a"
	assert_no_cgroup "$n-b"
}

# --- --keep, --upper ----------------------------------------------------------

@test "--keep keeps the upper layer and says where; --upper runs a later container on it" {
	local r before upper
	r=$(copy_rootfs)
	before=$(tree_state "$r")
	upper=$STATE/$n/upper
	run --separate-stderr "$CH" --rootfs "$r" --name "$n" --keep sh -c \
		"echo kept-$m >/kept; rm /etc/profile; echo changed >/etc/passwd"
	assert_status 0
	[ "$stderr" = "$(kept_line "$n")" ] || fail "not the line about the kept layer: $stderr"
	[ "$(cat "$upper/kept")" = "kept-$m" ] || fail "not kept: $(ls -A "$upper")"
	[ -z "$(mounts_naming "$n")" ] || fail "mounts of $STATE/$n are left in: $(mounts_naming "$n")"
	assert_no_cgroup "$n"
	assert_tree "$before" "$r"

	run "$CH" --rootfs "$r" --name "$n-2" --upper "$upper" sh -c \
		"cat /kept /etc/passwd; cat /etc/profile 2>/dev/null || echo no profile; echo 2 >/second"
	assert_status 0
	assert_output "kept-$m
changed
no profile"
	[ "$(cat "$upper/second" 2>&1)" = 2 ] || fail "the second container's write is not in $upper"
	[ ! -e "$STATE/$n-2" ] || fail "the second's state dir is left"
	assert_tree "$before" "$r"
}

@test "kept changes run on under their own name (--upper NAME's upper): still there after, and again" {
	local r upper
	r=$(copy_rootfs)
	upper=$STATE/$n/upper
	run --separate-stderr "$CH" --rootfs "$r" --name "$n" --keep sh -c "echo kept-$m >/kept"
	assert_status 0
	# The way the refusal of a second run of that name says to go on.
	run "$CH" --rootfs "$r" --name "$n" --upper "$upper" sh -c "cat /kept; echo 2 >/second"
	assert_status 0
	assert_output "kept-$m"
	[ "$(cat "$upper/kept" "$upper/second" 2>&1)" = "kept-$m
2" ] || fail "the changes in $upper are gone after a run on them: $(ls -A "$STATE/$n" 2>&1)"
	run "$CH" --rootfs "$r" --name "$n" --upper "$upper" cat /kept /second
	assert_status 0
	assert_output "kept-$m
2"
}

@test "--upper by a relative path is the directory it names from here; one past overlayfs's 255 bytes is refused" {
	# Beside the state dirs: on their file system, and not taken for one.
	local upper=${STATE%/*}/$n-upper long
	mkdir -p "$upper"
	cd "${STATE%/*}"
	run "$CH" --rootfs "$ROOTFS" --name "$n" --upper "$n-upper" sh -c "echo rel-$m >/written"
	assert_status 0
	[ "$(cat "$upper/written" 2>&1)" = "rel-$m" ] || fail "not written to $upper: $output"

	# A directory whose absolute path has 256 bytes, on the state dirs' file system.
	long=$upper/$(printf 'd%.0s' $(seq $((255 - ${#upper}))))
	mkdir -p "$long"
	[ "${#long}" -eq 256 ] || fail "the test made a path of ${#long} bytes"
	cd "$REPO"
	assert_refused --upper "$long" --rootfs "$ROOTFS" --name "$n"
	[[ $output == *"longer than the 255 bytes"* ]] || fail "not the reason: $output"
	[ ! -e "$STATE/$n" ] || fail "a state dir was made"
	assert_no_cgroup "$n"
}

@test "an --upper that is, is inside, or holds the image or a --layer is refused: 125, nothing made" {
	# On the state dirs' file system, where an --upper may be.
	local img=${STATE%/*}/$n-img layer=${STATE%/*}/$n-layer before
	cp -a "$ROOTFS" "$img"
	mkdir -p "$layer/up"
	before=$(tree_state "$img")
	assert_refused --upper "$img/tmp" --rootfs "$img" --name "$n"
	[[ $output == *"is inside the image"* ]] || fail "not the reason: $output"
	assert_refused --upper "$img" --rootfs "$img" --name "$n"
	assert_refused --upper "$layer/up" --rootfs "$img" --name "$n" --layer "$layer"
	[[ $output == *"is inside the layer"* ]] || fail "not the reason: $output"
	assert_refused --upper "${STATE%/*}" --rootfs "$img" --name "$n" --layer "$layer"
	[[ $output == *"holds the image"* ]] || fail "not the reason: $output"
	[ ! -e "$STATE/$n" ] || fail "a state dir was made"
	assert_no_cgroup "$n"
	assert_tree "$before" "$img"
}

@test "one upper layer, one container at a time: --upper on a layer in use is refused, 125, nothing made" {
	local r before upper
	r=$(copy_rootfs)
	before=$(host_mounts)
	# In use as a container's own upper layer...
	start_bg "$CH" --rootfs "$r" --name "$n-a" sh -c "echo ready; exec sleep $m"
	wait_for_line "$BATS_TEST_TMPDIR/bg.out" ready
	upper=$STATE/$n-a/upper
	run "$CH" --rootfs "$r" --name "$n-b" --upper "$upper" true
	assert_status 125
	assert_output "$prog: --upper $upper: a running container uses it as its writable layer"
	assert_nothing_left "$n-b" "$before"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143

	# ... and as another's --upper, until that one is gone.
	run --separate-stderr "$CH" --rootfs "$r" --name "$n" --keep true
	assert_status 0
	upper=$STATE/$n/upper
	start_bg "$CH" --rootfs "$r" --name "$n-a" --upper "$upper" sh -c "echo ready; exec sleep $m"
	wait_for_line "$BATS_TEST_TMPDIR/bg.out" ready
	run "$CH" --rootfs "$r" --name "$n-b" --upper "$upper" true
	assert_status 125
	assert_output "$prog: --upper $upper: a running container uses it as its writable layer"
	assert_nothing_left "$n-b" "$before"
	[ -d "$upper" ] || fail "the refused run removed the upper layer in use"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	run "$CH" --rootfs "$r" --name "$n-b" --upper "$upper" true
	assert_status 0
}

@test "changes thrown away at exit get a volatile overlay; --keep and --upper, whose changes last, do not" {
	local r upper
	r=$(copy_rootfs)
	upper=$STATE/$n/upper
	# The options of / inside, as the kernel shows them: "volatile" up to
	# Linux 6.5, "fsync=volatile" from 6.6.
	run "$CH" --rootfs "$r" --name "$n-a" awk '$2 == "/" { print $4 }' /proc/mounts
	assert_status 0
	[[ $output == *volatile* ]] || fail "a thrown-away overlay is not volatile: $output"
	run --separate-stderr "$CH" --rootfs "$r" --name "$n" --keep awk '$2 == "/" { print $4 }' /proc/mounts
	assert_status 0
	[[ $output == *lowerdir=* && $output != *volatile* ]] || fail "--keep: a volatile overlay: $output"
	run "$CH" --rootfs "$r" --name "$n-2" --upper "$upper" awk '$2 == "/" { print $4 }' /proc/mounts
	assert_status 0
	[[ $output == *lowerdir=* && $output != *volatile* ]] || fail "--upper: a volatile overlay: $output"
}

# --- --layer ------------------------------------------------------------------

@test "--layer stacks read-only layers on the image, the last on top; a whiteout in a layer hides a file" {
	local r l1 l2 before b1 b2
	r=$(copy_rootfs)
	l1=$BATS_TEST_TMPDIR/layer1 l2=$BATS_TEST_TMPDIR/layer2
	mkdir -p "$l1/etc" "$l2/etc"
	echo image >"$r/which" && echo layer1 >"$l1/which" && echo layer2 >"$l2/which"
	echo image >"$r/image-only" && echo 1 >"$l1/layer1-only" && echo 2 >"$l2/layer2-only"
	mknod "$l2/etc/profile" c 0 0 # overlayfs's whiteout: "deleted in this layer"
	before=$(tree_state "$r") b1=$(tree_state "$l1") b2=$(tree_state "$l2")

	run "$CH" --rootfs "$r" --layer "$l1" --layer "$l2" sh -c \
		'cat /which /image-only /layer1-only /layer2-only
		cat /etc/profile 2>/dev/null || echo no profile
		echo written >/which && echo written >/layer1-only && cat /which'
	assert_status 0
	assert_output "layer2
image
1
2
no profile
written"

	run "$CH" --rootfs "$r" --layer "$l2" --layer "$l1" cat /which /layer2-only
	assert_status 0
	assert_output "layer1
2"
	run "$CH" --rootfs "$r" --layer "$l1" cat /which /etc/profile
	assert_status 0
	assert_output "layer1
$(cat "$ROOTFS/etc/profile")"
	assert_tree "$before" "$r"
	assert_tree "$b1" "$l1"
	assert_tree "$b2" "$l2"
}

# MAX_LAYERS in overlay.h, which --help names.
MAX_LAYERS=32

@test "--layer: $MAX_LAYERS layers, the most there may be, all stack, in the order given" {
	local r i j args=() files=()
	r=$(copy_rootfs)
	# Layer i has o/i ... o/MAX, each saying "i": o/j must come from layer
	# j, on top of every layer below it, and the image's o/0 is seen too.
	mkdir "$r/o"
	for j in $(seq 0 $MAX_LAYERS); do
		echo image >"$r/o/$j"
		files+=("/o/$j")
	done
	for i in $(seq 1 $MAX_LAYERS); do
		mkdir -p "$BATS_TEST_TMPDIR/l$i/o"
		for j in $(seq "$i" $MAX_LAYERS); do
			echo "$i" >"$BATS_TEST_TMPDIR/l$i/o/$j"
		done
		args+=(--layer "$BATS_TEST_TMPDIR/l$i")
	done
	run "$CH" --rootfs "$r" --name "$n" "${args[@]}" cat "${files[@]}"
	assert_status 0
	assert_output "image
$(seq 1 $MAX_LAYERS)"
	run "$CH" --help
	[[ $output == *"up to $MAX_LAYERS"* ]] || fail "--help does not say up to $MAX_LAYERS: $output"
}

@test "--layer: one more than $MAX_LAYERS is refused, 125, one line naming --layer, nothing made" {
	local i mounts args=()
	for i in $(seq 1 $((MAX_LAYERS + 1))); do
		mkdir "$BATS_TEST_TMPDIR/l$i"
		args+=(--layer "$BATS_TEST_TMPDIR/l$i")
	done
	mounts=$(host_mounts)
	# Every layer but the last, then the last as the refused one.
	assert_refused --layer "$BATS_TEST_TMPDIR/l$((MAX_LAYERS + 1))" --rootfs "$ROOTFS" \
		--name "$n" "${args[@]:0:$((2 * MAX_LAYERS))}"
	[[ $output == *"at most $MAX_LAYERS"* ]] || fail "the message does not say the most: $output"
	assert_nothing_left "$n" "$mounts"
}

# --- --volume -----------------------------------------------------------------

@test "--volume binds a host directory: its files are inside, writes reach the host" {
	local r v w before mounts
	r=$(copy_rootfs)
	v=$BATS_TEST_TMPDIR/vol w=$BATS_TEST_TMPDIR/vol2
	mkdir "$v" "$w"
	echo "host $m" >"$v/from-host"
	echo "over mnt" >"$w/file"
	echo image >"$r/mnt/image-file"
	before=$(tree_state "$r") mounts=$(host_mounts)
	# /vol-$m is not in the image: made in the upper layer. /mnt is, with a file.
	run "$CH" --rootfs "$r" --name "$n" --volume "$v:/vol-$m" --volume "$w:/mnt" sh -c "
		cat /vol-$m/from-host; ls /mnt
		echo 'inside $m' >/vol-$m/from-inside && echo more >>/vol-$m/from-host
		mkdir /vol-$m/dir && echo x >/mnt/new"
	assert_status 0
	assert_output "host $m
file"
	[ "$(cat "$v/from-inside")" = "inside $m" ] || fail "not on the host: $(ls -A "$v")"
	[ "$(cat "$v/from-host")" = "host $m
more" ] || fail "the host's file: $(cat "$v/from-host")"
	[ -d "$v/dir" ] && [ "$(cat "$w/new")" = x ] || fail "not on the host: $(ls -A "$v" "$w")"
	assert_tree "$before" "$r"
	assert_nothing_left "$n" "$mounts"
}

@test "--volume HOST:CONTAINER:ro: a write is refused, and remount,rw too" {
	local r v before mounts
	r=$(copy_rootfs)
	v=$BATS_TEST_TMPDIR/vol
	mkdir "$v"
	echo "host $m" >"$v/file"
	before=$(tree_state "$v") mounts=$(host_mounts)
	run "$CH" --rootfs "$r" --name "$n" --volume "$v:/vol:ro" sh -c '
		cat /vol/file
		awk "\$5 == \"/vol\" { split(\$6, o, \",\"); print o[1] }" /proc/self/mountinfo
		echo changed >/vol/file && echo wrote
		touch /vol/new && echo made
		rm /vol/file && echo removed
		mount -o remount,rw /vol && echo remounted
		mount -o remount,bind,rw /vol && echo remounted
		echo changed >/vol/file && echo wrote
		true'
	assert_status 0
	[ "${lines[0]}" = "host $m" ] && [ "${lines[1]}" = ro ] || fail "$output"
	[[ $output != *wrote* && $output != *made* && $output != *removed* && $output != *remounted* ]] ||
		fail "the read-only volume changed: $output"
	[[ $output == *"Read-only file system"* ]] || fail "$output"
	assert_tree "$before" "$v"
	assert_nothing_left "$n" "$mounts"
}

@test "--volume binds a file: read and written through; :ro refuses writes" {
	local r f g before mounts
	r=$(copy_rootfs)
	f=$BATS_TEST_TMPDIR/file g=$BATS_TEST_TMPDIR/ro-file
	echo "file $m" >"$f"
	echo "ro $m" >"$g"
	before=$(tree_state "$r") mounts=$(host_mounts)
	run "$CH" --rootfs "$r" --name "$n" --volume "$f:/etc/profile" \
		--volume "$f:/file-$m" --volume "$g:/etc/ro-$m:ro" sh -c "
		cat /etc/profile /file-$m /etc/ro-$m
		echo more >>/file-$m
		echo changed >>/etc/ro-$m && echo wrote; true"
	assert_status 0
	[ "${lines[0]}" = "file $m" ] && [ "${lines[1]}" = "file $m" ] && [ "${lines[2]}" = "ro $m" ] ||
		fail "$output"
	[[ $output != *wrote* && $output == *"Read-only file system"* ]] || fail "$output"
	[ "$(cat "$f")" = "file $m
more" ] || fail "the host's file: $(cat "$f")"
	[ "$(cat "$g")" = "ro $m" ] || fail "the read-only file changed: $(cat "$g")"
	assert_tree "$before" "$r"
	assert_nothing_left "$n" "$mounts"
}

@test "a volume whose path goes through a symlink in the image (/data -> /etc) lands inside the container, never on the host's /etc" {
	local r v before mounts
	r=$(copy_rootfs)
	ln -s /etc "$r/data"
	ln -s ../../../../../../../../../../../../etc "$r/rel"
	v=$BATS_TEST_TMPDIR/vol
	mkdir "$v"
	echo "vol $m" >"$v/marker"
	before=$(tree_state "$r") mounts=$(host_mounts)

	# Mount points that do not exist yet: made in the container's /etc.
	run "$CH" --rootfs "$r" --name "$n" --volume "$v:/data/kobako-$m" \
		--volume "$v:/rel/kobako-$m-rel" sh -c \
		"cat /etc/kobako-$m/marker /etc/kobako-$m-rel/marker; echo in >/data/kobako-$m/new"
	assert_status 0
	assert_output "vol $m
vol $m"
	[ "$(cat "$v/new")" = in ] || fail "the write did not reach the volume"
	assert_no_host_etc
	assert_tree "$before" "$r"
	assert_nothing_left "$n" "$mounts"

	# The symlink itself: the volume is the container's /etc.
	run "$CH" --rootfs "$r" --name "$n" --volume "$v:/data" cat /etc/marker
	assert_status 0
	assert_output "vol $m"

	# A link to nothing: refused, in one line that says so.
	ln -s /nowhere-$m "$r/dangling"
	before=$(tree_state "$r")
	run "$CH" --rootfs "$r" --name "$n" --volume "$v:/dangling" true
	assert_status 125
	assert_output "$prog: --volume $v: /dangling in the container is a symbolic link to nothing"
	assert_nothing_left "$n" "$mounts"

	# A path that climbs out with ..: it stays in the root, or is refused.
	run "$CH" --rootfs "$r" --name "$n" --volume "$v:/../../../../etc/kobako-$m-dots" \
		cat /etc/kobako-$m-dots/marker
	if [ "$status" -eq 125 ]; then
		[[ $output == "$prog: --volume "* && ${#lines[@]} -eq 1 ]] ||
			fail "refused, but not in one line naming --volume: $output"
	else
		assert_status 0
		assert_output "vol $m"
	fi
	assert_no_host_etc
	assert_tree "$before" "$r"
	assert_nothing_left "$n" "$mounts"
}

# --- bad input ----------------------------------------------------------------

@test "bad --layer, --volume or --upper: 125, one line naming the option, nothing made" {
	local v mounts opt value
	v=$BATS_TEST_TMPDIR/vol
	mkdir "$v"
	# A directory on another file system than the state dirs: overlayfs
	# needs its upper and work directories on the same one.
	other_fs=/dev/shm/kobako-test-$m
	mkdir "$other_fs"
	cd "$BATS_TEST_TMPDIR" # where the relative paths exist
	mounts=$(host_mounts)
	while read -r opt value; do
		[ "$value" != "''" ] || value=
		assert_refused "$opt" "$value" --rootfs "$ROOTFS" --name "$n"
		assert_nothing_left "$n" "$mounts"
	done <<-EOF
		--layer $BATS_TEST_TMPDIR/no-layer-$m
		--volume $BATS_TEST_TMPDIR/no-vol-$m:/data
		--volume vol:/data
		--volume $v:data
		--volume $v:/data:bogus
		--volume $v:/
		--volume $v:/data:ro:ro
		--volume $v
		--volume :/data
		--volume $v:
		--volume ''
		--upper $BATS_TEST_TMPDIR/no-upper-$m
		--upper $other_fs
	EOF
	[ ! -e "$BATS_TEST_TMPDIR/no-layer-$m" ] && [ ! -e "$BATS_TEST_TMPDIR/no-vol-$m" ] &&
		[ ! -e "$BATS_TEST_TMPDIR/no-upper-$m" ] ||
		fail "a missing path was made"
	[ -z "$(ls -A "$v")" ] || fail "made in the volume: $(ls -A "$v")"
}

# --- nothing left behind --------------------------------------------------------

@test "nothing is left after an exit, a command not found, a volume that cannot be mounted" {
	local r v mounts before
	r=$(copy_rootfs)
	v=$BATS_TEST_TMPDIR/vol
	mkdir "$v"
	before=$(tree_state "$r") mounts=$(host_mounts)
	run "$CH" --rootfs "$r" --name "$n" --volume "$v:/vol" sh -c \
		"echo x >/x; sleep $m >/dev/null 2>&1 & exit 3"
	assert_status 3
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	assert_nothing_left "$n" "$mounts"

	run -127 "$CH" --rootfs "$r" --name "$n" --volume "$v:/vol" nosuch-$m
	assert_nothing_left "$n" "$mounts"

	# /etc/passwd is a file: no directory can be made below it.
	run "$CH" --rootfs "$r" --name "$n" --volume "$v:/etc/passwd/sub" echo started
	assert_status 125
	[[ $output != *started* ]] || fail "$output"
	assert_nothing_left "$n" "$mounts"
	assert_tree "$before" "$r"
}

@test "nothing is left after SIGTERM" {
	local r v mounts
	r=$(copy_rootfs)
	v=$BATS_TEST_TMPDIR/vol
	mkdir "$v"
	mounts=$(host_mounts)
	start_bg "$CH" --rootfs "$r" --name "$n" --volume "$v:/vol" sh -c \
		"echo x >/x; sleep $m & echo ready; wait"
	wait_for_line "$BATS_TEST_TMPDIR/bg.out" ready
	[ -d "$STATE/$n" ] || fail "no state dir $STATE/$n"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	assert_nothing_left "$n" "$mounts"
}

@test "a SIGKILLed runtime leaves its state dir; the next run of that name reclaims it and starts afresh" {
	local r mounts
	r=$(copy_rootfs)
	mounts=$(host_mounts)
	start_bg "$CH" --rootfs "$r" --name "$n" sh -c "echo x >/killed; sleep $m & echo ready; wait"
	wait_for_line "$BATS_TEST_TMPDIR/bg.out" ready
	kill -KILL "$bg_pid"
	wait_bg 30
	# The runtime had no chance to remove it. Any run reclaims every state
	# dir nobody holds: hold it, as a runtime would, while looking, for
	# other tests may run at the same time.
	local hold
	exec {hold}<"$STATE/$n" && flock -s "$hold" || fail "no state dir left: nothing to reclaim"
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	# Its mounts went with the container's mount namespace.
	wait_until 10 eval '[ -z "$(mounts_naming "$n")" ]' || fail "mounts left: $(mounts_naming "$n")"
	assert_host_mounts "$mounts"
	exec {hold}<&-

	run --separate-stderr "$CH" --rootfs "$r" --name "$n" sh -c \
		'[ -e /killed ] && echo stale || echo afresh'
	assert_status 0
	assert_output afresh
	grep -v 'reclaiming cgroup' <<<"$stderr" | grep -q "reclaiming.*$n.*left by a runtime that was killed" ||
		fail "no message about reclaiming the state dir: $stderr"
	assert_nothing_left "$n" "$mounts"
}

# --- --root: learners sharing a machine -----------------------------------------

# Fails unless a learner's run left nothing: no state dir in their root, no
# mount naming it, no cgroup in their parent, nor the parent it made.
assert_learner_gone() { # ROOT PARENT
	[ -z "$(ls -A "$1/containers")" ] || fail "left in $1/containers: $(ls -A "$1/containers")"
	! grep -s -q -F -- "$1/" /proc/[0-9]*/mountinfo || fail "mounts of $1 are left"
	[ -z "$(cgroup_dirs "${2#/}")" ] || fail "cgroups left behind:" "$(cgroup_dirs "${2#/}")"
}

@test "two learners, each with a --root and a --cgroup-parent of their own, run --name web at once: each sees only their own; nothing is left" {
	local r mounts who pid
	declare -A secs=([alice]=${m}1 [bob]=${m}2) # each one's sleep, told apart
	r=$(copy_rootfs)
	mounts=$(host_mounts)
	for who in alice bob; do
		"$CH" --root "$BATS_TEST_TMPDIR/$who" --cgroup-parent "/$n-$who" --name web \
			--rootfs "$r" sh -c "echo $who >/mine; echo ready; exec sleep ${secs[$who]}" \
			>"$BATS_TEST_TMPDIR/$who.out" 2>&1 3>&- &
		other_pids+=" $!"
	done
	for who in alice bob; do
		wait_for_line "$BATS_TEST_TMPDIR/$who.out" ready
		pid=$(pid_of "sleep ${secs[$who]}") || fail "no container command for $who"
		[ "$(cat "/proc/$pid/root/mine")" = "$who" ] ||
			fail "$who's container reads $(cat "/proc/$pid/root/mine")"
		# Their own root holds their web, and only it.
		[ "$(ls "$BATS_TEST_TMPDIR/$who/containers")" = web ] ||
			fail "$who's root holds: $(ls "$BATS_TEST_TMPDIR/$who/containers")"
		[ "$(cat "$BATS_TEST_TMPDIR/$who/containers/web/upper/mine")" = "$who" ] ||
			fail "$who's upper layer holds another's change"
		[ -n "$(cgroup_dirs "$n-$who")" ] || fail "no cgroup parent /$n-$who"
		grep -q "/$n-$who/web\$" "/proc/$pid/cgroup" || fail "$who's container is not in /$n-$who/web"
	done
	# shellcheck disable=SC2086 # two PIDs
	kill -TERM $other_pids
	local st
	for pid in $other_pids; do
		st=0
		wait "$pid" || st=$?
		[ "$st" -eq 143 ] || fail "a runtime exited $st: $(cat "$BATS_TEST_TMPDIR"/*.out)"
	done
	other_pids=
	for who in alice bob; do
		assert_learner_gone "$BATS_TEST_TMPDIR/$who" "/$n-$who"
	done
	assert_host_mounts "$mounts"
}

@test "--root: a SIGKILLed runtime's state dir is left to the next run with that root, which reclaims it" {
	local r mounts root=$BATS_TEST_TMPDIR/root
	r=$(copy_rootfs)
	mounts=$(host_mounts)
	start_bg "$CH" --root "$root" --rootfs "$r" --name "$n" sh -c \
		"echo x >/killed; sleep $m & echo ready; wait"
	wait_for_line "$BATS_TEST_TMPDIR/bg.out" ready
	kill -KILL "$bg_pid"
	wait_bg 30
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	[ -d "$root/containers/$n" ] || fail "no state dir left in $root: nothing to reclaim"
	[ ! -e "$STATE/$n" ] || fail "the state dir is in $STATE, not in --root"

	# A run with another root (here the default one) reclaims only its own.
	run --separate-stderr "$CH" --rootfs "$r" --name "$n-2" true
	assert_status 0
	[ -d "$root/containers/$n" ] || fail "a run with another root reclaimed it: $stderr"

	run --separate-stderr "$CH" --root "$root" --rootfs "$r" --name "$n" sh -c \
		'[ -e /killed ] && echo stale || echo afresh'
	assert_status 0
	assert_output afresh
	[[ $stderr == *"reclaiming $root/containers/$n, left by a runtime that was killed"* ]] ||
		fail "no message about reclaiming the state dir: $stderr"
	[ -z "$(ls -A "$root/containers")" ] || fail "left in $root: $(ls -A "$root/containers")"
	assert_nothing_left "$n" "$mounts"
}

# --- --userns -------------------------------------------------------------------

@test "--userns: the image looks owned by root inside, needs no chown; the upper layer is the container root's, BASE on disk" {
	local img before upper
	img=$(open_image)
	require_idmap "$img"
	before=$(tree_state "$img")
	upper=$STATE/$n/upper
	run --separate-stderr "$CH" --rootfs "$img" --name "$n" --keep --userns sh -c "
		stat -c %u:%g / /bin/busybox /etc/passwd /root
		touch /made-$m && mkdir /tmp/dir-$m && echo more >>/etc/passwd && rm /etc/profile &&
		echo made"
	assert_status 0
	assert_output "0:0
0:0
0:0
0:0
made"
	[ "$stderr" = "$(kept_line "$n")" ] || fail "not the line about the kept layer: $stderr"
	local owner
	owner=$(userns_base /etc/subuid):$(userns_base /etc/subgid)
	run stat -c %u:%g "$upper/made-$m" "$upper/tmp/dir-$m" "$upper/etc/passwd"
	assert_status 0
	[ "$(echo $output)" = "$owner $owner $owner" ] || fail "on disk: $output (expected $owner)"
	assert_tree "$before" "$img"

	# The kept layer, again under --userns: still root's inside.
	run "$CH" --rootfs "$img" --name "$n-2" --upper "$upper" --userns sh -c \
		"stat -c %u:%g /made-$m /tmp/dir-$m; tail -n 1 /etc/passwd; cat /etc/profile 2>/dev/null || echo no profile"
	assert_status 0
	assert_output "0:0
0:0
more
no profile"
	assert_tree "$before" "$img"
}

@test "--userns: nothing is left after an exit and after SIGTERM" {
	local img mounts before
	img=$(open_image)
	require_idmap "$img"
	before=$(tree_state "$img") mounts=$(host_mounts)
	run "$CH" --rootfs "$img" --name "$n" --userns sh -c "echo x >/x; rm /etc/profile; echo ran"
	assert_status 0
	assert_output ran
	assert_nothing_left "$n" "$mounts"

	start_bg "$CH" --rootfs "$img" --name "$n" --userns sh -c "echo x >/x; sleep $m & echo ready; wait"
	wait_for_line "$BATS_TEST_TMPDIR/bg.out" ready
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	assert_nothing_left "$n" "$mounts"
	assert_tree "$before" "$img"
}

# --- short options ------------------------------------------------------------

@test "-v is --volume, as in docker run: -v HOST:CONTAINER, -vHOST:CONTAINER:ro" {
	local v=$BATS_TEST_TMPDIR/vol mounts
	mkdir "$v"
	echo "host $m" >"$v/file"
	mounts=$(host_mounts)
	run "$CH" --name "$n" -v "$v:/vol-$m" sh -c "cat /vol-$m/file; echo inside >/vol-$m/new"
	assert_status 0
	assert_output "host $m"
	[ "$(cat "$v/new")" = inside ] || fail "not on the host: $(ls -A "$v")"
	run "$CH" --name "$n" -v"$v:/vol-$m:ro" sh -c "cat /vol-$m/file; touch /vol-$m/ro"
	assert_status 1
	[[ ${lines[0]} == "host $m" && $output == *"Read-only file system"* ]] || fail "$output"
	[ ! -e "$v/ro" ] || fail "a :ro volume was written"
	assert_nothing_left "$n" "$mounts"
}
