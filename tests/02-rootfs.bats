#!/usr/bin/env bats
# Chapter 02 claims: --rootfs DIR (default ./rootfs) becomes the container's
# /, with pivot_root, and the host's root is detached: no path leads back to
# it, not even the classic chroot escape. Inside: a fresh /proc (nosuid,
# nodev, noexec), a read-only /sys, and a minimal /dev (null zero full random
# urandom tty, a new devpts instance, shm, mqueue, the fd links) with no
# disk. Bad input fails before anything is made (125, 126, 127, each with its
# message), and nothing is left behind: no mount, no process, nothing in the
# rootfs but the mount points proc, sys and dev.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	require_ch
	require_rootfs
	m=$(mark)
}

teardown() {
	# A failed test of a terminal: script, under timeout, hangs its terminal
	# up as it ends, and the runtime passes the SIGHUP on.
	[ -z "${bg_pid:-}" ] || pkill -TERM -P "$bg_pid" -x script || true
	stop_bg
	exec 7>&- # the keyboard of start_on_terminal's terminal
	[ -z "${shared:-}" ] || umount -l "$shared"
	# What a workdir that escaped the rootfs would have made on the host.
	rm -rf "/etc/kobako-wd-$m" "/kobako-wd-$m"
}

# The container's mount points, one a line, sorted. Fails if the container
# does (the status of a pipe would be sort's).
container_mount_points() {
	local mounts
	mounts=$("$CH" --rootfs "$ROOTFS" cat /proc/self/mountinfo) || return
	awk '{ print $5 }' <<<"$mounts" | sort
}

# The options of the container's mount on DIR (mountinfo's 6th field).
container_mount_options() { # DIR
	local mounts
	mounts=$("$CH" --rootfs "$ROOTFS" cat /proc/self/mountinfo) || return
	awk -v dir="$1" '$5 == dir { print $6 }' <<<"$mounts"
}

host_mounts_are() { # BEFORE
	[ "$(host_mounts)" = "$1" ]
}

# A terminal, as you would run the runtime from: script(1) runs CMD, a line of
# sh that may use $CH, $T (the test's directory) and $IN, on a new
# pseudo-terminal, in the background. Its keyboard is fd 7 (printf 'ls\n' >&7),
# its screen $T/bg.out (screen shows it without the terminal's carriage
# returns). The keyboard stays open: at the end of its input, script would
# type a NUL.
start_on_terminal() { # CMD [IN]
	mkfifo "$BATS_TEST_TMPDIR/keys"
	# Opened read-write, so that neither end waits for the other.
	exec 7<>"$BATS_TEST_TMPDIR/keys"
	start_bg env CH="$CH" T="$BATS_TEST_TMPDIR" IN="${2:-}" timeout 120 \
		script -qec "$1" /dev/null <"$BATS_TEST_TMPDIR/keys" 7>&-
}

# start_on_terminal, to the end: sets status, output (the screen) and lines.
run_on_terminal() { # CMD [IN]
	start_on_terminal "$@"
	wait_bg 60
	output=$(screen)
	mapfile -t lines <<<"$output"
}

screen() { tr -d '\r' <"$BATS_TEST_TMPDIR/bg.out"; }
on_screen() { screen | grep -q -- "$1"; }

# The settings of the terminal PTS (stty -g) are, or are not, SETTINGS.
terminal_is() { [ "$(stty -F "$1" -g)" = "$2" ]; }
terminal_is_not() { ! terminal_is "$@"; }

# The process is in the foreground of its terminal.
in_foreground() { # PID
	local ids
	ids=$(ps -o pgid=,tpgid= -p "$1") && [ "$(awk '{ print ($1 == $2) }' <<<"$ids")" = 1 ]
}

# --- the root ---------------------------------------------------------------

@test "/ inside is the rootfs: a file put in it is at /" {
	local r
	r=$(copy_rootfs)
	echo "marker $m" >"$r/marker"
	run "$CH" --rootfs "$r" cat /marker
	assert_status 0
	assert_output "marker $m"
}

@test "without --rootfs, the root is ./rootfs" {
	local r
	r=$(copy_rootfs) # $BATS_TEST_TMPDIR/rootfs
	echo "marker $m" >"$r/marker"
	cd "$BATS_TEST_TMPDIR"
	run "$CH" cat /marker
	assert_status 0
	assert_output "marker $m"
}

