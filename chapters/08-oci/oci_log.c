/*
 * Podman's conmon runs the runtime with `--log FILE --log-format json` and,
 * when a command fails, shows the user the "msg" of the last error line it
 * finds there. The runtime's stderr stays what it was: in create, it is
 * also the container's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chapters/08-oci/json_print.h"
#include "chapters/08-oci/oci_log.h"
#include "common/err.h"
#include "common/opts.h"

static struct oci_log current;

void parse_log(const struct opt *o, const char *value)
{
	((struct oci_log *)o->dest)->file = value;
}

void parse_log_format(const struct opt *o, const char *value)
{
	if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0)
		opt_bad(o, value, "text or json");
	((struct oci_log *)o->dest)->json = !strcmp(value, "json");
}

void refuse_systemd_cgroup(const struct opt *o, const char *value)
{
	(void)value;
	set_failure_status(1); /* a caller's mistake, as an OCI runtime's */
	die("--%s: not supported: this runtime makes its cgroups itself (use Podman's "
	    "--cgroup-manager cgroupfs)",
	    o->name);
}

static void log_line(const char *msg)
{
	FILE *f = fopen(current.file, "ae");
	if (!f)
		return; /* stderr has it anyway */
	char when[40];
	time_t now = time(NULL);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if (current.json) {
		fputs("{\"level\":\"error\",\"msg\":", f);
		json_print_string(f, msg);
		fprintf(f, ",\"time\":\"%s\"}\n", when);
	} else {
		fprintf(f, "%s %s: %s\n", when, progname, msg);
	}
	fclose(f);
}

void oci_log_start(const struct oci_log *log)
{
	if (!log->file)
		return;
	current = *log;
	report_also(log_line);
}
