#include <fcntl.h>
#include <unistd.h>

#include "common/err.h"
#include "common/sync.h"

void sync_init(struct sync *s)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		die_errno("pipe");
	s->rd = fds[0];
	s->wr = fds[1];
}

void sync_release(struct sync *s)
{
	/* The read end stays open until after the write: were the container
	 * already dead, writing to a pipe nobody reads would raise SIGPIPE.
	 * (Supervising it then reports how it ended.) */
	ssize_t n = write(s->wr, "go", 2);
	(void)n;
	close(s->wr);
	close(s->rd);
}

void sync_wait(struct sync *s)
{
	char buf[2];
	close(s->wr);
	/* Only the runtime holds the write end now: EOF means it is gone. */
	ssize_t n = read(s->rd, buf, sizeof(buf));
	close(s->rd);
	if (n <= 0)
		_exit(EXIT_RUNTIME);
}
