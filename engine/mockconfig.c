/* mockconfig — Step Functions Local mock configurations. */
#include "mockconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"

/* A response's answers sorted by their first invocation, contiguous from 0. */
typedef struct {
    long first, last;   /* inclusive */
    const jv *body;     /* {"Return": ...} or {"Throw": {...}} */
} mock_range;

typedef struct {
    const char *name;
    mock_range *ranges;
    size_t nranges;
} mock_response;

typedef struct {
    const char *state;
    const mock_response *response;
} mock_binding;

struct mock_case {
    const char *state_machine, *name;
    mock_binding *bindings;
    size_t nbindings;
};

struct mock_config {
    jv *json;
    mock_response *responses;
    size_t nresponses;
    mock_case *cases;
    size_t ncases;
};

/* Invocation numbers are bounded so a typo cannot ask for billions of entries. */
#define MOCK_MAX_INVOCATION 1000000L

static bool mock_parse_number(const char *s, size_t n, long *out)
{
    if (n == 0 || n > 9)
        return false;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* "3" or "1-2" */
static bool mock_parse_key(const char *key, long *first, long *last)
{
    const char *dash = strchr(key, '-');
    if (!dash)
        return mock_parse_number(key, strlen(key), first) && (*last = *first, true);
    return mock_parse_number(key, (size_t)(dash - key), first) &&
           mock_parse_number(dash + 1, strlen(dash + 1), last) && *first <= *last;
}

static int mock_range_cmp(const void *a, const void *b)
{
    const mock_range *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

static bool mock_check_body(const char *resp, const char *key, const jv *body, char *err,
                            size_t errlen)
{
    if (!jv_is_object(body)) {
        snprintf(err, errlen, "MockedResponses.%s.\"%s\": must be an object with Return or Throw",
                 resp, key);
        return false;
    }
    const jv *ret = jv_object_get(body, "Return"), *thr = jv_object_get(body, "Throw");
    if ((ret != NULL) == (thr != NULL)) {
        snprintf(err, errlen, "MockedResponses.%s.\"%s\": needs exactly one of Return and Throw%s",
                 resp, key, ret ? ", not both" : "");
        return false;
    }
    if (thr) {
        const jv *e = jv_is_object(thr) ? jv_object_get(thr, "Error") : NULL;
        const jv *c = jv_is_object(thr) ? jv_object_get(thr, "Cause") : NULL;
        if (!jv_is_object(thr) || (e && !jv_is_string(e)) || (c && !jv_is_string(c))) {
            snprintf(err, errlen, "MockedResponses.%s.\"%s\".Throw: must be an object with "
                     "string fields Error and Cause", resp, key);
            return false;
        }
    }
    return true;
}

static bool mock_load_response(mock_response *r, const char *name, const jv *obj, char *err,
                               size_t errlen)
{
    r->name = name;
    if (!jv_is_object(obj) || jv_object_size(obj) == 0) {
        snprintf(err, errlen, "MockedResponses.%s: must be a non-empty object of numbered answers",
                 name);
        return false;
    }
    r->nranges = jv_object_size(obj);
    r->ranges = engine_calloc(r->nranges, sizeof *r->ranges);
    for (size_t i = 0; i < r->nranges; i++) {
        const char *key = jv_string_value(jv_object_key_at(obj, i));
        mock_range *g = &r->ranges[i];
        if (!mock_parse_key(key, &g->first, &g->last) || g->last > MOCK_MAX_INVOCATION) {
            snprintf(err, errlen, "MockedResponses.%s: \"%s\" is not an invocation number or "
                     "range like \"0\" or \"1-2\"", name, key);
            return false;
        }
        g->body = jv_object_value_at(obj, i);
        if (!mock_check_body(name, key, g->body, err, errlen))
            return false;
    }
    qsort(r->ranges, r->nranges, sizeof *r->ranges, mock_range_cmp);
    long expect = 0;
    for (size_t i = 0; i < r->nranges; i++) {
        if (r->ranges[i].first > expect) {
            snprintf(err, errlen, "MockedResponses.%s: invocation %ld is missing (the numbering "
                     "has a gap)", name, expect);
            return false;
        }
        if (r->ranges[i].first < expect) {
            snprintf(err, errlen, "MockedResponses.%s: invocation %ld is answered twice (ranges "
                     "overlap)", name, r->ranges[i].first);
            return false;
        }
        expect = r->ranges[i].last + 1;
    }
    return true;
}

static const mock_response *mock_find_response(const mock_config *m, const char *name)
{
    for (size_t i = 0; i < m->nresponses; i++)
        if (!strcmp(m->responses[i].name, name))
            return &m->responses[i];
    return NULL;
}

static bool mock_load_case(mock_config *m, mock_case *c, const char *sm, const char *name,
                           const jv *obj, char *err, size_t errlen)
{
    c->state_machine = sm;
    c->name = name;
    if (!jv_is_object(obj)) {
        snprintf(err, errlen, "StateMachines.%s.TestCases.%s: must be an object mapping state "
                 "names to mocked responses", sm, name);
        return false;
    }
    c->nbindings = jv_object_size(obj);
    c->bindings = engine_calloc(c->nbindings ? c->nbindings : 1, sizeof *c->bindings);
    for (size_t i = 0; i < c->nbindings; i++) {
        const char *state = jv_string_value(jv_object_key_at(obj, i));
        const jv *ref = jv_object_value_at(obj, i);
        const mock_response *r = jv_is_string(ref) ? mock_find_response(m, jv_string_value(ref)) : NULL;
        if (!r) {
            snprintf(err, errlen, "StateMachines.%s.TestCases.%s.%s: %s", sm, name, state,
                     jv_is_string(ref) ? "names a response that MockedResponses does not define"
                                       : "must name a mocked response");
            if (jv_is_string(ref))
                snprintf(err + strlen(err), errlen - strlen(err), " ('%s')", jv_string_value(ref));
            return false;
        }
        c->bindings[i].state = state;
        c->bindings[i].response = r;
    }
    return true;
}

static bool mock_load_cases(mock_config *m, const jv *machines, char *err, size_t errlen)
{
    size_t total = 0;
    for (size_t i = 0; i < jv_object_size(machines); i++) {
        const jv *tc = jv_object_get(jv_object_value_at(machines, i), "TestCases");
        if (!tc || !jv_is_object(tc)) {
            snprintf(err, errlen, "StateMachines.%s: needs a TestCases object",
                     jv_string_value(jv_object_key_at(machines, i)));
            return false;
        }
        total += jv_object_size(tc);
    }
    m->cases = engine_calloc(total ? total : 1, sizeof *m->cases);
    for (size_t i = 0; i < jv_object_size(machines); i++) {
        const char *sm = jv_string_value(jv_object_key_at(machines, i));
        const jv *tc = jv_object_get(jv_object_value_at(machines, i), "TestCases");
        for (size_t k = 0; k < jv_object_size(tc); k++)
            if (!mock_load_case(m, &m->cases[m->ncases++], sm,
                                jv_string_value(jv_object_key_at(tc, k)),
                                jv_object_value_at(tc, k), err, errlen))
                return false;
    }
    return true;
}

mock_config *mock_config_from_json(const jv *json, char *err, size_t errlen)
{
    const jv *machines = jv_is_object(json) ? jv_object_get(json, "StateMachines") : NULL;
    const jv *responses = jv_is_object(json) ? jv_object_get(json, "MockedResponses") : NULL;
    if (!machines || !jv_is_object(machines) || (responses && !jv_is_object(responses))) {
        snprintf(err, errlen, "a mock config is an object with StateMachines and MockedResponses "
                 "objects");
        return NULL;
    }
    mock_config *m = engine_calloc(1, sizeof *m);
    m->json = jv_ref(json);
    m->nresponses = responses ? jv_object_size(responses) : 0;
    m->responses = engine_calloc(m->nresponses ? m->nresponses : 1, sizeof *m->responses);
    bool ok = true;
    for (size_t i = 0; ok && i < m->nresponses; i++)
        ok = mock_load_response(&m->responses[i], jv_string_value(jv_object_key_at(responses, i)),
                                jv_object_value_at(responses, i), err, errlen);
    if (ok)
        ok = mock_load_cases(m, machines, err, errlen);
    if (!ok) {
        mock_config_free(m);
        return NULL;
    }
    return m;
}

mock_config *mock_config_parse(const char *text, size_t len, char *err, size_t errlen)
{
    jv_parse_error perr;
    jv *json = jv_parse(text, len, 0, &perr);
    if (!json) {
        snprintf(err, errlen, "%d:%d: invalid JSON: %s", perr.line, perr.column, perr.message);
        return NULL;
    }
    mock_config *m = mock_config_from_json(json, err, errlen);
    jv_unref(json);
    return m;
}

void mock_config_free(mock_config *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nresponses; i++)
        engine_free(m->responses[i].ranges);
    engine_free(m->responses);
    for (size_t i = 0; i < m->ncases; i++)
        engine_free(m->cases[i].bindings);
    engine_free(m->cases);
    jv_unref(m->json);
    engine_free(m);
}

const mock_case *mock_config_case(const mock_config *m, const char *state_machine,
                                  const char *test_case, char *err, size_t errlen)
{
    bool machine_known = false;
    for (size_t i = 0; i < m->ncases; i++) {
        if (strcmp(m->cases[i].state_machine, state_machine))
            continue;
        machine_known = true;
        if (!strcmp(m->cases[i].name, test_case))
            return &m->cases[i];
    }
    if (!machine_known) {
        int n = snprintf(err, errlen, "the mock config has no state machine '%s' (it has:",
                         state_machine);
        for (size_t i = 0; i < m->ncases && n > 0 && (size_t)n < errlen; i++)
            if (i == 0 || strcmp(m->cases[i].state_machine, m->cases[i - 1].state_machine))
                n += snprintf(err + n, errlen - (size_t)n, " %s", m->cases[i].state_machine);
        if (n > 0 && (size_t)n < errlen)
            snprintf(err + n, errlen - (size_t)n, "); use --state-machine-name");
        return NULL;
    }
    int n = snprintf(err, errlen, "state machine '%s' has no test case '%s' (it has:",
                     state_machine, test_case);
    for (size_t i = 0; i < m->ncases && n > 0 && (size_t)n < errlen; i++)
        if (!strcmp(m->cases[i].state_machine, state_machine))
            n += snprintf(err + n, errlen - (size_t)n, " %s", m->cases[i].name);
    if (n > 0 && (size_t)n < errlen)
        snprintf(err + n, errlen - (size_t)n, ")");
    return NULL;
}

size_t mock_case_state_count(const mock_case *c) { return c->nbindings; }

const char *mock_case_state_at(const mock_case *c, size_t i)
{
    return i < c->nbindings ? c->bindings[i].state : NULL;
}

mock_answer mock_case_answer(const mock_case *c, const char *state, long invocation)
{
    mock_answer a = {MOCK_UNMOCKED, NULL, NULL, NULL, NULL, 0};
    const mock_response *r = NULL;
    for (size_t i = 0; i < c->nbindings && !r; i++)
        if (!strcmp(c->bindings[i].state, state))
            r = c->bindings[i].response;
    if (!r)
        return a;
    a.response = r->name;
    a.defined = r->ranges[r->nranges - 1].last + 1;
    a.kind = MOCK_EXHAUSTED;
    for (size_t i = 0; i < r->nranges; i++) {
        const mock_range *g = &r->ranges[i];
        if (invocation < g->first || invocation > g->last)
            continue;
        const jv *ret = jv_object_get(g->body, "Return");
        if (ret) {
            a.kind = MOCK_RETURN;
            a.result = ret;
        } else {
            const jv *thr = jv_object_get(g->body, "Throw");
            const jv *e = jv_object_get(thr, "Error"), *cz = jv_object_get(thr, "Cause");
            a.kind = MOCK_THROW;
            a.error = e ? jv_string_value(e) : NULL;
            a.cause = cz ? jv_string_value(cz) : NULL;
        }
        break;
    }
    return a;
}

task_answer_kind mock_case_resolve(void *user, const task_call *call, task_answer *out)
{
    const mock_case *c = user;
    mock_answer a = mock_case_answer(c, call->state_name, call->invocation);
    if (a.kind == MOCK_UNMOCKED)
        return TASK_NO_ANSWER;
    char source[256];
    snprintf(source, sizeof source, "mocked response %s, invocation %ld", a.response,
             call->invocation);
    out->source = engine_strdup(source);
    switch (a.kind) {
    case MOCK_RETURN:
        out->kind = TASK_RESULT;
        out->result = jv_ref(a.result);
        out->final = true;
        break;
    case MOCK_THROW:
        out->kind = a.error && (!strcmp(a.error, "States.Timeout") ||
                                !strcmp(a.error, "States.HeartbeatTimeout"))
                        ? TASK_TIMEOUT : TASK_ERROR;
        out->error.name = a.error ? engine_strdup(a.error) : NULL;
        out->error.cause = a.cause ? engine_strdup(a.cause) : NULL;
        break;
    default:
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, "States.Runtime",
                      "The mocked response '%s' has no answer for invocation %ld of state '%s' "
                      "(it answers invocations 0 to %ld)", a.response, call->invocation,
                      call->state_name, a.defined - 1);
        break;
    }
    return out->kind;
}
