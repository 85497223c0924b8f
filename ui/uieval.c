/* uieval — the debugger's "{% %}" watches and conditions. See uieval.h. */
#include "uieval.h"

#include <stdio.h>
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
    *start = b + 2;
    *len = e - b - 4;
    return true;
}

bool uieval_is_jsonata(const char *text)
{
    size_t s, l;
    return text && uieval_body(text, &s, &l);
}

/* "CODE: message: <expression with ▸ at the position>" */
static void uieval_explain(const char *text, const jsonata_error *je, char *err, size_t n)
{
    size_t s = 0, l = 0;
    uieval_body(text, &s, &l);
    const char *body = text + s;
    int at = je->position >= 0 && (size_t)je->position <= l ? je->position : -1;
    if (at < 0)
        snprintf(err, n, "%s: %s: %.*s", je->code, je->message, (int)l, body);
    else
        snprintf(err, n, "%s: %s: %.*s" UIEVAL_MARK "%.*s", je->code, je->message, at, body,
                 (int)(l - (size_t)at), body + at);
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

jsonata_status uieval_eval(const jsonata_expr *e, const char *text, const jv *input,
                           const jv *context, const jv *vars, jv **out, char *err, size_t n)
{
    jv *states = jv_object();
    if (input)
        states = jv_object_set(states, "input", input);
    if (context)
        states = jv_object_set(states, "context", context);
    jv *b = vars && jv_is_object(vars) ? jv_ref(vars) : jv_object();
    b = jv_object_set_take(b, "states", states);
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
