#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/opts.h"
#include "common/size.h"

static const char units[] = "bkmgt";

int parse_size(const char *text, uint64_t *bytes)
{
	char *end;
	if (!isdigit((unsigned char)text[0]))
		return -1;
	double n = strtod(text, &end);

	unsigned shift = 0;
	const char *u = *end ? strchr(units, tolower((unsigned char)*end)) : NULL;
	if (u) {
		shift = 10 * (unsigned)(u - units);
		end++;
	}
	/* "64m", "64mb", "64MiB" all mean 64 MiB, as Docker reads them. */
	if (shift && (!strcasecmp(end, "b") || !strcasecmp(end, "ib")))
		end += strlen(end);
	if (*end)
		return -1;

	double b = n * (double)(1ULL << shift);
	if (b >= 18446744073709551615.0 || b != b)
		return -1;
	*bytes = (uint64_t)b;
	return 0;
}

const char *size_text(uint64_t bytes, char *buf, unsigned len)
{
	static const char *const names[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned i = 0;
	while (i < 4 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		i++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)bytes, names[i]);
	return buf;
}

void opt_size(const struct opt *o, const char *value)
{
	if (parse_size(value, (uint64_t *)o->dest) < 0)
		opt_bad(o, value, "not a size (examples: 64m, 1g, 512k, 1048576)");
}
