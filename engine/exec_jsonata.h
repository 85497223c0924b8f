/* exec_jsonata — the JSONata query language's path through a state (exec_jsonata.c) and the
 * workflow variables that Assign sets (exec_variables.c). Internal to the engine. */
#ifndef SFDBG_EXEC_JSONATA_H
#define SFDBG_EXEC_JSONATA_H

#include "exec_internal.h"
#include "jsonata.h"

/* Runs a JSONata state's own work: out as exec_run_state fills it. */
void exec_jsonata_run_state(exec_ctx *f, const jv *input, exec_outcome *out);

/* A JSONata field's value: every "{% %}" string of tmpl evaluated with bindings, the rest
 * copied; NULL after States.QueryEvaluationError naming `field` (AWS's causes). */
jv *exec_jsonata_value(exec_ctx *f, const jv *tmpl, const jv *bindings, const char *field,
                       int depth);

/* The bindings of an evaluation: $states (each expression adds the variables in scope that
 * it names when it is evaluated). result and error_output may be NULL. A new object. */
jv *exec_jsonata_bindings(exec_ctx *f, const jv *input, const jv *result,
                          const jv *error_output);

/* Evaluates an Assign object (NULL: nothing) into out->assigned. */
bool exec_jsonata_assign(exec_ctx *f, const jv *assign, const jv *bindings, exec_outcome *out);

/* A Task's Arguments (the input when absent), with its Credentials' role and its
 * TimeoutSeconds/HeartbeatSeconds expressions; NULL after the state's error. */
jv *exec_jsonata_task_arguments(exec_ctx *f, const jv *input, char **role, long *timeout,
                                long *heartbeat);
/* A Parallel's Arguments: the input of every branch. */
jv *exec_jsonata_parallel_input(exec_ctx *f, const jv *input);
/* Task, Parallel (and Map) results: Output ($states.result when absent) and Assign. */
void exec_jsonata_apply_result(exec_ctx *f, const jv *raw_input, const jv *result,
                               exec_outcome *out);
/* A catcher's Output ($states.errorOutput when absent), after its Assign; NULL after an
 * error. */
jv *exec_jsonata_catch_output(exec_ctx *f, const asl_catcher *c, const jv *raw_input,
                              const jv *error_output, exec_outcome *out);

/* States.QueryEvaluationError "... The JSONata expression '<tmpl's text>' specified for the
 * field '<field>' <what>" (tmpl: the field's "{% %}" string, or any other value). */
void exec_jsonata_error(exec_ctx *f, const jv *tmpl, const char *field, const char *what);

/* ---- exec_jsonata_map.c ---- */
/* A field's template evaluated with $states.input = input; NULL after the state's error. */
jv *exec_jsonata_over(exec_ctx *f, const jv *tmpl, const jv *input, const char *field);
/* The "Expected '<expected>', but was '<kind>' for value: ..." error of a field. */
void exec_jsonata_type_error(exec_ctx *f, const jv *tmpl, const char *field,
                             const char *expected, const jv *got);
/* The Map's items: Items evaluated, or the input; NULL (error set) when not an array. */
jv *exec_jsonata_map_items(exec_ctx *f, const jv *input);

/* ---- exec_jsonata_cache.c ---- */
/* The compiled form of the expression text held by the JSON string `key`: compiled on first
 * use, kept in *cache (created when NULL, key referenced) until exec_jsonata_cache_free.
 * NULL with err filled on a syntax error. */
const jsonata_expr *exec_jsonata_compiled(exec_jsonata_cache **cache, const jv *key,
                                          const char *text, size_t len, jsonata_error *err);
void exec_jsonata_cache_free(exec_jsonata_cache *c);

/* ---- exec_variables.c ---- */
/* Every variable visible from frame fr (its own, then its parents'; the nearest wins), as a
 * new object of name -> value. */
jv *exec_variables_in_scope(const sfn_exec *ex, const exec_frame *fr);
/* Stores each member of values (an object) as a variable of fr's scope. */
void exec_variables_set(exec_frame *fr, const jv *values);
jv *exec_variables_visible(const sfn_exec *ex, const exec_frame *fr);
/* The eval_env lookup of `$name` in JSONPath: user is the exec_ctx; the nearest scope wins. */
const jv *exec_variable_lookup(void *user, const char *name);
/* Keeps values (taken) as what the state assigns when it leaves; false (the ctx's err set:
 * States.DataLimitExceeded) when they are over AWS's size limits. */
bool exec_outcome_assign(exec_ctx *f, exec_outcome *out, jv *values_take);
/* A JSONPath Assign (t may be NULL: nothing), with `$` = dollar, into out->assigned. */
bool exec_jsonpath_assign(exec_ctx *f, const payload_template *t, const jv *dollar,
                          exec_outcome *out);

#endif
