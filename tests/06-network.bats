#!/usr/bin/env bats
# Chapter 06 claims: by default (--network bridge, as in Docker) a container
# is on a bridge, kobako0, made on first use with the subnet's first address
# (10.77.0.1/16, or --subnet CIDR). It has eth0 with an address of its own,
# lo and eth0 up, a default route via the bridge, the MTU of the host's
# uplink, and reaches the outside through the host's masquerade: a server
# outside sees the host's address. Containers reach one another by address.
# Addresses stay unique when many start at once. A subnet that overlaps a
# route of the host is refused before anything is made. --network none is
# lo alone; --network host is the host's own network (refused with
# --userns). /etc/hosts, /etc/hostname and /etc/resolv.conf come from the
# runtime, bind-mounted, never written into the image; a local stub
# resolver is replaced by the servers it uses. When another program's
# forward chain drops, the runtime prints the commands that let the bridge
# through, and they work. --verbose shows the address and each nft rule.
# --cleanup removes the bridge and its masquerade table when no container
# uses it. Nothing is left of a container: no kobako-N veth, no table of its
# own, no state dir, after an exit, SIGTERM or a SIGKILLed runtime.
#
# Every test has a "host" and an "outside" network namespace of its own
# (net_setup in helpers.bash), and runs the runtime in the host one: never
# on this machine's network. Later chapters' binaries run these tests too:
# busybox commands only inside, and --help is never compared whole.

load helpers
bats_require_minimum_version 1.5.0

STATE=/var/lib/kobako/containers
PORT=7000 # peer_echo's, in the outside namespace

setup() {
	require_ch
	require_rootfs
	cd "$REPO"
	m=$(mark)
	n=t06-$m # the container's name; others of the test: $n-1, $n-2 ...
	net_setup
}

teardown() {
	net_test_teardown
}

# --- helpers ----------------------------------------------------------------

require_nft() {
	command -v nft >/dev/null || skip "nft is not installed (make test-deps)"
}

# The container's address on eth0, from the `ip -4 -o addr show eth0` line
# in OUTPUT: 10.77.0.2 (none: nothing).
addr_in() { # OUTPUT
	sed -nE 's|.* eth0 +inet ([0-9.]+)/.*|\1|p' <<<"$1"
}

# What the runtime made in the host namespace for one container: its veth
# end kobako-N, and any table of kobako's but the shared one (ip kobako, the
# masquerade, which goes with the bridge); empty when nothing is left.
leftovers() {
	host_links | grep -E '^kobako-[0-9]+$' | sed 's/^/link /' || true
	if command -v nft >/dev/null; then
		in_host nft list tables | grep -E '^table [a-z0-9]+ kobako' |
			grep -vx 'table ip kobako' || true
	fi
}

# Fails, naming them, unless what the runtime made for the container is
# gone within 3 s (the kernel deletes a veth pair when its namespace dies,
# about 150 ms after), and the container's state dir too.
assert_nothing_left() { # NAME
	wait_until 3 eval '[ -z "$(leftovers)" ]' || fail "left behind: $(leftovers)"
	[ ! -e "$STATE/$1" ] || fail "left behind: $STATE/$1"
}

# The container's client: one connection to the outside server, printing
# what it answered (the address it saw). -w: give up after 3 s.
NC_OUT="nc -w 3 198.51.100.1 $PORT </dev/null"

# --- options ----------------------------------------------------------------

@test "--help lists --network, --subnet and --cleanup" {
	run "$CH" --help
	assert_status 0
	local opt
	for opt in --network --subnet --cleanup; do
		grep -qE -- "^ +$opt( |,|$)" <<<"$output" || fail "--help does not list $opt: $output"
	done
}

@test "a bad --network or --subnet is refused (125) in one line naming it; nothing is made" {
	# assert_refused runs "$CH" OPTIONS: this one runs in the host namespace.
	local ch=$BATS_TEST_TMPDIR/ch-in-host
	printf '#!/bin/sh\nexec in_host %s "$@"\n' "$CH" >"$ch"
	chmod +x "$ch"
	local bad
	for bad in bridged "" host2; do
		CH=$ch assert_refused --network "$bad"
	done
	for bad in 10.77.0.0/33 10.77.0.300/16 10.77.0.0/16x nonsense; do
		CH=$ch assert_refused --subnet "$bad"
	done
	[ -z "$(host_links | grep kobako)" ] || fail "made: $(host_links | grep kobako)"
}

