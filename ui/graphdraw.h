/*
 * graphdraw — draws a laid-out graph (layout.h) on a canvas (canvas.h), with the marks of
 * an execution: current ▶ (and a double frame), visited ✓, failed ✗, caught ↯, waiting
 * for a token ⏸, retrying ↻n, breakpoint ●/○, diverged from a recorded run ≠. Choice edges carry their rule, Catch edges
 * are dashed. Pure: the graph pane and the golden tests both use it.
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

canvas *graphdraw_render(const lay_graph *g, gd_mark_fn marks, void *user);

#endif
