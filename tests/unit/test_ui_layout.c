/* The graph layout (ui/layout) and its drawing (ui/graphdraw): geometry invariants and
 * golden text renderings of fixture graphs, UTF-8 and ASCII. SFDBG_UPDATE_GOLDEN=1
 * rewrites the goldens (review the diff before committing). */
#include <glob.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition.h"
#include "tap.h"
#include "ui/edgelegend.h"
#include "ui/graphdraw.h"
#include "ui/layout.h"

static asl_definition *load(const char *path)
{
    size_t len;
    char *text = tap_read_file(path, &len);
    if (!text)
        return NULL;
    asl_diags d;
    asl_diags_init(&d);
    asl_validate_options vo = {.express = false};
    asl_definition *def = asl_definition_load(text, len, &vo, &d);
    asl_diags_cleanup(&d);
    free(text);
    return def;
}

static bool overlaps(const lay_node *a, const lay_node *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static bool inside(const lay_node *in, const lay_node *out)
{
    return in->x > out->x && in->y > out->y && in->x + in->w < out->x + out->w &&
           in->y + in->h < out->y + out->h;
}

/* One cell of one edge's line: which family (source and whether a Catch) and which
 * directions (canvas.h CV_* bits) it has there. */
typedef struct {
    int x, y, family, bits;
} line_cell;

static int cmp_line_cell(const void *a, const void *b)
{
    const line_cell *p = a, *q = b;
    if (p->y != q->y)
        return p->y - q->y;
    if (p->x != q->x)
        return p->x - q->x;
    return p->family - q->family;
}

static void add_cell(line_cell **cells, size_t *n, size_t *cap, line_cell c)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *cells = realloc(*cells, *cap * sizeof **cells);
    }
    (*cells)[(*n)++] = c;
}

/* The cells of edge e's polyline with their directions. */
static void edge_cells(const lay_edge *e, int family, line_cell **cells, size_t *n, size_t *cap)
{
    for (size_t k = 0; k + 1 < e->npts; k++) {
        lay_point a = e->pts[k], b = e->pts[k + 1];
        int dx = (b.x > a.x) - (b.x < a.x), dy = (b.y > a.y) - (b.y < a.y);
        int fwd = dx > 0 ? CV_RIGHT : dx < 0 ? CV_LEFT : dy > 0 ? CV_DOWN : CV_UP;
        int back = dx > 0 ? CV_LEFT : dx < 0 ? CV_RIGHT : dy > 0 ? CV_UP : CV_DOWN;
        for (int x = a.x, y = a.y;; x += dx, y += dy) {
            int bits = (x == a.x && y == a.y ? 0 : back) | (x == b.x && y == b.y ? 0 : fwd);
            add_cell(cells, n, cap, (line_cell){x, y, family, bits});
            if (x == b.x && y == b.y)
                break;
        }
    }
}

/* Where two edges of different families (source state, and Catch or not) meet in a cell,
 * they cross straight (one only across, the other only up and down): no shared segment,
 * corner or junction that would join them into one line. Returns the bad cells. */
static int merged_cells(const char *name, const lay_graph *g)
{
    line_cell *cells = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < g->nedges; i++) {
        const lay_edge *e = &g->edges[i];
        edge_cells(e, e->from * 2 + (e->kind == LAY_EDGE_CATCH), &cells, &n, &cap);
    }
    if (n > 1)
        qsort(cells, n, sizeof *cells, cmp_line_cell);
    int bad = 0;
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo;
        int fam[2] = {-1, -1}, bits[2] = {0, 0}, nf = 0;
        for (; hi < n && cells[hi].x == cells[lo].x && cells[hi].y == cells[lo].y; hi++) {
            if (nf == 0 || fam[nf - 1] != cells[hi].family) {
                if (nf == 2) {
                    nf = 3;
                    break;
                }
                fam[nf++] = cells[hi].family;
            }
            bits[nf - 1] |= cells[hi].bits;
        }
        while (hi < n && cells[hi].x == cells[lo].x && cells[hi].y == cells[lo].y)
            hi++;
        int h = CV_LEFT | CV_RIGHT, v = CV_UP | CV_DOWN;
        bool crossing = nf == 2 && ((bits[0] == h && bits[1] == v) || (bits[0] == v && bits[1] == h));
        if (nf > 1 && !crossing) {
            if (bad < 3)
                tap_diag("%s: edges of %s and %s join at (%d,%d)", name,
                         g->nodes[fam[0] / 2].state->name, g->nodes[fam[1] / 2].state->name,
                         cells[lo].x, cells[lo].y);
            bad++;
        }
        lo = hi;
    }
    free(cells);
    return bad;
}

