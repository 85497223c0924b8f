/* Unit tests: a Distributed Map's items streamed from its ItemReader (exec_map_stream.c),
 * over more items than one window (EXEC_MAP_WINDOW, 1,000 child inputs): ItemSelector with
 * $$.Map.Item.Index across windows, ItemBatcher batches across windows, the tolerated
 * percentage computed on the whole item count, a selector failing in a later window, a
 * retry that reads from the first item again, the ResultWriter's records, and the memory a
 * run takes per item. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "alloc_count.h"
#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "objstore.h"
#include "strbuf.h"
#include "tap.h"

/* s3://src/items.jsonl: n lines {"i": k}, with "fail": true where k % 100 == 99 when asked,
 * and no "i" on line hole (-1: none); line hole is not JSON when hole is -(k + 2). */
static objstore *stream_store(int n, bool fails, int hole)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (int k = 0; k < n; k++) {
        if (-(k + 2) == hole)
            strbuf_printf(&sb, "{\"i\":%d,}\n", k);
        else if (k == hole)
            strbuf_printf(&sb, "{\"j\":%d}\n", k);
        else
            strbuf_printf(&sb, "{\"i\":%d%s}\n", k, fails && k % 100 == 99 ? ",\"fail\":true" : "");
    }
    objstore *store = objstore_memory_new(0);
    objstore_error err;
    objstore_memory_add_bucket(store, "src");
    objstore_memory_add_bucket(store, "out");
    if (objstore_put(store, "src", "items.jsonl", sb.buf, sb.len, 0, &err) != OBJSTORE_OK)
        tap_diag("put: %s", err.message);
    strbuf_cleanup(&sb);
    return store;
}

/* A Distributed Map over s3://src/items.jsonl; extra is more of the Map's fields, processor
 * its ItemProcessor's StartAt and States. */
static char *stream_definition(const char *extra, const char *processor)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_printf(&sb,
                  "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\","
                  "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                  "\"ReaderConfig\":{\"InputType\":\"JSONL\"},"
                  "\"Parameters\":{\"Bucket\":\"src\",\"Key\":\"items.jsonl\"}},"
                  "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                  "\"ExecutionType\":\"EXPRESS\"},%s},%s\"End\":true}}}",
                  processor, extra);
    return strbuf_detach(&sb);
}

static const char pass_processor[] = "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}";

typedef struct {
    asl_definition *def;
    objstore *store;
    sfn_exec *ex;
} stream_run;

static exec_options stream_options(objstore *store, const task_resolver *resolver,
                                   bool visits)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 3;
    eo.max_events = 0;
    eo.s3 = store;
    eo.record_visits = visits;
    eo.resolvers = resolver;
    eo.nresolvers = resolver ? 1 : 0;
    return eo;
}

static stream_run stream_start(const char *extra, const char *processor, objstore *store,
                               const task_resolver *resolver)
{
    char *text = stream_definition(extra, processor);
    stream_run r = {defload(text), store, NULL};
    engine_free(text);
    if (!r.def) {
        tap_diag("the test's definition does not load");
        return r;
    }
    exec_options eo = stream_options(store, resolver, true);
    jv *in = jv_object();
    r.ex = exec_new(r.def, in, &eo);
    jv_unref(in);
    exec_run(r.ex, 0);
    return r;
}

static void stream_done(stream_run *r)
{
    exec_free(r->ex);
    asl_definition_free(r->def);
    objstore_free(r->store);
}

static bool stream_succeeded(const stream_run *r)
{
    if (r->ex && exec_status_of(r->ex) == EXEC_SUCCEEDED)
        return true;
    tap_diag("status %s: %s %s", r->ex ? exec_status_name(exec_status_of(r->ex)) : "(none)",
             r->ex && exec_error(r->ex) ? exec_error(r->ex) : "",
             r->ex && exec_cause(r->ex) ? exec_cause(r->ex) : "");
    return false;
}

