#!/usr/bin/env bats
# Chapter 07 claims: -p/--publish [HOSTIP:][HOSTPORT:]CONTAINERPORT[/tcp|udp],
# as `docker run -p`, with the kernel's DNAT rather than a proxy. A published
# port is reached from outside (the server sees the outside's own address),
# from the host by its address and by 127.0.0.1, from another container and
# from the container itself through the host's address (hairpin), with
# br_netfilter's bridge-nf-call-iptables on or off; TCP and UDP. Nothing
# else is opened: the host's own connections to another machine's port of
# the same number are not redirected, a container cannot reach the host's
# 127.0.0.1 services, an unpublished port is not reached even by one who
# routes to the container's address. --allow-from lets listed sources in,
# and no other. A port the host or another container holds is refused
# (125, one line), and a published port is held, so no host program can
# listen on it until the container is gone. -p 80 lets the kernel choose
# the host port and says which. Bad input is refused in one line before
# anything is made. --verbose's nft lines are what the kernel holds. Nothing
# is left of a container: no table of its own, no veth, no reservation, no
# state dir, after an exit, SIGTERM or a SIGKILLed runtime.
#
# As in 06-network.bats, every test has a "host" and an "outside" network
# namespace of its own (net_setup in helpers.bash), and runs the runtime in
# the host one: never on this machine's network. The servers and clients
# are probes/peer_echo (answers with the address it saw) and probes/peer_ask
# (asks once, over TCP or UDP, and tells a refusal from silence).

load helpers
bats_require_minimum_version 1.5.0

STATE=/var/lib/kobako/containers

setup() {
	require_ch
	require_rootfs
	cd "$REPO"
	m=$(mark)
	n=t07-$m # the container's name; others of the test: $n-1, $n-2 ...
	ECHO=$(probe peer_echo)
	ASK=$(probe peer_ask)
	net_setup
}

teardown() {
	net_test_teardown
}

# --- helpers ----------------------------------------------------------------
# (probes_rootfs, assert_sees, assert_not_reached: helpers.bash)

require_nft() {
	command -v nft >/dev/null || skip "nft is not installed (make test-deps)"
}

# Starts the container $n in the background (bg_pid) with the options given
# (its -p ...), serving peer_echo on its ports 80 and 81, TCP and UDP, and
# waits until they answer at its address, 10.77.0.2 (the first container
# of the test's own bridge).
start_server() { # OPTION...
	local r
	r=$(probes_rootfs)
	start_bg in_host "$CH" --name "$n" --rootfs "$r" "$@" sh -c '
		for p in 80 81; do
			/peer_echo $p >/dev/null & /peer_echo -u $p >/dev/null &
		done
		wait' </dev/null
	wait_until 20 server_answers ||
		fail "the container's servers do not answer: $(cat "$BATS_TEST_TMPDIR/bg.out")"
}

server_answers() {
	local p
	for p in "80" "81" "-u 80" "-u 81"; do
		in_host "$ASK" -w 1 10.77.0.2 $p >/dev/null 2>&1 || return 1
	done
}

# What the runtime made in the host namespace for its containers: the
# veths kobako-N and the tables ip kobako-N; empty when nothing is left.
# (The ports it held: assert_port_free.)
leftovers() {
	host_links | grep -E '^kobako-[0-9]+$' | sed 's/^/link /' || true
	if command -v nft >/dev/null; then
		in_host nft list tables | grep -E '^table ip kobako-' || true
	fi
}

# Fails unless a host program can listen on the port again (TCP on 0.0.0.0,
# and with -u, UDP): nobody holds it.
assert_port_free() { # [-u] PORT
	run in_host "$ECHO" -c "$@"
	[ "$status" -eq 0 ] || fail "the host cannot listen on $*: $output"
}

# Fails, naming them, unless what the runtime made for the container is
# gone within 3 s, and its state dir too, and host port 8080 (TCP and UDP)
# is free.
assert_nothing_left() { # NAME
	wait_until 3 eval '[ -z "$(leftovers)" ]' || fail "left behind: $(leftovers)"
	[ ! -e "$STATE/$1" ] || fail "left behind: $STATE/$1"
	assert_port_free 8080
	assert_port_free -u 8080
}

