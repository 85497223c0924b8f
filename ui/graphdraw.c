/* graphdraw — a laid-out graph with execution marks, on a canvas. See graphdraw.h. */
#include "graphdraw.h"

#include <stdio.h>
#include <string.h>

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
    char name[256];
    snprintf(name, sizeof name, "%s", n->state->name);
    int used = 0;
    if (layout_text_width(name) + (n->collapsed ? 2 : 0) > room) {
        used = canvas_text(cv, n->x + 4, row, name, room - 1 - (n->collapsed ? 2 : 0), role, ni, false);
        canvas_put(cv, n->x + 4 + used, row, 0x2026, role, ni);
        used++;
    } else {
        used = canvas_text(cv, n->x + 4, row, name, room, role, ni, false);
    }
    if (n->collapsed)
        canvas_put(cv, n->x + 4 + used + 1, row, 0x229E, ROLE_NAME, ni);
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

static void gd_labels(const lay_graph *g, canvas *cv)
{
    for (size_t i = 0; i < g->nedges; i++) {
        const lay_edge *e = &g->edges[i];
        if (e->label_y < 0 || !e->label[0])
            continue;
        int room = 0, want = layout_text_width(e->label);
        while (room < want) {
            const canvas_cell *c = canvas_at(cv, e->label_x + room, e->label_y);
            if (!c || c->ch || c->lines)
                break;
            room++;
        }
        if (room >= want) {
            canvas_text(cv, e->label_x, e->label_y, e->label, room, ROLE_LABEL, -1, true);
        } else if (room >= 2) { /* cut by a line: say so */
            int used = canvas_text(cv, e->label_x, e->label_y, e->label, room - 1, ROLE_LABEL, -1, true);
            canvas_put(cv, e->label_x + used, e->label_y, 0x2026, ROLE_LABEL, -1);
        }
    }
}

canvas *graphdraw_render(const lay_graph *g, gd_mark_fn marks, void *user)
{
    canvas *cv = canvas_new(g->width + 1, g->height);
    gd_edges(g, cv);
    for (size_t i = 0; i < g->nnodes; i++) {
        const lay_node *n = &g->nodes[i];
        gd_mark m;
        memset(&m, 0, sizeof m);
        if (marks)
            marks(user, n->state, &m);
        if (n->block)
            gd_block(cv, n, (int)i, &m);
        else
            gd_box(cv, n, (int)i, &m);
    }
    gd_ports(g, cv);
    gd_labels(g, cv);
    return cv;
}
