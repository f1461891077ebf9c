#!/usr/bin/env bats
# The project builds with gcc and with clang (-std=gnu11 -Wall -Wextra
# -Werror) without a single warning, into any directory: BUILD and BINDIR
# keep the build out of the tree.

load helpers

setup() {
	# What the compilers say does not depend on the kernel, and under the
	# VM lane's emulation each build takes minutes.
	[ -z "${KOBAKO_VM:-}" ] || skip "runs on the host lane"
}

# Builds every chapter with the compiler into a temporary directory, and
# fails unless the build printed nothing at all. (-s hides the commands,
# V=1 the Makefile's own "CC file" lines: what is left is the compiler's.)
build_quietly_with() { # CC
	command -v "$1" >/dev/null || skip "$1 is not installed (make deps)"
	local out=$BATS_TEST_TMPDIR/build
	run make -C "$REPO" -s V=1 BUILD="$out" BINDIR="$out" CC="$1" all
	assert_status 0
	[ -z "$output" ] || fail "the build with $1 printed:" "$output"

	local ch
	for ch in "$REPO"/chapters/[0-9][0-9]-*; do
		ch=ch$(basename "$ch" | cut -c1-2)
		[ -x "$out/$ch" ] || fail "no $ch was built"
		"$out/$ch" --version >/dev/null || fail "$ch --version failed"
	done
}

@test "gcc builds every chapter without a warning" {
	build_quietly_with gcc
}

@test "clang builds every chapter without a warning" {
	build_quietly_with clang
}

# A user's CFLAGS and LDFLAGS come on top of what the build needs: no value
# of theirs can drop -I. or -D_GNU_SOURCE or the warnings.
@test "make CFLAGS=-O0 LDFLAGS=-s still builds, with the warnings on" {
	local out=$BATS_TEST_TMPDIR/build
	run make -C "$REPO" -s V=1 BUILD="$out" BINDIR="$out" CFLAGS=-O0 LDFLAGS=-s all
	assert_status 0
	[ -x "$out/ch01" ] || fail "no ch01 was built: $output"
	run make -C "$REPO" -n V=1 BUILD="$out/n" BINDIR="$out/n" CFLAGS=-O0 "$out/n/ch01"
	[[ $output == *"-Werror"*"-O0"* ]] || fail "the compile line lost -Werror: $output"
}

# `make help` only prints: it asks the compiler nothing, and every program
# it starts (through the shell make uses) is one of its echo lines.
@test "make help runs no compiler and no shell but its echo lines" {
	local log=$BATS_TEST_TMPDIR/run.log
	printf '#!/bin/sh\necho "$*" >>%s\nexec /bin/sh "$@"\n' "$log" >"$BATS_TEST_TMPDIR/sh"
	printf '#!/bin/sh\necho "cc $*" >>%s\nexec cc "$@"\n' "$log" >"$BATS_TEST_TMPDIR/cc"
	chmod +x "$BATS_TEST_TMPDIR/sh" "$BATS_TEST_TMPDIR/cc"
	run make -C "$REPO" --no-print-directory help CC="$BATS_TEST_TMPDIR/cc" \
		SHELL="$BATS_TEST_TMPDIR/sh"
	assert_status 0
	[[ $output == *"make chapter-NN"* ]] || fail "no help was printed: $output"
	local others
	others=$(grep -v "^-c echo" "$log" || true)
	[ -z "$others" ] || fail "make help ran more than its echo lines:" "$others"
}

# test-chapter-NN builds the binary it tests first, wherever BINDIR puts it.
@test "make test-chapter-NN builds its binary first" {
	local out=$BATS_TEST_TMPDIR/bin
	run make -C "$REPO" -n BUILD="$out" BINDIR="$out" CH= test-chapter-01
	assert_status 0
	[[ $output == *"-o $out/ch01"* ]] || fail "test-chapter-01 does not build $out/ch01: $output"
	[[ $output == *"tests/run.sh chapter 01 $out/ch01"* ]] ||
		fail "test-chapter-01 does not test $out/ch01: $output"
}

# A build that fails runs no test: the compiler's errors, then one line
# that says so. (A header that is not there fails the first file at once.)
@test "make test-chapter-NN: a build that fails says so in one line, and runs no test" {
	local out=$BATS_TEST_TMPDIR/bin
	run make -C "$REPO" --no-print-directory BUILD="$out" BINDIR="$out" CH= \
		CFLAGS="-include $out/missing.h" test-chapter-01
	[ "$status" -ne 0 ] || fail "make succeeded: $output"
	[[ $output == *"missing.h: No such file or directory"* ]] || fail "not the compiler's error: $output"
	grep -qx "test-chapter-01: $out/ch01 does not build: fix the first error above" <<<"$output" ||
		fail "no line saying the build failed: $output"
	[[ $output != *"== tests/"* ]] || fail "tests ran: $output"
}

# One style, checked: every C file of chapters/ and common/ is as clang-format
# writes it. Other versions of clang-format break some lines otherwise, so the
# check runs with the version .clang-format names.
@test "chapters/ and common/ are formatted as .clang-format says" {
	command -v clang-format >/dev/null || skip "clang-format is not installed (make test-deps)"
	local want have f bad=()
	want=$(grep -oE 'clang-format [0-9]+' "$REPO/.clang-format" | head -n 1 | cut -d' ' -f2)
	have=$(clang-format --version | grep -oE 'version [0-9]+' | cut -d' ' -f2)
	[ -n "$want" ] || fail ".clang-format does not name the version it was written for"
	[ "$have" = "$want" ] || skip "the tree is formatted with clang-format $want; this is $have"
	for f in "$REPO"/chapters/*/*.[ch] "$REPO"/common/*.[ch]; do
		clang-format --style=file --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("${f#"$REPO"/}")
	done
	[ "${#bad[@]}" -eq 0 ] || fail "not as clang-format writes them (clang-format -i FILE):" "${bad[@]}"
}
