/*
 * The OCI spec's seccomp profile, config.json's linux.seccomp, compiled to
 * a classic BPF filter with chapter 04's assembler (bpf.h), as runc has
 * libseccomp do it:
 *
 *   - the call's ABI first: the native one is judged, one the profile lists
 *     but this build cannot judge gets the default action (or is killed,
 *     should that action let calls through), any other is killed;
 *   - then each call the profile names, tested one after the other: its
 *     rules in the profile's order, the first whose conditions all hold
 *     deciding (a rule's args are ANDed, several rules for one call ORed);
 *   - a call no rule takes gets defaultAction.
 *
 * A profile names its calls; the filter compares numbers. The numbers come
 * from this machine's kernel headers, through a table the build writes
 * (Makefile, $(BUILD)/gen/syscalls.h). A profile lists the calls of every
 * architecture and kernel version (Docker's names _llseek, which x86-64
 * never had): a name the headers do not know is skipped, as runc skips it.
 *
 * An argument is 64 bits, and BPF compares 32: each comparison is made on
 * the high word, then the low one, as libseccomp makes it.
 *
 * The calls are a list, tested one after the other (a few hundred tests for
 * Docker's profile), not chapter 04's lookup tree: since Linux 5.11 the
 * kernel runs a new filter for every call number once, and a call it
 * finds allowed whatever its arguments is never filtered again (the
 * "constant-action bitmap"), so the common calls do not pay for the list.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/bpf.h"
#include "chapters/08-oci/json.h"
#include "chapters/08-oci/seccomp_oci.h"
#include "common/array.h"
#include "common/err.h"

#if defined(__x86_64__)
#define NATIVE      AUDIT_ARCH_X86_64
#define NATIVE_NAME "SCMP_ARCH_X86_64"
#elif defined(__aarch64__)
#define NATIVE      AUDIT_ARCH_AARCH64
#define NATIVE_NAME "SCMP_ARCH_AARCH64"
#else
#error "kobako's seccomp filter knows x86-64 and aarch64"
#endif

/* Every call this machine's headers know, sorted by name. */
static const struct syscall_name {
	const char *name;
	int nr;
} syscall_names[] = {
#include "gen/syscalls.h"
};

static int by_name(const void *key, const void *row)
{
	return strcmp(key, ((const struct syscall_name *)row)->name);
}

static const struct syscall_name *lookup(const char *name)
{
	return bsearch(name, syscall_names, ARRAY_SIZE(syscall_names), sizeof(*syscall_names),
		       by_name);
}

int oci_seccomp_number(const char *name)
{
	const struct syscall_name *s = lookup(name);
	return s ? s->nr : -1;
}

/* Where struct seccomp_data keeps each field, and each half of an
 * argument. */
#define NR   offsetof(struct seccomp_data, nr)
#define ARCH offsetof(struct seccomp_data, arch)
#define ARG0 offsetof(struct seccomp_data, args)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LOW(i)  (ARG0 + 8 * (i))
#define HIGH(i) (ARG0 + 8 * (i) + 4)
#else
#define LOW(i)  (ARG0 + 8 * (i) + 4)
#define HIGH(i) (ARG0 + 8 * (i))
#endif

/* The listing's comments of numbers are written as the filter is: they
 * are kept here until the next compile, as bpf.h keeps only pointers. */
static char **kept;
static size_t kept_n;

static const char *keep(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *keep(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	char **more = realloc(kept, (kept_n + 1) * sizeof(*kept));
	if (n < 0 || !more)
		die("seccomp: out of memory");
	kept = more;
	kept[kept_n++] = s;
	return s;
}

static void forget(void)
{
	for (size_t i = 0; i < kept_n; i++)
		free(kept[i]);
	free(kept);
	kept = NULL;
	kept_n = 0;
}

/* A member the spec requires. */
static const struct json *need(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);
	if (!v || v->type == JSON_NULL)
		die("%s%s%s: required", obj->path, *obj->path ? "." : "", key);
	return v;
}

/* A member that may be absent or null. */
static const struct json *maybe(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);
	return v && v->type != JSON_NULL ? v : NULL;
}

