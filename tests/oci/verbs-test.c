/*
 * A stand-in for ch08's main() for the OCI commands that read or end a
 * container's state: `verbs-test [--root DIR] COMMAND ARGS...` runs state,
 * list, kill, delete, spec, features as ch08 will. Its own commands make
 * the state that create would, around a process the test started:
 *
 *   mkstate ID PID BUNDLE [--cgroup DIR]... [--annotation KEY=VALUE]...
 *       the state of a container whose PID 1 is PID, created_done
 *   creating ID BUNDLE
 *       holds a state in "creating" (its lock taken) until killed
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chapters/08-oci/oci_commands.h"
#include "chapters/08-oci/oci_state.h"
#include "common/err.h"

static void add_option(struct oci_state *s, const char *opt, const char *value)
{
	if (!strcmp(opt, "--cgroup")) {
		if (s->n_cgroups == OCI_MAX_CGROUPS)
			die("too many --cgroup");
		snprintf(s->cgroups[s->n_cgroups++], PATH_MAX, "%s", value);
		return;
	}
	char *eq = strchr(value, '=');
	if (strcmp(opt, "--annotation") || !eq)
		die("mkstate: %s %s?", opt, value);
	*eq = '\0';
	oci_state_annotate(s, value, eq + 1);
}

static int mkstate(const char *root, int argc, char **argv)
{
	if (argc < 4)
		die("usage: mkstate ID PID BUNDLE [--cgroup DIR]... [--annotation K=V]...");
	struct oci_state s;
	oci_state_init(&s, argv[1], argv[3]);
	for (int i = 4; i + 1 < argc; i += 2)
		add_option(&s, argv[i], argv[i + 1]);
	close(oci_state_create(root, &s)); /* as create begins */
	s.pid = atoi(argv[2]);
	s.pid_start = proc_start_time(s.pid);
	s.created_done = 1;
	oci_state_save(root, &s); /* as create ends */
	oci_state_free(&s);
	return 0;
}

static int creating(const char *root, int argc, char **argv)
{
	if (argc != 3)
		die("usage: creating ID BUNDLE");
	struct oci_state s;
	oci_state_init(&s, argv[1], argv[2]);
	oci_state_create(root, &s); /* the lock stays until this process ends */
	printf("ready\n");
	fflush(stdout);
	pause();
	return 0;
}

int main(int argc, char **argv)
{
	const char *root = "/var/lib/kobako";
	set_progname("ch08");
	int i = 1;
	if (argc > 2 && !strcmp(argv[1], "--root")) {
		root = argv[2];
		i = 3;
	}
	if (i >= argc)
		die("usage: verbs-test [--root DIR] COMMAND ARGS...");
	static const struct {
		const char *name;
		int (*run)(const char *root, int argc, char **argv);
	} commands[] = {
		{ "state", oci_cmd_state }, { "list", oci_cmd_list },
		{ "kill", oci_cmd_kill },   { "delete", oci_cmd_delete },
		{ "spec", oci_cmd_spec },   { "features", oci_cmd_features },
		{ "mkstate", mkstate },     { "creating", creating },
	};
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (!strcmp(argv[i], commands[c].name))
			return commands[c].run(root, argc - i, argv + i);
	set_failure_status(1);
	die("unknown command %s", argv[i]);
}
