/* The screen's split tree (ui/screen): the wide layout tiles the terminal with the five
 * panes and the status bar, no cell twice and none left out, in the documented places;
 * the narrow one shows the focused pane between the tabs and the status bar, beside the
 * graph from 70x16 on (80x24 shows the graph and the inspector together), the events alone;
 * below the minimum nothing is placed. */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "ui/screen.h"

static int cover[200][300];

static void paint(app_rect r, int mark, bool *overlap)
{
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            if (cover[y][x])
                *overlap = true;
            cover[y][x] = mark;
        }
}

/* Every cell of the terminal belongs to exactly one rectangle of the plan. */
static bool tiles(const screen_plan *p, int rows, int cols)
{
    memset(cover, 0, sizeof cover);
    bool overlap = false;
    for (int i = 0; i < PANE_COUNT; i++)
        if (p->visible[i])
            paint(p->pane[i], i + 1, &overlap);
    paint(p->status, 10, &overlap);
    paint(p->tabs, 11, &overlap);
    for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++)
            if (!cover[y][x]) {
                tap_diag("cell %d,%d is in no rectangle", y, x);
                return false;
            }
    return !overlap;
}

static void test_wide(void)
{
    screen_plan p;
    int sizes[][2] = {{40, 120}, {24, 100}, {61, 233}, {100, 300}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int rows = sizes[k][0], cols = sizes[k][1];
        screen_plan_for(rows, cols, PANE_GRAPH, &p);
        tap_ok(!p.too_small && !p.narrow, "%dx%d is wide", cols, rows);
        tap_ok(tiles(&p, rows, cols), "%dx%d: the rectangles tile the terminal", cols, rows);
    }
    screen_plan_for(40, 120, PANE_EVENTS, &p);
    app_rect st = p.status, g = p.pane[PANE_GRAPH], ev = p.pane[PANE_EVENTS];
    tap_ok(st.y == 39 && st.h == 1 && st.w == 120, "the status bar is the last row");
    tap_ok(ev.y + ev.h == 39 && ev.w == 120 && ev.h == 8, "the events run full width above it (rows/5)");
    tap_ok(g.x == 0 && g.y == 0 && g.w == 54, "the graph on the left, 45%% of the width");
    tap_ok(p.pane[PANE_INSPECTOR].x == 54 && p.pane[PANE_INSPECTOR].y == 0, "the inspector to its right");
    tap_ok(p.pane[PANE_WATCHES].y == p.pane[PANE_BREAKS].y &&
               p.pane[PANE_WATCHES].x < p.pane[PANE_BREAKS].x && p.pane[PANE_WATCHES].h == 8,
           "watches and breakpoints side by side under it (rows/5)");
    tap_is_int(p.tabs.h, 0, "no tabs");
    screen_plan_for(45, 140, PANE_GRAPH, &p);
    tap_ok(p.pane[PANE_EVENTS].h - 2 > 5, "140x45: more than 5 events in sight (%d)", p.pane[PANE_EVENTS].h - 2);
    screen_plan_for(24, 100, PANE_GRAPH, &p);
    tap_is_int(p.pane[PANE_EVENTS].h, 5, "100x24: the events keep 5 rows");
}

static int visible_count(const screen_plan *p)
{
    int shown = 0;
    for (int i = 0; i < PANE_COUNT; i++)
        shown += p->visible[i];
    return shown;
}

/* 80x24: the graph and the pane in focus (the inspector for the graph's own) side by side. */
static void test_split(void)
{
    screen_plan p;
    screen_plan_for(24, 80, PANE_GRAPH, &p);
    tap_ok(p.narrow && p.split, "80x24 is narrow and split");
    tap_ok(tiles(&p, 24, 80), "80x24 split: the rectangles tile the terminal");
    app_rect g = p.pane[PANE_GRAPH], in = p.pane[PANE_INSPECTOR];
    tap_ok(visible_count(&p) == 2 && p.visible[PANE_GRAPH] && p.visible[PANE_INSPECTOR],
           "the graph's focus shows the inspector beside it");
    tap_ok(g.x == 0 && g.y == 1 && g.h == 22 && g.w == 32 && in.x == 32 && in.w == 48 && in.h == 22,
           "the graph on the left (40%%), the inspector on the right, between tabs and status");
    screen_plan_for(24, 80, PANE_WATCHES, &p);
    tap_ok(visible_count(&p) == 2 && p.visible[PANE_GRAPH] && p.visible[PANE_WATCHES],
           "another pane in focus takes the inspector's place");
    screen_plan_for(24, 80, PANE_EVENTS, &p);
    tap_ok(visible_count(&p) == 1 && p.pane[PANE_EVENTS].w == 80 && !p.split,
           "the events table takes the whole width");
    screen_plan_for(SCREEN_SPLIT_ROWS, SCREEN_SPLIT_COLS, PANE_INSPECTOR, &p);
    tap_ok(p.split && tiles(&p, SCREEN_SPLIT_ROWS, SCREEN_SPLIT_COLS), "the smallest split tiles");
    screen_plan_for(SCREEN_SPLIT_ROWS, SCREEN_SPLIT_COLS - 1, PANE_INSPECTOR, &p);
    tap_ok(!p.split && visible_count(&p) == 1, "a column less: one pane");
    screen_plan_for(SCREEN_SPLIT_ROWS - 1, 99, PANE_INSPECTOR, &p);
    tap_ok(!p.split && visible_count(&p) == 1, "a row less: one pane");
}

static void test_narrow(void)
{
    screen_plan p;
    screen_plan_for(24, 60, PANE_INSPECTOR, &p);
    tap_ok(p.narrow && !p.too_small && !p.split, "60x24 is narrow");
    tap_ok(tiles(&p, 24, 60), "60x24: the rectangles tile the terminal");
    tap_ok(p.tabs.y == 0 && p.tabs.h == 1 && p.status.y == 23, "tabs on top, status at the bottom");
    app_rect r = p.pane[PANE_INSPECTOR];
    tap_ok(r.y == 1 && r.h == 22 && r.w == 60, "the focused pane takes the rest");
    tap_is_int(visible_count(&p), 1, "and it alone is visible");
    screen_plan_for(30, 99, PANE_GRAPH, &p);
    tap_ok(p.narrow, "one column short of wide is narrow");
    screen_plan_for(23, 200, PANE_GRAPH, &p);
    tap_ok(p.narrow, "one row short of wide is narrow");
}

static void test_too_small(void)
{
    screen_plan p;
    screen_plan_for(SCREEN_MIN_ROWS, SCREEN_MIN_COLS, PANE_GRAPH, &p);
    tap_ok(!p.too_small, "the minimum fits");
    screen_plan_for(SCREEN_MIN_ROWS - 1, 200, PANE_GRAPH, &p);
    tap_ok(p.too_small && !p.visible[PANE_GRAPH] && p.status.h == 0, "a row less: nothing placed");
    screen_plan_for(50, SCREEN_MIN_COLS - 1, PANE_GRAPH, &p);
    tap_ok(p.too_small, "a column less: too small");
}

int main(void)
{
    test_wide();
    test_narrow();
    test_split();
    test_too_small();
    return tap_done();
}
