/* arena — bump allocation in blocks. See arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <string.h>

#include "alloc.h"

#define ARENA_BLOCK (16 * 1024)

struct arena {
    arena *next;       /* the blocks filled before this one */
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

void *arena_alloc(arena **a, record_pool *pool, size_t n)
{
    size_t align = alignof(max_align_t);
    n = (n + align - 1) / align * align;
    if (!*a || (*a)->cap - (*a)->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        arena *b = record_pool_take(pool, sizeof *b + cap);
        b->next = *a;
        b->used = 0;
        b->cap = cap;
        *a = b;
    }
    void *p = (*a)->data + (*a)->used;
    (*a)->used += n;
    memset(p, 0, n);
    return p;
}

/* A block back to the pool, by the size it was taken with. */
static void arena_give(record_pool *pool, arena *b)
{
    record_pool_give(pool, b, sizeof *b + b->cap);
}

void arena_free(arena *a, record_pool *pool)
{
    while (a) {
        arena *next = a->next;
        arena_give(pool, a);
        a = next;
    }
}

arena_mark arena_tell(arena *a)
{
    return (arena_mark){a, a ? a->used : 0};
}

void arena_rewind(arena **a, record_pool *pool, arena_mark m)
{
    while (*a && *a != m.block) {
        arena *next = (*a)->next;
        arena_give(pool, *a);
        *a = next;
    }
    if (*a)
        (*a)->used = m.used;
}
