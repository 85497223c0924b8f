/* bench_tui — the front end's speed, printed by `make bench` (never asserted):
 *  - graph layout of a 500-state definition (choices, loops), and its drawing;
 *  - the redraw after one step of a 100-state workflow carrying a 1 MiB payload;
 *  - the first frame (opening the debugger on that workflow and drawing everything).
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
#include "ui/debugger.h"
#include "ui/graphdraw.h"
#include "ui/layout.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* n states: Pass chains, a Choice every 10th state jumping ahead and one looping back. */
static char *make_definition(int n, bool choices)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"StartAt\":\"S0\",\"States\":{");
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        if (i == n - 1)
            strbuf_printf(&sb, "\"S%d\":{\"Type\":\"Succeed\"}", i);
        else if (choices && i % 10 == 9)
            strbuf_printf(&sb, "\"S%d\":{\"Type\":\"Choice\",\"Choices\":["
                          "{\"Variable\":\"$.loop\",\"BooleanEquals\":true,\"Next\":\"S%d\"},"
                          "{\"Variable\":\"$.skip\",\"BooleanEquals\":true,\"Next\":\"S%d\"}],"
                          "\"Default\":\"S%d\"}",
                          i, i > 20 ? i - 15 : 0, i + 5 < n ? i + 5 : n - 1, i + 1);
        else
            strbuf_printf(&sb, "\"S%d\":{\"Type\":\"Pass\",\"Next\":\"S%d\"}", i, i + 1);
    }
    strbuf_puts(&sb, "}}");
    return strbuf_detach(&sb);
}

static void bench_layout(void)
{
    char *text = make_definition(500, true);
    asl_definition *def = defload(text);
    free(text);
    if (!def) {
        puts("layout: the generated definition did not load");
        return;
    }
    const asl_machine *root = asl_definition_root(def);
    int runs = 5;
    double t0 = now_ms();
    lay_graph *g = NULL;
    for (int i = 0; i < runs; i++) {
        layout_free(g);
        g = layout_compute(&root, 1, NULL);
    }
    double t1 = now_ms();
    canvas *cv = graphdraw_render(g, NULL, NULL);
    double t2 = now_ms();
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
    char *text = make_definition(100, false);
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
    double t0 = now_ms();
    dbg_app *a = debugger_open(&c);
    if (!a)
        return 1;
    debugger_frame(a, true);
    double t1 = now_ms();
    int steps = 20;
    double worst = 0;
    for (int i = 0; i < steps; i++) {
        double s0 = now_ms();
        debugger_command(a, "step");
        debugger_frame(a, false);
        double d = now_ms() - s0;
        if (d > worst)
            worst = d;
    }
    double t2 = now_ms();
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

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    bench_layout();
    return bench_redraw();
}
