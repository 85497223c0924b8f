/*
 * bench_engine — the engine's figures for `make bench` (printed, never asserted):
 *  - validation + loading of a generated 500-state definition;
 *  - transitions per second through a generated chain of 10,000 Pass and Choice states,
 *    with and without history and data-flow recording, and their ratio (CPU time, one
 *    execution of each in turn), first with the executions' records in a record pool kept
 *    across them (as `sfdbg test` keeps one), then with each execution's records in fresh
 *    memory, last (after every other figure) with malloc keeping freed memory for the next
 *    and no pool; a 100-state
 *    chain's cost per state with a 1 MB payload against a small one, recorded
 *    (`bench_engine chain` runs only these);
 *  - parsing a generated 1 MB JSON document (records of strings, numbers, escapes);
 *  - an inline Map of 100,000 Pass iterations, one of 20,000 Task iterations answered
 *    in-process, and one of 100,000 JSONata Pass iterations (an Output expression), with
 *    history and data-flow recording (time, the records' memory per item);
 *  - peak memory (max RSS).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>

#include "definition.h"
#include "exec.h"
#include "record_pool.h"
#include "jv_text.h"
#include "strbuf.h"
#include "bench_clock.h"

/* A chain S0 -> S1 -> ... alternating Pass and Choice states. */
static char *bench_chain(int n)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"Comment\":\"generated chain\",\"StartAt\":\"S0\",\"States\":{");
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        bool last = i == n - 1;
        if (i % 2 == 0) {
            strbuf_printf(&sb, "\"S%d\":{\"Type\":\"Pass\",\"Comment\":\"step %d\",", i, i);
            if (last)
                strbuf_puts(&sb, "\"End\":true}");
            else
                strbuf_printf(&sb, "\"Next\":\"S%d\"}", i + 1);
        } else if (last) {
            strbuf_printf(&sb, "\"S%d\":{\"Type\":\"Succeed\"}", i);
        } else {
            strbuf_printf(&sb,
                          "\"S%d\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\","
                          "\"NumericGreaterThan\":100,\"Next\":\"S%d\"}],\"Default\":\"S%d\"}",
                          i, i + 1, i + 1);
        }
    }
    strbuf_puts(&sb, "}}");
    return strbuf_detach(&sb);
}

static void bench_validation(void)
{
    char *text = bench_chain(500);
    size_t len = strlen(text);
    int runs = 0;
    double start = bench_now(), elapsed;
    do {
        asl_diags diags;
        asl_diags_init(&diags);
        asl_validate_options vo = {.express = false};
        asl_definition *d = asl_definition_load(text, len, &vo, &diags);
        if (!d) {
            fprintf(stderr, "bench: the generated definition did not load\n");
            exit(1);
        }
        asl_definition_free(d);
        asl_diags_cleanup(&diags);
        runs++;
        elapsed = bench_now() - start;
    } while (elapsed < 1.0);
    printf("validate+load 500-state definition: %.3f ms (%d runs, %zu bytes)\n",
           elapsed * 1000 / runs, runs, len);
    free(text);
}

/* About 1 MB of records mixing short and long strings, escapes, numbers and nesting. */
static char *bench_document(void)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_putc(&sb, '[');
    for (int i = 0; sb.len < 1000000; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        strbuf_printf(&sb,
                      "{\"id\":\"rec-%d\",\"n\":%d,\"price\":%d.25,\"ok\":%s,\"tags\":[\"a\",\"b\\n\","
                      "\"caf\\u00e9\"],\"note\":\"a longer string of text, about sixty bytes in "
                      "all\",\"nested\":{\"x\":null,\"y\":[1,2,3]}}",
                      i, i, i, i % 2 ? "true" : "false");
    }
    strbuf_putc(&sb, ']');
    return strbuf_detach(&sb);
}

static void bench_parse(void)
{
    char *text = bench_document();
    size_t len = strlen(text);
    int runs = 0;
    double start = bench_now(), elapsed;
    do {
        jv_parse_error err;
        jv *v = jv_parse(text, len, 0, &err);
        if (!v) {
            fprintf(stderr, "bench: the generated document did not parse: %s\n", err.message);
            exit(1);
        }
        jv_unref(v);
        runs++;
        elapsed = bench_now() - start;
    } while (elapsed < 1.0);
    printf("parse 1 MB JSON document: %.2f ms (%d runs, %zu bytes)\n", elapsed * 1000 / runs, runs,
           len);
    free(text);
}

/* CPU seconds a run took: all of it (exec_new to exec_free), and its steps alone; and the
 * page faults it took (minor ones: memory the kernel had to hand it). */
typedef struct {
    double whole, steps;
    long faults;
} bench_cpu;

