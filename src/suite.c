/* suite — loading and checking `sfdbg test` suite files (DESIGN §4.2). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "jv_text.h"
#include "suite.h"

typedef struct {
    const char *file;
    char *err;
    size_t errlen;
} suite_ctx;

__attribute__((format(printf, 3, 4)))
static int suite_error(const suite_ctx *c, const char *field, const char *fmt, ...)
{
    int n = snprintf(c->err, c->errlen, "%s: %s: ", c->file, field);
    if (n < 0 || (size_t)n >= c->errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* The member key of o as a string, or NULL; -1 (with a message) when present but not one. */
static int suite_string(const suite_ctx *c, const jv *o, const char *key, const char *field,
                        const char **out)
{
    const jv *v = jv_object_get(o, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!jv_is_string(v))
        return suite_error(c, field, "expected a string, got %s", jv_kind_name(jv_kind_of(v)));
    *out = jv_string_value(v);
    return 0;
}

/* -1 with a message when o has a member not in known (list: how the message names them). */
static int suite_members(const suite_ctx *c, const jv *o, const char *field,
                         const char *const *known, size_t n, const char *list)
{
    for (size_t i = 0; i < jv_object_size(o); i++) {
        const char *k = jv_string_value(jv_object_key_at(o, i));
        size_t j = 0;
        while (j < n && strcmp(known[j], k) != 0)
            j++;
        if (j == n)
            return suite_error(c, field, "unknown member \"%s\" (expected %s)", k, list);
    }
    return 0;
}

char *suite_resolve(const suite *s, const char *path)
{
    const char *slash = strrchr(s->path, '/');
    size_t dirlen = slash ? (size_t)(slash - s->path) + 1 : 0;
    if (path[0] == '/' || dirlen == 0)
        return strdup(path);
    size_t n = dirlen + strlen(path) + 1;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%.*s%s", (int)dirlen, s->path, path);
    return r;
}

