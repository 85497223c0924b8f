/* exec_dataflow — the stages every state shares: paths, templates, ResultPath, limits,
 * the data-flow record, and States.Runtime errors with AWS's prefix. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "exec_jsonata.h"
#include "jv_text.h"
#include "retry.h"

/* Most stages pass the input on (default paths, a Choice, a Pass without fields): a stage
 * that is the visit's input shares the input's reference (exec_visit_stage_release) and
 * counts no bytes again (jv_unshared_bytes would say 0 for a value the visit holds). */
/* A stage without a slot: the input (a bit), or a value of its own in the visit's details
 * (a field the slots did not foresee, e.g. a JSONata catcher's output as afterResultPath). */
static void exec_record_unslotted(exec_ctx *f, exec_stage stage, const jv *value)
{
    exec_visit *v = f->visit;
    exec_visit_stage_release(v, stage);
    if (value == v->slot[0]) {
        v->same |= (uint16_t)(1u << stage);
        return;
    }
    exec_visit_detail *d = exec_visit_detail_new(f->ex, v);
    if (!d->stage_values) {
        d->stage_values = engine_calloc(EXEC_STAGE_COUNT, sizeof *d->stage_values);
        exec_account(f->ex, EXEC_STAGE_COUNT * sizeof *d->stage_values);
    }
    exec_account(f->ex, jv_unshared_bytes(value));
    d->stage_values[stage] = jv_ref(value);
}

void exec_record_stage(exec_ctx *f, exec_stage stage, const jv *value)
{
    exec_visit *v = f->visit;
    unsigned bit = 1u << stage;
    if (!(v->stages & bit)) {
        exec_record_unslotted(f, stage, value);
        return;
    }
    const jv **slot = &v->slot[exec_stage_count(v->stages & (bit - 1))];
    const jv *input = v->slot[0];
    if (*slot != input)   /* a stage recorded again (a retry): its value before goes */
        exec_release_record(*slot);
    if (value == input) {
        *slot = input;
        return;
    }
    exec_account(f->ex, jv_unshared_bytes(value));
    *slot = jv_ref(value);
}

choice_explain *exec_choice_explain_new(exec_ctx *f)
{
    if (f->visit->state->type != ASL_CHOICE)
        return NULL; /* only a Choice's visit has the room */
    /* its room: after the visit's slots (exec_new_visit), counted with the visit */
    choice_explain_release((choice_explain *)exec_visit_choice(f->visit)); /* a second one */
    void *room = (char *)f->visit + exec_visit_size(f->visit->stages);
    choice_explain *x = choice_explain_init(room, &f->state->choice);
    f->visit->explained = true;
    return x;
}

void exec_choice_explain_decide(exec_ctx *f, choice_explain *x, long taken, bool default_taken,
                                const asl_state *next)
{
    exec_account(f->ex, choice_explain_decide(x, taken, default_taken, next));
}

eval_env exec_env(const exec_ctx *f, const jv *input)
{
    eval_env env = {input, f->context, exec_variable_lookup, (void *)f, &f->ex->random};
    return env;
}

static void exec_set_runtime(exec_ctx *f, const char *detail)
{
    asl_error_set(f->err, "States.Runtime",
                  "An error occurred while executing the state '%s' (entered at the event id #%ld). %s",
                  f->state->name, f->entered_id, detail);
}

