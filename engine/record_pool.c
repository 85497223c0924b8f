/* record_pool — chunks of executions' records kept across executions. See record_pool.h. */
#include "record_pool.h"

#include <stdbool.h>

/* Under AddressSanitizer a kept chunk is poisoned (but for its link), so that a record read
 * after its execution was freed is still reported, as it would be without the pool. */
#if defined(__SANITIZE_ADDRESS__)
#define RECORD_POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RECORD_POOL_ASAN 1
#endif
#endif
#ifdef RECORD_POOL_ASAN
#include <sanitizer/asan_interface.h>
#define RECORD_POOL_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define RECORD_POOL_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define RECORD_POOL_POISON(p, n) ((void)(p), (void)(n))
#define RECORD_POOL_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* A chunk kept: its first bytes link it to the next one of its size. */
typedef struct record_chunk {
    struct record_chunk *next;
} record_chunk;

/* The chunks kept of one size; a class with none is free for another size. */
typedef struct {
    size_t size;
    size_t count;
    record_chunk *head;
} record_class;

struct record_pool {
    const engine_allocator *alloc;
    size_t max_bytes, kept_bytes, reused;
    record_class classes[RECORD_POOL_CLASSES];
};

record_pool *record_pool_new(const engine_allocator *alloc, size_t max_bytes)
{
    const engine_allocator *previous = engine_alloc_enter(alloc);
    record_pool *p = engine_calloc(1, sizeof *p);
    engine_alloc_leave(previous);
    p->alloc = alloc;
    p->max_bytes = max_bytes ? max_bytes : RECORD_POOL_DEFAULT_MAX;
    return p;
}

void record_pool_free(record_pool *p)
{
    if (!p)
        return;
    const engine_allocator *previous = engine_alloc_enter(p->alloc);
    for (size_t i = 0; i < RECORD_POOL_CLASSES; i++) {
        record_chunk *c = p->classes[i].head;
        while (c) {
            record_chunk *next = c->next;
            RECORD_POOL_UNPOISON(c, p->classes[i].size);
            engine_free(c);
            c = next;
        }
    }
    engine_free(p);
    engine_alloc_leave(previous);
}

/* The class that keeps chunks of n bytes; with make, a free one taken for n when there is
 * none yet (NULL when every class keeps another size). */
static record_class *record_pool_class(record_pool *p, size_t n, bool make)
{
    record_class *free_class = NULL;
    for (size_t i = 0; i < RECORD_POOL_CLASSES; i++) {
        record_class *c = &p->classes[i];
        if (c->count && c->size == n)
            return c;
        if (!c->count && !free_class)
            free_class = c;
    }
    if (!make || !free_class)
        return NULL;
    free_class->size = n;
    return free_class;
}

void *record_pool_take(record_pool *p, size_t n)
{
    if (!p)
        return engine_malloc(n);
    record_class *c = record_pool_class(p, n, false);
    if (c) {
        record_chunk *chunk = c->head;
        c->head = chunk->next;
        c->count--;
        p->kept_bytes -= n;
        p->reused++;
        RECORD_POOL_UNPOISON(chunk, n);
        return chunk;
    }
    const engine_allocator *previous = engine_alloc_enter(p->alloc);
    void *chunk = engine_malloc(n);
    engine_alloc_leave(previous);
    return chunk;
}

void record_pool_give(record_pool *p, void *chunk, size_t n)
{
    if (!p) {
        engine_free(chunk);
        return;
    }
    if (!chunk)
        return;
    record_class *c = n >= sizeof(record_chunk) && n <= p->max_bytes - p->kept_bytes
                          ? record_pool_class(p, n, true)
                          : NULL;
    if (!c) {
        const engine_allocator *previous = engine_alloc_enter(p->alloc);
        engine_free(chunk);
        engine_alloc_leave(previous);
        return;
    }
    record_chunk *kept = chunk;
    kept->next = c->head;
    c->head = kept;
    c->count++;
    p->kept_bytes += n;
    RECORD_POOL_POISON((char *)chunk + sizeof *kept, n - sizeof *kept);
}

size_t record_pool_kept_bytes(const record_pool *p) { return p ? p->kept_bytes : 0; }
size_t record_pool_reused(const record_pool *p) { return p ? p->reused : 0; }
