/*
 * jv — immutable, reference-counted JSON values: the data type of the whole engine.
 *
 * Ownership, said once for the module:
 *  - Every function that returns a `jv *` returns a NEW reference the caller owns and must
 *    release with jv_unref(). The accessors (`_get`, `_at`) return a BORROWED `const jv *`
 *    that stays valid as long as the container it came from: a borrowed value can be read,
 *    or owned with jv_ref(), but not handed to a builder or to jv_unref() (the compiler
 *    says so), so a child cannot be changed in place behind its parent's back.
 *  - Arguments are BORROWED, and then `const jv *` (the function takes its own reference if
 *    it keeps the value), except the container of a builder and the value of a `_take`
 *    function, which are consumed and therefore `jv *`.
 *  - Values are immutable once shared. The `_set`/`_append` builders mutate in place when
 *    the caller holds the only reference (refcount 1) and copy otherwise (copy-on-write),
 *    so building a fresh object costs no copies and updating a shared one never corrupts it.
 *  - null, true and false are immortal singletons: ref/unref on them is free.
 *
 * Numbers are IEEE-754 doubles, as in JSON text read by JavaScript: integers past 2^53 lose
 * precision (documented in docs/formats.md). Objects keep their keys in insertion order and
 * look keys up case-sensitively (ASL is case-sensitive).
 *
 * Memory: every allocation goes through the engine's allocator hook (alloc.h: the
 * thread's current allocator, malloc by default), so a test can fail the Nth one. Out of
 * memory ends the process with a message and ENGINE_OOM_STATUS (engine_oom): the engine
 * has no partial states to unwind to, and a debugger that cannot allocate cannot show
 * anything useful. Engine code calls engine_malloc/engine_free, never the C heap.
 */
#ifndef SFDBG_JV_H
#define SFDBG_JV_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "alloc.h"

typedef enum {
    JV_NULL,
    JV_FALSE,
    JV_TRUE,
    JV_NUMBER,
    JV_STRING,
    JV_ARRAY,
    JV_OBJECT
} jv_kind;

typedef struct jv jv;

/* ---- construction ---- */
jv *jv_null(void);
jv *jv_bool(bool b);
jv *jv_number(double d);
jv *jv_string(const char *s);                 /* NUL-terminated UTF-8 */
jv *jv_string_n(const char *s, size_t len);    /* may contain NUL bytes */
jv *jv_string_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
jv *jv_array(void);
/* An empty array with room for cap items (appending them allocates nothing). */
jv *jv_array_sized(size_t cap);
jv *jv_object(void);

/* ---- reference counting ----
 * jv_ref takes a borrowed `const jv *` and returns an owned `jv *`: the same node with one
 * more reference. Sound because the count is the only thing it writes and the count is no
 * part of the value: every node is either allocated by jv.c (never an object defined
 * const) or one of the immortals, whose count is never written, so the write goes through
 * a non-const alias of a non-const object (jv.c, jv_mutable); and with the count now at
 * least 2 every builder below copies before it writes, so the owned pointer cannot change
 * what the borrowed one reads. jv_unref takes `jv *`: releasing is for owners only. */
jv *jv_ref(const jv *v);    /* owned; NULL-safe */
void jv_unref(jv *v);       /* NULL-safe */

/* ---- inspection ---- */
jv_kind jv_kind_of(const jv *v);
const char *jv_kind_name(jv_kind k);   /* "null", "boolean", "number", "string", "array", "object" */
bool jv_is_null(const jv *v);
bool jv_is_bool(const jv *v);
bool jv_is_true(const jv *v);
bool jv_is_number(const jv *v);
bool jv_is_string(const jv *v);
bool jv_is_array(const jv *v);
bool jv_is_object(const jv *v);
/* true for a number with no fractional part (1.0 included) */
bool jv_is_integer(const jv *v);

double jv_number_value(const jv *v);
const char *jv_string_value(const jv *v);   /* NUL-terminated; borrowed */
size_t jv_string_length(const jv *v);       /* bytes */

size_t jv_array_length(const jv *a);
const jv *jv_array_get(const jv *a, size_t i);    /* borrowed; NULL when out of range */

size_t jv_object_size(const jv *o);
/* borrowed; NULL if absent */
const jv *jv_object_get(const jv *o, const char *key);
const jv *jv_object_get_n(const jv *o, const char *key, size_t keylen);
bool jv_object_has(const jv *o, const char *key);
/* The same lookup, trying position *hint first and leaving there the position found: a
 * caller that looks the same key up in many objects of one shape (a path over an array of
 * records) mostly pays one comparison. */
const jv *jv_object_get_hinted(const jv *o, const char *key, size_t keylen, uint32_t *hint);
/* i-th member in insertion order, borrowed key (a string jv) and value */
const jv *jv_object_key_at(const jv *o, size_t i);
const jv *jv_object_value_at(const jv *o, size_t i);

/* ---- building (copy-on-write, see above) ----
 * The container argument is consumed and the (possibly new) container returned:
 *   o = jv_object_set(o, "k", v);   // v borrowed
 *   o = jv_object_set_take(o, "k", jv_number(1));
 */
jv *jv_object_set(jv *o, const char *key, const jv *val);
jv *jv_object_set_take(jv *o, const char *key, jv *val);
jv *jv_object_set_n_take(jv *o, const char *key, size_t keylen, jv *val);
/* key: a string, taken; one key may be shared by many objects (jv_parse shares repeated
 * keys so that a document's records look up their members in the same few strings) */
jv *jv_object_set_key_take(jv *o, jv *key, jv *val);
jv *jv_object_delete(jv *o, const char *key);
jv *jv_array_append(jv *a, const jv *val);
jv *jv_array_append_take(jv *a, jv *val);
jv *jv_array_set_take(jv *a, size_t i, jv *val);   /* i < length */

/* ---- comparison ---- */
/* Deep equality: object member order is irrelevant, numbers compare as doubles. */
bool jv_equal(const jv *a, const jv *b);

/* ---- size accounting ---- */
/* The byte length of the compact serialization, without building it. Each node remembers
 * its answer the first time it is asked (and its children theirs), so asking again costs
 * nothing: the debugger asks for every folded node on every frame and the engine on every
 * state. Sound for shared values because the size is a function of the value alone and a
 * value never changes once anything but its one owner can see it: a builder writes in place
 * only at refcount 1, and then forgets the node's remembered size; a node held by a
 * container or by a borrower has a count of at least 2 in every owner's hands, so builders
 * copy it, and its size (and its children's) stays true. Like the count, the remembered size
 * is no part of the value (jv_equal ignores it); writing it through a `const jv *` is the
 * same non-const-alias write jv_ref makes. Not for values shared across threads unguarded,
 * as the count is not either. */
size_t jv_serialized_size(const jv *v);
/* The heap bytes of v's nodes that nothing but their parent references (v itself counts
 * when its caller holds the only reference): what a new holder of v alone keeps alive.
 * Walks only those nodes, so it costs what building them cost, never a shared subtree. */
size_t jv_unshared_bytes(const jv *v);

/* The program's allocation wrappers (src/ and ui/): the engine allocator's, under the
 * names the program has always used. Engine code calls engine_malloc etc. directly. */
static inline void *jv_xmalloc(size_t n) { return engine_malloc(n); }
static inline void *jv_xrealloc(void *p, size_t n) { return engine_realloc(p, n); }
static inline void *jv_xcalloc(size_t n, size_t size) { return engine_calloc(n, size); }
static inline char *jv_xstrdup(const char *s) { return engine_strdup(s); }

#endif
