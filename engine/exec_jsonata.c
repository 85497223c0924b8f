/* exec_jsonata — a state whose QueryLanguage is JSONata: its fields' "{% %}" expressions,
 * evaluated with $states (input, result, errorOutput, context) and the frame's variables.
 * Pass, Succeed, Choice, Wait and Fail run here, with Output and Assign; Task and Parallel
 * take their Arguments and give their Output here (exec_task.c, exec_parallel.c and
 * exec_map.c run them; exec_jsonata_map.c has Map's own fields). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "choice.h"
#include "exec_internal.h"
#include "exec_jsonata.h"
#include "jsonata.h"
#include "timeutil.h"

static int64_t jn_clock(void *user) { return ((const sfn_exec *)user)->clock_ms; }

/* The text inside "{% ... %}" (trimmed), when v is such a string. */
static bool jn_expr_text(const jv *v, const char **text, size_t *len)
{
    if (!jv_is_string(v))
        return false;
    const char *s = jv_string_value(v);
    size_t n = jv_string_length(v);
    if (n < 4 || memcmp(s, "{%", 2) != 0 || memcmp(s + n - 2, "%}", 2) != 0)
        return false;
    s += 2;
    n -= 4;
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    *text = s;
    *len = n;
    return true;
}

/* AWS's EvaluationFailed event, before the state fails (or its Catch takes the error). */
static void jn_evaluation_failed(exec_ctx *f, const char *field)
{
    long id = exec_emit(f->ex, EV_EVALUATION_FAILED, f->state, NULL, f->err->name, f->err->cause);
    exec_event *e = id ? exec_last_event(f->ex, id) : NULL;
    if (e) {
        exec_event_detail *d = exec_event_detail_new(f->ex, e);
        d->location = engine_strdup(field);
        exec_account_string(f->ex, d->location);
    }
}

static void jn_error(exec_ctx *f, const char *text, size_t len, const char *field,
                     const char *what)
{
    asl_error_set(f->err, "States.QueryEvaluationError",
                  "An error occurred while executing the state '%s' (entered at the event id "
                  "#%ld). The JSONata expression '%.*s' specified for the field '%s' %s",
                  f->state->name, f->entered_id, (int)(len > 4096 ? 4096 : len), text, field,
                  what);
    jn_evaluation_failed(f, field);
}

void exec_jsonata_error(exec_ctx *f, const jv *tmpl, const char *field, const char *what)
{
    const char *text = "";
    size_t len = 0;
    if (!jn_expr_text(tmpl, &text, &len) && jv_is_string(tmpl)) {
        text = jv_string_value(tmpl);
        len = jv_string_length(tmpl);
    }
    jn_error(f, text, len, field, what);
}

static bool jn_ident_byte(unsigned char c)
{
    return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c >= 0x80;
}

/* The bindings plus every variable in scope that the expression's text names (`$name`):
 * JSONata has no dynamic variable lookup ($eval is not supported), so a lexical scan finds
 * all it can read, and an evaluation costs the variables it names, not all of them (a
 * string literal holding "$x" binds x for nothing). A new reference. */
static jv *jn_with_variables(exec_ctx *f, const jv *bindings, const char *text, size_t len)
{
    jv *b = jv_ref(bindings);
    char name[256];
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '$')
            continue;
        size_t j = i + 1;
        while (j < len && jn_ident_byte((unsigned char)text[j]))
            j++;
        size_t n = j - i - 1;
        if (n == 0 || n >= sizeof name)
            continue;
        memcpy(name, text + i + 1, n);
        name[n] = '\0';
        const jv *v = strcmp(name, "states") && !jv_object_get(b, name)
                          ? exec_variable_lookup(f, name) : NULL;
        if (v)
            b = jv_object_set(b, name, v);
        i = j - 1;
    }
    return b;
}

/* One expression; NULL after the state's error. */
static jv *jn_eval_expr(exec_ctx *f, const jv *tmpl, const char *text, size_t len,
                        const jv *bindings, const char *field)
{
    jsonata_error je;
    memset(&je, 0, sizeof je);
    const jsonata_expr *e = exec_jsonata_compiled(&f->ex->jsonata, tmpl, text, len, &je);
    if (!e) {
        char what[400];
        snprintf(what, sizeof what, "threw an error during evaluation. %s: %s", je.code,
                 je.message);
        jn_error(f, text, len, field, what);
        return NULL;
    }
    jsonata_env env;
    memset(&env, 0, sizeof env);
    env.clock_ms = jn_clock;
    env.clock_user = f->ex;
    env.random = &f->ex->random;
    env.max_steps = 10000000;
    env.reject_functions = true;
    jv *result = NULL;
    jv *b = jn_with_variables(f, bindings, text, len);
    jsonata_status st = jsonata_eval(e, NULL, b, &env, &result, &je);
    jv_unref(b);
    if (st == JSONATA_OK)
        return result;
    if (st == JSONATA_UNDEFINED) {
        jn_error(f, text, len, field, "returned nothing (undefined).");
    } else if (st == JSONATA_FUNCTION) {
        jn_error(f, text, len, field, "returned an unsupported result type.");
    } else {
        char what[400];
        snprintf(what, sizeof what, "threw an error during evaluation. %s: %s", je.code,
                 je.message);
        jn_error(f, text, len, field, what);
    }
    return NULL;
}

