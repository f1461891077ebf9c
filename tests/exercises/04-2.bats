#!/usr/bin/env bats
# Exercise 04-2 (docs/04-security.md): the seccomp filter refuses to create
# a block device (mknod and mknodat with (mode & S_IFMT) == S_IFBLK: EPERM),
# and lets every other mknod through: FIFOs, character devices, files.
# The probe makes each call itself, so both calls are tried, whichever
# busybox's mknod uses.

CH=${CH:-$PWD/ch04}
load ../helpers
load exercise

setup() {
	setup_container x04
}

teardown() {
	teardown_container
}

# A rootfs with /mknod: mknod CALL TYPE PATH makes a node of TYPE (b, c, p,
# f) with the call CALL (mknod, mknodat), and prints "ok" or strerror.
rootfs_with_mknod_probe() {
	local r=$BATS_TEST_TMPDIR/rootfs
	# Its contents: ROOTFS may be a link, which cp -a would copy as one.
	mkdir "$r" && cp -a "$ROOTFS/." "$r/" || return
	cat >"$BATS_TEST_TMPDIR/mknod.c" <<-'C'
		#include <fcntl.h>
		#include <stdio.h>
		#include <string.h>
		#include <errno.h>
		#include <sys/stat.h>
		#include <sys/syscall.h>
		#include <sys/sysmacros.h>
		#include <unistd.h>
		int main(int argc, char **argv)
		{
			if (argc != 4)
				return 2;
			mode_t type = argv[2][0] == 'b' ? S_IFBLK : argv[2][0] == 'c' ? S_IFCHR
				    : argv[2][0] == 'p' ? S_IFIFO : S_IFREG;
			dev_t dev = makedev(7, 0);
			long r = -1;
			if (!strcmp(argv[1], "mknodat"))
				r = syscall(SYS_mknodat, AT_FDCWD, argv[3], type | 0600, dev);
		#ifdef SYS_mknod
			else
				r = syscall(SYS_mknod, argv[3], type | 0600, dev);
		#else
			else
				return 3;
		#endif
			puts(r == 0 ? "ok" : strerror(errno));
			return r != 0;
		}
	C
	cc -static -O1 -o "$r/mknod" "$BATS_TEST_TMPDIR/mknod.c" >&2 || return
	echo "$r"
}

@test "exercise 04-2: mknod and mknodat of a block device fail with EPERM; of a FIFO, a character device, a file, work" {
	local r call
	r=$(rootfs_with_mknod_probe) || fail "cannot build the probe"
	for call in mknodat mknod; do
		if [ "$call" = mknod ] && [ "$(uname -m)" != x86_64 ]; then continue; fi
		run "$CH" --name "$n" --rootfs "$r" /mknod "$call" b /tmp/b
		assert_status 1
		assert_output "Operation not permitted"
		run "$CH" --name "$n" --rootfs "$r" sh -c "mkdir /tmp/$call && cd /tmp/$call &&
			/mknod $call p p && /mknod $call c c && /mknod $call f f && ls"
		assert_status 0
		assert_output "$(printf 'ok\nok\nok\nc\nf\np')"
	done
}

@test "exercise 04-2: busybox's mknod of a block device is refused, of a FIFO works" {
	run "$CH" --name "$n" mknod /dev/shm/b b 7 0
	assert_status 1
	[[ $output == *"Operation not permitted"* ]] || fail "not EPERM: $output"
	run "$CH" --name "$n" sh -c 'mknod /dev/shm/p p && ls /dev/shm'
	assert_status 0
	assert_output p
}

@test "exercise 04-2: --print-seccomp shows the mode's test: an and with S_IFMT's 0xf000 and S_IFBLK's 0x6000" {
	run "$CH" --print-seccomp
	assert_status 0
	grep -qiE '^ *[0-9]+ .*\band\b.*(0xf000|61440|S_IFMT)' <<<"$output" ||
		fail "no and of the mode with S_IFMT in the listing"
	grep -qE '(0x6000|24576|S_IFBLK)' <<<"$output" ||
		fail "no test of S_IFBLK in the listing"
}
