/*
 * The OCI runtime's commands that read a container's state or end it, and
 * those that need no container at all. Each takes the state root (--root)
 * and its own arguments, argv[0] being the command's name, as main()
 * passes them; each returns the exit status. An error is one line,
 * "ch08: ...", and exit status 1, as runc's (set_failure_status(1)).
 */
#ifndef KOBAKO_OCI_COMMANDS_H
#define KOBAKO_OCI_COMMANDS_H

/* state ID: the state's JSON on stdout. */
int oci_cmd_state(const char *root, int argc, char **argv);
/* list [--format table|json] [--quiet|-q]: every container, as runc lists them. */
int oci_cmd_list(const char *root, int argc, char **argv);
/* kill [--all|-a] ID [SIGNAL]: SIGNAL a name (TERM, SIGTERM) or a number;
 * TERM if none. */
int oci_cmd_kill(const char *root, int argc, char **argv);
/* delete [--force|-f] ID: a stopped container's cgroups and state; with
 * --force a created or running one's too, after killing it. */
int oci_cmd_delete(const char *root, int argc, char **argv);
/* For create: removes what creates that were killed on the way left. */
void oci_reclaim_abandoned(const char *root);
/* spec [--bundle|-b DIR] [--rootless]: a default config.json in DIR. */
int oci_cmd_spec(const char *root, int argc, char **argv);
/* features: what this runtime implements, as the spec's features document. */
int oci_cmd_features(const char *root, int argc, char **argv);

/* For the commands' own option parsing: "--name VALUE" or "--name=VALUE"
 * at argv[*i] (advancing *i past VALUE); NULL if argv[*i] is not it. Dies
 * if VALUE is missing. */
const char *oci_option_value(int argc, char **argv, int *i, const char *name, const char *alias);
/* Dies "COMMAND: unknown option OPT" for an argument that looks like one. */
void oci_check_not_option(const char *command, const char *arg);
/* Dies unless exactly want operands were given ("COMMAND: expected ID"). */
void oci_expect_operands(const char *command, int n, int min, int max, const char *usage);

#endif