/* 0 when path names a readable regular file, else -1 with a message naming field. */
static int suite_readable(const suite_ctx *c, const char *field, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return suite_error(c, field, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return suite_error(c, field, "%s: not a regular file", path);
    if (access(path, R_OK) != 0)
        return suite_error(c, field, "%s: %s", path, strerror(errno));
    return 0;
}

/* A file the suite names: a string, resolved against the suite's folder, readable. */
static int suite_path(const suite_ctx *c, suite *s, const jv *o, const char *key,
                      const char *field, char **out)
{
    const char *v;
    if (suite_string(c, o, key, field, &v))
        return -1;
    *out = NULL;
    if (!v)
        return 0;
    if (!v[0])
        return suite_error(c, field, "expected a file name, got \"\"");
    *out = suite_resolve(s, v);
    if (!*out)
        return suite_error(c, field, "out of memory");
    return suite_readable(c, field, *out);
}

/* A test's input: any JSON; a "file://PATH" string names a readable file. */
static int suite_input(const suite_ctx *c, const suite *s, const jv *input, const char *field)
{
    if (!input || !jv_is_string(input) || strncmp(jv_string_value(input), "file://", 7))
        return 0;
    char *p = suite_resolve(s, jv_string_value(input) + 7);
    int rc = p ? suite_readable(c, field, p) : suite_error(c, field, "out of memory");
    free(p);
    return rc;
}

static int suite_options(const suite_ctx *c, suite *s, const jv *opts)
{
    if (!opts)
        return 0;
    if (!jv_is_object(opts))
        return suite_error(c, "options", "expected an object");
    static const char *const known[] = {"startTime", "seed", "servicesState", "handlers"};
    if (suite_members(c, opts, "options", known, sizeof known / sizeof known[0],
                      "startTime, seed, servicesState or handlers"))
        return -1;
    const jv *seed = jv_object_get(opts, "seed");
    if (seed) {
        if (!jv_is_integer(seed) || jv_number_value(seed) < 0 || jv_number_value(seed) > 9.0e15)
            return suite_error(c, "options.seed", "expected a non-negative integer");
        snprintf(s->seed, sizeof s->seed, "%" PRIu64, (uint64_t)jv_number_value(seed));
    }
    if (suite_string(c, opts, "startTime", "options.startTime", &s->start_time) ||
        suite_path(c, s, opts, "servicesState", "options.servicesState", &s->services_state) ||
        suite_path(c, s, opts, "handlers", "options.handlers", &s->handlers))
        return -1;
    return 0;
}

static int suite_expect_status(const suite_ctx *c, const jv *e, const char *field)
{
    const char *st;
    if (suite_string(c, e, "status", field, &st))
        return -1;
    if (st && strcmp(st, "SUCCEEDED") && strcmp(st, "FAILED") && strcmp(st, "TIMED_OUT") &&
        strcmp(st, "ABORTED"))
        return suite_error(c, field, "expected one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED, "
                           "got \"%s\"", st);
    return 0;
}

static int suite_expect_path(const suite_ctx *c, const jv *p, const char *field)
{
    if (!p)
        return 0;
    if (!jv_is_array(p))
        return suite_error(c, field, "expected an array of state names");
    for (size_t i = 0; i < jv_array_length(p); i++)
        if (!jv_is_string(jv_array_get(p, i)))
            return suite_error(c, field, "element %zu: expected a state name (a string)", i);
    return 0;
}

static int suite_expect_states(const suite_ctx *c, const jv *st, const char *field)
{
    if (!st)
        return 0;
    if (!jv_is_object(st))
        return suite_error(c, field, "expected an object of state names");
    for (size_t i = 0; i < jv_object_size(st); i++) {
        const jv *one = jv_object_value_at(st, i);
        const char *name = jv_string_value(jv_object_key_at(st, i));
        if (!jv_is_object(one))
            return suite_error(c, field, "state \"%s\": expected an object", name);
        const jv *visits = jv_object_get(one, "visits");
        if (visits && (!jv_is_integer(visits) || jv_number_value(visits) < 0))
            return suite_error(c, field, "state \"%s\": visits: expected a non-negative "
                               "integer", name);
        for (size_t j = 0; j < jv_object_size(one); j++) {
            const char *k = jv_string_value(jv_object_key_at(one, j));
            if (strcmp(k, "output") && strcmp(k, "outputContains") && strcmp(k, "visits"))
                return suite_error(c, field, "state \"%s\": unknown member \"%s\" (expected "
                                   "output, outputContains or visits)", name, k);
        }
    }
    return 0;
}

static int suite_expect(const suite_ctx *c, const jv *e, size_t i)
{
    char field[96];
    snprintf(field, sizeof field, "tests[%zu].expect", i);
    if (!jv_is_object(e))
        return suite_error(c, field, "expected an object");
    static const char *const known[] = {"status", "output", "outputContains", "error", "cause",
                                        "path", "states", "services"};
    if (suite_members(c, e, field, known, sizeof known / sizeof known[0],
                      "status, output, outputContains, error, cause, path, states or services"))
        return -1;
    char sub[128];
    const char *dummy;
    snprintf(sub, sizeof sub, "%s.status", field);
    if (suite_expect_status(c, e, sub))
        return -1;
    snprintf(sub, sizeof sub, "%s.error", field);
    if (suite_string(c, e, "error", sub, &dummy))
        return -1;
    snprintf(sub, sizeof sub, "%s.cause", field);
    if (suite_string(c, e, "cause", sub, &dummy))
        return -1;
    snprintf(sub, sizeof sub, "%s.path", field);
    if (suite_expect_path(c, jv_object_get(e, "path"), sub))
        return -1;
    snprintf(sub, sizeof sub, "%s.states", field);
    if (suite_expect_states(c, jv_object_get(e, "states"), sub))
        return -1;
    const jv *svc = jv_object_get(e, "services");
    if (svc && !jv_is_object(svc)) {
        snprintf(sub, sizeof sub, "%s.services", field);
        return suite_error(c, sub, "expected an object (service -> contents)");
    }
    return 0;
}

static int suite_test_at(const suite_ctx *c, const suite *s, const jv *t, size_t i,
                         suite_test *out)
{
    char field[64];
    snprintf(field, sizeof field, "tests[%zu]", i);
    if (!jv_is_object(t))
        return suite_error(c, field, "expected an object");
    char sub[96];
    snprintf(sub, sizeof sub, "%s.name", field);
    if (suite_string(c, t, "name", sub, &out->name))
        return -1;
    if (!out->name || !out->name[0])
        return suite_error(c, sub, "expected a non-empty string (the test's name)");
    snprintf(sub, sizeof sub, "%s.testCase", field);
    if (suite_string(c, t, "testCase", sub, &out->test_case))
        return -1;
    if (out->test_case && !s->mock_config)
        return suite_error(c, sub, "\"%s\" needs the suite's mockConfig (the file of test "
                           "cases)", out->test_case);
    out->input = jv_object_get(t, "input");
    snprintf(sub, sizeof sub, "%s.input", field);
    if (suite_input(c, s, out->input, sub))
        return -1;
    out->expect = jv_object_get(t, "expect");
    if (!out->expect) {
        snprintf(sub, sizeof sub, "%s.expect", field);
        return suite_error(c, sub, "missing (what the test checks)");
    }
    return suite_expect(c, out->expect, i);
}

static int suite_tests(const suite_ctx *c, suite *s)
{
    const jv *tests = jv_object_get(s->doc, "tests");
    if (!tests || !jv_is_array(tests) || jv_array_length(tests) == 0)
        return suite_error(c, "tests", "expected a non-empty array of tests");
    size_t n = jv_array_length(tests);
    if (n > SUITE_MAX_TESTS)
        return suite_error(c, "tests", "%zu tests, at most %u allowed", n, SUITE_MAX_TESTS);
    s->tests = calloc(n, sizeof *s->tests);
    if (!s->tests)
        return suite_error(c, "tests", "out of memory");
    for (size_t i = 0; i < n; i++, s->ntests++)
        if (suite_test_at(c, s, jv_array_get(tests, i), i, &s->tests[i]))
            return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->tests[i].name, s->tests[j].name)) {
                char field[64];
                snprintf(field, sizeof field, "tests[%zu].name", i);
                return suite_error(c, field, "\"%s\" is also the name of tests[%zu]",
                                   s->tests[i].name, j);
            }
    return 0;
}

