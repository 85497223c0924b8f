/*
 * asl_conformance — runs the AWS-recorded executions of ../shared/conformance/asl through
 * the engine and compares status, output, error and cause by the corpus's rules (README
 * there): masks are wildcards, object key order is irrelevant, the actual output is
 * normalised (output_normalization, arn:aws: -> arn:<partition>:, us-east-1 -> <region>).
 *
 * usage: asl_conformance CASES_DIR EXPECTED_FAILURES [--case NAME] [--verbose] [--in-process]
 * Prints TAP, one test per case, each run in a child process with a time limit (a crash or a
 * hang fails that case, always). EXPECTED_FAILURES (tests/runner/xfail.h) lists the cases
 * known to fail: a listed case passes the check by failing, and fails it, with "remove it
 * from the list", when it passes; a case listed as "pending: AREA" (a feature of a later
 * issue) is a TAP TODO. An unlisted case must pass; a listed id must name a case.
 * --in-process runs the cases in this process (for valgrind), --case NAME runs one case.
 */
#define _GNU_SOURCE /* asprintf */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition.h"
#include "exec.h"
#include "mockconfig.h"
#include "objstore.h"
#include "jv_text.h"
#include "runner/corpus_lambdas.h"
#include "runner/isolate.h"
#include "runner/xfail.h"
#include "services/s3.h"
#include "strbuf.h"
#include "tap.h"
#include "timeutil.h"

#define MAX_AREAS 64
#define CASE_TIMEOUT_S 10
#define CASE_MAX_STEPS 100000

enum { CASE_PASSED, CASE_FAILED };

typedef struct {
    char name[128];
    int cases, passed, listed, pending;
} area_stat;

typedef struct {
    area_stat areas[MAX_AREAS];
    int nareas;
    xfail_list *expected;
    const char *expected_path;
    int cases, passed, listed, pending, wrong;
    bool verbose, in_process;
    const char *only;
} conformance;

static area_stat *area_get(conformance *c, const char *name)
{
    for (int i = 0; i < c->nareas; i++)
        if (!strcmp(c->areas[i].name, name))
            return &c->areas[i];
    if (c->nareas == MAX_AREAS)
        return NULL;
    area_stat *a = &c->areas[c->nareas++];
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s", name);
    return a;
}

/* ---- comparison under masks ---- */

static bool glob_match(const char *text, const char *pat)
{
    const char *star = NULL, *resume = NULL;
    while (*text) {
        if (*pat == '\x01') {
            star = ++pat;
            resume = text;
        } else if (*pat == *text) {
            pat++;
            text++;
        } else if (star) {
            pat = star;
            text = ++resume;
        } else {
            return false;
        }
    }
    while (*pat == '\x01')
        pat++;
    return !*pat;
}

/* Expected string -> glob pattern: every mask and every <...> token becomes a wildcard. */
static char *mask_pattern(const char *expected, const jv *masks)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    const char *p = expected;
    while (*p) {
        size_t best = 0;
        for (size_t i = 0; masks && i < jv_array_length(masks); i++) {
            const jv *m = jv_array_get(masks, i);
            size_t n = jv_string_length(m);
            if (n && n > best && !strncmp(p, jv_string_value(m), n))
                best = n;
        }
        if (!best && *p == '<') {
            const char *end = strchr(p, '>');
            const char *lt = strchr(p + 1, '<');
            if (end && end > p + 1 && (!lt || lt > end))
                best = (size_t)(end - p + 1);
        }
        if (best) {
            strbuf_putc(&sb, '\x01');
            p += best;
        } else {
            strbuf_putc(&sb, *p++);
        }
    }
    return strbuf_detach(&sb);
}

static bool string_matches(const char *actual, const char *expected, const jv *masks)
{
    if (!strcmp(actual, expected))
        return true;
    char *pat = mask_pattern(expected, masks);
    bool ok = glob_match(actual, pat);
    free(pat);
    return ok;
}

