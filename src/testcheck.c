/* testcheck — run one suite test and compare it with its expectations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"
#include "fileio.h"
#include "jdiff.h"
#include "jv_text.h"
#include "options.h"
#include "runexec.h"
#include "services_state.h"
#include "strbuf.h"
#include "testcheck.h"
#include "wfload.h"

#define TC_MAX_ARGS 24

typedef struct {
    const jv *expect;
    const char *status;
    strbuf why;
    bool failed;
} tc_ctx;

static bool tc_string(const char *field, const jv *want, const char *got, strbuf *why)
{
    if (!want)
        return true;
    if (got && !strcmp(jv_string_value(want), got))
        return true;
    strbuf_printf(why, "at $.%s: expected \"%s\", got ", field, jv_string_value(want));
    strbuf_puts(why, got ? "\"" : "nothing");
    if (got)
        strbuf_printf(why, "%s\"", got);
    return false;
}

/* The states entered in frame 0, in order. */
static jv *tc_top_path(const sfn_exec *ex)
{
    jv *path = jv_array();
    for (size_t i = 0; i < exec_visit_count(ex); i++) {
        const exec_visit *v = exec_visit_at(ex, i);
        if (v->frame == 0)
            path = jv_array_append_take(path, jv_string(v->state->name));
    }
    return path;
}

static bool tc_one_state(const sfn_exec *ex, const char *name, const jv *want, strbuf *why)
{
    size_t visits = 0;
    const jv *output = NULL;
    for (size_t i = 0; i < exec_visit_count(ex); i++) {
        const exec_visit *v = exec_visit_at(ex, i);
        if (!strcmp(v->state->name, name)) {
            visits++;
            output = exec_visit_stage(v, EXEC_STAGE_OUTPUT);
        }
    }
    const jv *wv = jv_object_get(want, "visits");
    if (wv && (size_t)jv_number_value(wv) != visits) {
        strbuf_puts(why, "at $.states");
        jdiff_path_member(why, name);
        strbuf_printf(why, ".visits: expected %zu, got %zu", (size_t)jv_number_value(wv),
                      visits);
        return false;
    }
    strbuf root;
    strbuf_init(&root, 0);
    strbuf_puts(&root, "$.states");
    jdiff_path_member(&root, name);
    size_t mark = root.len;
    strbuf_puts(&root, ".output");
    const jv *wo = jv_object_get(want, "output");
    bool ok = !wo || jdiff_match(wo, output, false, strbuf_str(&root), why);
    wo = jv_object_get(want, "outputContains");
    root.len = mark;
    strbuf_puts(&root, ".outputContains");
    ok = ok && (!wo || jdiff_match(wo, output, true, strbuf_str(&root), why));
    strbuf_cleanup(&root);
    return ok;
}

static bool tc_states(const sfn_exec *ex, const jv *states, strbuf *why)
{
    for (size_t i = 0; states && i < jv_object_size(states); i++)
        if (!tc_one_state(ex, jv_string_value(jv_object_key_at(states, i)),
                          jv_object_value_at(states, i), why))
            return false;
    return true;
}

static bool tc_result(const sfn_exec *ex, const jv *e, strbuf *why)
{
    exec_status st = exec_status_of(ex);
    if (!tc_string("status", jv_object_get(e, "status"), exec_status_name(st), why)) {
        if (exec_error(ex))
            strbuf_printf(why, " (error \"%s\", cause \"%s\")", exec_error(ex),
                          exec_cause(ex) ? exec_cause(ex) : "");
        return false;
    }
    const jv *out = st == EXEC_SUCCEEDED ? exec_output(ex) : NULL;
    const jv *w = jv_object_get(e, "output");
    if (w && !jdiff_match(w, out, false, "$.output", why))
        return false;
    w = jv_object_get(e, "outputContains");
    if (w && !jdiff_match(w, out, true, "$.outputContains", why))
        return false;
    return tc_string("error", jv_object_get(e, "error"), exec_error(ex), why) &&
           tc_string("cause", jv_object_get(e, "cause"), exec_cause(ex), why);
}

static int tc_finish(const sfn_exec *ex, void *p)
{
    tc_ctx *c = p;
    const jv *e = c->expect;
    c->status = exec_status_name(exec_status_of(ex));
    if (!tc_result(ex, e, &c->why)) {
        c->failed = true;
        return 1;
    }
    const jv *wp = jv_object_get(e, "path");
    if (wp) {
        jv *path = tc_top_path(ex);
        bool ok = jdiff_match(wp, path, false, "$.path", &c->why);
        jv_unref(path);
        if (!ok) {
            c->failed = true;
            return 1;
        }
    }
    if (!tc_states(ex, jv_object_get(e, "states"), &c->why)) {
        c->failed = true;
        return 1;
    }
    return 0;
}

/* The saved contents as expect.services compares them: a DynamoDB table expected as an
 * array (DESIGN §4.2's shorthand) is compared with the table's Items. */
static jv *tc_services_view(const jv *want, jv *got)
{
    const jv *wd = jv_object_get(want, "dynamodb");
    const jv *gd = jv_is_object(got) ? jv_object_get(got, "dynamodb") : NULL;
    if (!wd || !jv_is_object(wd) || !gd || !jv_is_object(gd))
        return got;
    jv *view = jv_ref(gd);
    for (size_t i = 0; i < jv_object_size(wd); i++) {
        const char *table = jv_string_value(jv_object_key_at(wd, i));
        const jv *t = jv_object_get(gd, table);
        const jv *items = t && jv_is_object(t) ? jv_object_get(t, "Items") : NULL;
        if (jv_is_array(jv_object_value_at(wd, i)) && items)
            view = jv_object_set(view, table, items);
    }
    return jv_object_set_take(got, "dynamodb", view);
}

