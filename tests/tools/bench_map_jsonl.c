/*
 * bench_map_jsonl — `make bench`'s figures for a Distributed Map over S3: a generated
 * 1,000,000-line JSONL object (never committed; built here in a memory store), read by the
 * Map's ItemReader, one Pass child execution per line, history and data-flow recorded as
 * the debugger runs them; once with a ResultWriter (JSONL COMPACT into the same store), once
 * with the results kept as the state's result. Prints each run's time (wall and CPU) and
 * peak memory (max RSS, each run in a process of its own), never asserts them; the targets
 * (docs/map-data.md) are under 10 s and under 500 MiB.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
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

/* The Map; with_writer adds a ResultWriter (JSONL COMPACT into the same store). */
static char *bench_definition(bool with_writer)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb,
                "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\","
                "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                "\"ReaderConfig\":{\"InputType\":\"JSONL\"},"
                "\"Parameters\":{\"Bucket\":\"bench\",\"Key\":\"items.jsonl\"}},"
                "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                "\"ExecutionType\":\"EXPRESS\"},"
                "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},");
    if (with_writer)
        strbuf_puts(&sb, "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\","
                         "\"Parameters\":{\"Bucket\":\"bench\",\"Prefix\":\"results\"},"
                         "\"WriterConfig\":{\"OutputType\":\"JSONL\",\"Transformation\":"
                         "\"COMPACT\"}},");
    else
        strbuf_puts(&sb, "\"ResultSelector\":{\"count.$\":\"States.ArrayLength($)\"},");
    strbuf_puts(&sb, "\"End\":true}}}");
    return strbuf_detach(&sb);
}

/* One run, in a process of its own (its peak RSS is its own). */
static int bench_one(bool with_writer)
{
    size_t bytes;
    double t0 = bench_now();
    objstore *store = bench_store(BENCH_LINES, &bytes);
    double generated = bench_now() - t0;
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = false};
    char *text = bench_definition(with_writer);
    asl_definition *def = asl_definition_load(text, strlen(text), &vo, &diags);
    engine_free(text);
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
    double start = bench_now(), cpu0 = (double)clock() / CLOCKS_PER_SEC;
    sfn_exec *ex = exec_new(def, input, &eo);
    exec_run(ex, 0);
    double elapsed = bench_now() - start, cpu = (double)clock() / CLOCKS_PER_SEC - cpu0;
    char *out = exec_output(ex) ? jv_dump_string(exec_output(ex), 0) : NULL;
    printf("distributed Map over a %d-line JSONL object (%.1f MB, generated in %.2f s), %s: "
           "%.2f s (CPU %.2f s), %s, output %s, %zu events\n",
           BENCH_LINES, (double)bytes / 1e6, generated,
           with_writer ? "ResultWriter JSONL COMPACT" : "results kept", elapsed, cpu,
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
    printf("  peak memory (max RSS): %.1f MiB\n", ru.ru_maxrss / 1024.0);
    fflush(stdout);
    return 0;
}

int main(void)
{
    int rc = 0;
    for (int with_writer = 1; with_writer >= 0; with_writer--) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(bench_one(with_writer));
        int status = 1;
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0)
            rc = 1;
    }
    return rc;
}
