/* Unit tests: a distributed Map's child executions keep their records within the bound
 * of exec.h (exec_keep.c): the first EXEC_KEEP_CHILDREN children, the first
 * EXEC_KEEP_FAILED failed ones and those marked with exec_keep_frame keep their visits, the
 * rest are dropped when they end; 100,000 Pass children with visits recorded stay within
 * 16 MiB of engine heap over their items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "alloc_count.h"
#include "defload.h"
#include "exec.h"
#include "tap.h"

/* A distributed Map over $.items; processor is its ItemProcessor's StartAt and States. */
static asl_definition *keep_definition(const char *extra, const char *processor)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
             "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
             "\"ExecutionType\":\"EXPRESS\"},%s},%s\"End\":true}}}",
             processor, extra);
    return defload(text);
}

static const char pass_processor[] =
    "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}";

/* Odd items fail: a Choice (its explanation lives in the records arena) then a Fail. */
static const char odd_fails_processor[] =
    "\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.odd\","
    "\"BooleanEquals\":true,\"Next\":\"F\"}],\"Default\":\"P\"},"
    "\"F\":{\"Type\":\"Fail\",\"Error\":\"Odd\",\"Cause\":\"an odd item\"},"
    "\"P\":{\"Type\":\"Pass\",\"End\":true}}";

/* {"items": [{"i": 0, "odd": false}, ...]} */
static jv *keep_input(long n)
{
    jv *items = jv_array();
    for (long k = 0; k < n; k++) {
        jv *it = jv_object_set_take(jv_object(), "i", jv_number((double)k));
        items = jv_array_append_take(items, jv_object_set_take(it, "odd", jv_bool(k % 2)));
    }
    return jv_object_set_take(jv_object(), "items", items);
}

static exec_options keep_options(void)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 5;
    eo.max_payload = 0; /* the results of many children are over 256 KiB */
    return eo;
}

/* The Map's visit (the first one) and whether child i of it was dropped. */
static bool keep_dropped(const sfn_exec *ex, size_t i)
{
    exec_child_info c;
    return exec_visit_child(ex, 0, i, &c) && c.dropped;
}

/* Visits made in child i's frame. */
static size_t keep_child_visits(const sfn_exec *ex, size_t i)
{
    exec_child_info c;
    size_t n = 0;
    if (!exec_visit_child(ex, 0, i, &c))
        return 0;
    for (size_t v = 0; v < exec_visit_count(ex); v++)
        n += exec_visit_at(ex, v)->frame == c.frame;
    return n;
}

static void test_first_and_failed_kept(void)
{
    asl_definition *def = keep_definition("\"ToleratedFailurePercentage\":100,",
                                          odd_fails_processor);
    exec_options eo = keep_options();
    jv *in = keep_input(5000);
    sfn_exec *ex = exec_new(def, in, &eo);
    exec_run(ex, 0);
    tap_is_str(exec_status_name(exec_status_of(ex)), "SUCCEEDED", "5,000 children, half failing, tolerated");
    tap_is_int((long long)exec_visit_failed_children(ex, 0), 2500, "every failure is listed");
    tap_ok(!keep_dropped(ex, 999) && keep_child_visits(ex, 998) == 2,
           "child 998 (among the first 1,000) keeps its visits");
    tap_ok(keep_dropped(ex, 1000) && keep_child_visits(ex, 1000) == 0,
           "child 1,000 (succeeded) is dropped");
    tap_ok(!keep_dropped(ex, 1999) && keep_child_visits(ex, 1999) == 2,
           "child 1,999, the 1,000th failure, keeps its visits");
    tap_ok(keep_dropped(ex, 2001) && keep_child_visits(ex, 2001) == 0,
           "child 2,001, the 1,001st failure, is dropped");
    exec_child_info c;
    tap_ok(exec_visit_child(ex, 0, 4999, &c) && c.status == EXEC_CHILD_FAILED && c.error &&
               !strcmp(c.error, "Odd"),
           "a dropped child keeps its status and error");
    /* the Map's, then 2 a child: the first 1,000 children and 500 later failures */
    tap_is_int((long long)exec_visit_count(ex), 1 + 2000 + 1000, "visits kept");
    const jv *out = exec_output(ex);
    tap_is_int(out ? (long long)jv_array_length(out) : -1, 5000, "every child's result kept");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
}

