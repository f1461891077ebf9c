#!/usr/bin/env bash
# Checks every ```diff block of the pages given: a block that starts with
# "--- FILE" and "+++ FILE" must be exactly what `diff -u FILE FILE` prints
# today, so a page never shows code that has changed since.
#   tests/diffcheck.sh [--fix] PAGE...
set -uo pipefail
cd "$(dirname "$0")/.."
fix=0
[ "${1:-}" = --fix ] && { fix=1; shift; }
bad=0
for page in "$@"; do
	out=$(mktemp)
	awk -v out="$out" -v page="$page" -v fix="$fix" '
	function flush(   cmd, want, line, n, i, ok) {
		cmd = "diff -u " a " " b " | sed -E \"1,2s/\\t.*//\""
		n = 0
		while ((cmd | getline line) > 0) want[++n] = line
		close(cmd)
		ok = (n == nb)
		for (i = 1; ok && i <= n; i++) ok = (want[i] == blk[i])
		if (!ok) {
			printf "%s:%d: the diff of %s and %s has changed\n", page, start, a, b > "/dev/stderr"
			bad = 1
		}
		for (i = 1; i <= (fix ? n : nb); i++) print (fix ? want[i] : blk[i]) > out
	}
	inblk && /^```$/ { if (a != "") flush(); else for (i = 1; i <= nb; i++) print blk[i] > out
			   inblk = 0; print > out; next }
	inblk { blk[++nb] = $0
		if (nb == 1 && /^--- /) a = $2
		if (nb == 2 && /^\+\+\+ / && a != "") b = $2
		else if (nb == 2) a = ""
		next }
	/^```diff$/ { inblk = 1; nb = 0; a = ""; b = ""; start = NR; print > out; next }
	{ print > out }
	END { exit bad }' "$page"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		if [ "$fix" = 1 ]; then cp "$out" "$page"; echo "fixed $page"; else bad=1; fi
	fi
	rm -f "$out"
done
exit "$bad"