/* ---- actions ---- */

static const struct {
	const char *name;
	uint32_t ret;
} actions[] = {
	{ "SCMP_ACT_ALLOW", SECCOMP_RET_ALLOW },
	{ "SCMP_ACT_LOG", SECCOMP_RET_LOG },
	/* libseccomp's KILL kills the thread alone, as the kernel's KILL does */
	{ "SCMP_ACT_KILL", SECCOMP_RET_KILL_THREAD },
	{ "SCMP_ACT_KILL_THREAD", SECCOMP_RET_KILL_THREAD },
	{ "SCMP_ACT_KILL_PROCESS", SECCOMP_RET_KILL_PROCESS },
	{ "SCMP_ACT_TRAP", SECCOMP_RET_TRAP },
};

/* An action and its errnoRet (NULL if not given) as the filter's verdict.
 * ERRNO fails the call with the errno (EPERM if none is given); TRACE hands
 * the number to a tracer, as runc does. The spec has any other action with
 * an errnoRet refused. */
static uint32_t verdict_of(const struct json *action, const struct json *errno_ret)
{
	const char *a = json_string(action);
	uint32_t data = errno_ret ? json_u32(errno_ret) : EPERM;
	int is_errno = !strcmp(a, "SCMP_ACT_ERRNO");
	if (is_errno || !strcmp(a, "SCMP_ACT_TRACE")) {
		/* the kernel caps an errno at 4095; a tracer gets 16 bits */
		uint32_t max = is_errno ? 4095 : SECCOMP_RET_DATA;
		if (data > max)
			json_die(errno_ret, "%u is above %u, the largest %s", data, max,
				 is_errno ? "errno" : "number SCMP_ACT_TRACE can pass");
		return (is_errno ? SECCOMP_RET_ERRNO : SECCOMP_RET_TRACE) | data;
	}
	if (!strcmp(a, "SCMP_ACT_NOTIFY"))
		json_die(action, "SCMP_ACT_NOTIFY needs a listener (listenerPath), which kobako "
				 "does not support");
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
		if (strcmp(a, actions[i].name))
			continue;
		if (errno_ret)
			json_die(errno_ret,
				 "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take one, not %s", a);
		return actions[i].ret;
	}
	json_die(action,
		 "unknown action %s (SCMP_ACT_ALLOW, ERRNO, KILL, KILL_THREAD, KILL_PROCESS, "
		 "TRAP, TRACE, LOG)",
		 a);
}

/* Whether a verdict stops the call: ALLOW, LOG and TRACE (a tracer may let
 * it run) do not. */
static int refuses(uint32_t ret)
{
	uint32_t action = ret & SECCOMP_RET_ACTION_FULL;
	return action != SECCOMP_RET_ALLOW && action != SECCOMP_RET_LOG &&
	       action != SECCOMP_RET_TRACE;
}

/* ---- the ABI ---- */

static const struct {
	const char *name;
	uint32_t audit;
} arches[] = {
	{ "SCMP_ARCH_X86", AUDIT_ARCH_I386 },
	{ "SCMP_ARCH_X86_64", AUDIT_ARCH_X86_64 },
	/* x32 calls come through x86-64's ABI, numbered from __X32_SYSCALL_BIT */
	{ "SCMP_ARCH_X32", AUDIT_ARCH_X86_64 },
	{ "SCMP_ARCH_ARM", AUDIT_ARCH_ARM },
	{ "SCMP_ARCH_AARCH64", AUDIT_ARCH_AARCH64 },
	{ "SCMP_ARCH_MIPS", AUDIT_ARCH_MIPS },
	{ "SCMP_ARCH_MIPS64", AUDIT_ARCH_MIPS64 },
	{ "SCMP_ARCH_MIPS64N32", AUDIT_ARCH_MIPS64N32 },
	{ "SCMP_ARCH_MIPSEL", AUDIT_ARCH_MIPSEL },
	{ "SCMP_ARCH_MIPSEL64", AUDIT_ARCH_MIPSEL64 },
	{ "SCMP_ARCH_MIPSEL64N32", AUDIT_ARCH_MIPSEL64N32 },
	{ "SCMP_ARCH_PPC", AUDIT_ARCH_PPC },
	{ "SCMP_ARCH_PPC64", AUDIT_ARCH_PPC64 },
	{ "SCMP_ARCH_PPC64LE", AUDIT_ARCH_PPC64LE },
	{ "SCMP_ARCH_S390", AUDIT_ARCH_S390 },
	{ "SCMP_ARCH_S390X", AUDIT_ARCH_S390X },
	{ "SCMP_ARCH_PARISC", AUDIT_ARCH_PARISC },
	{ "SCMP_ARCH_PARISC64", AUDIT_ARCH_PARISC64 },
	{ "SCMP_ARCH_RISCV64", AUDIT_ARCH_RISCV64 },
	{ "SCMP_ARCH_LOONGARCH64", AUDIT_ARCH_LOONGARCH64 },
};

