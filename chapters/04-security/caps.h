/* Capabilities: root's privileges, cut into pieces that can be kept or dropped. */
#ifndef KOBAKO_CAPS_H
#define KOBAKO_CAPS_H

#include <stdint.h>

/* What --cap-add and --cap-drop asked for; caps_resolve() turns it into a set. */
struct cap_opts {
	uint64_t add, drop; /* one bit per capability: 1 << CAP_CHOWN ... */
	int add_all, drop_all;
};

/* Option parsers (struct opt) for --cap-add and --cap-drop, into struct cap_opts. */
struct opt;
void parse_cap_add(const struct opt *o, const char *value);
void parse_cap_drop(const struct opt *o, const char *value);

/* The set the container keeps, as Docker computes it: the default 14, less
 * the drops, plus the adds (ALL in either means every capability the kernel has). */
uint64_t caps_resolve(const struct cap_opts *c);

/* Docker's default 14, as caps_resolve() starts from: for the OCI runtime's
 * default config.json. */
uint64_t caps_default(void);
/* "CHOWN", "NET_ADMIN" ... for a capability's number (without CAP_, as
 * Docker spells them); NULL past the last this table knows. */
const char *cap_name(int cap);

/* Set before the command runs: execve can no longer raise privileges (setuid
 * bits and file capabilities are ignored). */
void set_no_new_privs(void);

/* Removes from the bounding set every capability not in keep: no later
 * execve can ever get one back, even as root. Needs CAP_SETPCAP. */
void drop_bounding_set(uint64_t keep);

/* Effective and permitted = keep, inheritable and ambient empty. */
void set_capabilities(uint64_t keep);

#endif
