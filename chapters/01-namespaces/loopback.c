#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chapters/01-namespaces/loopback.h"
#include "common/err.h"

void bring_up_loopback(void)
{
	step("network: lo brought up (new network namespace)");
	/* Any socket will do: the ioctl acts on the interface, in this
	 * process's network namespace. Chapter 06 uses netlink instead. */
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die_errno("socket");

	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		die_errno("get flags of lo");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		die_errno("bring up lo");
	close(fd);
}