static bool value_matches(const jv *actual, const jv *expected, const jv *masks)
{
    if (jv_is_string(expected) && jv_is_string(actual))
        return string_matches(jv_string_value(actual), jv_string_value(expected), masks);
    if (jv_is_string(expected) && masks) {
        /* a masked scalar (e.g. a timestamp number masked as "date") */
        char *pat = mask_pattern(jv_string_value(expected), masks);
        bool wild = pat[0] == '\x01' && pat[1] == '\0';
        free(pat);
        if (wild)
            return true;
    }
    if (jv_kind_of(actual) != jv_kind_of(expected))
        return false;
    if (jv_is_array(expected)) {
        if (jv_array_length(actual) != jv_array_length(expected))
            return false;
        for (size_t i = 0; i < jv_array_length(expected); i++)
            if (!value_matches(jv_array_get(actual, i), jv_array_get(expected, i), masks))
                return false;
        return true;
    }
    if (jv_is_object(expected)) {
        if (jv_object_size(actual) != jv_object_size(expected))
            return false;
        for (size_t i = 0; i < jv_object_size(expected); i++) {
            const jv *k = jv_object_key_at(expected, i);
            const jv *av = jv_object_get(actual, jv_string_value(k));
            if (!av || !value_matches(av, jv_object_value_at(expected, i), masks))
                return false;
        }
        return true;
    }
    return jv_equal(actual, expected);
}

static char *replace_all(const char *s, const char *from, const char *to)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    size_t fl = strlen(from);
    const char *p = s, *hit;
    while (fl && (hit = strstr(p, from)) != NULL) {
        strbuf_append(&sb, p, (size_t)(hit - p));
        strbuf_puts(&sb, to);
        p = hit + fl;
    }
    strbuf_puts(&sb, p);
    return strbuf_detach(&sb);
}

/* The corpus's normalisation of the actual output, applied to its serialization. */
static jv *normalise(const jv *actual, const jv *pairs)
{
    char *text = jv_dump_string(actual, 0);
    for (size_t i = 0; pairs && i < jv_array_length(pairs); i++) {
        const jv *pair = jv_array_get(pairs, i);
        const jv *from = jv_array_get(pair, 0), *to = jv_array_get(pair, 1);
        if (!from || !to || !jv_is_string(from) || !jv_is_string(to))
            continue;
        char *next = replace_all(text, jv_string_value(from), jv_string_value(to));
        free(text);
        text = next;
    }
    char *a = replace_all(text, "arn:aws:", "arn:<partition>:");
    char *b = replace_all(a, "us-east-1", "<region>");
    jv *out = jv_parse_cstr(b, NULL);
    free(text);
    free(a);
    free(b);
    return out ? out : jv_ref(actual);
}

static bool cause_matches(const char *actual, const jv *expected, const jv *masks)
{
    if (!expected || jv_is_null(expected))
        return actual == NULL || !*actual;
    if (!jv_is_string(expected) || !actual)
        return false;
    if (string_matches(actual, jv_string_value(expected), masks))
        return true;
    jv *a = jv_parse_cstr(actual, NULL), *e = jv_parse_cstr(jv_string_value(expected), NULL);
    bool ok = a && e && value_matches(a, e, masks);
    jv_unref(a);
    jv_unref(e);
    return ok;
}

/* ---- running one case ---- */

static int64_t case_start_time(const jv *cs)
{
    const jv *clock = jv_object_get(cs, "clock");
    asl_instant t;
    if (clock && jv_is_string(clock) && timeutil_parse(jv_string_value(clock), &t))
        return timeutil_to_ms(t);
    return 1700000000000LL; /* any fixed instant: the corpus masks times */
}