# --- the container's network ------------------------------------------------

@test "eth0 has the subnet's first free address, up, and the default route is via the bridge" {
	run in_host "$CH" --name "$n" sh -c 'ip -4 -o addr show eth0; ip route; ip -o link show' </dev/null
	assert_status 0
	[[ $output == *" eth0 "*"inet 10.77.0.2/16 "* ]] || fail "eth0 is not 10.77.0.2/16: $output"
	grep -qE '^default via 10\.77\.0\.1 dev eth0' <<<"$output" ||
		fail "no default route via 10.77.0.1: $output"
	grep -qE '^10\.77\.0\.0/16 dev eth0 .*src 10\.77\.0\.2' <<<"$output" ||
		fail "no route to the subnet on eth0: $output"
	grep -qE '^[0-9]+: eth0(@[^:]*)?: <([A-Z_]+,)*UP[,>]' <<<"$output" || fail "eth0 is not up: $output"
	grep -qE '^[0-9]+: lo: <([A-Z_]+,)*UP[,>]' <<<"$output" || fail "lo is not up: $output"

	# The bridge stays, with the gateway's address: shared on purpose.
	run in_host ip -4 -o addr show kobako0
	assert_status 0
	[[ $output == *"inet 10.77.0.1/16 "* ]] || fail "kobako0 is not 10.77.0.1/16: $output"
	assert_equal "$(in_host cat /proc/sys/net/ipv4/ip_forward)" 1 "ip_forward in the host:"
}

@test "the outside is reached through NAT: its server sees the host's address" {
	start_outside_server "$PORT"
	run in_host "$CH" --name "$n" sh -c "$NC_OUT" </dev/null
	assert_status 0
	assert_output 198.51.100.2
}

@test "eth0's MTU is the uplink's" {
	in_host ip link set up0 mtu 1400
	run in_host "$CH" --name "$n" ip -o link show eth0 </dev/null
	assert_status 0
	[[ $output == *" mtu 1400 "* ]] || fail "eth0's MTU is not 1400: $output"
}

@test "two containers reach each other by address, without NAT between them" {
	local r
	r=$(copy_rootfs)
	cp "$(probe peer_echo)" "$r/peer_echo"
	start_bg in_host "$CH" --name "$n-1" --rootfs "$r" \
		sh -c 'ip -4 -o addr show eth0; exec /peer_echo 7001' </dev/null
	wait_until 20 eval '[ -n "$(addr_in "$(cat "$BATS_TEST_TMPDIR/bg.out")")" ]' ||
		fail "the first container has no address: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	local a
	a=$(addr_in "$(cat "$BATS_TEST_TMPDIR/bg.out")")

	# Its server may not listen yet: a few tries.
	run in_host "$CH" --name "$n-2" sh -c "ip -4 -o addr show eth0
		for i in 1 2 3 4 5 6 7 8 9 10; do nc -w 3 $a 7001 </dev/null && exit; sleep 0.5; done
		exit 1" </dev/null
	assert_status 0
	local b
	b=$(addr_in "$output")
	[ -n "$b" ] && [ "$b" != "$a" ] || fail "the second container's address: $output"
	assert_equal "${lines[-1]}" "$b" "the first container's server saw:"
}

@test "20 containers started at once get 20 distinct addresses, and all reach the outside" {
	start_outside_server "$PORT"
	# Each holds its address until all 20 have one: an address given again
	# after its container ended is no clash. /shared/go lets them end.
	local i pids=() out=$BATS_TEST_TMPDIR/out shared=$BATS_TEST_TMPDIR/shared
	mkdir "$shared"
	for i in $(seq 20); do
		in_host "$CH" --name "$n-$i" -v "$shared:/shared" sh -c "ip -4 -o addr show eth0
			$NC_OUT; until [ -e /shared/go ]; do sleep 0.1; done" \
			</dev/null >"$out.$i" 2>&1 3>&- &
		pids+=($!)
	done
	other_pids=${pids[*]}
	wait_until 120 eval '[ "$(cat "$out".* | grep -c "^198\.51\.100\.2$")" -eq 20 ]' ||
		fail "not all 20 reached the outside; each container's output:" "$(grep -H . "$out".*)"
	local addrs
	addrs=$(for i in $(seq 20); do addr_in "$(cat "$out.$i")"; done | sort -u)
	[ "$(wc -l <<<"$addrs")" -eq 20 ] ||
		fail "not 20 distinct addresses; each container's output:" "$(grep -H . "$out".*)"
	touch "$shared/go"
	local failed=0
	for i in $(seq 20); do wait "${pids[i - 1]}" || failed=$((failed + 1)); done
	other_pids=
	[ "$failed" -eq 0 ] || fail "$failed of 20 failed: $(grep -H . "$out".*)"
}

