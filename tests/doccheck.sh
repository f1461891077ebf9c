#!/usr/bin/env bash
# Runs every command shown in a page of the docs and checks that it prints
# what the page says, so the docs never lie.
#
#   tests/doccheck.sh docs/01-namespaces.md
#
# The commands are those in ```console blocks: a line "$ command" (a line
# ending in \ goes on to the next), then the output it prints, stdout and
# stderr together. In the output, a line "..." stands for any number of
# lines, and "..." within a line for any text. Other blocks (```sh, ```text)
# are not run: use them for what cannot be run by a test, and say so in the
# text.
#
# The page runs as a reader pastes it into one terminal: its commands, in
# order, in one bash started at the top of the repository. A `cd`, a
# variable or a `set` carries over to the next command and the next block;
# `sudo` is a no-op when run as root. Each command's output is matched on
# its own. A command that does not finish within DOCCHECK_TIMEOUT seconds
# (default 120) is killed, with all it started, and fails; the page goes on
# in a new shell, in the same directory. When a command fails, and the
# shell's directory was removed by an earlier command, or the command uses
# a variable the shell has not set, the report says so, and which line
# removed the directory.
#
# Before running anything, the page's code fences are checked, as CommonMark
# reads them: a block opened by ``` (and a language) is closed only by a
# line that is ``` alone (up to three spaces before it, any spaces after).
# A line such as "```text", or "``` some prose", inside an open block does
# not close it: the block would go on, and the page render wrong. Such a
# line, or a block never closed, is an error. Only that check, static and
# fast, on any number of pages:
#
#   tests/doccheck.sh --lint docs/*.md README.md
set -uo pipefail
cd "$(dirname "$0")/.."

# lint PAGE: prints FILE:LINE: for each fence that is not what it seems.
lint() {
	local page=$1 line n=0 open=0 fence='' bad=0 re_open re_close re_fence
	# shellcheck disable=SC2016 # backticks in a regex, not a command
	re_open='^ {0,3}(`{3,})[^`]*$'
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		if [ $open = 0 ]; then
			if [[ $line =~ $re_open ]]; then
				open=$n fence=${BASH_REMATCH[1]}
			fi
			continue
		fi
		re_close="^ {0,3}${fence}\`*[[:blank:]]*\$" re_fence="^ {0,3}${fence}"
		if [[ $line =~ $re_close ]]; then
			open=0
		elif [[ $line =~ $re_fence ]]; then
			printf '%s:%s: "%s" inside the block opened at line %s does not close it: a closing fence is %s alone\n' \
				"$page" "$n" "$line" "$open" "$fence"
			bad=1
		fi
	done <"$page"
	if [ $open != 0 ]; then
		printf '%s:%s: the block opened here is never closed\n' "$page" "$open"
		bad=1
	fi
	return $bad
}

