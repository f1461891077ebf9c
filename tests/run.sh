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
# it was before (tests/README.md, "The network").
set -uo pipefail
cd "$(dirname "$0")/.."
# Run from `make test`, a test's own `make` would print "Entering directory".
unset MAKELEVEL MAKEFLAGS MFLAGS
# A test that hangs fails after this long, and the run goes on (a test here
# takes seconds; in the VM lane, under emulation, up to a minute or two).
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-300}

passed=0 failed=0 skipped=0
failures=() # "FILE with BINARY|the test's name", for the list at the end

# One bats run, its TAP output turned into a readable list, and counted,
# and how long it took. FILTER: only the tests whose names it matches.
run_bats() { # FILE [BINARY [FILTER]]
	local file=$1 ch=${2:-} filter=${3:-} line failed_before=$failed start=$SECONDS
	printf '\n== %s%s%s\n' "$file" "${ch:+ with $ch}" "${filter:+ (tests matching $filter)}"
	while IFS= read -r line; do
		case $line in
		"ok "*" # skip"*)
			skipped=$((skipped + 1))
			printf '  -  %s\n' "$(sed -E 's/^ok [0-9]+ //; s/ # skip ?/  (skipped: /; s/$/)/' <<<"$line")" ;;
		"ok "*) passed=$((passed + 1)); printf '  ok %s\n' "${line#ok * }" ;;
		"not ok "*)
			failed=$((failed + 1))
			printf '  FAIL %s\n' "${line#not ok * }"
			failures+=("$file${ch:+ with $ch}|${line#not ok * }") ;;
		"1.."*) ;;
		"bats exit status: 0") ;;
		"bats exit status: "*)
			# bats failed without a failing test: the file itself is broken.
			if [ "$failed" -eq "$failed_before" ]; then
				failed=$((failed + 1))
				printf '  FAIL %s: bats could not run it\n' "$file"
			fi ;;
		*) printf '     %s\n' "$line" ;;
		esac
	done < <(CH=$ch in_throwaway_netns bats --tap ${filter:+--filter "$filter"} "$file" 2>&1
		echo "bats exit status: $?")
	printf '   (%d s)\n' "$((SECONDS - start))"
}

# Runs the command in a new network namespace, with lo up as on a host.
# Only the network is new: /run/netns, mounts and cgroups are this
# machine's, so `ip netns add` inside still works.
in_throwaway_netns() { # COMMAND [ARG...]
	unshare --net -- sh -c 'ip link set lo up && exec "$@"' sh "$@"
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
	for bin in $bins; do run_bats "$file" "$bin"; done
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
		if [ "$nf" -eq 4 ]; then
			run_bats "$f" "$PWD/$bin" "$filter04"
		else
			run_bats "$f" "$PWD/$bin"
		fi
	done
}

network_before=$(host_network)

case ${1:-all} in
all)
	for f in tests/*.bats; do run_file "$f"; done
	run_sanitized ;;
chapter)
	nn=$(printf '%02d' "$((10#${2:?usage: tests/run.sh chapter NN [BINARY]}))")
	bin=${3:-./ch$nn}
	[ -x "$bin" ] || { echo "run.sh: $bin: no such program (make chapter-$nn)" >&2; exit 2; }
	bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
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

# The promises that were not kept, grouped by the file (the chapter) and
# binary they were tested with, so a long run ends with what to fix.
if [ "${#failures[@]}" -gt 0 ]; then
	echo
	echo "== what failed"
	where=''
	for f in "${failures[@]}"; do
		[ "${f%%|*}" = "$where" ] || { where=${f%%|*}; echo "  $where:"; }
		echo "    - ${f#*|}"
	done
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary+=", $skipped skipped"
echo
echo "$summary"
[ "$failed" -eq 0 ]
