/* layout — layered graph layout of a definition. See layout.h for the method. */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "jv_text.h"

/* room around a box for the breakpoint glyph (left) and the retry count (right) */
#define LAY_LPAD 2
#define LAY_RPAD 4
#define LAY_BOX_H 3
#define LAY_BRANCH_GAP 3
#define LAY_MACHINE_GAP 4
#define LAY_SWEEPS 4

/* ---- growable arrays (abort on OOM through the engine's x-allocators) ---- */

static void *lay_grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < need)
        nc *= 2;
    *cap = nc;
    return jv_xrealloc(p, nc * elem);
}

/* ---- text ---- */

int layout_text_width(const char *s)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    int w = 0;
    size_t len = strlen(s);
    while (len > 0) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, s, len, &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            /* not decodable here (a locale that is not UTF-8): one cell per UTF-8
             * character, as term_text draws it */
            memset(&st, 0, sizeof st);
            w++;
            s++;
            len--;
            while (len > 0 && ((unsigned char)*s & 0xC0) == 0x80) {
                s++;
                len--;
            }
            continue;
        }
        int cw = wcwidth(wc);
        w += cw < 0 ? 1 : cw;
        s += k;
        len -= k;
    }
    return w;
}

static const char *lay_op_symbol(const asl_choice_rule *r)
{
    switch (r->op) {
    case ASL_OP_EQ: return "==";
    case ASL_OP_LT: return "<";
    case ASL_OP_GT: return ">";
    case ASL_OP_LE: return "<=";
    case ASL_OP_GE: return ">=";
    }
    return "?";
}

static void lay_append(char *buf, size_t n, const char *s)
{
    size_t l = strlen(buf);
    if (l + 1 < n)
        snprintf(buf + l, n - l, "%s", s);
}

static void lay_rule_text(const asl_choice_rule *r, char *buf, size_t n, int depth)
{
    if (depth > 4) {
        lay_append(buf, n, "…");
        return;
    }
    if (r->kind == ASL_RULE_NOT) {
        lay_append(buf, n, "not ");
        if (r->nchildren)
            lay_rule_text(&r->children[0], buf, n, depth + 1);
        return;
    }
    if (r->kind == ASL_RULE_AND || r->kind == ASL_RULE_OR) {
        lay_append(buf, n, "(");
        for (size_t i = 0; i < r->nchildren; i++) {
            if (i)
                lay_append(buf, n, r->kind == ASL_RULE_AND ? " and " : " or ");
            lay_rule_text(&r->children[i], buf, n, depth + 1);
        }
        lay_append(buf, n, ")");
        return;
    }
    lay_append(buf, n, r->variable ? jsonpath_text(r->variable) : "?");
    bool yes = !r->operand || jv_is_true(r->operand);
    switch (r->cmp) {
    case ASL_CMP_IS_NULL: lay_append(buf, n, yes ? " is null" : " not null"); return;
    case ASL_CMP_IS_PRESENT: lay_append(buf, n, yes ? " present" : " absent"); return;
    case ASL_CMP_IS_NUMERIC: lay_append(buf, n, yes ? " is number" : " not number"); return;
    case ASL_CMP_IS_STRING: lay_append(buf, n, yes ? " is string" : " not string"); return;
    case ASL_CMP_IS_BOOLEAN: lay_append(buf, n, yes ? " is bool" : " not bool"); return;
    case ASL_CMP_IS_TIMESTAMP: lay_append(buf, n, yes ? " is time" : " not time"); return;
    case ASL_CMP_STRING_MATCHES: lay_append(buf, n, " ~ "); break;
    default:
        lay_append(buf, n, " ");
        lay_append(buf, n, lay_op_symbol(r));
        lay_append(buf, n, " ");
        break;
    }
    if (r->operand_path) {
        lay_append(buf, n, jsonpath_text(r->operand_path));
    } else if (r->operand) {
        char *t = jv_dump_string(r->operand, 0);
        lay_append(buf, n, t);
        free(t);
    }
}

void layout_cut(char *s, int max)
{
    if (layout_text_width(s) <= max)
        return;
    size_t n = strlen(s);
    while (n > 0) {
        do
            n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
        s[n] = '\0';
        if (layout_text_width(s) + 1 <= max)
            break;
    }
    lay_append(s, (size_t)n + 4, "…");
}

void layout_rule_label(const asl_choice_rule *r, char *buf, size_t n)
{
    if (!n)
        return;
    buf[0] = '\0';
    lay_rule_text(r, buf, n, 0);
}

/* ---- the builder ---- */

typedef struct {
    lay_graph *g;
    size_t ncap, ecap;
    lay_options o;
    int nlegend;       /* labels numbered so far */
} lay_ctx;

/* One vertex of a machine's layered graph: a state (node >= 0) or a dummy on a long edge. */
typedef struct {
    int node;      /* global node index, -1 for a dummy */
    int w, h;
    int layer;
    int order;     /* position within the layer */
    double key;    /* barycenter / desired position while sorting */
    int x;         /* left edge, machine-local */
    int rpad;      /* room on the right: marks, and the labels of edges coming in */
    int port_lo;   /* first column (from x) where edges may come in: after a block's title */
} lay_vertex;

/* One logical edge of a machine before routing. */
typedef struct {
    int u, v;          /* vertex indexes (states) */
    lay_edge_kind kind;
    char label[LAY_LABEL_MAX];   /* as drawn */
    char *full;                  /* owned until emitted */
    int legend;
    bool back;
    int *chain;        /* vertices from u to v, dummies included (forward edges) */
    int nchain;
    int lane;          /* back edges: lane number */
    int in_port;       /* x of the port on v's top */
} lay_medge;

/* A horizontal segment request in a channel. */
typedef struct {
    int key;           /* segments with the same key share a track (a bus) */
    int lo, hi;
    int track;
} lay_seg;

typedef struct {
    lay_seg *segs;
    size_t nsegs, cap;
    int ntracks;
    int y, h;          /* first row and height */
    bool stem;         /* has a stem row on top (sources above) */
} lay_channel;

typedef struct {
    lay_vertex *v;
    size_t nv, vcap;
    lay_medge *e;
    size_t ne, ecap;
    int nlayers;
    int **layer;       /* vertex ids per layer, in order */
    int *layer_n;
    int *layer_y, *layer_h;
    lay_channel *ch;   /* nlayers + 1 channels; channel k is above layer k */
    int *up_first, *up;   /* neighbours in the layer above, CSR by vertex */
    int *dn_first, *dn;   /* neighbours in the layer below */
    int width, height, lanes_x;
} lay_machine_ctx;

static int lay_add_node(lay_ctx *c, const asl_state *s, int parent)
{
    lay_graph *g = c->g;
    g->nodes = lay_grow(g->nodes, &c->ncap, g->nnodes + 1, sizeof *g->nodes);
    lay_node *n = &g->nodes[g->nnodes];
    memset(n, 0, sizeof *n);
    n->state = s;
    n->parent = parent;
    return (int)g->nnodes++;
}

static int lay_add_vertex(lay_machine_ctx *m, int node, int w, int h)
{
    m->v = lay_grow(m->v, &m->vcap, m->nv + 1, sizeof *m->v);
    lay_vertex *v = &m->v[m->nv];
    memset(v, 0, sizeof *v);
    v->node = node;
    v->w = w;
    v->h = h;
    v->rpad = LAY_RPAD;
    v->port_lo = 2;
    return (int)m->nv++;
}

