/* --log and --log-format: where an OCI caller reads the runtime's errors. */
#ifndef KOBAKO_OCI_LOG_H
#define KOBAKO_OCI_LOG_H

struct oci_log {
	const char *file; /* NULL: stderr alone */
	int json;         /* --log-format json */
};

/* Option parsers (struct opt), into struct oci_log; and --systemd-cgroup,
 * refused: this runtime makes its cgroups itself. */
struct opt;
void parse_log(const struct opt *o, const char *value);
void parse_log_format(const struct opt *o, const char *value);
void refuse_systemd_cgroup(const struct opt *o, const char *value);

/* From now on, every error also goes to the log file, if one was given. */
void oci_log_start(const struct oci_log *log);

#endif