# Waits until the first container's table, ip kobako-2, is there: its ports
# are published. (A port held, bound and not listening, is not in ss's list
# on every kernel; and a program that tried to bind it to see would take it
# from the runtime if it came first.)
wait_for_table() {
	command -v nft >/dev/null || skip "nft is not installed (make test-deps)"
	wait_until 20 eval 'in_host nft list table ip kobako-2 >/dev/null 2>&1' ||
		fail "no table ip kobako-2: $(cat "$BATS_TEST_TMPDIR/bg.out")"
}

# Prints a program that runs the binary in the host namespace, for
# assert_refused, which runs "$CH".
ch_in_host() {
	local ch=$BATS_TEST_TMPDIR/ch-in-host
	printf '#!/bin/sh\nexec in_host %s "$@"\n' "$CH" >"$ch"
	chmod +x "$ch"
	echo "$ch"
}

# Fails unless the host namespace has no link, table or state dir of the
# runtime's: nothing was made.
assert_nothing_made() {
	[ -z "$(host_links | grep kobako)" ] || fail "made: $(host_links | grep kobako)"
	if command -v nft >/dev/null; then
		[ -z "$(in_host nft list tables)" ] || fail "made: $(in_host nft list tables)"
	fi
	[ ! -e "$STATE/$n" ] || fail "made $STATE/$n"
}

# Runs the binary in the host namespace with the options, and fails unless
# it was refused (125) in one line that says MESSAGE, before it ran the
# command. Without --verbose: a check of two options together comes after
# --verbose's first lines, which explain the namespaces.
assert_refused_with() { # MESSAGE OPTION...
	local message=$1
	shift
	run in_host "$CH" "$@" --name "$n" echo "ran-$m" </dev/null
	assert_status 125
	[ "${#lines[@]}" -eq 1 ] || fail "with $*: more than one line: $output"
	[[ $output == *"$message"* ]] || fail "with $*: expected '$message', got: $output"
	[[ $output != *"ran-$m"* ]] || fail "with $*: went on: $output"
}

# --- options ----------------------------------------------------------------

@test "--help lists --publish (-p) and --allow-from" {
	run "$CH" --help
	assert_status 0
	grep -qE -- '^ +-p, --publish( |$)' <<<"$output" || fail "--help does not list -p, --publish: $output"
	grep -qE -- '^ +--allow-from( |$)' <<<"$output" || fail "--help does not list --allow-from: $output"
}

@test "a bad --publish is refused (125) in one line naming it; nothing is made" {
	local ch bad
	ch=$(ch_in_host)
	for bad in 8080: "" 0 65536 http 0:80 65536:80 x:80 1.2.3:8080:80 300.1.1.1:8080:80 \
		'[::1]:8080:80' ::1:8080:80 80/sctp 8000-8002:80-81 81-80 80- 8001-8000:80 1:2:3:4; do
		CH=$ch assert_refused --publish "$bad" --name "$n"
	done
	# -p is --publish: the message names the long option.
	CH=$ch assert_refused -p 0 --name "$n"
	[[ $output == *--publish* ]] || fail "the message does not name --publish: $output"
	# Checked against the host's addresses, after --verbose's first lines.
	assert_refused_with "--publish 10.9.9.9:8080:80: 10.9.9.9 is not an address of this host" \
		-p 10.9.9.9:8080:80
	assert_nothing_made
}