static void lay_translate(lay_ctx *c, size_t n0, size_t e0, int dx, int dy)
{
    for (size_t i = n0; i < c->g->nnodes; i++) {
        c->g->nodes[i].x += dx;
        c->g->nodes[i].y += dy;
    }
    for (size_t i = e0; i < c->g->nedges; i++) {
        lay_edge *e = &c->g->edges[i];
        for (size_t k = 0; k < e->npts; k++) {
            e->pts[k].x += dx;
            e->pts[k].y += dy;
        }
        e->label_x += dx;
        if (e->label_y >= 0)
            e->label_y += dy;
    }
}

static bool lay_is_block(const lay_ctx *c, const asl_state *s)
{
    if ((s->type != ASL_PARALLEL && s->type != ASL_MAP) || s->nbranches == 0)
        return false;
    return !(c->o.collapsed && c->o.collapsed(c->o.user, s));
}

static void lay_machine(lay_ctx *c, const asl_machine *m, int parent, int *w, int *h);

/* Lays out the branches of block node bi at block-local coordinates; sets its size. */
static void lay_block(lay_ctx *c, int bi)
{
    const asl_state *s = c->g->nodes[bi].state;
    int x = 2, maxh = 0;
    for (size_t b = 0; b < s->nbranches; b++) {
        size_t n0 = c->g->nnodes, e0 = c->g->nedges;
        int bw, bh;
        lay_machine(c, s->branches[b], bi, &bw, &bh);
        lay_translate(c, n0, e0, x, 2);
        x += bw + LAY_BRANCH_GAP;
        if (bh > maxh)
            maxh = bh;
    }
    int title = layout_text_width(s->name) + layout_text_width(asl_state_type_name(s->type)) + 14;
    int w = x - LAY_BRANCH_GAP + 2;
    c->g->nodes[bi].w = w > title ? w : title;
    c->g->nodes[bi].h = maxh + 3;
    c->g->nodes[bi].block = true;
}

size_t layout_inner_states(const asl_state *s)
{
    size_t n = 0;
    if (s->type != ASL_PARALLEL && s->type != ASL_MAP)
        return 0;
    for (size_t b = 0; b < s->nbranches; b++)
        for (size_t i = 0; i < s->branches[b]->nstates; i++)
            n += 1 + layout_inner_states(s->branches[b]->states[i]);
    return n;
}

void layout_collapsed_label(const asl_state *s, char *buf, size_t n)
{
    size_t k = layout_inner_states(s);
    snprintf(buf, n, "%s \xe2\x96\xb8 %zu state%s", s->name, k, k == 1 ? "" : "s");
}

static int lay_box_width(const lay_ctx *c, const asl_state *s, bool collapsed)
{
    char label[300];
    if (collapsed)
        layout_collapsed_label(s, label, sizeof label);
    int tw = layout_text_width(collapsed ? label : s->name);
    int cap = c->o.max_name + (collapsed ? 12 : 0); /* the count stays readable */
    if (tw > cap)
        tw = cap;
    return tw + 6;
}

static int lay_local_index(const asl_machine *m, const asl_state *s)
{
    for (size_t i = 0; i < m->nstates; i++)
        if (m->states[i] == s)
            return (int)i;
    return -1;
}

/* Numbers the label (its legend number) and sets the text drawn: the label itself when it
 * fits in LAY_LABEL_CELLS, else "[n] start…". */
static void lay_short_label(lay_ctx *c, lay_medge *e, const char *full)
{
    e->legend = ++c->nlegend;
    if (layout_text_width(full) <= LAY_LABEL_CELLS) {
        snprintf(e->label, sizeof e->label, "%s", full);
        return;
    }
    int hl = snprintf(e->label, sizeof e->label, "[%d] ", e->legend);
    char rest[LAY_LABEL_MAX];
    snprintf(rest, sizeof rest, "%s", full);
    layout_cut(rest, LAY_LABEL_CELLS - hl);
    lay_append(e->label, sizeof e->label, rest);
}

static void lay_add_medge(lay_ctx *c, lay_machine_ctx *mc, int u, int v, lay_edge_kind kind,
                          const char *label)
{
    if (v < 0)
        return;
    mc->e = lay_grow(mc->e, &mc->ecap, mc->ne + 1, sizeof *mc->e);
    lay_medge *e = &mc->e[mc->ne++];
    memset(e, 0, sizeof *e);
    e->u = u;
    e->v = v;
    e->kind = kind;
    if (label && label[0]) {
        e->full = jv_xstrdup(label);
        lay_short_label(c, e, label);
    }
}

static void lay_collect_edges(lay_ctx *c, const asl_machine *m, lay_machine_ctx *mc)
{
    for (size_t i = 0; i < m->nstates; i++) {
        const asl_state *s = m->states[i];
        int u = (int)i;
        if (s->next)
            lay_add_medge(c, mc, u, lay_local_index(m, s->next), LAY_EDGE_NEXT, NULL);
        for (size_t k = 0; k < s->choice.nrules; k++) {
            char label[512];
            layout_rule_label(&s->choice.rules[k], label, sizeof label);
            lay_add_medge(c, mc, u, lay_local_index(m, s->choice.rules[k].next), LAY_EDGE_CHOICE,
                          label);
        }
        if (s->choice.default_state)
            lay_add_medge(c, mc, u, lay_local_index(m, s->choice.default_state), LAY_EDGE_DEFAULT,
                          "default");
        for (size_t k = 0; k < s->ncatchers; k++) {
            char label[512] = "";
            const asl_catcher *ct = &s->catchers[k];
            for (size_t j = 0; j < ct->nerrors; j++) {
                if (j)
                    lay_append(label, sizeof label, ", ");
                lay_append(label, sizeof label, ct->errors[j]);
            }
            lay_add_medge(c, mc, u, lay_local_index(m, ct->next), LAY_EDGE_CATCH, label);
        }
    }
}

/* A state with k edges coming in gets room on its top for k ports two columns apart (one
 * blank between), so that no two arrive in one line. */
static void lay_port_room(lay_ctx *c, lay_machine_ctx *mc, size_t node0)
{
    int *cnt = jv_xcalloc(mc->nv + 1, sizeof *cnt);
    for (size_t i = 0; i < mc->ne; i++)
        cnt[mc->e[i].v]++;
    for (size_t i = 0; i < mc->nv; i++) {
        lay_vertex *v = &mc->v[i];
        int need = v->port_lo + 2 * cnt[i] + 1;
        if (v->node < 0 || cnt[i] < 2 || v->w >= need)
            continue;
        v->w = need;
        c->g->nodes[node0 + i].w = need;
    }
    free(cnt);
}

/* A label starts two cells right of its edge's in-port, which lay_assign_in_ports puts in
 * the middle of the state's top when it is the only edge coming in, anywhere up to three
 * cells from the right end when there are more: keep room for it on the right (and one
 * blank after it), so that it stays inside the graph. */
