#!/usr/bin/env bats
# Exercise 06-6 (docs/06-network.md): --bridge NAME puts a container on a
# second bridge, with its own --subnet and its own masquerade; the host
# routes between its bridges, so each bridge must keep the other's
# containers out. Here: kobako0 (10.77.0.0/16, the default) and kobako1
# (10.99.0.0/24).

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch06}
load ../helpers
load exercise

PORT=7000 # peer_echo's, in the outside namespace
NC_OUT="nc -w 3 198.51.100.1 $PORT </dev/null"
SECOND=(--bridge kobako1 --subnet 10.99.0.0/24)

setup() {
	setup_lab x06
}

teardown() {
	net_test_teardown
}

# The address on eth0 in OUTPUT, from `ip -4 -o addr show eth0`.
addr_in() { # OUTPUT
	sed -nE 's|.* eth0 +inet ([0-9.]+)/.*|\1|p' <<<"$1"
}

# A container that serves peer_echo on PORT from the image ROOTFS, in the
# background; its output (the address first) in $BATS_TEST_TMPDIR/NAME.out.
# Sets addr to that address once it has one.
start_server() { # ROOTFS NAME PORT [OPTION...]
	local r=$1 name=$2 port=$3 out=$BATS_TEST_TMPDIR/$2.out
	shift 3
	in_host "$CH" --name "$name" --rootfs "$r" "$@" \
		sh -c "ip -4 -o addr show eth0; exec /peer_echo $port" </dev/null >"$out" 2>&1 3>&- &
	other_pids="${other_pids:-} $!"
	wait_until 20 eval '[ -n "$(addr_in "$(cat "$out")")" ]' ||
		fail "the server $name has no address: $(cat "$out")" || return
	addr=$(addr_in "$(cat "$out")")
}

# A client container: its address, then `own OK` when the server on its
# own bridge answered (a few tries: it may not listen yet), then `other OK`
# or `other none` for the server on the other bridge.
client_script() { # OWN_ADDR OWN_PORT OTHER_ADDR OTHER_PORT
	echo "ip -4 -o addr show eth0
		for i in 1 2 3 4 5 6 7 8 9 10; do
			nc -w 2 $1 $2 </dev/null | grep -q . && { echo own OK; break; }; sleep 0.5
		done
		if nc -w 2 $3 $4 </dev/null | grep -q .; then echo other OK; else echo other none; fi"
}

@test "exercise 06-6: on --bridge kobako1 --subnet 10.99.0.0/24, eth0 is in that subnet via kobako1, and both bridges reach the outside through NAT" {
	start_outside_server "$PORT"
	run in_host "$CH" --name "$n-1" sh -c "$NC_OUT" </dev/null
	assert_status 0
	assert_output 198.51.100.2

	run in_host "$CH" "${SECOND[@]}" --name "$n-2" sh -c "ip -4 -o addr show eth0; ip route; $NC_OUT" </dev/null
	assert_status 0
	[[ $output =~ inet\ 10\.99\.0\.[0-9]+/24\  ]] || fail "eth0 is not in 10.99.0.0/24: $output"
	grep -qE '^default via 10\.99\.0\.1 dev eth0' <<<"$output" ||
		fail "no default route via 10.99.0.1: $output"
	assert_equal "${lines[-1]}" 198.51.100.2 "the outside server saw, from kobako1:"
	run in_host ip -4 -o addr show kobako1
	[[ $output == *"inet 10.99.0.1/24 "* ]] || fail "kobako1 is not 10.99.0.1/24: $output"
	run in_host ip -4 -o addr show kobako0
	[[ $output == *"inet 10.77.0.1/16 "* ]] || fail "kobako0 is not 10.77.0.1/16: $output"

	# kobako0's masquerade is still there: kobako1's did not replace it.
	run in_host "$CH" --name "$n-3" sh -c "ip -4 -o addr show eth0; $NC_OUT" </dev/null
	assert_status 0
	[[ $output == *"inet 10.77.0."* ]] || fail "eth0 is not in 10.77.0.0/16: $output"
	assert_equal "${lines[-1]}" 198.51.100.2 "the outside server saw, from kobako0 again:"
}

@test "exercise 06-6: a container reaches one on its own bridge, and none on the other bridge" {
	local addr a0 a1 r
	r=$(copy_rootfs)
	cp "$(probe peer_echo)" "$r/peer_echo"
	start_server "$r" "$n-s0" 7001 || return
	a0=$addr
	start_server "$r" "$n-s1" 7002 "${SECOND[@]}" || return
	a1=$addr
	[[ $a0 == 10.77.* ]] || fail "the server on kobako0 is not in 10.77.0.0/16: $a0" || return
	[[ $a1 == 10.99.0.* ]] || fail "the server on kobako1 is not in 10.99.0.0/24: $a1" || return

	run in_host "$CH" --name "$n-c0" sh -c "$(client_script "$a0" 7001 "$a1" 7002)" </dev/null
	[[ $output == *"inet 10.77."* ]] || fail "the client on kobako0 did not start: $output"
	[[ $output == *"own OK"* ]] || fail "the client on kobako0 does not reach $a0: $output"
	[[ $output == *"other none"* ]] || fail "the client on kobako0 reaches $a1 on kobako1: $output"

	run in_host "$CH" "${SECOND[@]}" --name "$n-c1" sh -c "$(client_script "$a1" 7002 "$a0" 7001)" </dev/null
	[[ $output == *"inet 10.99.0."* ]] || fail "the client on kobako1 did not start: $output"
	[[ $output == *"own OK"* ]] || fail "the client on kobako1 does not reach $a1: $output"
	[[ $output == *"other none"* ]] || fail "the client on kobako1 reaches $a0 on kobako0: $output"
}

@test "exercise 06-6: --bridge kobako1 --cleanup removes kobako1 and its table, and leaves kobako0" {
	run in_host "$CH" --name "$n-1" true </dev/null
	assert_status 0
	run in_host "$CH" "${SECOND[@]}" --name "$n-2" true </dev/null
	assert_status 0
	host_links | grep -qx kobako1 || fail "no kobako1: $(host_links)"
	run in_host "$CH" --bridge kobako1 --cleanup </dev/null
	assert_status 0
	! host_links | grep -qx kobako1 || fail "kobako1 is still there"
	host_links | grep -qx kobako0 || fail "kobako0 went too"
	if command -v nft >/dev/null; then
		run in_host nft list tables
		[[ $output == *"table ip kobako"* ]] || fail "kobako0's table went too: $output"
		[ "$(grep -c '^table ' <<<"$output")" -eq 1 ] || fail "kobako1's table is left: $output"
	fi
}

@test "exercise 06-6: a --bridge name that no interface may have is refused (125) in one line naming --bridge" {
	local bad
	for bad in "" kobako-far-too-long "kobako/1"; do
		run in_host "$CH" --bridge "$bad" --name "$n" echo "ran-$m" </dev/null
		assert_status 125
		[ "${#lines[@]}" -eq 1 ] || fail "with --bridge '$bad', not one line: $output"
		[[ $output == *--bridge* ]] || fail "with --bridge '$bad', the message does not name --bridge: $output"
		[[ $output != *"unknown option"* ]] || fail "--bridge is unknown: $output"
		[[ $output != *"ran-$m"* ]] || fail "with --bridge '$bad', went on: $output"
	done
}
