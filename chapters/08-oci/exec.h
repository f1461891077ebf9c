/* exec: one more process in a running container, as runc exec. */
#ifndef KOBAKO_EXEC_H
#define KOBAKO_EXEC_H

/* exec [OPTIONS] ID [COMMAND [ARG...]]: COMMAND runs in the container's
 * namespaces and cgroups, with its seccomp filter and AppArmor profile, as
 * a process object (--process FILE, or config.json's with --cwd, --env,
 * --user, --tty applied) asks. It waits for COMMAND and exits with its
 * status; with --detach it exits once COMMAND runs, leaving it to the
 * caller (whose child it becomes, as a subreaper's), its PID in
 * --pid-file. argv[0] is "exec"; root is --root. */
int oci_cmd_exec(const char *root, int argc, char **argv);

#endif