static void lay_label_room(lay_machine_ctx *mc)
{
    int *cnt = jv_xcalloc(mc->nv + 1, sizeof *cnt);
    for (size_t i = 0; i < mc->ne; i++)
        cnt[mc->e[i].v]++;
    for (size_t i = 0; i < mc->ne; i++) {
        lay_vertex *v = &mc->v[mc->e[i].v];
        if (!mc->e[i].label[0])
            continue;
        int hi = v->w - 3, lo = v->port_lo > hi ? hi : v->port_lo;
        int port = cnt[mc->e[i].v] == 1 ? (lo + hi + 1) / 2 : hi;
        int need = port + 3 + layout_text_width(mc->e[i].label) - v->w;
        if (need > v->rpad)
            v->rpad = need;
    }
    free(cnt);
}

/* ---- 1. cycle breaking ---- */

static void lay_break_cycles(const asl_machine *m, lay_machine_ctx *mc)
{
    size_t n = m->nstates;
    /* adjacency in edge order */
    int *first = jv_xcalloc(n + 1, sizeof *first);
    int *adj = jv_xmalloc((mc->ne + 1) * sizeof *adj);
    for (size_t i = 0; i < mc->ne; i++)
        first[mc->e[i].u + 1]++;
    for (size_t i = 0; i < n; i++)
        first[i + 1] += first[i];
    int *fill = jv_xcalloc(n + 1, sizeof *fill);
    for (size_t i = 0; i < mc->ne; i++) {
        int u = mc->e[i].u;
        adj[first[u] + fill[u]++] = (int)i;
    }
    char *state = jv_xcalloc(n + 1, 1); /* 0 new, 1 on stack, 2 done */
    int *stack = jv_xmalloc((n + 1) * sizeof *stack);
    int *it = jv_xcalloc(n + 1, sizeof *it);
    int start = m->start ? lay_local_index(m, m->start) : 0;
    for (size_t r = 0; r <= n; r++) {
        int root = r == 0 ? start : (int)r - 1;
        if (root < 0 || (size_t)root >= n || state[root])
            continue;
        int sp = 0;
        stack[sp++] = root;
        state[root] = 1;
        while (sp > 0) {
            int u = stack[sp - 1];
            if (it[u] < first[u + 1] - first[u]) {
                int ei = adj[first[u] + it[u]++];
                int v = mc->e[ei].v;
                if (state[v] == 1)
                    mc->e[ei].back = true;
                else if (state[v] == 0) {
                    state[v] = 1;
                    stack[sp++] = v;
                }
            } else {
                state[u] = 2;
                sp--;
            }
        }
    }
    free(first);
    free(adj);
    free(fill);
    free(state);
    free(stack);
    free(it);
}

/* ---- 2. layering ---- */

static void lay_assign_layers(size_t n, lay_machine_ctx *mc)
{
    /* longest path by relaxation in topological order (Kahn) */
    int *indeg = jv_xcalloc(n + 1, sizeof *indeg);
    for (size_t i = 0; i < mc->ne; i++)
        if (!mc->e[i].back)
            indeg[mc->e[i].v]++;
    /* the edges out of each state (CSR) */
    int *first = jv_xcalloc(n + 2, sizeof *first);
    int *out = jv_xmalloc((mc->ne + 1) * sizeof *out);
    for (size_t i = 0; i < mc->ne; i++)
        first[mc->e[i].u + 1]++;
    for (size_t i = 0; i < n; i++)
        first[i + 1] += first[i];
    int *fill = jv_xcalloc(n + 1, sizeof *fill);
    for (size_t i = 0; i < mc->ne; i++)
        out[first[mc->e[i].u] + fill[mc->e[i].u]++] = (int)i;
    free(fill);
    int *queue = jv_xmalloc((n + 1) * sizeof *queue);
    size_t qh = 0, qt = 0;
    for (size_t i = 0; i < n; i++)
        if (!indeg[i])
            queue[qt++] = (int)i;
    while (qh < qt) {
        int u = queue[qh++];
        for (int k = first[u]; k < first[u + 1]; k++) {
            lay_medge *e = &mc->e[out[k]];
            if (e->back)
                continue;
            if (mc->v[e->v].layer < mc->v[u].layer + 1)
                mc->v[e->v].layer = mc->v[u].layer + 1;
            if (--indeg[e->v] == 0)
                queue[qt++] = e->v;
        }
    }
    mc->nlayers = 0;
    for (size_t i = 0; i < n; i++)
        if (mc->v[i].layer + 1 > mc->nlayers)
            mc->nlayers = mc->v[i].layer + 1;
    free(indeg);
    free(queue);
    free(first);
    free(out);
}

/* Splits forward edges spanning several layers with dummy vertices. */
static void lay_add_dummies(lay_machine_ctx *mc)
{
    for (size_t i = 0; i < mc->ne; i++) {
        lay_medge *e = &mc->e[i];
        if (e->back)
            continue;
        int lu = mc->v[e->u].layer, lv = mc->v[e->v].layer;
        e->nchain = lv - lu + 1;
        e->chain = jv_xmalloc((size_t)e->nchain * sizeof *e->chain);
        e->chain[0] = e->u;
        e->chain[e->nchain - 1] = e->v;
        for (int k = 1; k < e->nchain - 1; k++) {
            int d = lay_add_vertex(mc, -1, 1, 1);
            mc->v[d].layer = lu + k;
            e = &mc->e[i]; /* lay_add_vertex does not move edges, but keep it obvious */
            e->chain[k] = d;
        }
    }
}

/* ---- 3. ordering ---- */

/* qsort has no user pointer: the vertices being sorted (set just before each sort) */
static const lay_vertex *lay_sort_v;

static int lay_cmp_key(const void *a, const void *b)
{
    const lay_vertex *va = &lay_sort_v[*(const int *)a], *vb = &lay_sort_v[*(const int *)b];
    if (va->key < vb->key)
        return -1;
    if (va->key > vb->key)
        return 1;
    return va->order - vb->order;
}

static void lay_build_layers(lay_machine_ctx *mc)
{
    mc->layer = jv_xcalloc((size_t)mc->nlayers, sizeof *mc->layer);
    mc->layer_n = jv_xcalloc((size_t)mc->nlayers, sizeof *mc->layer_n);
    for (size_t i = 0; i < mc->nv; i++)
        mc->layer_n[mc->v[i].layer]++;
    for (int l = 0; l < mc->nlayers; l++) {
        mc->layer[l] = jv_xmalloc(((size_t)mc->layer_n[l] + 1) * sizeof **mc->layer);
        mc->layer_n[l] = 0;
    }
    /* initial order: states in definition order, dummies after their edge's source */
    for (size_t i = 0; i < mc->nv; i++) {
        int l = mc->v[i].layer;
        mc->layer[l][mc->layer_n[l]++] = (int)i;
    }
    for (int l = 0; l < mc->nlayers; l++)
        for (int k = 0; k < mc->layer_n[l]; k++)
            mc->v[mc->layer[l][k]].order = k;
}

static void lay_build_csr(lay_machine_ctx *mc, bool upward, int **first_out, int **list_out)
{
    int *first = jv_xcalloc(mc->nv + 2, sizeof *first);
    size_t total = 0;
    for (size_t i = 0; i < mc->ne; i++)
        for (int k = 0; k + 1 < mc->e[i].nchain; k++) {
            first[(upward ? mc->e[i].chain[k + 1] : mc->e[i].chain[k]) + 1]++;
            total++;
        }
    for (size_t i = 0; i < mc->nv; i++)
        first[i + 1] += first[i];
    int *list = jv_xmalloc((total + 1) * sizeof *list);
    int *fill = jv_xcalloc(mc->nv + 1, sizeof *fill);
    for (size_t i = 0; i < mc->ne; i++)
        for (int k = 0; k + 1 < mc->e[i].nchain; k++) {
            int a = mc->e[i].chain[k], b = mc->e[i].chain[k + 1];
            int self = upward ? b : a, other = upward ? a : b;
            list[first[self] + fill[self]++] = other;
        }
    free(fill);
    *first_out = first;
    *list_out = list;
}

