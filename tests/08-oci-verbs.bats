#!/usr/bin/env bats
# Chapter 08's OCI commands that read a container's state or end it (state,
# kill, delete, list) and those that need no container (spec, features).
# A container's state is ROOT/oci/ID/state.json, and ROOT/oci/ID/exec.fifo
# until it is started. A test makes that state as create would, around a
# process of its own (a `sleep`) standing in for the container's PID 1:
# created while exec.fifo is there, running once it is gone, stopped once
# the process has ended or its PID is another process's now; creating while
# create still holds the state's lock. Every refusal is one line, "ch08:
# ...", and exit status 1, as runc's; Podman looks for "does not exist".
#
# The commands run through tests/oci/verbs-test.c, a stand-in for ch08's
# main() built from the sources, with a state root of the test's own. A
# cgroup of a test is made below this shell's own (the pids hierarchy on a
# hybrid host, the unified one on cgroup v2), named kobako-verbs-MARK.

load helpers
bats_require_minimum_version 1.5.0

VERBS_SRCS=(tests/oci/verbs-test.c chapters/08-oci/container_state.c
	chapters/08-oci/json_print.c chapters/08-oci/container_list.c
	chapters/08-oci/container_kill.c chapters/08-oci/container_delete.c
	chapters/08-oci/default_spec.c chapters/08-oci/features.c
	chapters/08-oci/oci_args.c chapters/08-oci/json.c chapters/08-oci/hooks.c
	chapters/08-oci/config.c
	chapters/03-cgroups/cgroup_reclaim.c chapters/04-security/caps.c
	chapters/04-security/paths.c common/*.c)

setup_file() {
	cd "$REPO" || return 1
	[ -f chapters/08-oci/json.c ] || return 0 # setup() skips each test
	cc -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -I. "${VERBS_SRCS[@]}" \
		-o "$BATS_FILE_TMPDIR/verbs-test"
}

setup() {
	[ -f "$REPO/chapters/08-oci/json.c" ] || skip "no chapters/08-oci/json.c, the JSON reader, yet"
	VT=$BATS_FILE_TMPDIR/verbs-test
	R=$BATS_TEST_TMPDIR/root
	B=$BATS_TEST_TMPDIR/bundle
	mkdir -p "$B"
	cg=
	pids=()
	cd "$BATS_TEST_TMPDIR" || return 1
}

teardown() {
	local p
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	if [ -n "$cg" ] && [ -d "$cg" ]; then
		while read -r p; do kill -KILL "$p" || true; done <"$cg/cgroup.procs"
		wait_until 5 cgroup_empty "$cg" || true
		rmdir "$cg"
	fi
}

v() { "$VT" --root "$R" "$@"; }

# Whether the process has ended (a zombie has: only its parent's wait is missing).
ended() { # PID
	! kill -0 "$1" 2>/dev/null || [ "$(ps -o stat= -p "$1")" = Z ]
}

cgroup_empty() { # DIR
	[ -z "$(cat "$1/cgroup.procs")" ]
}

# A process standing in for a container's PID 1: its PID in $pid.
start_pid1() {
	sleep 1000 &
	pid=$!
	pids+=("$pid")
}

# The state create leaves: ID whose PID 1 is $pid, in the bundle $B.
container() { # ID [--cgroup DIR | --annotation K=V]...
	v mkstate "$1" "$pid" "$B" "${@:2}"
}

# Fails unless `v state ID` prints valid JSON whose FIELD is VALUE.
assert_state() { # ID FIELD VALUE
	v state "$1" >state.out || fail "state $1 failed: $(cat state.out)"
	python3 -m json.tool state.out >/dev/null || fail "not JSON: $(cat state.out)"
	assert_equal "$(python3 -c 'import json,sys; print(json.load(open("state.out"))[sys.argv[1]])' "$2")" "$3" "$1's $2"
}

# One line, exit status 1.
refused() { # MESSAGE COMMAND...
	run "${@:2}"
	assert_status 1
	assert_output "$1"
}

# A cgroup of the test's own, in $cg.
make_cgroup() {
	local base
	if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		base=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup)
	else
		base=/sys/fs/cgroup/pids$(sed -n 's/^[0-9]*:pids://p' /proc/self/cgroup)
	fi
	cg=${base%/}/kobako-verbs-$(mark)
	mkdir "$cg"
}

# A process in $cg: its PID in $pid.
start_in_cgroup() {
	sh -c 'echo $$ >"$1/cgroup.procs" && exec sleep 1000' sh "$cg" &
	pid=$!
	pids+=("$pid")
	wait_until 5 grep -qx "$pid" "$cg/cgroup.procs"
}

@test "state: a running container's state is the spec's JSON, annotations escaped" {
	start_pid1
	container c1 --annotation "q=say \"hi\"\\" --annotation $'nl=a\nb'
	assert_state c1 status running
	assert_state c1 pid "$pid"
	assert_state c1 id c1
	assert_state c1 bundle "$B"
	assert_state c1 ociVersion 1.2.0
	python3 - <<-'PY'
		import json
		s = json.load(open("state.out"))
		assert s["annotations"] == {"q": 'say "hi"\\', "nl": "a\nb"}, s
		assert s["created"].endswith("Z") and len(s["created"]) == 30, s["created"]
	PY
	# Saved with a rename: no temporary file stays.
	run ls "$R/oci/c1"
	assert_output state.json
}

@test "state: created while exec.fifo is there, running once it is gone" {
	start_pid1
	container c1
	mkfifo "$R/oci/c1/exec.fifo"
	assert_state c1 status created
	rm "$R/oci/c1/exec.fifo"
	assert_state c1 status running
}

@test "state: stopped, pid 0, once PID 1 has ended, even as a zombie not yet waited for" {
	start_pid1
	container c1
	kill -KILL "$pid"
	wait_until 5 ended "$pid"
	assert_state c1 status stopped
	assert_state c1 pid 0
	wait "$pid" || true
	assert_state c1 status stopped
}

@test "state: a PID another process has now is not the container's (its start time differs)" {
	start_pid1
	container c1
	sed -i 's/"pid_start":[0-9]*/"pid_start":1/' "$R/oci/c1/state.json"
	assert_state c1 status stopped
}

