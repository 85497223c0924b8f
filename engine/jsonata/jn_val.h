/*
 * jn_val — the values a JSONata evaluation works with, and the arena they live in.
 *
 * JSONata needs more than JSON: `undefined`, sequences (arrays carrying the reference
 * implementation's flags: sequence, keepSingleton, cons, outerWrapper, tupleStream) and
 * functions. A jn_val is a small by-value struct. JSON data handed in by the caller stays
 * a `jv` and is read in place (JN_JARR / JN_JOBJ / strings pointing into the jv): a path
 * over a 1 MB document copies nothing.
 *
 * Ownership: every allocation an evaluation makes comes from one jn_heap (a bump arena)
 * and is released all at once when the evaluation ends, so values are never freed one by
 * one and an error can unwind (longjmp) from anywhere without leaking. Input jv values
 * are borrowed for the whole evaluation. jv values created during it (e.g. by $parse)
 * are registered with jn_heap_own() and released with the heap.
 *
 * The heap has a byte limit; passing it calls the heap's fail hook, which must not
 * return (the evaluator longjmps to its error exit).
 */
#ifndef SFDBG_JN_VAL_H
#define SFDBG_JN_VAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jv.h"
#include "strbuf.h"

/* ---- arena ---- */

typedef struct jn_block jn_block;

typedef struct jn_heap {
    jn_block *head;
    char *cur, *end;   /* the free part of head: most allocations only move cur */
    size_t total;      /* bytes allocated in blocks */
    size_t limit;      /* 0: none */
    void (*fail)(void *user);  /* called when the limit is passed; must not return */
    void *fail_user;
    jv **owned;        /* jv values released with the heap */
    size_t nowned, capowned;
} jn_heap;

void jn_heap_init(jn_heap *h, size_t limit);
void jn_heap_cleanup(jn_heap *h);
void *jn_alloc_block(jn_heap *h, size_t n);      /* jn_alloc from a new block */
/* 8-byte aligned, uninitialised */
static inline void *jn_alloc(jn_heap *h, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if ((size_t)(h->end - h->cur) < n)
        return jn_alloc_block(h, n);
    void *p = h->cur;
    h->cur += n;
    return p;
}
void *jn_zalloc(jn_heap *h, size_t n);           /* zeroed */
char *jn_strndup(jn_heap *h, const char *s, size_t n);  /* NUL-terminated copy */
void jn_heap_own(jn_heap *h, jv *v);             /* takes the reference */
/* A heap's largest block can outlive it and start the next heap, so that an evaluation
 * repeated over large data finds its working memory already mapped instead of faulting
 * in fresh pages each time. jn_heap_keep_block detaches that block (NULL when the heap
 * never needed more than its first small block, or its largest is over max); call it before
 * jn_heap_cleanup. jn_heap_adopt_block gives it to a heap just initialised (freed instead
 * when it does not fit the heap's limit). */
jn_block *jn_heap_keep_block(jn_heap *h, size_t max);
void jn_heap_adopt_block(jn_heap *h, jn_block *b);
void jn_block_free(jn_block *b);

/* ---- values ---- */

typedef enum {
    JN_UNDEF = 0,
    JN_NULL,
    JN_BOOL,
    JN_NUM,
    JN_STR,
    JN_ARR,    /* arena array (sequence or constructed array) */
    JN_OBJ,    /* arena object */
    JN_JARR,   /* borrowed jv array */
    JN_JOBJ,   /* borrowed jv object */
    JN_FUNC
} jn_type;

typedef struct jn_arr jn_arr;
typedef struct jn_obj jn_obj;
typedef struct jn_func jn_func;

typedef struct jn_val {
    uint8_t t;
    uint8_t b;          /* JN_BOOL */
    /* JN_STR: u.s and len are the whole text of a borrowed jv string (jn_from_jv), which
     * jn_to_jv shares instead of copying (jv_string_of_text) */
    uint8_t jvstr;
    uint32_t len;       /* JN_STR: bytes */
    union {
        double n;
        const char *s;  /* not NUL-terminated in general */
        jn_arr *a;
        jn_obj *o;
        const jv *j;
        jn_func *f;
    } u;
} jn_val;

struct jn_arr {
    jn_val *items;
    uint32_t n, cap;
    bool seq;        /* a sequence (flattened, singleton-unwrapped) */
    bool keep;       /* keepSingleton */
    bool cons;       /* built by an array constructor: not flattened by path steps */
    bool outer;      /* outerWrapper */
    bool tuple;      /* tupleStream: items are tuple objects */
};

struct jn_obj {
    jn_val *keys;    /* JN_STR */
    jn_val *vals;
    uint32_t n, cap;
    uint32_t *index; /* open addressing over positions+1, built past a few members */
    uint32_t icap;
};

static inline jn_val jn_undef(void) { jn_val v = {0}; return v; }
static inline jn_val jn_null(void) { jn_val v = {0}; v.t = JN_NULL; return v; }
static inline jn_val jn_bool(bool b) { jn_val v = {0}; v.t = JN_BOOL; v.b = b; return v; }
static inline jn_val jn_num(double d) { jn_val v = {0}; v.t = JN_NUM; v.u.n = d; return v; }
static inline jn_val jn_str(const char *s, size_t len)
{
    jn_val v = {0};
    v.t = JN_STR;
    v.len = (uint32_t)len;
    v.u.s = s;
    return v;
}
static inline jn_val jn_fn(jn_func *f) { jn_val v = {0}; v.t = JN_FUNC; v.u.f = f; return v; }

