# Docker's (and Podman's) seccomp profile format, made the OCI spec's
# linux.seccomp as the engine makes it for config.json: for a container
# with the capabilities $caps on the architecture $arch (Docker's name:
# amd64) whose ABI is $native (SCMP_ARCH_X86_64), keep the rules whose
# includes hold and whose excludes do not, without those conditions, and
# list the architectures archMap gives the native one.
#
#   jq --argjson caps '["CAP_CHOWN",...]' --arg arch amd64 \
#      --arg native SCMP_ARCH_X86_64 -f oci-profile.jq seccomp.json
def has($list; $x): any($list[]?; . == $x);
def applies:
	(.includes // {}) as $in | (.excludes // {}) as $ex |
	all(($in.caps // [])[]; has($caps; .)) and
	(($in.arches // []) == [] or has($in.arches; $arch)) and
	all(($ex.caps // [])[]; has($caps; .) | not) and
	(has($ex.arches // []; $arch) | not);
{
	defaultAction,
	defaultErrnoRet,
	architectures: [.archMap[] | select(.architecture == $native) |
		.architecture, .subArchitectures[]],
	syscalls: [.syscalls[] | select(applies) |
		{ names, action, args, errnoRet } | with_entries(select(.value != null))]
} | with_entries(select(.value != null))
