#include "util/array.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* An array this large (a national report's pupils or pairs) is asked to be backed by huge
   pages where the kernel allows it (transparent huge pages, "madvise"): its first touch then
   costs one page fault per 2 MB instead of one per 4 KB. */
enum { HUGE_ARRAY_BYTES = 8 << 20, HUGE_PAGE_BYTES = 2 << 20 };

static void prefer_huge_pages(void *items, size_t bytes)
{
    uintptr_t start = ((uintptr_t)items + HUGE_PAGE_BYTES - 1) & ~(uintptr_t)(HUGE_PAGE_BYTES - 1);
    uintptr_t end = ((uintptr_t)items + bytes) & ~(uintptr_t)(HUGE_PAGE_BYTES - 1);
    if (end > start)
        madvise((void *)start, end - start, MADV_HUGEPAGE); /* advice: failing changes nothing */
}

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
    if (next * size >= HUGE_ARRAY_BYTES)
        prefer_huge_pages(grown, next * size);
    return 0;
}
