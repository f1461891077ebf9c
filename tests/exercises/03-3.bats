#!/usr/bin/env bats
# Exercise 03-3 (docs/03-cgroups.md): --memory-swap SIZE limits memory plus
# swap, as in docker run: the swap allowed is SIZE minus --memory (v2
# memory.swap.max; v1 memory.memsw.limit_in_bytes is SIZE itself); -1:
# unlimited swap; less than --memory, or without --memory: refused.

CH=${CH:-$PWD/ch03}
load ../helpers
load exercise

setup() {
	setup_container x03
}

teardown() {
	teardown_container
}

# The swap the container NAME may use beyond its memory, in bytes, read on
# the host; "max": no limit. v2: memory.swap.max; v1: memory.memsw.limit_in_bytes
# less memory.limit_in_bytes.
swap_allowed() { # NAME
	local dir memsw mem
	for dir in $(cgroup_dirs "$1"); do
		if [ -e "$dir/memory.swap.max" ]; then
			cat "$dir/memory.swap.max"
			return
		elif [ -e "$dir/memory.memsw.limit_in_bytes" ]; then
			memsw=$(cat "$dir/memory.memsw.limit_in_bytes")
			mem=$(cat "$dir/memory.limit_in_bytes")
			if [ "$memsw" -ge $((1 << 62)) ]; then echo max; else echo $((memsw - mem)); fi
			return
		fi
	done
	echo "no swap accounting"
}

# Starts a container with ARGS, sets swap to the swap it may use, and stops
# it; fails if it does not start.
swap_with() { # ARG...
	start_sleeper "$@"
	swap=$(swap_allowed "$n")
	stop_bg
	teardown
}

@test "exercise 03-3: --memory 64m --memory-swap 128m lets it swap 64 MiB; -1: without limit; none: no swap" {
	local args expected swap
	while read -r args expected; do
		swap_with ${args//,/ }
		[ "$swap" != "no swap accounting" ] || skip "this kernel does not account swap"
		[ "$swap" = "$expected" ] || fail "with $args: swap allowed $swap, expected $expected"
	done <<-EOF
		--memory,64m,--memory-swap,128m 67108864
		--memory-swap,1g,--memory,512m 536870912
		--memory,64m,--memory-swap,64m 0
		--memory,64m,--memory-swap,-1 max
		--memory,64m 0
	EOF
}

@test "exercise 03-3: --memory-swap less than --memory, or without --memory, is refused (125), before any cgroup exists" {
	assert_refused --memory-swap 32m --name "$n" --memory 64m
	assert_no_cgroup "$n"
	assert_refused --memory-swap 128m --name "$n"
	assert_no_cgroup "$n"
	assert_refused --memory-swap 12q --name "$n" --memory 64m
	assert_no_cgroup "$n"
}