static int arch_index(const struct json *v)
{
	const char *name = json_string(v);
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (!strcmp(name, arches[i].name))
			return (int)i;
	json_die(v, "unknown architecture %s", name);
}

/* A call's number means nothing without its ABI (on x86-64, 59 is execve,
 * through the 32-bit ABI it is olduname), so the filter judges native calls
 * alone. A call through an ABI the profile lists, whose numbers this build
 * does not know, gets the default action: unless that action lets calls
 * through, for a deny-list must not be walked around through another ABI;
 * then, as a call through an ABI the profile does not list, it is killed. */
static void check_abi(struct filter *f, const struct json *list, uint32_t dflt)
{
	uint32_t other = refuses(dflt) ? dflt : SECCOMP_RET_KILL_PROCESS;
	int x32 = 0, listed = 0;
	LOAD(f, ARCH, "A = the ABI the call came through");
	JEQ(f, NATIVE, NATIVE_NAME, "native", "next", "this build's own");
	for (size_t i = 0; list && i < json_array(list)->count; i++) {
		int a = arch_index(&list->items[i]);
		if (arches[a].audit == NATIVE) {
			x32 |= !strcmp(arches[a].name, "SCMP_ARCH_X32");
			continue;
		}
		JEQ(f, arches[a].audit, arches[a].name, "listed", "next", "");
		listed = 1;
	}
	RET(f, SECCOMP_RET_KILL_PROCESS, "an ABI the profile does not list");
	if (listed) {
		LABEL(f, "listed");
		RET(f, other, "an ABI it lists, whose numbers this build does not know");
	}
	LABEL(f, "native");
	LOAD(f, NR, "A = the system call's number");
#ifdef __X32_SYSCALL_BIT
	JGE(f, K(__X32_SYSCALL_BIT), "next", "calls", "an x32 call");
	RET(f, x32 ? other : SECCOMP_RET_KILL_PROCESS,
	    x32 ? "x32: listed, numbered otherwise" : "x32: not listed");
	LABEL(f, "calls");
#else
	(void)x32;
#endif
}

/* ---- argument conditions ---- */

enum op { OP_NE, OP_LT, OP_LE, OP_EQ, OP_GE, OP_GT, OP_MASKED_EQ };
static const char *const ops[] = {
	"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
	"SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};
static const char *const op_signs[] = { "!=", "<", "<=", "==", ">=", ">", "& mask ==" };

struct cond {
	unsigned index; /* 0..5 */
	enum op op;
	uint64_t value, two; /* MASKED_EQ: (arg & value) == two */
};

static struct cond cond_of(const struct json *arg)
{
	struct cond c = { 0 };
	const struct json *index = need(arg, "index"), *op = need(arg, "op");
	c.index = json_u32(index);
	if (c.index > 5)
		json_die(index, "%u: a system call has six arguments, 0 to 5", c.index);
	c.value = json_u64(need(arg, "value"));
	const struct json *two = maybe(arg, "valueTwo");
	c.two = two ? json_u64(two) : 0;
	const char *name = json_string(op);
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(name, ops[i])) {
			c.op = (enum op)i;
			return c;
		}
	json_die(op, "unknown operator %s (SCMP_CMP_NE, LT, LE, EQ, GE, GT, MASKED_EQ)", name);
}

