/*
 * bench_jsonata — times representative JSONata expressions, each compiled once and
 * evaluated repeatedly over a generated ~1 MB document. Prints microseconds per
 * evaluation. `bench_jsonata --dump DIR` writes DIR/doc.json and DIR/exprs.json so
 * scripts/bench-jsonata-ref.sh can time the same work with the reference implementation.
 * `bench_jsonata [--evals N] [NAME]` times only the expression NAME, and with --evals runs
 * exactly N evaluations instead of 400 ms' worth: instruction counts per evaluation
 * (valgrind --tool=callgrind --toggle-collect=jsonata_eval) then divide by N.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonata.h"
#include "jv_text.h"
#include "strbuf.h"
#include "bench_clock.h"

#define BENCH_MIN_MS 400.0
#define BENCH_ORDERS 2000

typedef struct {
    const char *name;
    const char *expr;
    bool small;    /* evaluated over the small Step Functions-like input instead */
} bench_case;

static const bench_case cases[] = {
    {"path", "orders.customer.address.city", false},
    {"filter", "orders[status = 'shipped' and total > 250].id", false},
    {"aggregate", "$sum(orders.items.(qty * price))", false},
    {"group-by", "orders{customer.address.city: $sum(total)}", false},
    {"map-reduce", "$reduce($map(orders, function($o){$sum($o.items.price)}), function($a, $b){$a + $b})", false},
    {"order-by", "(orders^(>total, id))[[0..9]].id", false},
    {"string-format",
     "orders[[0..199]].($uppercase(customer.name) & ' <' & customer.email & '> ' & $formatNumber(total, '#,##0.00'))",
     false},
    {"date-picture", "orders[[0..199]].$fromMillis($toMillis(created), '[FNn], [D1o] [MNn] [Y] [H01]:[m01]')", false},
    {"descendants", "$count(**.sku)", false},
    {"transform", "orders[[0..99]] ~> |items|{'discounted': price * 0.9}|", false},
    {"state-small", "{'id': $states.input.id, 'n': $count($states.input.items), 'sum': $sum($states.input.items.price)}", true},
};

/* deterministic pseudo-random numbers so both implementations see the same document */
static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xFFFFFF;
}

static char *make_doc(void)
{
    static const char *const cities[] = {"Paris", "Lyon", "Oslo", "Lima", "Kyiv", "Rome", "Bonn", "Cork"};
    static const char *const status[] = {"new", "paid", "shipped", "cancelled"};
    strbuf sb;
    strbuf_init(&sb, 0);
    unsigned seed = 12345;
    strbuf_puts(&sb, "{\"orders\":[");
    for (int i = 0; i < BENCH_ORDERS; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        int nitems = 1 + (int)(lcg(&seed) % 5);
        double total = 0;
        strbuf items;
        strbuf_init(&items, 0);
        for (int k = 0; k < nitems; k++) {
            int qty = 1 + (int)(lcg(&seed) % 9);
            double price = (double)(lcg(&seed) % 20000) / 100.0;
            total += qty * price;
            strbuf_printf(&items, "%s{\"sku\":\"SKU-%05u\",\"qty\":%d,\"price\":%.2f,\"tags\":[\"t%u\",\"t%u\"]}",
                          k ? "," : "", lcg(&seed) % 100000, qty, price, lcg(&seed) % 10, lcg(&seed) % 10);
        }
        long long created = 1500000000000LL + (long long)(lcg(&seed)) * 7919LL;
        time_t secs = (time_t)(created / 1000);
        struct tm tm;
        gmtime_r(&secs, &tm);
        char iso[40];
        strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S", &tm);
        strbuf_printf(&sb,
                      "{\"id\":\"ord-%06d\",\"status\":\"%s\",\"created\":\"%s.%03lldZ\",\"total\":%.2f,"
                      "\"customer\":{\"name\":\"Customer %d\",\"email\":\"c%d@example.com\","
                      "\"address\":{\"city\":\"%s\",\"zip\":\"%05u\"}},\"items\":[%s]}",
                      i, status[lcg(&seed) % 4], iso, created % 1000, total, i, i, cities[lcg(&seed) % 8],
                      lcg(&seed) % 100000, strbuf_str(&items));
        strbuf_cleanup(&items);
    }
    strbuf_puts(&sb, "]}");
    return strbuf_detach(&sb);
}

static const char small_bindings[] =
    "{\"states\":{\"input\":{\"id\":\"exec-1\",\"items\":[{\"price\":1.5},{\"price\":2.25},{\"price\":3}]}}}";

static int dump(const char *dir, const char *doc)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/doc.json", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    fputs(doc, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/exprs.json", dir);
    f = fopen(path, "w");
    if (!f)
        return 1;
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "[");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        strbuf_puts(&sb, i ? ",\n{\"name\":" : "\n{\"name\":");
        jv_dump_cstring(cases[i].name, strlen(cases[i].name), &sb);
        strbuf_puts(&sb, ",\"expr\":");
        jv_dump_cstring(cases[i].expr, strlen(cases[i].expr), &sb);
        strbuf_printf(&sb, ",\"small\":%s}", cases[i].small ? "true" : "false");
    }
    strbuf_printf(&sb, "\n]\n");
    fputs(strbuf_str(&sb), f);
    strbuf_cleanup(&sb);
    fclose(f);
    snprintf(path, sizeof path, "%s/bindings.json", dir);
    f = fopen(path, "w");
    if (!f)
        return 1;
    fputs(small_bindings, f);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    char *text = make_doc();
    if (argc == 3 && !strcmp(argv[1], "--dump")) {
        int rc = dump(argv[2], text);
        free(text);
        return rc;
    }
    jv_parse_error pe;
    jv *doc = jv_parse_cstr(text, &pe);
    jv *bindings = jv_parse_cstr(small_bindings, &pe);
    long fixed_evals = 0;
    int argi = 1;
    if (argi + 1 < argc && !strcmp(argv[argi], "--evals")) {
        fixed_evals = strtol(argv[argi + 1], NULL, 10);
        argi += 2;
    }
    const char *only = argi < argc ? argv[argi] : NULL;
    printf("document: %zu bytes, %d orders; target: each expression >= 10x jsonata-js "
           "(the ratios: scripts/bench-jsonata-ref.sh)\n",
           strlen(text), BENCH_ORDERS);
    printf("%-16s %12s %10s\n", "expression", "us/eval", "evals");
    int status = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (only && strcmp(only, cases[i].name))
            continue;
        jsonata_error err;
        jsonata_expr *e = jsonata_compile(cases[i].expr, &err);
        if (!e) {
            printf("%-16s compile error %s: %s\n", cases[i].name, err.code, err.message);
            status = 1;
            continue;
        }
        const jv *input = cases[i].small ? NULL : doc;
        const jv *b = cases[i].small ? bindings : NULL;
        long n = 0;
        double t0 = bench_now_ms(), t;
        do {
            jv *r = NULL;
            if (jsonata_eval(e, input, b, NULL, &r, &err) == JSONATA_ERROR) {
                printf("%-16s error %s: %s\n", cases[i].name, err.code, err.message);
                status = 1;
                break;
            }
            jv_unref(r);
            n++;
            t = bench_now_ms() - t0;
        } while (fixed_evals ? n < fixed_evals : t < BENCH_MIN_MS);
        if (n)
            printf("%-16s %12.1f %10ld\n", cases[i].name, t * 1000.0 / (double)n, n);
        jsonata_free(e);
    }
    jv_unref(doc);
    jv_unref(bindings);
    free(text);
    return status;
}
