/*
 * record_pool — memory for executions' records (history events, state visits, what the
 * visits keep in bulk) that a caller keeps from one execution to the next.
 *
 * Why: an execution of a 10,000-state chain writes about 2.3 MB of records, and memory the
 * C library has just been given back is often returned to the system (glibc trims the heap
 * top and unmaps large blocks), so the next execution takes a page fault for every page it
 * writes again; those faults cost more than the recording itself. An execution given a
 * pool (exec_options.record_pool) takes its records' chunks (chunkvec segments, arena
 * blocks) from it and gives them back when it is freed (or when its records are cut back):
 * the next execution writes into pages already mapped. Without a pool the chunks come from
 * engine_malloc and go back to engine_free, as before.
 *
 * A chunk given back is kept by its exact size (executions of one workflow ask for the same
 * sizes each time), in at most RECORD_POOL_CLASSES sizes and max_bytes in all; past either
 * it is freed. What a chunk holds is the caller's: a chunk taken again is not zeroed.
 *
 * Ownership: the caller makes the pool, lends it to any number of executions, and frees it
 * after the last of them. Its chunks come from and go back to the pool's allocator (given
 * to record_pool_new, borrowed), not the execution's. Not thread-safe: the executions that
 * share a pool must be created, stepped and freed on one thread at a time. No global state.
 */
#ifndef SFDBG_RECORD_POOL_H
#define SFDBG_RECORD_POOL_H

#include <stddef.h>

#include "alloc.h"

#define RECORD_POOL_CLASSES 32
#define RECORD_POOL_DEFAULT_MAX ((size_t)64 << 20)   /* 64 MiB kept at most */

typedef struct record_pool record_pool;

/* A pool that keeps at most max_bytes of chunks (0: RECORD_POOL_DEFAULT_MAX). alloc: where
 * its chunks come from (borrowed; NULL: the allocator current at each of its calls). */
record_pool *record_pool_new(const engine_allocator *alloc, size_t max_bytes);
/* Frees every chunk kept. Every execution that borrowed from it must be freed first. */
void record_pool_free(record_pool *p);   /* NULL-safe */

/* n bytes (not zeroed): a kept chunk of exactly that size, or a new one. p NULL:
 * engine_malloc. Never NULL. */
void *record_pool_take(record_pool *p, size_t n);
/* Gives back a chunk of n bytes that record_pool_take(p, n) returned: kept for the next
 * take, or freed. p NULL: engine_free. */
void record_pool_give(record_pool *p, void *chunk, size_t n);

/* Bytes kept now, and how many takes were answered from them (for tests and the bench). */
size_t record_pool_kept_bytes(const record_pool *p);
size_t record_pool_reused(const record_pool *p);

#endif
