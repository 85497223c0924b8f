/*
 * jn_eval — the JSONata evaluator: walks a jn_parse tree over jn_val values with the
 * reference implementation's semantics (sequences, path steps and tuple streams, predicates,
 * grouping, order-by, lambdas and closures, partial application, chaining, transforms,
 * tail calls through a trampoline).
 *
 * A jn_ctx is one evaluation: its heap, limits, clock, random generator and the error
 * exit. Errors unwind with longjmp to the jmp_buf the caller set (jn_eval_run does it);
 * every allocation is in the heap, so nothing leaks. The context is single-threaded; the
 * tree it evaluates is shared read-only.
 */
#ifndef SFDBG_JN_EVAL_H
#define SFDBG_JN_EVAL_H

#include <setjmp.h>
#include <stdint.h>

#include "jn_parse.h"
#include "jn_sig.h"
#include "jn_val.h"
#include "rng.h"
#include "strbuf.h"

typedef struct jn_env jn_env;
typedef struct jn_ctx jn_ctx;

/* a malloc-backed strbuf in use during evaluation: released if an error unwinds */
typedef struct jn_live {
    strbuf *sb;
    struct jn_live *prev;
} jn_live;

/* a built-in function: args already validated against its signature */
typedef jn_val (*jn_native_fn)(jn_ctx *c, jn_val *args, int nargs, jn_val focus);

/* The reference's rule "undefined inputs always return undefined": a call whose first
 * argument (after the signature took the context for a missing one) is undefined is
 * undefined, and the function is not run. A function opts out (JN_UNDEF_OWN: $count,
 * $exists, $append, ... handle undefined themselves) or widens the rule to its first
 * two arguments ($contains). */
typedef enum { JN_UNDEF_FIRST = 0, JN_UNDEF_OWN, JN_UNDEF_FIRST_TWO } jn_undef_rule;

typedef struct {
    const char *name;
    jn_native_fn fn;
    const char *sig;
    int arity;       /* what the reference's implementation.length reports */
    jn_undef_rule undef;
} jn_native;

typedef enum { FN_LAMBDA, FN_NATIVE, FN_PARTIAL, FN_REGEX, FN_REGEX_NEXT, FN_TRANSFORM } jn_fkind;

struct jn_func {
    jn_fkind kind;
    bool thunk;
    const jn_node *node;      /* lambda / transform */
    jn_node **params;         /* lambda parameters (a partial application binds some) */
    int nparams;
    const jn_sig *sig;
    jn_env *env;              /* closure */
    jn_val input;
    const jn_native *native;
    int native_index;
    jn_func *target;          /* FN_PARTIAL: the function, with holes in args */
    jn_val *args;
    bool *holes;
    int nargs;
    const jn_regex *re;       /* FN_REGEX(_NEXT) */
    const char *str;
    size_t slen, offset;
};

typedef struct {
    char code[8];
    int pos;
    char token[64];
    jn_val value, value2;
    bool has_value, has_value2;
    int index;
    char type[16];
    char *message;            /* heap; set for $error/$assert, D3137 */
} jn_err;

struct jn_ctx {
    jn_heap *h;
    jmp_buf *jb;
    jn_err err;
    /* the operator a binary expression is applying, the error's token while it is set
     * (named, not copied, on every operation; jn_set_token replaces it) */
    const char *op_token;
    size_t depth, max_depth;
    uintptr_t stack_base;
    size_t stack_limit;
    uint64_t steps, max_steps;
    int64_t deadline_ms;          /* 0: none */
    int64_t (*clock_ms)(void *user);
    void *clock_user;
    int64_t now_ms;               /* $now()/$millis(): fixed per evaluation */
    rng *rnd;                     /* the caller's generator; NULL: own_rng, seeded on first use */
    rng own_rng;
    bool own_rng_seeded;
    jn_env *global;
    const jn_sig **native_sigs;   /* parsed on first use */
    jn_node *chain_ast;
    jn_func tail;                 /* the pending tail call (see the trampoline) */
    jn_live *live;                /* open text buffers, freed when an error unwinds */
    jv_hint *hints;               /* per node id: where its field name was found last */
    int nhints;
};

/* ---- used by the function library ---- */
/* Text buffers built during evaluation: jn_sb_init registers the buffer so an error
 * (longjmp) frees it; jn_sb_release frees it and forgets it. limit 0: the heap's limit. */
void jn_sb_init(jn_ctx *c, strbuf *sb, size_t limit);
void jn_sb_release(jn_ctx *c, strbuf *sb);
/* frees the open buffers and jumps to the error exit (c->err already filled) */
void jn_unwind(jn_ctx *c) __attribute__((noreturn));
void jn_throw(jn_ctx *c, const char *code, int pos) __attribute__((noreturn));
/* the token an error reports ({{token}} in its message) */
void jn_set_token(jn_ctx *c, const char *token);
/* set the error's value (shown in messages) then throw */
void jn_throw_v(jn_ctx *c, const char *code, int pos, jn_val value) __attribute__((noreturn));
jn_val jn_apply(jn_ctx *c, jn_val fn, jn_val *args, int nargs, jn_val input);
int jn_arity(jn_val fn);
jn_val jn_env_lookup(jn_env *env, const char *name, size_t len);
jn_env *jn_env_new(jn_ctx *c, jn_env *parent);
void jn_env_bind(jn_ctx *c, jn_env *env, const char *name, size_t len, jn_val v);
/* deep copy into mutable heap values (the transform operator's $clone) */
jn_val jn_deep_clone(jn_ctx *c, jn_val v);
/* sequence helpers with the reference's append semantics */
jn_val jn_append(jn_ctx *c, jn_val a, jn_val b);

/* The evaluation's random generator ($random, $shuffle, $uuid): the caller's, or one seeded
 * from the OS the first time an evaluation asks (most never do: no system call for them). */
rng *jn_rng(jn_ctx *c);

/* $string's conversion (D3001 for non-finite numbers) */
jn_val jn_string_of(jn_ctx *c, jn_val v, bool pretty, int pos);
/* stable merge sort; swap(a, b) says whether a must come after b */
typedef bool (*jn_swap_fn)(void *user, jn_val a, jn_val b);
jn_val jn_sort_values(jn_ctx *c, jn_val arr, jn_swap_fn swap, void *user);
/* calls a matcher (regex function or lambda) following the reference's protocol */
jn_val jn_regex_call(jn_ctx *c, jn_func *f, jn_val str);

/* ---- the table of built-ins (jn_fn.c) ---- */
const jn_native *jn_fn_table(int *n);
int jn_fn_find(const char *name, size_t len);

/* Evaluates `expr` in a fresh context; the caller has set c->jb. */
jn_val jn_eval_root(jn_ctx *c, const jn_node *expr, jn_val input);

#endif
