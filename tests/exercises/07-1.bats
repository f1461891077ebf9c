#!/usr/bin/env bats
# Exercise 07-1 (docs/07-network-portforward.md): without the output rule,
# the host's own connections to a published port are not redirected: they
# reach the port the runtime holds, bound and not listening, and are
# refused; the outside, through prerouting, still gets the container.

CH=${CH:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/ch07}
load ../helpers
load exercise
load net07

@test "exercise 07-1: without the output rule, the host is refused on 127.0.0.1:8080 and 198.51.100.2:8080; the outside is served" {
	start_server -p 8080:80
	assert_not_reached -r in_host "$ASK" 127.0.0.1 8080
	assert_not_reached -r in_host "$ASK" 198.51.100.2 8080
	assert_sees 198.51.100.1 in_outside "$ASK" 198.51.100.2 8080
}