jv *exec_jsonata_value(exec_ctx *f, const jv *tmpl, const jv *bindings, const char *field,
                       int depth)
{
    const char *text;
    size_t len;
    if (depth > 64) {
        asl_error_set(f->err, "States.QueryEvaluationError", "The field '%s' nests too deep",
                      field);
        return NULL;
    }
    if (jn_expr_text(tmpl, &text, &len))
        return jn_eval_expr(f, tmpl, text, len, bindings, field);
    if (jv_is_array(tmpl)) {
        jv *out = jv_array();
        for (size_t i = 0; i < jv_array_length(tmpl); i++) {
            jv *v = exec_jsonata_value(f, jv_array_get(tmpl, i), bindings, field, depth + 1);
            if (!v) {
                jv_unref(out);
                return NULL;
            }
            out = jv_array_append_take(out, v);
        }
        return out;
    }
    if (jv_is_object(tmpl)) {
        jv *out = jv_object();
        for (size_t i = 0; i < jv_object_size(tmpl); i++) {
            const char *key = jv_string_value(jv_object_key_at(tmpl, i));
            char sub[256];
            snprintf(sub, sizeof sub, "%s/%s", field, key);
            jv *v = exec_jsonata_value(f, jv_object_value_at(tmpl, i), bindings, sub, depth + 1);
            if (!v) {
                jv_unref(out);
                return NULL;
            }
            out = jv_object_set_take(out, key, v);
        }
        return out;
    }
    return jv_ref(tmpl);
}

/* {"states": {"input", "context"[, "result"][, "errorOutput"]}}; the variables an
 * expression names are added when it is evaluated (jn_with_variables). */
jv *exec_jsonata_bindings(exec_ctx *f, const jv *input, const jv *result, const jv *error_output)
{
    jv *b = jv_object();
    jv *states = jv_object();
    states = jv_object_set(states, "input", input);
    if (f->context)
        states = jv_object_set(states, "context", f->context);
    if (result)
        states = jv_object_set(states, "result", result);
    if (error_output)
        states = jv_object_set(states, "errorOutput", error_output);
    return jv_object_set_take(b, "states", states);
}

/* The state's (or a rule's) Assign, evaluated against the values at state entry; the
 * values are set when the state leaves (out->assigned). */
bool exec_jsonata_assign(exec_ctx *f, const jv *assign, const jv *bindings, exec_outcome *out)
{
    if (!assign)
        return true;
    jv *values = exec_jsonata_value(f, assign, bindings, "Assign", 0);
    return values && exec_outcome_assign(f, out, values);
}

/* Output (the state's input when absent), then Assign; NULL after an error. */
static jv *jn_output_and_assign(exec_ctx *f, const jv *output_tmpl, const jv *assign,
                                const jv *input, const jv *result, exec_outcome *o)
{
    jv *b = exec_jsonata_bindings(f, input, result, NULL);
    jv *out = output_tmpl ? exec_jsonata_value(f, output_tmpl, b, "Output", 0)
                          : jv_ref(result ? result : input);
    if (out && !exec_jsonata_assign(f, assign, b, o)) {
        jv_unref(out);
        out = NULL;
    }
    jv_unref(b);
    return out;
}

static const jv *jn_field(const asl_state *s, const char *name)
{
    return jv_is_object(s->json) ? jv_object_get(s->json, name) : NULL;
}

/* A Condition: true or false; -1 after an error. t (NULL: not recorded) keeps what it
 * returned and the verdict. */
static int jn_condition(exec_ctx *f, const asl_choice_rule *r, const jv *bindings,
                        choice_explain_rule *t)
{
    jv *v = exec_jsonata_value(f, r->condition, bindings, "Condition", 0);
    int m = v && jv_is_bool(v) ? jv_is_true(v) : -1;
    if (v && m < 0)
        exec_jsonata_error(f, r->condition, "Condition", "returned an unexpected result type. "
                           "Expected 'boolean'.");
    if (t) {
        t->value = jv_ref(v);
        t->verdict = choice_verdict_of(m);
    }
    jv_unref(v);
    return m;
}

