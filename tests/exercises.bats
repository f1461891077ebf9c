#!/usr/bin/env bats
# Every exercise on a chapter's page is graded: tests/exercises/NN-M.bats is
# the check of exercise M of docs/NN-*.md, and tests/exercises/answers/NN-M.patch
# a reference answer. This file proves each check can tell: it fails against
# ./chNN as the repository has it, and passes once the answer is applied, in
# a copy of the tree (make chapter-NN there). A test per chapter, each over
# every check of that chapter it finds.

load helpers

EXERCISES=$REPO/tests/exercises

setup() {
	# The guest of the VM lane has no compiler, and the answers need one.
	[ -z "${KOBAKO_VM:-}" ] || skip "runs on the host lane"
}

# Runs one check with bats against BINARY: its TAP output in $tap, bats'
# status in $tap_status.
run_check() { # FILE BINARY
	tap_status=0
	tap=$(CH=$2 bats --tap "$1" 2>&1) || tap_status=$?
}

# A copy of the tree at DIR, without .git, that builds as the tree does:
# build/ comes along with its times, so make recompiles only what the
# answer changes.
copy_tree() { # DIR
	mkdir -p "$1"
	tar -C "$REPO" --exclude=./.git --exclude=./build/clang --exclude=./build/sanitize \
		-cf - . | tar -C "$1" -xf -
}

# Proves the check of exercise NN-M; fails with what went wrong.
prove() { # NN-M
	local ex=$1 nn=${1%%-*} check=$EXERCISES/$1.bats answer=$EXERCISES/answers/$1.patch
	local tree=$BATS_TEST_TMPDIR/tree-$1
	[ -f "$answer" ] || { echo "$ex: no answer ($answer)"; return 1; }

	run_check "$check" "$REPO/ch$nn"
	if ! grep -q '^not ok ' <<<"$tap" && grep -q '# skip' <<<"$tap"; then
		printf '%s: skipped here, unproven:\n%s\n' "$ex" "$(grep '# skip' <<<"$tap")"
		return 2
	fi
	if [ "$tap_status" -eq 0 ] || ! grep -q '^not ok ' <<<"$tap"; then
		printf '%s: the check passes against ./ch%s, before the exercise is done:\n%s\n' \
			"$ex" "$nn" "$tap"
		return 1
	fi

	copy_tree "$tree"
	local out
	if ! out=$(cd "$tree" && git apply "$answer" 2>&1 && make -s -j2 "chapter-$nn" 2>&1); then
		printf '%s: the answer does not apply or build:\n%s\n' "$ex" "$out"
		return 1
	fi
	run_check "$tree/tests/exercises/$ex.bats" "$tree/ch$nn"
	if [ "$tap_status" -ne 0 ] || grep -q '^not ok ' <<<"$tap"; then
		printf '%s: the check fails with the answer applied:\n%s\n' "$ex" "$tap"
		return 1
	fi
	if grep -q '# skip' <<<"$tap"; then
		printf '%s: skipped here, unproven:\n%s\n' "$ex" "$(grep '# skip' <<<"$tap")"
		return 2
	fi
	rm -rf "$tree"
}

# Every check of chapter NN, proven; skipped if the chapter has none.
prove_chapter() { # NN
	local f ex errors='' skipped='' n=0 out
	require_ch
	for f in "$EXERCISES/$1"-*.bats; do
		[ -f "$f" ] || continue
		ex=$(basename "$f" .bats)
		n=$((n + 1))
		if out=$(prove "$ex"); then
			:
		elif [ $? -eq 2 ]; then
			skipped+="$out"$'\n'
		else
			errors+="$out"$'\n'
		fi
	done
	[ "$n" -gt 0 ] || skip "chapter $1 has no exercise checks"
	[ -z "$errors" ] || fail "$errors$skipped"
	[ -z "$skipped" ] || skip "$(head -1 <<<"$skipped")"
}

@test "exercises: every check is tests/exercises/NN-M.bats with an answer, and its tests say which exercise" {
	local f ex n=0 bad=''
	for f in "$EXERCISES"/*.bats "$EXERCISES"/answers/*.patch; do
		[ -f "$f" ] || continue
		ex=$(basename "${f%.*}")
		n=$((n + 1))
		[[ $ex =~ ^[0-9]{2}-[0-9]+$ ]] || { bad+="$f: not named NN-M"$'\n'; continue; }
		ls "$REPO"/chapters/"${ex%%-*}"-* >/dev/null 2>&1 ||
			bad+="$f: there is no chapter ${ex%%-*}"$'\n'
		grep -q "prove_chapter ${ex%%-*}\$" "$BATS_TEST_FILENAME" ||
			bad+="$f: no test of this file proves chapter ${ex%%-*}'s checks"$'\n'
		[ -f "$EXERCISES/$ex.bats" ] || bad+="$f: no check $ex.bats"$'\n'
		[ -f "$EXERCISES/answers/$ex.patch" ] || bad+="$f: no answer answers/$ex.patch"$'\n'
		[[ $f == *.bats ]] || continue
		grep -q '^@test ' "$f" || bad+="$f: no test"$'\n'
		bad+=$(grep '^@test ' "$f" | grep -v "^@test \"exercise $ex: " |
			sed "s|^|$f: not named \"exercise $ex: ...\": |")
	done
	[ "$n" -gt 0 ] || skip "no exercise checks yet"
	[ -z "$bad" ] || fail "$bad"
}

# One test per chapter (a test here may take minutes: BATS_TEST_TIMEOUT
# applies to each).
@test "exercises of chapter 01: each check fails against ./ch01 and passes with its answer" {
	CH=$REPO/ch01 prove_chapter 01
}

@test "exercises of chapter 02: each check fails against ./ch02 and passes with its answer" {
	CH=$REPO/ch02 prove_chapter 02
}

@test "exercises of chapter 03: each check fails against ./ch03 and passes with its answer" {
	CH=$REPO/ch03 prove_chapter 03
}

@test "exercises of chapter 04: each check fails against ./ch04 and passes with its answer" {
	CH=$REPO/ch04 prove_chapter 04
}

@test "exercises of chapter 05: each check fails against ./ch05 and passes with its answer" {
	CH=$REPO/ch05 prove_chapter 05
}

@test "exercises of chapter 06: each check fails against ./ch06 and passes with its answer" {
	CH=$REPO/ch06 prove_chapter 06
}

@test "exercises of chapter 07: each check fails against ./ch07 and passes with its answer" {
	CH=$REPO/ch07 prove_chapter 07
}