/* The barycenter of v's neighbours' orders (or centers) in the layer above (down) or below. */
static bool lay_barycenter(const lay_machine_ctx *mc, int vid, bool down, bool centers, double *out)
{
    const int *first = down ? mc->up_first : mc->dn_first;
    const int *list = down ? mc->up : mc->dn;
    int cnt = first[vid + 1] - first[vid];
    if (!cnt)
        return false;
    double sum = 0;
    for (int k = first[vid]; k < first[vid + 1]; k++) {
        const lay_vertex *o = &mc->v[list[k]];
        sum += centers ? o->x + o->w / 2 : o->order;
    }
    *out = sum / cnt;
    return true;
}

static void lay_sort_layer(lay_machine_ctx *mc, int l, bool down)
{
    for (int k = 0; k < mc->layer_n[l]; k++) {
        lay_vertex *v = &mc->v[mc->layer[l][k]];
        double b;
        v->key = lay_barycenter(mc, mc->layer[l][k], down, false, &b) ? b : v->order;
    }
    lay_sort_v = mc->v;
    qsort(mc->layer[l], (size_t)mc->layer_n[l], sizeof **mc->layer, lay_cmp_key);
    for (int k = 0; k < mc->layer_n[l]; k++)
        mc->v[mc->layer[l][k]].order = k;
}

static void lay_order(lay_machine_ctx *mc)
{
    for (int s = 0; s < LAY_SWEEPS; s++) {
        for (int l = 1; l < mc->nlayers; l++)
            lay_sort_layer(mc, l, true);
        for (int l = mc->nlayers - 2; l >= 0; l--)
            lay_sort_layer(mc, l, false);
    }
    for (int l = 1; l < mc->nlayers; l++)
        lay_sort_layer(mc, l, true);
}

/* ---- 4. x placement ---- */

static int lay_lpad(const lay_vertex *v) { return v->node < 0 ? 1 : LAY_LPAD; }
static int lay_rpad(const lay_vertex *v) { return v->node < 0 ? 1 : v->rpad; }

/* Desired left x of v from the centers of its neighbours above (down) or below. */
static bool lay_desired(const lay_machine_ctx *mc, int vid, bool down, double *out)
{
    double b;
    if (!lay_barycenter(mc, vid, down, true, &b))
        return false;
    *out = b - mc->v[vid].w / 2;
    return true;
}

/* Places a layer's vertices as close to their desired x as the order and the gaps allow
 * (least squares under order constraints: adjacent violators are pooled into blocks). */
static void lay_place_layer(lay_machine_ctx *mc, int l, const double *want)
{
    int n = mc->layer_n[l];
    int *ids = mc->layer[l];
    double *off = jv_xmalloc(((size_t)n + 1) * sizeof *off);   /* offset within its block */
    int *bstart = jv_xmalloc(((size_t)n + 1) * sizeof *bstart);
    double *bsum = jv_xmalloc(((size_t)n + 1) * sizeof *bsum);
    int *bcnt = jv_xmalloc(((size_t)n + 1) * sizeof *bcnt);
    double *bpos = jv_xmalloc(((size_t)n + 1) * sizeof *bpos);
    int nb = 0;
    for (int k = 0; k < n; k++) {
        bstart[nb] = k;
        off[k] = 0;
        bsum[nb] = want[k];
        bcnt[nb] = 1;
        bpos[nb] = want[k];
        nb++;
        while (nb > 1) {
            int pb = nb - 2, cb = nb - 1;
            int last = bstart[cb] - 1;
            const lay_vertex *lv = &mc->v[ids[last]], *fv = &mc->v[ids[bstart[cb]]];
            double need = lv->w + lay_rpad(lv) + lay_lpad(fv);
            double prev_end = bpos[pb] + off[last] + need;
            if (prev_end <= bpos[cb])
                break;
            /* merge cb into pb */
            double shift = off[last] + need;
            for (int j = bstart[cb]; j < (cb + 1 < nb ? bstart[cb + 1] : n) && j <= k; j++)
                off[j] += shift;
            bsum[pb] += bsum[cb] - shift * bcnt[cb];
            bcnt[pb] += bcnt[cb];
            bpos[pb] = bsum[pb] / bcnt[pb];
            nb--;
        }
    }
    for (int b = 0; b < nb; b++) {
        int end = b + 1 < nb ? bstart[b + 1] : n;
        for (int k = bstart[b]; k < end; k++)
            mc->v[ids[k]].x = (int)(bpos[b] + off[k] + (bpos[b] + off[k] >= 0 ? 0.5 : -0.5));
    }
    /* rounding may have broken a gap by one cell: repair left to right */
    for (int k = 1; k < n; k++) {
        lay_vertex *a = &mc->v[ids[k - 1]], *b = &mc->v[ids[k]];
        int minx = a->x + a->w + lay_rpad(a) + lay_lpad(b);
        if (b->x < minx)
            b->x = minx;
    }
    free(off);
    free(bstart);
    free(bsum);
    free(bcnt);
    free(bpos);
}

static void lay_place_pass(lay_machine_ctx *mc, int l, bool down)
{
    int n = mc->layer_n[l];
    double *want = jv_xmalloc(((size_t)n + 1) * sizeof *want);
    for (int k = 0; k < n; k++) {
        int vid = mc->layer[l][k];
        double d;
        want[k] = lay_desired(mc, vid, down, &d) ? d : mc->v[vid].x;
    }
    lay_place_layer(mc, l, want);
    free(want);
}

static void lay_place_x(lay_machine_ctx *mc)
{
    for (int l = 0; l < mc->nlayers; l++) {
        int x = 0;
        for (int k = 0; k < mc->layer_n[l]; k++) {
            lay_vertex *v = &mc->v[mc->layer[l][k]];
            x += lay_lpad(v);
            v->x = x;
            x += v->w + lay_rpad(v);
        }
    }
    for (int it = 0; it < 3; it++) {
        for (int l = 1; l < mc->nlayers; l++)
            lay_place_pass(mc, l, true);
        if (it == 2)
            break;
        for (int l = mc->nlayers - 2; l >= 0; l--)
            lay_place_pass(mc, l, false);
    }
    int minx = 0;
    for (size_t i = 0; i < mc->nv; i++)
        if (mc->v[i].x - lay_lpad(&mc->v[i]) < minx)
            minx = mc->v[i].x - lay_lpad(&mc->v[i]);
    mc->width = 0;
    for (size_t i = 0; i < mc->nv; i++) {
        mc->v[i].x -= minx;
        int r = mc->v[i].x + mc->v[i].w + lay_rpad(&mc->v[i]);
        if (r > mc->width)
            mc->width = r;
    }
}

/* ---- 5. routing ---- */

static int lay_out_port(const lay_vertex *v, lay_edge_kind kind)
{
    if (v->node < 0)
        return v->x;
    if (kind == LAY_EDGE_CATCH && v->w >= 8)
        return v->x + v->w - 3;
    return v->x + v->w / 2;
}

