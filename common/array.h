/* The number of elements of an array (not of a pointer to one). */
#ifndef KOBAKO_ARRAY_H
#define KOBAKO_ARRAY_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
