/* suite_mock — a mock config's test cases as a suite of smoke tests (DESIGN §4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "jv_text.h"
#include "options.h"
#include "suite_mock.h"

/* The state machine's name as `sfdbg run` derives it from the workflow file. */
static void sm_machine_name(const char *workflow, char *name, size_t n)
{
    run_options ro;
    memset(&ro, 0, sizeof ro);
    ro.workflow = workflow;
    exec_options eo;
    options_to_exec(&ro, &eo, name, n);
}

static const jv *sm_cases(const suite *s, const char *sm, char *err, size_t errlen)
{
    const jv *sms = jv_object_get(s->doc, "StateMachines");
    const jv *one = sms && jv_is_object(sms) ? jv_object_get(sms, sm) : NULL;
    const jv *cases = one && jv_is_object(one) ? jv_object_get(one, "TestCases") : NULL;
    if (!cases || !jv_is_object(cases) || jv_object_size(cases) == 0) {
        snprintf(err, errlen, "%s: StateMachines.%s.TestCases: expected a non-empty object "
                 "(the state machine's name is the workflow file's base name)", s->path, sm);
        return NULL;
    }
    return cases;
}

static int sm_fill(suite *s, const jv *cases, const suite_mock_opts *o, char *err,
                   size_t errlen)
{
    size_t n = jv_object_size(cases);
    if (n > SUITE_MAX_TESTS) {
        snprintf(err, errlen, "%s: %zu test cases, at most %u allowed", s->path, n,
                 SUITE_MAX_TESTS);
        return -1;
    }
    s->tests = calloc(n, sizeof *s->tests);
    if (!s->tests) {
        snprintf(err, errlen, "%s: out of memory", s->path);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = jv_string_value(jv_object_key_at(cases, i));
        if (o->test_case && strcmp(o->test_case, name))
            continue;
        suite_test *t = &s->tests[s->ntests++];
        t->name = name;
        t->test_case = name;
        t->input_arg = o->input;
        t->expect = s->expect;
    }
    if (s->ntests == 0) {
        snprintf(err, errlen, "%s: StateMachines.%s.TestCases: no test case '%s'", s->path,
                 s->machine, o->test_case);
        return -1;
    }
    return 0;
}

static int sm_read(suite *s, char *err, size_t errlen)
{
    size_t len;
    char *text = fileio_read(s->path, SUITE_MAX_BYTES, &len, err, errlen);
    if (!text)
        return -1;
    jv_parse_error pe;
    s->doc = jv_parse(text, len, 0, &pe);
    free(text);
    if (!s->doc) {
        snprintf(err, errlen, "%s:%d:%d: not JSON: %s", s->path, pe.line, pe.column,
                 pe.message);
        return -1;
    }
    if (!jv_is_object(s->doc)) {
        snprintf(err, errlen, "%s: (top level): expected a mock config (an object with "
                 "StateMachines and MockedResponses)", s->path);
        return -1;
    }
    return 0;
}

static int sm_seed(suite *s, const char *seed, char *err, size_t errlen)
{
    if (!seed)
        return 0;
    size_t n = strspn(seed, "0123456789");
    if (n == 0 || seed[n] || n >= sizeof s->seed) {
        snprintf(err, errlen, "--seed: expected a non-negative integer, got '%s'", seed);
        return -1;
    }
    memcpy(s->seed, seed, n + 1);
    return 0;
}

static int sm_options(suite *s, const suite_mock_opts *o, char *err, size_t errlen)
{
    s->path = strdup(o->mock_config);
    s->mock_config = strdup(o->mock_config);
    s->workflow = strdup(o->workflow);
    s->services_state = o->services_state ? strdup(o->services_state) : NULL;
    s->handlers = o->handlers ? strdup(o->handlers) : NULL;
    s->start_time = o->start_time;
    s->expect = jv_object_set_take(jv_object(), "status", jv_string("SUCCEEDED"));
    if (!s->path || !s->mock_config || !s->workflow || !s->expect ||
        (o->services_state && !s->services_state) || (o->handlers && !s->handlers)) {
        snprintf(err, errlen, "%s: out of memory", o->mock_config);
        return -1;
    }
    return sm_seed(s, o->seed, err, errlen);
}

int suite_mock_load(const suite_mock_opts *o, suite *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    sm_machine_name(o->workflow, s->machine, sizeof s->machine);
    const jv *cases = NULL;
    if (sm_options(s, o, err, errlen) || sm_read(s, err, errlen) ||
        !(cases = sm_cases(s, s->machine, err, errlen)) || sm_fill(s, cases, o, err, errlen)) {
        suite_free(s);
        return -1;
    }
    return 0;
}