/* Edge labels, as laid out, lie inside the graph. */
static bool labels_inside(const char *name, const lay_graph *g)
{
    bool ok = true;
    for (size_t i = 0; i < g->nedges; i++) {
        const lay_edge *e = &g->edges[i];
        if (e->label_y < 0)
            continue;
        int w = layout_text_width(e->label);
        if (e->label_x < 0 || e->label_x + w > g->width || e->label_y >= g->height ||
            w > LAY_LABEL_CELLS) {
            tap_diag("%s: label '%s' at (%d,%d) outside %dx%d", name, e->label, e->label_x,
                     e->label_y, g->width, g->height);
            ok = false;
        }
    }
    return ok;
}

/* No two boxes overlap unless one is the block holding the other; edges are orthogonal
 * and start at their source's bottom and end at their target's top. */
static void check_geometry(const char *name, const lay_graph *g)
{
    bool ok = true;
    for (size_t i = 0; i < g->nnodes; i++)
        for (size_t j = i + 1; j < g->nnodes; j++) {
            const lay_node *a = &g->nodes[i], *b = &g->nodes[j];
            if (overlaps(a, b) && !inside(a, b) && !inside(b, a)) {
                tap_diag("%s: %s overlaps %s", name, a->state->name, b->state->name);
                ok = false;
            }
        }
    tap_ok(ok, "%s: boxes do not overlap", name);
    ok = true;
    for (size_t i = 0; i < g->nedges; i++) {
        const lay_edge *e = &g->edges[i];
        for (size_t k = 0; k + 1 < e->npts; k++)
            if (e->pts[k].x != e->pts[k + 1].x && e->pts[k].y != e->pts[k + 1].y)
                ok = false;
        const lay_node *s = &g->nodes[e->from], *t = &g->nodes[e->to];
        if (e->npts < 2 || e->pts[0].y != s->y + s->h - 1 || e->pts[e->npts - 1].y != t->y)
            ok = false;
    }
    tap_ok(ok, "%s: edges are orthogonal, bottom port to top port", name);
    tap_is_int(merged_cells(name, g), 0, "%s: edges from different states never join", name);
    tap_ok(labels_inside(name, g), "%s: labels inside the graph, at most %d cells", name,
           LAY_LABEL_CELLS);
}

static void golden(const char *name, const char *got)
{
    char path[256];
    snprintf(path, sizeof path, "tests/unit/golden/%s.txt", name);
    if (getenv("SFDBG_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(got, f);
            fclose(f);
        }
    }
    size_t len;
    char *want = tap_read_file(path, &len);
    tap_is_str(got, want ? want : "(missing golden)", "%s matches its golden", name);
    if (want && strcmp(got, want))
        tap_diag("got:\n%s", got);
    free(want);
}

typedef struct {
    const char *current;
    const char *visited[8];
    const char *failed;
    const char *breakpoint;
    const char *selected;
} marks;

