# Loaded by the checks of chapter 07's exercises (load net07), after
# ../helpers and exercise: the lab of each test, and a container serving
# peer_echo, as tests/07-network-portforward.bats has them (probes_rootfs,
# assert_sees and assert_not_reached are in helpers.bash, shared with it).

setup() {
	setup_lab x07 nft
	ASK=$(probe peer_ask)
}

teardown() {
	net_test_teardown
}

# Starts the container $n in the background with the options given (its
# -p ...), serving peer_echo on its TCP ports 80 and 81, and waits until its
# table is there and its server answers at 10.77.0.2.
start_server() { # OPTION...
	local r
	r=$(probes_rootfs)
	start_bg in_host "$CH" --name "$n" --rootfs "$r" "$@" sh -c '
		/peer_echo 80 >/dev/null & /peer_echo 81 >/dev/null & wait' </dev/null
	wait_until 20 eval 'in_host nft list table ip kobako-2 >/dev/null 2>&1 &&
		in_host "$ASK" -w 1 10.77.0.2 80 >/dev/null 2>&1' ||
		fail "the container does not serve: $(cat "$BATS_TEST_TMPDIR/bg.out")"
}
