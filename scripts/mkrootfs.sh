#!/usr/bin/env bash
# mkrootfs: make the root filesystem the chapters' containers run in.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: scripts/mkrootfs.sh [--force] DIR
       scripts/mkrootfs.sh [--force] --from-tar FILE DIR

Makes a root filesystem in DIR for the chapters' containers (run it as root).

  DIR                  a small busybox system, built offline from Debian's
                       busybox-static: /bin/busybox, one link per applet,
                       a few files in /etc. Fast and unchanged when DIR is
                       already complete.
  --from-tar FILE      unpack an existing root filesystem instead: the output
                       of `docker export`, a distribution's minimal root
                       tarball (.tar, .tar.gz, .tar.xz, .tar.zst, ...).
  --force              replace DIR if it exists.
  -h, --help           show this help.

The environment variable BUSYBOX names another static busybox to use.
EOF
}

BUSYBOX=${BUSYBOX:-/bin/busybox}
# Mount points and scratch directories; the applets' directories come from
# busybox itself.
DIRS=(proc sys dev etc root tmp run var/tmp home mnt)
ETC_FILES=(passwd group hostname hosts profile os-release)

say() { echo "mkrootfs: $*"; }
die() { echo "mkrootfs: $*" >&2; exit 1; }
misuse() { echo "mkrootfs: $* (see --help)" >&2; exit 2; }

exists() { [ -e "$1" ] || [ -L "$1" ]; }

need_root() {
	[ "$(id -u)" -eq 0 ] ||
		die "run it with sudo: the files of a root filesystem must belong to root"
}

# --- the busybox tree -------------------------------------------------------

# A dynamically linked busybox would find no libc inside the rootfs.
check_busybox() {
	[ -x "$BUSYBOX" ] ||
		die "$BUSYBOX not found: install busybox-static (sudo make deps)"
	if ldd "$BUSYBOX" >/dev/null 2>&1; then
		die "$BUSYBOX is dynamically linked and can't run inside the rootfs:" \
			"install busybox-static (sudo make deps)"
	fi
}

busybox_version() {
	"$BUSYBOX" --help 2>&1 | sed -n '1s/^BusyBox v\([^ ]*\) .*/\1/p'
}

# Where busybox wants its applets: bin/ls, usr/sbin/chroot, ... It lists
# itself too (bin/busybox), and linuxrc, which is for an initrd only.
applets() {
	"$BUSYBOX" --list-full | grep -v -x -e bin/busybox -e linuxrc
}

etc_content() {
	case $1 in
	passwd)
		# 65534 is the "overflow" id that user namespaces show for unmapped ids.
		echo 'root:x:0:0:root:/root:/bin/sh'
		echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin'
		;;
	group)
		# /dev/pts is mounted with gid=5: ls -l /dev/pts shows "tty" thanks to it.
		echo 'root:x:0:'
		echo 'tty:x:5:'
		echo 'nogroup:x:65534:'
		;;
	hostname) echo 'kobako' ;;
	hosts)
		printf '127.0.0.1\tlocalhost\n'
		printf '::1\tlocalhost\n'
		;;
	profile)
		# Read by login shells (sh -l). \h is the hostname of the container's
		# own UTS namespace, so the prompt shows where you are.
		cat <<'EOF'
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PS1='\u@\h:\w\$ '
EOF
		;;
	os-release)
		# Also the stamp that says which busybox and which layout DIR has:
		# bump IMAGE_VERSION when this script changes what it makes.
		echo "PRETTY_NAME=\"kobako demo rootfs (busybox $VERSION)\""
		echo 'NAME="kobako demo rootfs"'
		echo 'ID=kobako'
		echo "VERSION_ID=$VERSION"
		echo 'IMAGE_VERSION=1'
		;;
	esac
}

