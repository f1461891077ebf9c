#!/usr/bin/env bats
# The project builds with gcc and with clang (-std=gnu11 -Wall -Wextra
# -Werror) without a single warning, into any directory: BUILD and BINDIR
# keep the build out of the tree.

load helpers

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