/* A recorded answer: the raw result, or {error, cause[, timed_out]} for a failure. */
static bool is_recorded_failure(const jv *r)
{
    if (!jv_is_object(r) || (!jv_object_has(r, "error") && !jv_object_has(r, "timed_out")))
        return false;
    for (size_t i = 0; i < jv_object_size(r); i++) {
        const char *k = jv_string_value(jv_object_key_at(r, i));
        if (strcmp(k, "error") && strcmp(k, "cause") && strcmp(k, "timed_out"))
            return false;
    }
    return true;
}

static jv *mock_entry(const jv *r)
{
    if (!is_recorded_failure(r))
        return jv_object_set(jv_object(), "Return", r);
    jv *thr = jv_object();
    const jv *error = jv_object_get(r, "error"), *cause = jv_object_get(r, "cause");
    const jv *timed_out = jv_object_get(r, "timed_out");
    if (error && jv_is_string(error))
        thr = jv_object_set(thr, "Error", error);
    else if (timed_out && jv_is_true(timed_out))
        thr = jv_object_set_take(thr, "Error", jv_string("States.Timeout"));
    if (cause && jv_is_string(cause))
        thr = jv_object_set(thr, "Cause", cause);
    return jv_object_set_take(jv_object(), "Throw", thr);
}

/* The corpus README's recipe: each state's task_results, in order, as a mock config. */
static mock_config *case_mock_config(const jv *cs)
{
    const jv *tr = jv_object_get(cs, "task_results");
    if (!tr || !jv_is_object(tr) || jv_object_size(tr) == 0)
        return NULL;
    jv *bindings = jv_object(), *responses = jv_object();
    for (size_t i = 0; i < jv_object_size(tr); i++) {
        const char *state = jv_string_value(jv_object_key_at(tr, i));
        const jv *list = jv_object_value_at(tr, i);
        jv *numbered = jv_object();
        for (size_t k = 0; k < jv_array_length(list); k++) {
            char key[24];
            snprintf(key, sizeof key, "%zu", k);
            numbered = jv_object_set_take(numbered, key, mock_entry(jv_array_get(list, k)));
        }
        if (jv_object_size(numbered) == 0) {
            jv_unref(numbered);
            continue;
        }
        responses = jv_object_set_take(responses, state, numbered);
        bindings = jv_object_set_take(bindings, state, jv_string(state));
    }
    jv *cases = jv_object_set_take(jv_object(), "corpus", bindings);
    jv *sm = jv_object_set_take(jv_object(), "TestCases", cases);
    jv *config = jv_object_set_take(jv_object(), "StateMachines",
                                    jv_object_set_take(jv_object(), "StateMachine", sm));
    config = jv_object_set_take(config, "MockedResponses", responses);
    char err[512];
    mock_config *m = mock_config_from_json(config, err, sizeof err);
    if (!m)
        tap_diag("mock config from task_results rejected: %s", err);
    jv_unref(config);
    return m;
}

/* Steps to the end; a task left waiting for a token that nothing sends times out. */
static void run_to_end(sfn_exec *ex)
{
    for (long steps = 0; exec_status_of(ex) == EXEC_RUNNING && steps < CASE_MAX_STEPS; steps++) {
        exec_step_result r = exec_step(ex);
        if (r.kind == EXEC_STEP_WAITING && !exec_expire_wait(ex))
            break;
    }
}

/* The literal Bucket of every ResultWriter in the definition, declared in *store (made
 * when needed): the bucket the test created for the results. */
static void case_result_buckets(const jv *node, objstore **store)
{
    if (jv_is_array(node)) {
        for (size_t i = 0; i < jv_array_length(node); i++)
            case_result_buckets(jv_array_get(node, i), store);
        return;
    }
    if (!jv_is_object(node))
        return;
    const jv *writer = jv_object_get(node, "ResultWriter");
    const jv *params = writer && jv_is_object(writer) ? jv_object_get(writer, "Parameters") : NULL;
    const jv *bucket = params && jv_is_object(params) ? jv_object_get(params, "Bucket") : NULL;
    if (bucket && jv_is_string(bucket)) {
        if (!*store)
            *store = objstore_memory_new(0);
        objstore_memory_add_bucket(*store, jv_string_value(bucket));
    }
    for (size_t i = 0; i < jv_object_size(node); i++)
        case_result_buckets(jv_object_value_at(node, i), store);
}

