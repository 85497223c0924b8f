/* Unit tests: the memory bound on what an execution records (exec_options.max_memory),
 * and jv_unshared_bytes, which counts only what a record alone keeps alive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition.h"
#include "exec.h"
#include "jv_text.h"
#include "defload.h"
#include "tap.h"

/* Loops for ever: Loop -> Loop. */
static const char memory_choice_loop[] =
    "{\"StartAt\":\"Loop\",\"States\":{\"Loop\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
    "\"$.stop\",\"BooleanEquals\":true,\"Next\":\"Done\"}],\"Default\":\"Loop\"},"
    "\"Done\":{\"Type\":\"Succeed\"}}}";

/* Loops for ever, building a fresh 1,000-element array on every visit. */
static const char memory_fresh_loop[] =
    "{\"StartAt\":\"Grow\",\"States\":{\"Grow\":{\"Type\":\"Pass\",\"Parameters\":{"
    "\"a.$\":\"States.ArrayRange(1, 1000, 1)\"},\"Next\":\"Again\"},"
    "\"Again\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.stop\",\"IsPresent\":true,"
    "\"Next\":\"Done\"}],\"Default\":\"Grow\"},\"Done\":{\"Type\":\"Succeed\"}}}";

typedef struct {
    asl_definition *def;
    sfn_exec *ex;
    long steps;
} memory_run_result;

/* Runs def_text on input with no event limit and the given memory limit (and a step cap,
 * so a broken limit fails the test instead of eating the machine). */
static memory_run_result memory_run(const char *def_text, const char *input,
                                    size_t max_memory, bool history)
{
    memory_run_result r = {defload(def_text), NULL, 0};
    if (!r.def)
        tap_diag("the test's definition does not load");
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.max_events = 0;
    eo.max_memory = max_memory;
    eo.record_history = history;
    jv *in = jv_parse_cstr(input, NULL);
    r.ex = exec_new(r.def, in, &eo);
    jv_unref(in);
    while (exec_status_of(r.ex) == EXEC_RUNNING && r.steps < 2000000) {
        exec_step(r.ex);
        r.steps++;
    }
    return r;
}

static void memory_done(memory_run_result *r)
{
    exec_free(r->ex);
    asl_definition_free(r->def);
}

static void test_default(void)
{
    exec_options eo;
    exec_options_init(&eo);
    tap_is_int((long long)eo.max_memory, 1LL << 30, "the default memory limit is 1 GiB");
}

static void test_choice_loop(bool history)
{
    memory_run_result r = memory_run(memory_choice_loop, "{\"stop\":false}", 1 << 20, history);
    sfn_exec *ex = r.ex;
    long steps = r.steps;
    tap_is_str(exec_status_name(exec_status_of(ex)), "FAILED",
               "a Choice loop with --max-events 0 ends (history %s)", history ? "on" : "off");
    tap_is_str(exec_error(ex), "States.Runtime", "with States.Runtime");
    const char *cause = exec_cause(ex) ? exec_cause(ex) : "";
    tap_ok(strstr(cause, "memory limit of 1048576 bytes") && strstr(cause, "--max-memory"),
           "the cause names the limit and how to raise it: %s", cause);
    /* a visit (and events) take some hundred bytes: 1 MiB is thousands of steps, not more */
    tap_ok(steps > 1000 && steps < 20000, "it stops near the limit (%ld steps)", steps);
    if (history) {
        const exec_event *last = exec_event_at(ex, exec_event_count(ex) - 1);
        char name[64];
        tap_is_str(last ? exec_event_name(last, name, sizeof name) : "", "ExecutionFailed",
                   "the history ends with ExecutionFailed");
    }
    memory_done(&r);
}

/* Fresh values count: a loop that builds 1,000-element arrays (some 40 KB each) stops
 * after about a hundred of them, where the Choice loop takes some 30,000 steps. */
static void test_fresh_values(void)
{
    memory_run_result r = memory_run(memory_fresh_loop, "{}", 4 << 20, false);
    sfn_exec *ex = r.ex;
    long steps = r.steps;
    tap_is_str(exec_cause(ex) && strstr(exec_cause(ex), "memory limit") ? "memory" : "?",
               "memory", "a loop that builds new values hits the limit");
    tap_ok(steps > 20 && steps < 1000, "after about a hundred of them (%ld steps)", steps);
    tap_diag("ended: %s", exec_cause(ex) ? exec_cause(ex) : "-");
    memory_done(&r);
}

/* Shared values do not: a big input passed along unchanged is kept once. */
static void test_shared_values(void)
{
    size_t n = 200000;
    char *input = malloc(n + 32);
    snprintf(input, n + 32, "{\"stop\":false,\"big\":\"%0*d\"}", (int)n, 0);
    memory_run_result r = memory_run(memory_choice_loop, input, 4 << 20, true);
    free(input);
    long steps = r.steps;
    /* counted per visit, the input would stop the loop after some 20 steps; the records'
     * own structs (about 510 bytes a step, the Choice's explanation included) allow some
     * 8,000 */
    tap_ok(steps > 7000, "a 200 KB input shared by every visit is not counted per visit "
           "(%ld steps in 4 MiB)", steps);
    tap_diag("ended: %s", exec_cause(r.ex) ? exec_cause(r.ex) : "-");
    memory_done(&r);
}

static void test_unshared_bytes(void)
{
    jv *s = jv_string("0123456789");
    jv *arr = jv_array_append_take(jv_array(), jv_ref(s));
    size_t alone = jv_unshared_bytes(s);
    tap_ok(alone == 0, "a string held twice (here and in the array) is shared: 0");
    size_t with_shared = jv_unshared_bytes(arr);
    jv_unref(s);
    size_t with_own = jv_unshared_bytes(arr);
    tap_ok(with_shared > 0 && with_own >= with_shared + 11,
           "once only the array holds it, the string counts (%zu -> %zu)", with_shared, with_own);
    jv *held = jv_ref(arr);
    tap_is_int((long long)jv_unshared_bytes(arr), 0, "an array someone else holds counts 0");
    jv_unref(held);
    tap_is_int((long long)jv_unshared_bytes(jv_null()), 0, "immortal null counts 0");
    jv_unref(arr);
}

int main(void)
{
    test_default();
    test_unshared_bytes();
    test_choice_loop(false);
    test_choice_loop(true);
    test_fresh_values();
    test_shared_values();
    return tap_done();
}