typedef struct {
    int from_x, edge, key;
} lay_port_req;

static int lay_cmp_port(const void *a, const void *b)
{
    const lay_port_req *x = a, *y = b;
    if (x->from_x != y->from_x)
        return (x->from_x > y->from_x) - (x->from_x < y->from_x);
    return (x->edge > y->edge) - (x->edge < y->edge);
}

/* Segment keys: a state's ordinary out-edges share its bus, catch edges another; hops out
 * of dummies and back-edge legs are their own. */
static int lay_key_bus(int vid, lay_edge_kind kind) { return vid * 2 + (kind == LAY_EDGE_CATCH); }
/* (hop k of an edge, or leg k of a back edge: one key per edge and k, whatever k) */
static int lay_key_own(const lay_machine_ctx *mc, int edge, int leg)
{
    return -(edge + leg * (int)mc->ne) - 1;
}

/* The key of hop k (from chain[k]) of forward edge ei. */
static int lay_hop_key(const lay_machine_ctx *mc, int ei, int k)
{
    const lay_medge *e = &mc->e[ei];
    return mc->v[e->chain[k]].node >= 0 ? lay_key_bus(e->chain[k], e->kind) : lay_key_own(mc, ei, k);
}

/* Where lines leave the layer above a channel: a column and the key of its segment. */
typedef struct {
    int x, key;
} lay_stem;

typedef struct {
    int *first;        /* CSR by channel */
    lay_stem *list;
} lay_stems;

static void lay_stem_visit(const lay_machine_ctx *mc, lay_stems *st, int *fill, bool count)
{
    for (size_t i = 0; i < mc->ne; i++) {
        const lay_medge *e = &mc->e[i];
        int nh = e->back ? 1 : e->nchain - 1;
        for (int k = 0; k < nh; k++) {
            const lay_vertex *a = &mc->v[e->back ? e->u : e->chain[k]];
            int c = a->layer + 1;
            if (count) {
                st->first[c + 1]++;
                continue;
            }
            int key = e->back ? lay_key_bus(e->u, e->kind) : lay_hop_key(mc, (int)i, k);
            st->list[st->first[c] + fill[c]++] = (lay_stem){lay_out_port(a, e->kind), key};
        }
    }
}

static void lay_stems_build(const lay_machine_ctx *mc, lay_stems *st)
{
    size_t nc = (size_t)mc->nlayers + 2;
    st->first = jv_xcalloc(nc + 1, sizeof *st->first);
    lay_stem_visit(mc, st, NULL, true);
    for (size_t c = 0; c < nc; c++)
        st->first[c + 1] += st->first[c];
    st->list = jv_xmalloc(((size_t)st->first[nc] + 1) * sizeof *st->list);
    int *fill = jv_xcalloc(nc + 1, sizeof *fill);
    lay_stem_visit(mc, st, fill, false);
    free(fill);
}

/* Does another edge family's line leave the layer above channel c at column x? */
static bool lay_stem_blocks(const lay_stems *st, int c, int x, int key)
{
    for (int i = st->first[c]; i < st->first[c + 1]; i++)
        if (st->list[i].x == x && st->list[i].key != key)
            return true;
    return false;
}

/* The column nearest to want in [lo, hi] where no other family's line comes down; want
 * itself when every one is taken. */
static int lay_free_port(const lay_stems *st, int c, int key, int want, int lo, int hi)
{
    if (hi < lo)
        hi = lo;
    want = want < lo ? lo : want > hi ? hi : want;
    for (int d = 0; d <= hi - lo; d++) {
        if (want - d >= lo && !lay_stem_blocks(st, c, want - d, key))
            return want - d;
        if (want + d <= hi && !lay_stem_blocks(st, c, want + d, key))
            return want + d;
    }
    return want;
}

/* Can dummy d of layer l move to column x, keeping its order among its neighbours and a
 * blank column beside a box? */
static bool lay_dummy_fits(const lay_machine_ctx *mc, int l, const lay_vertex *d, int x)
{
    if (d->order > 0) {
        const lay_vertex *a = &mc->v[mc->layer[l][d->order - 1]];
        if (x <= (a->node < 0 ? a->x : a->x + a->w))
            return false;
    }
    if (d->order + 1 < mc->layer_n[l]) {
        const lay_vertex *b = &mc->v[mc->layer[l][d->order + 1]];
        if (x >= (b->node < 0 ? b->x : b->x - 1))
            return false;
    }
    return x >= 0;
}

/* A dummy (a long edge passing a layer) must not stand where another family's line leaves
 * the layer above: the two would run down one column, joined. Such a dummy moves a column
 * or two aside, where its layer has room. Layer by layer, top down, so that the lines
 * leaving a moved dummy are where the next layer looks for them. */
static void lay_clear_dummies(lay_machine_ctx *mc)
{
    int *edge = jv_xmalloc((mc->nv + 1) * sizeof *edge), *hop = jv_xmalloc((mc->nv + 1) * sizeof *hop);
    for (size_t i = 0; i < mc->nv; i++)
        edge[i] = -1;
    for (size_t i = 0; i < mc->ne; i++)
        for (int k = 1; k + 1 < mc->e[i].nchain; k++) {
            edge[mc->e[i].chain[k]] = (int)i;
            hop[mc->e[i].chain[k]] = k;
        }
    lay_stems st;
    lay_stems_build(mc, &st);
    static const int shifts[] = {-1, 1, -2, 2};
    for (int l = 1; l < mc->nlayers; l++)
        for (int j = 0; j < mc->layer_n[l]; j++) {
            int vid = mc->layer[l][j];
            lay_vertex *d = &mc->v[vid];
            if (d->node >= 0 || edge[vid] < 0)
                continue;
            int key = lay_hop_key(mc, edge[vid], hop[vid] - 1);
            if (!lay_stem_blocks(&st, l, d->x, key))
                continue;
            for (size_t s = 0; s < sizeof shifts / sizeof *shifts; s++) {
                int x = d->x + shifts[s];
                if (lay_stem_blocks(&st, l, x, key) || !lay_dummy_fits(mc, l, d, x))
                    continue;
                int own = lay_hop_key(mc, edge[vid], hop[vid]);
                for (int i = st.first[l + 1]; i < st.first[l + 2]; i++)
                    if (st.list[i].key == own)
                        st.list[i].x = x;
                d->x = x;
                break;
            }
        }
    for (size_t i = 0; i < mc->nv; i++) {
        int r = mc->v[i].x + mc->v[i].w + lay_rpad(&mc->v[i]);
        if (r > mc->width)
            mc->width = r;
    }
    free(st.first);
    free(st.list);
    free(edge);
    free(hop);
}

/* In-ports: the edges into a state spread over its top, ordered by where they come from,
 * two columns apart at least and off the columns where other edges come down from the
 * layer above (an edge arriving where another leaves would join it into one line). */
