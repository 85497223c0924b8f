/*
 * uieval — the debugger's JSONata expressions: a watch or a breakpoint condition written
 * "{% ... %}" (as a JSONata state writes one) is compiled when typed, and evaluated over the
 * state about to run with $states.input, $states.context and the workflow variables in
 * scope, as the state's own expressions would see them. An error shows the expression with
 * the failing position marked (`$a + ▸'x'`). No curses here.
 */
#ifndef SFDBG_UI_UIEVAL_H
#define SFDBG_UI_UIEVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "exec.h"
#include "jsonata.h"
#include "jv.h"

/* The text is a JSONata expression: "{%" ... "%}" (white space around allowed). */
bool uieval_is_jsonata(const char *text);
/* NULL with the parser's message (code, the expression marked at its position) in err. */
jsonata_expr *uieval_compile(const char *text, char *err, size_t n);
/* What an expression sees; any member may be NULL. */
typedef struct {
    const jv *input, *context, *vars;   /* $states.input, $states.context, the variables */
    const jv *result, *error_output;    /* $states.result, $states.errorOutput */
} uieval_scope;

/* JSONATA_OK: *out is a new reference; JSONATA_UNDEFINED; JSONATA_ERROR: err says why.
 * Bounded: 10^6 steps, 1 s. */
jsonata_status uieval_eval(const jsonata_expr *e, const char *text, const uieval_scope *scope,
                           jv **out, char *err, size_t n);

/* A visit that failed with States.QueryEvaluationError: "FIELD: " and the failing
 * expression evaluated again on the visit's data, with the failing position marked (or why
 * it gave nothing). False when the visit did not fail so or the history does not say where. */
bool uieval_visit_failure(const sfn_exec *ex, size_t visit, char *buf, size_t n);

#endif
