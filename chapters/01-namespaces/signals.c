#include <sys/syscall.h>
#include <unistd.h>

#include "chapters/01-namespaces/signals.h"
#include "common/array.h"
#include "common/err.h"

/* Ctrl-C, `kill`, `docker stop` and a closed terminal send these. */
static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 };

void block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaddset(set, forwarded[i]);
	if (sigprocmask(SIG_BLOCK, set, NULL) < 0)
		die_errno("sigprocmask");
}

int is_forwarded(int sig)
{
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		if (forwarded[i] == sig)
			return 1;
	return 0;
}

/* The C library keeps signals 32 and 33 for its own threads and refuses to
 * touch them; an ignored one would still reach the command through exec.
 * The system call itself takes any signal. */
static void set_default(int sig)
{
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		unsigned long mask;
	} action = { .handler = SIG_DFL };
	syscall(SYS_rt_sigaction, sig, &action, NULL, sizeof(action.mask));
}

void reset_signals(void)
{
	/* A shell starts a background job (`./ch01 sleep 9 &`) with SIGINT and
	 * SIGQUIT ignored, and exec keeps "ignored": undo that too, or a
	 * forwarded Ctrl-C would do nothing. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			set_default(sig);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
