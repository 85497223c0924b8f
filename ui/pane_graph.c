/* pane_graph — the graph pane: the laid-out definition with the execution's marks, a view
 * that follows the current state, blocks entered with Enter and folded with Space, and an
 * outline for graphs too large or panes too narrow to draw. */
#include "app.h"
#include "reach.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edgelegend.h"
#include "graphdraw.h"
#include "graphpath.h"

#define GRAPH_OUTLINE_NODES 200
#define GRAPH_LEGEND_ROWS 12

/* The pane's private state (pane.priv). */
typedef struct {
    lay_graph *g;
    const asl_state *scope;           /* the block entered, NULL at the top */
    const asl_state **collapsed;
    size_t ncollapsed;
    const asl_state *sel;
    int vx, vy;                       /* view offset into the canvas */
    bool relayout;
    int outline;                      /* -1 auto, 0 drawing, 1 outline */
    bool showing_outline;
    bool follow;                      /* bring the selection into view at the next draw */
    int outline_top;
    char search[256];
    int legend_rows;                  /* rows under the drawing for the label legend */
    int fitted_w, fitted_h;           /* the pane's inner size the view was fitted to */
} graph_state;

static graph_state *graph_of(const dbg_app *a)
{
    return a->panes[PANE_GRAPH].priv;
}

/* ---- per-state marks, gathered once per frame ---- */

typedef struct {
    const asl_state *s;
    unsigned visits;
    /* of the latest visit */
    bool failed, caught, waiting;
    bool open;       /* the recorded view: entered, not yet exited as of the event picked */
    long retries;
    uint8_t *path;   /* the outline: gd_edge_mark of each transition (graph_path_slot), or NULL */
} graph_mark_slot;

typedef struct {
    dbg_app *a;
    graph_mark_slot *slots;
    size_t cap;
    const asl_state *current;
    const asl_state *highlight;
} graph_marks;

static size_t graph_hash(const asl_state *s, size_t cap)
{
    uintptr_t x = (uintptr_t)s;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(x >> 7) & (cap - 1);
}

static graph_mark_slot *graph_slot(graph_marks *m, const asl_state *s, bool add)
{
    for (size_t i = graph_hash(s, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->slots[i].s == s)
            return &m->slots[i];
        if (!m->slots[i].s) {
            if (!add)
                return NULL;
            m->slots[i].s = s;
            return &m->slots[i];
        }
    }
}

/* sfdbg replay's recorded view: the recorded visits' marks as of the recorded event picked
 * (all of them when none is), its state highlighted; the current state is the local run's. */
static void graph_marks_recorded(dbg_app *a, graph_marks *m)
{
    long upto = rv_picked_event(a, &m->highlight);
    for (size_t i = 0; i < a->cfg.replay.nvisits; i++) {
        const debugger_recorded_visit *v = &a->cfg.replay.visits[i];
        const asl_state *s = v->entered_id <= upto ? rv_visit_state(a, i) : NULL;
        graph_mark_slot *sl = s ? graph_slot(m, s, true) : NULL;
        if (!sl)
            continue;
        sl->visits++;
        sl->failed = !v->exited_id;
        sl->open = v->exited_id > upto;
        sl->retries = v->retries;
    }
    m->current = session_current_state(a->sess);
}

/* The visit the graph shows the execution as of: one the user picked that is not the
 * present (an event, or an earlier visit of its state: :visit N); -1: the present. */
static long graph_as_of(dbg_app *a)
{
    if (a->subj.kind != SUBJ_VISIT || a->subj.visit < 0 || rv_showing(a))
        return -1;
    if (a->subj.event >= 0 || a->subj.visit != app_last_visit(a, a->subj.state))
        return a->subj.visit;
    return -1;
}

static void graph_marks_build(dbg_app *a, graph_marks *m)
{
    const sfn_exec *ex = session_exec(a->sess);
    m->a = a;
    m->cap = 64;
    while (m->cap < asl_definition_state_count(a->cfg.def) * 2 + 2)
        m->cap *= 2;
    m->slots = jv_xcalloc(m->cap, sizeof *m->slots);
    if (rv_showing(a))
        return graph_marks_recorded(a, m);
    size_t nv = exec_visit_count(ex);
    long upto = graph_as_of(a);
    if (upto >= 0)
        nv = (size_t)upto + 1;
    for (size_t i = 0; i < nv; i++) {
        const exec_visit *v = exec_visit_at(ex, i);
        graph_mark_slot *sl = graph_slot(m, v->state, true);
        sl->visits++;
        sl->failed = exec_visit_details(v)->error && !exec_visit_details(v)->caught;
        sl->caught = exec_visit_details(v)->caught;
        sl->waiting = exec_visit_details(v)->waiting;
        sl->retries = exec_visit_details(v)->retries;
    }
    m->current = session_current_state(a->sess);
    m->highlight = a->subj.event >= 0 ? a->subj.state : NULL;
}

