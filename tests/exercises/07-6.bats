#!/usr/bin/env bats
# Exercise 07-6 (docs/07-network-portforward.md): a relay (scripts/netrelay.c,
# like docker-proxy) beside the kernel's DNAT. The learner's answers, in
# tests/exercises/mine/07-6.txt, one a line, are compared with what the lab
# shows:
#   1. the address the container's server sees through 8080 (the DNAT)
#   2. the address it sees through 8081 (the relay)
#   3. the port --allow-from could still filter, and the chain of its rule

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch07}
load ../helpers
load exercise
load net07

@test "exercise 07-6: the answers in tests/exercises/mine/07-6.txt are what the lab shows" {
	local mine=$REPO/tests/exercises/mine/07-6.txt relay=$BATS_TEST_TMPDIR/netrelay
	[ -r "$mine" ] || fail "no answers: $mine (one a line, as docs/07 says)"
	local answers=()
	mapfile -t answers < <(grep -v '^[[:space:]]*$' "$mine")
	[ "${#answers[@]}" -ge 3 ] || fail "expected 3 answers, one a line: $(cat "$mine")"

	cc -O2 -pthread -o "$relay" "$REPO/scripts/netrelay.c" || fail "netrelay does not build"
	start_server -p 8080:80
	in_host "$relay" 8081 10.77.0.2 80 >"$BATS_TEST_TMPDIR/relay.out" 2>&1 </dev/null 3>&- &
	other_pids=$!
	wait_until 5 grep -q listening "$BATS_TEST_TMPDIR/relay.out" || fail "netrelay does not listen"
	local dnat via_relay
	dnat=$(in_outside "$ASK" 198.51.100.2 8080) || fail "8080 was not answered: $dnat"
	via_relay=$(in_outside "$ASK" 198.51.100.2 8081) || fail "8081 was not answered: $via_relay"

	[[ ${answers[0]} == *"$dnat"* ]] || fail "1: through 8080 the server saw $dnat; you said: ${answers[0]}"
	[[ ${answers[1]} == *"$via_relay"* ]] ||
		fail "2: through 8081 the server saw $via_relay; you said: ${answers[1]}"
	[[ ${answers[2]} == *8080* && ${answers[2]} != *8081* && ${answers[2]} == *prerouting* ]] ||
		fail "3: which port, and which chain's rule? you said: ${answers[2]}"
}
