/* cmd_test — `sfdbg test SUITE.json...` and `sfdbg test MOCKCONFIG --workflow F`: run test
 * suites headless (DESIGN §4.2), TAP on stdout, optionally JUnit XML; -j N runs tests in
 * parallel child processes (each test is its own execution: reproducible alone). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cliopt.h"
#include "commands.h"
#include "fileio.h"
#include "jv_text.h"
#include "strbuf.h"
#include "suite.h"
#include "suite_mock.h"
#include "testcheck.h"

#define TEST_MAX_JOBS 64
#define TEST_MAX_SUITES 1024

typedef struct {
    const suite *s;
    const suite_test *t;
    testcheck_result r;
    char *why;
    const char *status;
} test_item;

typedef struct {
    const char *junit, *only;
    suite_mock_opts smoke;   /* smoke.workflow set: MOCKCONFIG --workflow F */
    long jobs;
    const char *files[TEST_MAX_SUITES];
    size_t nfiles;
} test_opts;

static void test_usage(FILE *out)
{
    fputs("usage: sfdbg test SUITE.json... [--test NAME] [--junit FILE] [-j N]\n"
          "       sfdbg test MOCKCONFIG --workflow F [--test-case NAME] [--input JSON]\n"
          "                  [--start-time T] [--seed N] [--services-state FILE]\n"
          "                  [--handlers FILE] [--junit FILE] [-j N]\n"
          "Runs every test of the suites (docs/testing.md) headless and prints TAP: one line\n"
          "per test, the first difference with its JSON path when it fails. With --workflow,\n"
          "runs every test case of the mock config for F (its state machine is F's base name)\n"
          "as a smoke test: on --input (default {}), it passes when the execution SUCCEEDS;\n"
          "any other end is \"not ok\" with its status, error and cause.\n"
          "  --test NAME     run only the tests named NAME (smoke: the same as --test-case)\n"
          "  --junit FILE    also write a JUnit XML report to FILE\n"
          "  -j, --jobs N    run N tests at a time (1 to 64; default 1)\n"
          "Exit status: 0 all passed, 1 a test failed, 2 a broken suite or usage error.\n",
          out);
}

enum {
    OPT_JUNIT = 256, OPT_TEST, OPT_WORKFLOW, OPT_TEST_CASE, OPT_INPUT, OPT_START_TIME,
    OPT_SEED, OPT_SERVICES_STATE, OPT_HANDLERS
};

