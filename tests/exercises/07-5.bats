#!/usr/bin/env bats
# Exercise 07-5 (docs/07-network-portforward.md): without the guard, a
# machine outside with a route to the subnet reaches a port the container
# did not publish, by the container's own address.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch07}
load ../helpers
load exercise
load net07

@test "exercise 07-5: without the guard, the outside reaches 10.77.0.2:81, which was not published" {
	start_server -p 8080:80
	in_outside ip route add 10.77.0.0/16 via 198.51.100.2
	assert_sees 198.51.100.1 in_outside "$ASK" 10.77.0.2 81
}
