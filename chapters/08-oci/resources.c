/*
 * The rest of linux.resources, each in the file its cgroup version has
 * for it. Podman's --memory also sets memory.swap (memory and swap
 * together, twice the limit, as Docker does); --cpu-shares, --cpuset-cpus
 * the others.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chapters/08-oci/resources.h"
#include "common/err.h"
#include "common/file.h"

void resources_check(const struct oci_resources *r, int v1)
{
	if (v1 && (r->cpus || r->mems))
		die("linux.resources.cpu.%s: not supported on cgroup v1 by this runtime",
		    r->cpus ? "cpus" : "mems");
}

/* The directory of controller's hierarchy: v2's one, or v1's for it. */
static const char *dir_for(const struct cgroup *cg, const char *controller)
{
	if (!cg->v1)
		return cg->dir[0];
	for (int i = 0; i < cg->n; i++)
		if (!strcmp(cg->controller[i], controller))
			return cg->dir[i];
	return NULL;
}

static void set(const struct cgroup *cg, const char *controller, const char *file,
		const char *field, const char *fmt, long long value)
{
	const char *dir = dir_for(cg, controller);
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "", file);
	/* No such file: a kernel without swap accounting has no memsw; Docker
	 * and runc then leave swap alone too, and say so. */
	if (!dir || (access(path, F_OK) < 0 && errno == ENOENT)) {
		step("%s: no %s on this host: not set", field, file);
		return;
	}
	step("%s: %s = %lld", field, file, value);
	if (write_file(path, fmt, value) < 0)
		die_errno("%s: write %s", field, path);
}

static void set_string(const struct cgroup *cg, const char *file, const char *field,
		       const char *value)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", cg->dir[0], file);
	step("%s: %s = %s", field, file, value);
	if (write_file(path, "%s", value) < 0)
		die_errno("%s: write %s", field, path);
}

/* v2's memory.swap.max is swap alone; the spec's swap is memory and swap
 * together, as v1's memsw. */
static void set_swap(const struct cgroup *cg, const struct oci_resources *r)
{
	const char *field = "linux.resources.memory.swap";
	if (cg->v1) {
		set(cg, "memory", "memory.memsw.limit_in_bytes", field, "%lld", r->memory_swap);
	} else if (r->memory_swap == -1) {
		set_string(cg, "memory.swap.max", field, "max");
	} else {
		long long swap = r->memory_swap - (long long)r->limits.memory;
		if (!r->limits.memory || swap < 0)
			die("%s: %lld: expected at least memory.limit", field,
			    (long long)r->memory_swap);
		set(cg, "memory", "memory.swap.max", field, "%lld", swap);
	}
}

/* cgroup v2's weight, 1..10000 (100 by default), from v1's shares,
 * 2..262144 (1024 by default): the conversion runc and crun use. */
static long long weight_of(uint64_t shares)
{
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((long long)shares - 2) * 9999 / 262142;
}

void resources_apply(const struct cgroup *cg, const struct oci_resources *r)
{
	if (r->memory_swap)
		set_swap(cg, r);
	if (r->memory_reservation > 0)
		set(cg, "memory", cg->v1 ? "memory.soft_limit_in_bytes" : "memory.low",
		    "linux.resources.memory.reservation", "%lld", r->memory_reservation);
	if (r->cpu_shares)
		set(cg, "cpu", cg->v1 ? "cpu.shares" : "cpu.weight", "linux.resources.cpu.shares",
		    "%lld", cg->v1 ? (long long)r->cpu_shares : weight_of(r->cpu_shares));
	if (r->cpus)
		set_string(cg, "cpuset.cpus", "linux.resources.cpu.cpus", r->cpus);
	if (r->mems)
		set_string(cg, "cpuset.mems", "linux.resources.cpu.mems", r->mems);
}
