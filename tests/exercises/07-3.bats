#!/usr/bin/env bats
# Exercise 07-3 (docs/07-network-portforward.md): with br_netfilter on, the
# DNAT of a container's connection to its own published port happens in
# the bridge, and the frame must leave by the port it came in by: without
# the hairpin flag, the container cannot reach itself through the host's
# address, while a second container still reaches it.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch07}
load ../helpers
load exercise
load net07

@test "exercise 07-3: without hairpin, a container does not reach itself by 198.51.100.2:8080; a second one does" {
	local nf=/proc/sys/net/bridge/bridge-nf-call-iptables r
	in_host test -e "$nf" || skip "no br_netfilter in this kernel (modprobe br_netfilter)"
	in_host sh -c "echo 1 >$nf"
	r=$(probes_rootfs)
	# Its server, then one connection to itself through the host's address.
	start_bg in_host "$CH" --name "$n" --rootfs "$r" -p 8080:80 sh -c '
		/peer_echo 80 >/dev/null & sleep 0.5
		/peer_ask 198.51.100.2 8080; echo asked; wait' </dev/null
	wait_until 20 grep -q '^asked$' "$BATS_TEST_TMPDIR/bg.out" ||
		fail "the container did not ask: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	grep -q '198.51.100.2:8080: no answer' "$BATS_TEST_TMPDIR/bg.out" ||
		fail "the container reached itself: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	run in_host "$CH" --name "$n-2" --rootfs "$r" /peer_ask 198.51.100.2 8080 </dev/null
	assert_status 0
	assert_output 10.77.0.1
}
