/* uieval — the debugger's "{% %}" watches and conditions. See uieval.h. */
#include "uieval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UIEVAL_MARK "\xe2\x96\xb8" /* ▸ before the failing position */

/* The expression inside the braces: [*start, *start + *len) of text. */
static bool uieval_body(const char *text, size_t *start, size_t *len)
{
    size_t b = 0, e = strlen(text);
    while (b < e && (text[b] == ' ' || text[b] == '\t'))
        b++;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t'))
        e--;
    if (e - b < 4 || strncmp(text + b, "{%", 2) || strncmp(text + e - 2, "%}", 2))
        return false;
    b += 2;
    e -= 2;
    while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\n'))
        b++;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\n'))
        e--;
    *start = b;
    *len = e - b;
    return true;
}

bool uieval_is_jsonata(const char *text)
{
    size_t s, l;
    return text && uieval_body(text, &s, &l);
}

/* "<expression with ▸ at the position> — CODE: message" (the expression first: a narrow
 * pane cuts the end) */
static void uieval_explain(const char *text, const jsonata_error *je, char *err, size_t n)
{
    size_t s = 0, l = 0;
    uieval_body(text, &s, &l);
    const char *body = text + s;
    int at = je->position >= 0 && (size_t)je->position <= l ? je->position : -1;
    if (at < 0)
        snprintf(err, n, "%.*s \xe2\x80\x94 %s: %s", (int)l, body, je->code, je->message);
    else
        snprintf(err, n, "%.*s" UIEVAL_MARK "%.*s \xe2\x80\x94 %s: %s", at, body,
                 (int)(l - (size_t)at), body + at, je->code, je->message);
}

jsonata_expr *uieval_compile(const char *text, char *err, size_t n)
{
    size_t s, l;
    if (!uieval_body(text, &s, &l)) {
        snprintf(err, n, "a JSONata expression is written {%% ... %%}");
        return NULL;
    }
    jsonata_error je;
    memset(&je, 0, sizeof je);
    jsonata_expr *e = jsonata_compile_n(text + s, l, &je);
    if (!e)
        uieval_explain(text, &je, err, n);
    return e;
}

static jv *uieval_bindings(const uieval_scope *sc)
{
    jv *states = jv_object();
    if (sc->input)
        states = jv_object_set(states, "input", sc->input);
    if (sc->context)
        states = jv_object_set(states, "context", sc->context);
    if (sc->result)
        states = jv_object_set(states, "result", sc->result);
    if (sc->error_output)
        states = jv_object_set(states, "errorOutput", sc->error_output);
    jv *b = sc->vars && jv_is_object(sc->vars) ? jv_ref(sc->vars) : jv_object();
    return jv_object_set_take(b, "states", states);
}

jsonata_status uieval_eval(const jsonata_expr *e, const char *text, const uieval_scope *scope,
                           jv **out, char *err, size_t n)
{
    jv *b = uieval_bindings(scope);
    jsonata_env env;
    memset(&env, 0, sizeof env);
    env.max_steps = 1000000;
    env.time_limit_ms = 1000;
    env.reject_functions = true;
    jsonata_error je;
    memset(&je, 0, sizeof je);
    *out = NULL;
    jsonata_status st = jsonata_eval(e, NULL, b, &env, out, &je);
    jv_unref(b);
    if (st == JSONATA_FUNCTION) {
        snprintf(err, n, "the expression gives a function, which has no JSON value");
        st = JSONATA_ERROR;
    } else if (st == JSONATA_ERROR) {
        uieval_explain(text, &je, err, n);
    }
    return st;
}

/* ---- a failed visit's expression ---- */

/* The EvaluationFailed event of the visit: the first after it was entered, in its frame. */
static const exec_event *uieval_failure_event(const sfn_exec *ex, const exec_visit *v)
{
    for (size_t i = 0; i < exec_event_count(ex); i++) {
        const exec_event *e = exec_event_at(ex, i);
        if (e->type == EV_EVALUATION_FAILED && e->state == v->state && e->frame == v->frame &&
            e->id > v->entered_event_id && exec_event_details(e)->location)
            return e;
    }
    return NULL;
}

/* The value at a field location of the state ("Output/r", "Arguments/list[2]"). */
static const jv *uieval_at(const jv *state, const char *location)
{
    const jv *cur = state;
    char seg[256];
    for (const char *p = location; cur && *p;) {
        size_t len = strcspn(p, "/[");
        if (len >= sizeof seg)
            return NULL;
        if (len) {
            memcpy(seg, p, len);
            seg[len] = '\0';
            cur = jv_is_object(cur) ? jv_object_get(cur, seg) : NULL;
        }
        p += len;
        while (cur && *p == '[') {
            char *end;
            long i = strtol(p + 1, &end, 10);
            cur = jv_is_array(cur) && *end == ']' && i >= 0 ? jv_array_get(cur, (size_t)i) : NULL;
            p = *end == ']' ? end + 1 : end;
        }
        if (*p == '/')
            p++;
    }
    return cur;
}

bool uieval_visit_failure(const sfn_exec *ex, size_t visit, char *buf, size_t n)
{
    const exec_visit *v = exec_visit_at(ex, visit);
    const char *error = v ? exec_visit_details(v)->error : NULL;
    if (!error || strcmp(error, "States.QueryEvaluationError"))
        return false;
    const exec_event *ev = uieval_failure_event(ex, v);
    const jv *tmpl = ev ? uieval_at(v->state->json, exec_event_details(ev)->location) : NULL;
    if (!tmpl || !jv_is_string(tmpl) || !uieval_is_jsonata(jv_string_value(tmpl)))
        return false;
    const char *text = jv_string_value(tmpl);
    char err[600];
    jsonata_expr *e = uieval_compile(text, err, sizeof err);
    if (e) {
        jv *ctx = exec_visit_context(ex, visit), *out = NULL;
        uieval_scope sc = {exec_visit_stage(v, EXEC_STAGE_INPUT), ctx, v->variables,
                           exec_visit_stage(v, EXEC_STAGE_RESULT), NULL};
        jsonata_status st = uieval_eval(e, text, &sc, &out, err, sizeof err);
        if (st == JSONATA_UNDEFINED)
            snprintf(err, sizeof err, "%s gives nothing (undefined)", text);
        else if (st == JSONATA_OK)
            snprintf(err, sizeof err, "%s (gives a value when evaluated again here)", text);
        jv_unref(out);
        jv_unref(ctx);
        jsonata_free(e);
    }
    snprintf(buf, n, "%s: %s", exec_event_details(ev)->location, err);
    return true;
}
