/* Unit tests: engine/resultwriter — the files and manifest an export writes under each
 * Transformation and OutputType, file names and splitting, chunked puts, the Map state's
 * result, the preview without a bucket, the errors, the options from a ResultWriter, and
 * 1,000,000 results streamed with a bounded number of live bytes (the peak is printed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "resultwriter.h"
#include "alloc_count.h"
#include "tap.h"

#define ARN                                                                                        \
    "arn:aws:states:us-east-1:111111111111:mapRun:sm/TestMap:0b5c4d7e-1111-2222-3333-444455556666"
#define UUID "0b5c4d7e-1111-2222-3333-444455556666"

/* ---- a store that keeps what it is given, checking the chunks' order ---- */

typedef struct {
    char keys[16][160];
    char *bodies[16];
    size_t lens[16];
    bool complete[16];
    int nobjects;
    int puts;
    size_t largest_chunk;
    bool out_of_order;
    int fail_at; /* the put number that fails; -1 none */
} fake_store;

static int store_put(void *user, const resultwriter_chunk *c, asl_error *err)
{
    fake_store *s = user;
    if (s->puts++ == s->fail_at) {
        asl_error_set(err, "S3.NoSuchBucket", "The specified bucket does not exist");
        return -1;
    }
    if (c->len > s->largest_chunk && !strstr(c->key, "manifest.json"))
        s->largest_chunk = c->len;
    int i = 0;
    while (i < s->nobjects && strcmp(s->keys[i], c->key) != 0)
        i++;
    if (i == s->nobjects) {
        if (i == 16)
            return -1;
        snprintf(s->keys[i], sizeof s->keys[i], "%s", c->key);
        s->nobjects++;
    }
    if (c->offset != s->lens[i] || s->complete[i])
        s->out_of_order = true;
    s->bodies[i] = realloc(s->bodies[i], s->lens[i] + c->len + 1);
    memcpy(s->bodies[i] + s->lens[i], c->data, c->len);
    s->lens[i] += c->len;
    s->bodies[i][s->lens[i]] = '\0';
    s->complete[i] = c->last;
    return 0;
}

static const char *store_get(const fake_store *s, const char *key)
{
    for (int i = 0; i < s->nobjects; i++)
        if (strcmp(s->keys[i], key) == 0)
            return s->complete[i] ? s->bodies[i] : "(incomplete)";
    return "(absent)";
}

static void store_free(fake_store *s)
{
    for (int i = 0; i < s->nobjects; i++)
        free(s->bodies[i]);
}

/* ---- results ---- */

static resultwriter_result succeeded(const char *name, const jv *input, const jv *output)
{
    resultwriter_result r = {RESULTWRITER_SUCCEEDED,
                             "arn:aws:states:us-east-1:111111111111:execution:sm/TestMap:x",
                             name,
                             "arn:aws:states:us-east-1:111111111111:stateMachine:sm/TestMap",
                             input,
                             output,
                             NULL,
                             NULL,
                             1700000000000LL,
                             1700000000250LL};
    return r;
}

static resultwriter_result failed(const char *name, const jv *input)
{
    resultwriter_result r = succeeded(name, input, NULL);
    r.status = RESULTWRITER_FAILED;
    r.error = "States.TaskFailed";
    r.cause = "boom";
    return r;
}

static resultwriter_options export_opts(fake_store *s, const char *prefix)
{
    resultwriter_options o;
    memset(&o, 0, sizeof o);
    o.bucket = "result-bucket";
    o.prefix = prefix;
    o.map_run_arn = ARN;
    o.put = store_put;
    o.put_user = s;
    return o;
}

static char *dump(const jv *v) { return v ? jv_dump_string(v, 0) : strdup("(null)"); }

/* Feeds results, finishes; the state's result as text. */
static char *run(const resultwriter_options *o, const resultwriter_result *res, size_t n,
                 asl_error *err)
{
    resultwriter *w = resultwriter_new(o);
    for (size_t i = 0; i < n; i++)
        if (!resultwriter_add(w, &res[i], err))
            break;
    jv *result = asl_error_is_set(err) ? NULL : resultwriter_finish(w, err);
    char *text = dump(result);
    jv_unref(result);
    resultwriter_free(w);
    return text;
}