static double stream_number(const jv *obj, const char *name)
{
    const jv *v = obj && jv_is_object(obj) ? jv_object_get(obj, name) : NULL;
    return v && jv_is_number(v) ? jv_number_value(v) : -1;
}

static size_t stream_count_events(const sfn_exec *ex, exec_event_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < exec_event_count(ex); i++)
        n += exec_event_at(ex, i)->type == type;
    return n;
}

static void test_selector_across_windows(void)
{
    stream_run r = stream_start("\"ItemSelector\":{\"idx.$\":\"$$.Map.Item.Index\","
                                "\"v.$\":\"$$.Map.Item.Value.i\"},",
                                pass_processor, stream_store(2500, false, -1), NULL);
    const jv *out = stream_succeeded(&r) ? exec_output(r.ex) : NULL;
    tap_ok(out && jv_array_length(out) == 2500, "2,500 items, 3 windows: 2,500 results");
    size_t bad = 0;
    for (size_t k = 0; out && k < jv_array_length(out); k++) {
        const jv *e = jv_array_get(out, k);
        bad += stream_number(e, "idx") != (double)k || stream_number(e, "v") != (double)k;
    }
    tap_ok(out && bad == 0, "each result has its item's Index and Value, in order (%zu wrong)",
           bad);
    const exec_visit *v = exec_visit_count(r.ex) ? exec_visit_at(r.ex, 0) : NULL;
    const jv *items = v ? exec_visit_stage(v, EXEC_STAGE_AFTER_ITEMS_PATH) : NULL;
    const jv *selected = v ? exec_visit_stage(v, EXEC_STAGE_AFTER_ITEM_SELECTOR) : NULL;
    tap_ok(items && jv_array_length(items) == 1000 && selected &&
               jv_array_length(selected) == 1000 &&
               stream_number(jv_array_get(selected, 999), "idx") == 999,
           "the stages record the first window: 1,000 items and their selected inputs");
    stream_done(&r);
}

/* $$.Map.Item.Source names the object the items come from, as AWS documents it. */
static void test_selector_source(void)
{
    stream_run r = stream_start("\"ItemSelector\":{\"src.$\":\"$$.Map.Item.Source\"},",
                                pass_processor, stream_store(3, false, -1), NULL);
    const jv *out = stream_succeeded(&r) ? exec_output(r.ex) : NULL;
    const jv *first = out ? jv_object_get(jv_array_get(out, 0), "src") : NULL;
    tap_is_str(first && jv_is_string(first) ? jv_string_value(first) : "(none)",
               "S3://src/items.jsonl", "$$.Map.Item.Source is S3://bucket/key for an object's items");
    stream_done(&r);
}

/* A streamed Map's children are not known in advance: its children log grows as they
 * start, so the picker lists them, and the ones past the bound are marked dropped. */
static void test_children_listed(void)
{
    stream_run r = stream_start("", pass_processor, stream_store(2500, false, -1), NULL);
    bool ok = stream_succeeded(&r);
    exec_child_info c10, c1500;
    tap_is_int(ok ? (long long)exec_visit_children(r.ex, 0) : -1, 2500,
               "a streamed Map of 2,500 items logs 2,500 children");
    tap_ok(ok && exec_visit_child(r.ex, 0, 10, &c10) && c10.status == EXEC_CHILD_SUCCEEDED &&
               !c10.dropped && exec_visit_child(r.ex, 0, 1500, &c1500) &&
               c1500.status == EXEC_CHILD_SUCCEEDED && c1500.dropped,
           "child 10 keeps its visits, child 1,500 (past the first 1,000) is dropped");
    stream_done(&r);
}

