#!/usr/bin/env bats
# Exercise 06-4 (docs/06-network.md): without htonl(), the masquerade's
# address is written in host order: the kernel holds another address than
# 10.77.0.0/16, the rule never matches, and the outside gets packets it
# cannot answer.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch06}
load ../helpers
load exercise

PORT=7000 # peer_echo's, in the outside namespace

setup() {
	setup_lab x06 nft
}

teardown() {
	net_test_teardown
}

@test "exercise 06-4: the masquerade rule does not hold 10.77.0.0/16, and the outside does not answer" {
	start_outside_server "$PORT"
	run in_host "$CH" --name "$n" nc -w 3 198.51.100.1 "$PORT" </dev/null
	! grep -qE "^[0-9.]+$" <<<"$output" || fail "an answer came back: $output"
	run in_host nft list table ip kobako
	assert_status 0
	[[ $output == *masquerade* ]] || fail "no masquerade rule: $output"
	[[ $output != *"ip saddr 10.77.0.0/16 "* ]] || fail "the rule holds 10.77.0.0/16: $output"
}