static void test_export_none(void)
{
    fake_store s = {.fail_at = -1};
    jv *in1 = jv_parse_cstr("\"Hello\"", NULL), *in2 = jv_parse_cstr("{\"n\":2}", NULL);
    resultwriter_result res[] = {succeeded("a", in1, in1), failed("b", in2),
                                 succeeded("c", in2, in2)};
    resultwriter_options o = export_opts(&s, "mapJobs");
    asl_error err = ASL_ERROR_INIT;
    char *result = run(&o, res, 3, &err);
    tap_is_str(result,
               "{\"MapRunArn\":\"" ARN "\",\"ResultWriterDetails\":{\"Bucket\":\"result-bucket\","
               "\"Key\":\"mapJobs/" UUID "/manifest.json\"}}",
               "export: the state's result names the Map Run and the manifest (as AWS)");
    const char *rec =
        "{\"ExecutionArn\":\"arn:aws:states:us-east-1:111111111111:execution:sm/"
        "TestMap:x\",\"Input\":\"\\\"Hello\\\"\",\"InputDetails\":{\"Included\":true},"
        "\"Name\":\"a\",\"Output\":\"\\\"Hello\\\"\",\"OutputDetails\":{\"Included\":"
        "true},\"RedriveCount\":0,\"RedriveStatus\":\"NOT_REDRIVABLE\","
        "\"RedriveStatusReason\":\"Execution is SUCCEEDED and cannot be redriven\","
        "\"StartDate\":\"2023-11-14T22:13:20.000Z\",\"StateMachineArn\":\"arn:aws:"
        "states:us-east-1:111111111111:stateMachine:sm/TestMap\",\"Status\":"
        "\"SUCCEEDED\",\"StopDate\":\"2023-11-14T22:13:20.250Z\"}";
    const char *got = store_get(&s, "mapJobs/" UUID "/SUCCEEDED_0.json");
    tap_ok(strncmp(got, "[", 1) == 0 && strncmp(got + 1, rec, strlen(rec)) == 0,
           "NONE: SUCCEEDED_0.json holds each child's execution record");
    if (strncmp(got + 1, rec, strlen(rec)) != 0)
        tap_diag("got %s", got);
    tap_ok(strstr(got, "\"Name\":\"c\"") && got[strlen(got) - 1] == ']',
           "  both succeeded ones, as one array");
    tap_is_str(
        store_get(&s, "mapJobs/" UUID "/FAILED_0.json"),
        "[{\"Cause\":\"boom\",\"Error\":\"States.TaskFailed\",\"ExecutionArn\":\"arn:aws:"
        "states:us-east-1:111111111111:execution:sm/TestMap:x\",\"Input\":\"{\\\"n\\\":2}\","
        "\"InputDetails\":{\"Included\":true},\"Name\":\"b\",\"RedriveCount\":0,"
        "\"RedriveStatus\":\"REDRIVABLE_BY_MAP_RUN\",\"StartDate\":\"2023-11-14T22:13:20.000Z\","
        "\"StateMachineArn\":\"arn:aws:states:us-east-1:111111111111:stateMachine:sm/TestMap\","
        "\"Status\":\"FAILED\",\"StopDate\":\"2023-11-14T22:13:20.250Z\"}]",
        "NONE: FAILED_0.json holds the failed one with its Error and Cause");
    char want[600];
    snprintf(want, sizeof want,
             "{\"DestinationBucket\":\"result-bucket\",\"MapRunArn\":\"" ARN "\",\"ResultFiles\":"
             "{\"FAILED\":[{\"Key\":\"mapJobs/" UUID
             "/FAILED_0.json\",\"Size\":%zu}],\"PENDING\":[],"
             "\"SUCCEEDED\":[{\"Key\":\"mapJobs/" UUID "/SUCCEEDED_0.json\",\"Size\":%zu}]}}",
             strlen(store_get(&s, "mapJobs/" UUID "/FAILED_0.json")),
             strlen(store_get(&s, "mapJobs/" UUID "/SUCCEEDED_0.json")));
    tap_is_str(store_get(&s, "mapJobs/" UUID "/manifest.json"), want,
               "the manifest lists every file with its size; no PENDING file when none pends");
    tap_ok(!s.out_of_order, "  every object put in order, each completed once");
    tap_is_int(s.nobjects, 3, "  three objects written");
    free(result);
    asl_error_clear(&err);
    jv_unref(in1);
    jv_unref(in2);
    store_free(&s);
}

