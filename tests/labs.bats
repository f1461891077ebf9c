#!/usr/bin/env bats
# The labs (scripts/mklab.sh, `make lab-NN`): a copy of the tree with one
# chapter's key code taken out. For every chapter with lab regions: the lab
# builds without a warning, with gcc and clang; the chapter's tests that go
# through what was taken out fail in it, with the stub's "Function not
# implemented"; and once the reference code is put back (mklab.sh --solved)
# the lab builds again and the same tests pass. And every chapter's markers
# are well-formed.
#
# Each lab reuses the objects of ./build (cp -a keeps their times, so only
# the files the lab changed are compiled), and runs its own copy of the tests
# against its own ./chNN and a copy of ./rootfs.

load helpers

setup() {
	# The guest of the VM lane has no compiler.
	[ -z "${KOBAKO_VM:-}" ] || skip "runs on the host lane"
}

# The tests of chapter NN that go through its lab's stubs, by name (a
# regular expression for bats --filter): a few fast ones, none that this
# host skips.
lab_tests() { # NN
	case $1 in
	01) echo "^the container's hostname is kobako|^orphans that exit are reaped" ;;
	02) echo '^/ inside is the rootfs|^/dev/null, /dev/zero' ;;
	03) echo '^--memory: below the limit|^a command killed by SIGKILL for another reason' ;;
	04) echo "^root inside has Docker's 14 capabilities|^no_new_privs is set and one seccomp filter|^a capability dropped is gone" ;;
	05) echo '^a file or directory deleted inside is gone inside|^a container that deletes and rewrites the image' ;;
	06) echo "^eth0 has the subnet's first free address|^the outside is reached through NAT" ;;
	07) echo '^a published port is reached from outside|^nothing is left after the container exits' ;;
	08) echo '^create, start, state, delete|^run: the container' ;;
	esac
}

# The file lab_tests names tests of: chapter NN's, or for 08, whose tests
# are in several files, the lifecycle's.
lab_file() { # DIR NN
	case $2 in
	08) echo "$1/tests/08-oci.bats" ;;
	*) echo "$1"/tests/"$2"-*.bats ;;
	esac
}

