/*
 * What an OCI runtime keeps of a container between its commands: create
 * writes it, start, state, kill, list and delete read it. It lives in
 * ROOT/oci/ID/: state.json, and exec.fifo while the container is created
 * but not started (its PID 1 waits on the fifo until start opens it).
 */
#ifndef KOBAKO_OCI_STATE_H
#define KOBAKO_OCI_STATE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* The runtime spec's version this runtime follows: the state's ociVersion,
 * the features' ociVersionMax, the default config.json's ociVersion. */
#define OCI_VERSION     "1.2.0"
#define OCI_VERSION_MIN "1.0.0"

enum { OCI_ID_MAX = 64, OCI_MAX_CGROUPS = 5 };

struct oci_annotation {
	char *key, *value;
};

struct oci_state {
	char id[OCI_ID_MAX + 1];
	pid_t pid;                               /* PID 1 on the host; 0 while creating */
	unsigned long long pid_start;            /* its start time, field 22 of /proc/PID/stat */
	char bundle[PATH_MAX];                   /* absolute */
	char created[40];                        /* RFC 3339, UTC, with nanoseconds */
	int created_done;                        /* 0 while create still runs */
	int n_cgroups;                           /* the cgroup directories create made, */
	char cgroups[OCI_MAX_CGROUPS][PATH_MAX]; /* absolute, below /sys/fs/cgroup */
	size_t n_annotations;                    /* config.json's annotations, in its order */
	struct oci_annotation *annotations;
};

/* Dies "invalid container ID "ID": ..." unless id is 1..64 of
 * [A-Za-z0-9_.-], not starting with '.' or '-'. */
void oci_check_id(const char *id);
/* The same rule, as a test: nonzero if id is a container ID. */
int oci_valid_id(const char *id);

/* ROOT/oci, ROOT/oci/ID, ROOT/oci/ID/exec.fifo into buf (PATH_MAX bytes). */
char *oci_root_dir(char *buf, const char *root);
char *oci_state_dir(char *buf, const char *root, const char *id);
char *oci_fifo_path(char *buf, const char *root, const char *id);

/* A new state: id checked, created now, nothing else set. */
void oci_state_init(struct oci_state *s, const char *id, const char *bundle);
/* Copies key and value. */
void oci_state_annotate(struct oci_state *s, const char *key, const char *value);
void oci_state_free(struct oci_state *s);

/* For create: makes ROOT/oci/ID (dies `container "ID" already exists`),
 * takes a lock on it, and saves s (created_done 0). Returns the lock's
 * descriptor: keep it open until create ends, and close it in the
 * container's process (status "creating" lasts while someone holds it). */
int oci_state_create(const char *root, const struct oci_state *s);
/* Writes state.json atomically: a temporary file renamed over it. */
void oci_state_save(const char *root, const struct oci_state *s);
/* Reads ROOT/oci/ID/state.json into s; dies `container "ID" does not
 * exist` if there is none, naming the file if it is not a state. */
void oci_state_load(const char *root, const char *id, struct oci_state *s);
/* The same, but returns -1 when there is no state.json (list skips it). */
int oci_state_read(const char *root, const char *id, struct oci_state *s);
/* Removes ROOT/oci/ID and all in it. */
void oci_state_remove(const char *root, const char *id);

/* "creating", "created", "running" or "stopped" (see container_state.c). */
const char *oci_status(const char *root, const struct oci_state *s);
/* Nonzero if s->pid is still the container's PID 1, not a process that
 * got its number later (nor a zombie). */
int oci_pid_alive(const struct oci_state *s);
/* Sends sig to s->pid if it is still the container's PID 1 (through a
 * pidfd, so never to a process that got its number later). Returns 0, or
 * -1 with errno set: ESRCH if it has ended. */
int oci_signal_pid1(const struct oci_state *s, int sig);
/* The start time of a process, field 22 of /proc/PID/stat; 0 if there is
 * no such process or it is a zombie. For create to fill pid_start. */
unsigned long long proc_start_time(pid_t pid);

/* The state as the runtime spec defines it (ociVersion, id, status, pid,
 * bundle, annotations; and created, as runc prints it), indented with two
 * spaces: `state`'s output, and what hooks read on their stdin. status is
 * oci_status()'s, or the one a hook is run in. */
void oci_state_print(FILE *f, const struct oci_state *s, const char *status);
/* Its members alone, into an object w has open (list adds the owner). */
struct json_writer;
void oci_state_members(struct json_writer *w, const struct oci_state *s, const char *status);

#endif
