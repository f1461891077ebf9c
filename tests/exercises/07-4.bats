#!/usr/bin/env bats
# Exercise 07-4 (docs/07-network-portforward.md): without the masquerade of
# DNATed connections from the subnet, the container answers a neighbour
# directly, from 10.77.0.2, over the bridge: the neighbour, which asked
# 198.51.100.2, refuses that answer, and its connection never opens. The
# outside is still served.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch07}
load ../helpers
load exercise
load net07

@test "exercise 07-4: without the neighbours' masquerade, a second container gets no connection to 198.51.100.2:8080" {
	# A plain host: bridged frames skip the host's firewall. (With
	# br_netfilter, built in or loaded, they go through conntrack, which
	# undoes the DNAT on the bridge itself: exercise 3's case.)
	local nf=/proc/sys/net/bridge/bridge-nf-call-iptables
	if in_host test -e "$nf"; then in_host sh -c "echo 0 >$nf"; fi
	start_server -p 8080:80
	assert_sees 198.51.100.1 in_outside "$ASK" 198.51.100.2 8080
	local r
	r=$(probes_rootfs)
	run in_host "$CH" --name "$n-2" --rootfs "$r" /peer_ask 198.51.100.2 8080 </dev/null
	[ "$status" -ne 0 ] || fail "the second container was answered: $output"
	[[ $output == *"198.51.100.2:8080: no answer"* ]] || fail "expected no answer: $output"
}
