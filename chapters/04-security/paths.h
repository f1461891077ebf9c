/* The parts of /proc and /sys that are the host's, not the container's. */
#ifndef KOBAKO_PATHS_H
#define KOBAKO_PATHS_H

/* Bind-mounts each read-only path (/proc/sys, /proc/sysrq-trigger ...) over
 * itself, read-only. After pivot_root; a path the kernel lacks is skipped. */
void make_paths_read_only(void);

/* Hides each masked path (/proc/kcore, /sys/firmware ...): /dev/null over a
 * file, an empty read-only tmpfs over a directory. */
void mask_paths(void);

/* The same for a list of one's own (NULL-terminated; NULL: none), as an
 * OCI caller gives them: linux.readonlyPaths, linux.maskedPaths. */
void make_these_read_only(char *const *paths);
void mask_these(char *const *paths);

/* The lists make_paths_read_only() and mask_paths() work through, and how
 * many each has: the OCI runtime's default config.json shows them. */
const char *const *read_only_paths(int *n);
const char *const *masked_paths(int *n);

/* Right after enter_rootfs(): nodev on the mount at dir (the rootfs) and on
 * every mount below it, so that no device node there can be opened, not
 * even on a mount the host had below the rootfs. */
void forbid_device_nodes_below(const char *dir);

/* Remounts /dev nodev: a device node made there with CAP_MKNOD (a disk of
 * the host's, say) cannot be opened. The devices /dev offers are mounts of
 * their own, and keep working. */
void forbid_device_nodes(void);

#endif
