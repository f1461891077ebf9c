/* config.json's process: what the user's program runs with. */
#ifndef KOBAKO_PROCESS_H
#define KOBAKO_PROCESS_H

#include "chapters/08-oci/config.h"

/* Before the user changes (oomScoreAdj may need CAP_SYS_RESOURCE): the
 * rlimits, the OOM score and the umask. */
void process_set_limits(const struct oci_process *p);

/* Becomes process.user with its additional groups, keeping the five
 * capability sets that process.capabilities asks for. */
void process_set_credentials(const struct oci_process *p);

/* The environment, exactly process.env: an OCI caller gives every
 * variable, PATH and HOSTNAME included. */
void process_set_environment(const struct oci_process *p);

#endif
