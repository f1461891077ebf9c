/*
 * Classic BPF, the language of packet filters, is a list of instructions
 * for one register, A: load a 32-bit word of the data into A, compare A
 * with a constant and jump forward, return a verdict. A jump says how many
 * instructions to skip; counted by hand, those numbers go wrong at the
 * first edit.
 *
 * So a program is written here with labels, as in an assembler: a test
 * names the label it jumps to, and bpf_assemble() counts the offsets the
 * kernel wants. A rule can thus be added or removed without recounting any
 * jump. bpf_list() prints the program back as an assembler's listing.
 *
 * What the program is for, and what its data and verdicts mean, is the
 * caller's business: seccomp.c is one.
 */
#include <stdio.h>
#include <string.h>

#include "chapters/04-security/bpf.h"
#include "common/err.h"

void bpf_start(struct filter *f, const char *who)
{
	f->who = who;
	f->n = 0;
	f->labels = 0;
}

void bpf_emit(struct filter *f, uint16_t code, uint32_t k, const char *k_name, const char *jt,
	      const char *jf, const char *note)
{
	if (f->n == FILTER_MAX)
		die("%s: the filter is longer than %d instructions", f->who, FILTER_MAX);
	f->ins[f->n] = (struct sock_filter){ code, 0, 0, k };
	f->src[f->n].k = k_name;
	f->src[f->n].jt = jt;
	f->src[f->n].jf = jf;
	f->src[f->n].note = note;
	f->n++;
}

/* BPF jumps only go forward, so a jump to a name placed many times can
 * only mean its first place ahead: every rule can end in its own "refuse". */
void bpf_place(struct filter *f, const char *name)
{
	if (f->labels == FILTER_MAX)
		die("%s: more than %d labels", f->who, FILTER_MAX);
	f->label[f->labels].name = name;
	f->label[f->labels].at = f->n;
	f->labels++;
}

/* Where a jump from instruction i to label name lands: the first place of
 * that name after i. */
static int target(const struct filter *f, int i, const char *name)
{
	if (!strcmp(name, "next"))
		return i + 1;
	for (int l = 0; l < f->labels; l++)
		if (f->label[l].at > i && f->label[l].at < f->n && !strcmp(f->label[l].name, name))
			return f->label[l].at;
	die("%s: instruction %d jumps to %s, but no instruction after it has that label", f->who, i,
	    name);
}

/* A test's jt and jf are 8 bits: it can skip 255 instructions at most. */
static uint8_t offset(const struct filter *f, int i, const char *name)
{
	int skip = target(f, i, name) - (i + 1);
	if (skip > 255)
		die("%s: instruction %d jumps to %s, %d instructions ahead: a test "
		    "reaches 255 at most (place another %s nearer)",
		    f->who, i, name, skip, name);
	return (uint8_t)skip;
}

/* Labels become what the kernel reads: how many instructions to skip. A
 * ja keeps its count in k, and has no jt or jf. */
void bpf_assemble(struct filter *f)
{
	for (int i = 0; i < f->n; i++) {
		if (BPF_CLASS(f->ins[i].code) != BPF_JMP)
			continue;
		if (BPF_OP(f->ins[i].code) == BPF_JA) {
			f->ins[i].k = (uint32_t)(target(f, i, f->src[i].jt) - (i + 1));
			continue;
		}
		f->ins[i].jt = offset(f, i, f->src[i].jt);
		f->ins[i].jf = offset(f, i, f->src[i].jf);
	}
}

/* Jumps are relative ("skip jt"): shown as the index they land on, and
 * the label they were written with. */
static void disassemble(const struct filter *f, const struct bpf_names *names, int i, char *out,
			size_t len)
{
	const struct sock_filter *in = &f->ins[i];
	char buf[32], k[16], jt[32];
	const char *op = BPF_OP(in->code) == BPF_JEQ   ? "jeq"
			 : BPF_OP(in->code) == BPF_JGE ? "jge"
						       : "jset";
	switch (BPF_CLASS(in->code)) {
	case BPF_LD:
		snprintf(out, len, "ld   [%u]  %s", in->k, names->field(in->k, buf, sizeof(buf)));
		break;
	case BPF_JMP:
		if (BPF_OP(in->code) == BPF_JA) {
			snprintf(out, len, "ja   %d %s", i + 1 + (int)in->k, f->src[i].jt);
			break;
		}
		/* Numbers of calls and families read best in decimal, flags in hex. */
		snprintf(k, sizeof(k), in->k < 4096 ? "#%u" : "#%#x", in->k);
		snprintf(jt, sizeof(jt), "%d %s", i + 1 + in->jt, f->src[i].jt);
		snprintf(out, len, "%-4s %-11s  jt %-11s  jf %d %s", op, k, jt, i + 1 + in->jf,
			 f->src[i].jf);
		break;
	case BPF_RET:
		snprintf(out, len, "ret  %s", names->verdict(in->k, buf, sizeof(buf)));
		break;
	default:
		snprintf(out, len, "code %#x", in->code);
	}
}

/* A test's comment is its question, in the name of the constant it compares
 * with ("PER_LINUX32?"); any other instruction's is its note. */
static void comment(const struct filter *f, int i, char *out, size_t len)
{
	const char *k = f->src[i].k, *note = f->src[i].note;
	const char *q = BPF_OP(f->ins[i].code) == BPF_JGE    ? "%s or above?"
			: BPF_OP(f->ins[i].code) == BPF_JSET ? "any bit of %s?"
							     : "%s?";
	if (!k) {
		snprintf(out, len, "%s", note);
		return;
	}
	int n = snprintf(out, len, q, k);
	if (*note && n >= 0 && (size_t)n < len)
		snprintf(out + n, len - n, " (%s)", note);
}

/* "rule:", the labels placed before instruction i. */
static void labels_at(const struct filter *f, int i, char *out, size_t len)
{
	*out = '\0';
	for (int l = 0; l < f->labels; l++)
		if (f->label[l].at == i && strlen(out) + strlen(f->label[l].name) + 2 < len)
			strcat(strcat(out, f->label[l].name), ":");
}

void bpf_list(const struct filter *f, const struct bpf_names *names)
{
	for (int i = 0; i < f->n; i++) {
		char at[32], text[80], why[96];
		labels_at(f, i, at, sizeof(at));
		disassemble(f, names, i, text, sizeof(text));
		comment(f, i, why, sizeof(why));
		printf("%4d  %-8s %-46s ; %s\n", i, at, text, why);
	}
}
