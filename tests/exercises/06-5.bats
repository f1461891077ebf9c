#!/usr/bin/env bats
# Exercise 06-5 (docs/06-network.md): after Docker's forward drop and the
# two rules ch06 prints for it, scripts/docker-user-undo.sh BRIDGE takes
# those rules out of DOCKER-USER again, and leaves Docker's own.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch06}
load ../helpers
load exercise

PORT=7000 # peer_echo's, in the outside namespace

setup() {
	setup_lab x06 iptables
}

teardown() {
	net_test_teardown
}

@test "exercise 06-5: scripts/docker-user-undo.sh kobako0 removes the printed rules, and only them" {
	[ -x scripts/docker-user-undo.sh ] || fail "no executable scripts/docker-user-undo.sh"
	start_outside_server "$PORT"
	in_host iptables -P FORWARD DROP
	in_host iptables -N DOCKER-USER
	in_host iptables -I FORWARD -j DOCKER-USER
	in_host iptables -A DOCKER-USER -s 192.0.2.0/24 -j RETURN # Docker's user's own

	run in_host "$CH" --name "$n" true </dev/null
	local cmd
	while IFS= read -r cmd; do
		in_host $cmd || fail "the printed command failed: $cmd"
	done < <(grep -oE 'iptables -I DOCKER-USER .*' <<<"$output")
	run in_host "$CH" --name "$n" nc -w 3 198.51.100.1 "$PORT" </dev/null
	assert_equal "${lines[-1]:-}" 198.51.100.2 "with the printed rules, the outside server saw:"

	run in_host scripts/docker-user-undo.sh kobako0
	assert_status 0
	run in_host iptables -S DOCKER-USER
	[[ $output != *kobako0* ]] || fail "rules naming kobako0 are left: $output"
	[[ $output == *"-s 192.0.2.0/24 -j RETURN"* ]] || fail "another rule went too: $output"
	run in_host "$CH" --name "$n" nc -w 3 198.51.100.1 "$PORT" </dev/null
	[ "$status" -ne 0 ] || fail "reached the outside through the forward drop: $output"
	[[ $output == *"iptables -I DOCKER-USER -i kobako0 -j ACCEPT"* ]] ||
		fail "ch06 does not warn again: $output"
}