static void graph_mark(void *user, const asl_state *s, gd_mark *mk)
{
    graph_marks *m = user;
    const graph_mark_slot *sl = graph_slot(m, s, false);
    if (sl && sl->visits) {
        mk->status = sl->failed ? GD_FAILED : sl->caught ? GD_CAUGHT
                     : sl->open ? GD_NONE : GD_VISITED;
        mk->retries = sl->retries > 99 ? 99 : (int)sl->retries;
        mk->visits = sl->visits > 999 ? 999 : (int)sl->visits;
    }
    if (s == m->current) {
        mk->current = true;
        mk->status = GD_CURRENT;
    }
    if (sl && sl->waiting)
        mk->status = GD_WAITING;
    if (rv_state_diverged(m->a, s->name) && !mk->current)
        mk->status = GD_DIVERGED;
    breakpoint *bp = bp_find_state(&m->a->bps, s->name);
    if (bp)
        mk->breakpoint = bp->enabled ? 1 : 2;
    mk->selected = s == graph_of(m->a)->sel || (m->highlight && s == m->highlight);
}

/* ---- layout ---- */

static bool graph_is_collapsed(void *user, const asl_state *s)
{
    const graph_state *g = user;
    for (size_t i = 0; i < g->ncollapsed; i++)
        if (g->collapsed[i] == s)
            return true;
    return false;
}

static void graph_relayout(dbg_app *a)
{
    graph_state *g = graph_of(a);
    layout_free(g->g);
    const asl_machine *root = asl_definition_root(a->cfg.def);
    lay_options o = {0, graph_is_collapsed, g};
    if (g->scope)
        g->g = layout_compute((const asl_machine *const *)g->scope->branches, g->scope->nbranches, &o);
    else
        g->g = layout_compute(&root, 1, &o);
    g->relayout = false;
}

/* Every Parallel/Map of m (nested ones too) with more than LAY_COLLAPSE_STATES states inside
 * starts collapsed: one box "Name ▸ N states"; Space opens it, Enter enters it. */
static void graph_collapse_large(graph_state *g, const asl_machine *m, int depth)
{
    for (size_t i = 0; i < m->nstates && depth < 64; i++) {
        const asl_state *s = m->states[i];
        if ((s->type != ASL_PARALLEL && s->type != ASL_MAP) || !s->nbranches)
            continue;
        if (layout_inner_states(s) > LAY_COLLAPSE_STATES) {
            g->collapsed = jv_xrealloc(g->collapsed, (g->ncollapsed + 1) * sizeof *g->collapsed);
            g->collapsed[g->ncollapsed++] = s;
        }
        for (size_t b = 0; b < s->nbranches; b++)
            graph_collapse_large(g, s->branches[b], depth + 1);
    }
}

static void *graph_create(dbg_app *a)
{
    graph_state *g = jv_xcalloc(1, sizeof *g);
    g->outline = -1;
    g->relayout = true;
    g->sel = asl_definition_root(a->cfg.def)->start;
    graph_collapse_large(g, asl_definition_root(a->cfg.def), 0);
    return g;
}

static void graph_destroy(void *priv)
{
    graph_state *g = priv;
    layout_free(g->g);
    free(g->collapsed);
    free(g);
}

void graph_pane_relayout(dbg_app *a)
{
    graph_of(a)->relayout = true;
}

const asl_state *graph_pane_selected(const dbg_app *a)
{
    return graph_of(a)->sel;
}

void graph_pane_set_search(dbg_app *a, const char *text)
{
    graph_state *g = graph_of(a);
    snprintf(g->search, sizeof g->search, "%s", text);
}

/* Rows of the pane the drawing has (the legend takes the rest). */
static int graph_view_h(const graph_state *g, const pane *p)
{
    int h = app_inner_h(p) - g->legend_rows;
    return h < 1 ? 1 : h;
}

/* Keeps node ni inside the view (centring it when it was outside). */
static void graph_show_node(dbg_app *a, pane *p, int ni)
{
    graph_state *g = graph_of(a);
    if (ni < 0 || !g->g)
        return;
    const lay_node *n = &g->g->nodes[ni];
    int vw = app_inner_w(p), vh = graph_view_h(g, p);
    int nh = n->h > vh ? 3 : n->h;
    if (n->x - 2 < g->vx || n->x + n->w + 4 > g->vx + vw)
        g->vx = n->x + n->w / 2 - vw / 2;
    if (n->y < g->vy || n->y + nh > g->vy + vh)
        g->vy = n->y + nh / 2 - vh / 2;
    if (g->vx > g->g->width - vw + 1)
        g->vx = g->g->width - vw + 1;
    if (g->vy > g->g->height - vh)
        g->vy = g->g->height - vh;
    if (g->vx < 0)
        g->vx = 0;
    if (g->vy < 0)
        g->vy = 0;
}

