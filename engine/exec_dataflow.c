/* exec_dataflow — the stages every state shares: paths, templates, ResultPath, limits,
 * the data-flow record, and States.Runtime errors with AWS's prefix. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "jv_text.h"

void exec_record(exec_frame *f, exec_stage stage, const jv *value)
{
    if (!f->visit)
        return;
    exec_account(f->ex, jv_unshared_bytes(value));
    exec_release_record(f->visit->stage[stage]);
    f->visit->stage[stage] = jv_ref(value);
}

eval_env exec_env(const exec_frame *f, const jv *input)
{
    eval_env env = {input, f->context, NULL, NULL, &f->ex->random};
    return env;
}

void exec_runtime_error(exec_frame *f, const char *fmt, ...)
{
    char detail[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    asl_error_set(f->err, "States.Runtime",
                  "An error occurred while executing the state '%s' (entered at the event id #%ld). %s",
                  f->state->name, f->entered_id, detail);
}

/* Adds the state prefix to a States.Runtime error a sub-evaluator reported bare. */
void exec_prefix_runtime(exec_frame *f)
{
    if (!f->err->name || strcmp(f->err->name, "States.Runtime") != 0 || !f->err->cause ||
        strncmp(f->err->cause, "An error occurred", 17) == 0)
        return;
    char *bare = f->err->cause;
    f->err->cause = NULL;
    exec_runtime_error(f, "%s", bare);
    engine_free(bare);
}

/* InputPath / OutputPath: "$" by default, {} for null. */
jv *exec_select_path(exec_frame *f, const asl_path_field *field, const jv *value)
{
    if (field->mode == ASL_PATH_DEFAULT)
        return jv_ref(value);
    if (field->mode == ASL_PATH_NULL)
        return jv_object();
    eval_env env = exec_env(f, value);
    jsonpath_miss miss;
    jv *out = jsonpath_eval(field->path, &env, &miss);
    if (!out)
        exec_runtime_error(f, "Invalid path '%s' : %s", jsonpath_text(field->path), miss.message);
    return out;
}

jv *exec_apply_template(exec_frame *f, const payload_template *t, const jv *input)
{
    eval_env env = exec_env(f, input);
    jv *out = template_eval(t, &env, f->err);
    if (!out)
        exec_prefix_runtime(f);
    return out;
}

/* ResultPath: the result placed into the state's raw input. */
jv *exec_apply_result_path(exec_frame *f, const asl_path_field *field, const jv *raw_input,
                                  const jv *result)
{
    if (field->mode == ASL_PATH_DEFAULT)
        return jv_ref(result);
    if (field->mode == ASL_PATH_NULL)
        return jv_ref(raw_input);
    char *cause = NULL;
    jv *out = jsonpath_assign(field->path, jv_ref(raw_input), result, &cause);
    if (!out) {
        asl_error_set_raw(f->err, "States.ResultPathMatchFailure", cause);
        engine_free(cause);
    }
    return out;
}

/* Sizes are remembered per node (jv.h): a state's check costs the nodes the state made,
 * not a walk of the whole document. */
bool exec_check_size(exec_frame *f, const jv *value, const jv *unless_same_as)
{
    size_t limit = f->ex->opts.max_payload;
    if (!limit || value == unless_same_as || jv_serialized_size(value) <= limit)
        return true;
    asl_error_set(f->err, "States.DataLimitExceeded",
                  "The state/task '%s' returned a result with a size exceeding the maximum "
                  "number of bytes service limit.", f->state->name);
    return false;
}

/* Choice, Wait and Succeed: InputPath, their own work, then OutputPath. */
jv *exec_filter_input(exec_frame *f, const jv *input)
{
    jv *effective = exec_select_path(f, &f->state->input_path, input);
    if (effective)
        exec_record(f, EXEC_STAGE_AFTER_INPUT_PATH, effective);
    return effective;
}

jv *exec_filter_output(exec_frame *f, jv *effective_take)
{
    jv *out = exec_select_path(f, &f->state->output_path, effective_take);
    jv_unref(effective_take);
    return out;
}

/* Renders a value the way AWS's Wait messages quote it: strings raw, others as JSON. */
char *exec_quote_value(const jv *v)
{
    return jv_is_string(v) ? engine_strdup(jv_string_value(v)) : jv_dump_string(v, 0);
}

