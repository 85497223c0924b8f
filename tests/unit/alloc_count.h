/* alloc_count — an engine allocator hook for tests that counts the blocks and bytes live
 * (by malloc_usable_size: the hook gets no old size) and their peaks. Install it with
 * engine_alloc_enter(&(engine_allocator){alloc_count_hook, NULL, &count}). */
#ifndef SFDBG_TEST_ALLOC_COUNT_H
#define SFDBG_TEST_ALLOC_COUNT_H

#include <malloc.h>
#include <stdlib.h>

typedef struct {
    long live, peak_live;
    size_t bytes, peak_bytes;
} alloc_count;

static inline void alloc_count_add(alloc_count *c, void *p, int sign)
{
    c->live += sign;
    if (sign > 0)
        c->bytes += malloc_usable_size(p);
    else
        c->bytes -= malloc_usable_size(p);
}

static inline void *alloc_count_hook(void *ud, void *ptr, size_t size)
{
    alloc_count *c = ud;
    if (ptr)
        alloc_count_add(c, ptr, -1);
    void *p = NULL;
    if (size == 0)
        free(ptr);
    else if (!(p = realloc(ptr, size)) && ptr)
        alloc_count_add(c, ptr, +1); /* refused: the old block stays */
    if (p)
        alloc_count_add(c, p, +1);
    if (c->live > c->peak_live)
        c->peak_live = c->live;
    if (c->bytes > c->peak_bytes)
        c->peak_bytes = c->bytes;
    return p;
}

#endif
