/*
 * jsonata_suite — runs the JSONata reference test suite (TESTSUITE.md format) against
 * engine/jsonata.h and prints TAP, one test per group. Each case runs in a forked child with
 * a time limit (tests/runner/isolate.h), so a crash or a hang fails that case, always.
 * EXPECTED_FAILURES (tests/runner/xfail.h; ids `GROUP/caseNNN`, or `GROUP/FILE[K]` for the
 * K-th case of a file holding an array) lists the cases known to fail. A group passes when
 * every case passes or fails as listed; a listed case that passes fails it ("remove it from
 * the list"). Cases that need $eval (Step Functions has no $eval) are skipped: a group whose
 * every case is skipped is reported as `ok N - GROUP # SKIP ...`, never as a pass rate.
 *
 *   jsonata_suite SUITE_DIR EXPECTED_FAILURES [-g GROUP] [-v] [-n]
 *     -g runs one group; -v prints why each listed case fails too; -n runs the cases in this
 *     process (no fork, no time limit: for valgrind, which then sees every allocation)
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jsonata.h"
#include "jv_text.h"
#include "runner/isolate.h"
#include "runner/xfail.h"
#include "strbuf.h"
#include "tap.h"

#define CASE_TIMEOUT_S 10
#define DEFAULT_TIME_LIMIT_MS 5000
/* The reference harness bounds a case by time and depth only. The library's own default
 * memory limit (1 GiB) is reached in about 0.7 s by an endless tail-recursive loop, so such a
 * case (tail-recursion/case006, time limit 1 s) ended with U1001 or U1002 depending on the
 * machine's load. Cases run with a memory bound that their time limit reaches first (the
 * loop holds about 1.6 GiB after 1 s here). */
#define SUITE_MEMORY_LIMIT ((size_t)6 << 30)

typedef enum { CASE_PASS, CASE_FAIL, CASE_SKIP } case_result;

/* The file's JSON, or NULL with why in pe (unreadable, or where it is not JSON). */
static jv *load_json(const char *path, jv_parse_error *pe)
{
    size_t len;
    char *text = tap_read_file(path, &len);
    if (!text) {
        snprintf(pe->message, sizeof pe->message, "unreadable");
        pe->line = pe->column = 0;
        return NULL;
    }
    jv *v = jv_parse(text, len, 0, pe);
    free(text);
    return v;
}

static bool unordered_equal(const jv *a, const jv *b)
{
    if (!jv_is_array(a) || !jv_is_array(b))
        return jv_equal(a, b);
    size_t n = jv_array_length(a);
    if (n != jv_array_length(b))
        return false;
    bool *used = calloc(n + 1, 1);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            if (!used[k] && jv_equal(jv_array_get(a, i), jv_array_get(b, k)))
                used[k] = found = true;
        ok = found;
    }
    free(used);
    return ok;
}