/* The case's s3_objects ({"s3://BUCKET/KEY": "text"}: what the test uploaded before the
 * execution, the ItemReader's source) in a memory store, every bucket declared, with the
 * ResultWriters' buckets; NULL when the case has none. A key that is not s3://BUCKET/KEY
 * is reported and skipped. */
static objstore *case_s3_store(const jv *cs, int64_t now_ms)
{
    objstore *store = NULL;
    case_result_buckets(jv_object_get(cs, "definition"), &store);
    const jv *objects = jv_object_get(cs, "s3_objects");
    if (!objects || !jv_is_object(objects) || jv_object_size(objects) == 0)
        return store;
    if (!store)
        store = objstore_memory_new(0);
    for (size_t i = 0; i < jv_object_size(objects); i++) {
        const char *url = jv_string_value(jv_object_key_at(objects, i));
        const jv *text = jv_object_value_at(objects, i);
        const char *slash = strncmp(url, "s3://", 5) ? NULL : strchr(url + 5, '/');
        if (!slash || !jv_is_string(text)) {
            tap_diag("s3_objects: %s is not s3://BUCKET/KEY with text", url);
            continue;
        }
        char *bucket = strndup(url + 5, (size_t)(slash - url - 5));
        objstore_error err;
        if (!objstore_memory_add_bucket(store, bucket) ||
            objstore_put(store, bucket, slash + 1, jv_string_value(text), jv_string_length(text),
                         now_ms, &err) != OBJSTORE_OK)
            tap_diag("s3_objects: %s could not be stored", url);
        free(bucket);
    }
    return store;
}

