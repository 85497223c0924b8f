/* exec_states — Pass, Choice, Wait, Succeed and Fail: each state's own work between its
 * InputPath and its OutputPath. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "jv_text.h"
#include "choice.h"
#include "exec_jsonata.h"
#include "timeutil.h"

/* AWS refuses waits of 2^31 seconds or more ("Wait state delay is too long.") */
#define EXEC_MAX_WAIT_SECONDS ((int64_t)INT32_MAX)

/* Pass: InputPath -> Parameters -> Result -> ResultPath -> OutputPath */
static jv *exec_run_pass(exec_ctx *f, const jv *input, exec_outcome *o)
{
    const asl_state *s = f->state;
    jv *effective = exec_select_path(f, &s->input_path, input);
    if (!effective)
        return NULL;
    exec_record(f, EXEC_STAGE_AFTER_INPUT_PATH, effective);
    if (s->parameters) {
        jv *params = exec_apply_template(f, s->parameters, effective);
        jv_unref(effective);
        if (!(effective = params))
            return NULL;
        exec_record(f, EXEC_STAGE_AFTER_PARAMETERS, effective);
    }
    jv *result = s->pass.result ? jv_ref(s->pass.result) : jv_ref(effective);
    jv_unref(effective);
    exec_record(f, EXEC_STAGE_RESULT, result);
    if (!exec_check_size(f, result, input) ||
        !exec_jsonpath_assign(f, s->assign_template, result, o)) {
        jv_unref(result);
        return NULL;
    }
    jv *merged = exec_apply_result_path(f, &s->result_path, input, result);
    jv_unref(result);
    if (!merged)
        return NULL;
    exec_record(f, EXEC_STAGE_AFTER_RESULT_PATH, merged);
    jv *out = exec_select_path(f, &s->output_path, merged);
    jv_unref(merged);
    return out;
}

/* The rule that matches (its Next; its Assign, else the state's), or the Default. */
static const asl_state *exec_choose(exec_ctx *f, const jv *effective, exec_outcome *o)
{
    const asl_state *s = f->state;
    eval_env env = exec_env(f, effective);
    choice_explain *x = exec_choice_explain_begin(f);
    for (size_t i = 0; i < s->choice.nrules; i++) {
        const asl_choice_rule *r = &s->choice.rules[i];
        int m = choice_rule_matches(r, &env, f->err, choice_explain_at(x, i));
        if (m < 0) {
            exec_prefix_runtime(f);
            return exec_choice_explain_end(f, x, -1, false, NULL);
        }
        if (m) {
            const payload_template *a = r->assign_template ? r->assign_template
                                                          : s->assign_template;
            const asl_state *next = exec_jsonpath_assign(f, a, effective, o) ? r->next : NULL;
            return exec_choice_explain_end(f, x, (long)i, false, next);
        }
    }
    if (s->choice.default_state) {
        const asl_state *next = exec_jsonpath_assign(f, s->assign_template, effective, o)
                                    ? s->choice.default_state : NULL;
        return exec_choice_explain_end(f, x, -1, true, next);
    }
    /* AWS's cause text as commonly reported; not in the recorded corpus */
    asl_error_set_raw(f->err, "States.NoChoiceMatched", "No Matches!");
    return exec_choice_explain_end(f, x, -1, false, NULL);
}

/* The value a SecondsPath / TimestampPath names; NULL after AWS's error when none. */
static jv *exec_wait_param(exec_ctx *f, const jv *effective, const jsonpath *p,
                           const char *field)
{
    eval_env env = exec_env(f, effective);
    jsonpath_miss miss;
    jv *v = jsonpath_eval(p, &env, &miss);
    if (!v)
        exec_runtime_error(f, "The %s parameter does not reference an input value: %s", field,
                           jsonpath_text(p));
    return v;
}

static bool exec_wait_seconds_path(exec_ctx *f, const jv *effective, int64_t *secs)
{
    const jsonpath *p = f->state->wait.seconds_path;
    jv *v = exec_wait_param(f, effective, p, "SecondsPath");
    if (!v)
        return false;
    char *shown = exec_quote_value(v);
    bool ok = false;
    if (!jv_is_integer(v) || jv_number_value(v) > 9.2e18)
        exec_runtime_error(f, "The SecondsPath parameter cannot be parsed as a long value: %s == %s",
                           jsonpath_text(p), shown);
    else if (jv_number_value(v) < 0)
        exec_runtime_error(f, "The SecondsPath parameter references a negative value: %s == %s",
                           jsonpath_text(p), shown);
    else {
        *secs = (int64_t)jv_number_value(v);
        ok = true;
    }
    engine_free(shown);
    jv_unref(v);
    return ok;
}

static bool exec_wait_timestamp_path(exec_ctx *f, const jv *effective, asl_instant *when)
{
    const jsonpath *p = f->state->wait.timestamp_path;
    jv *v = exec_wait_param(f, effective, p, "TimestampPath");
    if (!v)
        return false;
    bool ok = jv_is_string(v) && timeutil_parse_n(jv_string_value(v), jv_string_length(v), when);
    if (!ok) {
        char *shown = exec_quote_value(v);
        exec_runtime_error(f, "The TimestampPath parameter does not reference a valid ISO-8601 "
                           "extended offset date-time format string: %s == %s",
                           jsonpath_text(p), shown);
        engine_free(shown);
    }
    jv_unref(v);
    return ok;
}

