#include <fcntl.h>
#include <unistd.h>

#include "common/err.h"
#include "common/sync.h"

void sync_init(struct sync *s)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		die("pipe");
	s->rd = fds[0];
	s->wr = fds[1];
}

void sync_release(struct sync *s)
{
	close(s->rd);
	/* If the container already died, the write fails; supervising it reports that. */
	if (write(s->wr, "go", 2) < 0)
		warnx("the container died before it was released");
	close(s->wr);
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
