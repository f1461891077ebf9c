#!/usr/bin/env bats
# Exercise 06-3 (docs/06-network.md): without the masquerade, the container's
# packets leave the host with its own address, 10.77.0.2, which the outside
# has no route back to: no answer comes.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch06}
load ../helpers
load exercise

PORT=7000 # peer_echo's, in the outside namespace

setup() {
	setup_lab x06 tcpdump
}

teardown() {
	net_test_teardown
}

@test "exercise 06-3: without masquerade, the SYN reaches the outside from 10.77.0.2, and no answer comes back" {
	start_outside_server "$PORT"
	local cap=$BATS_TEST_TMPDIR/tcpdump
	in_outside timeout 20 tcpdump -lni out0 -c 1 "tcp dst port $PORT" >"$cap" 2>&1 </dev/null 3>&- &
	other_pids=$!
	wait_until 5 grep -q 'listening on' "$cap" || fail "tcpdump does not listen: $(cat "$cap")"
	run in_host "$CH" --name "$n" nc -w 3 198.51.100.1 "$PORT" </dev/null
	wait_until 5 grep -q ' > 198\.51\.100\.1\.' "$cap" || fail "no packet seen: $(cat "$cap")"
	grep -q ' 10\.77\.0\.2\.[0-9]* > 198\.51\.100\.1\.' "$cap" ||
		fail "the packet did not leave from 10.77.0.2: $(cat "$cap")"
	! grep -qE "^[0-9.]+$" <<<"$output" || fail "an answer came back: $output"
}
