# Loaded by the exercise checks (load exercise), after ../helpers: the setup
# and teardown that checks of a kind share, so that a check holds only what
# is its own.
#
#   setup_container PREFIX   chapters 03-05: one container of the test's
#   teardown_container       own, $n, with a cgroup (and a state dir) of
#                            its own, removed after the test
#   setup_lab PREFIX [TOOL]  chapters 06-07: a network lab of the test's own
#   net_test_teardown        (helpers.bash), where the containers run
#
# In both, $m is the test's mark (mark) and $n, PREFIX-$m, its container's
# name; a test's other containers are named $n-1, $n-2 ...

# The containers' state directories, from chapter 05 on.
STATE=/var/lib/kobako/containers

# Skips the test unless the binary and the demo rootfs are there; goes to
# the top of the repository, and names the test's container $n (PREFIX-$m).
setup_container() { # PREFIX
	require_ch
	require_rootfs
	cd "$REPO" || return
	m=$(mark)
	n=$1-$m
}

# Stops what the test left running in the background, then removes what
# the containers NAME (default: $n) left: their cgroups, once their last
# process is gone, and their state dirs. Nothing when $n is empty: a test
# skipped before setup_container named its container has nothing here, and
# an empty NAME would remove every container's state dir.
teardown_container() { # [NAME...]
	stop_bg
	[ -n "${n:-}" ] || return 0
	local name dir
	[ "$#" -gt 0 ] || set -- "$n"
	for name in "$@"; do
		[ -n "$name" ] || continue
		for dir in $(cgroup_dirs "$name"); do
			wait_until 5 eval '[ -z "$(cat "$dir/cgroup.procs" 2>/dev/null)" ]' || true
			rmdir "$dir" 2>/dev/null || true
		done
		rm -rf "${STATE:?}/$name"
	done
}

# Names the test's container $n (PREFIX-$m); skips the test unless the
# binary, the demo rootfs and each TOOL are there; goes to the top of the
# repository and makes the test's network lab (net_setup in helpers.bash:
# in_host, in_outside). Its teardown: net_test_teardown.
setup_lab() { # PREFIX [TOOL...]
	m=$(mark)
	n=$1-$m
	shift
	require_ch
	require_rootfs
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || skip "$tool is not installed (make test-deps)"
	done
	cd "$REPO" || return
	net_setup
}

# Starts the test's container $n in the background (bg_pid) with the
# options given, its command a sleep that prints "ready" first, and waits
# for that line; fails if the container ends before.
start_sleeper() { # [OPTION...]
	start_bg "$CH" --name "$n" "$@" sh -c "echo ready; exec sleep $m"
	wait_until 30 eval 'grep -qx ready "$BATS_TEST_TMPDIR/bg.out" || ! kill -0 "$bg_pid" 2>/dev/null'
	grep -qx ready "$BATS_TEST_TMPDIR/bg.out" ||
		fail "${*:+with $*, }the container did not start: $(cat "$BATS_TEST_TMPDIR/bg.out")"
}
