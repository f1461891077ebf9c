#!/usr/bin/env bash
# demo: start a container with the newest chapter built, in ./rootfs.
# `sudo make demo` builds everything first, then runs this.
set -euo pipefail

die() { echo "demo: $*" >&2; exit 1; }

# ch01 < ch02 < ...: the last one is the newest chapter.
newest_chapter() {
	local bin newest=''
	for bin in ./ch[0-9][0-9]; do
		[ -x "$bin" ] && newest=$bin
	done
	echo "$newest"
}

main() {
	cd "$(dirname "$0")/.."
	[ "$(id -u)" -eq 0 ] || die "run it with sudo (sudo make demo): making a container needs root"

	local ch
	ch=$(newest_chapter)
	[ -n "$ch" ] || die "no chapter is built yet: run make"

	# Chapter 01 has no root filesystem of its own yet: it shows the host's files.
	local where='rootfs ./rootfs'
	if [ "$ch" = ./ch01 ]; then
		where="no rootfs yet: you will see this machine's files"
	else
		[ -d rootfs ] || die "./rootfs is missing: run sudo make rootfs"
	fi

	# Without a terminal (CI, a pipe) an interactive shell would read its
	# commands from stdin and quit at once: run one command instead.
	if [ -t 0 ]; then
		echo "kobako: starting a container with $ch ($where). Type 'exit' to leave."
		exec "$ch" /bin/sh -l
	fi
	echo "kobako: stdin is not a terminal: running one command in a container with $ch ($where)."
	exec "$ch" /bin/sh -lc 'cat /etc/os-release; hostname'
}

main "$@"