static long bench_minor_faults(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

/* One execution of def on input to its end, its CPU time added to *cpu; returns its
 * transitions. max_payload 0: the default limit; pool NULL: none. */
static long bench_run_chain(const asl_definition *def, const jv *input, bool record,
                            size_t max_payload, record_pool *pool, bench_cpu *cpu)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.start_time_ms = 1704067200000LL;
    eo.has_seed = true;
    eo.seed = 7;
    eo.record_history = record;
    eo.record_visits = record;
    eo.max_events = 0;
    eo.record_pool = pool;
    if (max_payload)
        eo.max_payload = max_payload;
    long transitions = 0, faults = bench_minor_faults();
    double start = bench_cpu_now();
    sfn_exec *ex = exec_new(def, input, &eo);
    double steps = bench_cpu_now();
    while (exec_status_of(ex) == EXEC_RUNNING) {
        exec_step(ex);
        transitions++;
    }
    cpu->steps += bench_cpu_now() - steps;
    if (exec_status_of(ex) != EXEC_SUCCEEDED) {
        fprintf(stderr, "bench: chain execution %s: %s\n", exec_status_name(exec_status_of(ex)),
                exec_cause(ex) ? exec_cause(ex) : "");
        exit(1);
    }
    exec_free(ex);
    cpu->whole += bench_cpu_now() - start;
    cpu->faults += bench_minor_faults() - faults;
    return transitions;
}

/* The chain without and with the records, one execution of each in turn so that the
 * machine's load falls on both alike; CPU time. memory names where the records' memory comes
 * from in this run (see main); both kinds of run borrow from the pool when there is one. */
#define BENCH_CHAIN_BLOCK 10

static void bench_transitions(const asl_definition *def, const char *memory, record_pool *pool)
{
    jv *input = jv_parse_cstr("{\"n\":1,\"order\":{\"id\":\"o-1\",\"items\":[1,2,3]}}", NULL);
    long bare_n = 0, rec_n = 0;
    bench_cpu bare_s = {0, 0, 0}, rec_s = {0, 0, 0};
    while (bare_s.whole + rec_s.whole < 3.0) {
        for (int i = 0; i < BENCH_CHAIN_BLOCK; i++)
            bare_n += bench_run_chain(def, input, false, 0, pool, &bare_s);
        for (int i = 0; i < BENCH_CHAIN_BLOCK; i++)
            rec_n += bench_run_chain(def, input, true, 0, pool, &rec_s);
    }
    double bare = bare_n / bare_s.whole, rec = rec_n / rec_s.whole;
    printf("transitions/s, 10,000-state Pass/Choice chain, %s, no history: %.0f (CPU time)\n",
           memory, bare);
    printf("transitions/s, 10,000-state Pass/Choice chain, %s, history + data-flow record: "
           "%.0f (CPU time)\n", memory, rec);
    printf("recording vs bare, 10,000-state chain, %s: %.0f%% of the bare speed "
           "(target >= 50%%; page faults per execution: %ld recorded, %ld bare)\n", memory,
           100.0 * rec / bare, rec_s.faults * 10000 / rec_n, bare_s.faults * 10000 / bare_n);
    jv_unref(input);
}

/* A 100-state Pass/Choice chain with history and data-flow records, its input about 1 MB
 * (bench_document's records under "records", beside the "n" the Choices test) against a
 * small one: CPU time per state, of the steps alone (exec_new's fixed cost, the same for
 * both, would hide what a state costs), the best of the rounds. Each 1 MB run gets a freshly parsed copy (parsing
 * not timed), so that nothing a run learns about the document (its remembered sizes) helps
 * the next; the limit is raised to 2 MiB so that the size check runs on every state. */
#define BENCH_PAYLOAD_ROUNDS 60
#define BENCH_PAYLOAD_LIMIT ((size_t)2 << 20)   /* 2 MiB: over the 1 MB document */

/* The best of several: a loaded machine only ever adds time to a run. */
static double bench_min(double a, double b) { return a < b ? a : b; }

static void bench_large_payload(const asl_definition *def)
{
    char *records = bench_document();
    size_t len = strlen(records) + 64;
    char *text = malloc(len);
    snprintf(text, len, "{\"n\":1,\"records\":%s}", records);
    free(records);
    jv *small = jv_parse_cstr("{\"n\":1,\"order\":{\"id\":\"o-1\",\"items\":[1,2,3]}}", NULL);
    long states = 0;
    double small_best = 1e9, large_best = 1e9, small_whole = 1e9, large_whole = 1e9;
    for (int round = 0; round < BENCH_PAYLOAD_ROUNDS; round++) {
        jv_parse_error err;
        jv *large = jv_parse(text, strlen(text), 0, &err);
        bench_cpu warm_up = {0, 0, 0}, small_s = {0, 0, 0}, large_s = {0, 0, 0};
        /* each timed run follows a chain's run, none the parse */
        bench_run_chain(def, small, true, BENCH_PAYLOAD_LIMIT, NULL, &warm_up);
        states = bench_run_chain(def, large, true, BENCH_PAYLOAD_LIMIT, NULL, &large_s);
        bench_run_chain(def, small, true, BENCH_PAYLOAD_LIMIT, NULL, &small_s);
        jv_unref(large);
        small_best = bench_min(small_best, small_s.steps);
        large_best = bench_min(large_best, large_s.steps);
        small_whole = bench_min(small_whole, small_s.whole);
        large_whole = bench_min(large_whole, large_s.whole);
    }
    double small_us = small_best * 1e6 / states, large_us = large_best * 1e6 / states;
    printf("per state, 100-state chain, history + data-flow record: small payload %.3f us, "
           "1 MB payload %.3f us (CPU time of the steps, best of %d)\n", small_us, large_us,
           BENCH_PAYLOAD_ROUNDS);
    printf("1 MB vs small payload per state: %.2fx (target ~1x); a whole execution (exec_new to "
           "exec_free): %.3f ms vs %.3f ms\n", large_us / small_us, large_whole * 1e3,
           small_whole * 1e3);
    jv_unref(small);
    free(text);
}

