#!/usr/bin/env bash
# Runs the bats tests and ends with one line: N passed, N failed[, N skipped].
#
#   tests/run.sh all                    every test file; a chapter's tests run
#                                       against its binary and every later one,
#                                       and against build/sanitize/chNN if built
#   tests/run.sh chapter NN [BINARY]    the tests of chapters 01..NN against one
#                                       binary (default ./chNN): grade your own
#   tests/run.sh file FILE...           these files, as `all` would run them
#   tests/run.sh exercise NN-M [BINARY] the check of exercise M of chapter NN's
#                                       page (tests/exercises/NN-M.bats)
#                                       against one binary (default ./chNN)
#
# A chapter extends the one before it, so chapter 03's binary must also pass
# the tests of chapters 01 and 02.
#
# Every bats run has a throwaway network namespace of its own (unshare
# --net): from chapter 06 on, a container's default network is a bridge, and
# the tests of chapters 01..05 run against ./ch06 too. Its bridge, sysctls
# and nf_tables tables are made there and die with it, never on this
# machine. The run ends with one more check: this machine's network is what
# it was before (tests/README.md, "The network"). It also has a state root
# of its own: see state_root.
set -uo pipefail
cd "$(dirname "$0")/.."
# Run from `make test`, a test's own `make` would print "Entering directory".
unset MAKELEVEL MAKEFLAGS MFLAGS

# A test that hangs fails after its timeout, says which and after how long,
# and the run goes on. On this 2-core machine the slowest test of a chapter
# (tests/NN-*.bats) takes about 7 s against its chapter's binary, and 20 s
# against the sanitizer build with the machine busy (04's --print-seccomp
# check): a chapter's test gets CHAPTER_TIMEOUT, three times that. The other
# files' tests build the tree or run a page of docs, and take minutes; so
# does every test under emulation (the VM lane, KOBAKO_VM=1): 300 s.
# BATS_TEST_TIMEOUT, when set, is the timeout of every test.
CHAPTER_TIMEOUT=60
user_timeout=${BATS_TEST_TIMEOUT:-}
unset BATS_TEST_TIMEOUT
timeout_for() { # FILE: seconds
	if [ -n "$user_timeout" ]; then
		echo "$user_timeout"
	elif [ -z "${KOBAKO_VM:-}" ] && [[ $(basename "$1") =~ ^[0-9]{2}- ]]; then
		echo "$CHAPTER_TIMEOUT"
	else
		echo 300
	fi
}
# bats stops a test at its timeout, but not one whose hung process is not
# its own child (`run` runs it in a subshell): bats then waits for it. When
# no test has ended GRACE seconds after the timeout, the whole bats run is
# killed, and its remaining tests do not run.
GRACE=10
work=$(mktemp -d)
# The state roots too (state_root), should Ctrl-C or SIGTERM end the run
# before a bats run's own removal: their mounts went with their namespaces.
trap 'rm -rf "$work" /var/lib/kobako/.run-$$-*' EXIT

passed=0 failed=0 skipped=0 runs=0
failures=() # "FILE|BINARY|the test's name", for the list at the end

