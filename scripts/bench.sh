#!/usr/bin/env bash
# bench: what starting a container costs, measured on this machine, for every
# chapter built so far and for the tools a user would pick instead.
#
#   sudo make bench                 installs runc and bubblewrap, builds, runs this
#   sudo scripts/bench.sh [--quick] [--runs N]
#
# Every contender runs /bin/true of ./rootfs (busybox) and exits:
#   fork/exec   the program alone: what any start costs on this machine
#   unshare     util-linux, the namespaces of chapter 01, nothing more
#   bwrap       bubblewrap --unshare-all, with ./rootfs as its root
#   runc        an OCI bundle on ./rootfs like chapter 05's container
#   chNN        each chapter built (06 on: with its bridge network; 07 on:
#               with one published port, -p 8080:80)
# A contender that is not installed is skipped, and the report says so.
# Then Podman (with conmon) runs /bin/true on ./rootfs twice over, driving
# the newest chapter (ch08, the OCI runtime) and driving runc, interleaved
# (at most 40 starts of each), on a Podman of its own (tests/oci.bash); and
# once more, each runtime call timed: the runtime's share of podman run.
# Then 50 containers of the newest networked chapter start at the same
# moment, and each pings its gateway: how long until all reach it?
# And a published port, the newest chapter's: its throughput and connections
# a second (scripts/netload.c, to scripts/netsink.c in a container), direct
# to the container, through the kernel's DNAT, and through a relay in user
# space (scripts/netrelay.c, as docker-proxy), from an "outside" namespace.
#
# Times are compared only within one run of this script: the machine is noisy,
# so the contenders are interleaved (scripts/timeit.c), never run one after the
# other. The report is Markdown: docs/benchmark.md is one, and says how to
# read it. It all runs in a network namespace of its own, which goes with it.
# No time is checked here, only that the run left nothing behind in that
# namespace (a kobako-N veth) or in /var/lib/kobako/containers.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=200   # starts of each contender, one at a time
PODMAN_RUNS=40 # podman run on each runtime (RUNS, if fewer): half a second each
BLOCKS=3   # and blocks of BLOCK starts in a row ("100 containers")
BLOCK=100
STEPS=51   # --timings runs of the newest chapter
AT_ONCE=50 # containers started at the same moment, on the bridge
PORT_MIB=256    # MiB sent over one connection, through each path to a port
PORT_CONNS=2000 # and short connections, one after the other
PORT_ROUNDS=7   # of each, interleaved
ARGS=("$@") # for the run in a network namespace of its own, below
while [ $# -gt 0 ]; do
	case $1 in
	--quick) # for the tests: it runs, that is all
		RUNS=5 BLOCKS=1 BLOCK=5 STEPS=3 AT_ONCE=5 PORT_MIB=4 PORT_CONNS=20 PORT_ROUNDS=1
		PODMAN_RUNS=2 ;;
	--runs) RUNS=${2:?--runs needs a number}; shift ;;
	-h | --help) sed -n '2,32s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "bench: unknown option $1 (try --help)" >&2; exit 2 ;;
	esac
	shift
done
[ "$PODMAN_RUNS" -le "$RUNS" ] || PODMAN_RUNS=$RUNS

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must be run as root (try: sudo make bench)"

# The whole run happens in a network namespace of its own, made here and
# gone with the run: chapter 06 connects each container to a bridge, so it
# makes a bridge (kobako0) with an nf_tables table (ip kobako), a veth
# pair per container, and turns ip_forward on, all in the network namespace it runs
# in. A benchmark must not change this machine's network. In a namespace
# of our own, with lo only, everything chapter 06 makes is the kernel's to
# remove when the last process of the run exits. The other contenders make
# their own network namespaces anyway: they do not notice. The marker is
# the namespace's own identity, so a variable inherited from elsewhere does
# not count.
if [ "${KOBAKO_BENCH_NETNS:-}" != "$(readlink /proc/self/ns/net)" ]; then
	command -v unshare >/dev/null || die "needs unshare (apt-get install util-linux)"
	# shellcheck disable=SC2016 # expanded by that sh, in the new namespace
	exec unshare --net -- sh -c 'ip link set lo up || exit 1
		KOBAKO_BENCH_NETNS=$(readlink /proc/self/ns/net) exec "$0" "$@"' "$0" "${ARGS[@]}"
fi
ROOTFS=$PWD/rootfs
[ -x "$ROOTFS/bin/true" ] || die "no $ROOTFS/bin/true: run 'sudo make rootfs' first"
TRUE=$ROOTFS/bin/true