static void lay_assign_in_ports(lay_machine_ctx *mc)
{
    int *cnt = jv_xcalloc(mc->nv + 1, sizeof *cnt);
    for (size_t i = 0; i < mc->ne; i++)
        cnt[mc->e[i].v]++;
    lay_stems st;
    lay_stems_build(mc, &st);
    lay_port_req *req = jv_xmalloc((mc->ne + 1) * sizeof *req);
    for (size_t vid = 0; vid < mc->nv; vid++) {
        const lay_vertex *v = &mc->v[vid];
        if (v->node < 0 || !cnt[vid])
            continue;
        int k = 0;
        for (size_t i = 0; i < mc->ne && k < cnt[vid]; i++) {
            const lay_medge *e = &mc->e[i];
            if (e->v != (int)vid)
                continue;
            req[k].from_x = e->back ? mc->lanes_x + 2 * e->lane
                                    : lay_out_port(&mc->v[e->chain[e->nchain - 2]], e->kind);
            req[k].key = e->back ? lay_key_own(mc, (int)i, 1) : lay_hop_key(mc, (int)i, e->nchain - 2);
            req[k++].edge = (int)i;
        }
        qsort(req, (size_t)k, sizeof *req, lay_cmp_port);
        int lo = v->x + v->port_lo, hi = v->x + v->w - 3;
        if (lo > hi)
            lo = hi;
        int prev = lo - 2;
        for (int j = 0; j < k; j++) {
            int want = k == 1 ? (lo + hi + 1) / 2 : lo + (hi - lo) * j / (k - 1);
            int port = lay_free_port(&st, v->layer, req[j].key, want, prev + 2, hi - 2 * (k - 1 - j));
            mc->e[req[j].edge].in_port = port;
            prev = port;
        }
    }
    free(req);
    free(cnt);
    free(st.first);
    free(st.list);
}

static void lay_channel_add(lay_channel *ch, int key, int a, int b)
{
    int lo = a < b ? a : b, hi = a < b ? b : a;
    for (size_t i = 0; i < ch->nsegs; i++)
        if (ch->segs[i].key == key) {
            if (lo < ch->segs[i].lo)
                ch->segs[i].lo = lo;
            if (hi > ch->segs[i].hi)
                ch->segs[i].hi = hi;
            return;
        }
    ch->segs = lay_grow(ch->segs, &ch->cap, ch->nsegs + 1, sizeof *ch->segs);
    ch->segs[ch->nsegs++] = (lay_seg){key, lo, hi, -1};
}

static int lay_channel_track(const lay_channel *ch, int key)
{
    for (size_t i = 0; i < ch->nsegs; i++)
        if (ch->segs[i].key == key)
            return ch->segs[i].track;
    return -1;
}

static int lay_cmp_seg(const void *a, const void *b)
{
    const lay_seg *x = a, *y = b;
    if (x->lo != y->lo)
        return (x->lo > y->lo) - (x->lo < y->lo);
    return (x->hi > y->hi) - (x->hi < y->hi);
}

/* The first leg of a back edge leaves on its state's bus. */
static int lay_back_key(const lay_machine_ctx *mc, int ei)
{
    return lay_key_bus(mc->e[ei].u, mc->e[ei].kind);
}

/* A vertical line in a channel: a stem runs from the top down to its segment's track, a
 * drop from its segment's track down to the layer below. */
typedef struct {
    int chan, x, key;
    bool stem;
} lay_vert;

typedef struct {
    lay_vert *v;
    size_t n, cap;
} lay_verts;

static void lay_vert_add(lay_verts *vs, int c, int x, int key, bool stem)
{
    vs->v = lay_grow(vs->v, &vs->cap, vs->n + 1, sizeof *vs->v);
    vs->v[vs->n++] = (lay_vert){c, x, key, stem};
}

static void lay_collect_verts(const lay_machine_ctx *mc, lay_verts *vs)
{
    for (size_t i = 0; i < mc->ne; i++) {
        const lay_medge *e = &mc->e[i];
        if (e->back) {
            const lay_vertex *u = &mc->v[e->u], *v = &mc->v[e->v];
            lay_vert_add(vs, u->layer + 1, lay_out_port(u, e->kind), lay_back_key(mc, (int)i), true);
            lay_vert_add(vs, v->layer, e->in_port, lay_key_own(mc, (int)i, 1), false);
            continue;
        }
        for (int k = 0; k + 1 < e->nchain; k++) {
            const lay_vertex *a = &mc->v[e->chain[k]], *b = &mc->v[e->chain[k + 1]];
            int sx = lay_out_port(a, e->kind);
            int tx = k + 2 == e->nchain ? e->in_port : b->x;
            if (sx == tx)
                continue;
            int key = lay_hop_key(mc, (int)i, k);
            lay_vert_add(vs, a->layer + 1, sx, key, true);
            lay_vert_add(vs, a->layer + 1, tx, key, false);
        }
    }
}

static int lay_cmp_vert(const void *a, const void *b)
{
    const lay_vert *x = a, *y = b;
    if (x->chan != y->chan)
        return (x->chan > y->chan) - (x->chan < y->chan);
    return (x->x > y->x) - (x->x < y->x);
}

static int lay_seg_index(const lay_channel *ch, int key)
{
    for (size_t i = 0; i < ch->nsegs; i++)
        if (ch->segs[i].key == key)
            return (int)i;
    return -1;
}

/* Does segment i fit on track t (a blank cell from the others there)? */
static bool lay_track_fits(const lay_channel *ch, size_t i, int t)
{
    const lay_seg *s = &ch->segs[i];
    for (size_t j = 0; j < ch->nsegs; j++) {
        const lay_seg *o = &ch->segs[j];
        if (j != i && o->track == t && !(s->hi + 2 <= o->lo || o->hi + 2 <= s->lo))
            return false;
    }
    return true;
}

/* Interval colouring under constraints: cons holds pairs of segment indexes (a, b), "a's
 * track above b's": where a's line leaves down a column that b's comes down further on, a
 * must turn first, or the two would run one line. Segments are placed left to right among
 * those whose constraints are met, each on the first track below theirs where it fits; a
 * cycle is broken at its leftmost segment. */
static void lay_place_tracks(lay_channel *ch, const int *cons, size_t ncons)
{
    size_t n = ch->nsegs;
    int *indeg = jv_xcalloc(n + 1, sizeof *indeg);
    int *floor_t = jv_xcalloc(n + 1, sizeof *floor_t);
    for (size_t k = 0; k < ncons; k++)
        indeg[cons[2 * k + 1]]++;
    ch->ntracks = 0;
    for (size_t r = 0; r < n; r++) {
        size_t pick = n;
        for (size_t i = 0; i < n && pick == n; i++)
            if (ch->segs[i].track < 0 && indeg[i] == 0)
                pick = i;
        for (size_t i = 0; i < n && pick == n; i++)
            if (ch->segs[i].track < 0)
                pick = i;
        int t = floor_t[pick];
        while (!lay_track_fits(ch, pick, t))
            t++;
        ch->segs[pick].track = t;
        if (t + 1 > ch->ntracks)
            ch->ntracks = t + 1;
        for (size_t k = 0; k < ncons; k++)
            if (cons[2 * k] == (int)pick) {
                int b = cons[2 * k + 1];
                indeg[b]--;
                if (floor_t[b] < t + 1)
                    floor_t[b] = t + 1;
            }
    }
    free(indeg);
    free(floor_t);
}

