/* bench_tui — the front end's speed, printed by `make bench` (never asserted):
 *  - graph layout of a 500-state definition (choices, loops), and its drawing;
 *  - the redraw after one step of a 100-state workflow carrying a 1 MiB payload;
 *  - the first frame (opening the debugger on that workflow and drawing everything);
 *  - key to frame, what a person waits for: `n` and `N` typed through the key pipeline
 *    (ui/input.c) on a 60-state order workflow with about 1 MB of input (9,000 order lines
 *    with prices), the Stages tab open with its nodes folded (their sizes shown), the
 *    payload-size check on; and the same on a 3-state workflow with a small input.
 * The screen goes to /dev/null through a curses terminal of 120x40. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "definition.h"
#include "unit/defload.h"
#include "unit/headless.h"
#include "jv_text.h"
#include "strbuf.h"
#include "ui/app.h"
#include "ui/debugger.h"
#include "ui/graphdraw.h"
#include "ui/layout.h"
#include "bench_clock.h"

/* What a generated definition's middle states are (the last is always Succeed). */
typedef enum { GEN_CHAIN, GEN_CHOICES, GEN_ORDERS } gen_kind;

/* State i of n (not the last) of each kind:
 *  GEN_CHAIN    Pass states in a line;
 *  GEN_CHOICES  the same with a Choice every 10th state jumping ahead and one looping back;
 *  GEN_ORDERS   Pass states that each add a small result under $.stepN (ResultPath), and a
 *               Choice every 10th over the order's total (never taken: the default goes on). */
static void gen_state(strbuf *sb, gen_kind kind, int i, int n)
{
    if (kind == GEN_CHOICES && i % 10 == 9)
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Choice\",\"Choices\":["
                      "{\"Variable\":\"$.loop\",\"BooleanEquals\":true,\"Next\":\"S%d\"},"
                      "{\"Variable\":\"$.skip\",\"BooleanEquals\":true,\"Next\":\"S%d\"}],"
                      "\"Default\":\"S%d\"}",
                      i, i > 20 ? i - 15 : 0, i + 5 < n ? i + 5 : n - 1, i + 1);
    else if (kind == GEN_ORDERS && i % 10 == 9)
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Choice\",\"Choices\":["
                      "{\"Variable\":\"$.total\",\"NumericGreaterThan\":1e12,"
                      "\"Next\":\"S%d\"}],\"Default\":\"S%d\"}",
                      i, n - 1, i + 1);
    else if (kind == GEN_ORDERS)
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Pass\",\"Result\":{\"done\":true,"
                      "\"step\":%d,\"score\":%d.25},\"ResultPath\":\"$.step%d\","
                      "\"Next\":\"S%d\"}",
                      i, i, i, i, i + 1);
    else
        strbuf_printf(sb, "\"S%d\":{\"Type\":\"Pass\",\"Next\":\"S%d\"}", i, i + 1);
}

/* n states S0..S(n-1) of the kind, ending in Succeed. */
static char *make_definition(int n, gen_kind kind)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"StartAt\":\"S0\",\"States\":{");
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        if (i == n - 1)
            strbuf_printf(&sb, "\"S%d\":{\"Type\":\"Succeed\"}", i);
        else
            gen_state(&sb, kind, i, n);
    }
    strbuf_puts(&sb, "}}");
    return strbuf_detach(&sb);
}

static void bench_layout(void)
{
    char *text = make_definition(500, GEN_CHOICES);
    asl_definition *def = defload(text);
    free(text);
    if (!def) {
        puts("layout: the generated definition did not load");
        return;
    }
    const asl_machine *root = asl_definition_root(def);
    int runs = 5;
    double t0 = bench_now_ms();
    lay_graph *g = NULL;
    for (int i = 0; i < runs; i++) {
        layout_free(g);
        g = layout_compute(&root, 1, NULL);
    }
    double t1 = bench_now_ms();
    canvas *cv = graphdraw_render(g, NULL, NULL);
    double t2 = bench_now_ms();
    printf("graph layout, 500 states: %.1f ms (%dx%d cells, %zu edges); drawing it: %.1f ms\n",
           (t1 - t0) / runs, g->width, g->height, g->nedges, t2 - t1);
    canvas_free(cv);
    layout_free(g);
    asl_definition_free(def);
}

static jv *make_payload(size_t bytes)
{
    jv *arr = jv_array();
    size_t size = 0;
    for (int i = 0; size < bytes; i++) {
        jv *o = jv_object_set_take(jv_object(), "id", jv_number(i));
        o = jv_object_set_take(o, "name", jv_string_fmt("item-%06d-abcdefghijklmnopqrstuvwxyz", i));
        o = jv_object_set_take(o, "tags", jv_array_append_take(jv_array(), jv_string("x")));
        arr = jv_array_append_take(arr, o);
        size += 70;
    }
    return jv_object_set_take(jv_object(), "items", arr);
}

