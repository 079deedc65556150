/* Growing arrays of fixed-size items: the items pointer, its capacity and the count are the
   caller's own fields; this makes room. */
#ifndef VERRIJKT_UTIL_ARRAY_H
#define VERRIJKT_UTIL_ARRAY_H

#include <stddef.h>

/* Make room for one more item after the n in *items (capacity *cap, items of size bytes),
   doubling (from 64) when full. 0, or -1 when memory ran out (*items is then unchanged). */
int array_reserve(void **items, size_t *cap, size_t n, size_t size);

/* array_reserve for a typed pointer: ARRAY_RESERVE(list, cap, n). */
#define ARRAY_RESERVE(items, cap, n) array_reserve((void **)&(items), &(cap), (n), sizeof *(items))

#endif