static void test_transformations(void)
{
    fake_store s = {.fail_at = -1};
    jv *in = jv_parse_cstr("{}", NULL), *arr = jv_parse_cstr("[1,[2],{\"x\":3}]", NULL);
    jv *obj = jv_parse_cstr("{\"k\":\"v\"}", NULL);
    resultwriter_result res[] = {succeeded("a", in, arr), succeeded("b", in, obj), failed("c", in)};
    resultwriter_options o = export_opts(&s, "p/");
    o.output = RESULTWRITER_JSONL;
    o.transformation = RESULTWRITER_COMPACT;
    o.has_transformation = true;
    asl_error err = ASL_ERROR_INIT;
    free(run(&o, res, 2, &err));
    tap_is_str(store_get(&s, "p/" UUID "/SUCCEEDED_0.json"), "[1,[2],{\"x\":3}]\n{\"k\":\"v\"}\n",
               "COMPACT, JSONL: the outputs, one a line; a Prefix ending in / gets no second one");
    store_free(&s);

    s = (fake_store){.fail_at = -1};
    o.transformation = RESULTWRITER_FLATTEN;
    free(run(&o, res, 3, &err));
    tap_is_str(store_get(&s, "p/" UUID "/SUCCEEDED_0.json"), "1\n[2]\n{\"x\":3}\n{\"k\":\"v\"}\n",
               "FLATTEN: an array output's elements become entries (one level)");
    const char *f = store_get(&s, "p/" UUID "/FAILED_0.json");
    tap_ok(strstr(f, "\"Status\":\"FAILED\"") && f[strlen(f) - 1] == '\n',
           "  a failed child is still written as its record (NONE)");
    store_free(&s);

    resultwriter_options preview;
    memset(&preview, 0, sizeof preview);
    preview.transformation = RESULTWRITER_FLATTEN;
    preview.has_transformation = true;
    char *text = run(&preview, res, 2, &err);
    tap_is_str(text, "[1,[2],{\"x\":3},{\"k\":\"v\"}]",
               "WriterConfig alone: nothing written, the state's result is the entries");
    free(text);
    preview.has_transformation = false;
    text = run(&preview, res, 2, &err);
    tap_is_str(text, "[[1,[2],{\"x\":3}],{\"k\":\"v\"}]", "  COMPACT by default then");
    free(text);
    text = run(&preview, res + 1, 2, &err);
    tap_ok(strncmp(text, "[{\"k\":\"v\"},{\"Cause\":\"boom\",\"Error\":\"States.TaskFailed\"",
                   45) == 0,
           "  where a failed child is its record: %.60s...", text);
    free(text);
    asl_error_clear(&err);
    jv_unref(in);
    jv_unref(arr);
    jv_unref(obj);
}

static void test_pending_and_prefix(void)
{
    fake_store s = {.fail_at = -1};
    jv *in = jv_parse_cstr("[1]", NULL);
    resultwriter_result res = succeeded("a", in, in);
    res.status = RESULTWRITER_PENDING;
    resultwriter_options o = export_opts(&s, "");
    asl_error err = ASL_ERROR_INIT;
    char *text = run(&o, &res, 1, &err);
    tap_ok(strstr(text, "\"Key\":\"" UUID "/manifest.json\"") != NULL,
           "an empty Prefix puts the Map Run's folder at the bucket's top");
    tap_is_str(store_get(&s, UUID "/PENDING_0.json"),
               "[{\"Input\":\"[1]\",\"InputDetails\":{\"Included\":true},\"Status\":\"PENDING\"}]",
               "PENDING_0.json: the input of a child that never ran");
    free(text);
    store_free(&s);
    asl_error_clear(&err);
    jv_unref(in);
}

/* Exports ten results, the numbers 1000 to 1009 (COMPACT: "1000" ... each 4 bytes). */
static void export_numbers(const resultwriter_options *o, asl_error *err)
{
    resultwriter *w = resultwriter_new(o);
    for (int i = 0; i < 10; i++) {
        jv *out = jv_number(1000 + i);
        resultwriter_result r = succeeded("x", jv_null(), out);
        resultwriter_add(w, &r, err);
        jv_unref(out);
    }
    jv_unref(resultwriter_finish(w, err));
    resultwriter_free(w);
}