make_busybox_tree() {
	local dir=$1 path up
	local -a paths
	mapfile -t paths < <(applets)

	mkdir -p "$dir/bin"
	install -m 0755 "$BUSYBOX" "$dir/bin/busybox"
	for path in $(printf '%s\n' "${paths[@]%/*}" | sort -u); do
		mkdir -p "$dir/$path"
	done
	# Relative links (bin/ls -> ../bin/busybox, usr/sbin/chroot ->
	# ../../bin/busybox) resolve the same from the host (ls -l rootfs/bin) and
	# inside the container after pivot_root; /bin/busybox would name the
	# host's busybox when looked at from the host.
	for path in "${paths[@]}"; do
		up=${path//[^\/]/}
		ln -s "${up//\//../}bin/busybox" "$dir/$path"
	done

	for path in "${DIRS[@]}"; do
		mkdir -p "$dir/$path"
	done
	chmod 1777 "$dir/tmp" "$dir/var/tmp"
	chmod 0700 "$dir/root"

	for path in "${ETC_FILES[@]}"; do
		etc_content "$path" >"$dir/etc/$path"
	done
}

# Complete: the same busybox, and everything this script makes is there.
# Files a learner added (say /root/.ash_history) don't count against it.
is_complete() {
	local dir=$1 path
	cmp -s "$BUSYBOX" "$dir/bin/busybox" || return 1
	cmp -s <(etc_content os-release) "$dir/etc/os-release" || return 1
	for path in "${DIRS[@]}"; do
		[ -d "$dir/$path" ] || return 1
	done
	for path in "${ETC_FILES[@]}"; do
		[ -f "$dir/etc/$path" ] || return 1
	done
	while read -r path; do
		[ -L "$dir/$path" ] || return 1
	done < <(applets)
}

is_ours() {
	grep -qx 'ID=kobako' "$1/etc/os-release" 2>/dev/null
}

# --- the tarball ------------------------------------------------------------

unpack_tar() {
	local file=$1 dir=$2
	# --numeric-owner: the ids in the archive are the container's; the host's
	# user names mean nothing there. GNU tar also strips a leading / from
	# member names and skips members with "..", so nothing lands outside dir.
	mkdir -p "$dir"
	tar -x -f "$file" -C "$dir" --numeric-owner --preserve-permissions ||
		die "$file: could not unpack it: is it a tar archive?"
	# A compressed file that is not a tar archive unpacks to nothing, silently.
	[ -n "$(ls -A "$dir")" ] || die "$file: nothing in it: is it a tar archive?"
	mkdir -p "$dir/proc" "$dir/sys" "$dir/dev"
	exists "$dir/bin/sh" ||
		echo "mkrootfs: warning: $file has no /bin/sh: the chapters' default command won't exist" >&2
}

# --- putting DIR in place ---------------------------------------------------

# A chapter under construction can leak a mount into the host (a bind mount
# of /, say): rm -rf would then delete the host's files through it.
mounts_under() {
	local top m
	top=$(realpath -m -- "$1")
	findmnt -rn -o TARGET | while read -r m; do
		m=$(printf '%b' "$m") # findmnt -r writes a space as \x20
		case $m in "$top" | "$top"/*) echo "$m" ;; esac
	done
}

check_no_mounts() {
	local mounted
	mounted=$(mounts_under "$1")
	[ -z "$mounted" ] ||
		die "something is mounted in $1: unmount it first (umount -R ${mounted%%$'\n'*})"
}

remove_tree() {
	exists "$1" || return 0
	check_no_mounts "$1"
	rm -rf --one-file-system -- "$1"
}

# Build in DIR.tmp, then rename: an interrupted run never leaves half a rootfs.
start_tmp() {
	TMP=$1.tmp
	remove_tree "$TMP" # left by a run that was killed
	remove_tree "$1.old"
	trap 'rm -rf --one-file-system -- "$TMP"' EXIT
	trap 'exit 130' INT TERM HUP
}

# Move the old DIR aside rather than delete it first: whenever the run
# stops, DIR is either the old tree or the new one, whole.
put_in_place() {
	local dir=$1
	if exists "$dir"; then
		check_no_mounts "$dir"
		mv -T -- "$dir" "$dir.old"
	fi
	mv -T -- "$TMP" "$dir"
	remove_tree "$dir.old"
}

# --- main -------------------------------------------------------------------

from_tar() {
	local file=$1 dir=$2
	[ -f "$file" ] || die "$file: no such file"
	if exists "$dir" && [ "$FORCE" = no ]; then
		die "$dir already exists: add --force to replace it"
	fi
	need_root
	start_tmp "$dir"
	unpack_tar "$file" "$TMP"
	put_in_place "$dir"
	say "unpacked $file into $dir"
}

from_busybox() {
	local dir=$1
	check_busybox
	VERSION=$(busybox_version)
	if exists "$dir" && [ "$FORCE" = no ]; then
		if ! is_ours "$dir"; then
			say "$dir is not a busybox rootfs made by mkrootfs: leaving it as it is (--force replaces it)"
			return
		fi
		if is_complete "$dir"; then
			say "$dir is up to date (busybox $VERSION)"
			return
		fi
		say "$dir is incomplete or has another busybox: making it again"
	fi
	need_root
	umask 022 # the modes in the tree must not depend on the caller's umask
	start_tmp "$dir"
	make_busybox_tree "$TMP"
	put_in_place "$dir"
	say "made $dir (busybox $VERSION, $(applets | wc -l) applets)"
}

main() {
	local tarball='' dir=''
	FORCE=no
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help) usage; exit 0 ;;
		--force) FORCE=yes ;;
		--from-tar)
			[ $# -ge 2 ] || misuse "--from-tar needs a FILE"
			tarball=$2
			shift
			;;
		-*) misuse "unknown option $1" ;;
		*)
			[ -z "$dir" ] || misuse "one DIR only"
			dir=${1%/}
			;;
		esac
		shift
	done
	[ -n "$dir" ] || misuse "which DIR?"

	if [ -n "$tarball" ]; then
		from_tar "$tarball" "$dir"
	else
		from_busybox "$dir"
	fi
}

main "$@"
