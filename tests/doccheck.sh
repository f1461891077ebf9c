#!/usr/bin/env bash
# Runs every command shown in a page of the docs and checks that it prints
# what the page says, so the docs never lie.
#
#   tests/doccheck.sh docs/01-namespaces.md
#
# The commands are those in ```console blocks: a line "$ command" (a line
# ending in \ goes on to the next), then the output it prints, stdout and
# stderr together. In the output, a line "..." stands for any number of
# lines, and "..." within a line for any text. Each block runs from the top
# of the repository in a shell of its own; `sudo` is a no-op when run as root.
# Other blocks (```sh, ```text) are not run: use them for what cannot be run
# by a test, and say so in the text.
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

check() { # LINE COMMAND EXPECTED
	local where=$1 command=$2 output
	checked=$((checked + 1))
	mapfile -t expected < <(printf '%s' "$3" | sed -e 's/[[:space:]]*$//')
	output=$(timeout 120 bash -c 'sudo() { if [ "$(id -u)" = 0 ]; then "$@"; else command sudo "$@"; fi; }
'"$command" </dev/null 2>&1)
	mapfile -t actual < <(printf '%s' "$output" | sed -e 's/[[:space:]]*$//')
	if ! matches 0 0; then
		problems=$((problems + 1))
		printf '%s:%s: $ %s\n--- the page shows\n%s\n--- the command printed\n%s\n\n' \
			"$page" "$where" "$command" "$3" "$output"
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
