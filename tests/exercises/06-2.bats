#!/usr/bin/env bats
# Exercise 06-2 (docs/06-network.md): the lease is the name kobako-N, and
# --ip ADDRESS asks for one name: the container gets that address, or, when
# the link exists (another container's, or one made by hand), a refusal.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch06}
load ../helpers
load exercise

setup() {
	setup_lab x06
}

teardown() {
	net_test_teardown
}

@test "exercise 06-2: a kobako-2 made by hand moves the lease to 10.77.0.3" {
	in_host ip link add kobako-2 type veth peer name kobako-2p
	run in_host "$CH" --name "$n" ip -4 -o addr show eth0 </dev/null
	assert_status 0
	[[ $output == *"inet 10.77.0.3/16 "* ]] || fail "eth0 is not 10.77.0.3/16: $output"
}

@test "exercise 06-2: --ip 10.77.0.9 gives eth0 that address" {
	run in_host "$CH" --ip 10.77.0.9 --name "$n" ip -4 -o addr show eth0 </dev/null
	assert_status 0
	[[ $output == *"inet 10.77.0.9/16 "* ]] || fail "eth0 is not 10.77.0.9/16: $output"
}

@test "exercise 06-2: --ip of an address in use (its kobako-N exists) is refused (125), naming it" {
	in_host ip link add kobako-2 type veth peer name kobako-2p
	run in_host "$CH" --ip 10.77.0.2 --name "$n" echo "ran-$m" </dev/null
	assert_status 125
	[[ $output == *10.77.0.2* ]] || fail "the message does not name 10.77.0.2: $output"
	[[ $output != *"ran-$m"* ]] || fail "went on: $output"
}

@test "exercise 06-2: --ip outside the subnet, or not an address, is refused (125) in one line" {
	local bad
	for bad in 10.99.0.9 10.77.0.1 nonsense; do
		run in_host "$CH" --ip "$bad" --name "$n" echo "ran-$m" </dev/null
		assert_status 125
		[ "${#lines[@]}" -eq 1 ] || fail "with --ip $bad, more than one line: $output"
		[[ $output == *--ip* ]] || fail "the message does not name --ip: $output"
		[[ $output != *"ran-$m"* ]] || fail "with --ip $bad, went on: $output"
	done
}