static jv *jn_run_choice(exec_ctx *f, const jv *input, exec_outcome *out)
{
    const asl_state *s = f->state;
    jv *b = exec_jsonata_bindings(f, input, NULL, NULL);
    choice_explain *x = exec_choice_explain_begin(f);
    for (size_t i = 0; i < s->choice.nrules; i++) {
        const asl_choice_rule *r = &s->choice.rules[i];
        int m = jn_condition(f, r, b, choice_explain_at(x, i));
        if (m < 0)
            break;
        if (m) {
            jv_unref(b);
            jv *o = jn_output_and_assign(f, r->output ? r->output : jn_field(s, "Output"),
                                         r->assign ? r->assign : s->assign, input, NULL, out);
            out->next = exec_choice_explain_end(f, x, (long)i, false, o ? r->next : NULL);
            return o;
        }
    }
    jv_unref(b);
    if (f->err->name) {
        exec_choice_explain_end(f, x, -1, false, NULL);
        return NULL;
    }
    if (s->choice.default_state) {
        jv *o = jn_output_and_assign(f, jn_field(s, "Output"), s->assign, input, NULL, out);
        out->next = exec_choice_explain_end(f, x, -1, true, o ? s->choice.default_state : NULL);
        return o;
    }
    asl_error_set_raw(f->err, "States.NoChoiceMatched", "No Matches!");
    exec_choice_explain_end(f, x, -1, false, NULL);
    return NULL;
}

/* Fail: Error and Cause, each a string or an expression. */
static bool jn_fail_field(exec_ctx *f, const char *field, const jv *bindings, char **out)
{
    const jv *t = jn_field(f->state, field);
    *out = NULL;
    if (!t)
        return true;
    jv *v = exec_jsonata_value(f, t, bindings, field, 0);
    if (!v)
        return false;
    if (!jv_is_string(v)) {
        asl_error_set(f->err, "States.QueryEvaluationError",
                      "An error occurred while executing the state '%s' (entered at the event "
                      "id #%ld). The field '%s' must be a string", f->state->name,
                      f->entered_id, field);
        jv_unref(v);
        return false;
    }
    *out = engine_strdup(jv_string_value(v));
    jv_unref(v);
    return true;
}

static bool jn_run_fail(exec_ctx *f, const jv *input)
{
    jv *b = exec_jsonata_bindings(f, input, NULL, NULL);
    char *error = NULL, *cause = NULL;
    bool ok = jn_fail_field(f, "Error", b, &error) && jn_fail_field(f, "Cause", b, &cause);
    jv_unref(b);
    if (!ok) {
        engine_free(error);
        return false;
    }
    asl_error_clear(f->err);
    f->err->name = error;
    f->err->cause = cause;
    return true;
}

/* Wait: Seconds (a number or an expression) or Timestamp; -1 after an error. */
static int64_t jn_wait_ms(exec_ctx *f, const jv *input)
{
    const asl_state *s = f->state;
    const jv *secs = jn_field(s, "Seconds"), *ts = jn_field(s, "Timestamp");
    jv *b = exec_jsonata_bindings(f, input, NULL, NULL);
    jv *v = secs ? exec_jsonata_value(f, secs, b, "Seconds", 0)
               : ts ? exec_jsonata_value(f, ts, b, "Timestamp", 0) : jv_number(0);
    jv_unref(b);
    if (!v)
        return -1;
    int64_t ms = -1;
    if (secs && jv_is_number(v) && jv_number_value(v) >= 0 && jv_number_value(v) < 2147483648.0)
        ms = (int64_t)floor(jv_number_value(v)) * 1000;
    else if (!secs && !ts)
        ms = 0;
    else if (ts && jv_is_string(v)) {
        asl_instant at;
        if (timeutil_parse_n(jv_string_value(v), jv_string_length(v), &at)) {
            int64_t when = timeutil_to_ms(at);
            ms = when > f->ex->clock_ms ? when - f->ex->clock_ms : 0;
        }
    }
    if (ms < 0 && ts && jv_is_string(v))
        asl_error_set(f->err, "States.QueryEvaluationError",
                      "An error occurred while executing the state '%s' (entered at the event "
                      "id #%ld). The Timestamp field cannot be parsed as an ISO-8601 extended "
                      "offset date-time format string: %.1000s", s->name, f->entered_id,
                      jv_string_value(v));
    else if (ms < 0 && secs && jv_is_number(v))
        exec_jsonata_error(f, secs, "Seconds", "returned a number of seconds out of range "
                           "(0 to 2147483647).");
    else if (ms < 0)
        exec_jsonata_type_error(f, secs ? secs : ts, secs ? "Seconds" : "Timestamp",
                                secs ? "integer" : "string", v);
    jv_unref(v);
    return ms;
}

/* ---- Task and Parallel: Arguments in, $states.result out ---- */

