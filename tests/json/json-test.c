/*
 * Drives chapters/08-oci/json.c for tests/08-json.bats:
 *   json-test FILE              prints the document back, canonically: one
 *                               line, no spaces, strings re-escaped
 *   json-test FILE paths        prints each value's path, one a line
 *   json-test FILE TYPE STEP... walks STEPs (a key, or an index into an
 *                               array) and prints the value read as TYPE:
 *                               string bool u64 i64 u32 double strings
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chapters/08-oci/json.h"
#include "common/err.h"

static void put_string(const char *s)
{
	putchar('"');
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			printf("\\%c", *c);
		else if (*c < 0x20)
			printf("\\u%04x", *c);
		else
			putchar(*c);
	}
	putchar('"');
}

static void put(const struct json *v)
{
	switch (v->type) {
	case JSON_NULL:
		fputs("null", stdout);
		break;
	case JSON_BOOL:
		fputs(v->boolean ? "true" : "false", stdout);
		break;
	case JSON_NUMBER:
		fputs(v->text, stdout);
		break;
	case JSON_STRING:
		put_string(v->text);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		putchar(v->type == JSON_ARRAY ? '[' : '{');
		for (size_t i = 0; i < v->count; i++) {
			if (i)
				putchar(',');
			if (v->type == JSON_OBJECT) {
				put_string(v->keys[i]);
				putchar(':');
			}
			put(&v->items[i]);
		}
		putchar(v->type == JSON_ARRAY ? ']' : '}');
		break;
	}
}

static void paths(const struct json *v)
{
	printf("%s\n", v->path);
	for (size_t i = 0; i < v->count; i++)
		paths(&v->items[i]);
}

static void print_as(const struct json *v, const char *type)
{
	if (!strcmp(type, "string"))
		printf("%s\n", json_string(v));
	else if (!strcmp(type, "bool"))
		printf("%d\n", json_bool(v));
	else if (!strcmp(type, "u64"))
		printf("%" PRIu64 "\n", json_u64(v));
	else if (!strcmp(type, "i64"))
		printf("%" PRId64 "\n", json_i64(v));
	else if (!strcmp(type, "u32"))
		printf("%" PRIu32 "\n", json_u32(v));
	else if (!strcmp(type, "double"))
		printf("%.17g\n", json_double(v));
	else if (!strcmp(type, "strings"))
		for (char **s = json_strings(v), **f = s; *s || (free(f), 0); s++)
			printf("%s\n", *s);
	else
		die("unknown type %s", type);
}

int main(int argc, char **argv)
{
	set_progname("ch08");
	if (argc < 2)
		die("usage: json-test FILE [paths | TYPE STEP...]");
	struct json *doc = json_read_file(argv[1]);
	if (argc == 2) {
		put(doc);
		putchar('\n');
	} else if (!strcmp(argv[2], "paths")) {
		paths(doc);
	} else {
		const struct json *v = doc;
		for (int i = 3; i < argc; i++) {
			char *end;
			unsigned long n = strtoul(argv[i], &end, 10);
			if (v->type == JSON_ARRAY && !*end && n < v->count)
				v = &v->items[n];
			else if (!(v = json_get(v, argv[i])))
				die("no %s", argv[i]);
		}
		print_as(v, argv[2]);
	}
	json_free(doc);
	return 0;
}
