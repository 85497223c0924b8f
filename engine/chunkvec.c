/* chunkvec — segmented arrays whose elements never move. See chunkvec.h. */
#include "chunkvec.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"

void chunkvec_init(chunkvec *v, size_t elem_size, size_t first_count, record_pool *pool)
{
    memset(v, 0, sizeof *v);
    v->elem_size = elem_size;
    v->pool = pool;
    while (((size_t)1 << v->first_shift) < first_count &&
           v->first_shift < CHUNKVEC_MAX_FIRST_SHIFT)
        v->first_shift++;
}

static unsigned chunkvec_log2(size_t n)
{
    return (unsigned)(sizeof(unsigned long long) * 8 - 1) - (unsigned)__builtin_clzll(n);
}

/* Segment k and the offset in it of index i. */
static void *chunkvec_slot(const chunkvec *v, size_t i, size_t *segment)
{
    size_t j = i + ((size_t)1 << v->first_shift);
    unsigned k = chunkvec_log2(j) - v->first_shift;
    *segment = k;
    if (k >= v->nsegments)
        return NULL;
    size_t offset = j - ((size_t)1 << (k + v->first_shift));
    return (char *)v->segments[k] + offset * v->elem_size;
}

/* Segment k's element count. */
static size_t chunkvec_segment_count(const chunkvec *v, size_t k)
{
    return (size_t)1 << (k + v->first_shift);
}

/* next/end for a vector of len elements: the rest of the segment that index len is in
 * (none when that segment is not allocated yet, so the next push allocates it). */
static void chunkvec_seek(chunkvec *v)
{
    size_t k;
    char *p = chunkvec_slot(v, v->len, &k);
    v->next = p;
    v->end = p ? (char *)v->segments[k] + chunkvec_segment_count(v, k) * v->elem_size : p;
}

void *chunkvec_push_slow(chunkvec *v)
{
    size_t k;
    if (!chunkvec_slot(v, v->len, &k)) {
        size_t count = chunkvec_segment_count(v, k);
        if (k >= CHUNKVEC_MAX_SEGMENTS || count > SIZE_MAX / v->elem_size)
            engine_oom(SIZE_MAX); /* no such memory: the allocation would have failed */
        v->segments[k] = record_pool_take(v->pool, count * v->elem_size);
        v->nsegments = k + 1;
    }
    chunkvec_seek(v);
    return chunkvec_push(v);
}

void chunkvec_free(chunkvec *v)
{
    for (size_t k = 0; k < v->nsegments; k++)
        record_pool_give(v->pool, v->segments[k], chunkvec_segment_count(v, k) * v->elem_size);
    chunkvec_init(v, v->elem_size, (size_t)1 << v->first_shift, v->pool);
}

void *chunkvec_at(const chunkvec *v, size_t i)
{
    size_t k;
    return i < v->len ? chunkvec_slot(v, i, &k) : NULL;
}

void *chunkvec_last(const chunkvec *v)
{
    return v->len ? chunkvec_at(v, v->len - 1) : NULL;
}

void chunkvec_truncate(chunkvec *v, size_t n)
{
    if (n >= v->len)
        return;
    v->len = n;
    chunkvec_seek(v);
}

void chunkvec_each(const chunkvec *v, void (*fn)(void *elem))
{
    size_t left = v->len;
    for (size_t k = 0; left; k++) {
        size_t count = chunkvec_segment_count(v, k);
        char *p = v->segments[k];
        for (size_t i = 0; i < count && left; i++, left--)
            fn(p + i * v->elem_size);
    }
}