/* A test of A against k, its constant named by its number in the listing. */
#define TEST(f, code, k, jt, jf, note)                                                             \
	bpf_emit(f, BPF_JMP | (code) | BPF_K, k, keep("%#x", (unsigned)(k)), jt, jf, note)

/* A > v: to yes, else to no. bpf.h has no jgt: A > v is A >= v + 1, and
 * nothing is above 0xffffffff. */
static void above(struct filter *f, uint32_t v, const char *yes, const char *no, const char *note)
{
	if (v < UINT32_MAX)
		TEST(f, BPF_JGE, v + 1, yes, no, note);
	else if (strcmp(no, "next"))
		GOTO(f, no, note);
}

/* (A & m) == d, on one word. bpf.h has no and (chapter 04 leaves it to its
 * reader), and jset is enough: the bits of m that d leaves clear must be
 * clear, one test; each bit d sets must be set, a test each. */
static void masked(struct filter *f, uint32_t m, uint32_t d, const char *note)
{
	if (d & ~m) {
		GOTO(f, "nomatch", "never: the value has bits the mask clears");
		return;
	}
	if (m & ~d)
		TEST(f, BPF_JSET, m & ~d, "nomatch", "next", note);
	for (int b = 0; b < 32; b++)
		if (d & (1u << b))
			TEST(f, BPF_JSET, 1u << b, "next", "nomatch", note);
}

/* One condition: falls through if it holds, else goes to "nomatch". The
 * high words decide unless they are equal; then the low words do. */
static void condition(struct filter *f, const struct cond *c)
{
	static const char *const high[] = { "A = args[0], high word", "A = args[1], high word",
					    "A = args[2], high word", "A = args[3], high word",
					    "A = args[4], high word", "A = args[5], high word" };
	uint32_t hi = (uint32_t)(c->value >> 32), lo = (uint32_t)c->value;
	const char *what =
		keep("args[%u] %s %#llx", c->index, op_signs[c->op], (unsigned long long)c->value);
	if (c->op == OP_MASKED_EQ)
		what = keep("args[%u] & %#llx == %#llx", c->index, (unsigned long long)c->value,
			    (unsigned long long)c->two);
	LOAD(f, HIGH(c->index), high[c->index]);
	switch (c->op) {
	case OP_EQ:
		TEST(f, BPF_JEQ, hi, "next", "nomatch", what);
		break;
	case OP_NE:
		TEST(f, BPF_JEQ, hi, "next", "c_ok", what);
		break;
	case OP_GT:
	case OP_GE:
		above(f, hi, "c_ok", "next", what);
		TEST(f, BPF_JEQ, hi, "next", "nomatch", what);
		break;
	case OP_LT:
	case OP_LE:
		above(f, hi, "nomatch", "next", what);
		TEST(f, BPF_JEQ, hi, "next", "c_ok", what);
		break;
	case OP_MASKED_EQ:
		masked(f, (uint32_t)(c->value >> 32), (uint32_t)(c->two >> 32), what);
		break;
	}
	LOAD(f, LOW(c->index), "A = the low word");
	switch (c->op) {
	case OP_EQ:
		TEST(f, BPF_JEQ, lo, "next", "nomatch", what);
		break;
	case OP_NE:
		TEST(f, BPF_JEQ, lo, "nomatch", "next", what);
		break;
	case OP_GT:
		above(f, lo, "next", "nomatch", what);
		break;
	case OP_GE:
		TEST(f, BPF_JGE, lo, "next", "nomatch", what);
		break;
	case OP_LT:
		TEST(f, BPF_JGE, lo, "nomatch", "next", what);
		break;
	case OP_LE:
		above(f, lo, "nomatch", "next", what);
		break;
	case OP_MASKED_EQ:
		masked(f, (uint32_t)c->value, (uint32_t)c->two, what);
		break;
	}
	LABEL(f, "c_ok");
}

/* ---- rules ---- */

