/*
 * bench_itemreader — figures for `make bench` (printed, never asserted): a Distributed
 * Map's data side alone, on generated inputs of 1,000,000 items: an ItemReader over JSONL,
 * CSV (FIRST_ROW) and a JSON array, each produced on the fly (the file is never in
 * memory), and a ResultWriter exporting 1,000,000 results under NONE and COMPACT into a
 * store that discards the bytes. Time, items a second and the process's peak RSS.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "itemreader.h"
#include "resultwriter.h"
#include "bench_clock.h"

#define BENCH_ITEMS 1000000L

static long bench_peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A generated object: a head, BENCH_ITEMS lines from a pattern, a tail. */
typedef struct {
    const char *head, *pattern, *separator, *tail;
    long next;
    char line[128];
    size_t len, pos;
    int stage; /* 0 head, 1 lines, 2 tail, 3 done */
} bench_source;

static bool bench_refill(bench_source *s)
{
    if (s->stage == 0) {
        s->len = (size_t)snprintf(s->line, sizeof s->line, "%s", s->head);
        s->stage = 1;
    } else if (s->stage == 1) {
        s->len = (size_t)snprintf(s->line, sizeof s->line, s->pattern, s->next, s->next,
                                  s->next + 1 < BENCH_ITEMS ? s->separator : "");
        if (++s->next == BENCH_ITEMS)
            s->stage = 2;
    } else if (s->stage == 2) {
        s->len = (size_t)snprintf(s->line, sizeof s->line, "%s", s->tail);
        s->stage = 3;
    } else {
        return false;
    }
    s->pos = 0;
    return true;
}

static ssize_t bench_read(void *user, char *buf, size_t n)
{
    bench_source *s = user;
    size_t k = 0;
    while (k < n && (s->pos < s->len || bench_refill(s))) {
        size_t take = s->len - s->pos < n - k ? s->len - s->pos : n - k;
        memcpy(buf + k, s->line + s->pos, take);
        s->pos += take;
        k += take;
    }
    return (ssize_t)k;
}

static void bench_reader(const char *name, itemreader_format format, bench_source src)
{
    itemreader_options o;
    memset(&o, 0, sizeof o);
    o.format = format;
    double t0 = bench_now();
    itemreader *r = itemreader_new(&o, (itemreader_source){bench_read, &src});
    jv *item;
    asl_error err = ASL_ERROR_INIT;
    long n = 0;
    while (itemreader_next(r, &item, &err) == ITEMREADER_ITEM) {
        jv_unref(item);
        n++;
    }
    double dt = bench_now() - t0;
    printf("ItemReader %-5s %ld items, %.1f MB: %.3f s, %.2f M items/s%s%s\n", name, n,
           (double)itemreader_bytes_read(r) / 1e6, dt, (double)n / dt / 1e6, err.cause ? " — " : "",
           err.cause ? err.cause : "");
    asl_error_clear(&err);
    itemreader_free(r);
}

static int bench_discard(void *user, const resultwriter_chunk *c, asl_error *err)
{
    *(uint64_t *)user += c->len;
    return 0;
}

static void bench_writer(const char *name, resultwriter_transformation t)
{
    uint64_t bytes = 0;
    resultwriter_options o;
    memset(&o, 0, sizeof o);
    o.bucket = "results";
    o.prefix = "bench";
    o.map_run_arn = "arn:aws:states:us-east-1:111111111111:mapRun:bench/Map:0000";
    o.transformation = t;
    o.has_transformation = true;
    o.put = bench_discard;
    o.put_user = &bytes;
    double t0 = bench_now();
    resultwriter *w = resultwriter_new(&o);
    asl_error err = ASL_ERROR_INIT;
    for (long i = 0; i < BENCH_ITEMS; i++) {
        jv *v = jv_object_set_take(jv_object(), "id", jv_number((double)i));
        resultwriter_result res = {RESULTWRITER_SUCCEEDED,
                                   "arn:aws:states:::execution:bench/Map:x",
                                   "x",
                                   "arn:aws:states:::stateMachine:bench/Map",
                                   v,
                                   v,
                                   NULL,
                                   NULL,
                                   0,
                                   1};
        resultwriter_add(w, &res, &err);
        jv_unref(v);
    }
    jv_unref(resultwriter_finish(w, &err));
    double dt = bench_now() - t0;
    printf("ResultWriter %-7s %ld results, %.1f MB written: %.3f s, %.2f M results/s\n", name,
           BENCH_ITEMS, (double)bytes / 1e6, dt, (double)BENCH_ITEMS / dt / 1e6);
    asl_error_clear(&err);
    resultwriter_free(w);
}

int main(void)
{
    bench_reader("JSONL", ITEMREADER_JSONL,
                 (bench_source){.head = "",
                                .pattern = "{\"id\":%ld,\"name\":\"item-%ld\"}%s",
                                .separator = "\n",
                                .tail = "\n"});
    bench_reader(
        "CSV", ITEMREADER_CSV,
        (bench_source){
            .head = "id,name\n", .pattern = "%ld,item-%ld%s", .separator = "\n", .tail = "\n"});
    bench_reader("JSON", ITEMREADER_JSON,
                 (bench_source){.head = "[",
                                .pattern = "{\"id\":%ld,\"name\":\"item-%ld\"}%s",
                                .separator = ",\n",
                                .tail = "]\n"});
    bench_writer("NONE", RESULTWRITER_NONE);
    bench_writer("COMPACT", RESULTWRITER_COMPACT);
    printf("peak RSS of the whole run: %.1f MiB\n", (double)bench_peak_rss_kib() / 1024);
    return 0;
}
