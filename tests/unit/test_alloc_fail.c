/*
 * Allocation-failure injection (engine/alloc.h): a representative run — load and validate
 * a definition with Pass/Choice/Task (mocked)/Wait/Parallel/Map/Fail, Retry and Catch, JSONPath filters
 * and a regex, intrinsics, a mock config, the execution to its end, its history, and a
 * JSONata evaluation over that history — is first run with a counting hook; then, in a
 * forked child each, with a hook that refuses the Nth allocation, for every N of the run
 * (~1,500: 1 s, 6 s under ASan; should the run grow past WALK_HEAD + WALK_MIDDLE +
 * WALK_TAIL, the first 200, the last 50 and a stride between them). Each child must either
 * complete with exactly the counting run's result or exit with ENGINE_OOM_STATUS and the
 * out-of-memory message: never a signal, never a different result. Under check-asan every
 * child is also checked by AddressSanitizer and, at exit, LeakSanitizer (a report changes
 * its exit status). The JSON parser alone gets the same walk: each of its allocations that
 * fails must end the process out of memory, never be reported as a syntax error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "definition.h"
#include "exec.h"
#include "jsonata.h"
#include "jv_text.h"
#include "mockconfig.h"
#include "tap.h"

#define FIXTURES "tests/unit/alloc_fail/"
#define CHILD_WRONG_RESULT 3
#define WALK_HEAD 200   /* always tried: the first allocations ... */
#define WALK_TAIL 50    /* ... and the last ones */
#define WALK_MIDDLE 4000 /* at most this many tried in between */

/* Counts allocations (and reallocations); refuses number fail_at (1-based; 0 never). */
typedef struct {
    long count;
    long fail_at;
} alloc_probe;

static void *probe_alloc(void *ud, void *ptr, size_t new_size)
{
    alloc_probe *p = ud;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    if (++p->count == p->fail_at)
        return NULL;
    return realloc(ptr, new_size);
}

typedef struct {
    char *definition, *mocks, *input;
    size_t definition_len, mocks_len;
} run_texts;

/* What the walk repeats: run(ctx, a) does the work under allocator a and returns its
 * result as text (the caller frees). */
typedef struct {
    char *(*run)(const void *ctx, const engine_allocator *a);
    const void *ctx;
} workload;

/* JSONata over the history: the states entered, the failure, a regex match. */
static const char SUMMARY_EXPR[] =
    "{'states': $join($distinct(events.stateEnteredEventDetails.name), ','),"
    " 'failed': events[type = 'ExecutionFailed'].executionFailedEventDetails.error,"
    " 'tasks': $count(events[$match(type, /^Task(Failed|Succeeded)$/)])}";

static jv *summarise(const jv *history)
{
    jsonata_error err;
    jsonata_expr *e = jsonata_compile(SUMMARY_EXPR, &err);
    if (!e)
        return jv_string_fmt("compile: %s %s", err.code, err.message);
    jv *result = NULL;
    jsonata_status st = jsonata_eval(e, history, NULL, NULL, &result, &err);
    jsonata_free(e);
    return st == JSONATA_OK ? result : jv_string_fmt("eval: %s %s", err.code, err.message);
}

static jv *execute(const asl_definition *def, const mock_case *mc, const jv *input,
                   const engine_allocator *a)
{
    task_resolver mock = {"mock-config", mock_case_resolve, (void *)mc};
    exec_options o;
    exec_options_init(&o);
    o.state_machine_name = "AllocFail";
    o.execution_name = "alloc-fail";
    o.start_time_ms = 1700000000000;
    o.has_seed = true;
    o.seed = 7;
    o.resolvers = &mock;
    o.nresolvers = 1;
    o.alloc = a;
    sfn_exec *ex = exec_new(def, input, &o);
    exec_run(ex, 0);
    jv *r = jv_object();
    r = jv_object_set_take(r, "status", jv_string(exec_status_name(exec_status_of(ex))));
    r = jv_object_set_take(r, "error", jv_string(exec_error(ex) ? exec_error(ex) : ""));
    r = jv_object_set_take(r, "cause", jv_string(exec_cause(ex) ? exec_cause(ex) : ""));
    jv *history = exec_history_json(ex);
    r = jv_object_set_take(r, "summary", summarise(history));
    r = jv_object_set_take(r, "history", history);
    exec_free(ex);
    return r;
}

/* The whole run under a (the current allocator throughout); its result as JSON text. */
static char *representative_run(const void *ctx, const engine_allocator *a)
{
    const run_texts *t = ctx;
    const engine_allocator *previous = engine_alloc_enter(a);
    char err[256] = "";
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = false, .alloc = a};
    asl_definition *def = asl_definition_load(t->definition, t->definition_len, &vo, &diags);
    mock_config *m = mock_config_parse(t->mocks, t->mocks_len, err, sizeof err);
    const mock_case *mc = m ? mock_config_case(m, "AllocFail", "Run", err, sizeof err) : NULL;
    jv_parse_error perr;
    jv *input = jv_parse_cstr(t->input, &perr);
    jv *result;
    if (def && mc && input)
        result = execute(def, mc, input, a);
    else
        result = jv_string_fmt("setup failed: %zu diagnostics; %s", diags.len, err);
    char *text = jv_dump_string(result, 0);
    jv_unref(result);
    jv_unref(input);
    mock_config_free(m);
    asl_definition_free(def);
    asl_diags_cleanup(&diags);
    engine_alloc_leave(previous);
    return text;
}