/* One entry of syscalls[], checked whole before anything is written. */
struct entry {
	const struct json *args; /* NULL: no conditions */
	uint32_t ret;
	const char *action; /* its name, for the listing */
	const struct syscall_name **calls;
	size_t n; /* calls: the names this kernel knows */
};

static void refuse_docker(const struct json *obj, const char *key)
{
	const struct json *v = maybe(obj, key);
	if (v && (v->type != JSON_OBJECT || v->count))
		json_die(v, "a condition of Docker's profile format, not of the OCI spec's: "
			    "the engine that writes config.json resolves it");
}

static struct entry entry_of(const struct json *e)
{
	struct entry r = { 0 };
	json_object(e);
	refuse_docker(e, "includes");
	refuse_docker(e, "excludes");
	const struct json *action = need(e, "action");
	r.ret = verdict_of(action, maybe(e, "errnoRet"));
	r.action = keep("%s", json_string(action)); /* the listing outlives the profile */
	r.args = maybe(e, "args");
	if (r.args && !json_array(r.args)->count)
		r.args = NULL;
	for (size_t i = 0; r.args && i < r.args->count; i++)
		cond_of(&r.args->items[i]);
	const struct json *names = json_array(need(e, "names"));
	r.calls = calloc(names->count + 1, sizeof(*r.calls));
	if (!r.calls)
		die("seccomp: out of memory");
	for (size_t i = 0; i < names->count; i++) {
		const struct syscall_name *s = lookup(json_string(&names->items[i]));
		if (s) /* unknown here: another architecture's, or a newer kernel's */
			r.calls[r.n++] = s;
	}
	return r;
}

static int names(const struct entry *e, const struct syscall_name *s)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->calls[i]->nr == s->nr)
			return 1;
	return 0;
}

/* A rule with conditions: each holds, or on to "nomatch", the next rule. */
static void rule(struct filter *f, const struct entry *e)
{
	for (size_t i = 0; i < e->args->count; i++) {
		struct cond c = cond_of(&e->args->items[i]);
		condition(f, &c);
	}
	RET(f, e->ret, keep("%s: every condition holds", e->action));
	LABEL(f, "nomatch");
}

/* The test of one call and its rules. The first rule that names it without
 * conditions decides alone: two instructions. Otherwise its rules follow
 * the test, in order, then the default action, and a ja, which reaches
 * anywhere, skips them all when the call is another. */
static void call(struct filter *f, const struct syscall_name *s, const struct entry *e, size_t n,
		 uint32_t dflt)
{
	size_t first = 0;
	while (!names(&e[first], s))
		first++;
	if (!e[first].args) {
		JEQ(f, (uint32_t)s->nr, s->name, "next", "skip", "");
		RET(f, e[first].ret, e[first].action);
		LABEL(f, "skip");
		return;
	}
	JEQ(f, (uint32_t)s->nr, s->name, "body", "next", "");
	GOTO(f, "skip", "another call");
	LABEL(f, "body");
	for (size_t i = first; i < n; i++) {
		if (!names(&e[i], s))
			continue;
		if (!e[i].args) {
			RET(f, e[i].ret, e[i].action);
			LABEL(f, "skip");
			return; /* any later rule for it is never reached */
		}
		rule(f, &e[i]);
	}
	RET(f, dflt, keep("%s: no rule holds: the default action", s->name));
	LABEL(f, "skip");
}

/* Each call once, in the order the profile first names it. */
static void calls(struct filter *f, const struct entry *e, size_t n, uint32_t dflt)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < e[i].n; j++) {
			int seen = 0;
			for (size_t k = 0; k < i && !seen; k++)
				seen = names(&e[k], e[i].calls[j]);
			for (size_t k = 0; k < j && !seen; k++)
				seen = e[i].calls[k]->nr == e[i].calls[j]->nr;
			if (!seen)
				call(f, e[i].calls[j], e, n, dflt);
		}
}