@test "the message of a bad --publish says why" {
	local -A why=(
		[8080:]='no container port'
		[0]='invalid container port 0 (1 to 65535)'
		[8080:http]='invalid container port http (1 to 65535)'
		[65536:80]='invalid host port 65536 (1 to 65535)'
		[1.2.3:8080:80]='invalid host IP 1.2.3'
		['[::1]:8080:80']="IPv6 is not supported: kobako's network is IPv4 only"
		[80/sctp]='invalid protocol sctp (tcp or udp)'
		[8000-8002:80-81]='the host and container ranges differ in length'
		[81-80]='invalid container port 81-80 (1 to 65535)'
		[8001-8000:80]='invalid host port 8001-8000 (1 to 65535)'
	)
	local bad
	for bad in "${!why[@]}"; do
		run in_host "$CH" --publish "$bad" --name "$n" echo "ran-$m" </dev/null
		assert_status 125
		[[ $output == "ch"*": --publish $bad: ${why[$bad]}"* ]] ||
			fail "--publish $bad: expected '${why[$bad]}', got: $output"
	done
	assert_nothing_made
}

@test "a bad --allow-from, or one without --publish, is refused (125) in one line; nothing is made" {
	local ch bad
	ch=$(ch_in_host)
	for bad in nonsense 192.0.2.0/33 192.0.2.300 192.0.2.0/ '::1/128' ""; do
		CH=$ch assert_refused --allow-from "$bad" -p 8080:80 --name "$n"
	done
	CH=$ch assert_refused --allow-from 192.0.2.1/24 -p 8080:80 --name "$n"
	[[ $output == *"not a network address"* ]] || fail "not said why: $output"
	# Up to 8.
	local eight=() i
	for i in 1 2 3 4 5 6 7 8; do eight+=(--allow-from "192.0.2.$i"); done
	CH=$ch assert_refused --allow-from 192.0.2.9 "${eight[@]}" -p 8080:80 --name "$n"
	assert_refused_with "--allow-from needs --publish" --allow-from 192.0.2.0/24
	assert_nothing_made
}

@test "--publish with --network none or host is refused (125) in one line; nothing is made" {
	local mode
	for mode in none host; do
		assert_refused_with "--publish needs --network bridge" --network "$mode" -p 8080:80
	done
	assert_nothing_made
}

# --- who reaches a published port -------------------------------------------

@test "a published port is reached from outside, who is seen as itself, and from the host (TCP, UDP)" {
	start_server -p 8080:80 -p 8080:80/udp
	local u
	for u in "" -u; do
		# No masquerade on the way in: the server sees the outside's address.
		assert_sees 198.51.100.1 in_outside "$ASK" $u 198.51.100.2 8080
		# The host by its own address, and by 127.0.0.1, which cannot leave
		# the host as a source: the host masquerades it as the bridge's.
		assert_sees 198.51.100.2 in_host "$ASK" $u 198.51.100.2 8080
		assert_sees 10.77.0.1 in_host "$ASK" $u 127.0.0.1 8080
	done
}

# Runs a second container that publishes 8081 and serves on its port 80,
# then asks the server container through the host's address (198.51.100.2
# 8080) and itself (198.51.100.2 8081), over TCP and UDP: both are hairpins,
# out of the bridge port and back in, and both see the bridge's address.
assert_hairpins() {
	local r
	r=$(probes_rootfs)
	run in_host "$CH" --name "$n-2" --rootfs "$r" -p 8081:80 -p 8081:80/udp sh -c '
		/peer_echo 80 >/dev/null & /peer_echo -u 80 >/dev/null &
		for i in $(seq 100); do
			/peer_ask -w 1 127.0.0.1 80 >/dev/null 2>&1 &&
				/peer_ask -u -w 1 127.0.0.1 80 >/dev/null 2>&1 && break
			sleep 0.1
		done
		for p in 8080 8081; do
			printf "%s tcp " $p; /peer_ask 198.51.100.2 $p 2>&1
			printf "%s udp " $p; /peer_ask -u 198.51.100.2 $p 2>&1
		done' </dev/null
	assert_status 0
	assert_equal "$output" "$(printf '%s\n' '8080 tcp 10.77.0.1' '8080 udp 10.77.0.1' \
		'8081 tcp 10.77.0.1' '8081 udp 10.77.0.1')" \
		"another container (8080) and the container itself (8081) asking, what was seen:"
}

