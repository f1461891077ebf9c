#!/usr/bin/env bats
# Exercise 06-1 (docs/06-network.md): while containers use the bridge with
# one subnet, the refusal of another --subnet says which --subnet works.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch06}
load ../helpers
load exercise

setup() {
	setup_lab x06
}

teardown() {
	net_test_teardown
}

@test "exercise 06-1: another --subnet is refused (125) in one line naming the --subnet in use" {
	start_bg in_host "$CH" --name "$n-1" sleep "$m" </dev/null
	wait_until 20 eval 'host_links | grep -qx kobako-2' ||
		fail "no kobako-2: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	run in_host "$CH" --subnet 10.99.0.0/24 --name "$n" echo "ran-$m" </dev/null
	assert_status 125
	[ "${#lines[@]}" -eq 1 ] || fail "more than one line: $output"
	[[ $output != *"ran-$m"* ]] || fail "went on: $output"
	[[ $output == *"--subnet 10.77.0.0/16"* ]] ||
		fail "the message does not say the --subnet that works, --subnet 10.77.0.0/16: $output"
}