# --- --subnet ---------------------------------------------------------------

@test "a subnet that overlaps a route of the host is refused (125) in one line; nothing is made" {
	in_host ip route add 10.77.5.0/24 via 198.51.100.1
	local args
	for args in "" "--subnet 10.77.0.0/16" "--subnet 10.0.0.0/8" "--subnet 10.77.5.128/25"; do
		run in_host "$CH" $args --name "$n" echo "ran-$m" </dev/null
		assert_status 125
		[ "${#lines[@]}" -eq 1 ] || fail "with '$args': more than one line: $output"
		[[ $output == *"overlaps the host's route 10.77.5.0/24 (dev up0)"* ]] ||
			fail "with '$args': the message does not name the route: $output"
		[[ $output != *"ran-$m"* ]] || fail "with '$args': went on: $output"
	done
	[[ $output == *"--subnet 10.77.5.128/25 "* ]] || fail "the message does not name --subnet: $output"
	[ -z "$(host_links | grep kobako)" ] || fail "made: $(host_links | grep kobako)"
	[ -z "$(in_host nft list tables 2>/dev/null)" ] || fail "made: $(in_host nft list tables)"
	[ ! -e "$STATE/$n" ] || fail "made $STATE/$n"
	assert_no_cgroup "$n"
}

@test "--subnet gives the bridge its first address, and containers the next ones" {
	start_outside_server "$PORT"
	in_host ip route add 10.77.5.0/24 via 198.51.100.1 # the default overlaps: not taken
	run in_host "$CH" --subnet 10.78.4.0/24 --name "$n" \
		sh -c "ip -4 -o addr show eth0; ip route; $NC_OUT" </dev/null
	assert_status 0
	[[ $output == *"inet 10.78.4.2/24 "* ]] || fail "eth0 is not 10.78.4.2/24: $output"
	grep -qE '^default via 10\.78\.4\.1 dev eth0' <<<"$output" ||
		fail "no default route via 10.78.4.1: $output"
	assert_equal "${lines[-1]}" 198.51.100.2 "the outside server saw:"
	run in_host ip -4 -o addr show kobako0
	[[ $output == *"inet 10.78.4.1/24 "* ]] || fail "kobako0 is not 10.78.4.1/24: $output"
}

@test "while containers use the bridge with one subnet, another --subnet is refused (125), one line" {
	start_bg in_host "$CH" --name "$n-1" sleep "$m" </dev/null
	wait_until 20 eval 'host_links | grep -qx kobako-2' || fail "no kobako-2: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	run in_host "$CH" --subnet 10.78.4.0/24 --name "$n" echo "ran-$m" </dev/null
	assert_status 125
	[ "${#lines[@]}" -eq 1 ] || fail "more than one line: $output"
	[[ $output == *"--subnet 10.78.4.0/24"* ]] || fail "the message does not name --subnet: $output"
	[[ $output != *"ran-$m"* ]] || fail "went on: $output"
	[ ! -e "$STATE/$n" ] || fail "made $STATE/$n"
}

# --- --network none, host ---------------------------------------------------

@test "--network none: lo alone, up, and nothing made on the host" {
	run in_host "$CH" --network none --name "$n" cat /proc/net/dev </dev/null
	assert_status 0
	[ "$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' <<<"$output" | xargs)" = lo ] ||
		fail "expected only lo: $output"
	[ -z "$(host_links | grep kobako)" ] || fail "made: $(host_links | grep kobako)"
}

@test "--network host: the host's own network namespace, up0 and its address" {
	run in_host "$CH" --network host --name "$n" \
		sh -c 'readlink /proc/self/ns/net; ip -4 -o addr show up0' </dev/null
	assert_status 0
	assert_equal "${lines[0]}" "$(in_host readlink /proc/self/ns/net)" "its network namespace:"
	[[ $output == *"inet 198.51.100.2/24 "* ]] || fail "no up0 with 198.51.100.2: $output"
	[ -z "$(host_links | grep kobako)" ] || fail "made: $(host_links | grep kobako)"
}