static const struct option test_long[] = {
    {"junit", required_argument, NULL, OPT_JUNIT},
    {"test", required_argument, NULL, OPT_TEST},
    {"workflow", required_argument, NULL, OPT_WORKFLOW},
    {"test-case", required_argument, NULL, OPT_TEST_CASE},
    {"input", required_argument, NULL, OPT_INPUT},
    {"start-time", required_argument, NULL, OPT_START_TIME},
    {"seed", required_argument, NULL, OPT_SEED},
    {"services-state", required_argument, NULL, OPT_SERVICES_STATE},
    {"handlers", required_argument, NULL, OPT_HANDLERS},
    {"jobs", required_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int test_add_file(test_opts *o, const char *f)
{
    if (o->nfiles == TEST_MAX_SUITES) {
        fprintf(stderr, "sfdbg test: more than %d files\n", TEST_MAX_SUITES);
        return 2;
    }
    o->files[o->nfiles++] = f;
    return 0;
}

static int test_jobs(test_opts *o, const char *arg)
{
    char *end;
    errno = 0;
    long n = strtol(arg, &end, 10);
    if (errno || *end || end == arg || n < 1 || n > TEST_MAX_JOBS) {
        fprintf(stderr, "sfdbg test: -j: expected a number of jobs from 1 to %d, got '%s'\n",
                TEST_MAX_JOBS, arg);
        return 2;
    }
    o->jobs = n;
    return 0;
}

static int test_option(cliopt *p, int c, test_opts *o)
{
    switch (c) {
    case 1: return test_add_file(o, optarg);
    case OPT_JUNIT: o->junit = optarg; return 0;
    case OPT_TEST: o->only = optarg; return 0;
    case OPT_WORKFLOW: o->smoke.workflow = optarg; return 0;
    case OPT_TEST_CASE: o->smoke.test_case = optarg; return 0;
    case OPT_INPUT: o->smoke.input = optarg; return 0;
    case OPT_START_TIME: o->smoke.start_time = optarg; return 0;
    case OPT_SEED: o->smoke.seed = optarg; return 0;
    case OPT_SERVICES_STATE: o->smoke.services_state = optarg; return 0;
    case OPT_HANDLERS: o->smoke.handlers = optarg; return 0;
    case 'j': return test_jobs(o, optarg);
    case ':':
        fprintf(stderr, "sfdbg test: %s needs a value\n", p->name);
        return 2;
    default:
        fprintf(stderr, "sfdbg test: unknown option '%s' (sfdbg test --help)\n", p->arg);
        return 2;
    }
}

/* 2 with a message when a smoke-test option is given without --workflow. */
static int test_suite_only(const suite_mock_opts *m)
{
    const char *opt = m->test_case ? "--test-case" : m->input ? "--input"
                      : m->start_time ? "--start-time" : m->seed ? "--seed"
                      : m->services_state ? "--services-state" : m->handlers ? "--handlers"
                      : NULL;
    if (!opt)
        return 0;
    fprintf(stderr, "sfdbg test: %s goes with MOCKCONFIG --workflow F (a suite file sets it "
            "in its tests or options)\n", opt);
    return 2;
}

/* 0, 2 (usage error, message printed) or -1 for --help. */
static int test_parse(int argc, char **argv, test_opts *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    cliopt p;
    cliopt_init(&p, argc, argv, "-:hj:", test_long);
    int c;
    while ((c = cliopt_next(&p)) != -1) {
        if (c == 'h')
            return -1;
        int rc = test_option(&p, c, o);
        if (rc)
            return rc;
    }
    for (int i = cliopt_rest(&p); i < argc; i++)
        if (test_add_file(o, argv[i]))
            return 2;
    if (o->nfiles == 0) {
        fputs("sfdbg test: expected SUITE.json... or MOCKCONFIG --workflow F\n", stderr);
        return 2;
    }
    if (o->smoke.workflow && o->nfiles != 1) {
        fputs("sfdbg test: --workflow takes exactly one MOCKCONFIG\n", stderr);
        return 2;
    }
    o->smoke.mock_config = o->files[0];
    return o->smoke.workflow ? 0 : test_suite_only(&o->smoke);
}

/* ---- running ---- */

/* pool: the record pool of a run of many tests in this process, or NULL. */
static void test_run_one(test_item *it, record_pool *pool)
{
    it->r = testcheck_run(it->s, it->t, pool, &it->why, &it->status);
}

/* A child's result on its pipe: "R STATUS\nWHY". */
static void test_child(test_item *it, int fd)
{
    test_run_one(it, NULL);   /* one test in this process: nothing to reuse */
    FILE *f = fdopen(fd, "w");
    if (f) {
        fprintf(f, "%d %s\n%s", (int)it->r, it->status ? it->status : "-", it->why ? it->why : "");
        fclose(f);
    }
    _exit(0);
}

static const char *test_status_name(const char *s)
{
    static const char *const names[] = {"RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i], s))
            return names[i];
    return NULL;
}

static void test_collect(test_item *it, int fd, pid_t pid)
{
    strbuf sb;
    strbuf_init(&sb, 1u << 20);
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            strbuf_append(&sb, buf, (size_t)n);
    close(fd);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    const char *text = strbuf_str(&sb);
    char status[32] = "";
    int r = -1;
    const char *nl = strchr(text, '\n');
    if (nl && sscanf(text, "%d %31s", &r, status) == 2 && r >= 0 && r <= TESTCHECK_BROKEN) {
        it->r = (testcheck_result)r;
        it->status = test_status_name(status);
        it->why = nl[1] ? strdup(nl + 1) : NULL;
    } else {
        it->r = TESTCHECK_BROKEN;
        it->why = strdup("the test's process ended without a result (it crashed?)");
    }
    strbuf_cleanup(&sb);
}

static void test_run_batch(test_item *items, size_t n)
{
    int fds[TEST_MAX_JOBS];
    pid_t pids[TEST_MAX_JOBS];
    fflush(stdout);
    fflush(stderr);
    for (size_t i = 0; i < n; i++) {
        int p[2];
        pids[i] = -1;
        if (pipe(p) == 0 && (pids[i] = fork()) == 0) {
            close(p[0]);
            test_child(&items[i], p[1]);
        }
        if (pids[i] < 0) {
            test_run_one(&items[i], NULL);   /* no process to spare: run it here */
            fds[i] = -1;
            continue;
        }
        close(p[1]);
        fds[i] = p[0];
    }
    for (size_t i = 0; i < n; i++)
        if (fds[i] >= 0)
            test_collect(&items[i], fds[i], pids[i]);
}

static void test_run_all(test_item *items, size_t n, long jobs)
{
    if (jobs <= 1) {
        /* one after the other in this process: each test's records reuse the memory of the
         * one before (record_pool.h) */
        record_pool *pool = record_pool_new(NULL, 0);
        for (size_t i = 0; i < n; i++)
            test_run_one(&items[i], pool);
        record_pool_free(pool);
        return;
    }
    for (size_t i = 0; i < n; i += (size_t)jobs)
        test_run_batch(items + i, n - i < (size_t)jobs ? n - i : (size_t)jobs);
}

/* ---- reporting ---- */

/* A TAP description: '#' escaped (it would start a directive), line breaks as spaces. */
static void test_tap_text(const char *s)
{
    for (; *s; s++) {
        if (*s == '#' || *s == '\\')
            putchar('\\');
        putchar((unsigned char)*s < 0x20 ? ' ' : *s);
    }
}

/* The reason under a test line: every line of it a TAP comment. */
static void test_tap_why(const char *why)
{
    fputs("#   ", stdout);
    for (; *why; why++) {
        putchar(*why);
        if (*why == '\n' && why[1])
            fputs("#   ", stdout);
    }
    putchar('\n');
}

static void test_tap(const test_item *items, size_t n, bool smoke)
{
    printf("1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        const test_item *it = &items[i];
        printf("%s %zu - ", it->r == TESTCHECK_PASS ? "ok" : "not ok", i + 1);
        test_tap_text(it->s->path);
        fputs(": ", stdout);
        test_tap_text(it->t->name);
        if (smoke && it->status)
            printf(" (%s)", it->status);
        putchar('\n');
        if (it->why)
            test_tap_why(it->why);
    }
}

static void test_xml_escape(strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': strbuf_puts(sb, "&amp;"); break;
        case '<': strbuf_puts(sb, "&lt;"); break;
        case '>': strbuf_puts(sb, "&gt;"); break;
        case '"': strbuf_puts(sb, "&quot;"); break;
        case '\n': strbuf_puts(sb, "&#10;"); break;
        default:
            if ((unsigned char)*s < 0x20)
                strbuf_printf(sb, "&#%d;", (unsigned char)*s == '\t' ? 9 : 32);
            else
                strbuf_putc(sb, *s);
        }
    }
}

static void test_junit_case(strbuf *sb, const test_item *it)
{
    strbuf_puts(sb, "    <testcase classname=\"");
    test_xml_escape(sb, it->s->path);
    strbuf_puts(sb, "\" name=\"");
    test_xml_escape(sb, it->t->name);
    if (it->r == TESTCHECK_PASS) {
        strbuf_puts(sb, "\"/>\n");
        return;
    }
    strbuf_printf(sb, "\">\n      <%s message=\"", it->r == TESTCHECK_FAIL ? "failure" : "error");
    test_xml_escape(sb, it->why ? it->why : "");
    strbuf_puts(sb, "\"/>\n    </testcase>\n");
}

static int test_junit(const char *file, const test_item *items, size_t n)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for (size_t i = 0; i < n;) {
        size_t j = i, fail = 0, err = 0;
        for (; j < n && items[j].s == items[i].s; j++) {
            fail += items[j].r == TESTCHECK_FAIL;
            err += items[j].r == TESTCHECK_BROKEN;
        }
        strbuf_puts(&sb, "  <testsuite name=\"");
        test_xml_escape(&sb, items[i].s->path);
        strbuf_printf(&sb, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", j - i, fail, err);
        for (; i < j; i++)
            test_junit_case(&sb, &items[i]);
        strbuf_puts(&sb, "  </testsuite>\n");
    }
    strbuf_puts(&sb, "</testsuites>\n");
    char errbuf[1024];
    int rc = fileio_write(file, strbuf_str(&sb), strlen(strbuf_str(&sb)), errbuf, sizeof errbuf);
    strbuf_cleanup(&sb);
    if (rc) {
        fprintf(stderr, "sfdbg test: --junit: %s\n", errbuf);
        return 2;
    }
    return 0;
}

/* ---- the command ---- */

static int test_load_suites(const test_opts *o, suite *suites)
{
    char err[1024];
    if (o->smoke.workflow) {
        if (!suite_mock_load(&o->smoke, &suites[0], err, sizeof err))
            return 0;
        fprintf(stderr, "sfdbg test: %s\n", err);
        return 2;
    }
    for (size_t i = 0; i < o->nfiles; i++) {
        if (suite_load(o->files[i], &suites[i], err, sizeof err)) {
            fprintf(stderr, "sfdbg test: %s\n", err);
            return 2;
        }
    }
    return 0;
}

static test_item *test_select(const test_opts *o, const suite *suites, size_t *n)
{
    size_t total = 0;
    for (size_t i = 0; i < o->nfiles; i++)
        total += suites[i].ntests;
    test_item *items = calloc(total ? total : 1, sizeof *items);
    *n = 0;
    for (size_t i = 0; items && i < o->nfiles; i++)
        for (size_t j = 0; j < suites[i].ntests; j++)
            if (!o->only || !strcmp(o->only, suites[i].tests[j].name))
                items[(*n)++] = (test_item){&suites[i], &suites[i].tests[j], TESTCHECK_PASS,
                                            NULL, NULL};
    return items;
}

static int test_exit_status(const test_item *items, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (items[i].r == TESTCHECK_BROKEN)
            return 2;
        if (items[i].r == TESTCHECK_FAIL)
            rc = 1;
    }
    return rc;
}

