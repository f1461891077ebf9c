/* What a runtime hands its caller: the PID, in --pid-file, and a
 * terminal, over --console-socket. create and exec both do. */
#ifndef KOBAKO_HANDOFF_H
#define KOBAKO_HANDOFF_H

#include <sys/types.h>

/* Writes pid, in decimal with no newline as runc does, to file: whole or
 * not at all (a temporary file renamed), since a caller may read it the
 * moment it exists. dir is AT_FDCWD, or a directory opened earlier in
 * which file's last name is written (exec: on the host, before it entered
 * the container's mount namespace). */
void pid_file_write(int dir, const char *file, pid_t pid);

/* A connection to the caller's --console-socket, where a terminal's
 * master is sent (console.c's send_fd). */
int console_socket_connect(const char *path);

#endif
