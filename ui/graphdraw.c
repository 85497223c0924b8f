/* graphdraw — a laid-out graph with execution marks, on a canvas. See graphdraw.h. */
#include "graphdraw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"

static void gd_edges(const lay_graph *g, canvas *cv)
{
    for (size_t i = 0; i < g->nedges; i++) {
        const lay_edge *e = &g->edges[i];
        bool dashed = e->kind == LAY_EDGE_CATCH;
        uint8_t role = dashed ? ROLE_EDGE_CATCH : ROLE_EDGE;
        for (size_t k = 0; k + 1 < e->npts; k++)
            canvas_line(cv, e->pts[k].x, e->pts[k].y, e->pts[k + 1].x, e->pts[k + 1].y, dashed,
                        role);
    }
}

/* The transitions made: heavy over the lines already drawn (a junction shows which arms). */
static void gd_path(const lay_graph *g, canvas *cv, const uint8_t *edge_marks)
{
    for (size_t i = 0; edge_marks && i < g->nedges; i++) {
        if (edge_marks[i] == GD_EDGE_PLAIN)
            continue;
        const lay_edge *e = &g->edges[i];
        uint8_t role = edge_marks[i] == GD_EDGE_TAKEN ? ROLE_EDGE_TAKEN : ROLE_EDGE_PATH;
        for (size_t k = 0; k + 1 < e->npts; k++)
            canvas_heavy_line(cv, e->pts[k].x, e->pts[k].y, e->pts[k + 1].x, e->pts[k + 1].y, role);
    }
}

static void gd_frame(canvas *cv, const lay_node *n, int ni, bool dbl, uint8_t role)
{
    uint32_t h = dbl ? 0x2550 : 0x2500, v = dbl ? 0x2551 : 0x2502;
    uint32_t tl = dbl ? 0x2554 : 0x250C, tr = dbl ? 0x2557 : 0x2510;
    uint32_t bl = dbl ? 0x255A : 0x2514, br = dbl ? 0x255D : 0x2518;
    int x1 = n->x + n->w - 1, y1 = n->y + n->h - 1;
    for (int x = n->x + 1; x < x1; x++) {
        canvas_put(cv, x, n->y, h, role, ni);
        canvas_put(cv, x, y1, h, role, ni);
    }
    for (int y = n->y + 1; y < y1; y++) {
        canvas_put(cv, n->x, y, v, role, ni);
        canvas_put(cv, x1, y, v, role, ni);
        if (!n->block)
            for (int x = n->x + 1; x < x1; x++)
                canvas_put(cv, x, y, ' ', ROLE_NAME, ni);
    }
    canvas_put(cv, n->x, n->y, tl, role, ni);
    canvas_put(cv, x1, n->y, tr, role, ni);
    canvas_put(cv, n->x, y1, bl, role, ni);
    canvas_put(cv, x1, y1, br, role, ni);
}

static uint32_t gd_status_glyph(gd_status s, uint8_t *role)
{
    switch (s) {
    case GD_CURRENT: *role = ROLE_MARK_CURRENT; return 0x25B6;
    case GD_VISITED: *role = ROLE_MARK_VISITED; return 0x2713;
    case GD_FAILED: *role = ROLE_MARK_FAILED; return 0x2717;
    case GD_CAUGHT: *role = ROLE_MARK_CAUGHT; return 0x21AF;
    case GD_WAITING: *role = ROLE_MARK_WAITING; return 0x23F8;
    case GD_DIVERGED: *role = ROLE_MARK_FAILED; return 0x2260;
    default: *role = ROLE_NAME; return ' ';
    }
}