@test "state: creating while create holds the state's lock; stopped if create died" {
	"$VT" --root "$R" creating c1 "$B" >creating.out &
	pids+=($!)
	wait_until 5 grep -q ready creating.out
	assert_state c1 status creating
	assert_state c1 pid 0
	refused 'ch08: container "c1" is being created: delete it once create has ended' v delete --force c1
	kill -KILL "${pids[0]}"
	wait "${pids[0]}" || true
	assert_state c1 status stopped
	run v delete c1
	assert_status 0
	[ ! -e "$R/oci/c1" ]
}

@test "state: a state.json written by hand is read" {
	start_pid1
	mkdir -p "$R/oci/hand"
	printf '{"id":"hand","pid":%d,"pid_start":%s,"bundle":"/b","created":"2024-01-02T03:04:05.000000006Z","created_done":true,"cgroups":[],"annotations":{}}' \
		"$pid" "$(awk '{ sub(/.*\) /, ""); print $20 }' "/proc/$pid/stat")" >"$R/oci/hand/state.json"
	assert_state hand status running
	assert_state hand created 2024-01-02T03:04:05.000000006Z
	run v state hand
	[[ $output != *annotations* ]] || fail "no annotations, yet: $output"
}

@test "missing containers and bad IDs are refused, one line, exit 1" {
	local cmd
	for cmd in state kill delete; do
		refused 'ch08: container "nosuch" does not exist' v "$cmd" nosuch
	done
	refused 'ch08: invalid container ID "a/b": only letters, digits, '"'_', '.' and '-'" v state a/b
	refused 'ch08: invalid container ID "..": it starts with '"'.'" v delete ..
	refused 'ch08: invalid container ID ".x": it starts with '"'.'" v kill .x
	refused 'ch08: invalid container ID "": it is empty' v state ''
	refused "ch08: invalid container ID: only letters, digits, '_', '.' and '-'" v state $'a\nb'
	refused 'ch08: invalid container ID "xxxxxxxxxxxxxxxxxxxx...": longer than 64 characters' \
		v state "$(printf 'x%.0s' {1..65})"
	refused 'ch08: state: expected one container ID' v state
	refused 'ch08: delete: unknown option --now' v delete --now c1
	# 64 characters is the most, and fine.
	refused "ch08: container \"$(printf 'y%.0s' {1..64})\" does not exist" v state "$(printf 'y%.0s' {1..64})"
}