static void test_marked_kept(void)
{
    asl_definition *def = keep_definition("", pass_processor);
    exec_options eo = keep_options();
    jv *in = keep_input(3000);
    sfn_exec *ex = exec_new(def, in, &eo);
    exec_step_result r = exec_step_into(ex, 0);
    tap_ok(r.kind == EXEC_STEP_ENTERED, "the Map stops at its first child");
    long child;
    exec_frame_info f;
    bool marked = false;
    while ((child = exec_frame_child(ex, 0)) >= 0 && exec_frame_get(ex, child, &f)) {
        if (f.index == 2500)
            marked = exec_keep_frame(ex, child);
        exec_finish_frame(ex, child); /* then the next child is live */
    }
    exec_run(ex, 0);
    tap_is_str(exec_status_name(exec_status_of(ex)), "SUCCEEDED", "3,000 children stepped one by one");
    tap_ok(marked && !keep_dropped(ex, 2500) && keep_child_visits(ex, 2500) == 1,
           "child 2,500, marked while it ran, keeps its visit");
    tap_ok(keep_dropped(ex, 2499) && keep_dropped(ex, 2501), "its neighbours are dropped");
    tap_ok(!exec_keep_frame(ex, 999999), "no frame to mark: false");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
}

/* Children logs inside dropped children go with them: a visit index a dropped child used is
 * made again by a later child, and must not find the dropped child's inner Map's log. */
static void test_inner_logs_dropped(void)
{
    /* after the Map, After1 and After2 take the indices Pair and Inner had in every dropped
     * child */
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
        "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
        "\"ExecutionType\":\"EXPRESS\"},\"StartAt\":\"Pair\",\"States\":{"
        "\"Pair\":{\"Type\":\"Pass\",\"Parameters\":{\"two\":[1,2]},\"Next\":\"Inner\"},"
        "\"Inner\":{\"Type\":\"Map\",\"ItemsPath\":\"$.two\",\"ItemProcessor\":{"
        "\"StartAt\":\"Cell\",\"States\":{\"Cell\":{\"Type\":\"Pass\",\"End\":true}}},"
        "\"Next\":\"Last\"},\"Last\":{\"Type\":\"Pass\",\"End\":true}}},"
        "\"ResultPath\":null,\"Next\":\"After1\"},"
        "\"After1\":{\"Type\":\"Pass\",\"Next\":\"After2\"},"
        "\"After2\":{\"Type\":\"Pass\",\"End\":true}}}");
    exec_options eo = keep_options();
    jv *in = keep_input(1500);
    sfn_exec *ex = exec_new(def, in, &eo);
    exec_run(ex, 0);
    tap_is_str(exec_status_name(exec_status_of(ex)), "SUCCEEDED", "1,500 children with an inline Map each");
    size_t wrong = 0, inner = 0;
    for (size_t v = 1; v < exec_visit_count(ex); v++) {
        bool is_inner = !strcmp(exec_visit_at(ex, v)->state->name, "Inner");
        inner += is_inner;
        wrong += exec_visit_children(ex, v) != (is_inner ? 2u : 0u);
    }
    tap_ok(inner == 1000 && wrong == 0, "1,000 inner Maps kept with 2 children each, no other visit "
           "has a log (%zu inner, %zu wrong)", inner, wrong);
    /* Pair, Inner, Cell, Cell, Last: 5 visits a kept child; After1 and After2 */
    tap_is_int((long long)exec_visit_count(ex), 1 + 5 * 1000 + 2, "the dropped children's visits are gone");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
}

/* Peak engine heap of a run of n Pass children with visits recorded, over what the input
 * and the execution held before it ran; *ok when it succeeded with n results. */
static size_t keep_peak(long n, bool *ok)
{
    alloc_count count = {0, 0, 0, 0};
    engine_allocator a = {alloc_count_hook, NULL, &count};
    const engine_allocator *prev = engine_alloc_enter(&a);
    asl_definition *def = keep_definition("", pass_processor);
    exec_options eo = keep_options();
    eo.max_memory = 16u << 20; /* the records limit holds too */
    jv *in = keep_input(n);
    sfn_exec *ex = exec_new(def, in, &eo);
    size_t before = count.bytes;
    count.peak_bytes = before;
    exec_run(ex, 0);
    const jv *out = exec_output(ex);
    *ok = out && jv_array_length(out) == (size_t)n;
    if (!*ok)
        tap_diag("%s: %s", exec_status_name(exec_status_of(ex)), exec_cause(ex) ? exec_cause(ex) : "");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
    engine_alloc_leave(prev);
    return count.peak_bytes - before;
}

static void test_bounded(void)
{
    bool ok;
    size_t peak = keep_peak(100000, &ok);
    tap_ok(ok && peak < (16u << 20),
           "100,000 Pass children with visits recorded: %.1f MiB of engine heap over their "
           "items (bound 16 MiB)", (double)peak / (1 << 20));
}

int main(void)
{
    test_first_and_failed_kept();
    test_marked_kept();
    test_inner_logs_dropped();
    test_bounded();
    return tap_done();
}