@test "--network host with --userns is refused (125) in one line; nothing starts" {
	run in_host "$CH" --network host --userns --name "$n" echo "ran-$m" </dev/null
	assert_status 125
	[ "${#lines[@]}" -eq 1 ] || fail "more than one line: $output"
	[[ $output == *--userns* ]] || fail "the message does not name --userns: $output"
	[[ $output != *"ran-$m"* ]] || fail "went on: $output"
	[ ! -e "$STATE/$n" ] || fail "made $STATE/$n"
}

@test "--help says what --network host gives up: isolation" {
	run "$CH" --help
	assert_status 0
	grep -qE -- '--network .*host[^;]*isolat' <<<"$output" ||
		fail "--help does not say what host gives up: $output"
}

# --- name resolution --------------------------------------------------------

# Runs the runtime in the host namespace and a mount namespace of its own,
# where /etc/resolv.conf says RESOLV (\n: a new line) and, with STUB, a
# tmpfs holds /run/systemd/resolve/resolv.conf saying STUB (systemd-resolved's
# upstream servers); "-": no such file. Sets status, output and lines.
run_with_resolv() { # RESOLV STUB ARG...
	local resolv=$BATS_TEST_TMPDIR/resolv.conf stub=$2 at
	printf "$1\n" >"$resolv"
	shift 2
	# A tmpfs on the deepest of these that exists: on this machine's /run
	# itself, it would hide /run/netns, so nsenter goes first.
	for at in /run/systemd/resolve /run/systemd /run; do [ -d "$at" ] && break; done
	run in_host unshare -m -- sh -c '
		resolv=$1 stub=$2 at=$3
		shift 3
		mount --bind "$resolv" /etc/resolv.conf || exit 99
		mount -t tmpfs kobako-test-$$ "$at" || exit 99
		mkdir -p /run/systemd/resolve
		[ "$stub" = - ] || printf "$stub\n" >/run/systemd/resolve/resolv.conf
		exec "$@"' sh "$resolv" "$stub" "$at" "$CH" "$@" </dev/null
}

@test "/etc/hosts, /etc/hostname and /etc/resolv.conf come from the runtime; the image is unchanged" {
	local r before
	r=$(copy_rootfs)
	rm -f "$r/etc/hosts" "$r/etc/hostname" "$r/etc/resolv.conf"
	echo "image's" >"$r/etc/hostname"
	before=$(cd "$r" && find . -printf '%y %m %s %T@ %p\n' | sort)
	run_with_resolv 'nameserver 198.51.100.53\nsearch example.test\noptions ndots:2' - \
		--rootfs "$r" --hostname web --name "$n" sh -c '
			cat /etc/hosts; echo ---; cat /etc/hostname; echo ---; cat /etc/resolv.conf
			echo ---; grep -cE " /etc/(hosts|hostname|resolv.conf) " /proc/self/mountinfo'
	assert_status 0
	local hosts hostname resolv mounts
	hosts=$(awk '/^---$/ { exit } { $1 = $1; print }' <<<"$output")
	hostname=$(awk '/^---$/ { n++; next } n == 1' <<<"$output")
	resolv=$(awk '/^---$/ { n++; next } n == 2 && !/^#/ && NF' <<<"$output")
	mounts=${lines[-1]}
	grep -qx '127.0.0.1 localhost' <<<"$hosts" || fail "/etc/hosts has no localhost: $hosts"
	grep -qx '::1 localhost ip6-localhost ip6-loopback' <<<"$hosts" || fail "/etc/hosts: $hosts"
	grep -qx '10.77.0.2 web' <<<"$hosts" || fail "/etc/hosts does not name 10.77.0.2 web: $hosts"
	assert_equal "$hostname" web "/etc/hostname:"
	grep -qx 'nameserver 198.51.100.53' <<<"$resolv" || fail "/etc/resolv.conf: $resolv"
	grep -qx 'search example.test' <<<"$resolv" || fail "no search line: $resolv"
	grep -qx 'options ndots:2' <<<"$resolv" || fail "no options line: $resolv"
	assert_equal "$mounts" 3 "bind mounts on /etc/hosts, hostname, resolv.conf:"
	assert_equal "$(cd "$r" && find . -printf '%y %m %s %T@ %p\n' | sort)" "$before" \
		"the image changed:"
}

