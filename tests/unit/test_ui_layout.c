/* The graph layout (ui/layout) and its drawing (ui/graphdraw): geometry invariants and
 * golden text renderings of fixture graphs, UTF-8 and ASCII. SFDBG_UPDATE_GOLDEN=1
 * rewrites the goldens (review the diff before committing). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition.h"
#include "tap.h"
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
    marks none = {0};
    render_case("layout/order-routing", "fixtures/order-routing/order-routing.asl.json", &none, false);
    marks run = {"Route", {"Shape"}, NULL, "Approve"};
    render_case("layout/pipeline", "tests/tui/fixtures/pipeline.asl.json", &run, false);
    marks blk = {"FanOut", {"Prepare"}, NULL, NULL};
    render_case("layout/blocks", "tests/tui/fixtures/blocks.asl.json", &blk, false);
    render_case("layout/blocks-collapsed", "tests/tui/fixtures/blocks.asl.json", &none, true);
    marks f = {NULL, {"Check"}, "Broken", NULL};
    render_case("layout/fail", "tests/tui/fixtures/fail.asl.json", &f, false);
    return tap_done();
}