static bool read_texts(run_texts *t)
{
    size_t input_len;
    t->definition = tap_read_file(FIXTURES "run.asl.json", &t->definition_len);
    t->mocks = tap_read_file(FIXTURES "mocks.json", &t->mocks_len);
    t->input = tap_read_file(FIXTURES "input.json", &input_len);
    return t->definition && t->mocks && t->input;
}

/* ---- one failure point, in a child ---- */

typedef enum { END_COMPLETED, END_OUT_OF_MEMORY, END_BAD } run_end;

static void child_run(const workload *w, long fail_at, const char *expected, int err_fd)
{
    dup2(err_fd, STDERR_FILENO);
    close(err_fd);
    alloc_probe p = {0, fail_at};
    engine_allocator a = {probe_alloc, NULL, &p};
    char *got = w->run(w->ctx, &a);
    int rc = strcmp(got, expected) == 0 ? 0 : CHILD_WRONG_RESULT;
    free(got);
    exit(rc);   /* exit, not _exit: LeakSanitizer checks at exit */
}

static size_t read_all(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        char chunk[4096];
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        size_t keep = (size_t)r < cap - 1 - n ? (size_t)r : cap - 1 - n;
        memcpy(buf + n, chunk, keep);
        n += keep;
    }
    buf[n] = '\0';
    return n;
}

static run_end classify(int status, const char *err, char *why, size_t whylen)
{
    static const char oom_message[] = "sfdbg: out of memory (";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && err[0] == '\0')
        return END_COMPLETED;
    if (WIFEXITED(status) && WEXITSTATUS(status) == ENGINE_OOM_STATUS &&
        strncmp(err, oom_message, sizeof oom_message - 1) == 0)
        return END_OUT_OF_MEMORY;
    if (WIFSIGNALED(status))
        snprintf(why, whylen, "signal %d", WTERMSIG(status));
    else if (WEXITSTATUS(status) == CHILD_WRONG_RESULT)
        snprintf(why, whylen, "completed with a different result");
    else
        snprintf(why, whylen, "exit %d", WEXITSTATUS(status));
    return END_BAD;
}

static run_end run_failing_at(const workload *w, long fail_at, const char *expected, char *why,
                              size_t whylen)
{
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(why, whylen, "pipe: %s", strerror(errno));
        return END_BAD;
    }
    fflush(stdout);   /* or the child would print the parent's buffered TAP again */
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        child_run(w, fail_at, expected, fds[1]);
    }
    close(fds[1]);
    char err[2048];
    read_all(fds[0], err, sizeof err);   /* before waiting: a long report fills the pipe */
    close(fds[0]);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        snprintf(why, whylen, "fork/wait: %s", strerror(errno));
        return END_BAD;
    }
    run_end end = classify(status, err, why, whylen);
    if (end == END_BAD && err[0]) {
        size_t used = strlen(why);
        snprintf(why + used, whylen - used, "; stderr: %.300s", err);
    }
    return end;
}

/* ---- the walk ---- */

static long next_failure_point(long n, long total, long stride)
{
    if (n < WALK_HEAD || n >= total - WALK_TAIL)
        return n + 1;
    long next = n + stride;
    return next > total - WALK_TAIL ? total - WALK_TAIL + 1 : next;
}

typedef struct {
    long tried, completed, oom, bad;
} walk_counts;

/* Refuses allocation N of the workload's total, for every N (or a stride of them). */
static walk_counts walk(const workload *w, long total, const char *expected)
{
    long middle = total - WALK_HEAD - WALK_TAIL;
    long stride = 1;
    if (middle > WALK_MIDDLE)
        stride = (middle + WALK_MIDDLE - 1) / WALK_MIDDLE;
    walk_counts c = {0, 0, 0, 0};
    for (long n = 1; n <= total; n = next_failure_point(n, total, stride)) {
        char why[512] = "";
        run_end end = run_failing_at(w, n, expected, why, sizeof why);
        c.tried++;
        if (end == END_COMPLETED)
            c.completed++;
        else if (end == END_OUT_OF_MEMORY)
            c.oom++;
        else if (++c.bad <= 10)
            tap_diag("failing allocation %ld of %ld: %s", n, total, why);
    }
    tap_ok(c.bad == 0, "all %ld failure points end cleanly (%ld complete, %ld out of memory, "
                       "%ld bad)", c.tried, c.completed, c.oom, c.bad);
    tap_ok(c.tried >= (total < 400 ? total : 400), "%ld distinct failure points tried of %ld",
           c.tried, total);
    return c;
}