if [ "${1:-}" = --lint ]; then
	shift
	[ $# -gt 0 ] || { echo "usage: tests/doccheck.sh --lint PAGE.md..." >&2; exit 2; }
	status=0
	for page; do
		[ -r "$page" ] || { echo "doccheck: $page: no such page" >&2; exit 2; }
		lint "$page" || status=1
	done
	exit $status
fi

page=${1:?usage: tests/doccheck.sh [--lint] PAGE.md}
[ -r "$page" ] || { echo "doccheck: $page: no such page" >&2; exit 2; }
problems=0 checked=0
# A page whose fences are wrong is not run: its blocks are not what it shows.
lint "$page" || exit 1

# A line of expected output as a bash pattern: "..." matches anything.
pattern_of() {
	local line=$1 out='' c
	for ((i = 0; i < ${#line}; i++)); do
		if [ "${line:i:3}" = "..." ]; then
			out+='*'
			i=$((i + 2))
			continue
		fi
		c=${line:i:1}
		case $c in '*' | '?' | '[' | ']' | '\') out+="\\$c" ;; *) out+=$c ;; esac
	done
	printf '%s' "$out"
}

# matches I J: do expected lines I.. match actual lines J.. ?
matches() {
	local i=$1 j=$2 k
	if [ "$i" -ge "${#expected[@]}" ]; then
		[ "$j" -ge "${#actual[@]}" ]
		return
	fi
	if [ "${expected[i]}" = "..." ]; then
		for ((k = j; k <= ${#actual[@]}; k++)); do
			matches $((i + 1)) "$k" && return 0
		done
		return 1
	fi
	[ "$j" -lt "${#actual[@]}" ] || return 1
	# shellcheck disable=SC2053 # the right side is a pattern on purpose
	[[ ${actual[j]} == $(pattern_of "${expected[i]}") ]] && matches $((i + 1)) $((j + 1))
}

# --- one shell for the whole page, as a reader's terminal ----------------

# The page's commands run in one bash, in order, as a reader pastes them:
# a `cd`, a variable, a `set` carry over to the next command and block. The
# shell reads, on its stdin, one line per command that evals the command
# (from a file, so a syntax error is the command's own, not the shell's)
# with its output in another file, then prints "STATUS CWD_OK PWD" on its
# stdout: CWD_OK is 0 when the directory it is in no longer exists. It
# leads a process group of its own, so that a command that hangs can be
# killed with everything it started.
work=$(mktemp -d)
trap 'stop_shell; rm -rf "$work"' EXIT
timeout=${DOCCHECK_TIMEOUT:-120}
gone_by='' # where the shell's directory was removed: "LINE: $ COMMAND"
start_shell() { # DIR
	coproc SHELL_ { exec setsid bash --noprofile --norc 2>/dev/null; }
	shell_pid=$SHELL__PID
	# shellcheck disable=SC2016 # the functions are the page's shell's
	printf '%s\n' 'sudo() { if [ "$(id -u)" = 0 ]; then "$@"; else command sudo "$@"; fi; }' \
		"__doccheck_done() { local s=\$1 ok=1; [ . -ef \"\$PWD\" ] || ok=0; printf '%s %s %s\n' \"\$s\" \$ok \"\$PWD\"; }" \
		"cd $(printf '%q' "$1")" >&"${SHELL_[1]}"
}
stop_shell() {
	[ -n "${shell_pid:-}" ] || return 0
	kill -TERM -- "-$shell_pid" 2>/dev/null
	sleep 0.2
	kill -KILL -- "-$shell_pid" 2>/dev/null
	wait "$shell_pid" 2>/dev/null
	shell_pid=''
}
start_shell "$PWD"
shell_dir=$PWD

# run_in_shell COMMAND: sets status and note (why the shell is not as it
# was, when it is not); the output is in $work/out.
run_in_shell() {
	local reply s ok dir got
	printf '%s' "$1" >"$work/cmd"
	: >"$work/out"
	note=''
	# The shell waits for this line: it exits only while running a command.
	# shellcheck disable=SC2016 # expanded by the page's shell, not here
	printf '%s\n' 'eval "$(<'"$work/cmd"')" </dev/null >'"$work/out"' 2>&1; __doccheck_done $?' \
		>&"${SHELL_[1]}"
	IFS= read -r -t "$timeout" -u "${SHELL_[0]}" reply
	got=$?
	if [ $got = 0 ]; then
		read -r s ok dir <<<"$reply"
		status=$s shell_dir=$dir
		[ "$ok" = 1 ] || [ -n "$gone_by" ] || gone_by="$where: \$ $1"
		[ "$ok" = 0 ] || gone_by=''
		return
	fi
	if [ $got -gt 128 ]; then
		status=timeout
		note="it did not finish within $timeout s (DOCCHECK_TIMEOUT): it was killed, and the page's shell started again in $shell_dir, without the variables set before"
	else
		status=exited
		note="the page's shell exited (the command ran exit?): it started again in $shell_dir, without the variables set before"
	fi
	stop_shell
	start_shell "$shell_dir"
}

# Why a command may fail for what an earlier command left: the directory
# the shell is in was removed, or a variable it uses is not set.
left_by_earlier() { # COMMAND
	local names name reply unset=()
	[ -z "$gone_by" ] ||
		printf 'note: this command ran in %s, which no longer exists: it was removed by line %s\n' \
			"$shell_dir" "$gone_by"
	[ -n "${shell_pid:-}" ] || return 0
	# shellcheck disable=SC2016 # a $ to match, not to expand
	names=$(grep -oE '\$\{?[A-Za-z_][A-Za-z_0-9]*' <<<"$1" | tr -d '${' | sort -u)
	for name in $names; do
		printf '[ -v %s ]; __doccheck_done $?\n' "$name" >&"${SHELL_[1]}"
		IFS= read -r -t 5 -u "${SHELL_[0]}" reply || return 0
		[ "${reply%% *}" = 0 ] || unset+=("\$$name")
	done
	[ "${#unset[@]}" -eq 0 ] ||
		printf 'note: the command names variables the page'"'"'s shell has not set: %s (if the page means its own, does an earlier command set them?)\n' "${unset[*]}"
}

check() { # LINE COMMAND EXPECTED
	local where=$1 command=$2 output status note how
	checked=$((checked + 1))
	mapfile -t expected < <(printf '%s' "$3" | sed -e 's/[[:space:]]*$//')
	run_in_shell "$command"
	output=$(cat "$work/out")
	mapfile -t actual < <(printf '%s' "$output" | sed -e 's/[[:space:]]*$//')
	if [ "$status" = timeout ] || [ "$status" = exited ] || ! matches 0 0; then
		problems=$((problems + 1))
		case $status in
		timeout) how="until it was killed after $timeout s" ;;
		exited) how="and its shell exited" ;;
		*) how="and exited with $status" ;;
		esac
		printf '%s:%s: $ %s\n--- the page shows\n%s\n--- the command printed, %s\n%s\n' \
			"$page" "$where" "$command" "$3" "$how" "$output"
		[ -z "$note" ] || printf 'note: %s\n' "$note"
		left_by_earlier "$command"
		echo
	fi
}

n=0 in_block=0 command='' where=0 expected_text='' continued=0
flush() {
	[ -n "$command" ] && check "$where" "$command" "$expected_text"
	command='' expected_text=''
}
while IFS= read -r line || [ -n "$line" ]; do
	n=$((n + 1))
	if [ $in_block = 0 ]; then
		[[ $line == '```console'* ]] && in_block=1
		continue
	fi
	if [[ $line == '```'* ]]; then
		flush
		in_block=0
	elif [ $continued = 1 ]; then
		command+=$'\n'$line
		[[ $line == *\\ ]] || continued=0
	elif [[ $line == '$ '* ]]; then
		flush
		command=${line#\$ } where=$n
		[[ $line == *\\ ]] && continued=1
	else
		expected_text+=$line$'\n'
	fi
done <"$page"
if [ $in_block = 1 ]; then
	flush
	problems=$((problems + 1))
	printf '%s: a ```console block is not closed\n' "$page"
fi
# A page whose blocks are all misnamed would pass having checked nothing.
if [ "$checked" -eq 0 ]; then
	problems=$((problems + 1))
	printf '%s: no command to check (no "$ command" in a ```console block)\n' "$page"
fi

[ "$problems" -eq 0 ]