/* Returns NULL when the case passes, else a malloc'd reason. */
static char *run_case(const jv *cs)
{
    const jv *def_json = jv_object_get(cs, "definition");
    const jv *input = jv_object_get(cs, "input");
    const jv *expected = jv_object_get(cs, "expected");
    const jv *masks = jv_object_get(cs, "masks");
    const jv *type = jv_object_get(cs, "state_machine_type");
    bool express = type && jv_is_string(type) && !strcmp(jv_string_value(type), "EXPRESS");
    char *text = jv_dump_string(def_json, JV_DUMP_PRETTY);
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = express};
    asl_definition *def = asl_definition_load(text, strlen(text), &vo, &diags);
    free(text);
    if (!def) {
        char *r = NULL;
        if (diags.len)
            asprintf(&r, "definition rejected: %s: %s at %s", diags.items[0].code,
                     diags.items[0].message, diags.items[0].pointer);
        asl_diags_cleanup(&diags);
        return r ? r : strdup("definition rejected");
    }
    asl_diags_cleanup(&diags);
    exec_options eo;
    exec_options_init(&eo);
    eo.account = "111111111111";
    eo.region = "us-east-1";
    eo.express = express;
    eo.start_time_ms = case_start_time(cs);
    eo.has_seed = true;
    eo.seed = 42;
    eo.record_history = false;
    eo.record_visits = false;
    mock_config *mocks = case_mock_config(cs);
    char err[256];
    const mock_case *mcase = mocks ? mock_config_case(mocks, "StateMachine", "corpus", err,
                                                      sizeof err) : NULL;
    /* DESIGN §3's order: the recorded task results first, then the functions the harness
     * deployed (for the tasks the recording could not keep), then the S3 store's service */
    objstore *s3 = case_s3_store(cs, eo.start_time_ms);
    corpus_lambdas *lambdas = corpus_lambdas_new(cs);
    task_resolver resolvers[3];
    size_t nresolvers = 0;
    if (mcase)
        resolvers[nresolvers++] = (task_resolver){"mock-config", mock_case_resolve, (void *)mcase};
    if (lambdas)
        resolvers[nresolvers++] = (task_resolver){"corpus-lambdas", corpus_lambdas_resolve, lambdas};
    if (s3) {
        eo.s3 = s3;
        resolvers[nresolvers++] = (task_resolver){"s3", s3_service_resolve, s3};
    }
    eo.resolvers = nresolvers ? resolvers : NULL;
    eo.nresolvers = nresolvers;
    jv *empty = jv_object();
    sfn_exec *ex = exec_new(def, input ? input : empty, &eo);
    run_to_end(ex);
    char *reason = NULL;
    const char *want_status = jv_string_value(jv_object_get(expected, "status"));
    const char *got_status = exec_status_name(exec_status_of(ex));
    if (exec_status_of(ex) == EXEC_RUNNING) {
        asprintf(&reason, "the execution did not finish (bounded at %d steps)", CASE_MAX_STEPS);
    } else if (strcmp(want_status, got_status) != 0) {
        asprintf(&reason, "status %s, expected %s (error %s: %s)", got_status, want_status,
                 exec_error(ex) ? exec_error(ex) : "-", exec_cause(ex) ? exec_cause(ex) : "-");
    } else if (exec_status_of(ex) == EXEC_SUCCEEDED) {
        const jv *want = jv_object_get(expected, "output");
        jv *got = normalise(exec_output(ex), jv_object_get(cs, "output_normalization"));
        if (want && !value_matches(got, want, masks)) {
            char *g = jv_dump_string(got, 0), *w = jv_dump_string(want, 0);
            asprintf(&reason, "output %.600s, expected %.600s", g, w);
            free(g);
            free(w);
        }
        jv_unref(got);
    } else {
        const jv *want_error = jv_object_get(expected, "error");
        const char *got_error = exec_error(ex);
        bool error_ok = want_error && jv_is_string(want_error)
                            ? got_error && string_matches(got_error, jv_string_value(want_error), masks)
                            : !got_error;
        if (!error_ok || !cause_matches(exec_cause(ex), jv_object_get(expected, "cause"), masks)) {
            char *w = jv_dump_string(expected, 0);
            asprintf(&reason, "error %s cause %.600s, expected %.600s", got_error ? got_error : "-",
                     exec_cause(ex) ? exec_cause(ex) : "-", w);
            free(w);
        }
    }
    exec_free(ex);
    objstore_free(s3);
    corpus_lambdas_free(lambdas);
    mock_config_free(mocks);
    jv_unref(empty);
    asl_definition_free(def);
    return reason;
}

/* The child's side of one case: its verdict, and why it failed. */
static int case_verdict(void *arg, char *msg, size_t msglen)
{
    char *reason = run_case(arg);
    if (!reason)
        return CASE_PASSED;
    snprintf(msg, msglen, "%s", reason);
    free(reason);
    return CASE_FAILED;
}

/* A case name as a TAP description: '#' escaped, so "name#case3" is not read as a directive. */
static char *tap_label(const char *name)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (const char *p = name; *p; p++) {
        if (*p == '#')
            strbuf_putc(&sb, '\\');
        strbuf_putc(&sb, *p);
    }
    return strbuf_detach(&sb);
}

static void count_case(conformance *c, const jv *areas, bool passed, const char *listed)
{
    bool pending = xfail_is_pending(listed);
    c->cases++;
    c->passed += passed;
    c->pending += pending;
    c->listed += listed && !pending;
    for (size_t i = 0; areas && i < jv_array_length(areas); i++) {
        area_stat *a = area_get(c, jv_string_value(jv_array_get(areas, i)));
        if (!a)
            continue;
        a->cases++;
        a->passed += passed;
        a->pending += pending;
        a->listed += listed && !pending;
    }
}