/* After graph_show_node: the labels of the selected state's edges drawn whole come into
 * view too (the view moves right as far as they need, the state staying in it), on a
 * canvas cv_w wide; an abbreviated one is in the legend. */
static void graph_show_labels(dbg_app *a, pane *p, const gd_label *labels, int cv_w)
{
    graph_state *g = graph_of(a);
    int ni = layout_find(g->g, g->sel), vw = app_inner_w(p);
    if (ni < 0)
        return;
    const lay_node *n = &g->g->nodes[ni];
    int vx = g->vx;
    for (size_t i = 0; i < g->g->nedges; i++) {
        const gd_label *l = &labels[i];
        if (g->g->edges[i].from != ni || l->w <= 0 || !l->whole || l->x + l->w <= vx + vw)
            continue;
        vx = l->x + l->w - vw + 1;
    }
    if (vx > n->x)       /* the state's box stays in view, from its left side */
        vx = n->x;
    if (vx > cv_w - vw)
        vx = cv_w - vw;
    if (vx > g->vx)
        g->vx = vx;
}

void graph_pane_select(dbg_app *a, const asl_state *s)
{
    graph_state *g = graph_of(a);
    g->sel = s;
    g->follow = true;
    app_set_subject_state(a, s);
    app_dirty(a, PANE_GRAPH);
}

void graph_pane_reveal(dbg_app *a, const asl_state *s)
{
    graph_state *g = graph_of(a);
    /* a state inside a block: enter the block that holds it */
    const asl_state *holder = s->owner ? s->owner->parent : NULL;
    if (holder != g->scope) {
        g->scope = holder;
        g->relayout = true;
    }
    graph_pane_select(a, s);
}

void graph_pane_follow(dbg_app *a, const asl_state *s)
{
    graph_state *g = graph_of(a);
    /* inside a branch or iteration the graph shows its machine (the block that holds s) */
    const asl_state *holder = s && s->owner ? s->owner->parent : NULL;
    if (s && holder != g->scope) {
        g->scope = holder;
        g->relayout = true;
    }
    if (s)
        g->sel = s;
    g->follow = true;
    app_dirty(a, PANE_GRAPH);
}

/* ---- outline ---- */

typedef struct {
    const asl_state *s;
    int depth;
} outline_row;

static void outline_collect(const asl_machine *m, int depth, outline_row **rows, size_t *n, size_t *cap)
{
    for (size_t i = 0; i < m->nstates; i++) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *rows = jv_xrealloc(*rows, *cap * sizeof **rows);
        }
        (*rows)[(*n)++] = (outline_row){m->states[i], depth};
        for (size_t b = 0; b < m->states[i]->nbranches; b++)
            outline_collect(m->states[i]->branches[b], depth + 1, rows, n, cap);
    }
}

static size_t outline_rows(dbg_app *a, outline_row **rows)
{
    size_t n = 0, cap = 0;
    *rows = NULL;
    outline_collect(asl_definition_root(a->cfg.def), 0, rows, &n, &cap);
    return n;
}

/* The number of transitions the outline lists for s (graph_path_slot's numbering). */
static size_t outline_nslots(const asl_state *s)
{
    return 2 + s->choice.nrules + s->ncatchers;
}

static void outline_path_fn(void *user, const exec_visit *from, const asl_state *to, bool taken)
{
    int k = to ? graph_path_slot(from, to) : -1;
    if (k < 0)
        return;
    graph_mark_slot *sl = graph_slot(user, from->state, true);
    if (!sl->path)
        sl->path = jv_xcalloc(outline_nslots(from->state), 1);
    uint8_t m = taken ? GD_EDGE_TAKEN : GD_EDGE_PATH;
    if (sl->path[k] < m)
        sl->path[k] = m;
}

/* "→ Incr, ⇒Done": where s goes, a transition the execution made (as of the visit the
 * graph shows) marked ⇒ (=> in ASCII), as the drawing's heavy lines do. */
static void outline_targets(graph_marks *m, const asl_state *s, char *buf, size_t n)
{
    buf[0] = '\0';
    size_t l = 0;
    const graph_mark_slot *sl = graph_slot(m, s, false);
    const char *mark = m->a->t.utf8 ? "\xe2\x87\x92" : "=>";
    size_t nrules = s->choice.nrules;
    for (size_t k = 0; k < outline_nslots(s) && l + 2 < n; k++) {
        const char *name = k == 0 ? s->next_name
                           : k <= nrules ? s->choice.rules[k - 1].next_name
                           : k == nrules + 1 ? s->choice.default_name
                           : s->catchers[k - nrules - 2].next_name;
        if (!name)
            continue;
        bool on = sl && sl->path && sl->path[k];
        l += (size_t)snprintf(buf + l, n - l, "%s%s%s", l ? ", " : m->a->t.utf8 ? "\xe2\x86\x92 " : "-> ",
                              on ? mark : "", name);
    }
    if (l >= n)
        buf[n - 1] = '\0';
}