static void mark_fn(void *user, const asl_state *s, gd_mark *m)
{
    const marks *mk = user;
    for (int i = 0; i < 8 && mk->visited[i]; i++)
        if (!strcmp(s->name, mk->visited[i]))
            m->status = GD_VISITED;
    if (mk->current && !strcmp(s->name, mk->current))
        m->status = GD_CURRENT;
    if (mk->failed && !strcmp(s->name, mk->failed))
        m->status = GD_FAILED;
    if (mk->breakpoint && !strcmp(s->name, mk->breakpoint))
        m->breakpoint = 1;
    if (mk->selected && !strcmp(s->name, mk->selected))
        m->selected = true;
}

static bool collapse_all(void *user, const asl_state *s)
{
    (void)user;
    (void)s;
    return true;
}

static void render_case(const char *name, const char *file, const marks *mk, bool collapsed)
{
    asl_definition *def = load(file);
    if (!tap_ok(def != NULL, "%s loads", file))
        return;
    const asl_machine *root = asl_definition_root(def);
    lay_options o = {0, collapsed ? collapse_all : NULL, NULL};
    lay_graph *g = layout_compute(&root, 1, &o);
    check_geometry(name, g);
    canvas *cv = graphdraw_render(g, mark_fn, (void *)mk);
    char *utf8 = canvas_to_text(cv, false);
    char *ascii = canvas_to_text(cv, true);
    char n2[128];
    golden(name, utf8);
    snprintf(n2, sizeof n2, "%s.ascii", name);
    golden(n2, ascii);
    free(utf8);
    free(ascii);
    canvas_free(cv);
    layout_free(g);
    asl_definition_free(def);
}

/* ---- the legend ---- */

static void test_wrap(void)
{
    char rows[8][EL_LINE_MAX];
    int n = edgelegend_wrap("[2] $.customer.email ~ \"*@example.com\" → ChargeVip", 21, 4, rows, 8);
    tap_is_int(n, 3, "a legend entry wraps at spaces");
    tap_is_str(rows[0], "[2] $.customer.email", "first row");
    tap_is_str(rows[1], "    ~ \"*@example.com\"", "the next rows are indented");
    tap_is_str(rows[2], "    → ChargeVip", "nothing is cut");
    n = edgelegend_wrap("[4] States.TaskFailed,Lambda.ServiceException", 12, 4, rows, 8);
    bool ok = n == 6 && !strcmp(rows[0], "[4] States.T");
    for (int i = 0; i < n && i < 8; i++)
        ok = ok && layout_text_width(rows[i]) <= 12;
    tap_ok(ok, "a word longer than the row is broken, each row within the width (%d rows)", n);
}

/* Is edge i's label given in the legend lines? */
static bool legend_has(const el_lines *out, int legend)
{
    char head[16];
    int hl = snprintf(head, sizeof head, "[%d] ", legend);
    for (int i = 0; i < out->n; i++)
        if (!strncmp(out->lines[i], head, (size_t)hl))
            return true;
    return false;
}

/* Every label the view shows not whole is in the legend (or counted as left out), and no
 * label drawn covers a line or leaves the canvas. */
static int legend_misses(const lay_graph *g, const canvas *cv, const gd_label *labels, int sel,
                         el_view v)
{
    char rows[64][EL_LINE_MAX];
    el_lines out = {rows, 64, 0, 0};
    edgelegend_lines(g, labels, sel, v, true, 60, &out);
    int miss = 0;
    for (size_t i = 0; i < g->nedges; i++) {
        const gd_label *l = &labels[i];
        if (l->w > 0 && (l->x < 0 || l->x + l->w > cv->w || l->y < 0 || l->y >= cv->h))
            miss++;
        for (int x = l->x; x < l->x + l->w && l->w > 0; x++)
            if (canvas_at(cv, x, l->y) && canvas_at(cv, x, l->y)->lines)
                miss++;
        if (g->edges[i].label_y < 0 || edgelegend_whole_in_view(l, v))
            continue;
        const lay_point *t = &g->edges[i].pts[g->edges[i].npts - 1];
        bool seen = l->w > 0 ? l->y >= v.y && l->y < v.y + v.h && l->x < v.x + v.w && l->x + l->w > v.x
                             : t->x >= v.x && t->x < v.x + v.w && t->y >= v.y && t->y < v.y + v.h;
        if ((seen || g->edges[i].from == sel) && !legend_has(&out, g->edges[i].legend) && !out.left_out)
            miss++;
    }
    return miss;
}