/* evaluates one case; returns pass/fail, with a description of a failure in why */
static case_result run_case(const char *suite, const char *group, const jv *tc, char *why,
                            size_t whylen)
{
    const jv *expr_v = jv_object_get(tc, "expr");
    char *expr = NULL;
    if (expr_v && jv_is_string(expr_v)) {
        expr = jv_xstrdup(jv_string_value(expr_v));
    } else {
        const jv *ef = jv_object_get(tc, "expr-file");
        if (!ef || !jv_is_string(ef)) {
            snprintf(why, whylen, "no expression");
            return CASE_FAIL;
        }
        char path[8192];
        snprintf(path, sizeof path, "%s/groups/%s/%s", suite, group, jv_string_value(ef));
        size_t len;
        expr = tap_read_file(path, &len);
        if (!expr) {
            snprintf(why, whylen, "cannot read %.1000s", path);
            return CASE_FAIL;
        }
    }
    if (strstr(expr, "$eval")) {
        snprintf(why, whylen, "needs $eval");
        free(expr);
        return CASE_SKIP;
    }
    jv *data = NULL;
    const jv *d = jv_object_get(tc, "data");
    const jv *ds = jv_object_get(tc, "dataset");
    if (d) {
        data = jv_ref(d);
    } else if (ds && jv_is_string(ds)) {
        char path[4096];
        snprintf(path, sizeof path, "%s/datasets/%s.json", suite, jv_string_value(ds));
        jv_parse_error pe;
        data = load_json(path, &pe);
        if (!data) {
            snprintf(why, whylen, "dataset %.1000s does not load: %s", path, pe.message);
            free(expr);
            return CASE_FAIL;
        }
    }
    jsonata_env env;
    memset(&env, 0, sizeof env);
    const jv *tl = jv_object_get(tc, "timelimit");
    const jv *depth = jv_object_get(tc, "depth");
    env.time_limit_ms = tl && jv_is_number(tl) ? (int64_t)jv_number_value(tl) : DEFAULT_TIME_LIMIT_MS;
    env.max_memory = SUITE_MEMORY_LIMIT;
    if (depth && jv_is_number(depth))
        env.max_depth = (size_t)jv_number_value(depth);
    rng r;
    rng_seed(&r, 42);
    env.random = &r;

    const jv *want_code = jv_object_get(tc, "code");
    const jv *errobj = jv_object_get(tc, "error");
    if (!want_code && errobj && jv_is_object(errobj))
        want_code = jv_object_get(errobj, "code");
    const jv *want = jv_object_get(tc, "result");
    const jv *undef = jv_object_get(tc, "undefinedResult");
    const jv *unordered = jv_object_get(tc, "unordered");

    jsonata_error err;
    jv *result = NULL;
    case_result cr = CASE_FAIL;
    jsonata_status st = JSONATA_ERROR;
    jsonata_expr *e = jsonata_compile(expr, &err);
    if (e)
        st = jsonata_eval(e, data, jv_object_get(tc, "bindings"), &env, &result, &err);
    char *got = NULL;
    if (st == JSONATA_OK)
        got = jv_dump_string(result, 0);
    if (want_code) {
        if (st == JSONATA_ERROR && !strcmp(err.code, jv_string_value(want_code)))
            cr = CASE_PASS;
    } else if (want) {
        if (st == JSONATA_OK &&
            (unordered && jv_is_true(unordered) ? unordered_equal(result, want) : jv_equal(result, want)))
            cr = CASE_PASS;
    } else if (undef && jv_is_true(undef)) {
        if (st == JSONATA_UNDEFINED)
            cr = CASE_PASS;
    } else {
        cr = CASE_PASS;   /* nothing asserted */
    }
    if (cr == CASE_FAIL) {
        char *w = want ? jv_dump_string(want, 0) : NULL;
        snprintf(why, whylen, "expr: %.300s\n    want: %.300s\n    got:  %.300s",
                 expr, want_code ? jv_string_value(want_code) : w ? w : "undefined",
                 st == JSONATA_ERROR ? err.code : got ? got : "undefined");
        if (st == JSONATA_ERROR)
            snprintf(why + strlen(why), whylen - strlen(why), " (%.200s)", err.message);
        free(w);
    }
    free(got);
    jv_unref(result);
    jsonata_free(e);
    jv_unref(data);
    free(expr);
    return cr;
}

typedef struct {
    const char *suite, *group;
    const jv *tc;
} case_job;

static int case_verdict(void *arg, char *msg, size_t msglen)
{
    const case_job *j = arg;
    return (int)run_case(j->suite, j->group, j->tc, msg, msglen);
}

typedef struct {
    const char *suite, *expected_path;
    xfail_list *expected;
    bool verbose, in_process;
    long cases, passed, listed, skipped, wrong;
} suite_run;

/* What one group's cases did; notes holds the "#" lines printed after the group's test. */
typedef struct {
    long cases, passed, listed, skipped, wrong;
    strbuf notes;
} group_tally;

static void tally_case(suite_run *s, group_tally *t, const char *id, const isolate_result *r)
{
    const char *listed = xfail_lookup(s->expected, id);
    case_result cr = r->returned ? (case_result)r->verdict : CASE_FAIL;
    t->cases++;
    if (!r->returned) {
        t->wrong++;
        strbuf_printf(&t->notes, "%s: %s\n", id, r->msg);
    } else if (cr == CASE_SKIP) {
        t->skipped++;
        if (listed) {
            t->wrong++;
            strbuf_printf(&t->notes, "%s is skipped (%s): remove it from %s\n", id, r->msg,
                          s->expected_path);
        }
    } else if (cr == CASE_PASS) {
        t->passed++;
        if (listed) {
            t->wrong++;
            strbuf_printf(&t->notes, "%s passes now: remove it from %s\n", id, s->expected_path);
        }
    } else if (listed) {
        t->listed++;
        if (s->verbose)
            strbuf_printf(&t->notes, "%s fails as listed (%s)\n    %s\n", id, listed, r->msg);
    } else {
        t->wrong++;
        strbuf_printf(&t->notes, "FAIL %s\n    %s\n", id, r->msg);
    }
}