static void gd_marks_around(canvas *cv, const lay_node *n, int ni, const gd_mark *m, int row)
{
    if (m->breakpoint)
        canvas_put(cv, n->x - 2, row, m->breakpoint == 1 ? 0x25CF : 0x25CB,
                   m->breakpoint == 1 ? ROLE_BP_ON : ROLE_BP_OFF, ni);
    int x = n->x + n->w + 1;
    if (m->retries > 0) {
        char r[16];
        snprintf(r, sizeof r, "%d", m->retries > 99 ? 99 : m->retries);
        canvas_put(cv, x, row, 0x21BB, ROLE_RETRY, ni);
        x += 1 + canvas_text(cv, x + 1, row, r, 2, ROLE_RETRY, ni, false) + 1;
    }
    if (m->visits > 1) {
        char v[16];
        snprintf(v, sizeof v, "%d", m->visits > 999 ? 999 : m->visits);
        canvas_put(cv, x, row, 0x00D7, ROLE_MARK_VISITED, ni);
        canvas_text(cv, x + 1, row, v, 3, ROLE_MARK_VISITED, ni, false);
    }
}

static void gd_box(canvas *cv, const lay_node *n, int ni, const gd_mark *m)
{
    bool cur = m->status == GD_CURRENT || m->current;
    gd_frame(cv, n, ni, cur, cur ? ROLE_BOX_CURRENT : ROLE_BOX);
    uint8_t mrole;
    uint32_t glyph = gd_status_glyph(m->status, &mrole);
    int row = n->y + 1;
    canvas_put(cv, n->x + 2, row, glyph, mrole, ni);
    int room = n->w - 6;
    uint8_t role = m->selected ? ROLE_NAME_SELECTED : ROLE_NAME;
    char name[256], count[300] = "";
    snprintf(name, sizeof name, "%s", n->state->name);
    if (n->collapsed) /* "Name ▸ 12 states": the name is cut, never the count */
        layout_collapsed_label(n->state, count, sizeof count);
    const char *suffix = n->collapsed ? count + strlen(name) : "";
    int sw = layout_text_width(suffix);
    int used = 0;
    if (layout_text_width(name) + sw > room) {
        used = canvas_text(cv, n->x + 4, row, name, room - 1 - sw, role, ni, false);
        canvas_put(cv, n->x + 4 + used, row, 0x2026, role, ni);
        used++;
    } else {
        used = canvas_text(cv, n->x + 4, row, name, room, role, ni, false);
    }
    if (n->collapsed)
        canvas_text(cv, n->x + 4 + used, row, suffix, room - used, ROLE_NAME, ni, false);
    gd_marks_around(cv, n, ni, m, row);
}

static void gd_block(canvas *cv, const lay_node *n, int ni, const gd_mark *m)
{
    bool cur = m->status == GD_CURRENT || m->current;
    gd_frame(cv, n, ni, cur, cur ? ROLE_BOX_CURRENT : ROLE_BLOCK);
    uint8_t mrole;
    uint32_t glyph = gd_status_glyph(m->status, &mrole);
    canvas_put(cv, n->x + 1, n->y, ' ', ROLE_BLOCK, ni);
    canvas_put(cv, n->x + 2, n->y, glyph, mrole, ni);
    canvas_put(cv, n->x + 3, n->y, ' ', ROLE_BLOCK, ni);
    char title[300];
    snprintf(title, sizeof title, "%s · %s ", n->state->name, asl_state_type_name(n->state->type));
    canvas_text(cv, n->x + 4, n->y, title, n->w - 6, m->selected ? ROLE_NAME_SELECTED : ROLE_NAME,
                ni, false);
    /* a dotted separator between branches */
    gd_marks_around(cv, n, ni, m, n->y);
}

static void gd_ports(const lay_graph *g, canvas *cv)
{
    for (size_t i = 0; i < g->nedges; i++) {
        const lay_edge *e = &g->edges[i];
        if (e->npts < 2)
            continue;
        const lay_point *s = &e->pts[0], *t = &e->pts[e->npts - 1];
        const lay_node *src = &g->nodes[e->from];
        bool dbl = canvas_glyph(cv, s->x, s->y) == 0x2550;
        if (s->y == src->y + src->h - 1)
            canvas_put(cv, s->x, s->y, dbl ? 0x2564 : 0x252C,
                       canvas_at(cv, s->x, s->y)->role, e->from); /* ┬ ╤ */
        canvas_put(cv, t->x, t->y, 0x25BC, ROLE_ARROW, e->to);    /* ▼ */
    }
}