@test "the host's files are out of reach: a file on the host is not there" {
	echo "marker $m" >"$BATS_TEST_TMPDIR/host-file"
	run "$CH" --rootfs "$ROOTFS" cat "$BATS_TEST_TMPDIR/host-file"
	[ "$status" -ne 0 ] || fail "the container read a host file: $output"
	[[ $output == *"No such file"* ]] || fail "$output"
}

@test "the host's root is detached: the mount table is exactly the container's" {
	# Later chapters may mount below /proc and /sys (masks, cgroups), and
	# on /etc's files for names (chapter 06, as Docker does).
	run container_mount_points
	assert_status 0
	local expected
	expected=$(printf '%s\n' / /proc /sys /dev /dev/null /dev/zero /dev/full /dev/random \
		/dev/urandom /dev/tty /dev/pts /dev/shm /dev/mqueue | sort)
	diff <(echo "$expected") <(grep -v -e '^/proc/' -e '^/sys/' \
		-e '^/etc/hostname$' -e '^/etc/hosts$' -e '^/etc/resolv.conf$' <<<"$output") ||
		fail "the container's mount points differ (< expected, > actual)"
}

@test "the chroot escape that works under chroot(1) fails in the container" {
	local r probe host_file=$BATS_TEST_TMPDIR/host-file
	r=$(copy_rootfs)
	probe=$(probe chroot_escape)
	cp "$probe" "$r/chroot_escape"
	touch "$host_file"

	# The probe works: from a plain chroot, it reaches the host's file.
	run chroot "$r" /chroot_escape "$host_file"
	assert_status 0
	assert_output escaped

	run "$CH" --rootfs "$r" /chroot_escape "$host_file"
	assert_status 0
	assert_output contained
}

@test "a rootfs on a shared mount: mounts made inside never reach the host" {
	# A shared mount passes mount events on to its peers, the host's
	# own, unless the container made its mounts private first.
	local r
	r=$(copy_rootfs)
	mount --bind "$r" "$r"
	shared=$r
	mount --make-shared "$r"
	run "$CH" $(may_mount) --rootfs "$r" mount -t tmpfs "kobako-$m" /mnt
	assert_status 0
	! grep "kobako-$m " /proc/self/mountinfo || fail "a mount made inside reached the host"
	local below
	below=$(awk -v r="$r/" 'index($5, r) == 1' /proc/self/mountinfo)
	[ -z "$below" ] || fail "mounts appeared in the rootfs on the host: $below"
}

# --- /dev -------------------------------------------------------------------

@test "/dev has only the expected entries, and no disk" {
	run "$CH" --rootfs "$ROOTFS" ls -A /dev
	assert_status 0
	[ "$(echo $output)" = "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero" ] ||
		fail "unexpected /dev: $(echo $output)"

	run "$CH" --rootfs "$ROOTFS" find /dev -type b
	assert_status 0
	assert_output ""
}

@test "/dev/null, /dev/zero, /dev/full and /dev/urandom work" {
	run "$CH" --rootfs "$ROOTFS" sh -c '
		echo discarded >/dev/null && echo "null: ok"
		echo "zero:" $(head -c 4 /dev/zero | od -An -tx1)
		echo "full:" $( (echo x >/dev/full) 2>&1)
		echo "urandom:" $(head -c 16 /dev/urandom | wc -c)'
	assert_status 0
	[ "${lines[0]}" = "null: ok" ] || fail "$output"
	[ "${lines[1]}" = "zero: 00 00 00 00" ] || fail "$output"
	[[ ${lines[2]} == "full: "*"No space left on device" ]] || fail "$output"
	[ "${lines[3]}" = "urandom: 16" ] || fail "$output"
}

@test "/dev/pts is a new instance: only ptmx in it, not the host's terminals" {
	run "$CH" --rootfs "$ROOTFS" ls -A /dev/pts
	assert_status 0
	assert_output ptmx

	# Another devpts than the host's (mountinfo's 3rd field: its device).
	local inside host
	inside=$("$CH" --rootfs "$ROOTFS" cat /proc/self/mountinfo | awk '$5 == "/dev/pts" { print $3 }')
	host=$(awk '$5 == "/dev/pts" { print $3 }' /proc/self/mountinfo)
	[ -n "$inside" ] && [ "$inside" != "$host" ] || fail "the host's devpts ($host) is the container's ($inside)"
}