/* Bytes malloc has handed out and not had back (glibc). */
static size_t bench_heap_in_use(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd; /* small blocks and mmapped ones */
}

/* A task answered at once with its input, as a mock would. */
static task_answer_kind bench_echo(void *user, const task_call *call, task_answer *out)
{
    out->kind = TASK_RESULT;
    out->result = jv_ref(call->input);
    return out->kind;
}

/* An inline Map of n iterations of the state given, history and data-flow recorded: time,
 * and the records' memory per item (the heap the execution holds at its end, over n). */
static void bench_map(int n, const char *iteration_state, const char *label)
{
    char def_text[512];
    snprintf(def_text, sizeof def_text,
             "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{"
             "\"StartAt\":\"P\",\"States\":{\"P\":%s}},\"End\":true}}}", iteration_state);
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = false};
    asl_definition *def = asl_definition_load(def_text, strlen(def_text), &vo, &diags);
    asl_diags_cleanup(&diags);
    jv *items = jv_array();
    for (int i = 0; i < n; i++)
        items = jv_array_append_take(items, jv_number(i));
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 7;
    eo.max_events = 0;
    eo.max_payload = 0;
    task_resolver echo = {"echo", bench_echo, NULL};
    eo.resolvers = &echo;
    eo.nresolvers = 1;
    size_t before = bench_heap_in_use();
    double start = bench_now();
    sfn_exec *ex = exec_new(def, items, &eo);
    exec_run(ex, 0);
    double elapsed = bench_now() - start;
    double grown = (double)(bench_heap_in_use() - before);
    printf("inline Map of %d %s iterations, history + data-flow record: %.2f s, %s, "
           "%zu events, %zu visits, ~%.0f bytes per item\n",
           n, label, elapsed, exec_status_name(exec_status_of(ex)), exec_event_count(ex),
           exec_visit_count(ex), grown / n);
    exec_free(ex);
    jv_unref(items);
    asl_definition_free(def);
}

/* Loads a generated chain of n states; exits when it does not load. */
static asl_definition *bench_load_chain(int n)
{
    char *text = bench_chain(n);
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = false};
    asl_definition *def = asl_definition_load(text, strlen(text), &vo, &diags);
    asl_diags_cleanup(&diags);
    free(text);
    if (!def) {
        fprintf(stderr, "bench: the %d-state chain did not load\n", n);
        exit(1);
    }
    return def;
}

/* The 10,000-state chain with and without the records under malloc's default settings, before
 * any other figure: first with a record pool that the executions borrow their records' memory
 * from and give it back to, as a caller that runs many executions keeps one; then without,
 * where glibc gives most of each execution's ~2.3 MB of records back to the system when it
 * is freed, so that the next execution takes page faults for them again (the line says how
 * many), as one execution in a new process does; and the 1 MB payload. */
static void bench_recording_fresh(void)
{
    asl_definition *def = bench_load_chain(10000);
    record_pool *pool = record_pool_new(NULL, 0);
    bench_transitions(def, "malloc's defaults, a record pool", pool);
    record_pool_free(pool);
    bench_transitions(def, "malloc's defaults, no record pool", NULL);
    asl_definition_free(def);
    def = bench_load_chain(100);
    bench_large_payload(def);
    asl_definition_free(def);
}

/* The same chain with malloc keeping what it is given back (mallopt: no trimming, no
 * mmap), so that each execution reuses the memory of the one before: the engine's own
 * cost, without the kernel's page faults. Last: the setting stays for the process. */
static void bench_recording_kept(void)
{
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    asl_definition *def = bench_load_chain(10000);
    bench_transitions(def, "malloc keeping freed memory, no record pool", NULL);
    asl_definition_free(def);
}

/* `bench_engine chain` runs only the recording figures (for perf and callgrind). */
int main(int argc, char **argv)
{
    bench_recording_fresh(); /* first: before the Maps raise malloc's thresholds */
    if (argc > 1 && strcmp(argv[1], "chain") == 0) {
        bench_recording_kept();
        return 0;
    }
    bench_map(100000, "{\"Type\":\"Pass\",\"End\":true}", "Pass");
    bench_map(20000,
              "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}",
              "answered Task");
    bench_map(100000,
              "{\"Type\":\"Pass\",\"QueryLanguage\":\"JSONata\",\"Output\":"
              "\"{% $states.input * 2 %}\",\"End\":true}",
              "JSONata Pass (an Output expression)");
    bench_validation();
    bench_parse();
    bench_recording_kept();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory (max RSS): %.1f MiB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