# One bats run, its TAP output turned into a readable list, and counted,
# and how long it took. FILTER: only the tests whose names it matches.
run_bats() { # FILE [BINARY [FILTER]]
	local file=$1 ch=${2:-} filter=${3:-} line failed_before=$failed start=$SECONDS
	local limit tap got last=0 killed=0 re_timeout='^not ok [0-9]+ (.*) # timeout after ([0-9]+)s$'
	limit=$(timeout_for "$file")
	printf '\n== %s%s%s\n' "$file" "${ch:+ with $ch}" "${filter:+ (tests matching $filter)}"
	# bats runs in a new network namespace, with lo up as on a host, and a
	# new mount namespace in which the runtime's /var/lib/kobako is a
	# directory of this run's own (see state_root). The rest is this
	# machine's: /run/netns, so `ip netns add` inside still works, the
	# other mounts, the cgroups. Its PID is written down, for `hung` below,
	# and its processes carry KOBAKO_RUN_ID in their environment, orphans
	# too. (It stays in this process group, so Ctrl-C stops it too.)
	runs=$((runs + 1))
	local state
	state=$(state_root "$runs")
	# shellcheck disable=SC2016 # $$ is the new shell's
	exec {tap}< <(CH=$ch BATS_TEST_TIMEOUT=$limit KOBAKO_RUN_ID=$$-$runs \
		unshare --net --mount --propagation private -- \
		sh -c 'echo $$ >"$0" && ip link set lo up && mount --bind "$1" /var/lib/kobako &&
			shift && exec "$@"' "$work/bats.pid" "$state" \
		bats --tap ${filter:+--filter "$filter"} "$file" 2>&1
		echo "bats exit status: $?")
	while :; do
		IFS= read -r -t $((limit + GRACE)) -u "$tap" line
		got=$?
		if [ $got -gt 128 ] && [ $killed = 0 ]; then
			killed=1
			hung "$file" "$ch" "$(test_name "$file" "$filter" $((last + 1)))" $((limit + GRACE))
			continue
		fi
		[ $got = 0 ] || break
		case $line in
		"ok "*" # skip"*)
			skipped=$((skipped + 1))
			printf '  -  %s\n' "$(sed -E 's/^ok [0-9]+ //; s/ # skip ?/  (skipped: /; s/$/)/' <<<"$line")" ;;
		"ok "*) passed=$((passed + 1)); printf '  ok %s\n' "${line#ok * }" ;;
		"not ok "*)
			failed=$((failed + 1))
			if [[ $line =~ $re_timeout ]]; then
				printf '  FAIL %s: hung, stopped after %s s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
				failures+=("$file|$ch|${BASH_REMATCH[1]} (hung: stopped after ${BASH_REMATCH[2]} s)")
			else
				printf '  FAIL %s\n' "${line#not ok * }"
				failures+=("$file|$ch|${line#not ok * }")
			fi ;;
		"1.."*) ;;
		"bats exit status: 0") ;;
		"bats exit status: "*)
			# bats failed without a failing test: the file itself is broken.
			if [ "$failed" -eq "$failed_before" ]; then
				failed=$((failed + 1))
				printf '  FAIL %s: bats could not run it\n' "$file"
				failures+=("$file|$ch|bats could not run the file: its output is above")
			fi ;;
		*) printf '     %s\n' "$line" ;;
		esac
		[[ $line =~ ^(not )?ok\ ([0-9]+) ]] && last=${BASH_REMATCH[2]}
	done
	exec {tap}<&-
	# Its mounts went with its mount namespace; what it left in its state
	# root goes now (each test checks that its own runtime left nothing).
	rm -rf "$state"
	printf '   (%d s)\n' "$((SECONDS - start))"
}

# state_root N: a directory for run N to see as /var/lib/kobako, where the
# runtime keeps containers' state and writable layers. A run of its own
# reclaims no other run's leftovers, so two runs at once, two learners'
# graders on one machine say, see only their own containers. It is made in
# /var/lib/kobako itself, so it is on that file system (overlayfs and
# --userns care which), mode 0711 as the runtime makes it.
state_root() { # N
	local dir=/var/lib/kobako/.run-$$-$1
	[ -d /var/lib/kobako ] || install -d -m 0711 /var/lib/kobako
	install -d -m 0711 "$dir"
	echo "$dir"
}

# hung FILE BINARY NAME SECONDS: bats did not stop the test: kill its run,
# bats and every process under it.
hung() {
	local pid procs child tmp='' i alive
	pid=$(cat "$work/bats.pid" 2>/dev/null)
	failed=$((failed + 1))
	printf '  FAIL %s: hung, stopped after %s s; the tests after it in this file did not run\n' "$3" "$4"
	failures+=("$1|$2|$3 (hung: stopped after $4 s; the tests after it did not run)")
	[ -n "$pid" ] || return 0
	# Its processes: those under it, and those `run` left when bats killed
	# their parent, which have its mark in their environment.
	procs=$({
		descendants "$pid"
		grep -lsxz "KOBAKO_RUN_ID=$$-$runs" /proc/[0-9]*/environ | cut -d/ -f3
	} | sort -un)
	# bats's own temporary directory, which a killed bats leaves: its
	# children have its name in their environment.
	for child in $procs; do
		tmp=$(tr '\0' '\n' <"/proc/$child/environ" 2>/dev/null | sed -n 's/^BATS_RUN_TMPDIR=//p')
		[ -z "$tmp" ] || break
	done
	# SIGTERM first: a runtime stops its container and cleans up.
	# shellcheck disable=SC2086 # a list of PIDs
	kill -TERM $procs 2>/dev/null
	for ((i = 0; i < 20; i++)); do
		alive=0
		for child in $procs; do kill -0 "$child" 2>/dev/null && alive=1; done
		[ $alive = 1 ] || break
		sleep 0.5
	done
	# shellcheck disable=SC2086
	kill -KILL $procs 2>/dev/null
	[[ $tmp != */bats-run-* ]] || rm -rf "$tmp"
}

# descendants PID: it and every process under it.
descendants() {
	local child
	echo "$1"
	for child in $(pgrep -P "$1"); do descendants "$child"; done
}