@test "/dev/shm is a tmpfs of mode 1777 that anyone can write to" {
	run "$CH" --rootfs "$ROOTFS" sh -c 'stat -c %a /dev/shm && echo hi >/dev/shm/x && cat /dev/shm/x'
	assert_status 0
	[ "$(echo $output)" = "1777 hi" ] || fail "$output"
}

# --- /sys and /proc ---------------------------------------------------------

@test "/sys is read-only: mounted ro, and writing to it fails" {
	run container_mount_options /sys
	assert_status 0
	[[ $output == ro,* ]] || fail "/sys is mounted $output"

	# Writing lo's own MTU back would be harmless if it worked.
	run "$CH" --rootfs "$ROOTFS" sh -c 'mtu=$(cat /sys/class/net/lo/mtu) && echo $mtu >/sys/class/net/lo/mtu'
	[ "$status" -ne 0 ] || fail "a write to /sys succeeded"
	[[ $output == *"Read-only file system"* ]] || fail "$output"
}

@test "/proc is mounted nosuid, nodev, noexec" {
	run container_mount_options /proc
	assert_status 0
	local opt
	for opt in nosuid nodev noexec; do
		[[ ,$output, == *",$opt,"* ]] || fail "/proc is mounted $output: no $opt"
	done
}

# --- a terminal of its own ---------------------------------------------------

@test "on a terminal, the command gets the container's /dev/pts/0, in a session it leads" {
	run_on_terminal '"$CH" sh -c "$IN"' 'tty; echo /dev/pts/*; cut -d" " -f1,6 /proc/$$/stat'
	assert_status 0
	# PID 2, and leader of session 2: its own, not the runtime's (0: outside).
	assert_output "/dev/pts/0
/dev/pts/0 /dev/pts/ptmx
2 2"
}

@test "without a terminal on stdin, the command leads a session of its own, with no terminal" {
	# The runtime has one (script's), but not on stdin: the command gets none.
	run_on_terminal '"$CH" sh -c "$IN" </dev/null' \
		'cut -d" " -f1,6,7 /proc/$$/stat; true >/dev/tty || echo no tty'
	assert_status 0
	# PID 2, session 2, terminal 0 (none); and /dev/tty cannot be opened.
	[[ $output == "2 2 0"$'\n'*"no tty" ]] || fail "$output"
}

@test "an interactive shell: Ctrl-Z stops a job, fg resumes it, Ctrl-C ends it, exit 3 is ours" {
	start_on_terminal '"$CH"'
	printf 'sleep %s\n' "$m" >&7
	wait_until 30 running "^sleep $m" || fail "the command did not start: $(screen)"
	local sleep
	sleep=$(pgrep -f "^sleep $m")
	wait_until 10 in_foreground "$sleep" || fail "sleep is not in the foreground: $(screen)"
	printf '\032' >&7 # Ctrl-Z
	wait_until 20 on_screen Stopped || fail "Ctrl-Z did not stop the job: $(screen)"
	printf 'fg\n' >&7
	wait_until 20 in_foreground "$sleep" || fail "fg did not resume the job: $(screen)"
	printf '\003' >&7 # Ctrl-C
	wait_until 20 gone "^sleep $m" || fail "Ctrl-C did not end the job: $(screen)"
	printf 'echo "status $?"; exit 3\n' >&7
	wait_bg 60
	assert_status 3
	on_screen '^status 130' || fail "Ctrl-C did not give 130: $(screen)"
}

@test "your terminal is in raw mode while the container runs, and as it was once it exits" {
	start_on_terminal 'stty -g >"$T/before"; tty >"$T/pts"; "$CH" sh -c "$IN"; echo "status $?"
		stty -g >"$T/after"' 'read line; exit 3'
	wait_until 30 test -s "$BATS_TEST_TMPDIR/pts" || fail "no terminal: $(screen)"
	local pts before
	pts=$(cat "$BATS_TEST_TMPDIR/pts")
	before=$(cat "$BATS_TEST_TMPDIR/before")
	wait_until 30 terminal_is_not "$pts" "$before" || fail "the terminal never left its mode"
	printf '\n' >&7 # for read: it comes through the relay
	wait_bg 60
	assert_status 0
	on_screen '^status 3' || fail "$(screen)"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/after")" "$before" "your terminal's settings (stty -g):"
}

