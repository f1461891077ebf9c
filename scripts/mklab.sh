#!/usr/bin/env bash
# mklab: a copy of the tree to hand out as a lab, with one chapter's key
# code taken out.
#
#   scripts/mklab.sh NN DIR             the lab of chapter NN in DIR (new)
#   scripts/mklab.sh --solved NN DIR    the same copy with the code put back
#                                       under each TODO: a finished lab
#   scripts/mklab.sh --check            only check every chapter's markers
#
# The code a lab takes out is marked in the chapter's own sources, so a lab
# never drifts from them. A region opens with a comment that starts with
# "lab:" and says what to write, and closes with "lab end:" followed by the
# stub, the code the lab has instead (it may go on over the comment's lines):
#
#	/* lab: make the current directory "/" with pivot_root(2), detach the old root, cd /;
#	 * see docs/02-rootfs.md "pivot_root(2)" and the section after it */
#	...the code...
#	/* lab end: errno = ENOSYS; die_errno("pivot_root"); */
#
# In the lab the opening comment stays, as "TODO(lab): ...", the code goes,
# and the stub takes its place, one statement a line, so the step fails with
# a clear message ("ch02: pivot_root: Function not implemented"). Regions sit
# inside function bodies; a stub says (void)x; for what only the removed code
# used, so that the lab builds with -Werror (tests/labs.bats checks it).
#
# What is copied: the files git tracks, as they are in the working tree (your
# uncommitted edits too), when DIR's source is the top of a git checkout;
# otherwise every file but build/, rootfs/, the ./chNN binaries and .git.
# Modification times are kept, so a copy of build/ (cp -a) stays valid for
# every file the lab did not change. The lab has no rootfs: `make
# test-chapter-NN` makes one, as `make rootfs` does.
set -uo pipefail
here=$PWD # a relative DIR is from where mklab was run
cd "$(dirname "$0")/.." || exit 1

die() {
	echo "mklab: $*" >&2
	exit 1
}

usage() {
	echo "usage:" >&2
	sed -n '5,8s/^#//p' "$0" >&2
	exit 2
}