@test "kill: TERM by default; a signal by name, SIG name, any case, or number" {
	start_pid1
	container c1
	run v kill c1
	assert_status 0
	local st=0
	wait "$pid" || st=$?
	assert_equal "$st" 143 "exit status of a sleep killed by TERM"
	local sig
	for sig in USR1 SIGUSR1 usr1 10; do
		start_pid1
		rm -rf "$R/oci/c1"
		container c1
		run v kill c1 "$sig"
		assert_status 0
		st=0
		wait "$pid" || st=$?
		assert_equal "$st" 138 "exit status after kill c1 $sig"
	done
	refused 'ch08: kill: unknown signal "FOO"' v kill c1 FOO
	refused 'ch08: kill: signal 0 is not in 1..64' v kill c1 0
}

@test "kill: a stopped container is refused; --all still reaches what its cgroup holds" {
	make_cgroup
	start_in_cgroup
	container c1 --cgroup "$cg"
	local first=$pid
	start_in_cgroup # a process PID 1 left behind
	kill -KILL "$first"
	wait "$first" || true
	refused 'ch08: container "c1" is stopped, not running' v kill c1 KILL
	kill -0 "$pid" # still there
	run v kill --all c1 KILL
	assert_status 0
	wait_until 5 ended "$pid"
}

@test "kill --all: every process of a running container's cgroup, once each" {
	make_cgroup
	start_in_cgroup
	container c1 --cgroup "$cg"
	local first=$pid
	start_in_cgroup
	run v kill -a c1 TERM
	assert_status 0
	local st=0
	wait "$first" || st=$?
	assert_equal "$st" 143 "PID 1's exit status"
	st=0
	wait "$pid" || st=$?
	assert_equal "$st" 143 "the other's exit status"
}

@test "delete: a stopped container's cgroup and state go" {
	make_cgroup
	start_in_cgroup
	container c1 --cgroup "$cg"
	kill -KILL "$pid"
	wait "$pid" || true
	run v delete c1
	assert_status 0
	assert_output ''
	[ ! -e "$R/oci/c1" ] || fail "state left: $(ls "$R/oci/c1")"
	[ ! -e "$cg" ] || fail "cgroup left: $cg"
	refused 'ch08: container "c1" does not exist' v delete c1
}

@test "delete: a created or running container is refused without --force, and left as it was" {
	start_pid1
	container c1
	refused 'ch08: container "c1" is running: kill it first, or delete --force' v delete c1
	mkfifo "$R/oci/c1/exec.fifo"
	refused 'ch08: container "c1" is created: kill it first, or delete --force' v delete c1
	kill -0 "$pid"
	assert_state c1 status created
}

@test "delete --force: PID 1 killed and waited for, what else is in its cgroup too, all removed" {
	make_cgroup
	start_in_cgroup
	container c1 --cgroup "$cg"
	local first=$pid
	start_in_cgroup # not in PID 1's PID namespace: only the cgroup finds it
	run v delete --force c1
	assert_status 0
	local st=0
	wait "$first" || st=$?
	assert_equal "$st" 137 "PID 1's exit status"
	st=0
	wait "$pid" || st=$?
	assert_equal "$st" 137 "the other's exit status"
	[ ! -e "$R/oci/c1" ] && [ ! -e "$cg" ]
}

@test "delete: a state whose cgroup is not below /sys/fs/cgroup is refused, nothing killed" {
	start_pid1
	container c1
	sed -i 's|"cgroups":\[\]|"cgroups":["/sys/fs/cgroup/../../tmp"]|' "$R/oci/c1/state.json"
	refused "ch08: $R/oci/c1/state.json: cgroup \"/sys/fs/cgroup/../../tmp\" is not below /sys/fs/cgroup" \
		v delete -f c1
	kill -0 "$pid"
}

@test "list: runc's table, --quiet, --format json; what is not a container's state is passed over" {
	run v list
	assert_status 0
	assert_output 'ID          PID         STATUS      BUNDLE      CREATED     OWNER'
	start_pid1
	container b2
	local running=$pid
	start_pid1
	container a1
	kill -KILL "$pid"
	wait "$pid" || true
	# Not containers: a name no ID has, a state not yet saved.
	mkdir "$R/oci/not an ID" "$R/oci/empty"
	run v list
	assert_status 0
	local created
	created=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["created"])' "$R/oci/a1/state.json")
	assert_equal "${lines[0]}" "ID          PID         STATUS      BUNDLE$(printf '%*s' $((${#B} - 3)) '')CREATED                          OWNER"
	assert_equal "${lines[1]}" "a1          0           stopped     $B   $created   root"
	[[ ${lines[2]} == "b2          $running"*" running     $B   "*"   root" ]] || fail "line 2: ${lines[2]}"
	run v list -q
	assert_output $'a1\nb2'
	v list --format json >list.out
	python3 - "$running" <<-'PY'
		import json, sys
		l = json.load(open("list.out"))
		assert [c["id"] for c in l] == ["a1", "b2"], l
		assert l[0]["status"] == "stopped" and l[0]["pid"] == 0, l[0]
		assert l[1]["status"] == "running" and l[1]["pid"] == int(sys.argv[1]), l[1]
		assert l[1]["owner"] == "root", l[1]
	PY
	refused 'ch08: list: --format is table or json, not "yaml"' v list --format yaml
	refused 'ch08: list: takes no container ID' v list a1
}

