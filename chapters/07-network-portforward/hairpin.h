/* hairpin: a bridge port that may send a frame back out where it came in. */
#ifndef KOBAKO_HAIRPIN_H
#define KOBAKO_HAIRPIN_H

/* bridge link set dev PORT hairpin on */
void hairpin_on(const char *port);

#endif
