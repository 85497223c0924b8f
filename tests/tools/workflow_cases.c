/*
 * workflow_cases — the data-driven engine tests: for every tests/workflows/NAME.cases.json
 * it loads NAME.asl.json and runs each case, checking exactly what the case expects.
 *
 * A cases file is an array of:
 *   {"name": "...", "input": <json>,
 *    "options": {"start_time": "ISO8601", "seed": N, "max_events": N, "max_payload": N,
 *                "execution_name": "...", "state_machine_name": "...", "express": bool,
 *                "mock_config": "FILE", "test_case": "NAME", "handlers": "FILE",
 *                "s3_dir": "DIR" (S3 served from a folder, as --s3-dir) or
 *                "s3": {"BUCKET": {"KEY": "text"}} (a memory store, as --services-state),
 *                "services": {"dynamodb": ..., "sqs": ..., "sns": ..., "events": ...,
 *                "jobs": ...} (the embedded DynamoDB, SQS, SNS, EventBridge and simulated
 *                jobs seeded with the services state file's sections; each section may be
 *                left out: its service is empty)},
 *    "answers": [{"success": <json>} | {"failure": {"error": "E", "cause": "C"}} |
 *                {"heartbeat": true} | {"token": "made-up"...}]  (in order, one per wait;
 *                a wait with no answer left times out),
 *    "expect": {"status": "SUCCEEDED", "output": <json>} | {"status": "FAILED",
 *               "error": "...", "cause": "..."},
 *    "history": [{"id": 3, "type": "PassStateExited", ...any exported fields...}],
 *    "event_count": N,
 *    "stages": [{"visit": 0, "stage": "afterParameters", "value": <json>|null}]}
 * History entries are matched by id, and every field given must equal the exported event's
 * (objects compared as subsets). A stage value of null means "this stage did not run".
 *
 * Files named in options are relative to the cases file's folder.
 *
 * Strict by design: a cases file that does not parse, is not a non-empty array, or whose
 * workflow does not load fails; so does a case with a key this format does not have (a typo
 * would silently turn a check off), a stage or visit that does not exist, or scripted
 * answers that the run never used (each unused one is named).
 *
 * usage: workflow_cases DIR...
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgen.h>
#include <signal.h>

#include "definition.h"
#include "exec.h"
#include "mockconfig.h"
#include "src/handlers.h"
#include "src/s3dir.h"
#include "services/dynamodb.h"
#include "services/events.h"
#include "services/jobs.h"
#include "services/s3.h"
#include "services/sns.h"
#include "services/sqs.h"
#include "src/taskwait.h"
#include "jv_text.h"
#include "strbuf.h"
#include "tap.h"
#include "timeutil.h"

/* Every member of `want` is in `got` with an equal value (recursively for objects). */
static bool subset_equal(const jv *got, const jv *want)
{
    if (!jv_is_object(want) || !jv_is_object(got))
        return jv_equal(got, want);
    for (size_t i = 0; i < jv_object_size(want); i++) {
        const jv *g = jv_object_get(got, jv_string_value(jv_object_key_at(want, i)));
        if (!g || !subset_equal(g, jv_object_value_at(want, i)))
            return false;
    }
    return true;
}