@test "hairpin: another container and the container itself reach it by the host's address (no br_netfilter, or bridge-nf-call-iptables 0)" {
	local sysctl=/proc/sys/net/bridge/bridge-nf-call-iptables
	if in_host test -e "$sysctl"; then
		in_host sh -c "echo 0 >$sysctl"
		assert_equal "$(in_host cat "$sysctl")" 0 "bridge-nf-call-iptables:"
	fi
	start_server -p 8080:80 -p 8080:80/udp
	assert_hairpins
}

@test "hairpin: another container and the container itself reach it by the host's address (bridge-nf-call-iptables 1)" {
	local sysctl=/proc/sys/net/bridge/bridge-nf-call-iptables
	in_host test -e "$sysctl" || skip "no br_netfilter in this kernel ($sysctl)"
	in_host sh -c "echo 1 >$sysctl"
	assert_equal "$(in_host cat "$sysctl")" 1 "bridge-nf-call-iptables:"
	start_server -p 8080:80 -p 8080:80/udp
	assert_hairpins
}

# --- what stays closed ------------------------------------------------------

@test "connections to port 7000 of another machine still go there, with 7000 published" {
	start_outside_server 7000
	# No server in the container: a connection sent to it is refused.
	start_bg in_host "$CH" --name "$n" -p 7000:80 sleep "$m" </dev/null
	wait_for_table
	# The host's own connection, and another container's (masqueraded).
	assert_sees 198.51.100.2 in_host "$ASK" 198.51.100.1 7000
	assert_sees 198.51.100.2 in_host "$CH" --name "$n-2" nc -w 3 198.51.100.1 7000 </dev/null
}

@test "a container cannot reach the host's 127.0.0.1 services, even with a route to them" {
	# The host's services, listening on 127.0.0.1 only; their logs say who came.
	local log=$BATS_TEST_TMPDIR/log
	in_host "$ECHO" -b 127.0.0.1 7100 </dev/null >"$log" 2>&1 3>&- &
	other_pids="$!"
	in_host "$ECHO" -u -b 127.0.0.1 7100 </dev/null >>"$log" 2>&1 3>&- &
	other_pids+=" $!"
	wait_until 5 eval '[ "$(in_host ss -Hlntu sport = :7100 | wc -l)" -eq 2 ]' ||
		fail "the host's servers do not listen: $(cat "$log")"
	assert_sees 127.0.0.1 in_host "$ASK" 127.0.0.1 7100

	# The container routes 127.0.0.1 to the host: its own loopback routes go
	# (table local), a route via the bridge comes.
	local r
	r=$(probes_rootfs)
	run in_host "$CH" --name "$n" --rootfs "$r" --cap-add NET_ADMIN -p 8080:80 sh -c '
		ip route del local 127.0.0.0/8 dev lo table local
		ip route del local 127.0.0.1 dev lo table local
		ip route add 127.0.0.1/32 via 10.77.0.1
		ip route get 127.0.0.1
		/peer_ask -w 2 127.0.0.1 7100 2>&1
		/peer_ask -u -w 2 127.0.0.1 7100 2>&1; true' </dev/null
	assert_status 0
	[[ ${lines[0]} == "127.0.0.1 via 10.77.0.1 dev eth0"* ]] ||
		fail "127.0.0.1 is not routed to the host: $output"
	[[ ${lines[1]} == "peer_ask: 127.0.0.1:7100: "* && ${lines[2]} == "peer_ask: 127.0.0.1:7100: "* ]] ||
		fail "the container reached the host's 127.0.0.1: $output"
	assert_equal "$(cat "$log")" 127.0.0.1 "the host's servers' log of who came:"
}

@test "an unpublished port is not reached from outside, even routed to the container's address" {
	start_server -p 8080:80 -p 8080:80/udp
	in_outside ip route add 10.77.0.0/16 via 198.51.100.2
	# Port 81 serves, unpublished: dropped on the way.
	assert_not_reached -d in_outside "$ASK" -w 2 10.77.0.2 81
	assert_not_reached -d in_outside "$ASK" -u -w 2 10.77.0.2 81
	# The published one, through the host's address.
	assert_sees 198.51.100.1 in_outside "$ASK" 198.51.100.2 8080
	assert_sees 198.51.100.1 in_outside "$ASK" -u 198.51.100.2 8080
}