static int test_main(const test_opts *o, suite *suites)
{
    int rc = test_load_suites(o, suites);
    if (rc)
        return rc;
    size_t n;
    test_item *items = test_select(o, suites, &n);
    if (!items)
        return 2;
    if (n == 0) {
        fprintf(stderr, "sfdbg test: no test named '%s'\n", o->only ? o->only : "");
        free(items);
        return 2;
    }
    test_run_all(items, n, o->jobs);
    test_tap(items, n, o->smoke.workflow != NULL);
    rc = test_exit_status(items, n);
    if (o->junit && test_junit(o->junit, items, n))
        rc = 2;
    for (size_t i = 0; i < n; i++)
        free(items[i].why);
    free(items);
    return rc;
}

int cmd_test(int argc, char **argv)
{
    test_opts o;
    int rc = test_parse(argc, argv, &o);
    if (rc == -1) {
        test_usage(stdout);
        return 0;
    }
    if (rc)
        return rc;
    unsetenv("SFN_MOCK_CONFIG");   /* a suite runs the same everywhere: it names its mocks */
    suite *suites = calloc(o.nfiles, sizeof *suites);
    rc = suites ? test_main(&o, suites) : 2;
    for (size_t i = 0; suites && i < o.nfiles; i++)
        suite_free(&suites[i]);
    free(suites);
    return rc;
}