@test "spec: a config.json of kobako's defaults, with every field runc's has but rlimits; not over one there" {
	run v spec --bundle "$B"
	assert_status 0
	python3 - "$B/config.json" <<-'PY'
		import json, sys
		c = json.load(open(sys.argv[1]))
		p = c["process"]
		assert c["ociVersion"] == "1.2.0"
		assert p["args"] == ["sh"] and p["terminal"] is True and p["cwd"] == "/", p
		assert p["user"] == {"uid": 0, "gid": 0}
		caps = p["capabilities"]["bounding"]
		assert len(caps) == 14 and "CAP_NET_RAW" in caps and "CAP_SYS_ADMIN" not in caps, caps
		assert caps == p["capabilities"]["effective"] == p["capabilities"]["permitted"]
		assert c["root"] == {"path": "rootfs", "readonly": False}
		assert [m["destination"] for m in c["mounts"]] == ["/proc", "/dev", "/dev/pts",
			"/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"]
		ns = [n["type"] for n in c["linux"]["namespaces"]]
		assert ns == ["pid", "network", "ipc", "uts", "mount", "cgroup"], ns
		assert "/proc/kcore" in c["linux"]["maskedPaths"]
		assert "/proc/sys" in c["linux"]["readonlyPaths"]
	PY
	refused "ch08: $B/config.json exists already: remove it first" v spec --bundle "$B"
	mkdir other
	(cd other && "$VT" spec) && [ -f other/config.json ]
}

@test "spec: every field runc spec writes is there, in the same place (rlimits, ambient apart)" {
	command -v runc >/dev/null || skip "runc is not installed"
	(cd "$B" && runc spec)
	mkdir ours
	v spec -b ours
	python3 - "$B/config.json" ours/config.json <<-'PY'
		import json, sys
		def paths(v, at=""):
		    if isinstance(v, dict):
		        for k, x in v.items():
		            yield from paths(x, at + "." + k)
		    elif isinstance(v, list):
		        for x in v:
		            yield from paths(x, at + "[]")
		    else:
		        yield at
		runc, ours = (set(paths(json.load(open(f)))) for f in sys.argv[1:])
		missing = {p for p in runc - ours if "rlimits" not in p and "ambient" not in p}
		assert not missing, sorted(missing)
	PY
}

@test "spec --rootless: a user namespace mapping the caller, no network namespace" {
	v spec --rootless --bundle "$B"
	python3 - "$B/config.json" <<-'PY'
		import json, os, sys
		l = json.load(open(sys.argv[1]))["linux"]
		ns = [n["type"] for n in l["namespaces"]]
		assert "user" in ns and "network" not in ns, ns
		assert l["uidMappings"] == [{"containerID": 0, "hostID": os.geteuid(), "size": 1}]
		assert "resources" not in l
	PY
}

@test "features: the spec's features document, valid JSON" {
	v features >features.out
	python3 - <<-'PY'
		import json
		f = json.load(open("features.out"))
		assert f["ociVersionMin"] == "1.0.0" and f["ociVersionMax"] == "1.2.0"
		assert "poststop" in f["hooks"] and "rbind" in f["mountOptions"]
		l = f["linux"]
		assert sorted(l["namespaces"]) == l["namespaces"] and "user" in l["namespaces"]
		assert l["capabilities"][0] == "CAP_CHOWN" and "CAP_SYS_ADMIN" in l["capabilities"]
		assert l["cgroup"] == {"v1": True, "v2": True, "systemd": False, "systemdUser": False}
		assert "SCMP_ACT_ERRNO" in l["seccomp"]["actions"] and "SCMP_ACT_NOTIFY" not in l["seccomp"]["actions"]
		assert l["seccomp"]["operators"] and l["seccomp"]["archs"]
		assert l["apparmor"] == {"enabled": True} and l["selinux"] == {"enabled": False}
	PY
	refused 'ch08: features: takes no operand' v features x
}