static int suite_parse(const suite_ctx *c, suite *s)
{
    size_t len;
    char ferr[512];
    char *text = fileio_read(s->path, SUITE_MAX_BYTES, &len, ferr, sizeof ferr);
    if (!text) {
        snprintf(c->err, c->errlen, "%s", ferr);
        return -1;
    }
    jv_parse_error pe;
    s->doc = jv_parse(text, len, 0, &pe);
    free(text);
    if (!s->doc) {
        snprintf(c->err, c->errlen, "%s:%d:%d: not JSON: %s", s->path, pe.line, pe.column,
                 pe.message);
        return -1;
    }
    if (!jv_is_object(s->doc))
        return suite_error(c, "(top level)", "expected an object with workflow and tests");
    static const char *const known[] = {"workflow", "mockConfig", "options", "tests"};
    if (suite_members(c, s->doc, "(top level)", known, sizeof known / sizeof known[0],
                      "workflow, mockConfig, options or tests"))
        return -1;
    const char *wf;
    if (suite_string(c, s->doc, "workflow", "workflow", &wf))
        return -1;
    if (!wf)
        return suite_error(c, "workflow", "missing (the definition file to test)");
    return suite_path(c, s, s->doc, "workflow", "workflow", &s->workflow);
}

int suite_load(const char *path, suite *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->path = strdup(path);
    suite_ctx c = {path, err, errlen};
    if (!s->path)
        return suite_error(&c, "(file)", "out of memory");
    if (suite_parse(&c, s) ||
        suite_path(&c, s, s->doc, "mockConfig", "mockConfig", &s->mock_config) ||
        suite_options(&c, s, jv_object_get(s->doc, "options")) || suite_tests(&c, s)) {
        suite_free(s);
        return -1;
    }
    return 0;
}

void suite_free(suite *s)
{
    free(s->path);
    free(s->workflow);
    free(s->mock_config);
    free(s->services_state);
    free(s->handlers);
    free(s->tests);
    jv_unref(s->doc);
    jv_unref(s->expect);
    memset(s, 0, sizeof *s);
}