static void outline_draw(dbg_app *a, pane *p, graph_marks *m)
{
    graph_state *g = graph_of(a);
    outline_row *rows;
    size_t n = outline_rows(a, &rows);
    int h = app_inner_h(p), w = app_inner_w(p);
    long cur = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].s == g->sel)
            cur = (long)i;
    if (cur < g->outline_top)
        g->outline_top = (int)cur;
    if (cur >= g->outline_top + h)
        g->outline_top = (int)cur - h + 1;
    for (int r = 0; r < h && (size_t)(g->outline_top + r) < n; r++) {
        const outline_row *o = &rows[g->outline_top + r];
        gd_mark mk;
        memset(&mk, 0, sizeof mk);
        graph_mark(m, o->s, &mk);
        int y = r + 1, x = 1;
        static const uint32_t status_glyph[] = {' ', 0x25B6, 0x2713, 0x2717, 0x21AF, 0x23F8,
                                                0x2260};
        static const uint8_t status_role[] = {ROLE_NAME, ROLE_MARK_CURRENT, ROLE_MARK_VISITED,
                                              ROLE_MARK_FAILED, ROLE_MARK_CAUGHT,
                                              ROLE_MARK_WAITING, ROLE_MARK_FAILED};
        term_glyph(&a->t, p->win, y, x, mk.breakpoint == 1 ? 0x25CF : mk.breakpoint == 2 ? 0x25CB : ' ',
                   a->t.role[mk.breakpoint == 1 ? ROLE_BP_ON : ROLE_BP_OFF]);
        term_glyph(&a->t, p->win, y, x + 1, status_glyph[mk.status], a->t.role[status_role[mk.status]]);
        char line[600], targets[400], retries[48] = "";
        outline_targets(m, o->s, targets, sizeof targets);
        if (mk.retries > 0)
            snprintf(retries, sizeof retries, " \xe2\x86\xbb%d", mk.retries);
        if (mk.visits > 1) {
            size_t rl = strlen(retries);
            snprintf(retries + rl, sizeof retries - rl, " \xc3\x97%d", mk.visits);
        }
        snprintf(line, sizeof line, "%*s%s%s  %s %s", o->depth * 2, "", o->s->name, retries,
                 asl_state_type_name(o->s->type), targets);
        attr_t at = mk.selected ? a->t.attr[TA_CURSOR] : A_NORMAL;
        if (mk.selected)
            term_fill(p->win, y, x + 3, w - 3, at);
        term_text(&a->t, p->win, y, x + 3, line, w - 3, at);
    }
    free(rows);
}

/* ---- drawing ---- */

/* A label the pane's side cuts ends (or starts) with the one truncation mark there: "…",
 * "..." in ASCII; the legend gives it whole. */
static void graph_cut_marks(dbg_app *a, pane *p, const gd_label *labels, size_t n)
{
    graph_state *g = graph_of(a);
    int h = graph_view_h(g, p), w = app_inner_w(p);
    attr_t at = a->t.role[ROLE_LABEL];
    int dots = a->t.utf8 ? 1 : 3;
    for (size_t i = 0; i < n; i++) {
        const gd_label *l = &labels[i];
        int y = l->y - g->vy;
        if (l->w <= 0 || y < 0 || y >= h || w < 8)
            continue;
        int x0 = l->x - g->vx, x1 = x0 + l->w; /* pane columns [x0, x1) */
        if (x0 < w && x1 > w) /* cut on the right */
            for (int k = 0; k < dots; k++)
                term_glyph(&a->t, p->win, y + 1, w - k, a->t.utf8 ? 0x2026 : '.', at);
        if (x0 < 0 && x1 > 0) /* cut on the left */
            for (int k = 0; k < dots; k++)
                term_glyph(&a->t, p->win, y + 1, 1 + k, a->t.utf8 ? 0x2026 : '.', at);
    }
}

/* The rows the legend may take: a third of the pane, none in a very small one. */
static int graph_legend_max(const pane *p)
{
    int h = app_inner_h(p);
    int m = h / 3;
    if (h < 8)
        return 0;
    return m > GRAPH_LEGEND_ROWS ? GRAPH_LEGEND_ROWS : m;
}

/* The legend of the labels the drawing does not show whole (edgelegend.h), for the view
 * above it: its height and the view's depend on each other, so it grows until they agree
 * (a legend never shrinks the view below what it lists). Sets legend_rows (a rule and the
 * lines). */
