/*
 * edgelegend — the lines under the graph that give edge labels whole. A label the drawing
 * abbreviates ("[3] $.customer.em…"), cuts at a line, could not place, or the pane's edge
 * cuts, is listed as "[3] $.customer.email ~ "*@example.com" → ChargeVip", wrapped to the
 * pane's width, never cut: first the edges out of the selected state, then the others the
 * view shows. Pure (tests/unit/test_ui_layout.c): the graph pane draws the lines.
 */
#ifndef SFDBG_UI_EDGELEGEND_H
#define SFDBG_UI_EDGELEGEND_H

#include <stdbool.h>

#include "graphdraw.h"
#include "layout.h"

#define EL_LINE_MAX 1200

/* The part of the canvas the pane shows. */
typedef struct {
    int x, y, w, h;
} el_view;

typedef struct {
    char (*lines)[EL_LINE_MAX]; /* room for max lines */
    int max;
    int n;                      /* lines filled */
    int left_out;               /* edges that did not fit in max lines */
} el_lines;

/* Is edge i's label shown whole inside the view? */
bool edgelegend_whole_in_view(const gd_label *l, el_view v);

/* Fills out with the legend of graph g as drawn (labels[i] for g->edges[i]) seen through
 * view: the edges out of node sel (-1: none) whose label is not whole in the view, then
 * the other edges whose label the view shows not whole (or whose arrow it shows, the label
 * missing). Each entry is "[n] label → Target" ("->" when not utf8), wrapped at spaces to
 * width cells, the rows after the first indented by 4. When an entry does not fit in what
 * is left of out->max, it and the rest are counted in out->left_out, and the last row
 * says so: "… 2 more: select their state" (selecting a state lists its labels first). */
void edgelegend_lines(const lay_graph *g, const gd_label *labels, int sel, el_view view,
                      bool utf8, int width, el_lines *out);

/* Wraps text to rows of at most width cells (width >= 8), cut at spaces where that fills
 * half a row at least (else in a word: no row is cut short of what it could hold), the
 * rows after the first indented by indent; at most max rows (the text must fit: returns
 * the rows needed, which may exceed max, writing only max). */
int edgelegend_wrap(const char *text, int width, int indent, char (*rows)[EL_LINE_MAX], int max);

#endif
