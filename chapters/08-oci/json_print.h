/*
 * Writing JSON (RFC 8259): every document the runtime prints, the state,
 * the features, a default config.json, goes through here, so strings are
 * escaped in one place.
 */
#ifndef KOBAKO_JSON_PRINT_H
#define KOBAKO_JSON_PRINT_H

#include <stdio.h>

/* s as a JSON string: quoted, with '"', '\\' and the control characters
 * escaped. Other bytes are copied as they are (UTF-8 stays UTF-8). */
void json_print_string(FILE *f, const char *s);

enum { JSON_MAX_DEPTH = 16 };

/* A document written as it goes: each value is a member of the object or
 * an item of the array it is in, the writer puts the commas and, if indent
 * is not NULL, a new line and indent per level ("\t", "  "). */
struct json_writer {
	FILE *f;
	const char *indent;            /* NULL: all on one line */
	int depth;                     /* how many objects and arrays are open */
	int items[JSON_MAX_DEPTH + 1]; /* how many values each has so far */
};

void jw_init(struct json_writer *w, FILE *f, const char *indent);
/* Each takes key: the member's name inside an object, NULL otherwise. */
void jw_object(struct json_writer *w, const char *key);
void jw_array(struct json_writer *w, const char *key);
void jw_end(struct json_writer *w, char close); /* '}' or ']' */
void jw_string(struct json_writer *w, const char *key, const char *value);
void jw_int(struct json_writer *w, const char *key, long long value);
void jw_bool(struct json_writer *w, const char *key, int value);
/* An array of strings: n of them, or up to a NULL if n is -1. */
void jw_strings(struct json_writer *w, const char *key, const char *const *v, int n);

#endif