static inline bool jn_is_undef(jn_val v) { return v.t == JN_UNDEF; }
static inline bool jn_is_arr(jn_val v) { return v.t == JN_ARR || v.t == JN_JARR; }
static inline bool jn_is_obj(jn_val v) { return v.t == JN_OBJ || v.t == JN_JOBJ; }
static inline bool jn_is_seq(jn_val v) { return v.t == JN_ARR && v.u.a->seq; }
static inline bool jn_is_str(jn_val v) { return v.t == JN_STR; }
static inline bool jn_is_num(jn_val v) { return v.t == JN_NUM; }
static inline bool jn_is_fn(jn_val v) { return v.t == JN_FUNC; }

/* a C string literal as a value (static storage) */
jn_val jn_cstr(const char *s);
/* a string copied into the heap */
jn_val jn_str_copy(jn_heap *h, const char *s, size_t len);

/* Values nested deeper than this are refused where they would be walked recursively
 * (conversion to jv, $string, equality, cloning): such a value can only be built by an
 * expression looping on purpose, and walking it could exhaust the C stack. */
#define JN_MAX_NESTING 1000

/* wraps a borrowed jv (NULL: undefined) */
jn_val jn_from_jv(const jv *j);
/* deep conversion to a new jv; undefined gives NULL; functions become ""; NULL also
 * when the value is nested deeper than JN_MAX_NESTING */
jv *jn_to_jv(jn_val v);

/* ---- arrays ---- */
jn_arr *jn_arr_new(jn_heap *h, uint32_t cap);
jn_val jn_arr_val(jn_arr *a);
jn_val jn_seq_new(jn_heap *h);                  /* empty sequence */
jn_val jn_seq_of(jn_heap *h, jn_val item);      /* singleton sequence (undefined: empty) */
void jn_arr_grow(jn_heap *h, jn_arr *a);
static inline void jn_arr_push(jn_heap *h, jn_arr *a, jn_val v)
{
    if (a->n == a->cap)
        jn_arr_grow(h, a);
    a->items[a->n++] = v;
}
size_t jn_jlen(jn_val arr);                     /* the borrowed-jv cases of the two below */
jn_val jn_jat(jn_val arr, size_t i);
/* array length; 0 for non-arrays */
static inline size_t jn_len(jn_val v)
{
    return v.t == JN_ARR ? v.u.a->n : v.t == JN_JARR ? jn_jlen(v) : 0;
}
/* i-th item, i < jn_len */
static inline jn_val jn_at(jn_val v, size_t i)
{
    return v.t == JN_ARR ? v.u.a->items[i] : jn_jat(v, i);
}
/* The root input array arrives wrapped in a singleton sequence (outerWrapper) so paths
 * treat it as one input; what reads the input itself (`$`, `*`, and $string()/$clone() of
 * the context) sees the array. */
static inline jn_val jn_outer_unwrap(jn_val v)
{
    return v.t == JN_ARR && v.u.a->outer && v.u.a->n > 0 ? v.u.a->items[0] : v;
}
/* shallow arena copy of any array (keeps no flags) */
jn_arr *jn_arr_copy(jn_heap *h, jn_val arr);

/* ---- objects ---- */
jn_obj *jn_obj_new(jn_heap *h, uint32_t cap);
jn_val jn_obj_val(jn_obj *o);
void jn_obj_set(jn_heap *h, jn_obj *o, jn_val key, jn_val val);   /* replaces in place */
void jn_obj_del(jn_obj *o, const char *k, size_t klen);
size_t jn_obj_size(jn_val obj);
jn_val jn_obj_key(jn_val obj, size_t i);
jn_val jn_obj_value(jn_val obj, size_t i);
/* lookup; undefined when absent */
jn_val jn_obj_get(jn_val obj, const char *k, size_t klen);
/* shallow arena copy of any object */
jn_obj *jn_obj_copy(jn_heap *h, jn_val obj);

/* ---- semantics shared by the evaluator and the functions ---- */
bool jn_truthy(jn_val v);                 /* $boolean; undefined is false */
bool jn_deep_equal(jn_val a, jn_val b);   /* the reference's isDeepEqual */
const char *jn_type_name(jn_val v);       /* $type */

/* Appends JSON text for v as $string does (numbers to 15 significant digits, functions
 * as ""); indent > 0 pretty-prints. Returns false if a number in it is not finite
 * or it is nested deeper than JN_MAX_NESTING. */
bool jn_stringify(jn_val v, int indent, strbuf *out);
/* JavaScript Number-to-String into buf[NUMFMT_BUFSZ], as numfmt */
size_t jn_numstr(double d, char *buf);

/* ---- text helpers (strings are UTF-8; JSONata counts code points) ---- */
size_t jn_utf8_count(const char *s, size_t len);
/* byte offset of the cp-th code point (clamped to len) */
size_t jn_utf8_offset(const char *s, size_t len, size_t cp);
/* decodes one code point at *i, advancing it; invalid bytes decode as themselves */
uint32_t jn_utf8_next(const char *s, size_t len, size_t *i);

#endif
