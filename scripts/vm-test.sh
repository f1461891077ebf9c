#!/usr/bin/env bash
# The VM test lane: run the test suite inside a VM whose only cgroup
# hierarchy is v2, with every controller enabled.
#
# Debian's stock kernel boots under qemu's software emulation (no KVM
# needed). The guest gets this machine's own userland read-only over
# virtio-9p with a tmpfs overlay on top, so no disk image is built: the
# repository sits at the same path inside, with the binaries and ./rootfs
# the host built. tests/README.md, "The VM lane", tells the rest.
set -euo pipefail

usage() {
	cat <<EOF
Usage: scripts/vm-test.sh [--timeout SECS] [TEST.bats...]
       scripts/vm-test.sh --shell

Boot Debian's kernel in qemu (cgroup v2 only, every controller on) and run
tests/run.sh there: every test file, or the ones named (also read from the
TESTS variable). Guest lines are printed with a "[vm] " prefix; the last
line is "vm: N passed, N failed[, N skipped]".

  --shell          boot the same guest and give a root shell in the
                   repository instead ('exit' powers off; Ctrl-a x kills qemu)
  --timeout SECS   kill the guest and fail if the tests have not finished
                   after SECS seconds (default $DEFAULT_TIMEOUT; 0: no limit)
  -h, --help       this text

The kernel package is fetched once with apt-get download and kept in
\$KOBAKO_CACHE (default /var/cache/kobako); later runs need no network.
Needs qemu-system-x86, cpio and busybox-static (scripts/install-deps.sh vm).
EOF
}

# Whole suite, every chapter's tests against the newest binary, under TCG
# on 2 cores: 2498 s with chapters 01-07 (2026-11-29); 3070 s, when it
# still ran both ends of each range with chapters 01-06, set the bound.
DEFAULT_TIMEOUT=4200
MEM_MIB=2048
CPUS=2

# Loaded by the initramfs, to reach the host's files: virtio-pci, 9p over
# virtio, overlayfs. Their dependencies come from modules.dep.
BOOT_MODULES="virtio_pci 9pnet_virtio 9p overlay"
# Loaded by the guest before the tests, in this order, for chapter 06's
# network: the list verified on Debian 12's 6.1 (../shared/network-facts.md).
# Loaded up front rather than on demand, because some cannot wait:
#  - crc32c_generic first: libcrc32c (nf_tables, nf_conntrack) needs a
#    crc32c, a soft dependency that modules.dep does not list, and the
#    other one, crc32c-intel, needs SSE4.2, which qemu's CPU may lack;
#  - nft_ct and nft_fib_ipv4: without them, the kernel asks for them on
#    demand in the middle of the runtime's nf_tables batch, which is rolled
#    back whole with ENOENT;
#  - llc stp bridge veth: the bridge and the veth pairs.
# Then what the forward-drop test's iptables (Debian's: the nft variant)
# needs for Docker's DOCKER-USER rules: `-m conntrack` runs in the kernel as
# x_tables' xt_conntrack, through nft_compat ("match name conntrack" in
# `nft --debug=netlink`); its chains and counters are nf_tables' own.
# Not br_netfilter: it would send bridged traffic through iptables, which a
# plain host does not. A name that is not in the kernel stops the lane
# here (check_test_modules): a missing module would show only as puzzling
# test failures.
TEST_MODULES="crc32c_generic libcrc32c nfnetlink nf_tables
	nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack nf_nat
	nft_chain_nat nft_nat nft_masq nft_ct nft_fib nft_fib_ipv4
	llc stp bridge veth
	x_tables nft_compat xt_conntrack"

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
CACHE=${KOBAKO_CACHE:-/var/cache/kobako}

say() { echo "vm-test: $*" >&2; }
die() {
	say "$*"
	exit 1
}

# 'word' for a sh script, whatever the word holds.
shquote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

