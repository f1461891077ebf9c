/*
 * The devices cgroup: Docker's second wall around device nodes.
 *
 * The first wall is nodev: a node on a nodev mount cannot be opened. But a
 * container given CAP_SYS_ADMIN can remount its root with "dev", and with
 * the default CAP_MKNOD make a node for the host's disk: the mount flag
 * alone fails. The kernel asks the cgroup too, on every open and mknod of a
 * device node, whatever the mount and the capabilities: a device the cgroup
 * does not allow gives EPERM.
 *
 * Which devices: exactly those chapter 02's make_dev puts in /dev, and the
 * terminals of the container's own devpts. Making a node of any device is
 * allowed, as Docker allows it (tar, or a package's install script, may
 * make nodes): a node made is of no use, it cannot be opened.
 *
 * cgroup v1 has a controller for it, with a list written to its files. On
 * v2 there is no controller: the kernel runs a BPF program attached to the
 * cgroup, which answers 1 (allow) or 0 (deny) for each access.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/04-security/devices.h"
#include "common/array.h"
#include "common/err.h"
#include "common/file.h"

enum { ANY = -1 }; /* a minor number: every one */

/* What chapter 02's /dev has: null zero full random urandom tty, ptmx (a
 * link to pts/ptmx, 5:2), and the terminals of its devpts, 136:N. */
/* clang-format off */
static const struct device {
	char type; /* 'c': a character device; 'b': a block device */
	int major, minor;
} allowed[] = {
	{ 'c', 1, 3 },     /* null */
	{ 'c', 1, 5 },     /* zero */
	{ 'c', 1, 7 },     /* full */
	{ 'c', 1, 8 },     /* random */
	{ 'c', 1, 9 },     /* urandom */
	{ 'c', 5, 0 },     /* tty */
	{ 'c', 5, 2 },     /* ptmx */
	{ 'c', 136, ANY }, /* pts/N */
};
/* clang-format on */

static const char names[] = "null zero full random urandom tty ptmx pts/*";

/* --- cgroup v1: the devices controller ------------------------------------ */

static void write_rule(const char *dir, const char *file, const char *rule)
{
	char path[PATH_MAX];
	pathf(path, "%s/%s", dir, file);
	if (write_file(path, "%s", rule) < 0)
		die_errno("write %s=%s", file, rule);
}

static void v1_allow(const char *dir)
{
	step("devices: %s only, mknod of any (devices.deny, devices.allow in %s)", names, dir);
	/* "a": every device, every access. Denied first, then allowed back. */
	write_rule(dir, "devices.deny", "a");
	write_rule(dir, "devices.allow", "c *:* m");
	write_rule(dir, "devices.allow", "b *:* m");
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++) {
		const struct device *d = &allowed[i];
		char rule[32], minor[12] = "*";
		if (d->minor != ANY)
			snprintf(minor, sizeof(minor), "%d", d->minor);
		snprintf(rule, sizeof(rule), "%c %d:%s rwm", d->type, d->major, minor);
		write_rule(dir, "devices.allow", rule);
	}
}

/* --- cgroup v2: a BPF program --------------------------------------------- */

/*
 * eBPF, not the classic BPF of the seccomp filter: ten 64-bit registers, r1
 * pointing at the context on entry, r0 the answer. The context is a struct
 * bpf_cgroup_dev_ctx: access_type (the device type in its low 16 bits, the
 * access in its high 16), major, minor. The "w" registers are the low 32
 * bits of the "r" ones: 32-bit operations, as the context's fields are.
 */
#define LOAD_CTX(dst, field)                                                                       \
	((struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_W,                                     \
			    .dst_reg = (dst),                                                      \
			    .src_reg = BPF_REG_1,                                                  \
			    .off = offsetof(struct bpf_cgroup_dev_ctx, field) })
#define ALU32_IMM(op, dst, k)                                                                      \
	((struct bpf_insn){ .code = BPF_ALU | (op) | BPF_K, .dst_reg = (dst), .imm = (k) })
#define MOV32_REG(dst, src)                                                                        \
	((struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X, .dst_reg = (dst), .src_reg = (src) })
