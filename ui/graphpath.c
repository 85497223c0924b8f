/* graphpath — the edges an execution went along. See graphpath.h. */
#include "graphpath.h"

#include <stdlib.h>

#include "graphdraw.h"

typedef struct {
    const asl_state *state;
    int node;
} gp_node;

typedef struct {
    const lay_graph *g;
    gp_node *by_state;    /* the nodes sorted by state, for bsearch */
    size_t *first;        /* out-edges of node n: out[first[n]] .. out[first[n + 1] - 1] */
    size_t *out;          /* edge indexes, by source node, each node's in definition order */
    uint8_t *marks;
} gp_ctx;

static int gp_cmp(const void *a, const void *b)
{
    const asl_state *x = ((const gp_node *)a)->state, *y = ((const gp_node *)b)->state;
    return x < y ? -1 : x > y;
}

static int gp_node_of(const gp_ctx *c, const asl_state *s)
{
    gp_node key = {s, -1};
    const gp_node *n = bsearch(&key, c->by_state, c->g->nnodes, sizeof key, gp_cmp);
    return n ? n->node : -1;
}

static void gp_init(gp_ctx *c, const lay_graph *g)
{
    c->g = g;
    c->by_state = jv_xcalloc(g->nnodes + 1, sizeof *c->by_state);
    for (size_t i = 0; i < g->nnodes; i++)
        c->by_state[i] = (gp_node){g->nodes[i].state, (int)i};
    qsort(c->by_state, g->nnodes, sizeof *c->by_state, gp_cmp);
    c->first = jv_xcalloc(g->nnodes + 2, sizeof *c->first);
    c->out = jv_xcalloc(g->nedges + 1, sizeof *c->out);
    for (size_t i = 0; i < g->nedges; i++)
        c->first[g->edges[i].from + 2]++;
    for (size_t n = 2; n <= g->nnodes + 1; n++)
        c->first[n] += c->first[n - 1];
    for (size_t i = 0; i < g->nedges; i++) /* a stable counting sort: edge order kept */
        c->out[c->first[g->edges[i].from + 1]++] = i;
    c->marks = jv_xcalloc(g->nedges + 1, 1);
}

static void gp_cleanup(gp_ctx *c)
{
    free(c->by_state);
    free(c->first);
    free(c->out);
}

/* The edge visit v went along from node `from` to the state `to`, or -1. */
static long gp_edge(const gp_ctx *c, const exec_visit *v, int from, const asl_state *to)
{
    const choice_explain *x = exec_visit_choice(v);
    long nth_rule = 0, any = -1;
    lay_edge_kind want = exec_visit_details(v)->caught ? LAY_EDGE_CATCH : LAY_EDGE_NEXT;
    for (size_t k = c->first[from]; k < c->first[from + 1]; k++) {
        const lay_edge *e = &c->g->edges[c->out[k]];
        bool to_it = c->g->nodes[e->to].state == to;
        if (x && e->kind == LAY_EDGE_CHOICE && nth_rule++ == x->taken && to_it)
            return (long)c->out[k];
        if (x && x->default_taken && e->kind == LAY_EDGE_DEFAULT && to_it)
            return (long)c->out[k];
        if (!x && e->kind == want && to_it)
            return (long)c->out[k];
        if (to_it && any < 0)
            any = (long)c->out[k];
    }
    return any;
}

static void gp_mark(gp_ctx *c, const exec_visit *v, const asl_state *to, bool taken)
{
    int from = gp_node_of(c, v->state);
    if (from < 0 || !to || gp_node_of(c, to) < 0)
        return;
    long e = gp_edge(c, v, from, to);
    uint8_t m = taken ? GD_EDGE_TAKEN : GD_EDGE_PATH;
    if (e >= 0 && c->marks[e] < m)
        c->marks[e] = m;
}

/* A live frame's last visit goes on to the state the frame is about to run: a Choice to
 * the Next it chose; another state only once it is over (not a Task waiting, nor a
 * Parallel or Map whose children run). */
static const asl_state *gp_going_to(const sfn_exec *ex, const exec_visit *v)
{
    exec_frame_info info;
    if (!exec_frame_get(ex, v->frame, &info) || !info.state)
        return NULL;
    if (exec_visit_choice(v))
        return exec_visit_choice(v)->next;
    return info.state != v->state ? info.state : NULL;
}

/* The transition visit `picked` made: to the next visit in its frame, or (none yet) to the
 * state its frame is about to run. */
static void gp_walk_picked(const sfn_exec *ex, size_t picked, long selected, graph_path_fn fn,
                           void *user)
{
    const exec_visit *p = exec_visit_at(ex, picked);
    for (size_t i = picked + 1; i < exec_visit_count(ex); i++) {
        const exec_visit *v = exec_visit_at(ex, i);
        if (v->frame == p->frame) {
            fn(user, p, v->state, (long)picked == selected);
            return;
        }
    }
    fn(user, p, gp_going_to(ex, p), (long)picked == selected);
}

void graph_path_walk(const sfn_exec *ex, long selected, long upto, graph_path_fn fn, void *user)
{
    size_t nframes = exec_frame_limit(ex), nv = exec_visit_count(ex);
    if (upto >= 0 && (size_t)upto < nv)
        nv = (size_t)upto + 1;
    long *last = jv_xmalloc((nframes + 1) * sizeof *last);
    for (size_t f = 0; f <= nframes; f++)
        last[f] = -1;
    for (size_t i = 0; i < nv; i++) {
        const exec_visit *v = exec_visit_at(ex, i);
        if (v->frame < 0 || (size_t)v->frame >= nframes)
            continue;
        long p = last[v->frame];
        if (p >= 0)
            fn(user, exec_visit_at(ex, (size_t)p), v->state, p == selected);
        last[v->frame] = (long)i;
    }
    if (nv < exec_visit_count(ex)) /* as of a visit picked: where it went, nothing after */
        gp_walk_picked(ex, (size_t)upto, selected, fn, user);
    else
        for (size_t f = 0; f < nframes; f++) {
            if (last[f] < 0)
                continue;
            const exec_visit *v = exec_visit_at(ex, (size_t)last[f]);
            fn(user, v, gp_going_to(ex, v), last[f] == selected);
        }
    free(last);
}

static void gp_mark_fn(void *user, const exec_visit *from, const asl_state *to, bool taken)
{
    gp_mark(user, from, to, taken);
}

uint8_t *graph_path_marks_upto(const lay_graph *g, const sfn_exec *ex, long selected, long upto)
{
    gp_ctx c;
    gp_init(&c, g);
    graph_path_walk(ex, selected, upto, gp_mark_fn, &c);
    gp_cleanup(&c);
    return c.marks;
}

uint8_t *graph_path_marks(const lay_graph *g, const sfn_exec *ex, long selected)
{
    return graph_path_marks_upto(g, ex, selected, -1);
}

int graph_path_slot(const exec_visit *v, const asl_state *to)
{
    const asl_state *s = v->state;
    const choice_explain *x = exec_visit_choice(v);
    int rules = (int)s->choice.nrules;
    if (x && x->taken >= 0 && x->taken < rules)
        return 1 + (int)x->taken;
    if (x && x->default_taken)
        return 1 + rules;
    const exec_visit_detail *d = exec_visit_details(v);
    if (d->caught && d->catch_index >= 0 && (size_t)d->catch_index < s->ncatchers)
        return 2 + rules + (int)d->catch_index;
    for (size_t j = 0; exec_visit_details(v)->caught && j < s->ncatchers; j++)
        if (s->catchers[j].next == to)
            return 2 + rules + (int)j;
    return s->next == to ? 0 : -1;
}
