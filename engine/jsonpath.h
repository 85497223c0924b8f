/*
 * jsonpath — JSONPath as AWS Step Functions evaluates it (Jayway JsonPath semantics):
 * compile once, evaluate many times.
 *
 * Roots: `$` (the state input), `$$` (the context object), `$name` (a workflow variable).
 * Syntax: .name, ['name'] / ["name"] with escapes, [n] (negative from the end), [*] and .*,
 * slices [a:b:c], unions [a,b] / ['x','y'], recursive descent .., filters [?(...)] with
 * comparisons (== != < <= > >= =~), && || !, existence [?(@.x)], literals, @ and $ paths.
 *
 * A path is *definite* when it has no wildcard, slice, union, recursive descent or filter
 * (as in Jayway, a union of names at the leaf, `$['a','b']`, is definite and yields one object
 * of the members present; a trailing function such as `.length()` also yields one value).
 * Evaluating a definite path returns the one value, or NULL and a Jayway-style message in
 * `miss` when nothing is there. An indefinite path always returns an array (possibly []),
 * except that an evaluation exceeding the work limit (20M node visits, e.g. `$..*..*..*..*`
 * on a deep document) returns NULL with a miss message.
 *
 * A *reference path* (ResultPath, Choice Variable, ItemsPath, SecondsPath, ...) is definite
 * and uses only names and indexes.
 *
 * Ownership follows jv.h: returned values are new references; inputs are borrowed.
 */
#ifndef SFDBG_JSONPATH_H
#define SFDBG_JSONPATH_H

#include <stdbool.h>
#include <stddef.h>

#include "asl_error.h"
#include "eval_env.h"
#include "jv.h"

typedef struct jsonpath jsonpath;

typedef enum {
    JSONPATH_ROOT_INPUT,     /* $ */
    JSONPATH_ROOT_CONTEXT,   /* $$ */
    JSONPATH_ROOT_VARIABLE   /* $name */
} jsonpath_root;

typedef struct {
    size_t position;       /* byte offset in the path text where the problem is */
    char message[256];
} jsonpath_error;

typedef struct {
    /* "No results for path: $['a']['b']" (the last step found nothing) or
     * "Missing property in path $['a']" (an intermediate step found nothing) */
    char message[512];
} jsonpath_miss;

/* NULL and err filled when text is not a valid path. The _n form takes a length: a path
 * from a JSON string may hold a NUL byte, which is part of a name, never the end. */
jsonpath *jsonpath_compile(const char *text, jsonpath_error *err);
jsonpath *jsonpath_compile_n(const char *text, size_t len, jsonpath_error *err);
void jsonpath_free(jsonpath *p);

const char *jsonpath_text(const jsonpath *p);
jsonpath_root jsonpath_root_kind(const jsonpath *p);
const char *jsonpath_variable_name(const jsonpath *p);  /* VARIABLE roots only, else NULL */
bool jsonpath_is_definite(const jsonpath *p);
bool jsonpath_is_reference(const jsonpath *p);
bool jsonpath_is_root(const jsonpath *p);                /* exactly `$` (or `$$`, `$name`) */

/* Evaluates against the root the path names, taken from env. A VARIABLE root whose
 * variable is undefined is a miss. */
jv *jsonpath_eval(const jsonpath *p, const eval_env *env, jsonpath_miss *miss);
/* jsonpath_eval for a payload field (`value.$`, `ErrorPath`, ...): on a miss, NULL and err
 * set to States.Runtime with AWS's cause "The JSONPath '$.x' specified for the field
 * 'value.$' could not be found in the input '<compact JSON of the path's root>'" (the input
 * for `$`, the context object for `$$`, the variable's value for `$name`). */
jv *jsonpath_eval_field(const jsonpath *p, const eval_env *env, const char *field, asl_error *err);
/* Evaluates against `root` whatever the path's root kind. */
jv *jsonpath_eval_on(const jsonpath *p, const jv *root, jsonpath_miss *miss);

/* ResultPath: returns `target` with `value` placed at the reference path p, creating
 * missing intermediate objects (target consumed, value borrowed). When the target cannot
 * hold the path (a step goes through a non-object), returns NULL and sets *cause (malloc'd)
 * to the text for States.ResultPathMatchFailure. */
jv *jsonpath_assign(const jsonpath *p, jv *target_take, const jv *value, char **cause);

#endif