/* if dst != k, skip the next `skip` instructions */
#define JNE_IMM(dst, k, skip)                                                                      \
	((struct bpf_insn){                                                                        \
		.code = BPF_JMP | BPF_JNE | BPF_K, .dst_reg = (dst), .off = (skip), .imm = (k) })
#define EXIT() ((struct bpf_insn){ .code = BPF_JMP | BPF_EXIT })

enum { TYPE = BPF_REG_2, ACCESS = BPF_REG_3, MAJOR = BPF_REG_4, MINOR = BPF_REG_5 };

struct program {
	struct bpf_insn ins[9 + 5 * ARRAY_SIZE(allowed) + 2];
	int n;
};

static void emit(struct program *p, struct bpf_insn insn)
{
	p->ins[p->n++] = insn;
}

/* r0 = answer; exit */
static void answer(struct program *p, int answer)
{
	emit(p, ALU32_IMM(BPF_MOV, BPF_REG_0, answer));
	emit(p, EXIT());
}

/* One rule: if type, major (and minor) are the device's, answer 1. Each
 * test skips what is left of the rule when it does not match. */
static void emit_rule(struct program *p, const struct device *d)
{
	int left = d->minor == ANY ? 3 : 4; /* the instructions after the first test */
	int type = d->type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK;
	emit(p, JNE_IMM(TYPE, type, left--));
	emit(p, JNE_IMM(MAJOR, d->major, left--));
	if (d->minor != ANY)
		emit(p, JNE_IMM(MINOR, d->minor, left--));
	answer(p, 1);
}

static void build(struct program *p)
{
	p->n = 0;
	emit(p, LOAD_CTX(TYPE, access_type));
	emit(p, MOV32_REG(ACCESS, TYPE));
	emit(p, ALU32_IMM(BPF_RSH, ACCESS, 16));
	emit(p, ALU32_IMM(BPF_AND, TYPE, 0xffff));
	emit(p, LOAD_CTX(MAJOR, major));
	emit(p, LOAD_CTX(MINOR, minor));
	/* mknod alone, of any device: allowed. An open never is "mknod". */
	emit(p, JNE_IMM(ACCESS, BPF_DEVCG_ACC_MKNOD, 2));
	answer(p, 1);
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
		emit_rule(p, &allowed[i]);
	answer(p, 0); /* no rule matched */
}

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* The verifier checks the program before the kernel takes it. If it
 * refuses, load again with a log: its message says which instruction. */
static int load(const struct program *p)
{
	static char log[4096];
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE,
		.insns = (uintptr_t)p->ins,
		.insn_cnt = p->n,
		/* No GPL-only helper is called: any license string will do. */
		.license = (uintptr_t) "",
	};
	int fd = bpf(BPF_PROG_LOAD, &attr);
	if (fd >= 0)
		return fd;
	int err = errno;
	attr.log_buf = (uintptr_t)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	if (bpf(BPF_PROG_LOAD, &attr) < 0 && log[0])
		die("bpf BPF_PROG_LOAD: %s: the verifier says:\n%s", strerror(err), log);
	errno = err;
	die_errno("bpf BPF_PROG_LOAD (the devices program)");
}

static void v2_allow(const struct cgroup *cg)
{
	struct program p;
	build(&p);
	step("devices: %s only, mknod of any (a BPF program of %d instructions on %s)", names, p.n,
	     cg->dir[0]);
	int prog = load(&p);
	/* Flags 0: no program may be attached below it to override it. */
	union bpf_attr attr = {
		.target_fd = cg->fd,
		.attach_bpf_fd = prog,
		.attach_type = BPF_CGROUP_DEVICE,
	};
	if (bpf(BPF_PROG_ATTACH, &attr) < 0)
		die_errno("bpf BPF_PROG_ATTACH to %s", cg->dir[0]);
	/* The cgroup holds the program now; it is detached and freed when
	 * the cgroup is removed. */
	close(prog);
}

void allow_devices(const struct cgroup *cg)
{
	if (!cg->v1) {
		v2_allow(cg);
		return;
	}
	for (int i = 0; i < cg->n; i++)
		if (!strcmp(cg->controller[i], "devices")) {
			v1_allow(cg->dir[i]);
			return;
		}
	die("cgroup v1: this host has no devices controller: no device allow-list");
}
