#!/usr/bin/env bats
# Chapter 01 claims: the command runs in new UTS, PID, mount, IPC, cgroup and
# network namespaces. It has its own hostname; it is PID 2 under the
# runtime's own init (PID 1), which passes signals on and reaps orphans; ps
# sees only the container; its mounts never reach the host; its network is
# lo alone, up. Its environment and open files are clean. The runtime exits
# as `docker run` does (125/126/127, the command's status, 128+N), stops the
# container on SIGINT/SIGTERM (SIGKILL after --stop-timeout, or at once on a
# second one), and leaves no process behind, even when it is SIGKILLed.
#
# Later chapters' binaries run these tests too, in the demo rootfs: use only
# commands that both the host and busybox have, and never write to the
# rootfs.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	require_ch
	cd "$REPO" # chapters 02+ find their default rootfs, ./rootfs, here
	if "$CH" --help | grep -q -- --rootfs; then
		require_rootfs
	fi
	m=$(mark)
}

teardown() {
	stop_bg
	[ -z "${host_pid:-}" ] || kill "$host_pid" 2>/dev/null || true
	# The host's shared mount, and what leaked into it, of the mount test.
	[ -z "${shared:-}" ] || umount -l "$shared"
}

# --- the UTS namespace ------------------------------------------------------

@test "the container's hostname is kobako; the host's is unchanged" {
	local host
	host=$(hostname)
	run "$CH" hostname
	assert_status 0
	assert_output kobako
	[ "$(hostname)" = "$host" ] || fail "the host's hostname changed to $(hostname)"
}

@test "--hostname names the container; the host's hostname is unchanged" {
	local host
	host=$(hostname)
	run "$CH" --hostname box-1.test hostname
	assert_status 0
	assert_output box-1.test
	[ "$(hostname)" = "$host" ] || fail "the host's hostname changed to $(hostname)"
}

@test "a bad --hostname is refused (125) in one line naming --hostname; nothing starts" {
	local name
	for name in under_score 'with space' '' "$(printf 'a%.0s' {1..64})"; do
		run "$CH" --verbose --hostname "$name" echo started
		assert_status 125
		[[ $output == *--hostname* ]] || fail "the message does not name --hostname: $output"
		[ "${#lines[@]}" -eq 1 ] || fail "expected one line, got: $output"
		[[ $output != *started* && $output != *"=> "* ]] ||
			fail "the runtime went on with a bad hostname: $output"
	done
}

# --- the PID namespace ------------------------------------------------------

@test "the command is PID 2; PID 1 is the runtime's own init" {
	run "$CH" sh -c 'echo $$; tr "\0" " " </proc/1/cmdline'
	assert_status 0
	[ "${lines[0]}" = 2 ] || fail "the command is PID ${lines[0]}, not 2"
	[[ ${lines[1]} == "kobako-init -- sh -c "* ]] || fail "PID 1 is not the runtime: ${lines[1]}"
}

# From chapter 04 on, PID 1 is not dumpable: only CAP_SYS_PTRACE opens its
# /proc entries, as `docker run --cap-add SYS_PTRACE` gives it to debuggers.
may_ptrace() {
	if "$CH" --help 2>/dev/null | grep -q -- '--cap-add'; then
		echo --cap-add SYS_PTRACE
	fi
}

@test "PID 1 shows kobako-init -- COMMAND: not the runtime's command line, nor its environment" {
	run env KOBAKO_LEAK=yes-$m "$CH" $(may_ptrace) --hostname "h-$m" -e "K=/host/path-$m" sh -c \
		'tr "\0" " " </proc/1/cmdline; echo; cat /proc/1/comm; tr "\0" "\n" </proc/1/environ'
	assert_status 0
	[[ ${lines[0]} == "kobako-init -- sh -c tr "* ]] || fail "PID 1's command line: ${lines[0]}"
	[ "${lines[1]}" = kobako-init ] || fail "PID 1's name: ${lines[1]}"
	[[ $output != *"$m"* && $output != *"$CH"* && $output != *PATH=* ]] ||
		fail "the host's command line or environment shows in PID 1's: $output"
}

