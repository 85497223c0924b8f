/*
 * screen — where everything goes on the terminal: a split tree of the five panes, the
 * status bar and (narrow layout) the pane tabs, recomputed on start and on every resize;
 * the "terminal too small" screen; and the frame: every dirty pane drawn into its window,
 * then the bars and the open overlay, with one doupdate.
 *
 * screen_plan_for is pure (tests/unit/test_ui_screen.c): it turns a terminal size and the
 * focused pane into rectangles. The windows themselves are the app's (dbg_app), made and
 * freed only here.
 */
#ifndef SFDBG_UI_SCREEN_H
#define SFDBG_UI_SCREEN_H

#include <stdbool.h>

#define SCREEN_MIN_COLS 40
#define SCREEN_MIN_ROWS 12
/* below either, the layout is narrow: the tabs, and the focused pane... */
#define SCREEN_WIDE_COLS 100
#define SCREEN_WIDE_ROWS 24
/* ...from this size on beside the graph (the split layout: 80x24 shows the graph and the
 * inspector together); the events, a table as wide as it gets, always take the width. */
#define SCREEN_SPLIT_COLS 70
#define SCREEN_SPLIT_ROWS 16

typedef enum { PANE_GRAPH, PANE_INSPECTOR, PANE_WATCHES, PANE_BREAKS, PANE_EVENTS, PANE_COUNT } pane_id;

typedef struct {
    int y, x, h, w;
} app_rect;

typedef struct {
    bool too_small;                   /* nothing but the "too small" screen */
    bool narrow;                      /* the tabs, and the focused pane under them */
    bool split;                       /* narrow, with the graph left of the focused pane */
    bool visible[PANE_COUNT];
    app_rect pane[PANE_COUNT];
    app_rect status;
    app_rect tabs;                    /* h == 0 in the wide layout */
} screen_plan;

typedef struct dbg_app dbg_app;

void screen_plan_for(int rows, int cols, pane_id focus, screen_plan *out);
/* The pane the narrow layout shows beside the graph, or alone: the focused one, the
 * inspector when the graph has the focus. */
pane_id screen_companion(pane_id focus);
/* The visible pane under a screen cell, -1 for none. */
int screen_pane_at(const dbg_app *a, int y, int x);

/* Recomputes the layout for the terminal's size and makes the windows (everything dirty). */
void screen_layout(dbg_app *a);
void screen_free(dbg_app *a);
/* One frame: the dirty panes, the bars, the open overlay; one doupdate. */
void screen_paint(dbg_app *a);

#endif