static void test_legend(void)
{
    asl_definition *def = load("tests/tui/fixtures/routes.asl.json");
    if (!tap_ok(def != NULL, "routes loads"))
        return;
    const asl_machine *root = asl_definition_root(def);
    lay_graph *g = layout_compute(&root, 1, NULL);
    marks mk = {.selected = "Route"};
    gd_label *labels = calloc(g->nedges + 1, sizeof *labels);
    canvas *cv = graphdraw_render_labels(g, mark_fn, &mk, labels);
    int route = layout_find(g, asl_definition_find_state(def, "Route"));
    el_view all = {0, 0, cv->w, cv->h};
    char rows[16][EL_LINE_MAX];
    el_lines out = {rows, 16, 0, 0};
    edgelegend_lines(g, labels, route, all, true, 200, &out);
    tap_is_int(out.n, 2, "the whole graph in view: the two abbreviated labels are listed");
    tap_is_str(out.n > 0 ? rows[0] : "",
               "[2] ($.customer.email ~ \"*@example.com\" and $.customer.tier == \"gold\") → ChargeVip",
               "first the selected state's rule, whole, and where it goes");
    tap_is_str(out.n > 1 ? rows[1] : "", "[4] States.TaskFailed, Lambda.ServiceException → Manual",
               "then the Catch cut by the default edge's line");
    el_view left = {0, 0, 30, cv->h};
    edgelegend_lines(g, labels, route, left, false, 200, &out);
    tap_ok(out.n >= 1 && !strncmp(rows[0], "[2] ($.customer", 15) && strstr(rows[0], "-> ChargeVip"),
           "a label out of the view, from the selected state, is listed (ASCII arrow)");
    tap_is_int(legend_misses(g, cv, labels, route, left), 0, "nothing cut is missing from the legend");
    out.max = 1;
    edgelegend_lines(g, labels, -1, all, true, 200, &out);
    tap_is_int(out.n, 1, "one row for two entries: a note");
    tap_is_str(rows[out.n - 1], "… 2 more: select their state", "the note says how to read the rest");
    canvas_free(cv);
    free(labels);
    layout_free(g);
    asl_definition_free(def);
}

/* The legend property over the generated workflows, through views of several sizes. */
static void legend_generated(const lay_graph *g, int *bad)
{
    gd_label *labels = calloc(g->nedges + 1, sizeof *labels);
    marks mk = {.selected = "S0"};
    canvas *cv = graphdraw_render_labels(g, mark_fn, &mk, labels);
    for (int vw = 20; vw <= 80; vw += 30)
        for (int vx = 0; vx < cv->w; vx += vw / 2) {
            el_view v = {vx, 0, vw, cv->h};
            *bad += legend_misses(g, cv, labels, 0, v);
        }
    canvas_free(cv);
    free(labels);
}

/* ---- generated workflows: Choices, Catches and loops in random (seeded) shapes ---- */

static unsigned gen_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

static void gen_append(char *buf, size_t n, const char *fmt, int a, int b)
{
    size_t l = strlen(buf);
    if (l < n)
        snprintf(buf + l, n - l, fmt, a, b);
}

/* State i of n: a Choice (rules to any state, loops included, and a Default), a Task or a
 * Parallel (two branches, one with a Choice) with Catches to any state, or a Pass; Next and Default go to the state after (so that every
 * state is reachable). The last state succeeds. */
