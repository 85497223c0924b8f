/*
 * arena — a bump allocator for records that live as long as their owner and are freed all
 * at once (an execution's visits, with their Choice explanations): one engine_malloc per
 * block of many records instead of one per record. Not thread-safe; no global state (the
 * owner holds it).
 *
 * An arena is a pointer, NULL when empty: arena_alloc grows it, arena_free frees every block.
 * Blocks come from the record pool the calls name and go back to it (record_pool.h; NULL:
 * engine_malloc and engine_free); every call on one arena names the same pool.
 */
#ifndef SFDBG_ARENA_H
#define SFDBG_ARENA_H

#include <stddef.h>

#include "record_pool.h"

typedef struct arena arena;

/* n zeroed bytes, aligned for any type, valid until arena_free(*a). */
void *arena_alloc(arena **a, record_pool *pool, size_t n);
void arena_free(arena *a, record_pool *pool);   /* NULL-safe */

/* Where an arena stands now; arena_rewind frees what was allocated after it (the records
 * of a child execution that are not kept), and the arena allocates from there again. */
typedef struct {
    arena *block;      /* the block being filled then, NULL: the arena was empty */
    size_t used;
} arena_mark;

arena_mark arena_tell(arena *a);
void arena_rewind(arena **a, record_pool *pool, arena_mark m);

#endif