void oci_seccomp_compile(struct filter *f, const struct json *seccomp)
{
	forget();
	json_object(seccomp);
	if (maybe(seccomp, "archMap"))
		json_die(maybe(seccomp, "archMap"),
			 "Docker's profile format, not the OCI spec's: config.json lists "
			 "architectures");
	oci_seccomp_flags(seccomp);
	uint32_t dflt =
		verdict_of(need(seccomp, "defaultAction"), maybe(seccomp, "defaultErrnoRet"));
	const struct json *list = maybe(seccomp, "syscalls");
	size_t n = list ? json_array(list)->count : 0;
	struct entry *e = calloc(n + 1, sizeof(*e));
	if (!e)
		die("seccomp: out of memory");
	for (size_t i = 0; i < n; i++)
		e[i] = entry_of(&list->items[i]);

	bpf_start(f, "seccomp");
	check_abi(f, maybe(seccomp, "architectures"), dflt);
	calls(f, e, n, dflt);
	RET(f, dflt, "any other call: the default action");
	bpf_assemble(f);
	for (size_t i = 0; i < n; i++)
		free(e[i].calls);
	free(e);
}

/* ---- flags, listing, loading ---- */

unsigned int oci_seccomp_flags(const struct json *seccomp)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} known[] = {
		{ "SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC },
		{ "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
		{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
	};
	const struct json *listener = maybe(seccomp, "listenerPath");
	if (listener)
		json_die(listener, "a seccomp listener (SCMP_ACT_NOTIFY) is not supported");
	const struct json *list = maybe(seccomp, "flags");
	unsigned int flags = 0;
	for (size_t i = 0; list && i < json_array(list)->count; i++) {
		const char *name = json_string(&list->items[i]);
		size_t k = 0;
		while (k < ARRAY_SIZE(known) && strcmp(name, known[k].name))
			k++;
		if (k == ARRAY_SIZE(known))
			json_die(&list->items[i],
				 "%s is not supported (SECCOMP_FILTER_FLAG_TSYNC, LOG, SPEC_ALLOW "
				 "are)",
				 name);
		flags |= known[k].bit;
	}
	return flags;
}

/* The listing's names for what the filter returns, and for the fields of
 * struct seccomp_data it loads. */
static const char *verdict(uint32_t k, char *buf, size_t len)
{
	uint32_t data = k & SECCOMP_RET_DATA;
	switch (k & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
		return "ALLOW";
	case SECCOMP_RET_LOG:
		return "LOG";
	case SECCOMP_RET_KILL_PROCESS:
		return "KILL_PROCESS";
	case SECCOMP_RET_KILL_THREAD:
		return "KILL_THREAD";
	case SECCOMP_RET_TRAP:
		return "TRAP";
	case SECCOMP_RET_ERRNO:
		snprintf(buf, len, "ERRNO(%u)", data);
		return buf;
	case SECCOMP_RET_TRACE:
		snprintf(buf, len, "TRACE(%u)", data);
		return buf;
	}
	snprintf(buf, len, "%#x", k);
	return buf;
}

static const char *field(uint32_t off, char *buf, size_t len)
{
	if (off == NR)
		return "nr";
	if (off == ARCH)
		return "arch";
	snprintf(buf, len, "args[%u] %s", (unsigned)((off - ARG0) / 8),
		 off == LOW((off - ARG0) / 8) ? "low" : "high");
	return buf;
}

static const struct bpf_names names_of = { field, verdict };

void oci_seccomp_print(const struct filter *f)
{
	printf("# the profile's seccomp filter: %d instructions of classic BPF for %s.\n"
	       "# A is the one register; a test goes to jt if true, to jf if false.\n",
	       f->n, NATIVE_NAME);
	bpf_list(f, &names_of);
}

void oci_seccomp_load(const struct filter *f, unsigned int flags)
{
	step("seccomp: load the profile's filter (%d instructions, flags %#x)", f->n, flags);
	struct sock_fprog prog = { .len = (unsigned short)f->n,
				   .filter = (struct sock_filter *)f->ins };
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (r < 0)
		die_errno("seccomp");
	/* with TSYNC, the id of a thread that could not take the filter */
	if (r > 0)
		die("seccomp: thread %ld could not take the filter (SECCOMP_FILTER_FLAG_TSYNC)", r);
}