/* One TAP line for a case, by what the list says of it. */
static void report_case(conformance *c, const char *name, const isolate_result *r,
                        const char *listed)
{
    char *label = tap_label(name);
    bool passed = r->returned && r->verdict == CASE_PASSED;
    bool ok;
    if (!r->returned) {
        ok = tap_ok(false, "%s: %s", label, r->msg); /* never an expected failure */
    } else if (xfail_is_pending(listed)) {
        ok = true;
        tap_todo(passed, listed, "%s", label);
        if (passed)
            tap_diag("%s passes now: remove it from %s", name, c->expected_path);
    } else if (listed) {
        ok = tap_ok(!passed, "%s fails as listed (%s)", label, listed);
        if (passed)
            tap_diag("%s passes now: remove it from %s", name, c->expected_path);
    } else {
        ok = tap_ok(passed, "%s", label);
    }
    if (r->returned && !passed && (!ok || c->verbose || c->only))
        tap_diag("%s: %.*s", name, c->verbose || c->only ? ISOLATE_MSG_MAX : 300, r->msg);
    else if (passed && c->only)
        tap_diag("PASS %s", name);
    c->wrong += !ok;
    free(label);
}

static void run_one(conformance *c, const jv *cs)
{
    const char *name = jv_string_value(jv_object_get(cs, "name"));
    const char *listed = xfail_lookup(c->expected, name);
    isolate_result r;
    isolate_run(case_verdict, (void *)cs, CASE_TIMEOUT_S, c->in_process, &r);
    report_case(c, name, &r, listed);
    count_case(c, jv_object_get(cs, "areas"), r.returned && r.verdict == CASE_PASSED, listed);
}

/* A file that is not a case (unreadable, not JSON, no name) fails: it is part of the corpus. */
static void run_file(conformance *c, const char *dir, const char *file)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t len;
    char *text = tap_read_file(path, &len);
    jv_parse_error pe;
    jv *cs = text ? jv_parse(text, len, 0, &pe) : NULL;
    const jv *name = cs ? jv_object_get(cs, "name") : NULL;
    if (!name || !jv_is_string(name)) {
        if (!c->only)
            tap_ok(false, "%s is a case: %s", file,
                   !text ? "unreadable" : !cs ? pe.message : "no name");
    } else if (!c->only || !strcmp(jv_string_value(name), c->only) || strstr(file, c->only)) {
        run_one(c, cs);
    }
    jv_unref(cs);
    free(text);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool run_dir(conformance *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
            continue;
        if (n == cap)
            names = realloc(names, (cap = cap ? cap * 2 : 256) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        run_file(c, dir, names[i]);
        free(names[i]);
    }
    free(names);
    return true;
}

static void report_areas(const conformance *c)
{
    tap_diag("AWS conformance: %d cases, %d pass; %d fail as listed; %d pending (TODO); %d wrong",
             c->cases, c->passed, c->listed, c->pending, c->wrong);
    for (int i = 0; i < c->nareas; i++) {
        const area_stat *a = &c->areas[i];
        tap_diag("area %s: %d/%d pass, %d listed failures, %d pending", a->name, a->passed,
                 a->cases, a->listed, a->pending);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: asl_conformance CASES_DIR EXPECTED_FAILURES [--case NAME] "
                        "[--verbose] [--in-process]\n");
        return 2;
    }
    static conformance c;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose"))
            c.verbose = true;
        else if (!strcmp(argv[i], "--in-process"))
            c.in_process = true;
        else if (!strcmp(argv[i], "--case") && i + 1 < argc)
            c.only = argv[++i];
    }
    char err[512];
    c.expected_path = argv[2];
    c.expected = xfail_load(argv[2], err, sizeof err);
    if (!c.expected) {
        fprintf(stderr, "asl_conformance: %s\n", err);
        return 2;
    }
    if (!run_dir(&c, argv[1]))
        tap_diag("cannot read %s", argv[1]);
    if (!c.only) {
        xfail_check_all_used(c.expected, c.expected_path);
        report_areas(&c);
    }
    tap_ok(c.cases > 0, "the corpus had cases");
    xfail_free(c.expected);
    return tap_done();
}