# --- --allow-from -----------------------------------------------------------

@test "--allow-from lets the sources listed in, not the others, and the host always" {
	start_server -p 8080:80 -p 8080:80/udp --allow-from 192.0.2.0/24 --allow-from 198.51.100.1
	# The outside has a second address, not listed.
	in_outside ip addr add 198.51.100.3/24 dev out0
	local u
	for u in "" -u; do
		assert_sees 198.51.100.1 in_outside "$ASK" $u -s 198.51.100.1 198.51.100.2 8080
		assert_sees 198.51.100.2 in_host "$ASK" $u 198.51.100.2 8080
	done
	assert_not_reached in_outside "$ASK" -s 198.51.100.3 198.51.100.2 8080
	# UDP: not answered. (The host's port is held by the runtime's socket,
	# which takes the datagram: no ICMP error comes back. Its filter
	# discards it: nothing piles up in its queue.)
	assert_not_reached -n in_outside "$ASK" -u -w 2 -s 198.51.100.3 198.51.100.2 8080
	run in_host ss -Hlun sport = :8080
	[[ $output == "UNCONN 0 "* ]] || fail "the reservation's queue is not empty: $output"

	# A container, not listed either.
	local r
	r=$(probes_rootfs)
	run in_host "$CH" --name "$n-2" --rootfs "$r" sh -c '
		/peer_ask 198.51.100.2 8080 2>&1; /peer_ask -u -w 2 198.51.100.2 8080 2>&1; true' </dev/null
	assert_status 0
	[[ ${lines[0]} == "peer_ask: 198.51.100.2:8080: refused" ]] ||
		fail "another container (not listed) asking over TCP: $output"
	[[ ${lines[1]} == "peer_ask: 198.51.100.2:8080: "* ]] ||
		fail "another container (not listed) asking over UDP: $output"
}

# --- taken ports ------------------------------------------------------------

@test "a port another container publishes is refused (125) in one line; the other protocol is free" {
	start_bg in_host "$CH" --name "$n-1" -p 8080:80 sleep "$m" </dev/null
	wait_for_table
	local spec
	for spec in 8080:80 127.0.0.1:8080:81 198.51.100.2:8080:80; do
		run in_host "$CH" --name "$n" -p "$spec" echo "ran-$m" </dev/null
		assert_status 125
		[ "${#lines[@]}" -eq 1 ] || fail "-p $spec: more than one line: $output"
		[[ $output == *"--publish $spec: host port 8080/tcp is in use"* ]] ||
			fail "-p $spec: not said why: $output"
		[[ $output != *"ran-$m"* ]] || fail "-p $spec: went on: $output"
		[ ! -e "$STATE/$n" ] || fail "made $STATE/$n"
		[ -z "$(host_links | grep -x kobako-3)" ] || fail "-p $spec: made kobako-3"
	done
	run in_host "$CH" --name "$n" -p 8080:80/udp echo "ran-$m" </dev/null
	assert_status 0
	assert_output "ran-$m"
}

@test "a port a host program listens on (0.0.0.0, 127.0.0.1, the host's address) is refused (125) in one line" {
	local pids=() args
	for args in "8081" "-b 127.0.0.1 8082" "-b 198.51.100.2 8083" "-u 8084"; do
		in_host "$ECHO" $args </dev/null >/dev/null 2>&1 3>&- &
		pids+=($!)
	done
	other_pids=${pids[*]}
	wait_until 5 eval '[ "$(in_host ss -Hlntu | grep -cE ":808[1-4] ")" -eq 4 ]' ||
		fail "the host's programs do not listen: $(in_host ss -Hlntu)"
	local spec
	for spec in 8081:80 8082:80 8083:80 8084:80/udp; do
		run in_host "$CH" --name "$n" -p "$spec" echo "ran-$m" </dev/null
		assert_status 125
		[ "${#lines[@]}" -eq 1 ] || fail "-p $spec: more than one line: $output"
		[[ $output == *"--publish $spec: host port ${spec%%:*}/"*" is in use"* ]] ||
			fail "-p $spec: not said why: $output"
		[[ $output != *"ran-$m"* ]] || fail "-p $spec: went on: $output"
	done
	[[ $output == *"8084/udp is in use"* ]] || fail "not said which protocol: $output"
	assert_nothing_made
}