/* The constraints of channel c from its vertical lines vs[lo, hi) (sorted by column). */
static size_t lay_channel_cons(const lay_channel *ch, const lay_vert *vs, size_t lo, size_t hi,
                               int **cons, size_t *cap)
{
    size_t n = 0;
    for (size_t i = lo; i < hi; i++)
        for (size_t j = i + 1; j < hi && vs[j].x == vs[i].x; j++) {
            const lay_vert *a = &vs[i], *b = &vs[j];
            if (a->stem == b->stem || a->key == b->key)
                continue;
            *cons = lay_grow(*cons, cap, 2 * n + 2, sizeof **cons);
            (*cons)[2 * n] = lay_seg_index(ch, a->stem ? a->key : b->key);
            (*cons)[2 * n + 1] = lay_seg_index(ch, a->stem ? b->key : a->key);
            n++;
        }
    return n;
}

static void lay_assign_tracks(lay_machine_ctx *mc)
{
    for (int c = 0; c <= mc->nlayers; c++)
        if (mc->ch[c].nsegs > 1) /* qsort wants a non-null array even for none */
            qsort(mc->ch[c].segs, mc->ch[c].nsegs, sizeof *mc->ch[c].segs, lay_cmp_seg);
    lay_verts vs = {NULL, 0, 0};
    lay_collect_verts(mc, &vs);
    if (vs.n > 1)
        qsort(vs.v, vs.n, sizeof *vs.v, lay_cmp_vert);
    int *cons = NULL;
    size_t ccap = 0, at = 0;
    for (int c = 0; c <= mc->nlayers; c++) {
        size_t lo = at;
        while (at < vs.n && vs.v[at].chan == c)
            at++;
        size_t ncons = lay_channel_cons(&mc->ch[c], vs.v, lo, at, &cons, &ccap);
        lay_place_tracks(&mc->ch[c], cons, ncons);
    }
    free(cons);
    free(vs.v);
}

static void lay_request_segments(lay_machine_ctx *mc)
{
    int lanes = 0;
    for (size_t i = 0; i < mc->ne; i++)
        if (mc->e[i].back)
            mc->e[i].lane = lanes++;
    mc->lanes_x = mc->width + 1;
    lay_assign_in_ports(mc);
    for (size_t i = 0; i < mc->ne; i++) {
        lay_medge *e = &mc->e[i];
        if (e->back) {
            const lay_vertex *u = &mc->v[e->u], *v = &mc->v[e->v];
            int lane = mc->lanes_x + 2 * e->lane;
            lay_channel_add(&mc->ch[u->layer + 1], lay_back_key(mc, (int)i), lay_out_port(u, e->kind), lane);
            lay_channel_add(&mc->ch[v->layer], lay_key_own(mc, (int)i, 1), e->in_port, lane);
            continue;
        }
        for (int k = 0; k + 1 < e->nchain; k++) {
            const lay_vertex *a = &mc->v[e->chain[k]], *b = &mc->v[e->chain[k + 1]];
            int sx = lay_out_port(a, e->kind);
            int tx = k + 2 == e->nchain ? e->in_port : b->x;
            if (sx == tx)
                continue;
            lay_channel_add(&mc->ch[a->layer + 1], lay_hop_key(mc, (int)i, k), sx, tx);
        }
    }
    lay_assign_tracks(mc);
    if (lanes)
        mc->width = mc->lanes_x + 2 * lanes;
}

/* For each layer: does an edge with a label end there (its label goes in the last row of
 * the channel above)? Caller frees. */
static bool *lay_channel_labels(const lay_machine_ctx *mc)
{
    bool *has = jv_xcalloc((size_t)mc->nlayers + 1, sizeof *has);
    for (size_t i = 0; i < mc->ne; i++)
        if (mc->e[i].label[0])
            has[mc->v[mc->e[i].v].layer] = true;
    return has;
}

static void lay_place_y(lay_machine_ctx *mc)
{
    mc->layer_y = jv_xcalloc((size_t)mc->nlayers + 1, sizeof *mc->layer_y);
    mc->layer_h = jv_xcalloc((size_t)mc->nlayers + 1, sizeof *mc->layer_h);
    for (size_t i = 0; i < mc->nv; i++)
        if (mc->v[i].h > mc->layer_h[mc->v[i].layer])
            mc->layer_h[mc->v[i].layer] = mc->v[i].h;
    bool *labels = lay_channel_labels(mc);
    int y = 0;
    for (int c = 0; c <= mc->nlayers; c++) {
        lay_channel *ch = &mc->ch[c];
        ch->y = y;
        if (c == 0)
            ch->h = ch->ntracks ? ch->ntracks + 1 : 0;
        else if (c == mc->nlayers)
            ch->h = ch->ntracks ? ch->ntracks + 1 : 0;
        else
            ch->h = ch->ntracks ? ch->ntracks + 2 : labels[c] ? 2 : 1;
        ch->stem = c > 0;
        y += ch->h;
        if (c < mc->nlayers) {
            mc->layer_y[c] = y;
            y += mc->layer_h[c];
        }
    }
    mc->height = y;
    free(labels);
}

/* Row of track t in channel c. */
static int lay_track_y(const lay_machine_ctx *mc, int c, int t)
{
    return mc->ch[c].y + (mc->ch[c].stem ? 1 : 0) + t;
}

static int lay_drop_y(const lay_machine_ctx *mc, int c)
{
    return mc->ch[c].y + mc->ch[c].h - 1;
}

static int lay_vtop(const lay_machine_ctx *mc, const lay_vertex *v)
{
    return mc->layer_y[v->layer];
}

static int lay_vbottom(const lay_machine_ctx *mc, const lay_vertex *v)
{
    return v->node < 0 ? mc->layer_y[v->layer] + mc->layer_h[v->layer] - 1
                       : mc->layer_y[v->layer] + v->h - 1;
}

typedef struct {
    lay_point *p;
    size_t n, cap;
} lay_poly;

static void lay_poly_add(lay_poly *pl, int x, int y)
{
    if (pl->n && pl->p[pl->n - 1].x == x && pl->p[pl->n - 1].y == y)
        return;
    pl->p = lay_grow(pl->p, &pl->cap, pl->n + 1, sizeof *pl->p);
    pl->p[pl->n++] = (lay_point){x, y};
}

static void lay_route_edge(const lay_machine_ctx *mc, int ei, lay_poly *pl, int *lx, int *ly)
{
    const lay_medge *e = &mc->e[ei];
    if (e->back) {
        const lay_vertex *u = &mc->v[e->u], *v = &mc->v[e->v];
        int lane = mc->lanes_x + 2 * e->lane;
        int cu = u->layer + 1, cv = v->layer;
        int ya = lay_track_y(mc, cu, lay_channel_track(&mc->ch[cu], lay_back_key(mc, ei)));
        int yb = lay_track_y(mc, cv, lay_channel_track(&mc->ch[cv], lay_key_own(mc, ei, 1)));
        int sx = lay_out_port(u, e->kind);
        lay_poly_add(pl, sx, lay_vbottom(mc, u));
        lay_poly_add(pl, sx, ya);
        lay_poly_add(pl, lane, ya);
        lay_poly_add(pl, lane, yb);
        lay_poly_add(pl, e->in_port, yb);
        lay_poly_add(pl, e->in_port, lay_vtop(mc, v));
        *lx = e->in_port + 2;
        *ly = lay_drop_y(mc, cv);
        return;
    }
    for (int k = 0; k + 1 < e->nchain; k++) {
        int ai = e->chain[k];
        const lay_vertex *a = &mc->v[ai], *b = &mc->v[e->chain[k + 1]];
        int sx = lay_out_port(a, e->kind);
        int tx = k + 2 == e->nchain ? e->in_port : b->x;
        lay_poly_add(pl, sx, lay_vbottom(mc, a));
        int c = a->layer + 1;
        if (sx != tx) {
            int key = lay_hop_key(mc, ei, k);
            int ty = lay_track_y(mc, c, lay_channel_track(&mc->ch[c], key));
            lay_poly_add(pl, sx, ty);
            lay_poly_add(pl, tx, ty);
        }
        lay_poly_add(pl, tx, lay_vtop(mc, b));
        if (k + 2 == e->nchain) {
            *lx = tx + 2;
            *ly = lay_drop_y(mc, c);
        }
    }
}

