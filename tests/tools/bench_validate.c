/*
 * bench_validate — figures for `make bench` (printed, never asserted): static validation
 * of generated definitions of 500 and 10,000 states that use every state type, Retry,
 * Catch, Choice rules, templates and nested Parallel/Map containers, and of a plain chain of
 * 500 Pass states (a typical definition's density); and the same definitions loaded
 * (asl_definition_load: the validation walk and the model built from what it compiled).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "definition.h"
#include "strbuf.h"
#include "validate.h"
#include "bench_clock.h"

/* State i of a chain; every fifth kind in turn. Containers hold two states of their own. */
static void bench_state(strbuf *sb, int i, int n)
{
    char next[64];
    if (i + 1 < n)
        snprintf(next, sizeof next, "\"Next\":\"S%d\"", i + 1);
    else
        snprintf(next, sizeof next, "\"End\":true");
    switch (i % 5) {
    case 0:
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                          "\"Parameters\":{\"FunctionName\":\"f%d\",\"Payload.$\":\"$.data\"},"
                          "\"ResultSelector\":{\"out.$\":\"$.Payload\"},\"ResultPath\":\"$.r%d\","
                          "\"TimeoutSeconds\":30,\"Retry\":[{\"ErrorEquals\":[\"States.Timeout\"],"
                          "\"MaxAttempts\":2},{\"ErrorEquals\":[\"States.ALL\"]}],\"Catch\":[{"
                          "\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.err\",%s}],%s}",
                      i, i, i, i + 1 < n ? next : "\"Next\":\"S0\"", next);
        break;
    case 1:
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Choice\",\"Choices\":[{\"And\":[{\"Variable\":\"$.n\","
                          "\"NumericGreaterThan\":%d},{\"Variable\":\"$.s\",\"StringMatches\":\"a*\"}],"
                          "%s},{\"Variable\":\"$.t\",\"TimestampLessThan\":\"2024-01-01T00:00:00Z\","
                          "%s}],\"Default\":\"%s%d\"}",
                      i, i, next, next, i + 1 < n ? "S" : "S", i + 1 < n ? i + 1 : 0);
        break;
    case 2:
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"MaxConcurrency\":4,"
                          "\"ItemSelector\":{\"v.$\":\"$$.Map.Item.Value\"},\"ItemProcessor\":{"
                          "\"StartAt\":\"M%dA\",\"States\":{\"M%dA\":{\"Type\":\"Pass\",\"Next\":"
                          "\"M%dB\"},\"M%dB\":{\"Type\":\"Succeed\"}}},%s}",
                      i, i, i, i, i, next);
        break;
    case 3:
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"P%dA\","
                          "\"States\":{\"P%dA\":{\"Type\":\"Wait\",\"Seconds\":1,\"End\":true}}},"
                          "{\"StartAt\":\"P%dB\",\"States\":{\"P%dB\":{\"Type\":\"Pass\","
                          "\"Result\":{\"x\":1},\"End\":true}}}],%s}",
                      i, i, i, i, i, next);
        break;
    default:
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Pass\",\"InputPath\":\"$.a\",\"Parameters\":{"
                          "\"k.$\":\"States.Format('{}', $.b)\"},\"OutputPath\":\"$\",%s}",
                      i, next);
        break;
    }
}

/* A plain chain of Pass states with a Comment each: a typical definition's density. */
static char *bench_chain(int n)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"StartAt\":\"S0\",\"States\":{");
    for (int i = 0; i < n; i++) {
        strbuf_printf(&sb, "%s\"S%d\":{\"Type\":\"Pass\",\"Comment\":\"step %d\",", i ? "," : "", i, i);
        if (i + 1 < n)
            strbuf_printf(&sb, "\"Next\":\"S%d\"}", i + 1);
        else
            strbuf_puts(&sb, "\"End\":true}");
    }
    strbuf_puts(&sb, "}}");
    return strbuf_detach(&sb);
}

static char *bench_definition(int n)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"Comment\":\"generated\",\"StartAt\":\"S0\",\"States\":{");
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        bench_state(&sb, i, n);
    }
    strbuf_puts(&sb, "}}");
    return strbuf_detach(&sb);
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One validation (load: false) or one load, freed; the diagnostics it produced. */
static size_t bench_once(const char *text, size_t len, bool load)
{
    asl_diags d;
    asl_diags_init(&d);
    if (load)
        asl_definition_free(asl_definition_load(text, len, NULL, &d));
    else
        jv_unref(asl_validate_text(text, len, NULL, &d));
    size_t n = d.len;
    asl_diags_cleanup(&d);
    return n;
}

static void bench_run(const char *what, char *(*make)(int), int states, int runs, bool load)
{
    char *text = make(states);
    size_t len = strlen(text);
    double *t = malloc((size_t)runs * sizeof *t);
    size_t diags = 0;
    for (int r = 0; r < runs; r++) {
        double t0 = bench_now();
        diags = bench_once(text, len, load);
        t[r] = bench_now() - t0;
    }
    qsort(t, (size_t)runs, sizeof *t, bench_cmp);
    printf("%s %5d %s states (%7zu bytes, %zu diagnostics): median %.3f ms, min %.3f ms\n",
           load ? "load    " : "validate", states, what, len, diags, t[runs / 2] * 1e3,
           t[0] * 1e3);
    free(t);
    free(text);
}

int main(void)
{
    for (int load = 0; load <= 1; load++) {
        bench_run("rich", bench_definition, 500, 200, load);
        bench_run("Pass", bench_chain, 500, 200, load);
        bench_run("rich", bench_definition, 10000, 10, load);
    }
    return 0;
}