check_tools() {
	local t
	for t in qemu-system-x86_64 cpio busybox dpkg-deb flock mkfs.ext4; do
		command -v "$t" >/dev/null ||
			die "$t is missing: run scripts/install-deps.sh vm"
	done
	# The initramfs has no C library.
	if ldd "$(command -v busybox)" >/dev/null 2>&1; then
		die "busybox is linked dynamically: install busybox-static"
	fi
}

# The kernel: the version linux-image-amd64 depends on now, from the cache
# if it is there (then apt-get is not run at all), else downloaded; if apt
# cannot name or fetch one, the newest kernel in the cache.
# Sets KVER (6.1.0-NN-amd64), KPKG (its package version) and KDIR.
find_kernel() {
	local pkg deb tmp
	mkdir -p "$CACHE"
	exec 9>"$CACHE/lock" # one run at a time fetches and unpacks
	flock 9

	pkg=$(kernel_package)
	deb=
	[[ -z $pkg ]] || deb=$(newest_deb "$pkg")
	if [[ -z $deb ]] && ! download "$pkg"; then
		# Lists that are missing or stale name a package the archive no
		# longer has: refresh them once, and ask again.
		say "refreshing apt's package lists (apt-get update)"
		apt-get -q update >/dev/null 2>&1 || true
		pkg=$(kernel_package)
		download "$pkg" || true
	fi
	[[ -z $pkg ]] || deb=$(newest_deb "$pkg")
	if [[ -z $deb ]]; then
		deb=$(newest_deb 'linux-image-[0-9]*')
		[[ -n $deb ]] || die "no kernel package: apt could not name or download" \
			"one and $CACHE has none (run apt-get update?)"
		say "apt gave no kernel; using the newest cached one, ${deb##*/}"
	fi

	KPKG=${deb##*/}        # linux-image-6.1.0-NN-amd64_6.1.x-y_amd64.deb
	KVER=${KPKG%%_*}       # linux-image-6.1.0-NN-amd64
	KVER=${KVER#linux-image-}
	KPKG=${KPKG#*_}
	KPKG=${KPKG%%_*}
	KDIR=$CACHE/$KVER
	if [[ ! -e $KDIR/.complete ]]; then
		say "unpacking ${deb##*/}"
		rm -rf "$KDIR"
		dpkg-deb -x "$deb" "$KDIR"
		# The package leaves modules.dep to its postinst (depmod); make it
		# here, beside the modules, never in the host's /lib/modules.
		busybox depmod -b "$KDIR" "$KVER"
		touch "$KDIR/.complete"
		prune_cache "$deb" "$KDIR"
	fi
	exec 9>&-
}

# The kernel package linux-image-amd64 depends on, by apt's lists.
kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

# download PKG: into the cache, unless it is there already.
download() {
	local tmp ok=1
	[[ -n $1 ]] || return 1
	[[ -z $(newest_deb "$1") ]] || return 0
	say "downloading $1 into $CACHE"
	tmp=$(mktemp -d "$CACHE/download.XXXXXX")
	# apt drops to user _apt to download: let it write here.
	chown _apt "$tmp" 2>/dev/null || true
	if (cd "$tmp" && apt-get -q download "$1"); then
		mv "$tmp"/*.deb "$CACHE/"
		ok=0
	fi
	rm -rf "$tmp"
	return "$ok"
}

# newest_deb GLOB: the cached .deb of package GLOB with the highest version.
newest_deb() {
	local f
	for f in "$CACHE"/${1}_*.deb; do
		[[ ! -e $f ]] || echo "$f"
	done | sort -V | tail -n 1
}

# Only the kernel in use is kept: each is ~70 MB packed, ~400 MB unpacked.
prune_cache() {
	local f
	for f in "$CACHE"/linux-image-*.deb "$CACHE"/*-amd64; do
		[[ -e $f && $f != "$1" && $f != "$2" ]] || continue
		say "removing the older $f"
		rm -rf "$f"
	done
}

# with_deps NAME...: the .ko files (paths relative to the modules folder)
# that the named modules need, each after the ones it depends on, once.
# A line of modules.dep is "kernel/x/a.ko: kernel/y/b.ko kernel/z/c.ko".
# A module that is not there is built into the kernel, or does not exist.
declare -A LISTED=()
with_deps() {
	local name line
	for name; do
		line=$(grep -m 1 -E "(^|/)$name\.ko:" "$MODDIR/modules.dep") || {
			grep -q -E "/$name\.ko\$" "$MODDIR/modules.builtin" ||
				die "kernel $KVER has no module $name"
			continue
		}
		ko_with_deps "$line"
	done
}
ko_with_deps() {
	local ko=${1%%:*} dep
	[[ -z ${LISTED[$ko]-} ]] || return 0
	LISTED[$ko]=1
	for dep in ${1#*:}; do
		ko_with_deps "$(grep -m 1 "^$dep:" "$MODDIR/modules.dep")"
	done
	echo "$ko"
}

# Every TEST_MODULES name is a module of the kernel, or built into it.
check_test_modules() {
	local name
	for name in $TEST_MODULES; do
		grep -q -E "(^|/)$name\.ko:" "$MODDIR/modules.dep" ||
			grep -q -E "/$name\.ko\$" "$MODDIR/modules.builtin" ||
			die "kernel $KVER has no module $name (TEST_MODULES)"
	done
}

# The initramfs: busybox, scripts/vm/init, the modules that reach the host's
# files, and kobako.conf: what this run is to do. Built anew for each run:
# it takes well under a second.
build_initramfs() {
	local root=$RUN/initramfs ko
	mkdir -p "$root/bin" "$root/modules"
	cp "$(command -v busybox)" "$root/bin/busybox"
	cp "$REPO/scripts/vm/init" "$root/init"
	chmod 0755 "$root/init"
	for ko in $(with_deps $BOOT_MODULES); do
		cp "$MODDIR/$ko" "$root/modules/"
		echo "${ko##*/}" >>"$root/modules/order"
	done
	{
		echo "MODE=$MODE"
		echo "REPO=$(shquote "$REPO")"
		echo "KVER=$(shquote "$KVER")"
		echo "MODDIR=$(shquote "$MODDIR")"
		echo "TEST_MODULES=$(shquote "$(echo $TEST_MODULES)")"
		echo "RUN_ARGS=$(shquote "$RUN_ARGS")"
		echo "TERM=$(shquote "$GUEST_TERM")"
		echo "ROWS=$ROWS COLS=$COLS"
	} >"$root/kobako.conf"
	(cd "$root" && find . | cpio --quiet -o -H newc) >"$RUN/initrd"
}

# The arguments for tests/run.sh: "all", or "file" and the test files,
# relative to the repository (the guest starts there).
run_args() {
	local f rel
	if (($# == 0)); then
		echo all
		return
	fi
	printf file
	for f; do
		[[ -f $f ]] || die "no test file $f"
		rel=$(realpath --relative-to="$REPO" "$f")
		[[ $rel != ../* ]] || rel=$(realpath "$f")
		printf ' %s' "$(shquote "$rel")"
	done
	echo
}

QEMU_PID=
cleanup() {
	if [[ -n $QEMU_PID ]] && kill -0 "$QEMU_PID" 2>/dev/null; then
		kill "$QEMU_PID" 2>/dev/null || true
		wait "$QEMU_PID" 2>/dev/null || true
	fi
	[[ -z ${RUN-} ]] || rm -rf "$RUN"
}

main() {
	local mode=test timeout=$DEFAULT_TIMEOUT
	local -a files=()
	while (($#)); do
		case $1 in
		--shell) mode=shell ;;
		--timeout)
			[[ ${2-} =~ ^[0-9]+$ ]] || die "--timeout wants a number of seconds"
			timeout=$2
			shift
			;;
		--timeout=*)
			timeout=${1#*=}
			[[ $timeout =~ ^[0-9]+$ ]] || die "--timeout wants a number of seconds"
			;;
		-h | --help)
			usage
			exit 0
			;;
		--)
			shift
			files+=("$@")
			break
			;;
		-*) die "unknown option $1 (see --help)" ;;
		*) files+=("$1") ;;
		esac
		shift
	done
	if ((${#files[@]} == 0)) && [[ -n ${TESTS-} ]]; then
		read -r -a files <<<"$TESTS"
	fi

	check_tools
	MODE=$mode
	RUN_ARGS=$(run_args "${files[@]}")
	GUEST_TERM=dumb ROWS= COLS=
	if [[ $MODE == shell ]]; then
		GUEST_TERM=${TERM:-vt100}
		read -r ROWS COLS < <(stty size 2>/dev/null) || true
	fi

	find_kernel
	MODDIR=$KDIR/lib/modules/$KVER
	check_test_modules

	RUN=$(mktemp -d "${TMPDIR:-/tmp}/kobako-vm.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	build_initramfs

	local -a qemu=(
		qemu-system-x86_64 -nodefaults -no-user-config
		-machine pc -accel tcg -cpu max -smp "$CPUS" -m "$MEM_MIB"
		-kernel "$KDIR/boot/vmlinuz-$KVER" -initrd "$RUN/initrd"
		# loglevel=3: kernel messages below "critical" (an OOM kill is an
		# error) would land in the middle of the test output.
		# panic=-1 with -no-reboot: a crashed init ends qemu.
		# cgroup_no_v1=all: no v1 hierarchy can take a controller.
		# mitigations=off: page-table isolation costs every syscall a
		# full TLB flush under emulation; off, the suite runs ~1/3 faster.
		-append "console=ttyS0 quiet loglevel=3 panic=-1 cgroup_no_v1=all mitigations=off"
		-no-reboot -display none
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	)
	echo "==> VM lane: Debian kernel $KVER ($KPKG), qemu TCG, $CPUS CPUs," \
		"$MEM_MIB MiB, cgroup v2 only"
	if [[ $MODE == shell ]]; then
		# Ctrl-a x quits qemu, Ctrl-a c its monitor.
		"${qemu[@]}" -serial mon:stdio
		return
	fi
	boot_and_test "$timeout" "${qemu[@]}"
}

# boot_and_test TIMEOUT QEMU...: run the guest with its console in a file,
# show that file as it grows, and read the result from it.
boot_and_test() {
	local timeout=$1 start=$SECONDS console=$RUN/console status result summary
	shift
	: >"$console"
	# Not qemu's exit status, which says nothing of the tests: the guest's
	# last words, "KOBAKO-VM-EXIT=N". The watchdog is coreutils timeout.
	timeout --kill-after=10 "$timeout" "$@" -serial "file:$console" \
		-monitor none </dev/null >"$RUN/qemu.log" 2>&1 &
	QEMU_PID=$!
	tail -n +1 -f --pid="$QEMU_PID" "$console" | sed -u -e 's/\r$//' -e 's/^/[vm] /'
	status=0
	wait "$QEMU_PID" || status=$?
	QEMU_PID=
	sed 's/^/[qemu] /' "$RUN/qemu.log" >&2

	result=$(tr -d '\r' <"$console" | sed -n 's/^KOBAKO-VM-EXIT=\([0-9][0-9]*\)$/\1/p' | tail -n 1)
	summary=$(tr -d '\r' <"$console" |
		grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' | tail -n 1) || true
	say "guest ran $((SECONDS - start)) s"
	if ((status == 124 || status == 137)); then
		say "FAILED: the guest had not finished after $timeout s (--timeout): qemu killed"
		exit 1
	fi
	[[ -n $result ]] || die "FAILED: the guest stopped without a result (qemu status $status)"
	[[ -z $summary ]] || echo "vm: $summary"
	if ((result != 0)); then
		say "FAILED: tests/run.sh exited with status $result in the guest"
		exit 1
	fi
}

main "$@"
