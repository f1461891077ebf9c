/* Sizes as Docker writes them: 64m, 1g, 512k, 1.5g, 1048576. */
#ifndef KOBAKO_SIZE_H
#define KOBAKO_SIZE_H

#include <stdint.h>

/* Parses a size in bytes: a number, then optionally b, k, m, g or t (any
 * case; binary units, 1k = 1024), optionally followed by "b" or "ib"
 * (64mb, 64MiB). Returns 0, or -1 if the text is not a size. */
int parse_size(const char *text, uint64_t *bytes);

/* "64 MiB": a size for messages. */
const char *size_text(uint64_t bytes, char *buf, unsigned len);

/* An option parser (struct opt) for a size, into uint64_t. */
struct opt;
void opt_size(const struct opt *o, const char *value);

#endif