static void test_splitting(void)
{
    fake_store s = {.fail_at = -1};
    resultwriter_options o = export_opts(&s, "split");
    o.transformation = RESULTWRITER_COMPACT;
    o.has_transformation = true;
    o.max_file_bytes = 20;
    o.chunk_bytes = 4;
    asl_error err = ASL_ERROR_INIT;
    jv *in = jv_null();
    export_numbers(&o, &err);
    tap_is_str(store_get(&s, "split/" UUID "/SUCCEEDED_0.json"), "[1000,1001,1002]",
               "a file that would pass max_file_bytes is closed");
    tap_is_str(store_get(&s, "split/" UUID "/SUCCEEDED_3.json"), "[1009]", "  and numbered on");
    const char *m = store_get(&s, "split/" UUID "/manifest.json");
    tap_ok(strstr(m, "SUCCEEDED_2.json\",\"Size\":16") &&
               strstr(m, "SUCCEEDED_3.json\",\"Size\":6"),
           "  the manifest lists each with its size");
    tap_ok(s.largest_chunk <= 4 + 5, "puts come in chunks of about chunk_bytes (largest %zu)",
           s.largest_chunk);
    tap_ok(!s.out_of_order, "  at increasing offsets");
    tap_ok(!asl_error_is_set(&err), "  with no error");
    store_free(&s);

    s = (fake_store){.fail_at = -1};
    o.max_file_bytes = 6; /* "[1000]": one entry a file, exactly */
    export_numbers(&o, &err);
    tap_is_str(store_get(&s, "split/" UUID "/SUCCEEDED_9.json"), "[1009]",
               "a file exactly as large as the limit holds its entry");
    tap_ok(!asl_error_is_set(&err), "  with no error");
    store_free(&s);

    s = (fake_store){.fail_at = -1};
    o.max_file_bytes = 5;
    jv *big = jv_string("too long");
    resultwriter_result r = succeeded("x", in, big);
    free(run(&o, &r, 1, &err));
    tap_is_str(err.name, "States.ResultWriterFailed", "an entry larger than a file may be fails");
    tap_is_str(err.cause, "A result of 10 bytes does not fit in a result file of 5 bytes.",
               "  saying so");
    asl_error_clear(&err);
    jv_unref(big);
    store_free(&s);
}

static void test_put_failure(void)
{
    fake_store s = {.fail_at = 0};
    jv *in = jv_parse_cstr("1", NULL);
    resultwriter_result r = succeeded("a", in, in);
    resultwriter_options o = export_opts(&s, "x");
    asl_error err = ASL_ERROR_INIT;
    char *text = run(&o, &r, 1, &err);
    tap_is_str(text, "(null)", "a put that fails: no result");
    tap_is_str(err.name, "States.ResultWriterFailed", "  States.ResultWriterFailed");
    tap_is_str(err.cause,
               "Writing s3://result-bucket/x/" UUID "/SUCCEEDED_0.json failed: The "
               "specified bucket does not exist",
               "  with the store's cause");
    free(text);
    asl_error_clear(&err);

    o.chunk_bytes = 1; /* every add puts at once */
    resultwriter *w = resultwriter_new(&o);
    s.fail_at = 0;
    s.puts = 0;
    bool first = resultwriter_add(w, &r, &err);
    asl_error_clear(&err);
    bool second = resultwriter_add(w, &r, &err);
    tap_ok(!first && !second && err.cause && strstr(err.cause, "failed"),
           "  and once failed the writer refuses what follows, with the same cause");
    asl_error_clear(&err);
    resultwriter_free(w);
    resultwriter_free(NULL);
    o.map_run_arn = NULL;
    w = resultwriter_new(&o);
    tap_ok(!resultwriter_add(w, &r, &err) && strcmp(err.cause, "The ResultWriter needs the Map "
                                                               "Run's ARN.") == 0,
           "an export with no Map Run ARN is refused");
    asl_error_clear(&err);
    resultwriter_free(w);
    jv_unref(in);
    store_free(&s);
}

static char *options_of(const char *json, resultwriter_options *o)
{
    jv *rw = jv_parse_cstr(json, NULL);
    asl_error err = ASL_ERROR_INIT;
    char *out = NULL;
    if (!resultwriter_options_from_json(o, rw, &err))
        out = strdup(err.cause);
    else
        out = strdup(o->bucket ? o->bucket : "(no bucket)");
    asl_error_clear(&err);
    jv_unref(rw);
    return out;
}