static const char *opt_string(const jv *opts, const char *key)
{
    const jv *v = opts ? jv_object_get(opts, key) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

static bool opt_number(const jv *opts, const char *key, double *out)
{
    const jv *v = opts ? jv_object_get(opts, key) : NULL;
    if (!v || !jv_is_number(v))
        return false;
    *out = jv_number_value(v);
    return true;
}

static void case_options(const jv *opts, exec_options *eo)
{
    exec_options_init(eo);
    eo->start_time_ms = 1704067200000LL; /* 2024-01-01T00:00:00Z unless the case says */
    eo->has_seed = true;
    eo->seed = 1;
    eo->state_machine_name = "TestMachine";
    eo->execution_name = "test-execution";
    const char *s;
    double d;
    asl_instant t;
    if ((s = opt_string(opts, "start_time")) && timeutil_parse(s, &t))
        eo->start_time_ms = timeutil_to_ms(t);
    if (opt_number(opts, "seed", &d))
        eo->seed = (uint64_t)d;
    if (opt_number(opts, "max_events", &d))
        eo->max_events = (long)d;
    if (opt_number(opts, "max_payload", &d))
        eo->max_payload = (size_t)d;
    if ((s = opt_string(opts, "execution_name")))
        eo->execution_name = s;
    if ((s = opt_string(opts, "state_machine_name")))
        eo->state_machine_name = s;
    const jv *ex = opts ? jv_object_get(opts, "express") : NULL;
    eo->express = ex && jv_is_true(ex);
}

static void check_json(const jv *got, const jv *want, const char *what, const char *name)
{
    bool ok = got && want && jv_equal(got, want);
    if (!want && !got)
        ok = true;
    char *g = got ? jv_dump_string(got, 0) : strdup("(none)");
    char *w = want ? jv_dump_string(want, 0) : strdup("(none)");
    if (ok)
        tap_ok(true, "%s: %s", name, what);
    else
        tap_is_str(g, w, "%s: %s", name, what);
    free(g);
    free(w);
}

static void check_expect(const sfn_exec *ex, const jv *expect, const char *name)
{
    const char *status = jv_string_value(jv_object_get(expect, "status"));
    tap_is_str(exec_status_name(exec_status_of(ex)), status, "%s: status", name);
    const jv *output = jv_object_get(expect, "output");
    if (output)
        check_json(exec_output(ex), output, "output", name);
    const jv *error = jv_object_get(expect, "error");
    if (error)
        tap_is_str(exec_error(ex), jv_is_null(error) ? NULL : jv_string_value(error), "%s: error",
                   name);
    const jv *cause = jv_object_get(expect, "cause");
    if (cause)
        tap_is_str(exec_cause(ex), jv_is_null(cause) ? NULL : jv_string_value(cause), "%s: cause",
                   name);
}

static void check_history(const sfn_exec *ex, const jv *history, const char *name)
{
    jv *h = exec_history_json(ex);
    const jv *events = jv_object_get(h, "events");
    for (size_t i = 0; i < jv_array_length(history); i++) {
        const jv *want = jv_array_get(history, i);
        double id = jv_number_value(jv_object_get(want, "id"));
        const jv *got = NULL;
        for (size_t k = 0; k < jv_array_length(events); k++)
            if (jv_number_value(jv_object_get(jv_array_get(events, k), "id")) == id)
                got = jv_array_get(events, k);
        if (!tap_ok(got && subset_equal(got, want), "%s: history event %g", name, id)) {
            char *g = got ? jv_dump_string(got, 0) : strdup("(no such event)");
            char *w = jv_dump_string(want, 0);
            tap_diag("     got: %s", g);
            tap_diag("expected: %s", w);
            free(g);
            free(w);
        }
    }
    jv_unref(h);
}

/* A stage by its TestState name ("afterArguments" is a JSONata state's Arguments). */
static int stage_index(const char *name)
{
    if (name && !strcmp(name, "afterArguments"))
        return EXEC_STAGE_AFTER_PARAMETERS;
    for (int s = 0; name && s < EXEC_STAGE_COUNT; s++)
        if (!strcmp(exec_stage_name((exec_stage)s), name))
            return s;
    return -1;
}

static void check_stages(const sfn_exec *ex, const jv *stages, const char *name)
{
    for (size_t i = 0; i < jv_array_length(stages); i++) {
        const jv *want = jv_array_get(stages, i);
        size_t visit = (size_t)jv_number_value(jv_object_get(want, "visit"));
        const char *stage = jv_string_value(jv_object_get(want, "stage"));
        const jv *value = jv_object_get(want, "value");
        const exec_visit *v = exec_visit_at(ex, visit);
        char what[128];
        snprintf(what, sizeof what, "visit %zu %s", visit, stage);
        if (!tap_ok(v != NULL, "%s: %s: the run has that visit", name, what)) {
            tap_diag("the run made %zu visits", exec_visit_count(ex));
            continue;
        }
        check_json(exec_visit_stage(v, stage_index(stage)),
                   value && !jv_is_null(value) ? value : NULL, what, name);
    }
}

/* ---- the case format: every key known, every field run_case relies on present ---- */

static const char *const case_keys[] = {"name", "input", "options", "answers", "expect",
                                        "history", "event_count", "stages", NULL};
static const char *const option_keys[] = {"start_time", "seed", "max_events", "max_payload",
                                          "execution_name", "state_machine_name", "express",
                                          "mock_config", "test_case", "handlers", "s3_dir",
                                          "s3", "services", NULL};
static const char *const answer_keys[] = {"success", "failure", "heartbeat", "token", "expect",
                                          NULL};
static const char *const expect_keys[] = {"status", "output", "error", "cause", NULL};
static const char *const stage_keys[] = {"visit", "stage", "value", NULL};

static bool key_known(const char *key, const char *const *known)
{
    for (; *known; known++)
        if (!strcmp(key, *known))
            return true;
    return false;
}

/* An object with no key outside `known`; else a note in problems. */
static bool check_keys(const jv *obj, const char *const *known, const char *where,
                       strbuf *problems)
{
    if (!obj || !jv_is_object(obj)) {
        strbuf_printf(problems, "%s is not an object; ", where);
        return false;
    }
    for (size_t i = 0; i < jv_object_size(obj); i++) {
        const char *key = jv_string_value(jv_object_key_at(obj, i));
        if (!key_known(key, known))
            strbuf_printf(problems, "%s has no key \"%s\"; ", where, key);
    }
    return true;
}

static bool has_kind(const jv *obj, const char *key, bool (*is)(const jv *))
{
    const jv *v = jv_object_get(obj, key);
    return v && is(v);
}

static void check_answer(const jv *a, const char *where, strbuf *problems)
{
    int kinds = jv_object_has(a, "success") + jv_object_has(a, "failure") +
                jv_object_has(a, "heartbeat");
    if (kinds != 1)
        strbuf_printf(problems, "%s needs exactly one of success, failure, heartbeat; ", where);
}

static void check_stage(const jv *st, const char *where, strbuf *problems)
{
    const jv *stage = jv_object_get(st, "stage");
    if (!has_kind(st, "visit", jv_is_number) || !jv_object_has(st, "value"))
        strbuf_printf(problems, "%s needs a visit number and a value; ", where);
    if (!stage || !jv_is_string(stage) || stage_index(jv_string_value(stage)) < 0)
        strbuf_printf(problems, "%s names no stage of the data-flow record; ", where);
}

static void check_history_event(const jv *ev, const char *where, strbuf *problems)
{
    if (!has_kind(ev, "id", jv_is_number))
        strbuf_printf(problems, "%s has no numeric id; ", where);
}

typedef void (*element_check)(const jv *element, const char *where, strbuf *problems);

/* case[key] is an array of objects, each with only `known` keys (any keys when NULL) and
 * whatever `check` asks of it. */
static void check_array(const jv *cs, const char *key, const char *element_name,
                        const char *const *known, element_check check, strbuf *problems)
{
    const jv *list = jv_object_get(cs, key);
    if (!list)
        return;
    if (!jv_is_array(list)) {
        strbuf_printf(problems, "%s is not an array; ", key);
        return;
    }
    for (size_t i = 0; i < jv_array_length(list); i++) {
        const jv *element = jv_array_get(list, i);
        char where[64];
        snprintf(where, sizeof where, "%s %zu", element_name, i + 1);
        if (!jv_is_object(element))
            strbuf_printf(problems, "%s is not an object; ", where);
        else if (!known || check_keys(element, known, where, problems))
            check(element, where, problems);
    }
}

/* What is wrong with a case's shape (malloc'd), or NULL: a malformed case must fail, not
 * run with a check silently turned off. */
static char *case_problems(const jv *cs)
{
    strbuf problems;
    strbuf_init(&problems, 0);
    if (check_keys(cs, case_keys, "the case", &problems)) {
        if (!has_kind(cs, "name", jv_is_string))
            strbuf_puts(&problems, "the case has no name; ");
        const jv *expect = jv_object_get(cs, "expect");
        if (check_keys(expect, expect_keys, "expect", &problems) &&
            !has_kind(expect, "status", jv_is_string))
            strbuf_puts(&problems, "expect has no status; ");
        const jv *v;
        if ((v = jv_object_get(cs, "options")))
            check_keys(v, option_keys, "options", &problems);
        check_array(cs, "answers", "answer", answer_keys, check_answer, &problems);
        check_array(cs, "stages", "stage", stage_keys, check_stage, &problems);
        check_array(cs, "history", "history entry", NULL, check_history_event, &problems);
        if ((v = jv_object_get(cs, "event_count")) && !jv_is_number(v))
            strbuf_puts(&problems, "event_count is not a number; ");
    }
    if (!*strbuf_str(&problems)) {
        strbuf_cleanup(&problems);
        return NULL;
    }
    char *text = strbuf_detach(&problems);
    text[strlen(text) - 2] = '\0'; /* the last "; " */
    return text;
}

/* ---- running a case ---- */

typedef struct {
    mock_config *mocks;
    handlers *handlers;
    objstore *s3;
    ddb_store *tables;
    msg_store *channels[3];   /* sqs, sns, events */
    jobs_store *jobs;
    task_resolver list[10];
    size_t count;
} case_resolvers;

static char *case_path(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* The mock config's test case from FILE (relative to dir); false with why in err. */
static bool case_setup_mocks(const char *dir, const char *file, const char *sm, const char *tc,
                             case_resolvers *rs, char *err, size_t errlen)
{
    char *path = case_path(dir, file);
    size_t len;
    char *text = tap_read_file(path, &len);
    if (!text)
        snprintf(err, errlen, "cannot read %s", path);
    else
        rs->mocks = mock_config_parse(text, len, err, errlen);
    const mock_case *c = rs->mocks ? mock_config_case(rs->mocks, sm, tc, err, errlen) : NULL;
    free(text);
    free(path);
    if (c)
        rs->list[rs->count++] = (task_resolver){"mock-config", mock_case_resolve, (void *)c};
    return c != NULL;
}

/* The handler map from FILE (relative to dir); false with why in err. */
static bool case_setup_handlers(const char *dir, const char *file, case_resolvers *rs, char *err,
                                size_t errlen)
{
    char *path = case_path(dir, file);
    size_t len;
    char *text = tap_read_file(path, &len);
    jv_parse_error pe;
    jv *map = text ? jv_parse(text, len, 0, &pe) : NULL;
    char *folder = strdup(path);
    if (!text)
        snprintf(err, errlen, "cannot read %s", path);
    else if (!map)
        snprintf(err, errlen, "%s:%d:%d: %s", path, pe.line, pe.column, pe.message);
    else
        rs->handlers = handlers_new(map, dirname(folder), err, errlen);
    jv_unref(map);
    free(folder);
    free(text);
    free(path);
    if (rs->handlers)
        rs->list[rs->count++] = (task_resolver){"handlers", handlers_resolve, rs->handlers};
    return rs->handlers != NULL;
}

/* The S3 store of the folder DIR (relative to dir), after the other resolvers (DESIGN §3's
 * order); false with why in err. */
static bool case_setup_s3(const char *dir, const char *folder, case_resolvers *rs, char *err,
                          size_t errlen)
{
    char *path = case_path(dir, folder);
    rs->s3 = s3dir_open(path, err, errlen);
    free(path);
    if (rs->s3)
        rs->list[rs->count++] = (task_resolver){"s3", s3_service_resolve, rs->s3};
    return rs->s3 != NULL;
}

/* A memory store seeded from {"BUCKET": {"KEY": "text"}}; false with why in err. */
static bool case_setup_s3_objects(const jv *buckets, case_resolvers *rs, char *err,
                                  size_t errlen)
{
    rs->s3 = objstore_memory_new(0);
    rs->list[rs->count++] = (task_resolver){"s3", s3_service_resolve, rs->s3};
    for (size_t i = 0; jv_is_object(buckets) && i < jv_object_size(buckets); i++) {
        const char *bucket = jv_string_value(jv_object_key_at(buckets, i));
        const jv *objects = jv_object_value_at(buckets, i);
        if (!objstore_memory_add_bucket(rs->s3, bucket) || !jv_is_object(objects)) {
            snprintf(err, errlen, "s3: %s is not a bucket name with an object of keys", bucket);
            return false;
        }
        for (size_t k = 0; k < jv_object_size(objects); k++) {
            const jv *text = jv_object_value_at(objects, k);
            objstore_error oe;
            if (!jv_is_string(text) ||
                objstore_put(rs->s3, bucket, jv_string_value(jv_object_key_at(objects, k)),
                             jv_string_value(text), jv_string_length(text), 0,
                             &oe) != OBJSTORE_OK) {
                snprintf(err, errlen, "s3: %s/%s is not text the store takes", bucket,
                         jv_string_value(jv_object_key_at(objects, k)));
                return false;
            }
        }
    }
    return jv_is_object(buckets) || !snprintf(err, errlen, "s3 must be an object of buckets");
}

/* The embedded DynamoDB, SQS, SNS, EventBridge and jobs from the state file's sections; false
 * with why in err. */
static bool case_setup_services(const jv *sections, case_resolvers *rs, char *err,
                                size_t errlen)
{
    static const struct {
        const char *section;
        const msg_spec *(*spec)(void);
        task_resolve_fn resolve;
    } messaging[3] = {{"sqs", sqs_spec, sqs_service_resolve},
                      {"sns", sns_spec, sns_service_resolve},
                      {"events", events_spec, events_service_resolve}};
    if (!jv_is_object(sections))
        return !snprintf(err, errlen, "services must be an object of sections");
    rs->tables = ddb_store_new();
    rs->list[rs->count++] = (task_resolver){"dynamodb", dynamodb_service_resolve, rs->tables};
    const jv *t = jv_object_get(sections, "dynamodb");
    if (t && !ddb_store_load(rs->tables, t, err, errlen))
        return false;
    for (size_t i = 0; i < 3; i++) {
        rs->channels[i] = msg_store_new(messaging[i].spec());
        rs->list[rs->count++] = (task_resolver){messaging[i].section, messaging[i].resolve,
                                                rs->channels[i]};
        if (!msg_store_load(rs->channels[i], jv_object_get(sections, messaging[i].section), err,
                            errlen))
            return false;
    }
    rs->jobs = jobs_store_new();
    rs->list[rs->count++] = (task_resolver){"jobs", jobs_service_resolve, rs->jobs};
    return jobs_store_load(rs->jobs, jv_object_get(sections, "jobs"), err, errlen);
}

static bool case_setup_resolvers(const jv *opts, const char *dir, const char *sm,
                                 case_resolvers *rs, const char *name)
{
    memset(rs, 0, sizeof *rs);
    const char *mock = opt_string(opts, "mock_config"), *tc = opt_string(opts, "test_case");
    const char *hand = opt_string(opts, "handlers");
    char err[512] = "";
    if (mock && !tap_ok(case_setup_mocks(dir, mock, sm, tc ? tc : "", rs, err, sizeof err),
                        "%s: mock config %s test case %s", name, mock, tc ? tc : "?")) {
        tap_diag("%s", err);
        return false;
    }
    if (hand && !tap_ok(case_setup_handlers(dir, hand, rs, err, sizeof err), "%s: handlers %s",
                        name, hand)) {
        tap_diag("%s", err);
        return false;
    }
    const char *s3 = opt_string(opts, "s3_dir");
    if (s3 && !tap_ok(case_setup_s3(dir, s3, rs, err, sizeof err), "%s: s3 dir %s", name, s3)) {
        tap_diag("%s", err);
        return false;
    }
    const jv *objects = opts ? jv_object_get(opts, "s3") : NULL;
    if (objects && !tap_ok(!s3 && case_setup_s3_objects(objects, rs, err, sizeof err),
                           "%s: s3 objects", name)) {
        tap_diag("%s", s3 ? "s3 and s3_dir are exclusive" : err);
        return false;
    }
    const jv *services = opts ? jv_object_get(opts, "services") : NULL;
    if (services && !tap_ok(case_setup_services(services, rs, err, sizeof err),
                            "%s: services", name)) {
        tap_diag("%s", err);
        return false;
    }
    return true;
}

static void case_cleanup_resolvers(case_resolvers *rs)
{
    mock_config_free(rs->mocks);
    handlers_free(rs->handlers);
    objstore_free(rs->s3);
    ddb_store_free(rs->tables);
    for (size_t i = 0; i < 3; i++)
        msg_store_free(rs->channels[i]);
    jobs_store_free(rs->jobs);
}

/* Answers the waiting task with the next scripted answer, or lets it time out. */
static void case_answer(sfn_exec *ex, const jv *answers, size_t *next, const char *name)
{
    const exec_pending_task *p = exec_pending(ex);
    const jv *a = answers ? jv_array_get(answers, *next) : NULL;
    if (!p || !a) {
        exec_expire_wait(ex);
        return;
    }
    (*next)++;
    char err[256];
    const char *token = jv_object_has(a, "token") ? jv_string_value(jv_object_get(a, "token"))
                                                  : p->token;
    exec_send_status st;
    if (jv_object_has(a, "success")) {
        char *out = jv_dump_string(jv_object_get(a, "success"), 0);
        st = exec_send_task_success(ex, token, out, err, sizeof err);
        free(out);
    } else if (jv_object_has(a, "failure")) {
        const jv *f = jv_object_get(a, "failure");
        const jv *e = jv_object_get(f, "error"), *c = jv_object_get(f, "cause");
        st = exec_send_task_failure(ex, token, e ? jv_string_value(e) : NULL,
                                    c ? jv_string_value(c) : NULL, err, sizeof err);
    } else {
        st = exec_send_task_heartbeat(ex, token, err, sizeof err);
    }
    const jv *want = jv_object_get(a, "expect");
    tap_is_str(exec_send_status_name(st), want ? jv_string_value(want) : "OK",
               "%s: answer %zu", name, *next);
}

/* Scripted answers are part of what a case asserts: one the run never asked for means the
 * workflow waited less often than the case's author thought. */
static void check_answers_used(const jv *answers, size_t used, const char *name)
{
    size_t n = jv_array_length(answers);
    if (tap_ok(used == n, "%s: every scripted answer was used (%zu of %zu)", name, used, n))
        return;
    for (size_t i = used; i < n; i++) {
        char *a = jv_dump_string(jv_array_get(answers, i), 0);
        tap_diag("answer %zu was never used: %s", i + 1, a);
        free(a);
    }
}

static void run_case(const asl_definition *def, const jv *cs, size_t index, const char *file,
                     const char *dir)
{
    char name[256];
    const jv *case_name = jv_is_object(cs) ? jv_object_get(cs, "name") : NULL;
    if (case_name && jv_is_string(case_name))
        snprintf(name, sizeof name, "%s/%s", file, jv_string_value(case_name));
    else
        snprintf(name, sizeof name, "%s/case %zu", file, index + 1);
    char *problems = case_problems(cs);
    if (problems) {
        tap_ok(false, "%s: the case is well-formed", name);
        tap_diag("%s", problems);
        free(problems);
        return;
    }
    exec_options eo;
    const jv *opts = jv_object_get(cs, "options");
    case_options(opts, &eo);
    case_resolvers rs;
    if (!case_setup_resolvers(opts, dir, eo.state_machine_name, &rs, name)) {
        case_cleanup_resolvers(&rs);
        return;
    }
    eo.resolvers = rs.list;
    eo.nresolvers = rs.count;
    eo.s3 = rs.s3;
    const jv *input = jv_object_get(cs, "input");
    jv *empty = jv_object();
    sfn_exec *ex = exec_new(def, input ? input : empty, &eo);
    const jv *answers = jv_object_get(cs, "answers");
    size_t next_answer = 0;
    for (long steps = 0; exec_status_of(ex) == EXEC_RUNNING && steps < 100000; steps++) {
        exec_step_kind kind = exec_step(ex).kind;
        if (kind == EXEC_STEP_IN_FLIGHT)
            taskwait_answer(ex);
        else if (kind == EXEC_STEP_WAITING)
            case_answer(ex, answers, &next_answer, name);
    }
    if (answers)
        check_answers_used(answers, next_answer, name);
    check_expect(ex, jv_object_get(cs, "expect"), name);
    const jv *history = jv_object_get(cs, "history");
    if (history)
        check_history(ex, history, name);
    const jv *count = jv_object_get(cs, "event_count");
    if (count)
        tap_is_int((long long)exec_event_count(ex), (long long)jv_number_value(count),
                   "%s: event count", name);
    const jv *stages = jv_object_get(cs, "stages");
    if (stages)
        check_stages(ex, stages, name);
    exec_free(ex);
    case_cleanup_resolvers(&rs);
    jv_unref(empty);
}

/* The workflow beside a cases file; NULL with why in err. */
static asl_definition *load_workflow(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = tap_read_file(path, &len);
    if (!text) {
        snprintf(err, errlen, "cannot read %s", path);
        return NULL;
    }
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = false};
    asl_definition *def = asl_definition_load(text, len, &vo, &diags);
    if (!def && diags.len)
        snprintf(err, errlen, "%s: %s: %s at %s", path, diags.items[0].code,
                 diags.items[0].message, diags.items[0].pointer);
    else if (!def)
        snprintf(err, errlen, "%s does not load", path);
    asl_diags_cleanup(&diags);
    free(text);
    return def;
}

/* The cases file: a non-empty array; NULL with why in err. */
static jv *load_cases(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = tap_read_file(path, &len);
    jv_parse_error pe;
    jv *cases = text ? jv_parse(text, len, 0, &pe) : NULL;
    if (!text)
        snprintf(err, errlen, "cannot read %s", path);
    else if (!cases)
        snprintf(err, errlen, "%s:%d:%d: %s", path, pe.line, pe.column, pe.message);
    else if (!jv_is_array(cases) || jv_array_length(cases) == 0)
        snprintf(err, errlen, "%s is not a non-empty array of cases", path);
    free(text);
    if (cases && err[0]) {
        jv_unref(cases);
        return NULL;
    }
    return cases;
}

static void run_file(const char *dir, const char *cases_file)
{
    char path[4096], def_path[4096], err[8192] = "";
    snprintf(path, sizeof path, "%s/%s", dir, cases_file);
    size_t stem = strlen(cases_file) - strlen(".cases.json");
    snprintf(def_path, sizeof def_path, "%s/%.*s.asl.json", dir, (int)stem, cases_file);
    jv *cases = load_cases(path, err, sizeof err);
    asl_definition *def = cases ? load_workflow(def_path, err, sizeof err) : NULL;
    if (tap_ok(def != NULL, "%s loads", cases_file)) {
        for (size_t i = 0; i < jv_array_length(cases); i++)
            run_case(def, jv_array_get(cases, i), i, cases_file, dir);
    } else {
        tap_diag("%s", err);
    }
    asl_definition_free(def);
    jv_unref(cases);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every NAME.cases.json of dir, in name order (readdir's order is the file system's). */
static void run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!tap_ok(d != NULL, "open %s", dir))
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 11 || strcmp(e->d_name + len - 11, ".cases.json"))
            continue;
        if (n == cap)
            names = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n) /* qsort wants an array, even of nothing */
        qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        run_file(dir, names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN); /* as sfdbg does: a handler's closed stdin is an EPIPE */
    if (argc < 2)
        run_dir("tests/workflows");
    for (int i = 1; i < argc; i++)
        run_dir(argv[i]);
    return tap_done();
}