# FILE: the file with chapter NN's regions turned into stubs (MODE=lab) or
# kept (MODE=solved), on stdout; with REPORT, one line "LINE FUNCTION" per
# region, LINE the TODO comment's line in the output. Malformed markers:
# a message with FILE:LINE on stderr, and exit status 1.
transform() { # MODE FILE [REPORT]
	awk -v mode="$1" -v report="${3:-}" '
	function fail(msg) { printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1 }
	function out(s) { if (mode != "check") print s; n++ }
	# A stub may go on over the next lines of the comment: one text, joined.
	function stub_line(s) {
		sub(/[ \t]*\*\/.*$/, "", s); sub(/^[ \t]*\*?[ \t]*/, "", s)
		if (s != "") stub = stub (stub == "" ? "" : " ") s
	}
	# One statement a line: the stub split after each ";" outside a string.
	function out_stub(s,   i, c, q, from) {
		q = 0; from = 1
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (q && c == "\\") { i++; continue }
			if (c == "\"") q = !q
			else if (c == ";" && !q) {
				out(indent substr(s, from, i - from + 1)); from = i + 1
				while (substr(s, from, 1) == " ") from++
			}
		}
		if (from <= length(s)) out(indent substr(s, from))
	}
	function close_region() {
		if (stub == "") fail("a \"lab end:\" with no stub after it (the region opened at line " open ")")
		if (mode == "lab") out_stub(stub)
		if (!code) fail("an empty region (opened at line " open ")")
		state = 0
	}
	# A function definition starts at column 0 and is not a declaration.
	state == 0 && /^[A-Za-z_].*[A-Za-z0-9_]\(/ && !/;[ \t]*$/ {
		fn = $0; sub(/\(.*/, "", fn); sub(/.*[^A-Za-z0-9_]/, "", fn)
	}
	state == 0 && /^}/ { fn = "" }
	state == 0 && /^[ \t]*\/\* lab end/ { fail("\"lab end\" with no \"lab:\" before it") }
	state == 0 && /^[ \t]*\/\* lab:/ {
		if (fn == "") fail("a region outside any function")
		indent = $0; sub(/\/\*.*/, "", indent)
		line = $0; sub(/\/\* lab:/, "/* TODO(lab):", line); out(line)
		if (report != "") printf "%d %s()\n", n, fn > report
		open = FNR; code = 0; stub = ""; state = /\*\// ? 2 : 1
		next
	}
	state == 1 { out($0); if (/\*\//) state = 2; next }
	state == 2 && /^[ \t]*\/\* lab:/ { fail("a region opened inside the one opened at line " open); next }
	state == 2 && /^[ \t]*\/\* lab end/ {
		if ($0 !~ /\/\* lab end:/) { fail("\"lab end\" without \":\" and the stub"); state = 0; next }
		s = $0; sub(/.*\/\* lab end:/, "", s); stub_line(s)
		if (/\*\//) close_region(); else state = 3
		next
	}
	state == 2 { code = 1; if (mode != "lab") out($0); else n++; next }
	state == 3 { stub_line($0); if (/\*\//) close_region(); next }
	{ out($0) }
	END {
		if (state) { FNR = open; fail("a region never closed with \"lab end:\"") }
		exit bad
	}' "$2"
}

# Every chapter's markers, well-formed or not.
check_all() {
	local f status=0
	for f in chapters/*/*.c; do
		transform check "$f" || status=1
	done
	return $status
}

# The tracked tree (or the plain tree) into DIR, times kept.
copy_tree() { # DIR
	# The top of a git checkout (not a copy inside some other one's tree).
	if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$PWD" ]; then
		# A tracked file deleted in the working tree is not copied.
		git ls-files -z | while IFS= read -r -d '' f; do
			[ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"
		done | tar --null -T - -cf - | tar -xf - -C "$1"
	else
		tar --exclude=./build --exclude=./rootfs --exclude='./ch[0-9][0-9]' \
			--exclude=./.git -cf - . | tar -xf - -C "$1"
	fi
}

mode=lab
case ${1:-} in
--check) check_all; exit ;;
--solved) mode=solved; shift ;;
-h | --help) usage ;;
esac
[ $# -eq 2 ] || usage
nn=$1 dir=$2
[[ $dir == /* ]] || dir=$here/$dir
[[ $nn =~ ^[0-9][0-9]$ ]] || die "$nn: a chapter is two digits, such as 02"
chapter=
for d in chapters/"$nn"-*/; do [ -d "$d" ] && chapter=${d%/}; done
[ -n "$chapter" ] || die "no chapter $nn in chapters/"
files=$(grep -l '^[[:space:]]*/\* lab:' "$chapter"/*.c) || die "chapter $nn has no lab regions"
[ -e "$dir" ] || [ -L "$dir" ] && die "$dir exists: name a new directory (LAB=DIR)"
check_all || die "malformed lab markers (above): no lab made"

mkdir -p "$dir" || exit 1
copy_tree "$dir" || die "could not copy the tree into $dir"
todo=()
for f in $files; do
	report=$(mktemp) || exit 1
	transform "$mode" "$f" "$report" >"$dir/$f" || die "could not write $dir/$f"
	# The stubs laid out as the rest of the tree (a stub is one line in its
	# marker); then the TODOs' lines, which that may have moved.
	if command -v clang-format >/dev/null; then
		(cd "$dir" && clang-format -i "$f") || die "clang-format failed on $dir/$f"
	fi
	exec 3<"$report"
	while IFS=: read -r line _; do
		read -r _ fn <&3
		todo+=("  $f:$line: $fn")
	done < <(grep -n 'TODO(lab):' "$dir/$f")
	exec 3<&-
	rm -f "$report"
done

dir=$(cd "$dir" && pwd)
if [ "$mode" = solved ]; then
	echo "mklab: chapter $nn's lab in $dir, solved: the reference code is in place"
else
	echo "mklab: chapter $nn's lab in $dir: the tree with chapter $nn's key code taken out"
fi
echo "Write each TODO(lab) (each says what to do and where the page explains it):"
printf '%s\n' "${todo[@]}"
echo "Until then ./ch$nn builds, and fails at the first step not written (most"
echo "stubs say \"Function not implemented\"). Check the lab with:"
echo "  cd $dir && sudo make test-chapter-$nn"