# test_name FILE FILTER N: the name of the Nth test bats runs of FILE.
test_name() {
	local name i=0
	while IFS= read -r name; do
		[ -z "$2" ] || [[ $name =~ $2 ]] || continue
		i=$((i + 1))
		[ "$i" -ne "$3" ] || { printf '%s' "$name"; return; }
	done < <(sed -nE 's/^@test "(([^"\\]|\\.)*)" \{.*/\1/p' "$1")
	printf 'test %s' "$3"
}

# --- this machine's network, before and after ---------------------------------

# What the runtime could change in the network namespace it runs in: the
# links' names (a bridge, a veth end; without "@peer", which names an index),
# the nf_tables tables, and IPv4 forwarding. Nothing that changes on its own,
# such as counters or a link's state.
host_network() {
	echo "links:"
	ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print "  " $2 }' | sort
	if command -v nft >/dev/null; then
		echo "nft tables:"
		nft list tables 2>&1 | sed 's/^/  /' | sort
	fi
	echo "net.ipv4.ip_forward: $(cat /proc/sys/net/ipv4/ip_forward)"
}

# Counted as one test: the run must not change this machine's network.
check_host_network() { # BEFORE
	local diff
	echo
	echo "== this machine's network, before and after the tests"
	if diff=$(diff <(echo "$1") <(host_network)); then
		passed=$((passed + 1))
		echo "  ok this machine's links, nf_tables tables and ip_forward are unchanged"
	else
		failed=$((failed + 1))
		echo "  FAIL this machine's network changed during the tests (< before, > after):"
		sed 's/^/     /' <<<"$diff"
	fi
}

# Fewer binaries where every test runs several times slower:
#   KOBAKO_MATRIX=ends     only ./chNN and the newest, the two ends of the range
#   KOBAKO_MATRIX=newest   the newest alone (the VM lane), which links every
#                          module the others do
binaries_from() { # NN: ./chNN and every later chapter's binary that is built
	local ch all=()
	for ch in ch[0-9][0-9]; do
		[ -x "$ch" ] && [ "${ch#ch}" -ge "$1" ] 2>/dev/null && all+=("$PWD/$ch")
	done
	[ "${#all[@]}" -gt 0 ] || return 0
	case ${KOBAKO_MATRIX:-all} in
	ends) printf '%s\n' "${all[0]}" "${all[@]: -1}" | uniq ;;
	newest) printf '%s\n' "${all[@]: -1}" ;;
	*) printf '%s\n' "${all[@]}" ;;
	esac
}

# In the VM lane, chapter 08's tests that meet cgroup v2 or the guest's
# kernel: the lifecycle's cgroup made and removed, resources in v2's
# files, a user namespace, the reclaim, exec joining the cgroups, and
# Podman's run, limits, stop and leftovers. The rest (config.json's fields,
# terminals, hooks) is the same code whatever the cgroup version; under
# emulation Podman's 15 tests alone took 11 minutes, so it stays on the
# host lane.
vm_filter() { # FILE
	[ -n "${KOBAKO_VM:-}" ] || return 0
	case $(basename "$1") in
	08-oci.bats) echo '^create, start, state, delete|^linux.resources|^a user namespace|^a create killed|^run: the' ;;
	08-oci-exec.bats) echo "^exec sees the container|^exec: the container's no_new_privs" ;;
	08-oci-podman.bats) echo '^run: the exit status|reaches the container|^stop: SIGTERM|^nothing is left' ;;
	esac
}

run_file() { # FILE: against every binary it applies to
	local file=$1 nn bin
	nn=$(basename "$file" | grep -oE '^[0-9]{2}')
	if [ -z "$nn" ]; then
		run_bats "$file"
		return
	fi
	local bins
	bins=$(binaries_from "$nn")
	if [ -z "$bins" ]; then
		# Counted, so that the summary does not read as all passed.
		skipped=$((skipped + 1))
		printf '\n== %s: no binary of chapter %s or later is built (make)\n' "$file" "$nn"
		return
	fi
	for bin in $bins; do run_bats "$file" "$bin" "$(vm_filter "$file")"; done
}