/* The cases of one file (one case, or an array of them); a file that is not JSON fails. */
static void run_file(suite_run *s, const char *group, const char *dir, const char *file,
                     group_tally *t)
{
    char path[8192], id[8192];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    jv_parse_error pe;
    jv *doc = load_json(path, &pe);
    size_t stem = strlen(file) - strlen(".json");
    if (!doc) {
        isolate_result r = {.returned = true, .verdict = CASE_FAIL};
        snprintf(r.msg, sizeof r.msg, "the case file does not load: %d:%d: %s", pe.line, pe.column,
                 pe.message);
        snprintf(id, sizeof id, "%s/%.*s", group, (int)stem, file);
        tally_case(s, t, id, &r);
        return;
    }
    size_t ncases = jv_is_array(doc) ? jv_array_length(doc) : 1;
    for (size_t k = 0; k < ncases; k++) {
        if (jv_is_array(doc))
            snprintf(id, sizeof id, "%s/%.*s[%zu]", group, (int)stem, file, k);
        else
            snprintf(id, sizeof id, "%s/%.*s", group, (int)stem, file);
        case_job job = {s->suite, group, jv_is_array(doc) ? jv_array_get(doc, k) : doc};
        isolate_result r;
        isolate_run(case_verdict, &job, CASE_TIMEOUT_S, s->in_process, &r);
        tally_case(s, t, id, &r);
    }
    jv_unref(doc);
}

static void report_group(const char *group, const group_tally *t)
{
    if (t->cases > 0 && t->skipped == t->cases && !t->wrong)
        tap_skip("needs $eval, which Step Functions does not provide", "%s: %ld cases", group,
                 t->cases);
    else if (t->skipped)
        tap_ok(t->cases > 0 && !t->wrong,
               "%s: %ld pass, %ld fail as listed, %ld skipped (need $eval)", group, t->passed,
               t->listed, t->skipped);
    else
        tap_ok(t->cases > 0 && !t->wrong, "%s: %ld pass, %ld fail as listed", group, t->passed,
               t->listed);
    for (const char *line = strbuf_str(&t->notes), *end; *line; line = end + 1) {
        end = strchr(line, '\n');
        tap_diag("%.*s", (int)(end - line), line);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_dir(const char *path, const char *suffix, size_t *n)
{
    DIR *d = opendir(path);
    *n = 0;
    if (!d)
        return NULL;
    size_t cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t l = strlen(e->d_name);
        if (suffix && (l < strlen(suffix) || strcmp(e->d_name + l - strlen(suffix), suffix)))
            continue;
        if (*n == cap)
            names = realloc(names, (cap *= 2) * sizeof *names);
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, *n, sizeof *names, cmp_str);
    return names;
}

static void run_group(suite_run *s, const char *group)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/groups/%s", s->suite, group);
    size_t nfiles;
    char **files = list_dir(path, ".json", &nfiles);
    group_tally t = {0};
    strbuf_init(&t.notes, 0);
    for (size_t f = 0; f < nfiles; f++) {
        run_file(s, group, path, files[f], &t);
        free(files[f]);
    }
    free(files);
    report_group(group, &t);
    strbuf_cleanup(&t.notes);
    s->cases += t.cases;
    s->passed += t.passed;
    s->listed += t.listed;
    s->skipped += t.skipped;
    s->wrong += t.wrong;
}

int main(int argc, char **argv)
{
    const char *args[2] = {NULL, NULL}, *only = NULL;
    int nargs = 0;
    suite_run s = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v"))
            s.verbose = true;
        else if (!strcmp(argv[i], "-n"))
            s.in_process = true;
        else if (!strcmp(argv[i], "-g") && i + 1 < argc)
            only = argv[++i];
        else if (nargs < 2)
            args[nargs++] = argv[i];
    }
    if (nargs < 2) {
        fprintf(stderr, "usage: jsonata_suite SUITE_DIR EXPECTED_FAILURES [-g GROUP] [-v] [-n]\n");
        return 2;
    }
    char err[512], path[4096];
    s.suite = args[0];
    s.expected_path = args[1];
    s.expected = xfail_load(args[1], err, sizeof err);
    if (!s.expected) {
        fprintf(stderr, "jsonata_suite: %s\n", err);
        return 2;
    }
    snprintf(path, sizeof path, "%s/groups", s.suite);
    size_t ngroups;
    char **groups = list_dir(path, NULL, &ngroups);
    if (!groups)
        tap_diag("cannot read %s", path);
    for (size_t g = 0; g < ngroups; g++) {
        if (!only || !strcmp(only, groups[g]))
            run_group(&s, groups[g]);
        free(groups[g]);
    }
    free(groups);
    if (!only)
        xfail_check_all_used(s.expected, s.expected_path);
    tap_diag("JSONata suite: %ld cases, %ld pass, %ld fail as listed, %ld skipped (need $eval), "
             "%ld wrong", s.cases, s.passed, s.listed, s.skipped, s.wrong);
    tap_ok(s.cases > s.skipped, "the suite had cases to run");
    xfail_free(s.expected);
    return tap_done();
}
