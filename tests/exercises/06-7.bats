#!/usr/bin/env bats
# Exercise 06-7 (docs/06-network.md): the masquerade in a table of the
# container's own, ip kobako-N, owned by its runtime's netfilter socket: it
# serves the container, and goes by itself when the runtime dies, even by
# SIGKILL.

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

@test "exercise 06-7: a running container has its own table ip kobako-2, which goes with a SIGKILLed runtime" {
	start_outside_server "$PORT"
	start_bg in_host "$CH" --name "$n" sh -c "nc -w 3 198.51.100.1 $PORT </dev/null; exec sleep $m" </dev/null
	wait_until 20 eval 'grep -q "^198\.51\.100\.2$" "$BATS_TEST_TMPDIR/bg.out"' ||
		fail "the outside server did not see the host's address: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	run in_host nft list table ip kobako-2
	assert_status 0
	[[ $output == *"flags owner"* ]] || fail "ip kobako-2 is not owned: $output"
	[[ $output == *"ip saddr 10.77.0.2 "*masquerade* ]] ||
		fail "no masquerade of 10.77.0.2 alone: $output"

	kill -KILL "$bg_pid"
	wait_bg 5
	wait_until 3 eval '! in_host nft list tables | grep -q "kobako-2"' ||
		fail "left behind: $(in_host nft list tables)"
}