@test "PID 1 holds no file or directory of the host: not one passed in, nor its stdout" {
	local out=$BATS_TEST_TMPDIR/out host_dir=$BATS_TEST_TMPDIR/host-dir
	mkdir "$host_dir" && touch "$host_dir/host-file-$m"
	# PID 1 lets go of stdout and stdin once the command has started: wait
	# for that, then list what it holds and try to enter each. With the
	# runtime's stdout a file of the host, its fds 7 and 8 a directory and a
	# file of the host, none may show.
	"$CH" $(may_ptrace) sh -c '
		i=0; while [ -e /proc/1/fd/1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		for fd in /proc/1/fd/*; do
			[ -e "$fd" ] || continue
			echo "fd ${fd##*/}: $(readlink "$fd")"
			ls "$fd/" 2>/dev/null; cd "$fd" 2>/dev/null && echo "entered $fd"
		done
		echo done' 7<"$host_dir" 8>"$host_dir/written" </dev/null >"$out" 2>&1 || true
	output=$(cat "$out")
	[[ $output == *done ]] || fail "the test did not run: $output"
	local line held=
	while IFS= read -r line; do
		case $line in
		done | "fd "*": /dev/null" | "fd "*": /dev/pts/"* | "fd "*": anon_inode:"*) ;;
		*) held+="  $line"$'\n' ;;
		esac
	done <<<"$output"
	[ -z "$held" ] || fail "PID 1 holds the host's files:"$'\n'"$held"
}

@test "ps inside shows only the container's processes, not the host's" {
	sleep "$m" 3>&- &
	host_pid=$!
	wait_until 10 running "^sleep $m" || fail "the host's marker process did not start"

	run "$CH" ps -o pid,args
	assert_status 0
	[[ $output != *"sleep $m"* ]] || fail "a host process is visible inside: $output"
	[ "$(awk 'NR > 1 { print $1 }' <<<"$output" | xargs)" = "1 2" ] ||
		fail "expected PID 1 (init) and PID 2 (ps), got: $output"
}

# --- every namespace --------------------------------------------------------

@test "each of the uts, pid, mnt, ipc, cgroup, net namespaces differs from the host's" {
	local names="uts pid mnt ipc cgroup net" ns host i=0
	run "$CH" sh -c "for ns in $names; do readlink /proc/self/ns/\$ns; done"
	assert_status 0
	for ns in $names; do
		host=$(readlink "/proc/self/ns/$ns")
		[[ ${lines[i]} == "$ns:["* ]] || fail "no $ns namespace inside: ${lines[i]}"
		[ "${lines[i]}" != "$host" ] || fail "the container shares the host's $ns namespace: $host"
		i=$((i + 1))
	done
}

@test "the cgroup namespace: /proc/self/cgroup shows / as the container's cgroup" {
	run "$CH" cat /proc/self/cgroup
	assert_status 0
	[ -n "$output" ] || fail "/proc/self/cgroup is empty"
	[ -z "$(grep -v ':/$' <<<"$output")" ] || fail "cgroup paths other than /: $output"
}

@test "the network has one interface, lo, and it is up" {
	run "$CH" $(no_network) cat /proc/net/dev
	assert_status 0
	[ "$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' <<<"$output" | xargs)" = lo ] ||
		fail "expected only lo: $output"

	run "$CH" $(no_network) ip link show lo
	assert_status 0
	grep -qE '<([A-Z_]+,)*UP[,>]' <<<"$output" || fail "lo is not up: $output"
}

# --- the mount namespace ----------------------------------------------------

@test "a mount made inside never shows in the host's mount table, during or after" {
	# Where it matters: under a shared mount of the host, which passes mount
	# events on unless the container made its mounts private. A container
	# with a root of its own (chapter 02+) cannot see it and mounts on /mnt
	# (02-rootfs.bats puts its rootfs on a shared mount).
	shared=$BATS_TEST_TMPDIR/shared
	mkdir "$shared"
	mount -t tmpfs "kobako-host-$m" "$shared"
	mount --make-shared "$shared"
	mkdir "$shared/mnt"
	local target=/mnt
	if "$CH" $(may_mount) test -d "$shared/mnt"; then target=$shared/mnt; fi

	# A unique source name: the mount is easy to find wherever it lands.
	start_bg "$CH" $(may_mount) sh -c "mount -t tmpfs kobako-$m $target && grep -c kobako-$m /proc/self/mountinfo && exec sleep $m"
	wait_until 20 grep -qx 1 "$BATS_TEST_TMPDIR/bg.out" ||
		fail "the mount inside failed: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	! grep "kobako-$m " /proc/self/mountinfo || fail "the mount reached the host while the container runs"

	kill -TERM "$bg_pid"
	wait_bg 30
	! grep "kobako-$m " /proc/self/mountinfo || fail "the mount reached the host after the container"
}

# --- options ----------------------------------------------------------------