static void test_batches_across_windows(void)
{
    stream_run r = stream_start(
        "\"ItemBatcher\":{\"MaxItemsPerBatch\":2,\"BatchInput\":{\"b\":1}},",
        "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{"
        "\"n.$\":\"States.ArrayLength($.Items)\",\"first.$\":\"$.Items[0].i\","
        "\"b.$\":\"$.BatchInput.b\"},\"End\":true}}",
        stream_store(2501, false, -1), NULL);
    const jv *out = stream_succeeded(&r) ? exec_output(r.ex) : NULL;
    tap_ok(out && jv_array_length(out) == 1251, "2,501 items in batches of 2: 1,251 batches");
    size_t bad = 0;
    for (size_t k = 0; out && k < jv_array_length(out); k++) {
        const jv *e = jv_array_get(out, k);
        bad += stream_number(e, "first") != (double)(2 * k) ||
               stream_number(e, "n") != (k == 1250 ? 1 : 2) || stream_number(e, "b") != 1;
    }
    tap_ok(out && bad == 0, "every batch has its two items, the last one, and BatchInput "
           "(%zu wrong)", bad);
    stream_done(&r);
}

static const char choice_processor[] =
    "\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
    "\"$.fail\",\"IsPresent\":true,\"Next\":\"F\"}],\"Default\":\"P\"},"
    "\"F\":{\"Type\":\"Fail\",\"Error\":\"Item.Bad\",\"Cause\":\"bad item\"},"
    "\"P\":{\"Type\":\"Pass\",\"End\":true}}";

static void test_tolerance_on_the_total(void)
{
    /* 25 of 2,500 items fail: 1% tolerates 25, 0.96% only 24 (a window's count would give
     * 10 and 9) */
    stream_run r = stream_start("\"ToleratedFailurePercentage\":1,", choice_processor,
                                stream_store(2500, true, -1), NULL);
    const jv *out = stream_succeeded(&r) ? exec_output(r.ex) : NULL;
    tap_ok(out && jv_array_length(out) == 2500 && jv_is_null(jv_array_get(out, 99)) &&
               jv_is_null(jv_array_get(out, 2499)),
           "1%% of 2,500 tolerates the 25 failures (null results)");
    stream_done(&r);
    r = stream_start("\"ToleratedFailurePercentage\":0.96,", choice_processor,
                     stream_store(2500, true, -1), NULL);
    tap_ok(r.ex && exec_status_of(r.ex) == EXEC_FAILED && exec_error(r.ex) &&
               !strcmp(exec_error(r.ex), "States.ExceedToleratedFailureThreshold"),
           "0.96%% of 2,500 tolerates 24: the 25th failure fails the run");
    stream_done(&r);
}

static void test_selector_fails_later(void)
{
    stream_run r = stream_start("\"ItemSelector\":{\"v.$\":\"$$.Map.Item.Value.i\"},",
                                pass_processor, stream_store(2500, false, 1500), NULL);
    const char *cause = r.ex ? exec_cause(r.ex) : NULL;
    tap_ok(r.ex && exec_status_of(r.ex) == EXEC_FAILED && exec_error(r.ex) &&
               !strcmp(exec_error(r.ex), "States.Runtime") && cause &&
               strstr(cause, "$$.Map.Item.Value.i"),
           "an ItemSelector failing on item 1,500 fails the state with States.Runtime");
    tap_ok(r.ex && stream_count_events(r.ex, EV_MAP_RUN_FAILED) == 1,
           "after the run started: MapRunFailed");
    stream_done(&r);
    r = stream_start("\"ItemSelector\":{\"v.$\":\"$$.Map.Item.Value.i\"},", pass_processor,
                     stream_store(2500, false, 10), NULL);
    tap_ok(r.ex && exec_status_of(r.ex) == EXEC_FAILED && exec_error(r.ex) &&
               !strcmp(exec_error(r.ex), "States.Runtime") &&
               stream_count_events(r.ex, EV_MAP_RUN_STARTED) == 0,
           "failing on item 10 (the first window) fails the state before its run starts");
    stream_done(&r);
}