static void gen_state(char *buf, size_t n, unsigned *seed, int i, int count)
{
    int kind = (int)(gen_rand(seed) % 4);
    int next = i + 1;
    if (i == count - 1) {
        gen_append(buf, n, "\"S%d\": {\"Type\": \"Succeed\"}", i, 0);
        return;
    }
    if (kind == 0) {
        gen_append(buf, n, "\"S%d\": {\"Type\": \"Choice\", \"Choices\": [", i, 0);
        int rules = 1 + (int)(gen_rand(seed) % 3);
        for (int r = 0; r < rules; r++) {
            int to = (int)(gen_rand(seed) % (unsigned)count);
            if (to == i)
                to = next;
            gen_append(buf, n, r ? ", {\"Variable\": \"$.v%d\", \"NumericGreaterThan\": 1, "
                                 : "{\"Variable\": \"$.v%d\", \"NumericGreaterThan\": 1, ", r, 0);
            gen_append(buf, n, "\"Next\": \"S%d\"}", to, 0);
        }
        gen_append(buf, n, "], \"Default\": \"S%d\"}", next, 0);
        return;
    }
    gen_append(buf, n, kind == 1 ? "\"S%d\": {\"Type\": \"Task\", " : kind == 3 ? "\"S%d\": {\"Type\": \"Parallel\", "
                                                                      : "\"S%d\": {\"Type\": \"Pass\", ", i, 0);
    if (kind == 3) { /* names are unique in the whole definition: they carry i */
        gen_append(buf, n, "\"Branches\": [{\"StartAt\": \"A%d\", \"States\": {\"A%d\": {\"Type\": \"Choice\", ", i, i);
        gen_append(buf, n, "\"Choices\": [{\"Variable\": \"$.a\", \"IsPresent\": true, \"Next\": \"B%d\"}], "
                   "\"Default\": \"C%d\"}, ", i, i);
        gen_append(buf, n, "\"B%d\": {\"Type\": \"Pass\", \"Next\": \"C%d\"}, ", i, i);
        gen_append(buf, n, "\"C%d\": {\"Type\": \"Succeed\"}}}, {\"StartAt\": \"D%d\", ", i, i);
        gen_append(buf, n, "\"States\": {\"D%d\": {\"Type\": \"Succeed\"}}}], ", i, 0);
    }
    if (kind == 1 || kind == 3) {
        gen_append(buf, n, kind == 1 ? "\"Resource\": \"arn:aws:states:::lambda:invoke\", \"Catch\": ["
                                     : "\"Catch\": [", 0, 0);
        int catches = 1 + (int)(gen_rand(seed) % 2);
        for (int c = 0; c < catches; c++) {
            int to = (int)(gen_rand(seed) % (unsigned)count);
            if (to == i)
                to = count - 1;
            gen_append(buf, n, c ? ", {\"ErrorEquals\": [\"E%d\"], " : "{\"ErrorEquals\": [\"E%d\"], ", c, 0);
            gen_append(buf, n, "\"Next\": \"S%d\"}", to, 0);
        }
        gen_append(buf, n, "], ", 0, 0);
    }
    gen_append(buf, n, "\"Next\": \"S%d\"}", next, 0);
}

static void check_generated(void)
{
    unsigned seed = 14;
    int tried = 0, bad = 0, badfiles = 0, legend_bad = 0;
    for (int w = 0; w < 300; w++) {
        char buf[16384] = "{\"StartAt\": \"S0\", \"States\": {";
        int count = 4 + (int)(gen_rand(&seed) % 10);
        for (int i = 0; i < count; i++) {
            if (i)
                gen_append(buf, sizeof buf, ", ", 0, 0);
            gen_state(buf, sizeof buf, &seed, i, count);
        }
        gen_append(buf, sizeof buf, "}}", 0, 0);
        asl_diags d;
        asl_diags_init(&d);
        asl_validate_options vo = {.express = false};
        asl_definition *def = asl_definition_load(buf, strlen(buf), &vo, &d);
        asl_diags_cleanup(&d);
        if (!def)
            continue;
        tried++;
        const asl_machine *root = asl_definition_root(def);
        lay_graph *g = layout_compute(&root, 1, NULL);
        char name[32];
        snprintf(name, sizeof name, "generated #%d", w);
        int b = merged_cells(name, g) + !labels_inside(name, g);
        legend_generated(g, &legend_bad);
        bad += b;
        badfiles += b > 0;
        if (b && badfiles == 1)
            tap_diag("%s", buf);
        layout_free(g);
        asl_definition_free(def);
    }
    tap_is_int(tried, 300, "the generated workflows load");
    tap_is_int(bad, 0, "no joined edges in any generated workflow (%d bad)", badfiles);
    tap_is_int(legend_bad, 0, "their labels: inside the canvas, off the lines, whole or in the legend");
}

