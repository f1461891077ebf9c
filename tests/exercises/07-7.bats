#!/usr/bin/env bats
# Exercise 07-7 (docs/07-network-portforward.md): what IPv6 would take. The
# learner's answers, in tests/exercises/mine/07-7.txt, one a line, matched
# loosely, and checked against what the lab shows where it can:
#   1. the family of the table an IPv6 DNAT needs (ip has IPv4 alone)
#   2. the IPv6 address eth0 has now (only its link-local one, fe80::)
#   3. what, for ::1, takes the place of route_localnet (none in IPv6): a relay

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch07}
load ../helpers
load exercise
load net07

@test "exercise 07-7: the answers in tests/exercises/mine/07-7.txt say what IPv6 would take" {
	local mine=$REPO/tests/exercises/mine/07-7.txt
	[ -r "$mine" ] || fail "no answers: $mine (one a line, as docs/07 says)"
	local answers=()
	mapfile -t answers < <(grep -v '^[[:space:]]*$' "$mine")
	[ "${#answers[@]}" -ge 3 ] || fail "expected 3 answers, one a line: $(cat "$mine")"

	[[ ${answers[0]} =~ (^|[^a-z0-9])(ip6|inet)([^a-z0-9]|$) ]] ||
		fail "1: which family of table (nft list tables shows ip)? you said: ${answers[0]}"
	run in_host "$CH" --name "$n" ip -6 -o addr show eth0 </dev/null
	assert_status 0
	[[ $output == *"inet6 fe80:"* && $output != *"scope global"* ]] ||
		fail "eth0 was expected to have its link-local address alone: $output"
	[[ ${answers[1]} == *fe80* || ${answers[1]} == *link-local* ]] ||
		fail "2: eth0 has only $(grep -o 'fe80:[^ ]*' <<<"$output"); you said: ${answers[1]}"
	[ ! -e /proc/sys/net/ipv6/conf/lo/route_localnet ] ||
		skip "this kernel has an IPv6 route_localnet"
	[[ ${answers[2],,} =~ relay|proxy ]] ||
		fail "3: with no route_localnet in IPv6, what carries ::1 to the container? you said: ${answers[2]}"
}
