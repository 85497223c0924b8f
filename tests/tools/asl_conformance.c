/*
 * asl_conformance — runs the AWS-recorded executions of ../shared/conformance/asl through
 * the engine and compares status, output, error and cause by the corpus's rules (README
 * there): masks are wildcards, object key order is irrelevant, the actual output is
 * normalised (output_normalization, arn:aws: -> arn:<partition>:, us-east-1 -> <region>).
 *
 * usage: asl_conformance CASES_DIR FLOORS_FILE [--case NAME] [--verbose]
 * Prints TAP: one test per area, passing when the area's pass rate is at or above the
 * floor in FLOORS_FILE. Cases in an area listed there as `pending` (a feature of a later
 * issue) are counted and reported, not run.
 */
#define _GNU_SOURCE /* asprintf */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition.h"
#include "exec.h"
#include "mockconfig.h"
#include "jv_text.h"
#include "strbuf.h"
#include "tap.h"
#include "timeutil.h"

#define MAX_AREAS 64

typedef struct {
    char name[128];
    double floor;      /* percent; <0 when none */
    bool pending;
    int run, passed;
} area_stat;

typedef struct {
    area_stat areas[MAX_AREAS];
    int nareas;
    int pending_cases, run_cases, passed_cases;
    bool verbose;
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
    a->floor = -1;
    return a;
}

/* Floors file: lines "floor<TAB>AREA<TAB>PERCENT" or "pending<TAB>AREA"; # comments. */
static bool load_floors(conformance *c, const char *path)
{
    char *text = tap_read_file(path, NULL);
    if (!text)
        return false;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !line[0])
            continue;
        char *kind = line, *area = strchr(line, '\t');
        if (!area)
            continue;
        *area++ = '\0';
        char *pct = strchr(area, '\t');
        if (pct)
            *pct++ = '\0';
        area_stat *a = area_get(c, area);
        if (!a)
            continue;
        if (!strcmp(kind, "pending"))
            a->pending = true;
        else if (!strcmp(kind, "floor") && pct)
            a->floor = atof(pct);
    }
    free(text);
    return true;
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

static bool case_is_pending(conformance *c, const jv *areas)
{
    for (size_t i = 0; i < jv_array_length(areas); i++) {
        area_stat *a = area_get(c, jv_string_value(jv_array_get(areas, i)));
        if (a && a->pending)
            return true;
    }
    return false;
}

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
    for (long steps = 0; exec_status_of(ex) == EXEC_RUNNING && steps < 100000; steps++) {
        exec_step_result r = exec_step(ex);
        if (r.kind == EXEC_STEP_WAITING && !exec_expire_wait(ex))
            break;
    }
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
    task_resolver resolver = {"mock-config", mock_case_resolve, (void *)mcase};
    if (mcase) {
        eo.resolvers = &resolver;
        eo.nresolvers = 1;
    }
    jv *empty = jv_object();
    sfn_exec *ex = exec_new(def, input ? input : empty, &eo);
    run_to_end(ex);
    char *reason = NULL;
    const char *want_status = jv_string_value(jv_object_get(expected, "status"));
    const char *got_status = exec_status_name(exec_status_of(ex));
    if (strcmp(want_status, got_status) != 0) {
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
    mock_config_free(mocks);
    jv_unref(empty);
    asl_definition_free(def);
    return reason;
}

static void record_case(conformance *c, const jv *cs, const char *file)
{
    const jv *areas = jv_object_get(cs, "areas");
    const char *name = jv_string_value(jv_object_get(cs, "name"));
    if (c->only && strcmp(name, c->only) && !strstr(file, c->only))
        return;
    if (!areas || !jv_is_array(areas))
        return;
    if (case_is_pending(c, areas)) {
        c->pending_cases++;
        return;
    }
    char *reason = run_case(cs);
    c->run_cases++;
    if (!reason)
        c->passed_cases++;
    for (size_t i = 0; i < jv_array_length(areas); i++) {
        area_stat *a = area_get(c, jv_string_value(jv_array_get(areas, i)));
        if (!a)
            continue;
        a->run++;
        a->passed += reason == NULL;
    }
    if (reason && (c->verbose || c->only))
        tap_diag("FAIL %s: %s", name, reason);
    else if (reason)
        tap_diag("FAIL %s: %.300s", name, reason);
    else if (c->only)
        tap_diag("PASS %s", name);
    free(reason);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(conformance *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
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
    char path[4096];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len;
        char *text = tap_read_file(path, &len);
        jv *cs = text ? jv_parse(text, len, 0, NULL) : NULL;
        if (cs)
            record_case(c, cs, names[i]);
        else
            tap_diag("unreadable case %s", path);
        jv_unref(cs);
        free(text);
        free(names[i]);
    }
    free(names);
}

static void report(conformance *c)
{
    tap_diag("AWS conformance: %d of %d runnable cases pass (%.1f%%); %d pending on later features",
             c->passed_cases, c->run_cases,
             c->run_cases ? 100.0 * c->passed_cases / c->run_cases : 0.0, c->pending_cases);
    for (int i = 0; i < c->nareas; i++) {
        area_stat *a = &c->areas[i];
        if (a->pending || a->run == 0)
            continue;
        double rate = 100.0 * a->passed / a->run;
        if (a->floor < 0)
            tap_diag("area %s: %d/%d (%.1f%%), no floor set", a->name, a->passed, a->run, rate);
        else
            tap_ok(rate + 1e-9 >= a->floor, "area %s: %d/%d pass (%.1f%%), floor %.1f%%",
                   a->name, a->passed, a->run, rate, a->floor);
    }
    for (int i = 0; i < c->nareas; i++)
        if (c->areas[i].pending)
            tap_diag("area %s: pending (needs a later feature)", c->areas[i].name);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: asl_conformance CASES_DIR FLOORS_FILE [--case NAME] [--verbose]\n");
        return 2;
    }
    static conformance c;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose"))
            c.verbose = true;
        else if (!strcmp(argv[i], "--case") && i + 1 < argc)
            c.only = argv[++i];
    }
    if (!load_floors(&c, argv[2])) {
        fprintf(stderr, "asl_conformance: cannot read %s\n", argv[2]);
        return 2;
    }
    run_dir(&c, argv[1]);
    report(&c);
    if (c.only)
        return tap_done();
    tap_ok(c.run_cases > 0, "the corpus had runnable cases");
    return tap_done();
}
