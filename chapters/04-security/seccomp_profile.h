/* Docker's default seccomp profile: what a container may call. */
#ifndef KOBAKO_SECCOMP_PROFILE_H
#define KOBAKO_SECCOMP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

/* A system call's number and its name, as K() of bpf.h gives a constant's:
 * CALL(clone) is __NR_clone, "clone". */
#define CALL(name) __NR_##name, #name
/* A capability as a bit of a set: CAP(SYS_ADMIN). */
#define CAP(name) (1ULL << CAP_##name)

struct call {
	int nr; /* -1: not a call of this architecture */
	const char *name;
};

/* Allowed to every container. */
extern const struct call allowed_calls[];
extern const size_t allowed_calls_n;

/* Refused with EPERM, unless the container kept one of the capabilities in
 * unless. */
struct refused_call {
	int nr;
	const char *name;
	uint64_t unless;
};
extern const struct refused_call refused_calls[];
extern const size_t refused_calls_n;

#endif
