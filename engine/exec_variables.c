/* exec_variables — workflow variables (Assign): one object per frame; a Parallel branch or a
 * Map iteration sees its parents' variables and assigns in its own scope. */
#include "exec_jsonata.h"

#define EXEC_MAX_SCOPES 256

jv *exec_variables_in_scope(const sfn_exec *ex, const exec_frame *fr)
{
    const exec_frame *chain[EXEC_MAX_SCOPES];
    size_t n = 0;
    for (const exec_frame *p = fr; p && n < EXEC_MAX_SCOPES;
         p = p->parent >= 0 ? exec_frame_of(ex, p->parent) : NULL)
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
    for (const exec_frame *p = fr; p; p = p->parent >= 0 ? exec_frame_of(ex, p->parent) : NULL)
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
    for (const exec_frame *p = f->frame; p; p = p->parent >= 0 ? exec_frame_of(f->ex, p->parent) : NULL) {
        const jv *v = p->variables ? jv_object_get(p->variables, name) : NULL;
        if (v)
            return v;
    }
    return NULL;
}

void exec_outcome_assign(exec_outcome *out, jv *values_take)
{
    jv_unref(out->assigned);
    out->assigned = values_take;
}

bool exec_jsonpath_assign(exec_ctx *f, const payload_template *t, const jv *dollar,
                          exec_outcome *out)
{
    if (!t)
        return true;
    jv *values = exec_apply_template(f, t, dollar);
    if (!values)
        return false;
    exec_outcome_assign(out, values);
    return true;
}
