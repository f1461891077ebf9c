/*
 * The container's state between the runtime's commands. Each command is a
 * process of its own, so all a command knows of a container is what create
 * left in ROOT/oci/ID/state.json, and what the kernel says of its PID 1.
 *
 * A PID alone is not enough to tell the container still runs: once it has
 * died, the kernel may give its number to another process, which kill
 * would then hit. The state keeps the process's start time too (field 22
 * of /proc/PID/stat, in clock ticks since boot), which a process that got
 * the number later cannot have.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chapters/08-oci/json.h"
#include "chapters/08-oci/json_print.h"
#include "chapters/08-oci/oci_state.h"
#include "common/dir.h"
#include "common/err.h"
#include "common/file.h"

static int printable(const char *s)
{
	for (; *s; s++)
		if (!isprint((unsigned char)*s))
			return 0;
	return 1;
}

/* Why id is not a container ID, or NULL if it is one. */
static const char *id_problem(const char *id)
{
	size_t len = strlen(id);
	if (len == 0)
		return "it is empty";
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)id[i]) && !strchr("_.-", id[i]))
			return "only letters, digits, '_', '.' and '-'";
	if (len > OCI_ID_MAX)
		return "longer than 64 characters";
	/* "." and ".." are not directories of their own; "-x" reads as an option. */
	if (id[0] == '.')
		return "it starts with '.'";
	if (id[0] == '-')
		return "it starts with '-'";
	return NULL;
}

int oci_valid_id(const char *id)
{
	return id_problem(id) == NULL;
}

void oci_check_id(const char *id)
{
	const char *problem = id_problem(id);
	if (!problem)
		return;
	/* A newline is not repeated: a message is one line. */
	if (!printable(id))
		die("invalid container ID: %s", problem);
	if (strlen(id) > OCI_ID_MAX)
		die("invalid container ID \"%.20s...\": %s", id, problem);
	die("invalid container ID \"%s\": %s", id, problem);
}

char *oci_root_dir(char *buf, const char *root)
{
	return pathf(buf, "%s/oci", root);
}

char *oci_state_dir(char *buf, const char *root, const char *id)
{
	return pathf(buf, "%s/oci/%s", root, id);
}

char *oci_fifo_path(char *buf, const char *root, const char *id)
{
	return pathf(buf, "%s/oci/%s/exec.fifo", root, id);
}

/* RFC 3339 in UTC with nanoseconds, as runc writes it: 2024-01-02T03:04:05.123456789Z */
static void now_rfc3339(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09ldZ", ts.tv_nsec);
}

void oci_state_init(struct oci_state *s, const char *id, const char *bundle)
{
	oci_check_id(id);
	memset(s, 0, sizeof(*s));
	strcpy(s->id, id);
	if (snprintf(s->bundle, sizeof(s->bundle), "%s", bundle) >= (int)sizeof(s->bundle))
		die("bundle path too long");
	now_rfc3339(s->created, sizeof(s->created));
}

static char *xstrdup(const char *s)
{
	char *copy = strdup(s);
	if (!copy)
		die("out of memory");
	return copy;
}

void oci_state_annotate(struct oci_state *s, const char *key, const char *value)
{
	struct oci_annotation *a = realloc(s->annotations, (s->n_annotations + 1) * sizeof(*a));
	if (!a)
		die("out of memory");
	s->annotations = a;
	a[s->n_annotations++] = (struct oci_annotation){ xstrdup(key), xstrdup(value) };
}

void oci_state_free(struct oci_state *s)
{
	for (size_t i = 0; i < s->n_annotations; i++) {
		free(s->annotations[i].key);
		free(s->annotations[i].value);
	}
	free(s->annotations);
	s->annotations = NULL;
	s->n_annotations = 0;
}

/* The file's contents: the members kept for the runtime itself, then the
 * annotations. One line; the runtime alone reads it. */
