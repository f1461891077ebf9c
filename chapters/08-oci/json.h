/*
 * A small, strict JSON reader (RFC 8259) for config.json and seccomp
 * profiles: the whole text is parsed into a tree at once, and every value
 * knows its path in the document ("linux.resources.memory.limit",
 * "process.args[2]"), so an error names where it is.
 */
#ifndef KOBAKO_JSON_H
#define KOBAKO_JSON_H

#include <stddef.h>
#include <stdint.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	char *path;         /* where it is: "" for the top, "a.b[3].c" below; a key
			     * that is not a plain word in brackets: a["x.y"] */
	char *text;         /* JSON_STRING: the decoded string (a \u0000 is refused);
			     * JSON_NUMBER: the number as written, for exact integers */
	int boolean;        /* JSON_BOOL */
	size_t count;       /* JSON_ARRAY, JSON_OBJECT: how many items */
	struct json *items; /* their values, in document order */
	char **keys;        /* JSON_OBJECT: keys[i] names items[i]; no key twice */
};

/* Parses text (len bytes; need not end in NUL). On a syntax error dies:
 * "ch08: WHAT:LINE:COL: expected ..." (WHAT names the file). */
struct json *json_parse(const char *text, size_t len, const char *what);
/* Reads and parses a file of at most 4 MiB; dies naming the file if it cannot. */
struct json *json_read_file(const char *file);
void json_free(struct json *v);

/* The member key of object v, or NULL if it has none (or v is NULL).
 * Dies "PATH: expected an object" if v is not an object. */
const struct json *json_get(const struct json *v, const char *key);

/* Typed reads: each dies "PATH: expected a string" (number, ...) on a
 * wrong type, and a number out of its range names the range. */
const char *json_string(const struct json *v);
int json_bool(const struct json *v);
uint64_t json_u64(const struct json *v); /* an integer in 0..2^64-1 */
int64_t json_i64(const struct json *v);  /* an integer in INT64_MIN..INT64_MAX */
uint32_t json_u32(const struct json *v);
double json_double(const struct json *v);
/* Checks v is an array (an object) and returns it, else dies naming it. */
const struct json *json_array(const struct json *v);
const struct json *json_object(const struct json *v);
/* An array of strings as a NULL-terminated vector (freed with free();
 * the strings belong to v). */
char **json_strings(const struct json *v);

/* "PATH: what", then exit 125: for a value of the right type that the
 * runtime refuses. The top's empty path is shown as "(top)". */
_Noreturn void json_die(const struct json *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
