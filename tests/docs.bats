#!/usr/bin/env bats
# Every command a page of docs/ shows, run: its output must be what the page
# says (tests/doccheck.sh). A page is checked once its chapter is built.

load helpers

check_page() {
	local page=$1 nn
	nn=$(basename "$page" | cut -c1-2)
	[ -x "$REPO/ch$nn" ] || skip "ch$nn is not built (make chapter-$nn)"
	require_rootfs
	run "$REPO/tests/doccheck.sh" "$page"
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

@test "docs/01-namespaces.md: every command prints what the page shows" {
	check_page docs/01-namespaces.md
}

@test "docs/02-rootfs.md: every command prints what the page shows" {
	check_page docs/02-rootfs.md
}

@test "docs/03-cgroups.md: every command prints what the page shows" {
	check_page docs/03-cgroups.md
}

@test "docs/04-security.md: every command prints what the page shows" {
	check_page docs/04-security.md
}

@test "docs/05-overlayfs.md: every command prints what the page shows" {
	check_page docs/05-overlayfs.md
}

@test "docs/benchmark.md: every command prints what the page shows" {
	[ -x "$REPO/ch02" ] || skip "ch02 is not built (make chapter-02)"
	require_rootfs
	run "$REPO/tests/doccheck.sh" docs/benchmark.md
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

@test "README.md: every command prints what the page shows" {
	run "$REPO/tests/doccheck.sh" README.md
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

@test "every diff the docs show is today's code" {
	run "$REPO/tests/diffcheck.sh" docs/*.md
	[ "$status" -eq 0 ] || { echo "$output (fix: tests/diffcheck.sh --fix PAGE)" >&2; return 1; }
}
