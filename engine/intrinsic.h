/*
 * intrinsic — the States.* intrinsic functions: parse a call once, evaluate it many times.
 *
 * Grammar: States.Name(arg, ...) where an arg is a single-quoted string (escapes \' \{ \}
 * \\), a number, true, false, null, a path ($..., $$..., $name...) or a nested call; at
 * most 10 calls per field.
 */
#ifndef SFDBG_INTRINSIC_H
#define SFDBG_INTRINSIC_H

#include <stdbool.h>
#include <stddef.h>

#include "asl_error.h"
#include "eval_env.h"
#include "jv.h"

typedef struct intrinsic intrinsic;

typedef struct {
    size_t position;
    char message[256];
} intrinsic_error;

/* True when text looks like an intrinsic call (starts with "States." and a name and "("),
 * so a template can tell a call from a path. */
bool intrinsic_looks_like_call(const char *text);
/* NULL and err filled on a syntax error or an unknown function. The _n form takes a length:
 * a call from a JSON string may hold a NUL byte (in a string literal, say). */
intrinsic *intrinsic_compile(const char *text, intrinsic_error *err);
intrinsic *intrinsic_compile_n(const char *text, size_t len, intrinsic_error *err);
void intrinsic_free(intrinsic *f);
/* True when the call's outer function returns a string (Fail ErrorPath/CausePath). */
bool intrinsic_returns_string(const intrinsic *f);
/* Returns the result, or NULL with err set (States.IntrinsicFailure or the error AWS uses
 * for that case; States.Runtime for a path argument that finds nothing). `field` names the
 * template key for messages (e.g. "value.$"). */
jv *intrinsic_eval(const intrinsic *f, const eval_env *env, const char *field, asl_error *err);

#endif