WORK=$(mktemp -d /tmp/kobako-bench.XXXXXX)
RUNC_ID=kobako-bench-$$
JOBS=() # the containers started at once, while they run
PORT_JOBS=() # the published port's container, relays and outside, while they run
cleanup() {
	[ ${#JOBS[@]} -eq 0 ] || kill "${JOBS[@]}" 2>/dev/null || true
	if [ ${#PORT_JOBS[@]} -gt 0 ]; then
		kill "${PORT_JOBS[@]}" 2>/dev/null || true
		wait "${PORT_JOBS[@]}" 2>/dev/null || true
	fi
	if command -v runc >/dev/null; then
		runc --root "$WORK/state" delete --force "$RUNC_ID" >/dev/null 2>&1 || true
	fi
	# The state directories of the containers named here, if a runtime
	# left them (the report said so): not on this machine after the run.
	rm -rf /var/lib/kobako/containers/kobako-bench*
	# Podman's directory and the cgroups made for it (tests/oci.bash).
	[ -z "${OCI_DIR:-}" ] || oci_teardown_file || true
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p build
${CC:-cc} -O2 -Wall -o build/timeit scripts/timeit.c || die "cannot build scripts/timeit.c"
# The published port's programs. netsink runs in the container, whose root
# (busybox) has no C library: all three are static.
for prog in netsink netload netrelay; do
	${CC:-cc} -O2 -Wall -static -pthread -o "build/$prog" "scripts/$prog.c" ||
		die "cannot build scripts/$prog.c (a static C library: apt-get install libc6-dev)"
done

# --- the contenders: NAME<TAB>ARG<TAB>ARG... -----------------------------------

# An OCI bundle as close to chapter 05's container as runc's config allows:
# the same namespaces, Docker's 14 capabilities, no_new_privs, masked and
# read-only paths, a cgroup below runc's own (a relative cgroupsPath), the
# same root file system, read-only. runc has no image layers, so no overlay,
# and the bundle has no seccomp filter: runc does less here, not more.
runc_bundle() {
	local caps='"CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FSETID","CAP_FOWNER","CAP_MKNOD",
	  "CAP_NET_RAW","CAP_SETGID","CAP_SETUID","CAP_SETFCAP","CAP_SETPCAP",
	  "CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_KILL","CAP_AUDIT_WRITE"'
	cat >"$WORK/config.json" <<-EOF
	{
	  "ociVersion": "1.0.2",
	  "process": {
	    "terminal": false, "user": { "uid": 0, "gid": 0 }, "cwd": "/",
	    "args": [ "/bin/true" ],
	    "env": [ "PATH=/usr/sbin:/usr/bin:/sbin:/bin" ],
	    "capabilities": { "bounding": [ $caps ], "effective": [ $caps ],
	                      "permitted": [ $caps ] },
	    "noNewPrivileges": true
	  },
	  "root": { "path": "$ROOTFS", "readonly": true },
	  "hostname": "kobako",
	  "mounts": [
	    { "destination": "/proc", "type": "proc", "source": "proc" },
	    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
	      "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
	    { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
	      "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620" ] },
	    { "destination": "/dev/shm", "type": "tmpfs", "source": "shm",
	      "options": [ "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" ] },
	    { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
	      "options": [ "nosuid", "noexec", "nodev" ] },
	    { "destination": "/sys", "type": "sysfs", "source": "sysfs",
	      "options": [ "nosuid", "noexec", "nodev", "ro" ] }
	  ],
	  "linux": {
	    "cgroupsPath": "kobako-bench-runc",
	    "namespaces": [ { "type": "pid" }, { "type": "network" }, { "type": "ipc" },
	                    { "type": "uts" }, { "type": "mount" }, { "type": "cgroup" } ],
	    "maskedPaths": [ "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
	      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
	      "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap" ],
	    "readonlyPaths": [ "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
	      "/proc/sysrq-trigger" ]
	  }
	}
	EOF
}

contenders() {
	local t=$'\t' c
	echo "fork/exec$t$TRUE"
	if command -v unshare >/dev/null; then
		echo "unshare$t$(command -v unshare)$t--fork$t--pid$t--mount$t--uts$t--ipc$t--net$t--cgroup$t--mount-proc$t$TRUE"
	else
		say "skipped unshare: not installed (apt-get install util-linux)"
	fi
	if command -v bwrap >/dev/null; then
		echo "bwrap$t$(command -v bwrap)$t--unshare-all$t--bind$t$ROOTFS$t/$t--proc$t/proc$t--dev$t/dev$t/bin/true"
	else
		say "skipped bwrap: not installed (apt-get install bubblewrap)"
	fi
	if ! command -v runc >/dev/null; then
		say "skipped runc: not installed (apt-get install runc)"
	elif runc_bundle && runc --root "$WORK/state" run --bundle "$WORK" "$RUNC_ID" \
		</dev/null >"$WORK/runc.log" 2>&1; then
		echo "runc$t$(command -v runc)$t--root$t$WORK/state${t}run$t--bundle$t$WORK$t$RUNC_ID"
	else
		say "skipped runc: it could not run the bundle: $(tail -1 "$WORK/runc.log")"
	fi
	for c in ch[0-9][0-9]; do
		[ -x "$c" ] || continue
		if "./$c" --help | grep -q -- --publish; then
			echo "$c$t$PWD/$c$t-p${t}8080:80$t--rootfs$t$ROOTFS$t/bin/true"
		elif "./$c" --help | grep -q -- --rootfs; then
			echo "$c$t$PWD/$c$t--rootfs$t$ROOTFS$t/bin/true"
		else
			echo "$c$t$PWD/$c$t$TRUE" # chapter 01 keeps the host's root
		fi
	done
}

# --- statistics --------------------------------------------------------------

# column NAME FILE N: the Nth column of NAME's lines, sorted
column() { awk -F'\t' -v n="$1" -v c="$3" '$1 == n { print $c }' "$2" | sort -n; }

# quantiles: "median p10 p90" of sorted numbers on stdin
quantiles() {
	awk '{ v[NR] = $1 }
	     function q(p) { i = int(p * (NR - 1) + 1.5); return v[i > NR ? NR : i] }
	     END { if (NR) printf "%.2f %.2f %.2f\n", q(0.5), q(0.1), q(0.9) }'
}

# ms SIZE: KiB as MiB
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

# size of a program, and whether it loads a C library when it starts
binary() {
	local f size kind=static
	f=$(readlink -f "$1")
	size=$(stat -c %s "$f")
	LC_ALL=C readelf -l "$f" 2>/dev/null | grep -q 'program interpreter' &&
		kind="dynamic, + the libraries it loads"
	awk -v s="$size" -v k="$kind" 'BEGIN { printf "%.0f KiB (%s)", s / 1024, k }'
}

# the file system of the containers' state directories (chapter 05 makes and
# removes directories there at every start), and whether it discards online:
# then each directory removed waits for the disk
state_fs() {
	local d=/var/lib/kobako/containers fs opts
	while [ ! -e "$d" ]; do d=$(dirname "$d"); done
	read -r fs opts < <(findmnt -no FSTYPE,OPTIONS -T "$d")
	case ",$opts," in
	*,discard,*) echo "$fs, mounted with discard" ;;
	*) echo "$fs" ;;
	esac
}

# ms_after START: moments (EPOCHREALTIME) on stdin as milliseconds after
# START, sorted
ms_after() { awk -v s="$1" '{ printf "%.0f\n", ($1 - s) * 1000 }' | sort -n; }

# --- the report --------------------------------------------------------------

ls /var/lib/kobako/containers 2>/dev/null >"$WORK/state-before" || true
contenders >"$WORK/commands"
cut -f1 "$WORK/commands" >"$WORK/names"
if grep -qx runc "$WORK/names"; then BASE=runc; else BASE=; fi
say "timing $(paste -sd' ' "$WORK/names"): $RUNS starts each, interleaved"

build/timeit 1 1 <"$WORK/commands" >/dev/null # warm the caches up
build/timeit "$RUNS" 1 <"$WORK/commands" >"$WORK/single"
say "and $BLOCKS blocks of $BLOCK starts in a row each"
build/timeit "$BLOCKS" "$BLOCK" <"$WORK/commands" >"$WORK/blocks"

base=
[ -n "$BASE" ] && base=$(column "$BASE" "$WORK/single" 2 | quantiles | cut -d' ' -f1)

echo "# kobako bench"
echo
echo "$(nproc) CPUs, Linux $(uname -r), cgroup $(
	if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then echo v2
	else echo "v1 (and v2 without controllers)"; fi
), /var/lib/kobako on $(state_fs), $(date -u +%Y-%m-%d)."
echo
echo "## /bin/true in a container, start to exit"
echo
echo "$RUNS starts of each, interleaved. Time in milliseconds; peak memory is"
echo "the largest resident set of the process started (the runtime itself)."
echo
echo "| contender | median | 10%–90% | × ${BASE:-runc} | $BLOCK in a row | peak memory | program |"
echo "|---|---:|---:|---:|---:|---:|---|"
while read -r name; do
	read -r med p10 p90 < <(column "$name" "$WORK/single" 2 | quantiles)
	ratio=-
	[ -n "$base" ] && ratio=$(awk -v a="$med" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
	block=$(column "$name" "$WORK/blocks" 2 | quantiles | cut -d' ' -f1)
	rss=$(column "$name" "$WORK/single" 3 | tail -1)
	prog=$(grep -m1 "^$name"$'\t' "$WORK/commands" | cut -f2)
	printf '| %s | %s | %s–%s | %s | %.0f ms | %s | %s |\n' "$name" "$med" "$p10" "$p90" \
		"$ratio" "$block" "$(mib "$rss")" "$(binary "$prog")"
done <"$WORK/names"
if [ -z "$BASE" ]; then
	echo
	echo "runc is not installed: no ratios."
fi

# --- where the time goes: --timings of the newest chapter ----------------------

# steps CHAPTER
steps() {
	local newest=$1 i k text ms name=() args=()
	"./$newest" --help | grep -q -- --name && name=(--name kobako-bench-steps)
	"./$newest" --help | grep -q -- --rootfs && args=(--rootfs "$ROOTFS")
	"./$newest" --help | grep -q -- --publish && args+=(-p 8080:80)
	for ((i = 0; i < STEPS; i++)); do
		"./$newest" --timings "${name[@]}" "${args[@]}" /bin/true 2>&1 >/dev/null |
			sed -n 's/^=> *//p' | awk -v run="$i" '{ print run "\t" $0 }'
	done >"$WORK/steps"

	# Each line says when its step began: a step took until the next line.
	# The runtime's own start (exec, options) is the time of the first line.
	awk -F'\t' '
		BEGIN { run = -1 }
		{ t = $2 + 0; text = $2; sub(/^ *[0-9.]+ ms +/, "", text)
		  gsub(/pid [0-9]+/, "pid N", text)
		  if ($1 != run) { run = $1; prev = "start: exec, read the options"; at = 0 }
		  if (!(prev in order)) order[prev] = ++n
		  print order[prev] "\t" prev "\t" t - at
		  prev = text; at = t }' "$WORK/steps" |
		sort -t$'\t' -k1,1n -k3,3g >"$WORK/deltas"

	echo
	echo "## Where the time goes: $newest --timings"
	echo
	echo "Median of $STEPS runs. A step's time runs from its line to the next one;"
	echo "the last one ends when the runtime exits (not shown: the exit itself)."
	echo
	echo "| ms | step |"
	echo "|---:|---|"
	cut -f1 "$WORK/deltas" | uniq | while read -r k; do
		text=$(awk -F'\t' -v k="$k" '$1 == k { print $2; exit }' "$WORK/deltas")
		ms=$(awk -F'\t' -v k="$k" '$1 == k { print $3 }' "$WORK/deltas" | quantiles |
			cut -d' ' -f1)
		[ ${#text} -le 90 ] || text="${text:0:88}…"
		printf '| %s | %s |\n' "$ms" "$text"
	done
}

# --- Podman driving the newest chapter, and runc -----------------------------

PODMAN_SKIPPED= # why there is no Podman section, if there is none

# podman_setup CHAPTER: a Podman of the run's own, set up as the tests of
# chapter 08 set theirs up (tests/oci.bash, whose header says what each
# setting keeps off this machine: its root, run root and temporary files in
# OCI_DIR, its own containers.conf, cgroupfs below our cgroup, no network,
# vfs, file locks), with a runtime script for CHAPTER (OCI_DIR/kobako) and
# one for runc (OCI_DIR/runc), each with its --root in OCI_DIR. Writes
# podman/commands for timeit, and podman/timed: the same through
# OCI_DIR/timed/NAME, which times every call (timed_runtime). Fails, with
# PODMAN_SKIPPED saying why, if Podman cannot run.
podman_setup() {
	local ch=$1 name label
	if ! command -v podman >/dev/null || ! command -v conmon >/dev/null; then
		PODMAN_SKIPPED="podman or conmon is not installed (apt-get install podman conmon)"
		return 1
	fi
	# shellcheck disable=SC2034 # read by tests/oci.bash
	RUNTIME=$PWD/$ch
	# shellcheck disable=SC2034
	OCI_CGROUP_NAME=kobako-bench-podman OCI_DIR_NAME=kobako-bench-oci # the run's own
	# shellcheck source=tests/oci.bash
	. tests/oci.bash
	oci_setup_file
	[ -z "$OCI_SKIP" ] || { PODMAN_SKIPPED=$OCI_SKIP; return 1; }
	mkdir "$OCI_DIR/timed" "$WORK/podman"
	if command -v runc >/dev/null; then
		oci_write_runtime runc "$(command -v runc)" "$OCI_DIR/state-runc"
	else
		say "skipped podman+runc: runc is not installed (apt-get install runc)"
	fi
	for name in kobako runc; do
		[ -x "$OCI_DIR/$name" ] || continue
		timed_runtime "$name"
		label=podman+$name
		[ "$name" = runc ] || label=podman+$ch
		podman_line "$label" "$OCI_DIR/$name" >>"$WORK/podman/commands"
		podman_line "$label" "$OCI_DIR/timed/$name" >>"$WORK/podman/timed"
	done
}

# podman_line NAME RUNTIME: timeit's line for podman run --rm of /bin/true
# in a copy of ./rootfs, on RUNTIME
podman_line() {
	local IFS=$'\t' opts line
	mapfile -t opts < <(oci_podman_options)
	line=("$1" "$(command -v podman)" "${opts[@]}" run --rm --cgroup-parent "$OCI_PARENT"
		--runtime "$2" --rootfs "$OCI_DIR/rootfs" /bin/true)
	echo "${line[*]}"
}

# timed_runtime NAME: OCI_DIR/timed/NAME runs OCI_DIR/NAME, and appends a
# line to podman/calls: NAME, the command (create, start, kill, delete),
# the container's ID (the last argument), when the call began and ended.
# Its base name is the script's: podman passes runc, by that name, options
# it passes no other runtime (--log, --log-format=json).
timed_runtime() {
	cat >"$OCI_DIR/timed/$1" <<-EOF
		#!/bin/bash
		s=\$EPOCHREALTIME
		"$OCI_DIR/$1" "\$@"
		rc=\$?
		for verb; do case \$verb in create | start | state | kill | delete) break ;; esac; done
		echo "$1 \$verb \${!#} \$s \$EPOCHREALTIME" >>"$WORK/podman/calls"
		exit \$rc
	EOF
	chmod +x "$OCI_DIR/timed/$1"
}

# podman_time FILE OUT: timeit on FILE's commands, PODMAN_RUNS rounds, in a
# mount namespace of its own: what Podman mounts for a container (its
# /dev/shm) goes with it, whatever happens. A command that fails its first
# start is dropped, and said so.
podman_time() {
	local line
	while read -r line; do
		if unshare --mount --propagation private -- build/timeit 1 1 <<<"$line" >/dev/null; then
			echo "$line"
		else
			say "skipped ${line%%$'\t'*}: its first podman run failed"
		fi
	done <"$1" >"$1.ok"
	[ -s "$1.ok" ] || return 0
	: >"$WORK/podman/calls" # the first starts' calls do not count
	unshare --mount --propagation private -- build/timeit "$PODMAN_RUNS" 1 <"$1.ok" >"$2"
}

# podman_report CHAPTER
podman_report() {
	local ch=$1 dir=$WORK/podman name base='' med p10 p90 ratio rss
	echo
	echo "## Podman driving $ch and runc"
	echo
	if [ -n "$PODMAN_SKIPPED" ]; then
		echo "Skipped: $PODMAN_SKIPPED."
		return 0
	fi
	echo "\`podman run --rm --rootfs DIR /bin/true\`, $(podman --version | sed 's/ version / /'),"
	echo "conmon $(conmon --version | sed -n 's/^conmon version //p'), on a Podman of the run's own (tests/oci.bash), with the"
	echo "runtime's script; DIR a copy of ./rootfs. $PODMAN_RUNS starts of each, interleaved;"
	echo "milliseconds, start to exit; peak memory is podman's own."
	echo
	grep -q '^podman+runc	' "$dir/single" 2>/dev/null &&
		base=$(column podman+runc "$dir/single" 2 | quantiles | cut -d' ' -f1)
	echo "| contender | median | 10%–90% | × podman+runc | peak memory |"
	echo "|---|---:|---:|---:|---:|"
	for name in "podman+$ch" podman+runc; do
		grep -q "^$name	" "$dir/single" 2>/dev/null || continue
		read -r med p10 p90 < <(column "$name" "$dir/single" 2 | quantiles)
		ratio=-
		[ -z "$base" ] || ratio=$(ratio_of "$med" "$base")
		rss=$(column "$name" "$dir/single" 3 | tail -1)
		printf '| %s | %s | %s–%s | %s | %s |\n' "$name" "$med" "$p10" "$p90" "$ratio" "$(mib "$rss")"
	done
	[ -n "$base" ] || { echo; echo "No podman+runc (not installed, or it failed): no ratios."; }
	[ -s "$dir/calls" ] || return 0
	echo
	echo "Where the time goes: $PODMAN_RUNS more starts of each, every call of the runtime"
	echo "timed through a script (bash, so each call counts a shell's start, 1 to 2 ms)."
	echo "Medians, in milliseconds; the rest is podman run less the runtime's calls, run by run:"
	echo
	echo "| contender | podman run | create | start | delete | the runtime, all calls | the rest: podman, conmon |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for name in kobako runc; do
		grep -q "^$name " "$dir/calls" || continue
		podman_steps "$name" "$([ "$name" = runc ] && echo podman+runc || echo "podman+$ch")"
	done
}

# podman_steps NAME CONTENDER: a row of the table above. The calls of one
# podman run are those with one container ID; CONTENDER's runs come one
# after the other, so its Kth run in timeit's lines is the Kth ID in
# podman/calls, and the rest is taken run by run.
podman_steps() {
	local name=$1 dir=$WORK/podman total verb row
	total=$(column "$2" "$dir/timed-single" 2 | quantiles | cut -d' ' -f1)
	row="| $2 | $total |"
	for verb in create start delete; do
		row+=" $(awk -v n="$name" -v v="$verb" '$1 == n && $2 == v { printf "%.2f\n", ($5 - $4) * 1000 }' \
			"$dir/calls" | sort -n | quantiles | cut -d' ' -f1) |"
	done
	# K, the runtime's milliseconds in the Kth run; then K, podman run's
	awk -v n="$name" '$1 == n { if (!($3 in k)) k[$3] = ++runs; t[k[$3]] += ($5 - $4) * 1000 }
		END { for (i = 1; i <= runs; i++) printf "%d %.2f\n", i, t[i] }' "$dir/calls" >"$dir/runtime.$name"
	awk -F'\t' -v n="$2" '$1 == n { print ++i, $2 }' "$dir/timed-single" >"$dir/total.$name"
	row+=" $(cut -d' ' -f2 "$dir/runtime.$name" | sort -n | quantiles | cut -d' ' -f1) |"
	row+=" $(join "$dir/total.$name" "$dir/runtime.$name" | awk '{ printf "%.2f\n", $2 - $3 }' |
		sort -n | quantiles | cut -d' ' -f1) |"
	echo "$row"
}

# --- containers at once: the bridge's addresses, raced for -------------------

# at_once CHAPTER N: N containers, started at the same moment, each pinging
# its gateway until it answers (at most 30 times), then printing its address,
# and staying until all have: so that N addresses are held at once. Writes,
# for each container I, at-once/out.I: the moment (EPOCHREALTIME) its line
# came, and the line; at-once/exit.I: the runtime's status and the moment it
# exited.
at_once() {
	local ch=$1 n=$2 dir=$WORK/at-once i waited=0
	# shellcheck disable=SC2016 # expanded in the container
	local cmd='i=0
		until ping -c1 -W1 10.77.0.1 >/dev/null 2>&1; do
			i=$((i + 1)); [ $i -lt 30 ] || exit 1; usleep 100000
		done
		echo "$(busybox ip -o -4 addr show dev eth0) pings $((i + 1))"
		read -r _ || true # the end of stdin: all have answered'
	mkdir "$dir"
	# The starting gun: a lock that this shell holds and every container's
	# shell waits for; let go, it frees them all at once.
	exec 9>"$dir/go"
	flock -x 9
	# Their stdin: a pipe whose writing end this shell holds, and closes
	# when all have answered: each container's `read` then ends.
	mkfifo "$dir/hold"
	exec 8<>"$dir/hold"
	for ((i = 1; i <= n; i++)); do
		(
			exec 9>&- 8>&-
			set +e # its status goes to exit.I
			touch "$dir/ready.$i"
			flock -s "$dir/go" true
			"./$ch" --name "kobako-bench-at-once-$i" --rootfs "$ROOTFS" /bin/sh -c "$cmd" \
				2>"$dir/err.$i" <"$dir/hold" |
				while read -r line; do echo "$EPOCHREALTIME $line"; done >"$dir/out.$i"
			echo "${PIPESTATUS[0]} $EPOCHREALTIME" >"$dir/exit.$i"
		) &
		JOBS+=($!)
	done
	while [ "$(find "$dir" -name 'ready.*' | wc -l)" -lt "$n" ]; do sleep 0.01; done
	echo "$EPOCHREALTIME" >"$dir/start"
	flock -u 9
	exec 9>&-
	# All answered, or some ended (failed), or two minutes went by.
	while [ "$(cat "$dir"/out.* 2>/dev/null | wc -l)" -lt "$n" ] &&
		[ "$(find "$dir" -name 'exit.*' | wc -l)" -eq 0 ] && [ $((waited++)) -lt 12000 ]; do
		sleep 0.01
	done
	echo "$EPOCHREALTIME" >"$dir/release"
	exec 8>&-
	wait "${JOBS[@]}"
	JOBS=()
}

# at_once_report CHAPTER N
at_once_report() {
	local ch=$1 n=$2 dir=$WORK/at-once start failed addrs range pings
	start=$(cat "$dir/start")
	cat "$dir"/out.* | cut -d' ' -f1 | ms_after "$start" >"$dir/reached"
	cut -d' ' -f2 "$dir"/exit.* | ms_after "$(cat "$dir/release")" >"$dir/exited"
	failed=$(grep -L '^0 ' "$dir"/exit.* | wc -l)
	grep -oh 'inet [0-9.]*' "$dir"/out.* | cut -d' ' -f2 | sort -t. -k3,3n -k4,4n >"$dir/addrs"
	addrs=$(sort -u "$dir/addrs" | wc -l)
	range=$(sed -n '1p;$p' "$dir/addrs" | paste -sd' ')
	pings=$(grep -oh 'pings [0-9]*' "$dir"/out.* | sort | uniq -c |
		awk '{ printf "%s%s for %s", (NR > 1 ? ", " : ""), $3, $1 }')

	echo
	echo "## $n containers at once"
	echo
	echo "$n \`$ch\` containers started at the same moment, each on the bridge with an"
	echo "address of its own, pinging its gateway until it answers, then waiting"
	echo "until all have (so that $n addresses are held at once). Milliseconds from"
	echo "the start, and, for the exit, from the moment they were let go:"
	echo
	echo "| the first reached its gateway | half had | all $n had | all $n had exited |"
	echo "|---:|---:|---:|---:|"
	printf '| %s | %s | %s | %s |\n' "$(head -1 "$dir/reached")" \
		"$(quantiles <"$dir/reached" | cut -d' ' -f1 | cut -d. -f1)" \
		"$(tail -1 "$dir/reached")" "$(tail -1 "$dir/exited")"
	echo
	echo "$(wc -l <"$dir/reached") of $n reached it, with $addrs distinct addresses" \
		"(${range/ / to }); pings until it answered: ${pings:-none}."
	if [ "$failed" -gt 0 ]; then
		say "$failed of $n containers at once failed:"
		grep -h . "$dir"/err.* | sort | uniq -c | head -5 >&2
	fi
}

# --- a published port: the kernel's DNAT, against a relay in user space -------

HOST_IP=198.51.100.2 OUTSIDE_IP=198.51.100.1 # as scripts/netlab.sh's lab
OUTSIDE=                                     # the process holding the outside

# on WHERE CMD...: CMD in this run's namespace (host) or the outside one
on() {
	local where=$1
	shift
	if [ "$where" = outside ]; then
		nsenter --net="/proc/$OUTSIDE/ns/net" "$@"
	else
		"$@"
	fi
}

# wait_for FILE TEXT: until a line of FILE has TEXT (10 seconds at most)
wait_for() {
	local tries=0
	until grep -q "$2" "$1" 2>/dev/null; do
		[ $((tries++)) -lt 1000 ] || return 1
		sleep 0.01
	done
}

# load NAME WHERE send|connect IP PORT N: one run of scripts/netload.c, as
# NAME's line: NAME, then what it printed
load() {
	local out
	out=$(on "$2" build/netload "$3" "$4" "$5" "$6" </dev/null) ||
		die "$1: netload $3 $4 $5 $6 failed"
	printf '%s\t%s\n' "$1" "$out"
}

# median NAME FILE: the median of NAME's numbers in FILE, whole
median() { column "$1" "$2" 2 | quantiles | cut -d' ' -f1 | cut -d. -f1; }

# spread NAME FILE: the lowest and the highest of NAME's numbers in FILE
spread() { column "$1" "$2" 2 | sed -n '1p;$p' | paste -sd' ' | sed 's/ /–/'; }

# ratio_of A B: A / B, to two decimals
ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# outside: the world outside the host, as scripts/netlab.sh makes it (the
# host's uplink up0 198.51.100.2/24, joined to out0 198.51.100.1/24 in a
# network namespace of its own), but held by a process, not a name in
# /run/netns: it goes with that process, which the run kills at its end.
# Its name says whose it is (ps, pgrep -f): build/kobako-bench-outside.
outside() {
	# shellcheck disable=SC2016 # expanded by that bash
	unshare --net -- bash -c 'exec -a "$0" sleep infinity' "$PWD/build/kobako-bench-outside" &
	OUTSIDE=$!
	PORT_JOBS+=("$OUTSIDE")
	until [ "$(readlink "/proc/$OUTSIDE/ns/net")" != "$KOBAKO_BENCH_NETNS" ]; do sleep 0.01; done
	ip link add up0 type veth peer name out0 netns "$OUTSIDE"
	ip addr add "$HOST_IP/24" dev up0
	ip link set up0 up
	on outside ip link set lo up
	on outside ip addr add "$OUTSIDE_IP/24" dev out0
	on outside ip link set out0 up
}

# ports CHAPTER: one CHAPTER container running scripts/netsink.c on its port
# 80, published on the host's port 8080 if CHAPTER has --publish, and the
# two relays of scripts/netrelay.c on the host's ports 8081 (read/write) and
# 8082 (splice) to it; then PORT_ROUNDS rounds of scripts/netload.c through
# each path, in a rotated order. Writes ports/paths (NAME, where the client
# runs, IP, PORT, a description) and ports/send and ports/connect (NAME,
# MB/s or connections a second).
ports() {
	local ch=$1 dir=$WORK/ports publish=() addr r k n name where ip port _
	local paths=()
	mkdir "$dir"
	outside
	"./$ch" --help | grep -q -- --publish && publish=(-p 8080:80)
	# shellcheck disable=SC2016 # expanded in the container
	"$PWD/$ch" --name kobako-bench-port --stop-timeout 1 "${publish[@]}" \
		-v "$PWD/build/netsink:/netsink:ro" --rootfs "$ROOTFS" \
		/bin/sh -c 'busybox ip -o -4 addr show dev eth0 && exec /netsink 80' \
		</dev/null >"$dir/sink" 2>"$dir/sink.err" &
	PORT_JOBS+=($!)
	wait_for "$dir/sink" "netsink: listening" ||
		die "the container of $ch did not listen: $(cat "$dir/sink" "$dir/sink.err")"
	addr=$(grep -o 'inet [0-9.]*' "$dir/sink" | cut -d' ' -f2)
	"$PWD/build/netrelay" 8081 "$addr" 80 >"$dir/relay" 2>&1 &
	PORT_JOBS+=($!)
	"$PWD/build/netrelay" --splice 8082 "$addr" 80 >"$dir/splice" 2>&1 &
	PORT_JOBS+=($!)
	{ wait_for "$dir/relay" "listening" && wait_for "$dir/splice" "listening"; } ||
		die "a relay did not start: $(cat "$dir/relay" "$dir/splice")"

	{
		printf 'direct\thost\t%s\t80\tthe container'\''s address, from the host\n' "$addr"
		if [ ${#publish[@]} -gt 0 ]; then
			printf 'dnat-host\thost\t%s\t8080\tpublished (DNAT), from the host\n' "$HOST_IP"
			printf 'dnat\toutside\t%s\t8080\tpublished (DNAT), from outside\n' "$HOST_IP"
		fi
		printf 'relay\toutside\t%s\t8081\ta relay, read/write, from outside\n' "$HOST_IP"
		printf 'splice\toutside\t%s\t8082\ta relay, splice, from outside\n' "$HOST_IP"
	} >"$dir/paths"
	mapfile -t paths <"$dir/paths"
	n=${#paths[@]}
	for ((r = 0; r < PORT_ROUNDS; r++)); do
		for ((k = 0; k < n; k++)); do
			IFS=$'\t' read -r name where ip port _ <<<"${paths[(r + k) % n]}"
			load "$name" "$where" send "$ip" "$port" "$PORT_MIB" >>"$dir/send"
		done
		for ((k = 0; k < n; k++)); do
			IFS=$'\t' read -r name where ip port _ <<<"${paths[(r + k) % n]}"
			load "$name" "$where" connect "$ip" "$port" "$PORT_CONNS" >>"$dir/connect"
		done
	done

	# The container stops at SIGTERM (its runtime's table and reserved
	# port go with the runtime), the relays and the outside die of it.
	kill "${PORT_JOBS[@]}"
	wait "${PORT_JOBS[@]}" 2>/dev/null || true
	PORT_JOBS=()
}

# ports_report CHAPTER
ports_report() {
	local ch=$1 dir=$WORK/ports name where ip port text mbps conns direct_mbps direct_conns
	direct_mbps=$(median direct "$dir/send")
	direct_conns=$(median direct "$dir/connect")

	echo
	if grep -q '^dnat	' "$dir/paths"; then
		echo "## A published port: $ch -p 8080:80"
	else
		echo "## A port, not published: $ch"
	fi
	echo
	echo "One \`$ch\` container runs \`scripts/netsink.c\` on its port 80, which"
	echo "reads a length, then that many bytes, and answers with the count."
	echo "\`scripts/netload.c\` sends it $PORT_MIB MiB over one connection (MB/s: 10^6"
	echo "bytes a second), and makes $PORT_CONNS short connections one after the other,"
	echo "sending one byte each (connections a second). Median of $PORT_ROUNDS rounds, the"
	echo "paths interleaved, and the lowest and highest round:"
	echo
	echo "| path | MB/s | lowest–highest | × direct | connections/s | lowest–highest | × direct |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	while IFS=$'\t' read -r name where ip port text; do
		mbps=$(median "$name" "$dir/send")
		conns=$(median "$name" "$dir/connect")
		printf '| %s: %s:%s | %s | %s | %s | %s | %s | %s |\n' "$text" "$ip" "$port" \
			"$mbps" "$(spread "$name" "$dir/send")" "$(ratio_of "$mbps" "$direct_mbps")" \
			"$conns" "$(spread "$name" "$dir/connect")" "$(ratio_of "$conns" "$direct_conns")"
	done <"$dir/paths"
	echo
	if grep -q '^dnat	' "$dir/paths"; then
		echo "Published against direct: $(ratio_of "$(median dnat-host "$dir/send")" \
			"$direct_mbps")× the throughput from the host, $(ratio_of \
			"$(median dnat "$dir/send")" "$direct_mbps")× from outside (the goal: at least 0.9×)."
	else
		echo "\`$ch\` has no --publish: no DNAT to measure, only the relays."
	fi
}

# What chapter 06 makes per container, left in this run's network
# namespace, and the state directories that were not there before the run.
# The kernel deletes a container's veth pair after its network namespace
# died, from a work queue: give it two seconds, as --cleanup gives it one.
# A state directory counts only if no runtime holds its lock: this machine
# may run other containers (kobako-PID) while the benchmark runs, and the
# lock of STATE_ROOT, held while we look, lets no runtime make or remove
# one meanwhile.
leftovers() {
	local d tries=0
	while ip -o link | grep -q 'kobako-[0-9]' && [ $((tries++)) -lt 40 ]; do sleep 0.05; done
	ip -o link | grep -o 'kobako-[0-9]*' || true
	[ -d /var/lib/kobako/containers ] || return 0
	exec 7</var/lib/kobako/containers
	flock -x 7
	# shellcheck disable=SC2012 # names made by kobako: no newline in them
	ls /var/lib/kobako/containers | comm -13 "$WORK/state-before" - | while read -r d; do
		d=/var/lib/kobako/containers/$d
		flock -n -x "$d" true 2>/dev/null && echo "$d"
	done
	exec 7<&-
}

newest=$(grep '^ch' "$WORK/names" | tail -1 || true)
[ -z "$newest" ] || steps "$newest"
oci= # the newest chapter with the OCI command line, for Podman to drive
while read -r c; do
	"./$c" --help | grep -q -- '--log-format' && oci=$c
done < <(grep '^ch' "$WORK/names")
if [ -z "$oci" ]; then
	say "skipped podman: no chapter with the OCI command line is built (make ch08)"
elif podman_setup "$oci"; then
	say "podman run on $oci and on runc: $PODMAN_RUNS starts each, interleaved, twice"
	podman_time "$WORK/podman/commands" "$WORK/podman/single"
	podman_time "$WORK/podman/timed" "$WORK/podman/timed-single"
	podman_report "$oci"
else
	say "skipped podman: $PODMAN_SKIPPED"
	podman_report "$oci"
fi
networked=
while read -r c; do
	"./$c" --help | grep -q -- '--network' && networked=$c
done < <(grep '^ch' "$WORK/names")
if [ -n "$networked" ]; then
	say "$AT_ONCE $networked containers at once"
	at_once "$networked" "$AT_ONCE"
	at_once_report "$networked" "$AT_ONCE"
	say "a published port of $networked: direct, DNAT, relays"
	ports "$networked"
	ports_report "$networked"
fi
left=$(leftovers)
[ -z "$left" ] || die "left behind: $(head -3 <<<"$left" | paste -sd' ')$(
	[ "$(wc -l <<<"$left")" -le 3 ] || echo " and $(($(wc -l <<<"$left") - 3)) more")"
