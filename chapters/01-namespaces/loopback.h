/* The loopback interface of a new network namespace. */
#ifndef KOBAKO_LOOPBACK_H
#define KOBAKO_LOOPBACK_H

/* A new network namespace has one interface, lo, and it is down. */
void bring_up_loopback(void);

#endif