static void write_state(FILE *f, const struct oci_state *s)
{
	struct json_writer w;
	jw_init(&w, f, NULL);
	jw_object(&w, NULL);
	jw_string(&w, "id", s->id);
	jw_int(&w, "pid", s->pid);
	jw_int(&w, "pid_start", (long long)s->pid_start);
	jw_string(&w, "bundle", s->bundle);
	jw_string(&w, "created", s->created);
	jw_bool(&w, "created_done", s->created_done);
	jw_array(&w, "cgroups");
	for (int i = 0; i < s->n_cgroups; i++)
		jw_string(&w, NULL, s->cgroups[i]);
	jw_end(&w, ']');
	jw_object(&w, "annotations");
	for (size_t i = 0; i < s->n_annotations; i++)
		jw_string(&w, s->annotations[i].key, s->annotations[i].value);
	jw_end(&w, '}');
	jw_end(&w, '}');
	fputc('\n', f);
}

/* A reader sees the old state or the new one, never half of one: rename
 * replaces the file at once. */
void oci_state_save(const char *root, const struct oci_state *s)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	pathf(tmp, "%s/oci/%s/state.json.tmp", root, s->id);
	pathf(path, "%s/oci/%s/state.json", root, s->id);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f)
		die_errno("%s", tmp);
	write_state(f, s);
	if (fflush(f) != 0 || fsync(fd) < 0 || fclose(f) != 0)
		die_errno("write %s", tmp);
	if (rename(tmp, path) < 0)
		die_errno("rename %s", tmp);
}

int oci_state_create(const char *root, const struct oci_state *s)
{
	char dir[PATH_MAX];
	mkdir_p(oci_root_dir(dir, root), 0700);
	if (mkdir(oci_state_dir(dir, root, s->id), 0700) < 0) {
		if (errno == EEXIST)
			die("container \"%s\" already exists", s->id);
		die_errno("mkdir %s", dir);
	}
	int fd = lock_dir(dir, LOCK_EX);
	if (fd < 0)
		die_errno("lock %s", dir);
	struct oci_state creating = *s;
	creating.created_done = 0;
	oci_state_save(root, &creating);
	return fd;
}

void oci_state_remove(const char *root, const char *id)
{
	char dir[PATH_MAX];
	int fd = open(oci_root_dir(dir, root), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || remove_tree(fd, id) < 0)
		die_errno("remove %s/%s", dir, id);
	close(fd);
	/* The last container takes ROOT/oci with it: a --root a caller made
	 * for its runtime is left as the caller made it. */
	if (rmdir(dir) < 0 && errno != ENOTEMPTY && errno != EEXIST)
		warnx("rmdir %s: %s", dir, strerror(errno));
}

/* A member the state must have. */
static const struct json *member(const struct json *doc, const char *key, const char *file)
{
	const struct json *v = json_get(doc, key);
	if (!v)
		die("%s: not a container's state: no \"%s\"", file, key);
	return v;
}

static void copy_to(char *buf, size_t len, const char *value, const char *file)
{
	if (snprintf(buf, len, "%s", value) >= (int)len)
		die("%s: not a container's state: \"%.40s...\" is too long", file, value);
}

/* delete kills what is in these directories: a state.json that was
 * tampered with must not send it elsewhere. */
static int cgroup_path_ok(const char *p)
{
	return !strncmp(p, "/sys/fs/cgroup/", 15) && !strstr(p, "/../") &&
	       strcmp(p + strlen(p) - 3, "/..") != 0 && !strstr(p, "//");
}

static void read_cgroups(struct oci_state *s, const struct json *list, const char *file)
{
	json_array(list);
	if (list->count > OCI_MAX_CGROUPS)
		die("%s: not a container's state: more than %d cgroups", file, OCI_MAX_CGROUPS);
	for (size_t i = 0; i < list->count; i++) {
		const char *dir = json_string(&list->items[i]);
		if (!cgroup_path_ok(dir))
			die("%s: cgroup \"%.60s\" is not below /sys/fs/cgroup", file, dir);
		copy_to(s->cgroups[s->n_cgroups++], PATH_MAX, dir, file);
	}
}

