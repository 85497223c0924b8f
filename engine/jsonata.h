/*
 * jsonata — JSONata 2.x (the language of jsonata-js 2.0, plus `??`/`?:` and AWS Step
 * Functions' $partition, $range, $hash, $random([seed]), $uuid, $parse), evaluated
 * natively over jv values. $eval is not supported.
 *
 * Compile an expression once, evaluate it many times:
 *
 *   jsonata_error err;
 *   jsonata_expr *e = jsonata_compile("Account.Order.Product.Price", &err);
 *   jv *result = NULL;
 *   jsonata_status st = jsonata_eval(e, input, bindings, NULL, &result, &err);
 *   ... JSONATA_OK: result is a new jv reference (jv_unref it)
 *   ... JSONATA_UNDEFINED: no result ("undefined", distinct from null)
 *   ... JSONATA_ERROR: err holds the reference implementation's code, message, position
 *   jsonata_free(e);
 *
 * Ownership: a jsonata_expr is owned by the caller (jsonata_free). `input` and `bindings`
 * are borrowed for the call; the result is a new reference. A compiled expression is
 * read-only during evaluation, so it can be evaluated from several threads at once (the
 * working memory it keeps from one large evaluation for the next, at most 4 MiB, passes
 * between evaluations atomically).
 *
 * Limits: every evaluation is bounded by a nesting depth (U1001 "Stack overflow"), a
 * time and step budget (U1001 "timeout"), a memory budget (U1002) and bounded regex
 * backtracking (U1002); a hostile expression ends with an error, not a crash or a hang.
 */
#ifndef SFDBG_JSONATA_H
#define SFDBG_JSONATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jv.h"
#include "rng.h"

typedef struct jsonata_expr jsonata_expr;

typedef struct {
    char code[8];        /* "S0202", "T2001", "D3137", "U1001", ... */
    char message[256];
    int position;        /* byte offset in the expression; -1 when unknown */
    char token[64];      /* the operator or function the error is about, if any */
    char value[128];     /* the offending value as JSON (truncated), if any */
} jsonata_error;

typedef enum {
    JSONATA_OK = 0,
    JSONATA_UNDEFINED,
    JSONATA_ERROR,
    JSONATA_FUNCTION     /* the result is a function (only with jsonata_env.reject_functions) */
} jsonata_status;

/* Evaluation environment; zero-initialise, then set what you need. */
typedef struct {
    /* $now()/$millis(): epoch milliseconds; NULL uses the system clock (read once per
     * evaluation, as the reference does) */
    int64_t (*clock_ms)(void *user);
    void *clock_user;
    /* $random/$shuffle/$uuid; NULL: a generator seeded from the OS per evaluation, when
     * one of them is first called */
    rng *random;
    size_t max_depth;        /* nesting of evaluation steps; 0: 10000 */
    int64_t time_limit_ms;   /* wall time per evaluation; 0: none */
    uint64_t max_steps;      /* evaluation steps; 0: none */
    size_t max_memory;       /* bytes of working memory; 0: 1 GiB */
    size_t stack_limit;      /* bytes of C stack the evaluator may use; 0: 1 MiB */
    bool reject_functions;   /* a function result is JSONATA_FUNCTION, not "" as in JSON */
} jsonata_env;

/* NULL on a syntax error (err filled with S0xxx). The _n form takes a length: an expression
 * from a JSON string may hold a NUL byte (in a string literal, say). */
jsonata_expr *jsonata_compile(const char *text, jsonata_error *err);
jsonata_expr *jsonata_compile_n(const char *text, size_t len, jsonata_error *err);
void jsonata_free(jsonata_expr *e);

/* input: NULL is undefined. bindings: NULL or a jv object of variable name -> value;
 * a leading `$` in a name is optional ({"$states": ...} and {"states": ...} both bind
 * $states). env: NULL for defaults. */
jsonata_status jsonata_eval(const jsonata_expr *e, const jv *input, const jv *bindings,
                            const jsonata_env *env, jv **result, jsonata_error *err);

#endif
