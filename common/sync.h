/* The sync pipe: holds the container back until the runtime has set it up. */
#ifndef KOBAKO_SYNC_H
#define KOBAKO_SYNC_H

struct sync {
	int rd, wr;
};

/* Before clone: make the pipe (close-on-exec, so the command never inherits it). */
void sync_init(struct sync *s);
/* The runtime, once the container is set up from outside: let it go. */
void sync_release(struct sync *s);
/* The container: wait to be let go. If the runtime died instead, exit quietly. */
void sync_wait(struct sync *s);

#endif