@test "a local stub resolver (127.0.0.53) is replaced by the servers it uses, as Docker does" {
	run_with_resolv 'nameserver 127.0.0.53\noptions edns0 trust-ad' \
		'nameserver 198.51.100.53\nnameserver 198.51.100.54' --name "$n" cat /etc/resolv.conf
	assert_status 0
	assert_equal "$(grep '^nameserver' <<<"$output")" \
		"$(printf 'nameserver 198.51.100.53\nnameserver 198.51.100.54')" "its nameservers:"
}

@test "a stub resolver without its upstream file: Docker's fallback, 8.8.8.8 and 8.8.4.4" {
	run_with_resolv 'nameserver 127.0.0.53' - --name "$n" cat /etc/resolv.conf
	assert_status 0
	assert_equal "$(grep '^nameserver' <<<"$output")" \
		"$(printf 'nameserver 8.8.8.8\nnameserver 8.8.4.4')" "its nameservers:"
}

@test "--network host has the host's /etc/resolv.conf as it is; none, the image's" {
	local r
	r=$(copy_rootfs)
	printf 'nameserver 192.0.2.99\n' >"$r/etc/resolv.conf"
	run_with_resolv 'nameserver 127.0.0.53\nsearch lan' - --network host --rootfs "$r" \
		--name "$n" cat /etc/resolv.conf
	assert_status 0
	assert_output "$(printf 'nameserver 127.0.0.53\nsearch lan')"
	run_with_resolv 'nameserver 198.51.100.53' - --network none --rootfs "$r" \
		--name "$n" cat /etc/resolv.conf
	assert_status 0
	assert_output 'nameserver 192.0.2.99'
}

# --- another firewall's forward policy --------------------------------------

@test "Docker's forward drop: the runtime prints the commands that let the bridge through, and they work" {
	command -v iptables >/dev/null || skip "iptables is not installed (make test-deps)"
	start_outside_server "$PORT"
	# Docker's shape, in the host namespace (iptables-nft: table ip filter).
	in_host iptables -P FORWARD DROP
	in_host iptables -N DOCKER-USER
	in_host iptables -I FORWARD -j DOCKER-USER

	run in_host "$CH" --name "$n" sh -c "$NC_OUT" </dev/null
	[ "$status" -ne 0 ] || fail "reached the outside through a forward drop: $output"
	local want=(
		'iptables -I DOCKER-USER -i kobako0 -j ACCEPT'
		'iptables -I DOCKER-USER -o kobako0 -m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT'
	) cmd
	for cmd in "${want[@]}"; do
		[[ $output == *"$cmd"* ]] || fail "the warning does not say: $cmd"$'\n'"$output"
	done
	# br_netfilter sends traffic between containers through that chain too:
	# said when it is on (the host namespace's bridge-nf-call-iptables).
	if [ "$(in_host cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" = 1 ]; then
		[[ $output == *br_netfilter* ]] || fail "br_netfilter is on, and not mentioned: $output"
	else
		[[ $output != *br_netfilter* ]] || fail "br_netfilter is off, and mentioned: $output"
	fi

	# The commands exactly as printed, one a line, wherever the line starts.
	local printed
	printed=$(grep -oE 'iptables -I DOCKER-USER .*' <<<"$output")
	assert_equal "$(wc -l <<<"$printed")" 2 "printed commands:"
	while IFS= read -r cmd; do
		in_host $cmd || fail "the printed command failed: $cmd"
	done <<<"$printed"
	run in_host "$CH" --name "$n" sh -c "$NC_OUT" </dev/null
	assert_status 0
	assert_equal "${lines[-1]}" 198.51.100.2 "with the printed rules, the outside server saw:"
	# Never a rule of its own in another program's table.
	run in_host iptables -S
	assert_status 0
	assert_equal "$(grep -c kobako0 <<<"$output")" 2 "rules naming kobako0 in iptables' tables:"
}

# --- --verbose --------------------------------------------------------------

