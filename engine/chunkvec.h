/*
 * chunkvec — a growable array of fixed-size elements stored in segments that are never
 * moved: the execution's events and visits, which the debugger holds pointers into while
 * the execution goes on, and which grow by the tens of thousands.
 *
 * Segment k holds first << k elements (first a power of two), so the segments double as
 * one realloc'd array would, but nothing is ever copied and a pointer to an element stays
 * valid until the element is truncated away or the vector is freed. Index i lives in
 * segment log2(i + first) - log2(first): finding it is a count of leading zeros, no walk.
 * A segment is taken (from the vector's record pool, or engine_malloc without one; not
 * zeroed: the caller writes every element it pushes) when the first element past the
 * previous one is pushed, and given back to the pool by chunkvec_free.
 *
 * Ownership: the vector owns its segments; what the elements point to is the caller's
 * (release it before chunkvec_truncate or chunkvec_free); the pool is borrowed. Not
 * thread-safe; no global state.
 */
#ifndef SFDBG_CHUNKVEC_H
#define SFDBG_CHUNKVEC_H

#include <stddef.h>

#include "record_pool.h"

#define CHUNKVEC_MAX_SEGMENTS 48
#define CHUNKVEC_MAX_FIRST_SHIFT 15  /* a first segment of at most 32,768 elements */

typedef struct {
    size_t elem_size;
    unsigned first_shift;          /* log2 of segment 0's element count */
    size_t len;                    /* elements pushed and not truncated */
    size_t nsegments;              /* segments allocated (kept across a truncate) */
    void *segments[CHUNKVEC_MAX_SEGMENTS];
    char *next, *end;              /* the free part of the segment index len is in */
    record_pool *pool;             /* where segments come from and go back to; NULL: none */
} chunkvec;

/* An empty vector of elem_size-byte elements whose first segment holds first_count (rounded
 * up to a power of two, at least 1, at most 32,768), its segments from pool (borrowed; NULL:
 * engine_malloc). Allocates nothing. */
void chunkvec_init(chunkvec *v, size_t elem_size, size_t first_count, record_pool *pool);
/* Gives every segment back; the vector is empty afterwards (and can be used again). */
void chunkvec_free(chunkvec *v);

/* A new element at index len (its bytes uninitialized), valid until truncated or freed.
 * Inline: most pushes only move a pointer; the one that fills a segment starts the next. */
void *chunkvec_push_slow(chunkvec *v);
static inline void *chunkvec_push(chunkvec *v)
{
    if (v->next == v->end)
        return chunkvec_push_slow(v);
    void *p = v->next;
    v->next += v->elem_size;
    v->len++;
    return p;
}
/* Element i, or NULL when i >= len. */
void *chunkvec_at(const chunkvec *v, size_t i);
/* The last element, or NULL when empty. */
void *chunkvec_last(const chunkvec *v);
static inline size_t chunkvec_len(const chunkvec *v) { return v->len; }
/* Calls fn on every element, in order (a cleanup before chunkvec_free, without an index
 * lookup per element). */
void chunkvec_each(const chunkvec *v, void (*fn)(void *elem));
/* Drops the elements from index n on (nothing when n >= len). Their segments are kept for
 * the pushes that follow: a step back and a run forward reuse the same memory. */
void chunkvec_truncate(chunkvec *v, size_t n);

#endif