static void graph_legend_lines(dbg_app *a, pane *p, const gd_label *labels, el_lines *out)
{
    graph_state *g = graph_of(a);
    int w = app_inner_w(p), max = graph_legend_max(p);
    int sel = layout_find(g->g, g->sel);
    g->legend_rows = 0;
    out->max = max > 1 ? max - 1 : 0;
    for (int round = 0; round < 4; round++) {
        el_view view = {g->vx, g->vy, w, graph_view_h(g, p)};
        edgelegend_lines(g->g, labels, sel, view, a->t.utf8, w - 1, out);
        int want = out->n ? out->n + 1 : 0;
        if (want <= g->legend_rows)
            break;
        g->legend_rows = want;
    }
}

static void graph_legend_draw(dbg_app *a, pane *p, const el_lines *out)
{
    graph_state *g = graph_of(a);
    if (!g->legend_rows)
        return;
    int w = app_inner_w(p);
    int top = app_inner_h(p) - g->legend_rows + 1; /* the rule's row in the window */
    attr_t at = a->t.role[ROLE_LABEL];
    for (int x = 0; x < w; x++)
        term_glyph(&a->t, p->win, top, 1 + x, 0x2500, a->t.role[ROLE_EDGE]);
    term_text(&a->t, p->win, top, 2, " labels ", 8, at);
    for (int r = 0; r + 1 < g->legend_rows; r++) {
        term_fill(p->win, top + 1 + r, 1, w, A_NORMAL);
        if (r < out->n)
            term_text(&a->t, p->win, top + 1 + r, 2, out->lines[r], w - 1, at);
    }
}

static void graph_blit(dbg_app *a, pane *p, const canvas *cv)
{
    graph_state *g = graph_of(a);
    int h = graph_view_h(g, p), w = app_inner_w(p);
    for (int y = 0; y < h; y++) {
        int cy = g->vy + y;
        if (cy >= cv->h)
            break;
        for (int x = 0; x < w; x++) {
            int cx = g->vx + x;
            if (cx >= cv->w)
                break;
            uint32_t gl = a->t.utf8 ? canvas_glyph(cv, cx, cy) : canvas_glyph_ascii(cv, cx, cy);
            if (!gl || gl == CV_WIDE_CONT)
                continue;
            const canvas_cell *c = canvas_at(cv, cx, cy);
            if (x == w - 1 && gl > 0x1100 && !(gl >= 0x2500 && gl < 0x2600))
                continue; /* a possibly wide char at the edge would spill over the border */
            term_glyph(&a->t, p->win, y + 1, x + 1, gl, a->t.role[c->role]);
        }
    }
}

/* " · as of Incr visit 2" when the graph shows the execution as of a visit picked. */
static void graph_as_of_text(dbg_app *a, char *buf, size_t n)
{
    long upto = graph_as_of(a), nth = 0;
    buf[0] = '\0';
    if (upto < 0)
        return;
    for (long i = 0; i <= upto; i++)
        nth += exec_visit_at(session_exec(a->sess), (size_t)i)->state == a->subj.state;
    snprintf(buf, n, "as of %s visit %ld", a->subj.state->name, nth);
}

static void graph_title(dbg_app *a, pane *p, char *buf, size_t n)
{
    graph_state *g = graph_of(a);
    char file[160];
    childexec_path(a, file, sizeof file);   /* the file, and the child executions entered */
    exec_frame_info f;
    const asl_state *cur = session_current_state(a->sess);
    char asof[200];
    graph_as_of_text(a, asof, sizeof asof);
    if (session_frame_info(a->sess, &f) && f.id != 0 && g->scope == f.owner) {
        char path[200];
        session_frame_path(a->sess, f.id, path, sizeof path);
        int k = snprintf(buf, n, childexec_depth(a) ? "1 %s › " : "1 ", file);
        if (k > 0 && (size_t)k < n)
            snprintf(buf + k, n - (size_t)k, "%s%s%s%s%s ", path, cur ? " › " : "",
                     cur ? cur->name : "", asof[0] ? " · " : "", asof);
    } else if (childexec_depth(a) > 0 && !g->scope) {
        snprintf(buf, n, "1 %s%s%s%s%s ", file, cur ? " › " : "", cur ? cur->name : "",
                 asof[0] ? " · " : "", asof);
    } else if (g->scope)
        snprintf(buf, n, "1 Graph ─ %s › %s · %s (Esc leaves)%s%s ", file, g->scope->name,
                 asl_state_type_name(g->scope->type), asof[0] ? " · " : "", asof);
    else /* as of a visit: that, not the file name, in the room there is */
        snprintf(buf, n, "1 Graph ─ %s%s ", asof[0] ? asof : file,
                 g->showing_outline ? " (outline)" : "");
}