void exec_runtime_error(exec_ctx *f, const char *fmt, ...)
{
    char detail[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    exec_set_runtime(f, detail);
}

/* Adds the state prefix to a States.Runtime error a sub-evaluator reported bare, whole (a
 * cause quoting an input or a task's Parameters is not cut to exec_runtime_error's buffer). */
void exec_prefix_runtime(exec_ctx *f)
{
    if (!f->err->name || strcmp(f->err->name, "States.Runtime") != 0 || !f->err->cause ||
        strncmp(f->err->cause, "An error occurred", 17) == 0)
        return;
    char *bare = f->err->cause;
    f->err->cause = NULL;
    exec_set_runtime(f, bare);
    engine_free(bare);
}

jv *exec_eval_path(exec_ctx *f, const jsonpath *path, const jv *input)
{
    eval_env env = exec_env(f, input);
    jsonpath_miss miss;
    jv *out = jsonpath_eval(path, &env, &miss);
    if (!out)
        exec_runtime_error(f, "Invalid path '%s' : %s", jsonpath_text(path), miss.message);
    return out;
}

/* InputPath / OutputPath: "$" by default, {} for null. */
jv *exec_select_path(exec_ctx *f, const asl_path_field *field, const jv *value)
{
    if (field->mode == ASL_PATH_DEFAULT)
        return jv_ref(value);
    if (field->mode == ASL_PATH_NULL)
        return jv_object();
    return exec_eval_path(f, field->path, value);
}

jv *exec_apply_template(exec_ctx *f, const payload_template *t, const jv *input)
{
    eval_env env = exec_env(f, input);
    jv *out = template_eval(t, &env, f->err);
    if (!out)
        exec_prefix_runtime(f);
    return out;
}

/* ResultPath: the result placed into the state's raw input. */
jv *exec_apply_result_path(exec_ctx *f, const asl_path_field *field, const jv *raw_input,
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
const char *exec_data_limit_cause(const asl_state *s, char *buf, size_t n)
{
    snprintf(buf, n, "The state/task '%s' returned a result with a size exceeding the maximum "
             "number of bytes service limit.", s->name);
    return buf;
}

bool exec_check_size(exec_ctx *f, const jv *value, const jv *unless_same_as)
{
    size_t limit = f->ex->opts.max_payload;
    if (!limit || value == unless_same_as || jv_serialized_size(value) <= limit)
        return true;
    char cause[512];
    asl_error_set_raw(f->err, "States.DataLimitExceeded",
                      exec_data_limit_cause(f->state, cause, sizeof cause));
    return false;
}

/* Choice, Wait and Succeed: InputPath, their own work, then OutputPath. */
jv *exec_filter_input(exec_ctx *f, const jv *input)
{
    jv *effective = exec_select_path(f, &f->state->input_path, input);
    if (effective)
        exec_record(f, EXEC_STAGE_AFTER_INPUT_PATH, effective);
    return effective;
}

jv *exec_filter_output(exec_ctx *f, jv *effective_take)
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


/* ---- results, retries and catchers (Task, Parallel, Map) ---- */

void exec_apply_result(exec_ctx *f, const jv *raw_input, const jv *result, exec_outcome *out)
{
    const asl_state *s = f->state;
    exec_record(f, EXEC_STAGE_RESULT, result);
    if (!exec_check_size(f, result, NULL))
        return;
    if (s->jsonata) {
        exec_jsonata_apply_result(f, raw_input, result, out);
        return;
    }
    if (!exec_jsonpath_assign(f, s->assign_template, result, out))
        return;
    jv *selected = s->result_selector ? exec_apply_template(f, s->result_selector, result)
                                      : jv_ref(result);
    if (!selected)
        return;
    if (s->result_selector)
        exec_record(f, EXEC_STAGE_AFTER_RESULT_SELECTOR, selected);
    jv *merged = exec_apply_result_path(f, &s->result_path, raw_input, selected);
    jv_unref(selected);
    if (!merged)
        return;
    exec_record(f, EXEC_STAGE_AFTER_RESULT_PATH, merged);
    out->output = exec_select_path(f, &s->output_path, merged);
    jv_unref(merged);
    out->next = s->next;
}

void exec_retry_init(exec_retry_state *r, const asl_state *s)
{
    memset(r, 0, sizeof *r);
    r->counts = engine_calloc(s->nretriers + 1, sizeof *r->counts);
}

void exec_retry_cleanup(exec_retry_state *r)
{
    engine_free(r->counts);
    memset(r, 0, sizeof *r);
}

jv *exec_error_output(const char *error, const char *cause)
{
    jv *o = jv_object_set_take(jv_object(), "Error", error ? jv_string(error) : jv_null());
    return jv_object_set_take(o, "Cause", cause ? jv_string(cause) : jv_null());
}

/* A catcher takes the error: its ResultPath places {Error, Cause} into the raw input;
 * OutputPath is not applied. */
static void exec_catch(exec_ctx *f, const asl_catcher *c, const jv *raw_input,
                       const char *error, const char *cause, exec_outcome *out)
{
    jv *errout = exec_error_output(error, cause);
    exec_record(f, EXEC_STAGE_RESULT, errout);
    jv *merged = NULL;
    if (f->state->jsonata)
        merged = exec_jsonata_catch_output(f, c, raw_input, errout, out);
    else if (exec_jsonpath_assign(f, c->assign_template, errout, out))
        merged = exec_apply_result_path(f, &c->result_path, raw_input, errout);
    jv_unref(errout);
    if (merged) {
        exec_record(f, EXEC_STAGE_AFTER_RESULT_PATH, merged);
        out->output = merged;
        out->next = c->next;
        out->caught = true;
    }
    if (f->visit) {
        exec_visit_detail *d = exec_visit_detail_new(f->ex, f->visit);
        d->caught = true;
        engine_free(d->error);
        engine_free(d->cause);
        d->error = error ? engine_strdup(error) : NULL;
        d->cause = cause ? engine_strdup(cause) : NULL;
        exec_account_string(f->ex, error);
        exec_account_string(f->ex, cause);
    }
}

void exec_recover(exec_ctx *f, exec_retry_state *retry, const jv *raw_input, const char *error,
                  const char *also, const char *cause, exec_outcome *out)
{
    const asl_state *s = f->state;
    long r = retry_find_retrier(s, error, also);
    if (r >= 0 && retry->counts[r] < s->retriers[r].max_attempts) {
        retry->counts[r]++;
        retry->total++;
        retry->delay_ms = retry_delay_ms(&s->retriers[r], retry->counts[r], &f->ex->random);
        if (f->visit) {
            exec_visit_detail *d = exec_visit_detail_new(f->ex, f->visit);
            d->retries = retry->total;
            d->retry_index = r;
            d->retry_delay_ms = retry->delay_ms;
        }
        retry->pending = true;
        out->pending = EXEC_STEP_RETRY;
        return;
    }
    long c = retry_find_catcher(s, error, also);
    if (c >= 0) {
        if (f->visit)
            exec_visit_detail_new(f->ex, f->visit)->catch_index = c;
        exec_catch(f, &s->catchers[c], raw_input, error, cause, out);
        return;
    }
    /* uncaught: the frame fails with the error (a callback's failure may carry no error
     * name at all, and then neither does the execution's) */
    asl_error_clear(f->err);
    f->err->name = error ? engine_strdup(error) : NULL;
    f->err->cause = cause ? engine_strdup(cause) : NULL;
}