# Builds chapter NN in the lab DIR, and fails if the build printed anything
# (the Makefile's -Werror makes a warning an error; -s V=1 leaves only what
# the compiler says). The files the lab changed are compiled again with
# clang, into build/clang.
build_lab() { # DIR NN
	run make -C "$1" -s V=1 -j2 "chapter-$2"
	assert_status 0
	[ -z "$output" ] || fail "the lab's build printed:" "$output"
	command -v clang >/dev/null || return 0
	local objs
	objs=$(cd "$REPO" && grep -l '^[[:space:]]*/\* lab:' chapters/"$2"-*/*.c |
		sed 's|^\(.*\)\.c$|build/clang/\1.o|')
	[ -n "$objs" ] || fail "chapter $2 has no lab region"
	# shellcheck disable=SC2086 # one word per object
	run make -C "$1" -s V=1 CC=clang BUILD=build/clang $objs
	assert_status 0
	[ -z "$output" ] || fail "the lab's build with clang printed:" "$output"
}

# Runs the lab's tests of chapter NN that lab_tests names, against the
# lab's ./chNN, in bats' TAP: $output, and $oks and $fails, how many passed
# and failed. A test skipped fails this.
run_lab_tests() { # DIR NN
	local filter file
	filter=$(lab_tests "$2")
	[ -n "$filter" ] || fail "lab_tests names no test of chapter $2"
	file=$(lab_file "$1" "$2")
	run env CH="$1/ch$2" bats --tap --filter "$filter" "$file"
	oks=$(grep -c '^ok ' <<<"$output" || true)
	fails=$(grep -c '^not ok ' <<<"$output" || true)
	! grep -q '^ok .* # skip' <<<"$output" ||
		fail "a test of the lab was skipped: choose another in lab_tests" "$output"
	[ $((oks + fails)) -gt 0 ] || fail "no test matched '$filter' in $file" "$output"
}

# The whole round: the lab, failing; the lab solved, passing.
check_lab() { # NN
	local nn=$1 lab=$BATS_TEST_TMPDIR/lab solved=$BATS_TEST_TMPDIR/solved f
	[ -x "$REPO/rootfs/bin/sh" ] || skip "no demo rootfs (make rootfs)"
	run "$REPO/scripts/mklab.sh" "$nn" "$lab"
	assert_status 0
	[[ $output == *"TODO(lab)"* && $output == *"make test-chapter-$nn"* ]] ||
		fail "mklab did not say what to write and how to check it" "$output"
	# Only chapter NN's files with regions differ from the reference.
	run diff -rq "$REPO/chapters" "$lab/chapters"
	local differ
	differ=$(sed -n "s|^Files $REPO/\(chapters/[^ ]*\) and .* differ\$|\1|p" <<<"$output")
	assert_equal "$differ" "$(cd "$REPO" && grep -l '^[[:space:]]*/\* lab:' chapters/"$nn"-*/*.c)" \
		"the files the lab changed:"
	[ ! -d "$REPO/build" ] || cp -a "$REPO/build" "$lab/build"
	cp -a "$REPO/rootfs" "$lab/rootfs"

	build_lab "$lab" "$nn"
	run_lab_tests "$lab" "$nn"
	[ "$oks" -eq 0 ] || fail "$oks of the tests passed with the code taken out" "$output"
	[[ $output == *"Function not implemented"* ]] ||
		fail "no test failed at a stub" "$output"

	run "$REPO/scripts/mklab.sh" --solved "$nn" "$solved"
	assert_status 0
	# The lab's files with the code put back where the stubs are (and the
	# TODO comments kept): a learner's finished lab.
	for f in "$solved"/chapters/"$nn"-*/*.c; do
		cmp -s "$f" "$lab/${f#"$solved"/}" || cp "$f" "$lab/${f#"$solved"/}"
	done
	build_lab "$lab" "$nn"
	run_lab_tests "$lab" "$nn"
	[ "$fails" -eq 0 ] || fail "the solved lab failed $fails of the tests" "$output"
}

@test "every chapter's lab markers are well-formed: mklab.sh --check" {
	run "$REPO/scripts/mklab.sh" --check
	assert_status 0
	assert_output ""
}

@test "every chapter has lab regions, and a test here that checks its lab" {
	local dir nn missing=()
	for dir in "$REPO"/chapters/[0-9][0-9]-*/; do
		nn=$(basename "$dir" | cut -c1-2)
		grep -q '^[[:space:]]*/\* lab:' "$dir"*.c || missing+=("chapter $nn has no region")
		[ -n "$(lab_tests "$nn")" ] || missing+=("lab_tests names no test of chapter $nn")
		grep -q "^	check_lab $nn\$" "$BATS_TEST_FILENAME" || missing+=("no test runs check_lab $nn")
	done
	[ "${#missing[@]}" -eq 0 ] || fail "${missing[@]}"
}

# A tree of its own (not a git checkout: mklab copies it plainly) with one
# bad file; --check must name it and its line.
check_bad_marker() { # MESSAGE CODE
	local t=$BATS_TEST_TMPDIR/tree
	rm -rf "$t"
	mkdir -p "$t/scripts" "$t/chapters/09-bad"
	cp "$REPO/scripts/mklab.sh" "$t/scripts/"
	printf '%s\n' "$2" >"$t/chapters/09-bad/bad.c"
	run "$t/scripts/mklab.sh" --check
	assert_status 1
	[[ $output == "chapters/09-bad/bad.c:"[0-9]*": $1"* ]] ||
		fail "expected chapters/09-bad/bad.c:LINE: $1..." "$output"
	run "$t/scripts/mklab.sh" 09 "$BATS_TEST_TMPDIR/lab"
	assert_status 1
	[ ! -e "$BATS_TEST_TMPDIR/lab" ] || fail "a lab was made from bad markers"
}

@test "mklab.sh refuses bad markers, naming the file and line, and makes no lab" {
	check_bad_marker 'a region never closed' \
		$'void f(void)\n{\n\t/* lab: do it */\n\tx();\n}'
	check_bad_marker '"lab end" with no "lab:" before it' \
		$'void f(void)\n{\n\tx();\n\t/* lab end: return; */\n}'
	check_bad_marker 'a "lab end:" with no stub' \
		$'void f(void)\n{\n\t/* lab: do it */\n\tx();\n\t/* lab end: */\n}'
	check_bad_marker 'a region opened inside' \
		$'void f(void)\n{\n\t/* lab: do it */\n\t/* lab: and this */\n\tx();\n\t/* lab end: return; */\n}'
	check_bad_marker 'an empty region' \
		$'void f(void)\n{\n\t/* lab: do it */\n\t/* lab end: return; */\n}'
	check_bad_marker 'a region outside any function' \
		$'/* lab: do it */\nint x;\n/* lab end: int x; */'
}

@test "make lab-NN refuses a directory that exists, and names LAB=DIR" {
	run make -C "$REPO" -s lab-02 LAB="$BATS_TEST_TMPDIR"
	assert_status 2
	[[ $output == *"exists: name a new directory (LAB=DIR)"* ]] || fail "$output"
}

@test "lab 01: the stubs fail the tests of the hostname and of reaping; the reference code passes them" {
	check_lab 01
}

@test "lab 02: the stubs fail the tests of / and /dev; the reference code passes them" {
	check_lab 02
}

@test "lab 03: the stubs fail the tests of the memory limit; the reference code passes them" {
	check_lab 03
}

@test "lab 04: the stubs fail the tests of the capabilities and the filter; the reference code passes them" {
	check_lab 04
}

@test "lab 05: the stubs fail the tests of the overlay; the reference code passes them" {
	check_lab 05
}

@test "lab 06: the stubs fail the tests of eth0 and of NAT; the reference code passes them" {
	check_lab 06
}

@test "lab 07: the stubs fail the tests of a published port; the reference code passes them" {
	check_lab 07
}

@test "lab 08: the stubs fail the tests of create and start; the reference code passes them" {
	check_lab 08
}