/* Brings the selection into view above the legend it will have there, from the drawing's
 * top left corner: where the view is after a follow depends on the pane's size and the
 * selection only, not on the states drawn on the way (keys typed slowly or fast, a resize
 * between them). Moving the view can cut more labels, and a longer legend leaves fewer rows
 * to the drawing, so while the legend grows the selection is brought into view again (a
 * few rounds at most). */
static void graph_follow(dbg_app *a, pane *p, const gd_label *labels, int cv_w, el_lines *legend)
{
    graph_state *g = graph_of(a);
    g->vx = g->vy = 0;
    graph_legend_lines(a, p, labels, legend);
    for (int round = 0; round < 4; round++) {
        int rows = g->legend_rows;
        graph_show_node(a, p, layout_find(g->g, g->sel));
        graph_show_labels(a, p, labels, cv_w);
        graph_legend_lines(a, p, labels, legend);
        if (g->legend_rows <= rows)
            break;
    }
}

/* The view's offsets were chosen for the pane's size: at another size (a resize, the
 * status line shown or hidden) they are chosen again as a start at that size does, from
 * the top left corner with the selection brought into view, not kept from a smaller pane
 * (the drawing cut at the left with blank space at the right, its labels in the legend). */
static void graph_fit_to_size(graph_state *g, const pane *p)
{
    int w = app_inner_w(p), h = app_inner_h(p);
    if (w == g->fitted_w && h == g->fitted_h)
        return;
    g->fitted_w = w;
    g->fitted_h = h;
    g->vx = g->vy = 0;
    g->outline_top = 0;
    g->follow = true;
}

static void graph_draw(dbg_app *a, pane *p)
{
    graph_state *g = graph_of(a);
    if (g->relayout || !g->g)
        graph_relayout(a);
    graph_fit_to_size(g, p);
    int w = app_inner_w(p);
    g->showing_outline = g->outline == 1 ||
        (g->outline == -1 && (g->g->nnodes > GRAPH_OUTLINE_NODES || w < 24 || g->g->width > 6 * w));
    char title[300];
    graph_title(a, p, title, sizeof title);
    term_frame(&a->t, p->win, title, a->focus == PANE_GRAPH);
    graph_marks m;
    memset(&m, 0, sizeof m);
    graph_marks_build(a, &m);
    if (g->showing_outline) {
        g->legend_rows = 0;
        long selected = a->subj.kind == SUBJ_VISIT ? a->subj.visit : -1;
        graph_path_walk(session_exec(a->sess), selected, graph_as_of(a), outline_path_fn, &m);
        outline_draw(a, p, &m);
    } else {
        long selected = a->subj.kind == SUBJ_VISIT ? a->subj.visit : -1;
        uint8_t *path = graph_path_marks_upto(g->g, session_exec(a->sess), selected, graph_as_of(a));
        gd_label *labels = jv_xcalloc(g->g->nedges + 1, sizeof *labels);
        canvas *cv = graphdraw_render_full(g->g, graph_mark, &m, path, labels);
        free(path);
        char rows[GRAPH_LEGEND_ROWS][EL_LINE_MAX];
        el_lines legend = {rows, 0, 0, 0};
        if (g->follow) {
            graph_follow(a, p, labels, cv->w, &legend);
            g->follow = false;
        }
        graph_legend_lines(a, p, labels, &legend);
        graph_blit(a, p, cv);
        graph_cut_marks(a, p, labels, g->g->nedges);
        graph_legend_draw(a, p, &legend);
        canvas_free(cv);
        free(labels);
    }
    for (size_t i = 0; i < m.cap; i++)
        free(m.slots[i].path);
    free(m.slots);
}

/* ---- moving ---- */

/* The nearest node in direction (dx, dy) from node from, among those allowed marks (NULL:
 * all); -1 if none. */
static int graph_neighbour(const lay_graph *g, int from, int dx, int dy, const bool *allowed)
{
    const lay_node *f = &g->nodes[from];
    int fx = f->x + f->w / 2, fy = f->y + (f->block ? 0 : f->h / 2);
    int best = -1;
    long best_score = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        if ((int)i == from || (allowed && !allowed[i]))
            continue;
        const lay_node *n = &g->nodes[i];
        int nx = n->x + n->w / 2, ny = n->y + (n->block ? 0 : n->h / 2);
        int ddx = nx - fx, ddy = ny - fy;
        long along = dx ? (long)ddx * dx : (long)ddy * dy;
        long across = dx ? labs((long)ddy) : labs((long)ddx);
        if (along <= 0)
            continue;
        long score = along + 3 * across;
        if (best < 0 || score < best_score) {
            best = (int)i;
            best_score = score;
        }
    }
    return best;
}

/* The first of node from's successors (Next, the Choice rules in order, Default, Catch)
 * that the drawing shows, -1 if none. */