static void test_reader_fails_later(void)
{
    /* line 2,601 is not JSON: the counting pass finds it before any child runs */
    stream_run r = stream_start("", pass_processor, stream_store(3000, false, -(2600 + 2)), NULL);
    const char *cause = r.ex ? exec_cause(r.ex) : NULL;
    tap_ok(r.ex && exec_status_of(r.ex) == EXEC_FAILED && exec_error(r.ex) &&
               !strcmp(exec_error(r.ex), "States.ItemReaderFailed") && cause &&
               !strncmp(cause, "Line 2601 of the JSONL file is not valid JSON", 45),
           "a bad line in the third window: States.ItemReaderFailed naming it (%s)",
           cause ? cause : "(none)");
    tap_ok(r.ex && stream_count_events(r.ex, EV_MAP_RUN_STARTED) == 0,
           "  before the run starts: no child ran");
    stream_done(&r);
}

/* Answers each Task with {"i": its input's i}, failing the 1,501st call. */
typedef struct {
    long calls;
} stream_resolver;

static task_answer_kind stream_resolve(void *user, const task_call *call, task_answer *out)
{
    stream_resolver *sr = user;
    if (sr->calls++ == 1500) {
        asl_error_set(&out->error, "Boom", "the 1,501st call fails");
        return out->kind = TASK_ERROR;
    }
    out->result = jv_object_set_take(jv_object(), "i",
                                     jv_number(stream_number(call->input, "i")));
    return out->kind = TASK_RESULT;
}

static void test_retry_reads_again(void)
{
    stream_resolver sr = {0};
    task_resolver res = {"test", stream_resolve, &sr};
    stream_run r = stream_start(
        "\"Retry\":[{\"ErrorEquals\":[\"States.ExceedToleratedFailureThreshold\"],"
        "\"MaxAttempts\":1,\"IntervalSeconds\":1}],",
        "\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:lambda:us-east-1:123456789012:function:F\",\"End\":true}}",
        stream_store(2500, false, -1), &res);
    const jv *out = stream_succeeded(&r) ? exec_output(r.ex) : NULL;
    size_t bad = 0;
    for (size_t k = 0; out && k < jv_array_length(out); k++)
        bad += stream_number(jv_array_get(out, k), "i") != (double)k;
    tap_ok(out && jv_array_length(out) == 2500 && bad == 0,
           "a retry after item 1,500 failed runs every item again from the first (%zu wrong)",
           bad);
    tap_ok(sr.calls == 1501 + 2500, "1,501 calls, then 2,500 (%ld)", sr.calls);
    tap_ok(r.ex && stream_count_events(r.ex, EV_MAP_RUN_STARTED) == 2, "two Map Runs");
    stream_done(&r);
}

/* The object at the one key of bucket under prefix that ends with suffix, or NULL. */
static char *stream_result_file(objstore *store, const char *suffix)
{
    objstore_list_query q = {"out", "res/", NULL, OBJSTORE_LIST_MAX};
    objstore_list_page page = {0};
    objstore_error err;
    char *data = NULL;
    size_t len;
    if (objstore_list(store, &q, &page, &err) == OBJSTORE_OK)
        for (size_t i = 0; i < page.count && !data; i++) {
            const char *k = page.entries[i].key;
            size_t kl = strlen(k), sl = strlen(suffix);
            if (kl >= sl && !strcmp(k + kl - sl, suffix))
                objstore_read_all(store, "out", k, SIZE_MAX, &data, &len, NULL, &err);
        }
    objstore_list_page_cleanup(&page);
    return data;
}