/* Empty cells from (x, y) rightwards, at most want. */
static int gd_room(const canvas *cv, int x, int y, int want)
{
    int room = 0;
    while (room < want) {
        const canvas_cell *c = canvas_at(cv, x + room, y);
        if (!c || c->ch || c->lines)
            break;
        room++;
    }
    return room;
}

static bool gd_empty(const canvas *cv, int x, int y)
{
    const canvas_cell *c = canvas_at(cv, x, y);
    return c && !c->ch && !c->lines;
}

/* Text whole at (x, y) when the cells are free; fills *out. A final "…" (a cut) is put as
 * the glyph, which the ASCII fallback turns into its "..." whatever the locale. */
static bool gd_place(canvas *cv, int x, int y, const char *text, bool whole, gd_label *out)
{
    int w = layout_text_width(text);
    if (x < 0 || gd_room(cv, x, y, w) < w)
        return false;
    size_t len = strlen(text);
    if (len >= 3 && !strcmp(text + len - 3, "\xe2\x80\xa6")) {
        char head[LAY_LABEL_MAX + 16];
        snprintf(head, sizeof head, "%.*s", (int)(len - 3), text);
        int used = canvas_text(cv, x, y, head, w - 1, ROLE_LABEL, -1, true);
        canvas_put(cv, x + used, y, 0x2026, ROLE_LABEL, -1);
        w = used + 1;
    } else {
        w = canvas_text(cv, x, y, text, w, ROLE_LABEL, -1, true);
    }
    *out = (gd_label){x, y, w, whole};
    return true;
}

/* Text right of the arrow at column d (one blank between), else left of it (a blank on
 * both sides). */
static bool gd_place_beside(canvas *cv, int d, int y, const char *text, bool whole, gd_label *out)
{
    if (gd_place(cv, d + 2, y, text, whole, out))
        return true;
    int w = layout_text_width(text), x = d - 1 - w;
    if (x < 0 || !gd_empty(cv, d - 1, y) || (x > 0 && !gd_empty(cv, x - 1, y)))
        return false;
    return gd_place(cv, x, y, text, whole, out);
}

/* No room for the label whole: "[n] start…" in what room there is right of the arrow, or
 * "[n]" alone (the legend gives it whole). */
static void gd_place_cut(canvas *cv, const lay_edge *e, gd_label *out)
{
    int room = gd_room(cv, e->label_x, e->label_y, LAY_LABEL_CELLS);
    char buf[LAY_LABEL_MAX + 16];
    snprintf(buf, sizeof buf, "[%d] %s", e->legend, e->full);
    layout_cut(buf, room);
    char num[16];
    int nw = snprintf(num, sizeof num, "[%d]", e->legend);
    if (room < nw)
        return;
    if (room < nw + 3) /* no room for a start of the text: the number says where it is */
        snprintf(buf, sizeof buf, "%s", num);
    gd_place(cv, e->label_x, e->label_y, buf, false, out);
}

static void gd_label_edge(canvas *cv, const lay_edge *e, bool selected, gd_label *out)
{
    int d = e->label_x - 2; /* the arrow's column */
    bool abbreviated = strcmp(e->label, e->full) != 0;
    if (selected && abbreviated && gd_place_beside(cv, d, e->label_y, e->full, true, out))
        return;
    if (gd_place_beside(cv, d, e->label_y, e->label, !abbreviated, out))
        return;
    gd_place_cut(cv, e, out);
}

/* The labels: those out of a selected state (sel[node]) first, then the others. */
static void gd_labels(const lay_graph *g, canvas *cv, const bool *sel, gd_label *labels)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < g->nedges; i++) {
            const lay_edge *e = &g->edges[i];
            if (e->label_y < 0 || !e->full || (sel && sel[e->from]) != (pass == 0))
                continue;
            gd_label_edge(cv, e, pass == 0, &labels[i]);
        }
}

/* After the ports and labels: a marked edge leaves its box heavy (┰), the taken one's arrow
 * is bold, and so is its label (where the label pass put it: labels[i]). */