/* The services' contents the run saved (--save-services-state tmp) against expect.services. */
static bool tc_services(const char *tmp, const jv *want, strbuf *why)
{
    size_t len;
    char err[512];
    char *text = fileio_read(tmp, SERVICES_STATE_MAX, &len, err, sizeof err);
    if (!text) {
        strbuf_printf(why, "at $.services: the services' contents could not be read: %s", err);
        return false;
    }
    jv_parse_error pe;
    jv *got = jv_parse(text, len, 0, &pe);
    free(text);
    if (got)
        got = tc_services_view(want, got);
    bool ok = got && jdiff_match(want, got, true, "$.services", why);
    if (!got)
        strbuf_printf(why, "at $.services: the saved contents are not JSON: %s", pe.message);
    jv_unref(got);
    return ok;
}

typedef struct {
    char *argv[TC_MAX_ARGS];
    int argc;
    char *owned[4];
    int nowned;
} tc_args;

static void tc_push(tc_args *a, const char *opt, const char *val)
{
    if (!val || a->argc + 2 >= TC_MAX_ARGS)
        return;
    if (opt)
        a->argv[a->argc++] = (char *)opt;
    a->argv[a->argc++] = (char *)val;
}

static char *tc_own(tc_args *a, char *s)
{
    if (s && a->nowned < 4)
        a->owned[a->nowned++] = s;
    return s;
}

/* The input as `--input` takes it: JSON text, or file://PATH resolved against the suite. */
static const char *tc_input(tc_args *a, const suite *s, const jv *input)
{
    if (!input)
        return NULL;
    if (jv_is_string(input) && !strncmp(jv_string_value(input), "file://", 7)) {
        char *p = tc_own(a, suite_resolve(s, jv_string_value(input) + 7));
        if (!p)
            return NULL;
        size_t n = strlen(p) + 8;
        char *arg = tc_own(a, malloc(n));
        if (arg)
            snprintf(arg, n, "file://%s", p);
        return arg;
    }
    return tc_own(a, jv_dump_string(input, 0));
}

static void tc_build_args(tc_args *a, const suite *s, const suite_test *t, const char *save)
{
    memset(a, 0, sizeof *a);
    tc_push(a, NULL, "test");
    tc_push(a, NULL, s->workflow);
    tc_push(a, "--mock-config", t->test_case ? s->mock_config : NULL);
    tc_push(a, "--test-case", t->test_case);
    tc_push(a, "--input", t->input_arg ? t->input_arg : tc_input(a, s, t->input));
    tc_push(a, "--start-time", s->start_time);
    tc_push(a, "--seed", s->seed[0] ? s->seed : NULL);
    tc_push(a, "--services-state", s->services_state);
    tc_push(a, "--handlers", s->handlers);
    tc_push(a, "--save-services-state", save);
    a->argv[a->argc] = NULL;
}

static testcheck_result tc_execute(tc_args *a, const suite *s, record_pool *pool, tc_ctx *c)
{
    run_options o;
    bool help;
    if (options_parse(a->argc, a->argv, 1, &o, &help) || help) {
        strbuf_puts(&c->why, "the suite's options were refused (see stderr)");
        return TESTCHECK_BROKEN;
    }
    o.record_pool = pool;
    asl_definition *def;
    jv *input;
    if (wfload_all(&o, &def, &input)) {
        strbuf_puts(&c->why, "the workflow or the input could not be loaded (see stderr)");
        return TESTCHECK_BROKEN;
    }
    int rc = run_execute_with(&o, def, input, tc_finish, c);
    jv_unref(input);
    asl_definition_free(def);
    if (rc == 2 && !c->failed) {
        strbuf_puts(&c->why, "the execution could not be set up or saved (see stderr)");
        return TESTCHECK_BROKEN;
    }
    return c->failed ? TESTCHECK_FAIL : TESTCHECK_PASS;
}

static char *tc_temp_file(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/sfdbg-test-services-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    close(fd);
    return strdup(path);
}

testcheck_result testcheck_run(const suite *s, const suite_test *t, record_pool *pool,
                               char **why, const char **status)
{
    tc_ctx c = {t->expect, NULL, {0}, false};
    strbuf_init(&c.why, 0);
    const jv *services = jv_object_get(t->expect, "services");
    char *tmp = services ? tc_temp_file() : NULL;
    testcheck_result r;
    tc_args a;
    if (services && !tmp) {
        strbuf_puts(&c.why, "cannot create a temporary file for the services' contents");
        r = TESTCHECK_BROKEN;
    } else {
        tc_build_args(&a, s, t, tmp);
        r = tc_execute(&a, s, pool, &c);
        for (int i = 0; i < a.nowned; i++)
            free(a.owned[i]);
    }
    if (r == TESTCHECK_PASS && services && !tc_services(tmp, services, &c.why))
        r = TESTCHECK_FAIL;
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    *status = c.status;
    *why = r == TESTCHECK_PASS ? NULL : strbuf_detach(&c.why);
    strbuf_cleanup(&c.why);
    return r;
}
