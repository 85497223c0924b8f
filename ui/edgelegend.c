/* edgelegend — edge labels whole, under the graph. See edgelegend.h. */
#include "edgelegend.h"

#include <stdio.h>
#include <string.h>

/* The UTF-8 character at s: its length in bytes; *cells its width. */
static int el_char(const char *s, int *cells)
{
    int n = 1;
    while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80 && n < 4)
        n++;
    char one[8];
    memcpy(one, s, (size_t)n);
    one[n] = '\0';
    *cells = layout_text_width(one);
    return n;
}

/* The end (byte index) of the row starting at pos with avail cells. */
static size_t el_row_end(const char *text, size_t pos, size_t len, int avail)
{
    size_t i = pos, brk = pos;
    int cells = 0;
    while (i < len) {
        int cw;
        int n = el_char(text + i, &cw);
        if (cells + cw > avail)
            break;
        if (text[i] == ' ')
            brk = i;
        cells += cw;
        i += (size_t)n;
    }
    if (i >= len)
        return len;
    if (text[i] == ' ')
        return i;
    /* at the last space, unless that leaves the row less than half full */
    if (brk > pos && (int)(brk - pos) >= avail / 2)
        return brk;
    if (i == pos) { /* not even one character fits: take it anyway */
        int cw;
        return pos + (size_t)el_char(text + pos, &cw);
    }
    return i;
}

int edgelegend_wrap(const char *text, int width, int indent, char (*rows)[EL_LINE_MAX], int max)
{
    size_t len = strlen(text), pos = 0;
    int n = 0;
    if (width < 8)
        width = 8;
    if (indent > width / 2)
        indent = width / 2;
    while (pos < len) {
        int pad = n ? indent : 0;
        size_t end = el_row_end(text, pos, len, width - pad);
        if (n < max) {
            size_t take = end - pos;
            if (take + (size_t)pad >= EL_LINE_MAX)
                take = EL_LINE_MAX - 1 - (size_t)pad;
            memset(rows[n], ' ', (size_t)pad);
            memcpy(rows[n] + pad, text + pos, take);
            rows[n][(size_t)pad + take] = '\0';
        }
        n++;
        pos = end;
        while (pos < len && text[pos] == ' ')
            pos++;
    }
    return n;
}

static bool el_inside(el_view v, int x, int y)
{
    return x >= v.x && x < v.x + v.w && y >= v.y && y < v.y + v.h;
}

bool edgelegend_whole_in_view(const gd_label *l, el_view v)
{
    return l->w > 0 && l->whole && el_inside(v, l->x, l->y) && el_inside(v, l->x + l->w - 1, l->y);
}

/* Does the view show some of edge e's label, or its arrow when the label is not drawn? */
static bool el_seen(const lay_edge *e, const gd_label *l, el_view v)
{
    if (l->w > 0)
        return l->y >= v.y && l->y < v.y + v.h && l->x < v.x + v.w && l->x + l->w > v.x;
    return e->npts > 0 && el_inside(v, e->pts[e->npts - 1].x, e->pts[e->npts - 1].y);
}

static void el_entry(const lay_graph *g, const lay_edge *e, bool utf8, char *buf, size_t n)
{
    snprintf(buf, n, "[%d] %s %s %s", e->legend, e->full, utf8 ? "\xe2\x86\x92" : "->",
             g->nodes[e->to].state->name);
}

/* Edge i in pass 0 (out of sel) or 1 (the others): does it get an entry? */
static bool el_wanted(const lay_graph *g, const gd_label *labels, size_t i, int sel, el_view view,
                      int pass)
{
    const lay_edge *e = &g->edges[i];
    if (e->label_y < 0 || !e->full || (e->from == sel) != (pass == 0))
        return false;
    if (edgelegend_whole_in_view(&labels[i], view))
        return false;
    return pass == 0 || el_seen(e, &labels[i], view);
}

void edgelegend_lines(const lay_graph *g, const gd_label *labels, int sel, el_view view,
                      bool utf8, int width, el_lines *out)
{
    out->n = 0;
    out->left_out = 0;
    char text[EL_LINE_MAX];
    bool full = false;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < g->nedges; i++) {
            if (!el_wanted(g, labels, i, sel, view, pass))
                continue;
            el_entry(g, &g->edges[i], utf8, text, sizeof text);
            int need = edgelegend_wrap(text, width, 4, NULL, 0);
            /* the last row stays for the note when something is left out */
            if (full || out->n + need > out->max) {
                full = true;
                out->left_out++;
                continue;
            }
            out->n += edgelegend_wrap(text, width, 4, out->lines + out->n, out->max - out->n);
        }
    if (!out->left_out || out->max < 1)
        return;
    /* make room for the note: drop whole entries from the end until one row is free */
    while (out->n >= out->max && out->n > 0) {
        int n = out->n - 1;
        while (n > 0 && out->lines[n][0] == ' ' && out->lines[n][1] == ' ')
            n--;
        out->n = n;
        out->left_out++;
    }
    const char *dots = utf8 ? "\xe2\x80\xa6" : "...";
    char *note = out->lines[out->n++];
    snprintf(note, EL_LINE_MAX, "%s %d more: select their state", dots, out->left_out);
    if (layout_text_width(note) > width)
        snprintf(note, EL_LINE_MAX, "%s %d more", dots, out->left_out);
}