static void gd_path_ends(const lay_graph *g, canvas *cv, const uint8_t *edge_marks,
                         const gd_label *labels)
{
    for (size_t i = 0; edge_marks && i < g->nedges; i++) {
        const lay_edge *e = &g->edges[i];
        if (edge_marks[i] == GD_EDGE_PLAIN || e->npts < 2)
            continue;
        const lay_point *s = &e->pts[0], *t = &e->pts[e->npts - 1];
        if (canvas_glyph(cv, s->x, s->y) == 0x252C) /* ┬ */
            canvas_put(cv, s->x, s->y, 0x2530, canvas_at(cv, s->x, s->y)->role, e->from);
        if (edge_marks[i] != GD_EDGE_TAKEN)
            continue;
        canvas_put(cv, t->x, t->y, 0x25BC, ROLE_EDGE_TAKEN, e->to);
        const gd_label *l = &labels[i];
        for (int x = l->x; x < l->x + l->w; x++) {
            const canvas_cell *c = canvas_at(cv, x, l->y);
            if (c && c->role == ROLE_LABEL)
                canvas_put(cv, x, l->y, c->ch, ROLE_LABEL_TAKEN, -1);
        }
    }
}

/* How far right of the graph the labels of the selected states' edges reach when placed
 * whole right of their arrows: the canvas gets that room, so that a selected state's
 * labels are shown whole however near the graph's side they start. */
static int gd_selected_overhang(const lay_graph *g, const bool *sel)
{
    int over = 0;
    for (size_t i = 0; i < g->nedges; i++) {
        const lay_edge *e = &g->edges[i];
        if (e->label_y < 0 || !e->full || !sel[e->from])
            continue;
        int end = e->label_x + layout_text_width(e->full) + 1 - (g->width + 1);
        if (end > over)
            over = end;
    }
    return over;
}

/* Everything: edge_marks as graphdraw_render_path's, labels as graphdraw_render_labels's
 * (either NULL). */
static canvas *gd_render(const lay_graph *g, gd_mark_fn marks, void *user,
                         const uint8_t *edge_marks, gd_label *labels)
{
    bool *sel = jv_xcalloc(g->nnodes + 1, sizeof *sel);
    gd_mark *mk = jv_xcalloc(g->nnodes + 1, sizeof *mk);
    for (size_t i = 0; i < g->nnodes; i++) {
        if (marks)
            marks(user, g->nodes[i].state, &mk[i]);
        sel[i] = mk[i].selected;
    }
    canvas *cv = canvas_new(g->width + 1 + gd_selected_overhang(g, sel), g->height);
    gd_edges(g, cv);
    gd_path(g, cv, edge_marks);
    for (size_t i = 0; i < g->nnodes; i++) {
        const lay_node *n = &g->nodes[i];
        if (n->block)
            gd_block(cv, n, (int)i, &mk[i]);
        else
            gd_box(cv, n, (int)i, &mk[i]);
    }
    free(mk);
    gd_ports(g, cv);
    gd_label *own = labels ? NULL : jv_xcalloc(g->nedges + 1, sizeof *own);
    if (own)
        labels = own;
    for (size_t i = 0; i < g->nedges; i++)
        labels[i] = (gd_label){0, g->edges[i].label_y, 0, false};
    gd_labels(g, cv, sel, labels);
    free(sel);
    gd_path_ends(g, cv, edge_marks, labels);
    free(own);
    return cv;
}

canvas *graphdraw_render(const lay_graph *g, gd_mark_fn marks, void *user)
{
    return gd_render(g, marks, user, NULL, NULL);
}

canvas *graphdraw_render_path(const lay_graph *g, gd_mark_fn marks, void *user,
                              const uint8_t *edge_marks)
{
    return gd_render(g, marks, user, edge_marks, NULL);
}

canvas *graphdraw_render_labels(const lay_graph *g, gd_mark_fn marks, void *user, gd_label *labels)
{
    return gd_render(g, marks, user, NULL, labels);
}

canvas *graphdraw_render_full(const lay_graph *g, gd_mark_fn marks, void *user,
                              const uint8_t *edge_marks, gd_label *labels)
{
    return gd_render(g, marks, user, edge_marks, labels);
}
