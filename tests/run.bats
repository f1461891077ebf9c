#!/usr/bin/env bats
# tests/run.sh, the grader: a test that hangs is stopped after its timeout,
# named, and the run goes on; a run ends with what failed, by chapter.

load helpers

# run.sh as a learner starts it: not with this bats's own variables, nor
# its PATH, which starts with bats's internal commands (one named bats).
run_grader() { # [VAR=VALUE...] ARG...
	run env -i PATH="${PATH//"$BATS_LIBEXEC:"/}" HOME="$HOME" "$@"
}

@test "run.sh: a test that hangs is stopped after its timeout, named, and the run goes on" {
	local f=$BATS_TEST_TMPDIR/hang.bats m
	m=$(mark)
	# bats stops the first itself; the second hangs in `run`'s subshell,
	# where bats cannot reach it, and run.sh kills the whole bats run.
	printf '%s\n' "@test \"sleeps\" { sleep ${m}1; }" '@test "next" { true; }' \
		"@test \"sleeps under run\" { run sleep ${m}2; }" '@test "never runs" { true; }' >"$f"
	# 3 s: even under emulation, `true` takes less.
	SECONDS=0
	run_grader BATS_TEST_TIMEOUT=3 "$REPO/tests/run.sh" file "$f"
	assert_status 1
	[ "$SECONDS" -lt 60 ] || fail "took $SECONDS s"
	grep -qx '  FAIL sleeps: hung, stopped after 3 s' <<<"$output" || fail "$output"
	grep -qx '  ok next' <<<"$output" || fail "the next test did not run: $output"
	grep -qx '  FAIL sleeps under run: hung, stopped after 13 s; the tests after it in this file did not run' \
		<<<"$output" || fail "$output"
	[[ $output != *"never runs"* ]] || fail "a test ran after bats was killed: $output"
	assert_equal "${lines[-1]}" "2 passed, 2 failed" "the summary (next, and the network check)"
	[ -z "$(pgrep -f "sleep $m")" ] || fail "a sleep is left: $(pgrep -af "sleep $m")"
}

@test "run.sh: a run ends with what failed, by chapter and binary" {
	local d=$BATS_TEST_TMPDIR newest='' b
	for b in "$REPO"/ch[0-9][0-9]; do [ -x "$b" ] && newest=./${b##*/}; done
	[ -n "$newest" ] || skip "no chapter is built (make)"
	printf '%s\n' '@test "keeps this promise" { true; }' '@test "breaks this one" { false; }' \
		>"$d/01-one.bats"
	printf '%s\n' '@test "and this one" { false; }' >"$d/02-two.bats"
	run_grader KOBAKO_MATRIX=newest "$REPO/tests/run.sh" file "$d/01-one.bats" "$d/02-two.bats"
	assert_status 1
	local want
	want=$(printf '%s\n' '== what failed, by chapter and binary' \
		"  chapter 01 ($d/01-one.bats) with $newest:" '    - breaks this one' \
		"  chapter 02 ($d/02-two.bats) with $newest:" '    - and this one' '' '2 passed, 2 failed')
	[[ $output == *"$want" ]] || fail "expected the run to end with:" "$want" "--- it printed:" "$output"
}

@test "run.sh chapter: a binary that is not there, or not a program, is named in one line" {
	run_grader "$REPO/tests/run.sh" chapter 4 "$BATS_TEST_TMPDIR/my-ch04"
	assert_status 2
	assert_output "chapter 04: $BATS_TEST_TMPDIR/my-ch04 does not exist (make chapter-04 builds ./ch04)"
	touch "$BATS_TEST_TMPDIR/my-ch04"
	run_grader "$REPO/tests/run.sh" chapter 04 "$BATS_TEST_TMPDIR/my-ch04"
	assert_status 2
	assert_output "chapter 04: $BATS_TEST_TMPDIR/my-ch04 is not an executable file"
}
