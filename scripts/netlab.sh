#!/usr/bin/env bash
# netlab: a network of throwaway namespaces to try chapters 06 and 07 in,
# without touching this machine's own interfaces, routes or firewall.
#
#   sudo scripts/netlab.sh up [LAB]            make it (LAB: default kobako-lab)
#   sudo scripts/netlab.sh shell [LAB]         a shell in LAB, the lab's "host"
#   sudo scripts/netlab.sh exec [LAB] -- CMD   run CMD there
#   sudo scripts/netlab.sh down [LAB]          remove it, and all made in it
#
# Two network namespaces, joined by a veth pair:
#
#   LAB      plays the host: uplink up0 198.51.100.2/24, default route via
#            198.51.100.1. Run ./ch06 here: its bridge, its veths, its
#            nf_tables tables and its ip_forward are the lab's.
#   LAB-out  plays the world outside: out0 198.51.100.1/24, with a web
#            server on port 8080 whose /cgi-bin/ip answers with the address
#            it saw the request come from (as ifconfig.me does).
#
# 198.51.100.0/24 is TEST-NET-2 (RFC 5737): an address no real machine has.
# Only the network namespace changes: `shell` and `exec` enter it with
# nsenter, not `ip netns exec`, which would also mount a new /sys over the
# host's and hide /sys/fs/cgroup from the runtime.
set -euo pipefail

HOST_IP=198.51.100.2 ROUTER_IP=198.51.100.1 PORT=8080

die() {
	echo "netlab: $*" >&2
	exit 1
}

usage() {
	sed -n '4,8s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

up() { # LAB
	local lab=$1 out=$1-out www
	[ ! -e "/run/netns/$lab" ] || die "$lab is up already (scripts/netlab.sh down $lab)"
	command -v busybox >/dev/null || die "busybox is missing: scripts/install-deps.sh build"
	ip netns add "$lab"
	ip netns add "$out"
	ip -n "$lab" link add up0 type veth peer name out0 netns "$out"
	ip -n "$lab" link set lo up
	ip -n "$lab" link set up0 up
	ip -n "$lab" addr add "$HOST_IP/24" dev up0
	ip -n "$lab" route add default via "$ROUTER_IP"
	ip -n "$out" link set lo up
	ip -n "$out" link set out0 up
	ip -n "$out" addr add "$ROUTER_IP/24" dev out0

	# The server's files live in a directory that goes with the lab.
	www=$(www_dir "$lab")
	mkdir -p "$www/cgi-bin"
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n%%s\\n" "$REMOTE_ADDR"\n' \
		>"$www/cgi-bin/ip"
	chmod 755 "$www/cgi-bin/ip"
	nsenter --net="/run/netns/$out" busybox httpd -p "$ROUTER_IP:$PORT" -h "$www"
	echo "netlab: $lab is up: host $HOST_IP (up0), outside $ROUTER_IP:$PORT (in $out)"
}

www_dir() { echo "/run/kobako-netlab/$1"; }

down() { # LAB
	local lab=$1 out=$1-out ns pid
	for ns in "$out" "$lab"; do
		[ -e "/run/netns/$ns" ] || continue
		# The lab's processes (the web server, containers left running)
		# go with it: a namespace lives as long as a process is in it.
		for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2>/dev/null || true; done
		ip netns del "$ns"
	done
	rm -rf "$(www_dir "$lab")"
	rmdir "$(dirname "$(www_dir "$lab")")" 2>/dev/null || true # the last lab's
}

main() {
	[ $# -ge 1 ] || usage
	local cmd=$1 lab=kobako-lab
	shift
	if [ $# -ge 1 ] && [ "$1" != -- ]; then
		lab=$1
		shift
	fi
	[ "${1:-}" != -- ] || shift
	[ "$(id -u)" -eq 0 ] || die "run it with sudo: namespaces need root"
	case $cmd in
	up) up "$lab" ;;
	down) down "$lab" ;;
	shell | exec)
		[ -e "/run/netns/$lab" ] || die "$lab is not up (sudo scripts/netlab.sh up $lab)"
		[ "$cmd" = exec ] || set -- "${SHELL:-/bin/bash}"
		[ $# -ge 1 ] || usage
		exec nsenter --net="/run/netns/$lab" "$@" ;;
	*) usage ;;
	esac
}

main "$@"
