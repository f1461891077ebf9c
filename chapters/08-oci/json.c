/*
 * A strict JSON reader (RFC 8259): what the RFC allows and nothing more. No
 * comments, no trailing commas, no leading zeros, no NaN, no control
 * characters in strings, UTF-8 only. A few things the RFC leaves to the
 * reader are refused too, as they would only hide a mistake in a config
 * file: a key given twice in one object, "\u0000" (C strings end there),
 * nesting deeper than MAX_DEPTH, a file larger than MAX_FILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chapters/08-oci/json.h"
#include "common/err.h"

enum {
	MAX_DEPTH = 64,             /* runc's config.json is 5 deep */
	MAX_FILE = 4 * 1024 * 1024, /* a large config.json is a few KiB */
};

struct parser {
	const char *text;
	size_t len, pos;
	const char *what; /* the file, for messages */
	int depth;
};

/* "WHAT:LINE:COL: expected ...": the column counts characters, not bytes. */
static _Noreturn void fail_at(const struct parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static _Noreturn void fail_at(const struct parser *p, size_t pos, const char *fmt, ...)
{
	unsigned line = 1, col = 1;
	for (size_t i = 0; i < pos && i < p->len; i++) {
		if (p->text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)p->text[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	die("%s:%u:%u: %s", p->what, line, col, msg);
}

static void *xrealloc(void *ptr, size_t size)
{
	void *q = realloc(ptr, size ? size : 1);
	if (!q)
		die("out of memory");
	return q;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		die("out of memory");
	return d;
}

static int peek(const struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->text[p->pos] : -1;
}

/* The RFC's four whitespace characters, and no other. */
static void skip_space(struct parser *p)
{
	while (p->pos < p->len && strchr(" \t\n\r", p->text[p->pos]) && p->text[p->pos])
		p->pos++;
}

static void expect_char(struct parser *p, char c, const char *expected)
{
	skip_space(p);
	if (peek(p) != (unsigned char)c)
		fail_at(p, p->pos, "expected %s", expected);
	p->pos++;
}

/* A key that reads well after a dot: a letter or '_', then letters, digits,
 * '_' or '-'. Any other is shown in brackets: linux.sysctl["net.ipv4.ip_forward"]. */
static int plain_key(const char *k)
{
	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_'))
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
			return 0;
	return 1;
}

/* parent["key"], the key written as JSON writes it, so that a message stays
 * one line and shows where the key ends. */
static char *bracket_path(const char *parent, const char *key)
{
	char *s;
	size_t len;
	FILE *f = open_memstream(&s, &len);
	if (!f)
		die("out of memory");
	fprintf(f, "%s[\"", parent);
	for (const unsigned char *c = (const unsigned char *)key; *c; c++)
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(f, "\\u%04x", *c);
		else
			fputc(*c, f);
	fputs("\"]", f);
	if (fclose(f))
		die("out of memory");
	return s;
}

static char *member_path(const char *parent, const char *key)
{
	char *s;
	if (!plain_key(key))
		return bracket_path(parent, key);
	if (asprintf(&s, "%s%s%s", parent, *parent ? "." : "", key) < 0)
		die("out of memory");
	return s;
}

static char *index_path(const char *parent, size_t i)
{
	char *s;
	if (asprintf(&s, "%s[%zu]", parent, i) < 0)
		die("out of memory");
	return s;
}

static void parse_value(struct parser *p, struct json *v);

/* ---- numbers ---- */

static size_t digits(struct parser *p)
{
	size_t start = p->pos;
	while (peek(p) >= '0' && peek(p) <= '9')
		p->pos++;
	return p->pos - start;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, kept as written. */
static void parse_number(struct parser *p, struct json *v)
{
	size_t start = p->pos;
	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
		if (peek(p) >= '0' && peek(p) <= '9')
			fail_at(p, p->pos, "expected no leading zero");
	} else if (!digits(p)) {
		fail_at(p, p->pos, "expected a digit");
	}
	if (peek(p) == '.') {
		p->pos++;
		if (!digits(p))
			fail_at(p, p->pos, "expected a digit after '.'");
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!digits(p))
			fail_at(p, p->pos, "expected a digit in the exponent");
	}
	v->type = JSON_NUMBER;
	v->text = strndup(p->text + start, p->pos - start);
	if (!v->text)
		die("out of memory");
}

/* ---- strings ---- */

struct buf {
	char *s;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_add_utf8(struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = 0xc0 | cp >> 6, u[1] = 0x80 | (cp & 0x3f), n = 2;
	} else if (cp < 0x10000) {
		u[0] = 0xe0 | cp >> 12, u[1] = 0x80 | (cp >> 6 & 0x3f), n = 3;
		u[2] = 0x80 | (cp & 0x3f);
	} else {
		u[0] = 0xf0 | cp >> 18, u[1] = 0x80 | (cp >> 12 & 0x3f), n = 4;
		u[2] = 0x80 | (cp >> 6 & 0x3f), u[3] = 0x80 | (cp & 0x3f);
	}
	buf_add(b, u, n);
}

/* The four hex digits after "\u". */
static unsigned hex4(struct parser *p)
{
	unsigned cp = 0;
	for (int i = 0; i < 4; i++) {
		int c = peek(p), d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			fail_at(p, p->pos, "expected 4 hex digits after \\u");
		cp = cp << 4 | d;
		p->pos++;
	}
	return cp;
}

/* "\uXXXX", a pair of them for a character beyond U+FFFF (a surrogate pair). */
static unsigned unicode_escape(struct parser *p, size_t start)
{
	unsigned cp = hex4(p);
	if (cp == 0)
		fail_at(p, start, "expected a character other than \\u0000");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		fail_at(p, start, "expected a high surrogate (\\uD800-\\uDBFF) before a low one");
	if (cp < 0xd800 || cp > 0xdbff)
		return cp;
	if (p->pos + 2 > p->len || p->text[p->pos] != '\\' || p->text[p->pos + 1] != 'u')
		fail_at(p, p->pos, "expected a low surrogate (\\uDC00-\\uDFFF) after a high one");
	p->pos += 2;
	unsigned lo = hex4(p);
	if (lo < 0xdc00 || lo > 0xdfff)
		fail_at(p, p->pos - 6,
			"expected a low surrogate (\\uDC00-\\uDFFF) after a high one");
	return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
}

static void escape(struct parser *p, struct buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	size_t start = p->pos++; /* the backslash */
	int c = peek(p);
	const char *e = c > 0 ? strchr(from, c) : NULL;
	if (c == 'u') {
		p->pos++;
		buf_add_utf8(b, unicode_escape(p, start));
	} else if (e) {
		p->pos++;
		buf_add(b, &to[e - from], 1);
	} else {
		fail_at(p, p->pos,
			"expected an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX");
	}
}

/* The length of the UTF-8 sequence at pos, or 0 if it is not valid UTF-8
 * (overlong forms, surrogates and code points past U+10FFFF are not). */
static size_t utf8_length(const struct parser *p)
{
	const unsigned char *s = (const unsigned char *)p->text + p->pos;
	size_t left = p->len - p->pos, n;
	unsigned cp, min;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f, min = 0x80;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f, min = 0x800;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A string, decoded; p->pos is at its opening quote. */
static char *parse_string(struct parser *p)
{
	struct buf b = { 0 };
	buf_add(&b, "", 0);
	p->pos++;
	for (;;) {
		int c = peek(p);
		if (c < 0)
			fail_at(p, p->pos, "expected '\"' to end the string");
		if (c == '"')
			break;
		if (c < 0x20)
			fail_at(p, p->pos,
				"expected no control character in a string (write it \\u%04X)", c);
		if (c == '\\') {
			escape(p, &b);
			continue;
		}
		size_t n = utf8_length(p);
		if (!n)
			fail_at(p, p->pos, "expected UTF-8 text");
		buf_add(&b, p->text + p->pos, n);
		p->pos += n;
	}
	p->pos++;
	return b.s;
}

/* ---- arrays and objects ---- */

static struct json *add_item(struct json *v, size_t *cap)
{
	if (v->count == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		v->items = xrealloc(v->items, *cap * sizeof(*v->items));
		if (v->type == JSON_OBJECT)
			v->keys = xrealloc(v->keys, *cap * sizeof(*v->keys));
	}
	struct json *item = &v->items[v->count++];
	memset(item, 0, sizeof(*item));
	return item;
}

static void enter(struct parser *p)
{
	if (++p->depth > MAX_DEPTH)
		fail_at(p, p->pos, "expected at most %d levels of nesting", MAX_DEPTH);
}

/* After an item: ',' and another, or the closing bracket. */
static int more_items(struct parser *p, char close, const char *expected)
{
	skip_space(p);
	if (peek(p) == ',') {
		p->pos++;
		skip_space(p);
		if (peek(p) == (unsigned char)close)
			fail_at(p, p->pos, "expected another item after ',' (no trailing comma)");
		return 1;
	}
	expect_char(p, close, expected);
	return 0;
}

static void parse_array(struct parser *p, struct json *v)
{
	size_t cap = 0;
	enter(p);
	v->type = JSON_ARRAY;
	p->pos++;
	skip_space(p);
	if (peek(p) == ']') {
		p->pos++;
		p->depth--;
		return;
	}
	do {
		struct json *item = add_item(v, &cap);
		item->path = index_path(v->path, v->count - 1);
		parse_value(p, item);
	} while (more_items(p, ']', "',' or ']'"));
	p->depth--;
}

static void parse_member(struct parser *p, struct json *v, size_t *cap, size_t **at)
{
	skip_space(p);
	if (peek(p) != '"')
		fail_at(p, p->pos, "expected a key (a string)");
	size_t where = p->pos;
	char *key = parse_string(p);
	expect_char(p, ':', "':' after the key");
	struct json *item = add_item(v, cap);
	*at = xrealloc(*at, *cap * sizeof(**at));
	(*at)[v->count - 1] = where;
	v->keys[v->count - 1] = key;
	item->path = member_path(v->path, key);
	parse_value(p, item);
}

static const struct json *sorting; /* the object qsort's comparison reads */

static int by_key(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int d = strcmp(sorting->keys[i], sorting->keys[j]);
	return d ? d : (i > j) - (i < j);
}

/* Refuses a key given twice in one object: the RFC leaves it to the reader,
 * and readers differ (the first wins, or the last). Sorted, so that an
 * object of many keys costs n log n, not n^2; the message points at the
 * second. */
static void check_keys(struct parser *p, const struct json *v, const size_t *at)
{
	size_t *order = xrealloc(NULL, v->count * sizeof(*order));
	for (size_t i = 0; i < v->count; i++)
		order[i] = i;
	sorting = v;
	qsort(order, v->count, sizeof(*order), by_key);
	for (size_t i = 1; i < v->count; i++)
		if (!strcmp(v->keys[order[i - 1]], v->keys[order[i]]))
			fail_at(p, at[order[i]], "expected each key once: \"%s\" is given twice",
				v->keys[order[i]]);
	free(order);
}

static void parse_object(struct parser *p, struct json *v)
{
	size_t cap = 0, *at = NULL;
	enter(p);
	v->type = JSON_OBJECT;
	p->pos++;
	skip_space(p);
	if (peek(p) == '}') {
		p->pos++;
		p->depth--;
		return;
	}
	do
		parse_member(p, v, &cap, &at);
	while (more_items(p, '}', "',' or '}'"));
	check_keys(p, v, at);
	free(at);
	p->depth--;
}

/* true, false, null: spelt in full, in lower case. */
static int literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);
	if (p->len - p->pos < n || memcmp(p->text + p->pos, word, n))
		return 0;
	p->pos += n;
	return 1;
}

static void parse_value(struct parser *p, struct json *v)
{
	skip_space(p);
	int c = peek(p);
	if (c == '{')
		parse_object(p, v);
	else if (c == '[')
		parse_array(p, v);
	else if (c == '"')
		v->type = JSON_STRING, v->text = parse_string(p);
	else if (c == '-' || (c >= '0' && c <= '9'))
		parse_number(p, v);
	else if (literal(p, "true"))
		v->type = JSON_BOOL, v->boolean = 1;
	else if (literal(p, "false"))
		v->type = JSON_BOOL, v->boolean = 0;
	else if (literal(p, "null"))
		v->type = JSON_NULL;
	else
		fail_at(p, p->pos, "expected a value");
}

struct json *json_parse(const char *text, size_t len, const char *what)
{
	struct parser p = { .text = text, .len = len, .what = what };
	struct json *v = xrealloc(NULL, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->path = xstrdup("");
	parse_value(&p, v);
	skip_space(&p);
	if (p.pos < p.len)
		fail_at(&p, p.pos, "expected the end of the text after the value");
	return v;
}

/* The whole file, at most MAX_FILE bytes. */
static char *read_whole(const char *file, size_t *len)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("%s", file);
	char *text = xrealloc(NULL, MAX_FILE + 1);
	size_t n = 0;
	for (;;) {
		ssize_t r = read(fd, text + n, MAX_FILE + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die_errno("%s", file);
		if (r == 0)
			break;
		n += r;
		if (n > MAX_FILE)
			die("%s: expected at most %d MiB of JSON", file, MAX_FILE >> 20);
	}
	close(fd);
	*len = n;
	return text;
}

struct json *json_read_file(const char *file)
{
	size_t len;
	char *text = read_whole(file, &len);
	struct json *v = json_parse(text, len, file);
	free(text);
	return v;
}

static void free_inside(struct json *v)
{
	for (size_t i = 0; i < v->count; i++) {
		free_inside(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->text);
	free(v->path);
}

void json_free(struct json *v)
{
	if (!v)
		return;
	free_inside(v);
	free(v);
}

/* ---- typed reads ---- */

/* The path as a message shows it: the top has none of its own. */
static const char *shown(const struct json *v)
{
	return *v->path ? v->path : "(top)";
}

void json_die(const struct json *v, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	die("%s: %s", shown(v), msg);
}

static void want(const struct json *v, enum json_type type, const char *what)
{
	if (v->type != type)
		json_die(v, "expected %s", what);
}

const struct json *json_get(const struct json *v, const char *key)
{
	if (!v)
		return NULL;
	want(v, JSON_OBJECT, "an object");
	for (size_t i = 0; i < v->count; i++)
		if (!strcmp(v->keys[i], key))
			return &v->items[i];
	return NULL;
}

const char *json_string(const struct json *v)
{
	want(v, JSON_STRING, "a string");
	return v->text;
}

int json_bool(const struct json *v)
{
	want(v, JSON_BOOL, "true or false");
	return v->boolean;
}

const struct json *json_array(const struct json *v)
{
	want(v, JSON_ARRAY, "an array");
	return v;
}

const struct json *json_object(const struct json *v)
{
	want(v, JSON_OBJECT, "an object");
	return v;
}

/* The digits of an integer written as one (no fraction, no exponent; "-0"
 * is 0), into *mag, and its sign. 0 if it is not one or exceeds 2^64-1. */
static int integer(const struct json *v, uint64_t *mag, int *negative)
{
	const char *s = v->text;
	*negative = *s == '-';
	s += *negative;
	*mag = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		if (*mag > (UINT64_MAX - (*s - '0')) / 10)
			return 0;
		*mag = *mag * 10 + (*s - '0');
	}
	return 1;
}

uint64_t json_u64(const struct json *v)
{
	uint64_t mag;
	int negative;
	want(v, JSON_NUMBER, "a number");
	if (!integer(v, &mag, &negative) || (negative && mag))
		json_die(v, "expected an integer from 0 to %" PRIu64, UINT64_MAX);
	return mag;
}

int64_t json_i64(const struct json *v)
{
	uint64_t mag;
	int negative;
	want(v, JSON_NUMBER, "a number");
	if (!integer(v, &mag, &negative) || mag > (uint64_t)INT64_MAX + negative)
		json_die(v, "expected an integer from %" PRId64 " to %" PRId64, INT64_MIN,
			 INT64_MAX);
	return negative ? (int64_t)(0 - mag) : (int64_t)mag;
}

uint32_t json_u32(const struct json *v)
{
	uint64_t mag;
	int negative;
	want(v, JSON_NUMBER, "a number");
	if (!integer(v, &mag, &negative) || (negative && mag) || mag > UINT32_MAX)
		json_die(v, "expected an integer from 0 to %" PRIu32, UINT32_MAX);
	return mag;
}

double json_double(const struct json *v)
{
	want(v, JSON_NUMBER, "a number");
	double d = strtod(v->text, NULL); /* the grammar above is strtod's too */
	if (!isfinite(d))
		json_die(v, "expected a number a double can hold");
	return d;
}

char **json_strings(const struct json *v)
{
	json_array(v);
	char **vec = xrealloc(NULL, (v->count + 1) * sizeof(*vec));
	for (size_t i = 0; i < v->count; i++)
		vec[i] = (char *)json_string(&v->items[i]);
	vec[v->count] = NULL;
	return vec;
}