static void test_walk(void)
{
    run_texts t = {0};
    if (!tap_ok(read_texts(&t), "the fixtures in " FIXTURES " load"))
        return;
    workload w = {representative_run, &t};
    alloc_probe counter = {0, 0};
    engine_allocator a = {probe_alloc, NULL, &counter};
    char *expected = representative_run(&t, &a);
    long total = counter.count;
    tap_ok(strstr(expected, "\"status\":\"FAILED\",\"error\":\"Done.Ally\"") != NULL,
           "the run ends in its Fail state: %.160s", expected);
    tap_ok(strstr(expected, "\"tasks\":3") != NULL && strstr(expected, "Summarise") != NULL,
           "the JSONata summary saw the retried and the caught task");
    alloc_probe again = {0, 0};
    engine_allocator b = {probe_alloc, NULL, &again};
    char *second = representative_run(&t, &b);
    tap_is_int(again.count, total, "the run allocates the same %ld times again", total);
    tap_is_str(second, expected, "with the same result");
    free(second);

    char why[512] = "";
    tap_is_int(run_failing_at(&w, 0, expected, why, sizeof why), END_COMPLETED,
               "a child that refuses nothing completes %s", why);
    tap_is_int(run_failing_at(&w, 1, expected, why, sizeof why), END_OUT_OF_MEMORY,
               "refusing the first allocation ends with status %d and the message %s",
               ENGINE_OOM_STATUS, why);
    walk_counts c = walk(&w, total, expected);
    tap_ok(c.oom > 0, "a refused allocation ends the run with the out-of-memory status");
    free(expected);
    free(t.definition);
    free(t.mocks);
    free(t.input);
}

/* ---- the JSON parser alone ---- */

/* Every path of jv_text's builder that allocates: nested containers that grow, escaped keys
 * and values (the scratch buffer, grown twice), a NUL escape, a number too long for the
 * stack buffer, repeated keys. */
static const char PARSE_TEXT[] =
    "{\"plain\": [1, -2.5e3, true, false, null, [], {}],"
    " \"esc\\u00e9\": \"a\\tb\\u0000c\\\"d\\\\\","
    " \"long\\nkey with an escape and more text\": \"\\ud83d\\ude00 and a much longer escaped string\\n\","
    " \"digits\": 3.14159265358979323846264338327950288419716939937510582097494459230781640628,"
    " \"nested\": {\"a\": {\"b\": [[[{\"c\": \"d\"}]]]}, \"e\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]},"
    " \"plain\": \"the later duplicate wins\"}";

/* The parse under a: the value as text, or the parse error (which a refused allocation
 * must never produce). */
static char *parse_run(const void *ctx, const engine_allocator *a)
{
    const engine_allocator *previous = engine_alloc_enter(a);
    jv_parse_error err;
    jv *v = jv_parse_cstr(ctx, &err);
    char *text = v ? jv_dump_string(v, JV_DUMP_SORT_KEYS)
                   : jv_dump_string(jv_string_fmt("syntax error: %s", err.message), 0);
    jv_unref(v);
    engine_alloc_leave(previous);
    return text;
}

static void test_parse_walk(void)
{
    workload w = {parse_run, PARSE_TEXT};
    alloc_probe counter = {0, 0};
    engine_allocator a = {probe_alloc, NULL, &counter};
    char *expected = parse_run(PARSE_TEXT, &a);
    static const char start[] = "{\"digits\":3.141592653589793,\"esc\xc3\xa9\":\"a\\tb\\u0000c";
    tap_ok(strncmp(expected, start, sizeof start - 1) == 0, "the parser's text parses: %.60s",
           expected);
    walk_counts c = walk(&w, counter.count, expected);
    tap_is_int(c.oom, c.tried, "every refused allocation of the parser ends out of memory "
                               "(none is reported as a syntax error)");
    free(expected);
}

/* ---- the current allocator ---- */

static void test_scopes(void)
{
    alloc_probe p1 = {0, 0}, p2 = {0, 0};
    engine_allocator a1 = {probe_alloc, NULL, &p1}, a2 = {probe_alloc, NULL, &p2};
    const engine_allocator *outer = engine_alloc_enter(&a1);
    engine_free(engine_malloc(8));
    const engine_allocator *inner = engine_alloc_enter(&a2);
    engine_free(engine_strdup("x"));
    tap_ok(inner == &a1, "enter returns the allocator it replaces");
    tap_ok(engine_alloc_enter(NULL) == &a2, "entering NULL keeps the current one");
    engine_free(engine_calloc(2, 4));
    engine_alloc_leave(inner);
    engine_free(engine_realloc(engine_malloc(1), 64));
    engine_alloc_leave(outer);
    engine_free(engine_malloc(8));   /* the default again: counted by neither */
    tap_is_int(p1.count, 3, "the outer hook saw its own three allocations");
    tap_is_int(p2.count, 2, "the inner hook saw the two made while it was current");

    alloc_probe refuse = {0, 1};
    engine_allocator r = {probe_alloc, NULL, &refuse};
    outer = engine_alloc_enter(&r);
    void *none = engine_try_malloc(16);
    engine_alloc_leave(outer);
    tap_ok(none == NULL, "engine_try_malloc returns NULL instead of ending the process");
}

int main(void)
{
    test_scopes();
    test_walk();
    test_parse_walk();
    return tap_done();
}
