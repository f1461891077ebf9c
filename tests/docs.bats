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

# The pages of chapters 06 and 07 run in a lab (scripts/netlab.sh): a "host"
# and a "world" of network namespaces of their own, never this machine's
# network. Each page gets a new lab: what one page leaves (a bridge, a
# sysctl) is not there for the next.
LAB=
teardown() {
	[ -z "$LAB" ] || "$REPO/scripts/netlab.sh" down "$LAB"
}

check_page_in_lab() {
	local page=$1 nn
	nn=$(basename "$page" | cut -c1-2)
	[ -x "$REPO/ch$nn" ] || skip "ch$nn is not built (make chapter-$nn)"
	require_rootfs
	LAB=kobako-doc-$$
	"$REPO/scripts/netlab.sh" up "$LAB" >/dev/null
	run "$REPO/scripts/netlab.sh" exec "$LAB" -- "$REPO/tests/doccheck.sh" "$page"
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

@test "docs/06-network.md: every command prints what the page shows, in a lab" {
	check_page_in_lab docs/06-network.md
}

@test "docs/07-network-portforward.md: every command prints what the page shows, in a lab" {
	check_page_in_lab docs/07-network-portforward.md
}

# Chapter 08's page runs runc beside ch08, and Podman (its own, made by
# scripts/podman-sandbox.sh) on ch08. The host lane runs it: nothing it
# shows differs on cgroup v2, and under the VM lane's emulation each of
# its Podman commands takes most of a minute (tests/run.sh's vm_filter
# keeps the Podman tests that meet cgroup v2 there).
@test "docs/08-oci.md: every command prints what the page shows" {
	[ -z "${KOBAKO_VM:-}" ] || skip "the host lane runs this page"
	local tool
	for tool in runc podman conmon; do
		command -v "$tool" >/dev/null || skip "$tool is not installed (make test-deps)"
	done
	check_page docs/08-oci.md
}

@test "docs/benchmark.md: every command prints what the page shows" {
	[ -x "$REPO/ch02" ] || skip "ch02 is not built (make chapter-02)"
	require_rootfs
	run "$REPO/tests/doccheck.sh" docs/benchmark.md
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

# Its commands run chapters 01, 02 and 05 as nobody (setpriv) and on a
# rootfs remounted noexec or nodev in a mount namespace of their own
# (unshare): never on the network, so not in a lab.
@test "docs/troubleshooting.md: every command prints what the page shows" {
	[ -x "$REPO/ch05" ] || skip "ch05 is not built (make)"
	require_rootfs
	run "$REPO/tests/doccheck.sh" docs/troubleshooting.md
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

# Its commands run runc, under strace, on the same rootfs as chapter 05,
# with runc's cgroup below its own (a relative cgroupsPath). The VM lane
# is about kobako on pure cgroup v2, not runc: this page is the host's.
@test "docs/overview.md: every command prints what the page shows" {
	[ -z "${KOBAKO_VM:-}" ] || skip "runs on the host lane"
	[ -x "$REPO/ch05" ] || skip "ch05 is not built (make)"
	command -v runc >/dev/null || skip "runc is not installed (make test-deps)"
	require_rootfs
	run "$REPO/tests/doccheck.sh" docs/overview.md
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

# Its checkpoints run chapters 01 to 05 (never on the network), each
# learner's container in a cgroup parent and, from 05, a --root of its own.
@test "docs/workshop.md: every command prints what the page shows" {
	[ -x "$REPO/ch05" ] || skip "ch05 is not built (make)"
	require_rootfs
	run "$REPO/tests/doccheck.sh" docs/workshop.md
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

@test "README.md: every command prints what the page shows" {
	run "$REPO/tests/doccheck.sh" README.md
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

# Static: every link from one page to a heading of another (or of itself)
# lands on a heading that is there, so a restructured page breaks no link.
@test "every link to a heading of a page finds that heading" {
	run "$REPO/tests/linkcheck.pl" "$REPO"/README.md "$REPO"/docs/*.md "$REPO"/tests/README.md
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

# Static: every code block of every page closes where it seems to, as
# CommonMark reads it; a page with "```text" or prose on a closing fence is
# refused, with its file and line.
@test "every page's code blocks close on a fence alone" {
	run "$REPO/tests/doccheck.sh" --lint "$REPO"/docs/*.md "$REPO/README.md"
	[ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
	local bad=$BATS_TEST_TMPDIR/bad.md
	printf '%s\n' 'Run it:' '' '```console' '$ echo hi' 'hi' '```text' \
		'Then this prose is still in the block.' '```' >"$bad"
	run "$REPO/tests/doccheck.sh" --lint "$bad"
	[ "$status" -eq 1 ]
	[[ $output == "$bad:6: \"\`\`\`text\" inside the block opened at line 3 does not close it"* ]]
	printf '%s\n' '```sh' 'ls' '``` and prose glued to the fence' >"$bad"
	run "$REPO/tests/doccheck.sh" --lint "$bad"
	[ "$status" -eq 1 ]
	[[ ${lines[0]} == "$bad:3: "* ]]
	[[ ${lines[1]} == "$bad:1: the block opened here is never closed" ]]
}

# A page runs in one shell, as a reader pastes it: a later command runs in
# the directory an earlier one left, and sees its variables. One that fails
# for what an earlier one left says so: its directory was removed, or it
# uses a variable nothing set.
@test "doccheck runs a page in one shell: a cd into a directory a later command removes" {
	local page=$BATS_TEST_TMPDIR/cd.md
	printf '%s\n' '```console' '$ d=$(mktemp -d); mkdir $d/work; cd $d/work' \
		'$ echo hi >note; cat note' 'hi' '```' '' 'Done with it:' '' '```console' \
		'$ rm -r $d' '$ touch again' '```' >"$page"
	run "$REPO/tests/doccheck.sh" "$page"
	assert_status 1
	[[ ${lines[0]} == "$page:11: \$ touch again" ]] || fail "not the command that failed: $output"
	[[ $output == *"touch: cannot touch 'again': No such file or directory"* ]] ||
		fail "not touch's own error: $output"
	[[ $output == *"note: this command ran in /"*"/work, which no longer exists: it was removed by line 10: \$ rm -r \$d"* ]] ||
		fail "does not say the directory was removed, and by which line: $output"
	[ "$(grep -c '^--- the page shows' <<<"$output")" -eq 1 ] || fail "more than touch failed: $output"
}

@test "doccheck runs a page in one shell: a variable set in one block and used in another" {
	local page=$BATS_TEST_TMPDIR/var.md
	printf '%s\n' '```console' '$ greeting=hello; cd /tmp' '```' '' 'Later:' '' '```console' \
		'$ echo "$greeting from $PWD"' 'hello from /tmp' '```' >"$page"
	run "$REPO/tests/doccheck.sh" "$page"
	assert_status 0
	printf '%s\n' '```console' '$ echo "${greting:-nobody} says hi"' 'hello says hi' '```' >"$page"
	run "$REPO/tests/doccheck.sh" "$page"
	assert_status 1
	[[ ${lines[0]} == "$page:2: \$ echo \"\${greting:-nobody} says hi\"" ]] || fail "$output"
	[[ $output == *"note: the command names variables the page's shell has not set: \$greting "* ]] ||
		fail "does not name the variable: $output"
}

# A command that hangs fails alone, after DOCCHECK_TIMEOUT: the next one runs.
@test "doccheck stops a command that hangs, and goes on with the page" {
	local page=$BATS_TEST_TMPDIR/hang.md
	printf '%s\n' '```console' '$ cd /tmp' '$ sleep 60' '$ pwd' '/tmp' '```' >"$page"
	SECONDS=0
	DOCCHECK_TIMEOUT=1 run "$REPO/tests/doccheck.sh" "$page"
	assert_status 1
	[ "$SECONDS" -lt 10 ] || fail "took $SECONDS s"
	[[ ${lines[0]} == "$page:3: \$ sleep 60" ]] || fail "$output"
	[[ $output == *"--- the command printed, until it was killed after 1 s"* ]] || fail "$output"
	[ "$(grep -c '^--- the page shows' <<<"$output")" -eq 1 ] || fail "pwd failed too: $output"
}

@test "every diff the docs show is today's code" {
	run "$REPO/tests/diffcheck.sh" docs/*.md
	[ "$status" -eq 0 ] || { echo "$output (fix: tests/diffcheck.sh --fix PAGE)" >&2; return 1; }
}

# The layout in the README names every source file where it is: each .c of
# a chapter (and of common/) on the lines of that folder's entry.
@test "README.md's layout lists every chapter's files" {
	local layout entry dir f missing=()
	layout=$(sed -n '/^## Repository layout/,/^## /p' "$REPO/README.md")
	[ -n "$layout" ] || fail "README.md has no '## Repository layout' section"
	for dir in "$REPO"/chapters/[0-9][0-9]-*/ "$REPO"/common/; do
		dir=$(basename "$dir")
		# The folder's line and the indented lines under it, up to the next entry.
		entry=$(awk -v d="$dir/" '
			index($1, d) == 1 { on = 1; print; next }
			on && /^                    / { print; next }
			{ on = 0 }' <<<"$layout")
		[ -n "$entry" ] || { missing+=("$dir/ (no entry)"); continue; }
		for f in "$REPO"/{chapters/"$dir",$dir}/*.c; do
			[ -e "$f" ] || continue
			f=$(basename "$f")
			[[ $entry =~ (^|[^a-z_0-9])${f//./\\.}([^a-z_0-9]|$) ]] || missing+=("$dir/$f")
		done
	done
	[ "${#missing[@]}" -eq 0 ] || fail "not in README.md's layout:" "${missing[@]}"
}
