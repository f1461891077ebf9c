#!/usr/bin/env bats
# Exercise 06-8 (docs/06-network.md): --network macvlan:PARENT:ADDRESS/PREFIX
# gives the container an eth0 of its own on the link of the host's PARENT,
# with that address: no bridge, no veth on the host, no NAT (the outside
# sees the container's own address).

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch06}
load ../helpers
load exercise

setup() {
	setup_lab x06
	# A kernel built without macvlan (CONFIG_MACVLAN) cannot do it at all.
	in_host ip link add "mv-$m" link up0 type macvlan mode bridge 2>/dev/null ||
		skip "this kernel has no macvlan"
	in_host ip link del "mv-$m"
}

teardown() {
	net_test_teardown
}

@test "exercise 06-8: --network macvlan:up0:198.51.100.10/24: eth0 on up0's link, seen outside by its own address" {
	run in_host "$CH" --network macvlan:up0:198.51.100.10/24 --name "$n" \
		sh -c 'ip -4 -o addr show eth0; wget -qO- http://198.51.100.1:8080/cgi-bin/ip' </dev/null
	assert_status 0
	[[ $output == *" eth0 "*"inet 198.51.100.10/24 "* ]] || fail "eth0 is not 198.51.100.10/24: $output"
	assert_equal "${lines[-1]}" 198.51.100.10 "the outside server saw:"
	[ -z "$(host_links | grep kobako)" ] || fail "made on the host: $(host_links | grep kobako)"
}

@test "exercise 06-8: a --network macvlan without a parent or an address is refused (125) in one line" {
	local bad
	for bad in macvlan: macvlan:up0 macvlan::198.51.100.10/24 macvlan:up0:198.51.100.10 \
		macvlan:up0:198.51.100.10/33 macvlan:up0:nonsense/24; do
		run in_host "$CH" --network "$bad" --name "$n" echo "ran-$m" </dev/null
		assert_status 125
		[ "${#lines[@]}" -eq 1 ] || fail "with $bad, more than one line: $output"
		[[ $output == *--network* ]] || fail "with $bad, the message does not name --network: $output"
		[[ $output != *"ran-$m"* ]] || fail "with $bad, went on: $output"
	done
}

@test "exercise 06-8: a parent that is not there is refused (125), naming it; nothing runs" {
	run in_host "$CH" --network macvlan:nosuch0:198.51.100.10/24 --name "$n" echo "ran-$m" </dev/null
	assert_status 125
	[[ $output == *nosuch0* ]] || fail "the message does not name nosuch0: $output"
	[[ $output != *"ran-$m"* ]] || fail "went on: $output"
}