static void test_options(void)
{
    resultwriter_options o;
    char *e = options_of("{\"Resource\":\"arn:aws:states:::s3:putObject\",\"Parameters\":"
                         "{\"Bucket\":\"b\",\"Prefix\":\"p\"}}",
                         &o);
    tap_ok(strcmp(e, "b") == 0 && !o.has_transformation && o.output == RESULTWRITER_JSON,
           "options: Parameters' Bucket; no WriterConfig");
    free(e);
    e = options_of("{\"Arguments\":{\"Bucket\":\"b\"},\"WriterConfig\":{\"OutputType\":\"JSONL\","
                   "\"Transformation\":\"FLATTEN\"}}",
                   &o);
    tap_ok(strcmp(e, "b") == 0 && o.has_transformation &&
               o.transformation == RESULTWRITER_FLATTEN && o.output == RESULTWRITER_JSONL,
           "options: Arguments (JSONata), JSONL, FLATTEN");
    free(e);
    e = options_of("{\"WriterConfig\":{\"Transformation\":\"COMPACT\"}}", &o);
    tap_is_str(e, "(no bucket)", "options: WriterConfig alone exports nothing");
    free(e);
    e = options_of("{\"WriterConfig\":{\"OutputType\":\"CSV\"}}", &o);
    tap_is_str(e, "WriterConfig.OutputType must be JSON or JSONL.", "options: a bad OutputType");
    free(e);
    e = options_of("{\"WriterConfig\":{\"Transformation\":\"SQUASH\"}}", &o);
    tap_is_str(e, "WriterConfig.Transformation must be NONE, COMPACT or FLATTEN.",
               "options: a bad Transformation");
    free(e);
    e = options_of("{\"Parameters\":{\"Bucket\":3}}", &o);
    tap_is_str(e, "The ResultWriter's Bucket and Prefix must be strings.", "options: a bad Bucket");
    free(e);
}

/* ---- streaming: a million results, live bytes counted ---- */

typedef struct {
    uint64_t bytes;
    int objects;
} sink_store;

static int sink_put(void *user, const resultwriter_chunk *c, asl_error *err)
{
    sink_store *s = user;
    s->bytes += c->len;
    s->objects += c->last;
    return 0;
}

static void test_streaming(void)
{
    alloc_count count = {0, 0, 0, 0};
    engine_allocator a = {alloc_count_hook, NULL, &count};
    const engine_allocator *prev = engine_alloc_enter(&a);
    sink_store sink = {0, 0};
    resultwriter_options o;
    memset(&o, 0, sizeof o);
    o.bucket = "b";
    o.map_run_arn = ARN;
    o.put = sink_put;
    o.put_user = &sink;
    o.transformation = RESULTWRITER_COMPACT; /* NONE's records are checked above */
    o.has_transformation = true;
    o.chunk_bytes = 64 << 10;
    o.max_file_bytes = 4 << 20;
    resultwriter *w = resultwriter_new(&o);
    asl_error err = ASL_ERROR_INIT;
    bool ok = true;
    for (long i = 0; ok && i < 1000000; i++) {
        jv *v = jv_object_set_take(jv_object(), "id", jv_number((double)i));
        resultwriter_result r = succeeded("child", v, v);
        ok = resultwriter_add(w, &r, &err);
        jv_unref(v);
    }
    jv *result = resultwriter_finish(w, &err);
    ok = ok && result;
    jv_unref(result);
    resultwriter_free(w);
    engine_alloc_leave(prev);
    tap_ok(ok, "streaming: 1,000,000 results exported");
    tap_diag("streaming: %llu bytes in %d objects; peak %zu live bytes",
             (unsigned long long)sink.bytes, sink.objects, count.peak_bytes);
    tap_ok(sink.objects > 4 && sink.bytes > 12 << 20, "  split into files of 4 MiB at most");
    tap_ok(count.peak_bytes < 1 << 20, "  with under 1 MiB live at the peak (%zu bytes)",
           count.peak_bytes);
    tap_is_int(count.live, 0, "  and nothing left allocated");
    asl_error_clear(&err);
}

int main(void)
{
    test_export_none();
    test_transformations();
    test_pending_and_prefix();
    test_splitting();
    test_put_failure();
    test_options();
    test_streaming();
    return tap_done();
}
