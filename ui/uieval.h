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

#include "jsonata.h"
#include "jv.h"

/* The text is a JSONata expression: "{%" ... "%}" (white space around allowed). */
bool uieval_is_jsonata(const char *text);
/* NULL with the parser's message (code, the expression marked at its position) in err. */
jsonata_expr *uieval_compile(const char *text, char *err, size_t n);
/* JSONATA_OK: *out is a new reference; JSONATA_UNDEFINED; JSONATA_ERROR: err says why.
 * input, context and vars may be NULL. Bounded: 10^6 steps, 1 s. */
jsonata_status uieval_eval(const jsonata_expr *e, const char *text, const jv *input,
                           const jv *context, const jv *vars, jv **out, char *err, size_t n);

#endif
