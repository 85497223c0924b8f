/* exec_variables — workflow variables (Assign): one object per frame; a Parallel branch or a
 * Map iteration sees its parents' variables and assigns in its own scope. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "exec_jsonata.h"
#include "validate.h"

#define EXEC_MAX_SCOPES 256
#define EXEC_VARIABLE_LIMIT 262144          /* one variable, and one Assign: 256 KiB */
#define EXEC_VARIABLES_LIMIT (10u << 20)    /* all variables of an execution: 10 MiB */

/* The scope around fr's: its parent frame's, except across a distributed Map's iteration
 * (a child execution, which cannot read its parent's variables). */
static const exec_frame *exec_outer_scope(const sfn_exec *ex, const exec_frame *fr)
{
    if (fr->parent < 0)
        return NULL;
    if (fr->kind == EXEC_FRAME_MAP_ITERATION && fr->owner && fr->owner->map.distributed)
        return NULL;
    return exec_frame_of(ex, fr->parent);
}

jv *exec_variables_in_scope(const sfn_exec *ex, const exec_frame *fr)
{
    const exec_frame *chain[EXEC_MAX_SCOPES];
    size_t n = 0;
    for (const exec_frame *p = fr; p && n < EXEC_MAX_SCOPES; p = exec_outer_scope(ex, p))
        chain[n++] = p;
    jv *out = jv_object();
    while (n--) {   /* outermost first: inner scopes overwrite */
        const jv *vars = chain[n]->variables;
        for (size_t i = 0; vars && i < jv_object_size(vars); i++)
            out = jv_object_set(out, jv_string_value(jv_object_key_at(vars, i)),
                                jv_object_value_at(vars, i));
    }
    return out;
}

/* The variables in scope, or NULL when there are none: a reference to the only scope that
 * has any (no copy: the common case of a workflow without Map or Parallel), else a merge. */
jv *exec_variables_visible(const sfn_exec *ex, const exec_frame *fr)
{
    const jv *only = NULL;
    size_t scopes = 0;
    for (const exec_frame *p = fr; p; p = exec_outer_scope(ex, p))
        if (p->variables && jv_object_size(p->variables) > 0) {
            only = p->variables;
            scopes++;
        }
    if (scopes == 0)
        return NULL;
    return scopes == 1 ? jv_ref(only) : exec_variables_in_scope(ex, fr);
}

jv *exec_frame_variables(const sfn_exec *ex, long id)
{
    const exec_frame *fr = exec_frame_of(ex, id);
    return fr ? exec_variables_in_scope(ex, fr) : NULL;
}

void exec_variables_set(exec_frame *fr, const jv *values)
{
    if (!fr->variables)
        fr->variables = jv_object();
    for (size_t i = 0; i < jv_object_size(values); i++)
        fr->variables = jv_object_set(fr->variables, jv_string_value(jv_object_key_at(values, i)),
                                      jv_object_value_at(values, i));
}

const jv *exec_variable_lookup(void *user, const char *name)
{
    const exec_ctx *f = user;
    for (const exec_frame *p = f->frame; p; p = exec_outer_scope(f->ex, p)) {
        const jv *v = p->variables ? jv_object_get(p->variables, name) : NULL;
        if (v)
            return v;
    }
    return NULL;
}

/* AWS's limits: 256 KiB per variable and per Assign, 10 MiB for the execution's variables
 * (those of every scope the state sees, with the new values). */
static bool exec_variables_fit(exec_ctx *f, const jv *values)
{
    size_t total = jv_serialized_size(values);
    for (size_t i = 0; i < jv_object_size(values); i++) {
        size_t one = jv_serialized_size(jv_object_value_at(values, i));
        if (one > EXEC_VARIABLE_LIMIT) {
            asl_error_set(f->err, "States.DataLimitExceeded",
                          "The state '%s' assigns the variable '%s' a value of %zu bytes, over "
                          "the limit of %d bytes for one variable.", f->state->name,
                          jv_string_value(jv_object_key_at(values, i)), one, EXEC_VARIABLE_LIMIT);
            return false;
        }
    }
    if (total > EXEC_VARIABLE_LIMIT) {
        asl_error_set(f->err, "States.DataLimitExceeded",
                      "The state '%s' assigns %zu bytes of variables, over the limit of %d "
                      "bytes for one Assign.", f->state->name, total, EXEC_VARIABLE_LIMIT);
        return false;
    }
    for (const exec_frame *p = f->frame; p; p = exec_outer_scope(f->ex, p))
        total += p->variables ? jv_serialized_size(p->variables) : 0;
    if (total > EXEC_VARIABLES_LIMIT) {
        asl_error_set(f->err, "States.DataLimitExceeded",
                      "The state '%s' would make the execution's variables %zu bytes, over the "
                      "limit of %u bytes.", f->state->name, total, EXEC_VARIABLES_LIMIT);
        return false;
    }
    return true;
}

bool exec_outcome_assign(exec_ctx *f, exec_outcome *out, jv *values_take)
{
    if (!exec_variables_fit(f, values_take)) {
        jv_unref(values_take);
        return false;
    }
    jv_unref(out->assigned);
    out->assigned = values_take;
    return true;
}

bool exec_jsonpath_assign(exec_ctx *f, const payload_template *t, const jv *dollar,
                          exec_outcome *out)
{
    if (!t)
        return true;
    jv *values = exec_apply_template(f, t, dollar);
    return values && exec_outcome_assign(f, out, values);
}

bool exec_set_variable(sfn_exec *ex, long frame, const char *name, const jv *value, char *err,
                       size_t errlen)
{
    exec_frame *fr = exec_frame_of(ex, frame);
    if (!fr || ex->status != EXEC_RUNNING) {
        snprintf(err, errlen, "that frame is not running");
        return false;
    }
    const char *problem = asl_variable_name_problem(name, strlen(name));
    if (problem) {
        if (!strncmp(problem, "is not", 6)) /* the one message about the name itself */
            snprintf(err, errlen, "'%s' %s", name, problem);
        else
            snprintf(err, errlen, "%s", problem);
        return false;
    }
    if (jv_serialized_size(value) > EXEC_VARIABLE_LIMIT) {
        snprintf(err, errlen, "the value is over the %d bytes a variable may hold",
                 EXEC_VARIABLE_LIMIT);
        return false;
    }
    exec_frame *into = fr;
    for (exec_frame *p = fr; p; p = (exec_frame *)exec_outer_scope(ex, p))
        if (p->variables && jv_object_get(p->variables, name)) {
            into = p;
            break;
        }
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    jv *one = jv_object_set(jv_object(), name, value);
    exec_variables_set(into, one);
    jv_unref(one);
    engine_alloc_leave(previous);
    return true;
}