# The newest chapter built with AddressSanitizer and UBSan (make sanitize):
# every chapter's tests again, against it. With KOBAKO_MATRIX set, those
# of chapter 03, and chapter 04's on devices and --userns: see below.
run_sanitized() {
	local bin='' b nn nf f from=1 to
	for b in build/sanitize/ch[0-9][0-9]; do [ -x "$b" ] && bin=$b; done
	[ -n "$bin" ] || return 0
	nn=${bin##*/ch}
	to=$((10#$nn))
	# Under emulation: the code that takes another path on a pure v2
	# host, chapter 03's cgroup and chapter 04's device allow-list (a BPF
	# program), and --userns, whose id-mapped mounts the VM's ext4 allows.
	local filter04=''
	if [ "${KOBAKO_MATRIX:-all}" != all ]; then
		from=3 to=4 filter04='device|/dev|node|--userns|nothing is left'
	fi
	for f in tests/[0-9][0-9]-*.bats; do
		nf=$((10#$(basename "$f" | cut -c1-2)))
		[ "$nf" -le "$to" ] && [ "$nf" -ge "$from" ] || continue
		! own_driver "$f" || continue
		if [ "$nf" -eq 4 ]; then
			run_bats "$f" "$PWD/$bin" "$filter04"
		else
			run_bats "$f" "$PWD/$bin"
		fi
	done
}

# A binary's path as a learner types it: ./ch04, or as given.
shown() { # PATH
	case $1 in "$PWD"/*) printf './%s' "${1#"$PWD"/}" ;; *) printf '%s' "$1" ;; esac
}

# The files the VM lane leaves to the host: they test the build, the
# scripts (mkrootfs, run.sh, mklab, bench), the exercises' answers and
# chapter 08's file readers, which do the same whatever the kernel, and
# several need a compiler. Under
# emulation they would cost minutes and test nothing of cgroup v2.
host_only() { # FILE
	case $(basename "$1") in
	build.bats | bench.bats | rootfs.bats | run.bats | exercises.bats | labs.bats) return 0 ;;
	esac
	own_driver "$1"
}

# Chapter 08's JSON reader, config.json's mapping, the seccomp compiler and
# the state's commands: code that reads and writes files, tested through
# drivers the file builds from the sources, not through $CH, so the
# sanitizer build of ch08 adds nothing to them either.
own_driver() { # FILE
	case $(basename "$1") in
	08-json.bats | 08-config.bats | 08-seccomp.bats | 08-oci-verbs.bats) return 0 ;;
	esac
	return 1
}

network_before=$(host_network)
graded='' # in `chapter` mode, the one binary every test ran against

case ${1:-all} in
all)
	for f in tests/*.bats; do
		if [ -n "${KOBAKO_VM:-}" ] && host_only "$f"; then
			printf '\n== %s: on the host lane only\n' "$f"
			continue
		fi
		run_file "$f"
	done
	run_sanitized ;;
chapter)
	nn=$(printf '%02d' "$((10#${2:?usage: tests/run.sh chapter NN [BINARY]}))")
	bin=${3:-./ch$nn}
	why=''
	if [ ! -e "$bin" ]; then
		why="does not exist (make chapter-$nn builds ./ch$nn)"
	elif [ -d "$bin" ] || [ ! -x "$bin" ]; then
		why="is not an executable file"
	fi
	[ -z "$why" ] || { echo "chapter $nn: $bin $why" >&2; exit 2; }
	bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
	graded=$(shown "$bin")
	for f in tests/[0-9][0-9]-*.bats; do
		[ "$(basename "$f" | cut -c1-2)" -le "$nn" ] && run_bats "$f" "$bin"
	done ;;
file)
	shift
	for f in "$@"; do run_file "$f"; done ;;
exercise)
	ex=${2:?usage: tests/run.sh exercise NN-M [BINARY]}
	[[ $ex =~ ^[0-9]{2}-[0-9]+$ ]] ||
		{ echo "run.sh: exercise $ex: name it NN-M, as 01-3 for chapter 01's third" >&2; exit 2; }
	f=tests/exercises/$ex.bats
	[ -f "$f" ] || { echo "run.sh: $f: no such check" >&2; exit 2; }
	bin=${3:-./ch${ex%%-*}}
	[ -x "$bin" ] || { echo "run.sh: $bin: no such program (make chapter-${ex%%-*})" >&2; exit 2; }
	bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
	run_bats "$f" "$bin" ;;
*)
	sed -n '2,15s/^# \{0,1\}//p' "$0" >&2
	exit 2 ;;
esac

check_host_network "$network_before"

# The promises that were not kept, grouped by chapter (the test file) and
# the binary they were tested with, so a long run ends with what to fix.
if [ "${#failures[@]}" -gt 0 ]; then
	echo
	if [ -n "$graded" ]; then echo "== what $graded failed, by chapter"; else echo "== what failed, by chapter and binary"; fi
	where=''
	for f in "${failures[@]}"; do
		file=${f%%|*} rest=${f#*|}
		bin=${rest%%|*}
		if [ "$file|$bin" != "$where" ]; then
			where="$file|$bin"
			nn=$(basename "$file" | grep -oE '^[0-9]{2}')
			[ -n "$graded" ] || [ -z "$bin" ] || bin=" with $(shown "$bin")"
			[ -z "$graded" ] || bin=''
			echo "  ${nn:+chapter $nn (}$file${nn:+)}$bin:"
		fi
		echo "    - ${rest#*|}"
	done
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary+=", $skipped skipped"
echo
echo "$summary"
[ "$failed" -eq 0 ]
