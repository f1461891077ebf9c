/*
 * Writing JSON. RFC 8259 section 7: a string must escape '"', '\\' and
 * U+0000..U+001F; everything else may be written as it is.
 */
#include "chapters/08-oci/json_print.h"
#include "common/err.h"

void json_print_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void jw_init(struct json_writer *w, FILE *f, const char *indent)
{
	*w = (struct json_writer){ .f = f, .indent = indent };
}

static void new_line(struct json_writer *w)
{
	if (!w->indent)
		return;
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs(w->indent, w->f);
}

/* Before a value: the comma after the one before, its line, its key. */
static void begin_value(struct json_writer *w, const char *key)
{
	if (w->depth > 0) {
		if (w->items[w->depth]++)
			fputc(',', w->f);
		new_line(w);
	}
	if (key) {
		json_print_string(w->f, key);
		fputs(w->indent ? ": " : ":", w->f);
	}
}

static void open_value(struct json_writer *w, const char *key, char c)
{
	begin_value(w, key);
	if (w->depth == JSON_MAX_DEPTH)
		die("json_writer: nested deeper than %d", JSON_MAX_DEPTH);
	fputc(c, w->f);
	w->items[++w->depth] = 0;
}

void jw_object(struct json_writer *w, const char *key)
{
	open_value(w, key, '{');
}

void jw_array(struct json_writer *w, const char *key)
{
	open_value(w, key, '[');
}

void jw_end(struct json_writer *w, char close)
{
	int empty = w->items[w->depth--] == 0;
	if (!empty) /* "[]", "{}" stay on one line */
		new_line(w);
	fputc(close, w->f);
	if (w->depth == 0 && w->indent)
		fputc('\n', w->f);
}

void jw_string(struct json_writer *w, const char *key, const char *value)
{
	begin_value(w, key);
	json_print_string(w->f, value);
}

void jw_int(struct json_writer *w, const char *key, long long value)
{
	begin_value(w, key);
	fprintf(w->f, "%lld", value);
}

void jw_bool(struct json_writer *w, const char *key, int value)
{
	begin_value(w, key);
	fputs(value ? "true" : "false", w->f);
}

void jw_strings(struct json_writer *w, const char *key, const char *const *v, int n)
{
	jw_array(w, key);
	for (int i = 0; n < 0 ? v[i] != NULL : i < n; i++)
		jw_string(w, NULL, v[i]);
	jw_end(w, ']');
}