static int bench_redraw(void)
{
    char *text = make_definition(100, GEN_CHAIN);
    asl_definition *def = defload(text);
    free(text);
    jv *input = make_payload(1024 * 1024);
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    if (!def || !out || !in)
        return 1;
    debugger_config c;
    headless_config(&c, "bench.asl.json", def, input, out, in);
    c.eo.max_payload = 0;
    c.eo.has_seed = true;
    double t0 = bench_now_ms();
    dbg_app *a = debugger_open(&c);
    if (!a)
        return 1;
    debugger_frame(a, true);
    double t1 = bench_now_ms();
    int steps = 20;
    double worst = 0;
    for (int i = 0; i < steps; i++) {
        double s0 = bench_now_ms();
        debugger_command(a, "step");
        debugger_frame(a, false);
        double d = bench_now_ms() - s0;
        if (d > worst)
            worst = d;
    }
    double t2 = bench_now_ms();
    debugger_close(a);
    printf("first frame (100 states, 1 MiB input, 120x40): %.1f ms\n", t1 - t0);
    printf("step + redraw (100 states, 1 MiB payload): %.2f ms average, %.2f ms worst of %d\n",
           (t2 - t1) / steps, worst, steps);
    jv_unref(input);
    asl_definition_free(def);
    fclose(out);
    fclose(in);
    return 0;
}

/* An order of `lines` lines, each about 115 bytes: sku, quantity, a price in cents and
 * one with decimals, a description. 9,000 lines make about 1 MB. */
static jv *make_order(int lines)
{
    jv *arr = jv_array();
    double total = 0;
    for (int i = 0; i < lines; i++) {
        double price = (i % 997) + 0.99;
        jv *o = jv_object_set_take(jv_object(), "sku", jv_string_fmt("SKU-%06d", i));
        o = jv_object_set_take(o, "qty", jv_number(1 + i % 7));
        o = jv_object_set_take(o, "priceCents", jv_number((i % 997) * 100 + 99));
        o = jv_object_set_take(o, "price", jv_number(price));
        o = jv_object_set_take(o, "description", jv_string_fmt("Widget %d, blue, boxed, 10 per pack", i));
        arr = jv_array_append_take(arr, o);
        total += price * (1 + i % 7);
    }
    jv *order = jv_object_set_take(jv_object(), "orderId", jv_string("ORD-2026-000001"));
    order = jv_object_set_take(order, "total", jv_number(total));
    return jv_object_set_take(order, "lines", arr);
}

static void key(dbg_app *a, int k)
{
    char utf8[2] = {(char)k, '\0'};
    input_key(a, k, true, utf8, 1);
}

/* ms for one key through the pipeline and the frame it leaves. */
static double key_to_frame(dbg_app *a, int k)
{
    double t0 = bench_now_ms();
    key(a, k);
    debugger_frame(a, false);
    return bench_now_ms() - t0;
}

typedef struct {
    double sum, worst;
    int n;
} timing;

static void timing_add(timing *t, double ms)
{
    t->sum += ms;
    t->n++;
    if (ms > t->worst)
        t->worst = ms;
}

static int bench_keys(const char *what, int states, int lines)
{
    char *text = make_definition(states, GEN_ORDERS);
    asl_definition *def = defload(text);
    free(text);
    jv *input = make_order(lines);
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    if (!def || !out || !in)
        return 1;
    debugger_config c;
    headless_config(&c, "orders.asl.json", def, input, out, in);
    c.eo.has_seed = true;
    c.eo.max_payload = 4 << 20; /* checked on every state, and passed */
    dbg_app *a = debugger_open(&c);
    if (!a)
        return 1;
    insp_pane_set_default_tab(a, TAB_STAGES);
    debugger_frame(a, true);
    timing fwd = {0}, back = {0};
    int rounds = states < 20 ? 2 : 20;
    for (int r = 0; r < 3; r++) {
        for (int i = 0; i < rounds; i++)
            timing_add(&fwd, key_to_frame(a, 'n'));
        for (int i = 0; i < rounds / 2; i++)
            timing_add(&back, key_to_frame(a, 'N'));
    }
    const asl_state *at = exec_current_state(session_exec(a->sess));
    printf("key to frame, %s (%d states, %zu bytes of input, Stages tab): "
           "n %.2f ms average, %.2f worst of %d; N %.2f ms average, %.2f worst of %d (at %s) "
           "(target < 16 ms)\n",
           what, states, jv_serialized_size(input), fwd.sum / fwd.n, fwd.worst, fwd.n,
           back.n ? back.sum / back.n : 0, back.worst, back.n, at ? at->name : "the end");
    debugger_close(a);
    jv_unref(input);
    asl_definition_free(def);
    fclose(out);
    fclose(in);
    return 0;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    bench_layout();
    if (bench_redraw())
        return 1;
    if (bench_keys("1 MB order", 60, 9000))
        return 1;
    return bench_keys("small", 3, 5);
}
