/* hooks: programs the caller has the runtime run at points of the lifecycle. */
#ifndef KOBAKO_HOOKS_H
#define KOBAKO_HOOKS_H

#include "chapters/08-oci/config.h"
#include "chapters/08-oci/oci_state.h"

/* Runs each hook of list in order, on the host, with the container's state
 * (status as given) on its stdin. Returns 0, or -1 once one failed, said
 * as "hooks.WHICH[i]: ..." (which: "poststart" ...). */
int hooks_run(const struct oci_hooks_list *list, const char *which, const struct oci_state *s,
	      const char *status);

#endif