@test "your terminal is restored after a SIGKILL of the runtime" {
	start_on_terminal 'stty -g >"$T/before"; tty >"$T/pts"; "$CH" sleep '"$m"'; read line'
	wait_until 30 running "^sleep $m" || fail "the container did not start: $(screen)"
	local pts before runtime
	pts=$(cat "$BATS_TEST_TMPDIR/pts")
	before=$(cat "$BATS_TEST_TMPDIR/before")
	wait_until 30 terminal_is_not "$pts" "$before" || fail "the terminal never left its mode"
	# The oldest: the container's PID 1 and the relay have the same command line.
	runtime=$(pgrep -o -f "^$CH sleep $m")
	kill -KILL "$runtime"
	wait_until 30 terminal_is "$pts" "$before" ||
		fail "not restored: $(stty -F "$pts" -g), was $before"
	wait_until 10 gone "^sleep $m" || fail "left behind: $(processes_with "^sleep $m")"
	printf '\n' >&7
	wait_bg 60
}

@test "the container's terminal has your window size, and follows it when it changes" {
	start_on_terminal 'stty rows 33 cols 77; tty >"$T/pts"; "$CH" sh -c "$IN"' \
		'echo "$(tty) $(stty size)"; trap "echo \"resized \$(stty size)\"; exit 0" WINCH
		echo ready; while :; do sleep 0.1; done'
	wait_until 30 on_screen '^ready' || fail "the container did not start: $(screen)"
	on_screen '^/dev/pts/0 33 77$' || fail "not your window size: $(screen)"
	stty -F "$(cat "$BATS_TEST_TMPDIR/pts")" rows 40 cols 90
	wait_bg 60
	assert_status 0
	on_screen '^resized 40 90$' || fail "the size did not follow: $(screen)"
}

@test "TIOCSTI types into the container's terminal, never yours, even with --seccomp unconfined" {
	local r unconfined=
	r=$(copy_rootfs)
	cp "$(probe tiocsti)" "$r/tiocsti"
	! "$CH" --help | grep -q -- --seccomp || unconfined='--seccomp unconfined'
	# Your shell, interactive, on a terminal; the container types a command.
	start_on_terminal 'sh -i'
	printf '%s --rootfs %q %s /tiocsti %q\n' "$CH" "$r" "$unconfined" \
		"touch $BATS_TEST_TMPDIR/typed" >&7
	wait_until 30 on_screen '^typed' || fail "the probe did not type: $(screen)"
	wait_until 30 gone "--rootfs $r" || fail "the container did not end"
	# Your shell reads its next line: what was typed would come first.
	printf 'echo "done %s"; exit\n' "$m" >&7
	wait_bg 60
	on_screen "^done $m" || fail "your shell did not go on: $(screen)"
	[ ! -e "$BATS_TEST_TMPDIR/typed" ] || fail "what the container typed ran in your shell"
}

# --- bad input: nothing is made ---------------------------------------------

@test "a missing rootfs: 125, a message saying so, the host's mounts unchanged" {
	local before
	before=$(host_mounts)
	run "$CH" --rootfs "$BATS_TEST_TMPDIR/nope" echo started
	assert_status 125
	[[ $output == *"rootfs $BATS_TEST_TMPDIR/nope: no such directory"* ]] || fail "$output"
	assert_host_mounts "$before"
}

@test "a rootfs that is a file: 125, a message saying so, the host's mounts unchanged" {
	local before
	before=$(host_mounts)
	touch "$BATS_TEST_TMPDIR/file"
	run "$CH" --rootfs "$BATS_TEST_TMPDIR/file" echo started
	assert_status 125
	[[ $output == *"rootfs $BATS_TEST_TMPDIR/file: not a directory"* ]] || fail "$output"
	assert_host_mounts "$before"
}

@test "a command the rootfs lacks: 127, even if the host has it; the host's mounts unchanged" {
	local before ch
	before=$(host_mounts)
	ch=$(realpath "$CH") # on the host, not in the rootfs
	run -127 "$CH" --rootfs "$ROOTFS" "$ch"
	assert_output "$(basename "$CH"): exec $ch: No such file or directory"
	assert_host_mounts "$before"
}

@test "a command that is not executable: 126; the host's mounts unchanged" {
	local before r
	r=$(copy_rootfs)
	printf '#!/bin/sh\necho ran\n' >"$r/not-executable"
	chmod 644 "$r/not-executable"
	before=$(host_mounts)
	run "$CH" --rootfs "$r" /not-executable
	assert_status 126
	assert_output "$(basename "$CH"): exec /not-executable: Permission denied"
	assert_host_mounts "$before"
}

# --- nothing left behind ----------------------------------------------------

