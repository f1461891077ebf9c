/*
 * The few options the OCI commands take, each read where it is used. The
 * command line is the one runc has; Podman and conmon write it.
 */
#include <string.h>

#include "chapters/08-oci/oci_commands.h"
#include "common/err.h"

const char *oci_option_value(int argc, char **argv, int *i, const char *name, const char *alias)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);
	if (!strncmp(arg, name, len) && arg[len] == '=')
		return arg + len + 1;
	if (strcmp(arg, name) != 0 && (!alias || strcmp(arg, alias) != 0))
		return NULL;
	if (*i + 1 >= argc)
		die("%s: %s needs a value", argv[0], arg);
	return argv[++*i];
}

void oci_check_not_option(const char *command, const char *arg)
{
	if (arg[0] == '-' && arg[1] != '\0')
		die("%s: unknown option %s", command, arg);
}

void oci_expect_operands(const char *command, int n, int min, int max, const char *usage)
{
	if (n < min || n > max)
		die("%s: expected %s", command, usage);
}