static void read_state(struct oci_state *s, const struct json *doc, const char *file)
{
	copy_to(s->id, sizeof(s->id), json_string(member(doc, "id", file)), file);
	s->pid = (pid_t)json_u32(member(doc, "pid", file));
	s->pid_start = json_u64(member(doc, "pid_start", file));
	copy_to(s->bundle, sizeof(s->bundle), json_string(member(doc, "bundle", file)), file);
	copy_to(s->created, sizeof(s->created), json_string(member(doc, "created", file)), file);
	s->created_done = json_bool(member(doc, "created_done", file));
	read_cgroups(s, member(doc, "cgroups", file), file);
	const struct json *a = json_object(member(doc, "annotations", file));
	for (size_t i = 0; i < a->count; i++)
		oci_state_annotate(s, a->keys[i], json_string(&a->items[i]));
}

int oci_state_read(const char *root, const char *id, struct oci_state *s)
{
	char file[PATH_MAX];
	oci_check_id(id);
	pathf(file, "%s/oci/%s/state.json", root, id);
	if (access(file, F_OK) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return -1;
		die_errno("%s", file);
	}
	struct json *doc = json_read_file(file);
	memset(s, 0, sizeof(*s));
	read_state(s, json_object(doc), file);
	json_free(doc);
	if (strcmp(s->id, id) != 0)
		die("%s: the state of \"%s\", not of \"%s\"", file, s->id, id);
	return 0;
}

void oci_state_load(const char *root, const char *id, struct oci_state *s)
{
	if (oci_state_read(root, id, s) < 0)
		die("container \"%s\" does not exist", id);
}

/* /proc/PID/stat: "PID (COMM) STATE PPID ...". COMM may hold spaces and
 * parentheses, so the fields are counted from the last ')'. */
unsigned long long proc_start_time(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	char state;
	unsigned long long start;
	/* Fields 3 (state) to 22 (starttime): 4 to 21 skipped. */
	if (!p || sscanf(p + 1,
			 " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d"
			 " %*d %*d %*d %llu",
			 &state, &start) != 2)
		return 0;
	/* A zombie has ended; only its parent's wait is missing. */
	return state == 'Z' || state == 'X' ? 0 : start;
}

int oci_pid_alive(const struct oci_state *s)
{
	return s->pid > 0 && proc_start_time(s->pid) == s->pid_start;
}

/* create holds a lock on the state directory while it runs: the kernel
 * drops it when create ends, even if it is killed. */
static int creator_alive(const char *root, const char *id)
{
	char dir[PATH_MAX];
	int fd = lock_dir(oci_state_dir(dir, root, id), LOCK_SH | LOCK_NB);
	if (fd >= 0)
		close(fd);
	return fd < 0 && errno == EWOULDBLOCK;
}

/* The spec's four: creating until create is done; then created while PID 1
 * waits on exec.fifo (start removes it), running once it went on, stopped
 * when it has ended. A create that died before it was done left a
 * container that never ran: stopped, for delete to remove. */
const char *oci_status(const char *root, const struct oci_state *s)
{
	char fifo[PATH_MAX];
	if (!s->created_done)
		return creator_alive(root, s->id) ? "creating" : "stopped";
	if (!oci_pid_alive(s))
		return "stopped";
	return access(oci_fifo_path(fifo, root, s->id), F_OK) == 0 ? "created" : "running";
}

void oci_state_members(struct json_writer *w, const struct oci_state *s, const char *status)
{
	jw_string(w, "ociVersion", OCI_VERSION);
	jw_string(w, "id", s->id);
	/* As runc: 0 once stopped, the number may be another process's now. */
	jw_int(w, "pid", strcmp(status, "stopped") ? s->pid : 0);
	jw_string(w, "status", status);
	jw_string(w, "bundle", s->bundle);
	jw_string(w, "created", s->created);
	if (s->n_annotations == 0)
		return; /* OPTIONAL in the spec, and runc leaves it out too */
	jw_object(w, "annotations");
	for (size_t i = 0; i < s->n_annotations; i++)
		jw_string(w, s->annotations[i].key, s->annotations[i].value);
	jw_end(w, '}');
}

void oci_state_print(FILE *f, const struct oci_state *s, const char *status)
{
	struct json_writer w;
	jw_init(&w, f, "  ");
	jw_object(&w, NULL);
	oci_state_members(&w, s, status);
	jw_end(&w, '}');
}