@test "nothing is left behind after a run: no mount, no process" {
	local before
	before=$(host_mounts)
	run "$CH" --rootfs "$ROOTFS" sh -c "sleep $m >/dev/null 2>&1 & echo started"
	assert_status 0
	assert_output started
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	assert_host_mounts "$before"
}

@test "nothing is left behind after SIGTERM: no mount, no process" {
	local before
	before=$(host_mounts)
	start_bg "$CH" --rootfs "$ROOTFS" sh -c "sleep $m & wait"
	wait_until 20 running "^sleep $m" || fail "the container did not start"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	assert_host_mounts "$before"
}

@test "nothing is left behind after SIGKILL of the runtime: no mount, no process" {
	local before
	before=$(host_mounts)
	start_bg "$CH" --rootfs "$ROOTFS" sh -c "sleep $m & wait"
	wait_until 20 running "^sleep $m" || fail "the container did not start"
	kill -KILL "$bg_pid"
	wait_bg 30
	wait_until 10 gone "sleep $m" || fail "left behind: $(processes_with "sleep $m")"
	wait_until 10 host_mounts_are "$before" || true
	assert_host_mounts "$before"
}

@test "the rootfs gains nothing but the mount points proc, sys and dev, empty" {
	local r before after
	r=$(copy_rootfs)
	rmdir "$r/proc" "$r/sys" "$r/dev"
	# Every entry, its type and mode (not its times: mkdir changes /'s).
	tree() { (cd "$r" && find . -printf '%y %m %p\n' | sort); }
	before=$(tree)

	run "$CH" --rootfs "$r" true
	assert_status 0
	after=$(tree)
	diff <(echo "$before") <(grep -v -x -E 'd [0-7]+ \./(proc|sys|dev)' <<<"$after") ||
		fail "the rootfs changed (< before, > after)"

	# Again, with the mount points there: no change at all.
	run "$CH" --rootfs "$r" true
	assert_status 0
	[ "$(tree)" = "$after" ] || fail "a second run changed the rootfs: $(diff <(echo "$after") <(tree))"
}

# --- -w, --workdir: where the command starts ------------------------------------

@test "without -w the command starts in /; -w and --workdir start it in DIR, every form alike" {
	run "$CH" --rootfs "$ROOTFS" pwd
	assert_status 0
	assert_output /
	local form
	for form in "-w /etc" -w/etc "--workdir /etc" --workdir=/etc; do
		run "$CH" --rootfs "$ROOTFS" $form pwd
		assert_status 0
		[ "$output" = /etc ] || fail "with $form: $output"
	done
}

@test "-w makes a missing DIR and its parents inside the root, not on the host" {
	local r
	r=$(copy_rootfs)
	run "$CH" --rootfs "$r" -w "/kobako-wd-$m/a/b" sh -c 'pwd; stat -c %F .'
	assert_status 0
	assert_output "/kobako-wd-$m/a/b
directory"
	[ ! -e "/kobako-wd-$m" ] || fail "made on the host"
}

@test "-w through a symbolic link in the rootfs to /etc makes DIR in the container's /etc, never the host's" {
	local r
	r=$(copy_rootfs)
	ln -s /etc "$r/link-$m"
	run "$CH" --rootfs "$r" -w "/link-$m/kobako-wd-$m" sh -c "pwd -P; ls -d /etc/kobako-wd-$m"
	assert_status 0
	assert_output "/etc/kobako-wd-$m
/etc/kobako-wd-$m"
	[ ! -e "/etc/kobako-wd-$m" ] || fail "made in the host's /etc"
}

@test "a relative or empty -w is refused (125) in one line naming --workdir; nothing starts" {
	local value
	for value in tmp ./tmp ''; do
		assert_refused -w "$value" --rootfs "$ROOTFS"
		[[ $output == *--workdir* ]] || fail "the message does not name --workdir: $output"
		assert_refused --workdir "$value" --rootfs "$ROOTFS"
	done
}

@test "a -w that is a file: 125, a message naming the workdir, the command never runs" {
	run "$CH" --rootfs "$ROOTFS" -w /etc/passwd echo started
	assert_status 125
	[[ $output == *"workdir"*"/etc/passwd"*"Not a directory"* && $output != *started* ]] ||
		fail "$output"
}

@test "--help shows -w, --workdir DIR in the first column" {
	run "$CH" --help
	assert_status 0
	[[ $output == *$'\n  -w, --workdir DIR '* ]] || fail "no -w, --workdir: $output"
}