@test "options stop at the first non-option: the rest is the command's" {
	run "$CH" echo --hostname x
	assert_status 0
	assert_output "--hostname x"

	run "$CH" -- echo --verbose
	assert_status 0
	assert_output "--verbose"
}

@test "--help lists the options and exits 0; --version shows the version" {
	local opt
	run "$CH" --help
	assert_status 0
	[[ ${lines[0]} == Usage:* ]] || fail "no usage line: $output"
	for opt in --hostname --stop-timeout --verbose --timings --help --version; do
		[[ $output == *"$opt"* ]] || fail "--help does not list $opt: $output"
	done

	run "$CH" --version
	assert_status 0
	[[ $output =~ ^[^\ ]+\ \(kobako\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "not a version: $output"
}

@test "an unknown option or a bad --stop-timeout is refused (125), nothing starts" {
	run "$CH" --no-such-option echo started
	assert_status 125
	[[ $output == *--no-such-option*"--help"* && $output != *started* ]] || fail "$output"

	run "$CH" --stop-timeout soon echo started
	assert_status 125
	[[ $output == *--stop-timeout*soon* && $output != *started* ]] || fail "$output"
}

@test "--verbose prints '=> ' steps on stderr, and nothing more on stdout" {
	run --separate-stderr "$CH" --verbose echo hello
	assert_status 0
	assert_output hello
	[ -n "$stderr" ] || fail "--verbose printed no steps"
	[ -z "$(grep -v '^=> ' <<<"$stderr")" ] || fail "stderr has more than steps: $stderr"
}

@test "--timings: each step's line starts with the time it began, in ms, never going back" {
	run --separate-stderr "$CH" --timings echo hello
	assert_status 0
	assert_output hello
	local line t prev=0 n=0
	while IFS= read -r line; do
		[[ $line =~ ^'=> '\ *([0-9]+\.[0-9]{3})\ ms\ \ [^\ ] ]] ||
			fail "not '=> TIME ms  step': $line"
		t=${BASH_REMATCH[1]}
		awk -v a="$prev" -v b="$t" 'BEGIN { exit !(b >= a) }' ||
			fail "$t ms comes after $prev ms: $stderr"
		prev=$t n=$((n + 1))
	done <<<"$stderr"
	[ "$n" -ge 3 ] || fail "only $n steps: $stderr"
}

# --- exit codes -------------------------------------------------------------

@test "the runtime exits with the command's status" {
	run "$CH" sh -c 'exit 3'
	assert_status 3
	run "$CH" true
	assert_status 0
}

@test "a command killed by SIGTERM makes the runtime exit 143 (128+15)" {
	run "$CH" sh -c 'kill -TERM $$'
	assert_status 143
}

@test "a command that does not exist: 127, and a message saying so" {
	run -127 "$CH" nosuch-$m
	assert_output "$(basename "$CH"): exec nosuch-$m: No such file or directory"
}

@test "a command that is not executable: 126, and a message saying so" {
	# /etc/passwd is on the host and in the demo rootfs, never executable.
	run "$CH" sh -c '[ -f /etc/passwd ] && [ ! -x /etc/passwd ]'
	assert_status 0
	run "$CH" /etc/passwd
	assert_status 126
	assert_output "$(basename "$CH"): exec /etc/passwd: Permission denied"
}

@test "not root: 125, and one line that says to use sudo" {
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$CH" echo started
	assert_status 125
	[ "${#lines[@]}" -eq 1 ] || fail "expected one line: $output"
	[[ $output == *sudo* ]] || fail "no mention of sudo: $output"
}

# --- signals ----------------------------------------------------------------

@test "SIGTERM to the runtime stops the command at once: 143" {
	start_bg "$CH" --stop-timeout 120 sleep "$m"
	wait_until 20 running "^sleep $m" || fail "the container did not start"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 143
}

@test "SIGINT to the runtime stops the command at once: 130" {
	# As from a terminal: SIGINT not ignored (see start_bg).
	start_bg env --default-signal=INT "$CH" --stop-timeout 120 sleep "$m"
	wait_until 20 running "^sleep $m" || fail "the container did not start"
	kill -INT "$bg_pid"
	wait_bg 60
	assert_status 130
}

@test "a command that ignores SIGTERM is killed after --stop-timeout: 137, with a message" {
	start_bg "$CH" --stop-timeout 1 sh -c "trap '' TERM; echo ready; sleep $m"
	wait_until 20 grep -qx ready "$BATS_TEST_TMPDIR/bg.out" || fail "the container did not start"
	local start=$SECONDS
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 137
	[[ $output == *"the container did not stop: killing it"* ]] || fail "no message: $output"
	[ $((SECONDS - start)) -le 15 ] || fail "took $((SECONDS - start)) s with --stop-timeout 1"
	wait_until 10 gone "sleep $m" || fail "the container's processes are still there"
}

@test "a second SIGTERM kills the container at once: 137" {
	start_bg "$CH" --verbose --stop-timeout 600 sh -c "trap '' TERM; echo ready; sleep $m"
	wait_until 20 grep -qx ready "$BATS_TEST_TMPDIR/bg.out" || fail "the container did not start"
	kill -TERM "$bg_pid"
	# Once the runtime has taken the first one (two pending would be one).
	wait_until 20 grep -q '^=> signal 15' "$BATS_TEST_TMPDIR/bg.out" ||
		fail "the runtime did not take the first SIGTERM: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	kill -TERM "$bg_pid"
	wait_bg 60
	assert_status 137
	[[ $output == *"the container did not stop: killing it"* ]] || fail "no message: $output"
}

@test "the command starts with no signal ignored, whatever the runtime inherited" {
	# nohup, a shell's background job, a service manager: the runtime may
	# start with signals ignored. An ignored disposition survives exec: the
	# command must not inherit them, or it would ignore Ctrl-C or a stop.
	run sh -c 'trap "" HUP INT QUIT PIPE TERM USR1; exec "$0" grep SigIgn /proc/self/status' "$CH"
	assert_status 0
	[ "$output" = "$(printf 'SigIgn:\t%016x' 0)" ] ||
		fail "the command ignores signals (bit N-1 of the mask is signal N): $output"
}

# --- PID 1's duties ---------------------------------------------------------

@test "orphans that exit are reaped: no zombie stays" {
	# Five orphans (their parent exits at once) end together: PID 1 must
	# reap them all, however many SIGCHLDs it gets. A reaped process leaves
	# /proc; a zombie stays there.
	run "$CH" sh -c '
		orphans=$(sh -c "for i in 1 2 3 4 5; do sleep 1 >/dev/null & echo \$!; done")
		n=0
		while [ $n -lt 200 ]; do
			left=
			for p in $orphans; do [ -e /proc/$p ] && left="$left $p"; done
			[ -z "$left" ] && break
			sleep 0.1
			n=$((n + 1))
		done
		echo "orphans left:$left"
		ps -o stat,pid,args'
	assert_status 0
	[[ ${lines[0]} == "orphans left:" ]] || fail "not reaped: $output"
	[ -z "$(awk 'NR > 2 && $1 ~ /^Z/' <<<"$output")" ] || fail "zombies: $output"
}

@test "nothing is left behind: a background process dies with the command" {
	run "$CH" sh -c "sleep $m >/dev/null 2>&1 & echo started"
	assert_status 0
	assert_output started
	wait_until 10 gone "sleep $m" || fail "left behind: $(ps -o pid,args -p "$(processes_with "sleep $m" | xargs)")"
}

@test "nothing is left behind when the runtime is SIGKILLed" {
	start_bg "$CH" sh -c "sleep $m & wait"
	wait_until 20 running "^sleep $m" || fail "the container did not start"
	kill -KILL "$bg_pid"
	wait_bg 30
	wait_until 10 gone "sleep $m" || fail "left behind: $(ps -o pid,args -p "$(processes_with "sleep $m" | xargs)")"
}

# --- what the command inherits ----------------------------------------------

@test "the host's environment does not leak in: PATH, HOME, HOSTNAME are set" {
	run env KOBAKO_LEAK=yes TERM=xterm-kobako "$CH" env
	assert_status 0
	[[ $output != *KOBAKO_LEAK* && $output != *BATS_* ]] || fail "the host's variables leaked: $output"
	grep -q '^PATH=/' <<<"$output" || fail "no PATH: $output"
	grep -qx 'HOME=/root' <<<"$output" || fail "no HOME=/root: $output"
	grep -qx 'HOSTNAME=kobako' <<<"$output" || fail "no HOSTNAME=kobako: $output"
	grep -qx 'TERM=xterm-kobako' <<<"$output" || fail "TERM was not kept: $output"
}

@test "the command gets stdin, stdout, stderr and no other open file" {
	# The runtime inherits fds 5 and 7 here (and bats's own): none may reach
	# the command. `; true` keeps sh from exec'ing ls, so ls lists sh's fds.
	run "$CH" sh -c 'ls /proc/$$/fd; true' 5</etc/hostname 7>/dev/null
	assert_status 0
	[ "$(echo $output)" = "0 1 2" ] || fail "open in the command: $(echo $output)"
}

# --- terminals --------------------------------------------------------------

@test "an interactive shell on a terminal has job control, and exits 0" {
	# script(1) gives the runtime a pty. The default command is an
	# interactive shell; exiting it must end the container cleanly.
	run timeout 60 script -qec "exec $(printf %q "$CH")" /dev/null \
		<<<"echo \"m=\$-\"; sleep $m & jobs; exit"
	assert_status 0
	grep -qE 'm=[a-zA-Z]*m' <<<"$output" || fail "no job control (set -m): $output"
	grep -qE '\[1\].*Running' <<<"$output" || fail "jobs lists no job: $output"
	[[ $output != *"Cannot set tty process group"* && $output != *"job control turned off"* ]] ||
		fail "the shell could not use the terminal: $output"
	wait_until 10 gone "sleep $m" || fail "the shell's job was left behind"
}

@test "Ctrl-C on a terminal stops a command in the foreground: 130" {
	# The keys come through a pipe, opened read-write so that neither end
	# waits for the other.
	mkfifo "$BATS_TEST_TMPDIR/keys"
	exec 7<>"$BATS_TEST_TMPDIR/keys"
	start_bg timeout 60 script -qec "exec $(printf %q "$CH") sleep $m" /dev/null \
		<"$BATS_TEST_TMPDIR/keys" 7>&-
	wait_until 20 running "^sleep $m" || fail "the container did not start"
	printf '\003' >&7 # the terminal turns it into SIGINT
	wait_bg 60
	exec 7>&-
	assert_status 130
}

# --- -e, --env: the command's environment -------------------------------------

@test "-e and --env set variables, every form alike: -e K=V, -eK=V, --env K=V, --env=K=V" {
	run "$CH" -e A=1 -eB=2 --env C=3 --env=D=4 -e E= -e F=x=y sh -c 'echo "$A $B $C $D [$E] $F"'
	assert_status 0
	assert_output "1 2 3 4 [] x=y"
}

@test "-e overrides the defaults, as docker run -e does: PATH, HOME, HOSTNAME, TERM" {
	run env TERM=xterm "$CH" -e PATH=/bin -e HOME=/tmp -e HOSTNAME=h -e TERM=dumb \
		sh -c 'echo "$PATH $HOME $HOSTNAME $TERM"'
	assert_status 0
	assert_output "/bin /tmp h dumb"
}

@test "the last -e of a KEY wins" {
	run "$CH" -e A=first --env A=second sh -c 'echo "$A"; env | grep -c "^A="'
	assert_status 0
	assert_output "second
1"
}

@test "-e KEY takes the host's value, empty too; a KEY the host has not is left unset" {
	run env -u KOBAKO_UNSET "KOBAKO_HOST=host $m" KOBAKO_EMPTY= "$CH" -e KOBAKO_HOST \
		--env KOBAKO_EMPTY -e KOBAKO_UNSET \
		sh -c 'echo "$KOBAKO_HOST [${KOBAKO_EMPTY-unset}] ${KOBAKO_UNSET-unset}"'
	assert_status 0
	assert_output "host $m [] unset"
}

@test "a variable without a name is refused (125) in one line naming --env; nothing starts" {
	local value
	for value in =x = ''; do
		assert_refused -e "$value"
		[[ $output == *--env* ]] || fail "the message does not name --env: $output"
		assert_refused --env "$value"
	done
}

@test "64 variables are passed; a 65th is refused (125) in one line naming --env" {
	local i args=()
	for i in $(seq 64); do args+=(-e "V$i=$i"); done
	run "$CH" "${args[@]}" sh -c 'env | grep -c "^V[0-9]*="; echo "$V64"'
	assert_status 0
	assert_output "64
64"
	assert_refused -e V65=65 "${args[@]}"
	[[ $output == *"--env V65=65: "*64* ]] || fail "$output"
}

@test "--help shows -e, --env KEY=VALUE in the first column, as -h, --help" {
	run "$CH" --help
	assert_status 0
	[[ $output == *$'\n  -e, --env KEY=VALUE '* ]] || fail "no -e, --env: $output"
	[[ $output == *$'\n  -h, --help '* ]] || fail "no -h, --help: $output"
}

@test "an unknown short option, or one missing its value, is named: 125, nothing starts" {
	run "$CH" -ZeA=1 echo started
	assert_status 125
	[[ ${lines[0]} == *"-Z: unknown option" && $output != *started* ]] || fail "$output"

	run "$CH" -e
	assert_status 125
	[[ ${lines[0]} == *"-e: needs a value" ]] || fail "$output"
}