/* A Wait may not end past the last instant a timestamp can hold (AWS's own clock never
 * gets near; a --start-time late in year 9999 does): the same error as a delay over the
 * limit, saying which limit. */
static bool exec_wait_end_in_range(exec_ctx *f, int64_t delay_ms)
{
    if (delay_ms <= TIMEUTIL_MAX_MS - f->ex->clock_ms)
        return true;
    exec_runtime_error(f, "Wait state delay is too long: it would end after "
                       TIMEUTIL_MAX_TEXT ".");
    return false;
}

/* How long the Wait state waits, in ms of virtual time; -1 on error. */
static int64_t exec_wait_duration(exec_ctx *f, const jv *effective)
{
    const asl_state *s = f->state;
    int64_t secs = 0;
    asl_instant when;
    bool by_time = false;
    if (s->wait.has_seconds) {
        secs = s->wait.seconds;
    } else if (s->wait.seconds_path) {
        if (!exec_wait_seconds_path(f, effective, &secs))
            return -1;
    } else if (s->wait.has_timestamp) {
        when = s->wait.timestamp;
        by_time = true;
    } else if (s->wait.timestamp_path) {
        if (!exec_wait_timestamp_path(f, effective, &when))
            return -1;
        by_time = true;
    }
    int64_t delta = 0;
    if (by_time) {
        delta = timeutil_to_ms(when) - f->ex->clock_ms;
        if (delta <= 0)
            return 0;
        secs = delta / 1000 + (delta % 1000 != 0);
    }
    if (secs > EXEC_MAX_WAIT_SECONDS) {
        exec_runtime_error(f, "Wait state delay is too long.");
        return -1;
    }
    int64_t delay_ms = by_time ? delta : secs * 1000;
    return exec_wait_end_in_range(f, delay_ms) ? delay_ms : -1;
}

static char *exec_fail_field(exec_ctx *f, const asl_string_source *src, const char *field,
                             const jv *input, bool *failed)
{
    if (src->literal)
        return engine_strdup(src->literal);
    if (!src->path && !src->call)
        return NULL;
    eval_env env = exec_env(f, input);
    jv *v = src->call ? intrinsic_eval(src->call, &env, field, f->err)
                      : jsonpath_eval_field(src->path, &env, field, f->err);
    if (!v) {
        exec_prefix_runtime(f);
        *failed = true;
        return NULL;
    }
    char *out = exec_quote_value(v);
    jv_unref(v);
    return out;
}

static bool exec_run_fail(exec_ctx *f, const jv *input)
{
    bool failed = false;
    char *error = exec_fail_field(f, &f->state->fail.error, "ErrorPath", input, &failed);
    char *cause = failed ? NULL : exec_fail_field(f, &f->state->fail.cause, "CausePath", input, &failed);
    if (!failed) {
        /* not an evaluation error: the Fail state's own error, which may be absent */
        asl_error_clear(f->err);
        f->err->name = error;
        f->err->cause = cause;
        return true;
    }
    engine_free(error);
    engine_free(cause);
    return false;
}

void exec_run_state(exec_ctx *f, const jv *input, exec_outcome *out)
{
    const asl_state *s = f->state;
    jv *effective;
    out->next = s->next;
    if (s->jsonata) {
        exec_jsonata_run_state(f, input, out);
        return;
    }
    switch (s->type) {
    case ASL_PASS:
        out->output = exec_run_pass(f, input, out);
        break;
    case ASL_SUCCEED:
        if ((effective = exec_filter_input(f, input)))
            out->output = exec_filter_output(f, effective);
        out->next = NULL;
        break;
    case ASL_CHOICE:
        if ((effective = exec_filter_input(f, input))) {
            out->next = exec_choose(f, effective, out);
            if (out->next)
                out->output = exec_filter_output(f, effective);
            else
                jv_unref(effective);
        }
        break;
    case ASL_WAIT:
        if ((effective = exec_filter_input(f, input))) {
            out->waited_ms = exec_wait_duration(f, effective);
            if (out->waited_ms >= 0 && !exec_jsonpath_assign(f, s->assign_template, effective, out))
                out->waited_ms = -1;
            if (out->waited_ms >= 0)
                out->output = exec_filter_output(f, effective);
            else
                jv_unref(effective);
        }
        break;
    case ASL_FAIL:
        out->fail_state = exec_run_fail(f, input);
        break;
    case ASL_TASK:
        exec_task_start(f, input, out);
        break;
    case ASL_PARALLEL:
        exec_parallel_start(f, input, out);
        break;
    case ASL_MAP:
        exec_map_start(f, input, out);
        break;
    default: /* the loader never makes a state of another type */
        asl_error_set(f->err, "States.Runtime", "State '%s' has no type sfdbg runs", s->name);
        break;
    }
}