/* TimeoutSeconds / HeartbeatSeconds: a literal (the loader's) or an expression. */
static bool jn_seconds(exec_ctx *f, const char *field, const jv *bindings, long literal,
                       long *out)
{
    const jv *t = jn_field(f->state, field);
    *out = literal;
    if (!t || !jv_is_string(t))
        return true;
    jv *v = exec_jsonata_value(f, t, bindings, field, 0);
    if (!v)
        return false;
    bool ok = jv_is_integer(v) && jv_number_value(v) > 0 && jv_number_value(v) <= 99999999;
    if (ok)
        *out = (long)jv_number_value(v);
    else
        asl_error_set(f->err, "States.QueryEvaluationError",
                      "An error occurred while executing the state '%s' (entered at the event "
                      "id #%ld). The field '%s' must be a positive integer (at most 99999999)",
                      f->state->name, f->entered_id, field);
    jv_unref(v);
    return ok;
}

/* Credentials.RoleArn, evaluated. */
static bool jn_role(exec_ctx *f, const jv *bindings, char **role)
{
    const jv *t = jn_field(f->state, "Credentials");
    *role = NULL;
    if (!t)
        return true;
    jv *creds = exec_jsonata_value(f, t, bindings, "Credentials", 0);
    if (!creds)
        return false;
    const jv *arn = jv_is_object(creds) ? jv_object_get(creds, "RoleArn") : NULL;
    if (arn && jv_is_string(arn))
        *role = engine_strdup(jv_string_value(arn));
    jv_unref(creds);
    return true;
}

/* Arguments, or the state input when the state has none. */
static jv *jn_arguments(exec_ctx *f, const jv *input, const jv *bindings)
{
    const jv *t = jn_field(f->state, "Arguments");
    jv *args = t ? exec_jsonata_value(f, t, bindings, "Arguments", 0) : jv_ref(input);
    if (args && t)
        exec_record(f, EXEC_STAGE_AFTER_PARAMETERS, args);
    return args;
}

jv *exec_jsonata_task_arguments(exec_ctx *f, const jv *input, char **role, long *timeout,
                                long *heartbeat)
{
    const asl_state *s = f->state;
    jv *b = exec_jsonata_bindings(f, input, NULL, NULL);
    jv *args = NULL;
    if (jn_role(f, b, role) &&
        jn_seconds(f, "TimeoutSeconds", b, s->task.timeout_seconds, timeout) &&
        jn_seconds(f, "HeartbeatSeconds", b, s->task.heartbeat_seconds, heartbeat))
        args = jn_arguments(f, input, b);
    jv_unref(b);
    return args;
}

jv *exec_jsonata_parallel_input(exec_ctx *f, const jv *input)
{
    jv *b = exec_jsonata_bindings(f, input, NULL, NULL);
    jv *args = jn_arguments(f, input, b);
    jv_unref(b);
    return args;
}

void exec_jsonata_apply_result(exec_ctx *f, const jv *raw_input, const jv *result,
                               exec_outcome *out)
{
    const asl_state *s = f->state;
    jv *b = exec_jsonata_bindings(f, raw_input, result, NULL);
    const jv *t = jn_field(s, "Output");
    jv *output = t ? exec_jsonata_value(f, t, b, "Output", 0) : jv_ref(result);
    if (output && !exec_jsonata_assign(f, s->assign, b, out)) {
        jv_unref(output);
        output = NULL;
    }
    jv_unref(b);
    if (!output)
        return;
    out->output = output;
    out->next = s->next;
}

jv *exec_jsonata_catch_output(exec_ctx *f, const asl_catcher *c, const jv *raw_input,
                              const jv *error_output, exec_outcome *out)
{
    jv *b = exec_jsonata_bindings(f, raw_input, NULL, error_output);
    jv *output = c->output ? exec_jsonata_value(f, c->output, b, "Output", 0)
                           : jv_ref(error_output);
    if (output && !exec_jsonata_assign(f, c->assign, b, out)) {
        jv_unref(output);
        output = NULL;
    }
    jv_unref(b);
    return output;
}

void exec_jsonata_run_state(exec_ctx *f, const jv *input, exec_outcome *out)
{
    const asl_state *s = f->state;
    switch (s->type) {
    case ASL_PASS:
        out->output = jn_output_and_assign(f, jn_field(s, "Output"), s->assign, input, NULL, out);
        break;
    case ASL_SUCCEED:
        out->output = jn_output_and_assign(f, jn_field(s, "Output"), NULL, input, NULL, out);
        out->next = NULL;
        break;
    case ASL_CHOICE:
        out->output = jn_run_choice(f, input, out);
        break;
    case ASL_WAIT:
        out->waited_ms = jn_wait_ms(f, input);
        if (out->waited_ms >= 0)
            out->output = jn_output_and_assign(f, jn_field(s, "Output"), s->assign, input, NULL, out);
        break;
    case ASL_FAIL:
        out->fail_state = jn_run_fail(f, input);
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
    default:
        break;
    }
}