static void test_writer_records(void)
{
    objstore *store = stream_store(2500, false, -1);
    stream_run r = stream_start(
        "\"ItemSelector\":{\"v.$\":\"$$.Map.Item.Value.i\"},"
        "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\","
        "\"Parameters\":{\"Bucket\":\"out\",\"Prefix\":\"res\"},"
        "\"WriterConfig\":{\"OutputType\":\"JSONL\",\"Transformation\":\"NONE\"}},",
        pass_processor, store, NULL);
    bool ok = stream_succeeded(&r);
    char *file = ok ? stream_result_file(store, "/SUCCEEDED_0.json") : NULL;
    size_t lines = 0;
    const char *line1700 = NULL;
    for (const char *p = file; p && *p; lines++) {
        if (lines == 1700)
            line1700 = p;
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    tap_ok(lines == 2500, "the SUCCEEDED file has 2,500 records (%zu)", lines);
    jv *rec = NULL;
    if (line1700) {
        const char *end = strchr(line1700, '\n');
        rec = jv_parse(line1700, end ? (size_t)(end - line1700) : strlen(line1700), 0, NULL);
    }
    const jv *input = rec ? jv_object_get(rec, "Input") : NULL;
    tap_ok(input && jv_is_string(input) && !strcmp(jv_string_value(input), "{\"v\":1700}"),
           "record 1,700 has its child's input, after ItemSelector: %s",
           input && jv_is_string(input) ? jv_string_value(input) : "(none)");
    jv_unref(rec);
    engine_free(file);
    stream_done(&r);
}

/* Peak bytes the engine holds running n items through a ResultWriter, the store's objects
 * excluded (it holds the input file and the results it is given). */
static size_t stream_peak(int n, bool *ok)
{
    objstore *store = stream_store(n, false, -1);
    alloc_count count = {0, 0, 0, 0};
    engine_allocator a = {alloc_count_hook, NULL, &count};
    const engine_allocator *prev = engine_alloc_enter(&a);
    char *text = stream_definition(
        "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\","
        "\"Parameters\":{\"Bucket\":\"out\",\"Prefix\":\"res\"},"
        "\"WriterConfig\":{\"OutputType\":\"JSONL\",\"Transformation\":\"COMPACT\"}},",
        pass_processor);
    asl_definition *def = defload(text);
    engine_free(text);
    exec_options eo = stream_options(store, NULL, false);
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, &eo);
    exec_run(ex, 0);
    *ok = exec_status_of(ex) == EXEC_SUCCEEDED;
    if (!*ok)
        tap_diag("the run of %d items did not succeed", n);
    size_t results = 0;
    char *file = stream_result_file(store, "/SUCCEEDED_0.json");
    results = file ? strlen(file) : 0;
    engine_free(file);
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
    engine_alloc_leave(prev);
    objstore_free(store);
    return count.peak_bytes > results ? count.peak_bytes - results : 0;
}

static void test_records_limit(void)
{
    /* 20,000 child executions under a 1 MiB records limit: the ended children's frames are
     * freed, and only their 8-byte slots stay counted */
    objstore *store = stream_store(20000, false, -1);
    char *text = stream_definition("\"ResultSelector\":{\"n.$\":\"States.ArrayLength($)\"},",
                                   pass_processor);
    asl_definition *def = defload(text);
    engine_free(text);
    exec_options eo = stream_options(store, NULL, false);
    eo.max_memory = 1 << 20;
    jv *in = jv_object();
    sfn_exec *ex = def ? exec_new(def, in, &eo) : NULL;
    if (ex)
        exec_run(ex, 0);
    const jv *out = ex && exec_status_of(ex) == EXEC_SUCCEEDED ? exec_output(ex) : NULL;
    tap_ok(out && jv_number_value(jv_object_get(out, "n")) == 20000,
           "20,000 child executions run within a 1 MiB records limit (%s %s)",
           ex ? exec_status_name(exec_status_of(ex)) : "(none)",
           ex && exec_cause(ex) ? exec_cause(ex) : "");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
    objstore_free(store);
}

static void test_memory_per_item(void)
{
    bool ok_small, ok_large;
    size_t small = stream_peak(5000, &ok_small), large = stream_peak(45000, &ok_large);
    double per_item = ((double)large - (double)small) / 40000.0;
    tap_ok(ok_small && ok_large && per_item < 100, "a streamed run holds under 100 bytes per item, its results "
           "excluded (%.1f bytes; 5,000 items: %zu bytes, 45,000: %zu)", per_item, small,
           large);
}

int main(void)
{
    test_selector_across_windows();
    test_selector_source();
    test_children_listed();
    test_batches_across_windows();
    test_tolerance_on_the_total();
    test_selector_fails_later();
    test_reader_fails_later();
    test_retry_reads_again();
    test_writer_records();
    test_records_limit();
    test_memory_per_item();
    return tap_done();
}