static int graph_first_successor(const lay_graph *g, int from)
{
    const asl_state *f = g->nodes[from].state;
    if (!f)
        return -1;
    size_t ns = 2 + f->choice.nrules + f->ncatchers;
    const asl_state **succ = jv_xcalloc(ns, sizeof *succ);
    size_t k = reach_successors(f, succ, ns);
    int to = -1;
    for (size_t j = 0; j < k && j < ns && to < 0; j++)
        to = layout_find(g, succ[j]);
    free(succ);
    return to;
}

/* Marks the nodes with a transition to node from; their count. */
static size_t graph_predecessors(const lay_graph *g, int from, bool *mark)
{
    size_t n = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const asl_state *s = g->nodes[i].state;
        mark[i] = false;
        if (!s || (int)i == from)
            continue;
        size_t ns = 2 + s->choice.nrules + s->ncatchers;
        const asl_state **succ = jv_xcalloc(ns, sizeof *succ);
        size_t k = reach_successors(s, succ, ns);
        for (size_t j = 0; j < k && j < ns && !mark[i]; j++)
            mark[i] = succ[j] == g->nodes[from].state;
        free(succ);
        n += mark[i];
    }
    return n;
}

/* j / k in the drawing: j to the successor (of several, the first in the definition's
 * order: Next, the rules, Default, Catch), k to the predecessor (of several, the nearest
 * above); with none, to the next row that way. The only successor is never skipped, however
 * the layout placed it. */
static int graph_along_edges(const lay_graph *g, int from, int dy)
{
    int to = -1;
    if (dy > 0) {
        to = graph_first_successor(g, from);
    } else {
        bool *mark = jv_xcalloc(g->nnodes ? g->nnodes : 1, sizeof *mark);
        size_t n = graph_predecessors(g, from, mark);
        if (n > 1)
            to = graph_neighbour(g, from, 0, dy, mark);
        for (size_t i = 0; to < 0 && n > 0 && i < g->nnodes; i++)
            if (mark[i])
                to = (int)i;
        free(mark);
    }
    return to >= 0 ? to : graph_neighbour(g, from, 0, dy, NULL);
}

static void graph_move(dbg_app *a, int dx, int dy)
{
    graph_state *g = graph_of(a);
    if (g->showing_outline) {
        outline_row *rows;
        size_t n = outline_rows(a, &rows);
        for (size_t i = 0; i < n; i++)
            if (rows[i].s == g->sel) {
                long k = (long)i + (dy ? dy : dx);
                if (k >= 0 && (size_t)k < n)
                    graph_pane_select(a, rows[k].s);
                break;
            }
        free(rows);
        return;
    }
    int from = layout_find(g->g, g->sel);
    if (from < 0) {
        if (g->g->nnodes)
            graph_pane_select(a, g->g->nodes[0].state);
        return;
    }
    int to = dy ? graph_along_edges(g->g, from, dy) : graph_neighbour(g->g, from, dx, 0, NULL);
    if (to >= 0)
        graph_pane_select(a, g->g->nodes[to].state);
}

static void graph_collapse_toggle(dbg_app *a)
{
    graph_state *g = graph_of(a);
    const asl_state *s = g->sel;
    if (!s || (s->type != ASL_PARALLEL && s->type != ASL_MAP) || !s->nbranches) {
        app_message(a, true, "only Parallel and Map blocks fold");
        return;
    }
    for (size_t i = 0; i < g->ncollapsed; i++)
        if (g->collapsed[i] == s) {
            g->collapsed[i] = g->collapsed[--g->ncollapsed];
            g->relayout = true;
            g->follow = true;
            app_dirty(a, PANE_GRAPH);
            return;
        }
    g->collapsed = jv_xrealloc(g->collapsed, (g->ncollapsed + 1) * sizeof *g->collapsed);
    g->collapsed[g->ncollapsed++] = s;
    g->relayout = true;
    g->follow = true;
    app_dirty(a, PANE_GRAPH);
}

static void graph_enter(dbg_app *a)
{
    graph_state *g = graph_of(a);
    const asl_state *s = g->sel;
    if (!s || !s->nbranches) {
        app_message(a, false, "%s is not a Map or Parallel block", s ? s->name : "nothing");
        return;
    }
    g->scope = s;
    g->relayout = true;
    graph_pane_select(a, s->branches[0]->start);
}

static void graph_leave(dbg_app *a)
{
    graph_state *g = graph_of(a);
    if (!g->scope)
        return;
    const asl_state *s = g->scope;
    const asl_machine *owner = s->owner;
    g->scope = owner && owner->parent ? owner->parent : NULL;
    g->relayout = true;
    graph_pane_select(a, s);
}

static bool graph_name_matches(const char *name, const char *needle)
{
    size_t m = strlen(needle);
    for (const char *p = name; *p; p++)
        if (!strncasecmp(p, needle, m))
            return true;
    return false;
}