/* The invariants on every workflow of the project's fixtures, blocks expanded and folded. */
static void check_corpus(void)
{
    static const char *const patterns[] = {"fixtures/*/*.asl.json", "tests/tui/fixtures/*.asl.json",
                                           "tests/workflows/*.asl.json"};
    int files = 0, bad = 0;
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
        glob_t gl;
        if (glob(patterns[p], 0, NULL, &gl))
            continue;
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            asl_definition *def = load(gl.gl_pathv[i]);
            if (!def)
                continue;
            files++;
            const asl_machine *root = asl_definition_root(def);
            for (int folded = 0; folded < 2; folded++) {
                lay_options o = {0, folded ? collapse_all : NULL, NULL};
                lay_graph *g = layout_compute(&root, 1, &o);
                bad += merged_cells(gl.gl_pathv[i], g) + !labels_inside(gl.gl_pathv[i], g);
                layout_free(g);
            }
            /* a Parallel or Map entered: its branches side by side */
            for (size_t k = 0; k < root->nstates; k++) {
                const asl_state *st = root->states[k];
                if (!st->nbranches)
                    continue;
                lay_graph *g = layout_compute((const asl_machine *const *)st->branches,
                                              st->nbranches, NULL);
                bad += merged_cells(gl.gl_pathv[i], g) + !labels_inside(gl.gl_pathv[i], g);
                layout_free(g);
            }
            asl_definition_free(def);
        }
        globfree(&gl);
    }
    tap_ok(files >= 20, "the corpus has the project's workflows (%d)", files);
    tap_is_int(bad, 0, "no joined edges or stray labels in any of them");
}

static void test_rule_labels(void)
{
    asl_definition *def = load("fixtures/order-routing/order-routing.asl.json");
    if (!def)
        return;
    const asl_state *v = asl_definition_find_state(def, "Validate");
    char buf[512];
    layout_rule_label(&v->choice.rules[1], buf, sizeof buf);
    tap_is_str(buf, "$.amount >= 1000", "numeric rule label");
    layout_rule_label(&v->choice.rules[2], buf, sizeof buf);
    tap_is_str(buf, "$.customer ~ \"*@example.com\"", "a long rule's text is whole");
    asl_definition_free(def);
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    tap_is_int(layout_text_width("a✓b"), 3, "text width counts cells");
    test_rule_labels();
    marks none = {.current = NULL};
    render_case("layout/order-routing", "fixtures/order-routing/order-routing.asl.json", &none, false);
    marks run = {"Route", {"Shape"}, NULL, "Approve", NULL};
    render_case("layout/pipeline", "tests/tui/fixtures/pipeline.asl.json", &run, false);
    marks blk = {"FanOut", {"Prepare"}, NULL, NULL, NULL};
    render_case("layout/blocks", "tests/tui/fixtures/blocks.asl.json", &blk, false);
    render_case("layout/blocks-collapsed", "tests/tui/fixtures/blocks.asl.json", &none, true);
    marks f = {NULL, {"Check"}, "Broken", NULL, NULL};
    render_case("layout/fail", "tests/tui/fixtures/fail.asl.json", &f, false);
    render_case("layout/routes", "tests/tui/fixtures/routes.asl.json", &none, false);
    check_corpus();
    test_wrap();
    test_legend();
    check_generated();
    return tap_done();
}
