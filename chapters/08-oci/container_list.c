/*
 * state and list: what the state directories say, and what the kernel says
 * of each container's PID 1 (oci_status()).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chapters/08-oci/json_print.h"
#include "chapters/08-oci/oci_commands.h"
#include "chapters/08-oci/oci_state.h"
#include "common/err.h"
#include "common/file.h"

int oci_cmd_state(const char *root, int argc, char **argv)
{
	set_failure_status(1);
	for (int i = 1; i < argc; i++)
		oci_check_not_option(argv[0], argv[i]);
	oci_expect_operands(argv[0], argc - 1, 1, 1, "one container ID");
	struct oci_state s;
	oci_state_load(root, argv[1], &s);
	oci_state_print(stdout, &s, oci_status(root, &s));
	oci_state_free(&s);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in ROOT/oci, sorted, as runc lists them; none if it is not
 * there yet. Returns how many, *names to free (each, then the array). */
static size_t container_ids(const char *root, char ***names)
{
	char dir[PATH_MAX];
	size_t n = 0;
	*names = NULL;
	DIR *d = opendir(oci_root_dir(dir, root));
	if (!d) {
		if (errno == ENOENT)
			return 0;
		die_errno("%s", dir);
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (!oci_valid_id(e->d_name))
			continue; /* ".", "..", or not one of ours */
		char **more = realloc(*names, (n + 1) * sizeof(*more));
		if (!more || !(more[n] = strdup(e->d_name)))
			die("out of memory");
		*names = more;
		n++;
	}
	closedir(d);
	if (n)
		qsort(*names, n, sizeof(**names), by_name);
	return n;
}

/* The user who owns the state directory, by name as runc shows it: root
 * for root's, the number if /etc/passwd does not name it. */
static const char *owner(const char *root, const char *id, char *buf, size_t len)
{
	char dir[PATH_MAX];
	struct stat st;
	if (stat(oci_state_dir(dir, root, id), &st) < 0)
		return "";
	snprintf(buf, len, "%u", (unsigned)st.st_uid);
	FILE *f = fopen("/etc/passwd", "re");
	char line[512], name[256];
	unsigned uid;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%255[^:]:%*[^:]:%u:", name, &uid) == 2 && uid == st.st_uid) {
			snprintf(buf, len, "%s", name);
			break;
		}
	if (f)
		fclose(f);
	return buf;
}

enum { COLUMNS = 6 };
struct row {
	char cell[COLUMNS][PATH_MAX];
};

/* As runc's table (Go's tabwriter: cells at least 12 wide, 3 spaces of
 * padding; the last column is not padded). */
static void print_table(const struct row *rows, size_t n)
{
	static const struct row head = { { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" } };
	int width[COLUMNS] = { 0 };
	for (size_t r = 0; r <= n; r++)
		for (int c = 0; c < COLUMNS; c++) {
			int len = strlen(r ? rows[r - 1].cell[c] : head.cell[c]);
			width[c] = len + 3 > width[c] ? len + 3 : width[c];
		}
	for (size_t r = 0; r <= n; r++) {
		const struct row *row = r ? &rows[r - 1] : &head;
		for (int c = 0; c < COLUMNS - 1; c++)
			printf("%-*s", width[c] < 12 ? 12 : width[c], row->cell[c]);
		printf("%s\n", row->cell[COLUMNS - 1]);
	}
}

static void fill_row(struct row *row, const char *root, const struct oci_state *s,
		     const char *status)
{
	snprintf(row->cell[0], PATH_MAX, "%s", s->id);
	snprintf(row->cell[1], PATH_MAX, "%d", strcmp(status, "stopped") ? (int)s->pid : 0);
	snprintf(row->cell[2], PATH_MAX, "%s", status);
	snprintf(row->cell[3], PATH_MAX, "%s", s->bundle);
	snprintf(row->cell[4], PATH_MAX, "%s", s->created);
	owner(root, s->id, row->cell[5], PATH_MAX);
}

struct list_opts {
	int json, quiet;
};

static void parse_list(int argc, char **argv, struct list_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *format = oci_option_value(argc, argv, &i, "--format", "-f");
		if (format) {
			if (strcmp(format, "table") && strcmp(format, "json"))
				die("%s: --format is table or json, not \"%s\"", argv[0], format);
			o->json = !strcmp(format, "json");
		} else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
			o->quiet = 1;
		} else {
			oci_check_not_option(argv[0], argv[i]);
			die("%s: takes no container ID", argv[0]);
		}
	}
}

/* runc prints null for no container; an empty array says the same and
 * is what a reader of a list expects. */
int oci_cmd_list(const char *root, int argc, char **argv)
{
	struct list_opts o = { 0 };
	set_failure_status(1);
	parse_list(argc, argv, &o);
	char **ids;
	size_t n = container_ids(root, &ids), shown = 0;
	struct row *rows = calloc(n ? n : 1, sizeof(*rows));
	struct json_writer w;
	jw_init(&w, stdout, NULL);
	if (!rows)
		die("out of memory");
	if (o.json && !o.quiet)
		jw_array(&w, NULL);
	for (size_t i = 0; i < n; i++) {
		struct oci_state s;
		int found = oci_state_read(root, ids[i], &s) == 0;
		free(ids[i]);
		if (!found)
			continue; /* being made, or being deleted */
		const char *status = oci_status(root, &s);
		fill_row(&rows[shown++], root, &s, status);
		if (o.quiet) {
			printf("%s\n", s.id);
		} else if (o.json) {
			jw_object(&w, NULL);
			oci_state_members(&w, &s, status);
			jw_string(&w, "owner", rows[shown - 1].cell[5]);
			jw_end(&w, '}');
		}
		oci_state_free(&s);
	}
	if (o.json && !o.quiet) {
		jw_end(&w, ']');
		putchar('\n');
	} else if (!o.quiet) {
		print_table(rows, shown);
	}
	free(rows);
	free(ids);
	return 0;
}
