#!/usr/bin/env bash
# install-deps: install the packages kobako needs, only those that are missing.
#
#   scripts/install-deps.sh build   compile the chapters and make the rootfs
#   scripts/install-deps.sh test    build + run the tests
#   scripts/install-deps.sh vm      test + run the tests in a VM
#   scripts/install-deps.sh bench   build + what make bench compares kobako with
#
# Debian and Ubuntu (apt). Prints nothing when everything is there already.
set -euo pipefail

# The package lists: each set also gets the sets above it.
BUILD_PKGS=(
	make gcc clang      # clang: the chapters must build with both compilers
	libc6-dev           # headers, and libc.a for the static probes
	linux-libc-dev      # <linux/...> headers: netlink, seccomp, capabilities
	busybox-static      # the demo rootfs: static, so it runs without a libc inside
	iproute2            # ip: look at the network the chapters build
)
BENCH_PKGS=(
	util-linux          # unshare
	bubblewrap          # bwrap: Flatpak's sandbox
	runc                # the OCI runtime under Docker, containerd and Podman
	podman conmon       # chapter 08's OCI runtime is driven by Podman, with conmon
	                    # (tests/oci.bash; the benchmark: Podman on it and on runc)
)
TEST_PKGS=(
	bats                # bats-core: the test runner
	clang-format        # the C files are checked against .clang-format
	iptables            # the network chapter's forward-drop test makes Docker's
	                    # DOCKER-USER chain with it (Debian's: the nft variant)
	nftables            # nft: the tests and docs list the runtime's own tables
	conntrack           # conntrack -L: the docs show NAT's connection table
	tcpdump             # tcpdump -ni kobako0: the docs watch the bridge
	strace              # docs/overview.md traces runc's steps
	procps              # ps, pgrep: see what runs inside a container
	util-linux          # unshare, nsenter, findmnt: compare with the real tools
	jq                  # tests/08-seccomp.bats turns Podman's seccomp.json into
	                    # config.json's form, as the engine does
	"${BENCH_PKGS[@]}"  # the tests run the benchmark too, and drive chapter 08
	                    # with Podman; the VM lane gets them from here too
)
VM_PKGS=(
	qemu-system-x86     # a VM with pure cgroup v2; vm-test.sh fetches its kernel
	                    # with apt-get download, into a cache, not into /boot
	cpio                # packs the VM's initramfs
	e2fsprogs           # mkfs.ext4: the guest's /tmp and /var/lib/kobako
	apparmor            # apparmor_parser: the guest's kernel has AppArmor on, and
	                    # tests/04-security.bats loads a profile there for --apparmor
)

say() { echo "install-deps: $*" >&2; }
die() { say "$*"; exit 1; }

usage() {
	echo "usage: scripts/install-deps.sh {build|test|vm|bench}"
}

# "unpacked" or "half-configured" is not installed: apt-get will finish it.
is_installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# apt-get's progress would bury the one line that matters: keep it in a log
# and show it only if something fails.
apt_install() {
	local log
	log=$(mktemp)
	say "installing $*"
	export DEBIAN_FRONTEND=noninteractive
	# A fresh cloud machine's unattended-upgrades holds the dpkg lock for a
	# while after boot: wait for it rather than fail.
	local apt=(apt-get -o DPkg::Lock::Timeout=300)
	# One broken third-party source makes update fail while Debian's lists
	# are fine: carry on, and let install be the judge.
	"${apt[@]}" update >"$log" 2>&1 || true
	if ! "${apt[@]}" install -y --no-install-recommends "$@" >>"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		die "apt-get install failed (its output is above)"
	fi
	rm -f "$log"
}

main() {
	local wanted=()
	case "${1:-}" in
	build) wanted=("${BUILD_PKGS[@]}") ;;
	test)  wanted=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}") ;;
	vm)    wanted=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}" "${VM_PKGS[@]}") ;;
	bench) wanted=("${BUILD_PKGS[@]}" "${BENCH_PKGS[@]}") ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac

	local missing=() pkg
	for pkg in "${wanted[@]}"; do
		is_installed "$pkg" || missing+=("$pkg")
	done
	[ ${#missing[@]} -gt 0 ] || exit 0

	[ "$(id -u)" -eq 0 ] || die "run it with sudo (needs to install: ${missing[*]})"
	apt_install "${missing[@]}"
}

main "$@"
