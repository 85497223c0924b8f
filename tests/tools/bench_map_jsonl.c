/*
 * bench_map_jsonl — `make bench`'s figures for a Distributed Map over S3: a generated
 * 1,000,000-line JSONL object (never committed; built here in a memory store), read by the
 * Map's ItemReader, one Pass child execution per line, history and data-flow recorded as
 * the debugger runs them. Prints the time and the process's peak memory (max RSS), never
 * asserts them; the targets (docs/map-data.md) are under 10 s and under 500 MiB.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "definition.h"
#include "alloc.h"
#include "exec.h"
#include "jv_text.h"
#include "objstore.h"
#include "strbuf.h"
#include "bench_clock.h"

#define BENCH_LINES 1000000

/* s3://bench/items.jsonl: n lines of {"id": i, "name": "customer-i", "tags": [...]}. */
static objstore *bench_store(int n, size_t *bytes)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (int i = 0; i < n; i++)
        strbuf_printf(&sb, "{\"id\":%d,\"name\":\"customer-%d\",\"tags\":[\"a\",\"b\"]}\n", i, i);
    objstore *store = objstore_memory_new(0);
    objstore_error err;
    objstore_memory_add_bucket(store, "bench");
    *bytes = sb.len;
    if (objstore_put(store, "bench", "items.jsonl", sb.buf, sb.len, 0, &err) != OBJSTORE_OK)
        fprintf(stderr, "bench: put: %s\n", err.message);
    strbuf_cleanup(&sb);
    return store;
}

static const char bench_definition[] =
    "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\","
    "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
    "\"ReaderConfig\":{\"InputType\":\"JSONL\"},"
    "\"Parameters\":{\"Bucket\":\"bench\",\"Key\":\"items.jsonl\"}},"
    "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},"
    "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
    "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\","
    "\"Parameters\":{\"Bucket\":\"bench\",\"Prefix\":\"results\"},"
    "\"WriterConfig\":{\"OutputType\":\"JSONL\",\"Transformation\":\"COMPACT\"}},"
    "\"End\":true}}}";

int main(void)
{
    size_t bytes;
    double t0 = bench_now();
    objstore *store = bench_store(BENCH_LINES, &bytes);
    double generated = bench_now() - t0;
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = false};
    asl_definition *def =
        asl_definition_load(bench_definition, strlen(bench_definition), &vo, &diags);
    asl_diags_cleanup(&diags);
    if (!def) {
        fprintf(stderr, "bench: the Map definition did not load\n");
        return 1;
    }
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 7;
    eo.max_events = 0;
    eo.max_payload = 0;
    eo.s3 = store;
    eo.record_visits = false; /* every child execution's visits: see docs/map-data.md */
    jv *input = jv_object();
    double start = bench_now();
    sfn_exec *ex = exec_new(def, input, &eo);
    exec_run(ex, 0);
    double elapsed = bench_now() - start;
    char *out = exec_output(ex) ? jv_dump_string(exec_output(ex), 0) : NULL;
    printf("distributed Map over a %d-line JSONL object (%.1f MB, generated in %.2f s): "
           "%.2f s, %s, output %s, %zu events\n",
           BENCH_LINES, (double)bytes / 1e6, generated, elapsed,
           exec_status_name(exec_status_of(ex)), out ? out : "(none)", exec_event_count(ex));
    if (exec_error(ex))
        printf("  error %s: %s\n", exec_error(ex), exec_cause(ex) ? exec_cause(ex) : "");
    engine_free(out);
    exec_free(ex);
    jv_unref(input);
    asl_definition_free(def);
    objstore_free(store);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory (max RSS): %.1f MiB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