@test "--verbose shows the address, and each nft rule as nft lists it from the kernel" {
	require_nft
	run in_host "$CH" --verbose --name "$n" true </dev/null
	assert_status 0
	[[ $output == *"=> network: eth0 10.77.0.2/16, gateway 10.77.0.1"* ]] ||
		fail "--verbose does not show the address: $output"
	[[ $output == *"=> rtnetlink: "* ]] || fail "--verbose shows no rtnetlink step: $output"

	# "=> nft: add rule ip TABLE CHAIN RULE": what the kernel holds, read
	# back by nft, has RULE in it (bytes in the wrong order would list as
	# another address). The first container writes the masquerade.
	local rules line table chain rule n_rules=0
	rules=$(grep -E '^=> nft: add rule ' <<<"$output" || true)
	[[ $rules == *'oifname != "kobako0" masquerade'* ]] || fail "no masquerade rule shown: $output"
	while read -r _ _ _ _ _ table chain rule; do
		run in_host nft list chain ip "$table" "$chain"
		assert_status 0
		[[ $output == *"$rule"* ]] || fail "nft does not list: $rule"$'\n'"$output"
		n_rules=$((n_rules + 1))
	done <<<"$rules"
	[ "$n_rules" -gt 0 ] || fail "no rule checked"
	run in_host nft list table ip kobako
	grep -qE 'type nat hook postrouting priority (srcnat|100);' <<<"$output" ||
		fail "no nat chain on postrouting, priority srcnat: $output"
}

# --- --cleanup --------------------------------------------------------------

@test "--cleanup removes the bridge and its table when no container uses it, and refuses (125) while one does" {
	start_bg in_host "$CH" --name "$n-1" sleep "$m" </dev/null
	wait_until 20 eval 'host_links | grep -qx kobako-2' || fail "no kobako-2: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	run in_host "$CH" --cleanup
	assert_status 125
	[ "${#lines[@]}" -eq 1 ] || fail "more than one line: $output"
	host_links | grep -qx kobako0 || fail "the bridge went while a container used it"

	kill -TERM "$bg_pid"
	wait_bg 20
	host_links | grep -qx kobako0 || fail "no bridge after the container: it is kept, shared"
	run in_host "$CH" --cleanup
	assert_status 0
	[ -z "$(host_links | grep kobako)" ] || fail "left: $(host_links | grep kobako)"
	if command -v nft >/dev/null; then
		run in_host nft list tables
		[[ $output != *kobako* ]] || fail "tables left: $output"
	fi
	run in_host "$CH" --cleanup # nothing to remove: not an error
	assert_status 0
}

# --- nothing left behind ----------------------------------------------------

@test "nothing is left after the container exits: no veth, no table of its own, no state dir" {
	run in_host "$CH" --name "$n" true </dev/null
	assert_status 0
	assert_nothing_left "$n"
}

@test "nothing is left after the container fails to start (126)" {
	run in_host "$CH" --name "$n" /etc </dev/null
	assert_status 126
	assert_nothing_left "$n"
}

@test "nothing is left after SIGTERM to the runtime" {
	start_bg in_host "$CH" --name "$n" sleep "$m" </dev/null
	wait_until 20 eval 'host_links | grep -qx kobako-2' || fail "no kobako-2: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	kill -TERM "$bg_pid"
	wait_bg 20
	assert_nothing_left "$n"
}

@test "nothing is left after the runtime is SIGKILLed, but its state dir, which the next run reclaims" {
	start_bg in_host "$CH" --name "$n" sleep "$m" </dev/null
	wait_until 20 eval 'host_links | grep -qx kobako-2' || fail "no kobako-2: $(cat "$BATS_TEST_TMPDIR/bg.out")"
	kill -KILL "$bg_pid"
	wait_bg 5
	# The container dies with its runtime (PDEATHSIG), its namespace with
	# it, and the kernel deletes the veth pair: the address is free.
	wait_until 3 eval '[ -z "$(leftovers)" ]' || fail "left behind: $(leftovers)"
	wait_until 5 gone "sleep $m" || fail "the container outlived its runtime"

	# The address is free again, and the name's state dir is reclaimed.
	run in_host "$CH" --name "$n" ip -4 -o addr show eth0 </dev/null
	assert_status 0
	[[ $output == *"inet 10.77.0.2/16 "* ]] || fail "10.77.0.2 was not given again: $output"
	assert_nothing_left "$n"
}
