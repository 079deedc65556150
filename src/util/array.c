#include "util/array.h"

#include <stdint.h>
#include <stdlib.h>

int array_reserve(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t next = *cap ? *cap * 2 : 64;
    if (next > SIZE_MAX / size)
        return -1;
    void *grown = realloc(*items, next * size);
    if (!grown)
        return -1;
    *items = grown;
    *cap = next;
    return 0;
}