@test "while a container publishes a port, no host program can listen on it; after, it can" {
	local shared=$BATS_TEST_TMPDIR/shared
	mkdir "$shared"
	start_bg in_host "$CH" --name "$n" -v "$shared:/shared" -p 8080:80 -p 8081:81/udp \
		sh -c 'until [ -e /shared/go ]; do sleep 0.1; done' </dev/null
	wait_for_table
	local args
	for args in "8080" "-b 127.0.0.1 8080" "-b 198.51.100.2 8080" "-u 8081"; do
		run in_host "$ECHO" -c $args
		assert_status 2
		[[ $output == *"Address already in use"* ]] || fail "peer_echo $args: $output"
	done
	touch "$shared/go"
	wait_bg 20
	assert_status 0
	assert_port_free 8080
	assert_port_free -u 8081
}

# --- a host port the kernel chooses -----------------------------------------

@test "-p 80: the kernel chooses the host port, the runtime says which, and it is reached" {
	start_server -p 80 -p 81/udp
	local out tcp udp
	out=$(cat "$BATS_TEST_TMPDIR/bg.out")
	tcp=$(sed -nE 's|^ch[0-9]+: published 0\.0\.0\.0:([0-9]+) -> 80/tcp$|\1|p' <<<"$out")
	udp=$(sed -nE 's|^ch[0-9]+: published 0\.0\.0\.0:([0-9]+) -> 81/udp$|\1|p' <<<"$out")
	[ -n "$tcp" ] && [ "$tcp" -gt 0 ] || fail "no 'published 0.0.0.0:PORT -> 80/tcp' line: $out"
	[ -n "$udp" ] && [ "$udp" -gt 0 ] || fail "no 'published 0.0.0.0:PORT -> 81/udp' line: $out"
	assert_sees 198.51.100.1 in_outside "$ASK" 198.51.100.2 "$tcp"
	assert_sees 198.51.100.1 in_outside "$ASK" -u 198.51.100.2 "$udp"
}

@test "ranges: 8000-8001:80-81 publishes 8000 to 80 and 8001 to 81; 8000-8003:81, the first free" {
	local r
	r=$(probes_rootfs)
	# A server on port 81 only: a connection sent to 80 is refused.
	start_bg in_host "$CH" --name "$n" --rootfs "$r" -p 8000-8001:80-81 /peer_echo 81 </dev/null
	wait_until 20 eval 'in_host "$ASK" -w 1 10.77.0.2 81 >/dev/null 2>&1' ||
		fail "the container's server does not answer: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	assert_sees 198.51.100.1 in_outside "$ASK" 198.51.100.2 8001
	assert_not_reached in_outside "$ASK" 198.51.100.2 8000

	# 8000-8003:81: the first free port of the range, and the runtime says which.
	run in_host "$CH" --name "$n-2" -p 8000-8003:81 true </dev/null
	assert_status 0
	[[ $output == *": published 0.0.0.0:8002 -> 81/tcp"* ]] || fail "not 8002, or not said: $output"
}

# --- --verbose --------------------------------------------------------------

