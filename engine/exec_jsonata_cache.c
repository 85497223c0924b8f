/* exec_jsonata_cache — an execution's compiled JSONata expressions, keyed by the JSON string
 * that holds each one (a reference is kept, so the key cannot be freed and its address
 * reused while cached; JSON values do not change), so that a Map's ItemSelector or a loop's
 * Output is compiled once, not once per evaluation. A compiled expression is read-only when
 * evaluated (jsonata.h). */
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "exec_jsonata.h"
#include "jsonata.h"

typedef struct {
    const jv *key;
    jsonata_expr *expr;
} jn_slot;

struct exec_jsonata_cache {
    jn_slot *slots;
    size_t cap, len;   /* cap: a power of two; len at most half of it */
};

static size_t jn_hash(const jv *key, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 17) & (cap - 1);
}

static jn_slot *jn_find(exec_jsonata_cache *c, const jv *key)
{
    size_t i = jn_hash(key, c->cap);
    while (c->slots[i].key && c->slots[i].key != key)
        i = (i + 1) & (c->cap - 1);
    return &c->slots[i];
}

static void jn_grow(exec_jsonata_cache *c)
{
    jn_slot *old = c->slots;
    size_t old_cap = c->cap;
    c->cap = old_cap ? old_cap * 2 : 64;
    c->slots = engine_calloc(c->cap, sizeof *c->slots);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *jn_find(c, old[i].key) = old[i];
    engine_free(old);
}

const jsonata_expr *exec_jsonata_compiled(exec_jsonata_cache **cache, const jv *key,
                                          const char *text, size_t len, jsonata_error *err)
{
    if (!*cache)
        *cache = engine_calloc(1, sizeof **cache);
    exec_jsonata_cache *c = *cache;
    if (c->cap == 0 || (c->len + 1) * 2 > c->cap)
        jn_grow(c);
    jn_slot *s = jn_find(c, key);
    if (s->key)
        return s->expr;
    jsonata_expr *e = jsonata_compile_n(text, len, err);
    if (!e)
        return NULL; /* not kept: the error is reported each time, as the first time */
    s->key = jv_ref(key);
    s->expr = e;
    c->len++;
    return e;
}

void exec_jsonata_cache_free(exec_jsonata_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].key) {
            jsonata_free(c->slots[i].expr);
            jv_unref((jv *)c->slots[i].key);
        }
    engine_free(c->slots);
    engine_free(c);
}
