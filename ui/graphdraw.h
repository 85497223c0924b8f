/*
 * graphdraw — draws a laid-out graph (layout.h) on a canvas (canvas.h), with the marks of
 * an execution: current ▶ (and a double frame), visited ✓, failed ✗, caught ↯, waiting
 * for a token ⏸, retrying ↻n, breakpoint ●/○, diverged from a recorded run ≠. Choice edges
 * carry their rule, Catch edges are dashed and carry their errors; a label never covers a
 * line. Pure: the graph pane and the golden tests both use it.
 *
 * graphdraw_render returns a new canvas the caller frees (canvas_free).
 */
#ifndef SFDBG_UI_GRAPHDRAW_H
#define SFDBG_UI_GRAPHDRAW_H

#include <stdbool.h>

#include "canvas.h"
#include "layout.h"

typedef enum {
    GD_NONE,
    GD_CURRENT,
    GD_VISITED,
    GD_FAILED,
    GD_CAUGHT,
    GD_WAITING,
    GD_DIVERGED       /* sfdbg replay: the local run left the recorded one here ≠ */
} gd_status;

typedef struct {
    gd_status status;
    bool current;     /* the state about to run or running: a double frame (status may say
                         more, e.g. waiting) */
    int retries;      /* > 0: ↻n */
    int visits;       /* > 1 (a loop): ×n beside the box */
    int breakpoint;   /* 0 none, 1 enabled ●, 2 disabled ○ */
    bool selected;
} gd_mark;

/* Fills m for state s (m starts zeroed). */
typedef void (*gd_mark_fn)(void *user, const asl_state *s, gd_mark *m);

/* What an edge shows of the execution: nothing, a transition made so far (heavy lines: ━ ┃
 * ┏ …), or the one the selected visit made (heavy, its arrow and label bold:
 * attributes, not colour). */
typedef enum { GD_EDGE_PLAIN, GD_EDGE_PATH, GD_EDGE_TAKEN } gd_edge_mark;

/* As graphdraw_render, with edge_marks[i] (a gd_edge_mark) for g->edges[i]; NULL: none. */
canvas *graphdraw_render_path(const lay_graph *g, gd_mark_fn marks, void *user,
                              const uint8_t *edge_marks);

canvas *graphdraw_render(const lay_graph *g, gd_mark_fn marks, void *user);

/* Where an edge's label went: the cells it took on row y (w 0: nowhere, no room); whole:
 * they show its whole text (lay_edge.full), not an abbreviation or a cut. */
typedef struct {
    int x, y, w;
    bool whole;
} gd_label;

/* graphdraw_render, saying where each edge's label went (labels[i] for g->edges[i]). A
 * label goes right of its edge's arrow, else left of it, else cut there as "[n] start…"
 * (n its legend number, so that the legend can give it whole). The labels of the edges out
 * of a selected state go first, whole where there is room: the canvas is made wider than
 * the graph for them when they would run past its right side. */
canvas *graphdraw_render_labels(const lay_graph *g, gd_mark_fn marks, void *user, gd_label *labels);

/* Both: the path's edge_marks and where the labels went. */
canvas *graphdraw_render_full(const lay_graph *g, gd_mark_fn marks, void *user,
                              const uint8_t *edge_marks, gd_label *labels);

#endif