/* . and , : the next or previous state whose name matches, in outline order (wrapping
 * around), said as "match 2 of 5". */
static void graph_search(dbg_app *a, int dir)
{
    graph_state *g = graph_of(a);
    if (!g->search[0]) {
        app_message(a, true, "no search: / searches state names");
        return;
    }
    outline_row *rows;
    size_t n = outline_rows(a, &rows);
    long at = -1;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].s == g->sel)
            at = (long)i;
        total += graph_name_matches(rows[i].s->name, g->search);
    }
    long start = at < 0 ? (dir > 0 ? -1 : (long)n) : at;
    for (size_t k = 1; k <= n; k++) {
        long i = ((start + dir * (long)k) % (long)n + (long)n) % (long)n;
        if (!graph_name_matches(rows[i].s->name, g->search))
            continue;
        size_t index = 0;
        for (long j = 0; j <= i; j++)
            index += graph_name_matches(rows[j].s->name, g->search);
        bool wrapped = dir > 0 ? i <= start : i >= start;
        graph_pane_reveal(a, rows[i].s);
        app_message(a, false, "'%s': match %zu of %zu%s", g->search, index, total,
                    wrapped ? (dir > 0 ? " (from the top)" : " (from the bottom)") : "");
        free(rows);
        return;
    }
    free(rows);
    app_message(a, true, "no state matches '%s'", g->search);
}

static bool graph_act(dbg_app *a, pane *p, ui_action act)
{
    graph_state *g = graph_of(a);
    switch (act) {
    case ACT_LEFT: graph_move(a, -1, 0); return true;
    case ACT_RIGHT: graph_move(a, 1, 0); return true;
    case ACT_UP: graph_move(a, 0, -1); return true;
    case ACT_DOWN: graph_move(a, 0, 1); return true;
    case ACT_PAGE_DOWN: g->vy += app_inner_h(p) / 2; app_dirty(a, PANE_GRAPH); return true;
    case ACT_PAGE_UP: g->vy -= app_inner_h(p) / 2; if (g->vy < 0) g->vy = 0; app_dirty(a, PANE_GRAPH); return true;
    case ACT_HOME: graph_pane_select(a, asl_definition_root(a->cfg.def)->start); return true;
    case ACT_END:
        if (session_current_state(a->sess))
            graph_pane_reveal(a, session_current_state(a->sess));
        return true;
    case ACT_ENTER: graph_enter(a); return true;
    case ACT_LEAVE:
        if (!g->scope)
            return false;
        graph_leave(a);
        return true;
    case ACT_FOLD: graph_collapse_toggle(a); return true;
    case ACT_SEARCH_NEXT: graph_search(a, 1); return true;
    case ACT_SEARCH_PREV: graph_search(a, -1); return true;
    case ACT_OUTLINE:
        g->outline = g->showing_outline ? 0 : 1;
        g->follow = true;
        app_dirty(a, PANE_GRAPH);
        return true;
    case ACT_COPY:
    case ACT_COPY_PATH:
        if (g->sel && term_osc52(&a->t, g->sel->name, strlen(g->sel->name)))
            app_message(a, false, "copied the state name (OSC 52)");
        return true;
    default:
        return false;
    }
}

static void graph_click(dbg_app *a, pane *p, int y, int x)
{
    graph_state *g = graph_of(a);
    if (y < 1 || x < 1 || !g->g)
        return;
    if (g->showing_outline) {
        outline_row *rows;
        size_t n = outline_rows(a, &rows);
        size_t k = (size_t)(g->outline_top + y - 1);
        if (k < n)
            graph_pane_select(a, rows[k].s);
        free(rows);
        return;
    }
    if (y > graph_view_h(g, p))
        return; /* the legend */
    canvas *cv = graphdraw_render(g->g, NULL, NULL);
    const canvas_cell *c = canvas_at(cv, g->vx + x - 1, g->vy + y - 1);
    int ni = c ? c->node : -1;
    canvas_free(cv);
    if (ni >= 0) {
        graph_pane_select(a, g->g->nodes[ni].state);
        g->follow = false;
    }
}

static void graph_wheel(dbg_app *a, pane *p, int delta)
{
    graph_state *g = graph_of(a);
    if (g->showing_outline) {
        graph_move(a, 0, delta > 0 ? 1 : -1);
        return;
    }
    g->vy += delta;
    if (g->g && g->vy > g->g->height - graph_view_h(g, p))
        g->vy = g->g->height - graph_view_h(g, p);
    if (g->vy < 0)
        g->vy = 0;
}

const pane_ops pane_graph_ops = {"graph", graph_create, graph_destroy, graph_draw, graph_act,
                                 graph_click, graph_wheel};