static void lay_emit_edges(lay_ctx *c, lay_machine_ctx *mc, int node0)
{
    lay_graph *g = c->g;
    for (size_t i = 0; i < mc->ne; i++) {
        const lay_medge *e = &mc->e[i];
        lay_poly pl = {NULL, 0, 0};
        int lx = 0, ly = -1;
        lay_route_edge(mc, (int)i, &pl, &lx, &ly);
        g->edges = lay_grow(g->edges, &c->ecap, g->nedges + 1, sizeof *g->edges);
        lay_edge *out = &g->edges[g->nedges++];
        memset(out, 0, sizeof *out);
        out->from = node0 + e->u;
        out->to = node0 + e->v;
        out->kind = e->kind;
        out->back = e->back;
        snprintf(out->label, sizeof out->label, "%s", e->label);
        out->full = e->full;
        out->legend = e->legend;
        mc->e[i].full = NULL;
        out->pts = pl.p;
        out->npts = pl.n;
        out->label_x = lx;
        out->label_y = e->label[0] ? ly : -1;
    }
}

static void lay_machine_free(lay_machine_ctx *mc)
{
    for (size_t i = 0; i < mc->ne; i++) {
        free(mc->e[i].chain);
        free(mc->e[i].full);
    }
    free(mc->e);
    free(mc->v);
    for (int l = 0; l < mc->nlayers; l++)
        free(mc->layer[l]);
    free(mc->layer);
    free(mc->layer_n);
    free(mc->layer_y);
    free(mc->layer_h);
    if (mc->ch)
        for (int c = 0; c <= mc->nlayers; c++)
            free(mc->ch[c].segs);
    free(mc->ch);
    free(mc->up_first);
    free(mc->up);
    free(mc->dn_first);
    free(mc->dn);
}

static void lay_machine(lay_ctx *c, const asl_machine *m, int parent, int *w, int *h)
{
    size_t node0 = c->g->nnodes;
    lay_machine_ctx mc;
    memset(&mc, 0, sizeof mc);
    if (m->nstates == 0) {
        *w = *h = 0;
        return;
    }
    for (size_t i = 0; i < m->nstates; i++)
        lay_add_node(c, m->states[i], parent);
    /* sizes: plain boxes, then blocks (whose contents are appended after) */
    size_t *content0 = jv_xcalloc(m->nstates, sizeof *content0);
    size_t *edges0 = jv_xcalloc(m->nstates, sizeof *edges0);
    for (size_t i = 0; i < m->nstates; i++) {
        int ni = (int)(node0 + i);
        const asl_state *s = m->states[i];
        content0[i] = c->g->nnodes;
        edges0[i] = c->g->nedges;
        if (lay_is_block(c, s)) {
            lay_block(c, ni);
        } else {
            bool coll = (s->type == ASL_PARALLEL || s->type == ASL_MAP) && s->nbranches > 0;
            c->g->nodes[ni].collapsed = coll;
            c->g->nodes[ni].w = lay_box_width(c, s, coll);
            c->g->nodes[ni].h = LAY_BOX_H;
        }
        int vid = lay_add_vertex(&mc, ni, c->g->nodes[ni].w, c->g->nodes[ni].h);
        if (c->g->nodes[ni].block)
            mc.v[vid].port_lo = layout_text_width(s->name) +
                                layout_text_width(asl_state_type_name(s->type)) + 9;
    }
    lay_collect_edges(c, m, &mc);
    lay_port_room(c, &mc, node0);
    lay_label_room(&mc);
    lay_break_cycles(m, &mc);
    lay_assign_layers(m->nstates, &mc);
    lay_add_dummies(&mc);
    lay_build_csr(&mc, true, &mc.up_first, &mc.up);
    lay_build_csr(&mc, false, &mc.dn_first, &mc.dn);
    lay_build_layers(&mc);
    lay_order(&mc);
    lay_place_x(&mc);
    lay_clear_dummies(&mc);
    mc.ch = jv_xcalloc((size_t)mc.nlayers + 1, sizeof *mc.ch);
    lay_request_segments(&mc);
    lay_place_y(&mc);
    /* place the states, moving each block's contents with it */
    for (size_t i = 0; i < m->nstates; i++) {
        lay_node *n = &c->g->nodes[node0 + i];
        n->x = mc.v[i].x;
        n->y = mc.layer_y[mc.v[i].layer];
    }
    for (size_t i = 0; i < m->nstates; i++) {
        size_t cend = i + 1 < m->nstates ? content0[i + 1] : c->g->nnodes;
        size_t eend = i + 1 < m->nstates ? edges0[i + 1] : c->g->nedges;
        const lay_node *n = &c->g->nodes[node0 + i];
        for (size_t k = content0[i]; k < cend; k++) {
            c->g->nodes[k].x += n->x;
            c->g->nodes[k].y += n->y;
        }
        for (size_t k = edges0[i]; k < eend; k++) {
            lay_edge *e = &c->g->edges[k];
            for (size_t j = 0; j < e->npts; j++) {
                e->pts[j].x += n->x;
                e->pts[j].y += n->y;
            }
            e->label_x += n->x;
            if (e->label_y >= 0)
                e->label_y += n->y;
        }
    }
    lay_emit_edges(c, &mc, (int)node0);
    *w = mc.width;
    *h = mc.height;
    free(content0);
    free(edges0);
    lay_machine_free(&mc);
}

lay_graph *layout_compute(const asl_machine *const *machines, size_t n, const lay_options *opts)
{
    lay_ctx c;
    memset(&c, 0, sizeof c);
    c.g = jv_xcalloc(1, sizeof *c.g);
    if (opts)
        c.o = *opts;
    if (c.o.max_name <= 0)
        c.o.max_name = 24;
    int x = 0, maxh = 0;
    for (size_t i = 0; i < n; i++) {
        size_t n0 = c.g->nnodes, e0 = c.g->nedges;
        int w, h;
        lay_machine(&c, machines[i], -1, &w, &h);
        lay_translate(&c, n0, e0, x, 0);
        x += w + (i + 1 < n ? LAY_MACHINE_GAP : 0);
        if (h > maxh)
            maxh = h;
    }
    c.g->width = x;
    c.g->height = maxh;
    return c.g;
}

void layout_free(lay_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nedges; i++) {
        free(g->edges[i].pts);
        free(g->edges[i].full);
    }
    free(g->edges);
    free(g->nodes);
    free(g);
}

int layout_find(const lay_graph *g, const asl_state *s)
{
    for (size_t i = 0; i < g->nnodes; i++)
        if (g->nodes[i].state == s)
            return (int)i;
    return -1;
}
