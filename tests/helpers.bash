# Loaded by every test file (`load helpers`).
#
# CH is the binary under test. tests/run.sh sets it; run by hand, a test of
# chapter NN uses ./chNN:  CH=./ch02 bats tests/01-namespaces.bats

REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
ROOTFS=$REPO/rootfs

# The binary a test file checks: CH, or the file's own chapter's binary.
CH=${CH:-$REPO/ch$(basename "$BATS_TEST_FILENAME" | cut -c1-2)}

require_ch() {
	[ -x "$CH" ] || skip "$CH is not built (make)"
}

require_rootfs() {
	[ -x "$ROOTFS/bin/sh" ] || skip "no demo rootfs (make rootfs)"
}

# A private copy of the demo rootfs, for a test that writes to it or adds
# probes: $BATS_TEST_TMPDIR/rootfs.
copy_rootfs() {
	require_rootfs
	cp -a "$ROOTFS" "$BATS_TEST_TMPDIR/rootfs"
	echo "$BATS_TEST_TMPDIR/rootfs"
}

# Builds tests/probes/NAME.c as a static program, once per test run, and
# prints its path.
probe() {
	local name=$1 out=$BATS_RUN_TMPDIR/probes/$1
	if [ ! -x "$out" ]; then
		mkdir -p "$BATS_RUN_TMPDIR/probes"
		cc -static -O1 -std=gnu11 -D_GNU_SOURCE -Wall -o "$out" \
			"$REPO/tests/probes/$name.c" >&2 || return 1
	fi
	echo "$out"
}

# The host's mount table, without the fields that change on their own.
host_mounts() {
	awk '{ print $5, $9, $10 }' /proc/self/mountinfo | sort
}

# PIDs of the processes whose command line matches the pattern (none: empty).
processes_with() {
	pgrep -f -- "$1" || true
}

# Fails, showing both, unless the output of `run` is exactly the text.
assert_output() {
	if [ "$output" != "$1" ]; then
		printf 'expected: %s\nactual:   %s\n' "$1" "$output" >&2
		return 1
	fi
}

assert_status() {
	if [ "$status" -ne "$1" ]; then
		printf 'expected status %s, got %s; output:\n%s\n' "$1" "$status" "$output" >&2
		return 1
	fi
}
