/* asl_compiled — compiled paths, calls and templates by definition node. See asl_compiled.h. */
#include "asl_compiled.h"

#include <stdint.h>

typedef enum { AC_EMPTY, AC_PATH, AC_CALL, AC_TEMPLATE } ac_kind;

typedef struct {
    const jv *node;
    ac_kind kind;
    void *obj;     /* NULL once taken */
} ac_slot;

struct asl_compiled {
    ac_slot *slots;   /* open addressing on (node, kind) */
    size_t cap, n;
    size_t taken;
};

asl_compiled *asl_compiled_new(void)
{
    asl_compiled *c = engine_calloc(1, sizeof *c);
    c->cap = 64;
    c->slots = engine_calloc(c->cap, sizeof *c->slots);
    return c;
}

static void ac_free_obj(ac_kind kind, void *obj)
{
    if (kind == AC_PATH)
        jsonpath_free(obj);
    else if (kind == AC_CALL)
        intrinsic_free(obj);
    else if (kind == AC_TEMPLATE)
        template_free(obj);
}

void asl_compiled_free(asl_compiled *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].obj)
            ac_free_obj(c->slots[i].kind, c->slots[i].obj);
    engine_free(c->slots);
    engine_free(c);
}

static size_t ac_hash(const jv *node, ac_kind kind)
{
    uint64_t h = (uint64_t)(uintptr_t)node * 0x9E3779B97F4A7C15ULL;
    return (size_t)((h >> 29) ^ h ^ (uint64_t)kind);
}

static ac_slot *ac_find(const asl_compiled *c, const jv *node, ac_kind kind)
{
    size_t i = ac_hash(node, kind) & (c->cap - 1);
    while (c->slots[i].kind != AC_EMPTY &&
           !(c->slots[i].node == node && c->slots[i].kind == kind))
        i = (i + 1) & (c->cap - 1);
    return &c->slots[i];
}

static void ac_grow(asl_compiled *c)
{
    ac_slot *old = c->slots;
    size_t oldcap = c->cap;
    c->cap *= 2;
    c->slots = engine_calloc(c->cap, sizeof *c->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].kind != AC_EMPTY)
            *ac_find(c, old[i].node, old[i].kind) = old[i];
    engine_free(old);
}

static void ac_put(asl_compiled *c, const jv *node, ac_kind kind, void *obj)
{
    if ((c->n + 1) * 2 > c->cap)
        ac_grow(c);
    ac_slot *s = ac_find(c, node, kind);
    if (s->kind != AC_EMPTY) { /* the same value kept twice: the walk keeps the first */
        ac_free_obj(kind, obj);
        return;
    }
    *s = (ac_slot){node, kind, obj};
    c->n++;
}

static void *ac_take(asl_compiled *c, const jv *node, ac_kind kind)
{
    ac_slot *s = ac_find(c, node, kind);
    void *obj = s->obj;
    s->obj = NULL;
    c->taken += obj != NULL;
    return obj;
}

void asl_compiled_put_path(asl_compiled *c, const jv *node, jsonpath *p)
{
    ac_put(c, node, AC_PATH, p);
}

void asl_compiled_put_call(asl_compiled *c, const jv *node, intrinsic *f)
{
    ac_put(c, node, AC_CALL, f);
}

void asl_compiled_put_template(asl_compiled *c, const jv *node, payload_template *t)
{
    ac_put(c, node, AC_TEMPLATE, t);
}

jsonpath *asl_compiled_take_path(asl_compiled *c, const jv *node)
{
    return ac_take(c, node, AC_PATH);
}

intrinsic *asl_compiled_take_call(asl_compiled *c, const jv *node)
{
    return ac_take(c, node, AC_CALL);
}

payload_template *asl_compiled_take_template(asl_compiled *c, const jv *node)
{
    return ac_take(c, node, AC_TEMPLATE);
}

size_t asl_compiled_put_count(const asl_compiled *c) { return c->n; }
size_t asl_compiled_taken_count(const asl_compiled *c) { return c->taken; }
