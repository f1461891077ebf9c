#!/usr/bin/env bash
# podman-sandbox: a throwaway Podman, with conmon, whose runtime is ./ch08,
# to try docs/08-oci.md's commands on. It is tests/oci.bash's, the one
# tests/08-oci-podman.bats runs: every file Podman, conmon and the runtime
# make is in one directory, and nothing of the machine's own containers,
# storage, locks, network or journal is touched (tests/oci.bash says how).
#
#   eval "$(sudo scripts/podman-sandbox.sh up)"   make it; sets OCI_DIR,
#                                                 OCI_PARENT and pm()
#   pm run --rm --cgroup-parent "$OCI_PARENT" --rootfs "$OCI_DIR/rootfs" CMD
#   sudo scripts/podman-sandbox.sh down           remove it, and all in it
#
# RUNTIME=/usr/sbin/runc puts runc under the same Podman instead.
set -uo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC2034 # read by tests/oci.bash
ROOTFS=$REPO/rootfs CH=$REPO/ch08
# shellcheck source=/dev/null # tests/oci.bash, checked with the tests
. "$REPO/tests/oci.bash"

case ${1:-} in
up)
	oci_setup_file
	if [ -n "$OCI_SKIP" ]; then
		echo "podman-sandbox: $OCI_SKIP" >&2
		exit 1
	fi
	# What the caller's shell needs, as shell code for eval.
	printf 'export OCI_DIR=%q OCI_PARENT=%q RUNTIME=%q\n' "$OCI_DIR" "$OCI_PARENT" "$RUNTIME"
	printf 'export CONTAINERS_CONF=%q CONTAINERS_STORAGE_CONF=%q\n' \
		"$CONTAINERS_CONF" "$CONTAINERS_STORAGE_CONF"
	declare -f oci_podman_options pm
	;;
down)
	[ -n "${OCI_DIR:-}" ] || {
		echo "podman-sandbox: no OCI_DIR: run down in the shell that ran up" >&2
		exit 1
	}
	# conmon outlives its container a moment: until it has gone, its
	# cgroup cannot be removed (the tests wait for it too).
	for _ in $(seq 50); do
		oci_no_conmon && break
		sleep 0.2
	done
	oci_teardown_file
	;;
*)
	echo "usage: $0 up|down" >&2
	exit 2
	;;
esac
