#!/usr/bin/env bats
# Exercise 07-2 (docs/07-network-portforward.md): without route_localnet on
# the bridge, a packet from 127.0.0.1 redirected to the container may not
# leave by the bridge: the host's 127.0.0.1:8080 gets no answer, while its
# 198.51.100.2:8080 still does.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch07}
load ../helpers
load exercise
load net07

@test "exercise 07-2: without route_localnet, 127.0.0.1:8080 gets no answer, 198.51.100.2:8080 does" {
	start_server -p 8080:80
	assert_equal "$(in_host cat /proc/sys/net/ipv4/conf/kobako0/route_localnet)" 0 \
		"route_localnet on kobako0:"
	assert_not_reached -d in_host "$ASK" 127.0.0.1 8080
	run in_host "$ASK" 198.51.100.2 8080
	assert_status 0
}