@test "--verbose shows the container's table, chains and rules as nft lists them from the kernel" {
	require_nft
	start_bg in_host "$CH" --verbose --name "$n" -p 198.51.100.2:8080:80 -p 8081:81/udp \
		--allow-from 198.51.100.0/24 sleep "$m" </dev/null
	wait_for_table
	local out shown
	out=$(cat "$BATS_TEST_TMPDIR/bg.out")
	shown=$(grep -E '^=> nft: .* ip kobako-2 ' <<<"$out" || true)

	# "=> nft: add table ip kobako-2 { SPEC }", "add chain ip kobako-2 CHAIN
	# { SPEC }", "add rule ip kobako-2 CHAIN RULE": what nft lists, read back
	# from the kernel, has SPEC, or RULE in CHAIN (bytes in the wrong order
	# would list as another address or port).
	local line chain text n_rules=0
	while IFS= read -r line; do
		read -r _ _ _ _ _ _ chain text <<<"$line"
		case $line in
		"=> nft: add table ip kobako-2 {"*)
			text=${line#*\{ }
			run in_host nft list table ip kobako-2
			[[ $output == *"${text%; \}}"* ]] || fail "nft does not list: $line"$'\n'"$output" ;;
		"=> nft: add chain ip kobako-2 "*" {"*)
			text=${line#*\{ }
			run in_host nft list chain ip kobako-2 "$chain"
			[[ $output == *"${text% \}}"* ]] || fail "nft does not list: $line"$'\n'"$output" ;;
		"=> nft: add rule ip kobako-2 "*)
			run in_host nft list chain ip kobako-2 "$chain"
			[[ $output == *$'\t'"$text"$'\n'* ]] || fail "nft does not list: $line"$'\n'"$output"
			n_rules=$((n_rules + 1)) ;;
		*) fail "not a change to the table: $line" ;;
		esac
	done <<<"$shown"
	# And each rule nft lists was shown: as many as it lists.
	local listing
	listing=$(in_host nft list table ip kobako-2)
	assert_equal "$n_rules" "$(grep -cE ' (dnat to|masquerade)' <<<"$listing")" \
		"rules shown by --verbose, and listed by nft:"$'\n'"$shown"$'\n'"$listing"
	[[ $shown == *"add table ip kobako-2 { flags owner; }"* ]] || fail "no owned table shown: $shown"
	[[ $shown == *"ip saddr 198.51.100.0/24 ip daddr 198.51.100.2 tcp dport 8080 dnat to 10.77.0.2:80"* ]] ||
		fail "no --allow-from DNAT rule for 198.51.100.2:8080 shown: $shown"
	[[ $shown == *"udp dport 8081 dnat to 10.77.0.2:81"* ]] || fail "no DNAT rule for 8081/udp shown: $shown"
	[[ $out == *"=> ports: 198.51.100.2:8080 -> 10.77.0.2:80/tcp"* ]] ||
		fail "no '=> ports:' line for 8080: $out"
	[[ $out == *"=> ports: 0.0.0.0:8081 -> 10.77.0.2:81/udp"* ]] ||
		fail "no '=> ports:' line for 8081/udp: $out"
}

# --- nothing left behind ----------------------------------------------------

@test "nothing is left after the container exits: no table, no veth, no reservation, no state dir" {
	run in_host "$CH" --name "$n" -p 8080:80 -p 8080:80/udp true </dev/null
	assert_status 0
	assert_nothing_left "$n"
}

@test "nothing is left after SIGTERM to the runtime" {
	start_bg in_host "$CH" --name "$n" --stop-timeout 1 -p 8080:80 -p 8080:80/udp sleep "$m" </dev/null
	wait_for_table
	kill -TERM "$bg_pid"
	wait_bg 20
	assert_nothing_left "$n"
}

@test "nothing is left after the runtime is SIGKILLed, but its state dir, which the next run reclaims" {
	start_bg in_host "$CH" --name "$n" -p 8080:80 -p 8080:80/udp sleep "$m" </dev/null
	wait_for_table
	kill -KILL "$bg_pid"
	wait_bg 5
	# The table goes with the runtime's netlink socket (it owns it), the
	# reservations with its sockets, the veth with the container.
	wait_until 3 eval '[ -z "$(leftovers)" ]' || fail "left behind: $(leftovers)"
	wait_until 5 gone "sleep $m" || fail "the container outlived its runtime"
	assert_port_free 8080
	assert_port_free -u 8080

	# The name's state dir is reclaimed, and the ports published again.
	run in_host "$CH" --name "$n" -p 8080:80 -p 8080:80/udp true </dev/null
	assert_status 0
	assert_nothing_left "$n"
}
