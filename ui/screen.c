/* screen — the split tree, the windows and the frame. See screen.h. */
#include "screen.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "help.h"
#include "statusbar.h"

/* ---- the split tree ---- */

typedef enum { SPLIT_LEAF, SPLIT_ROWS, SPLIT_COLS } split_kind;

enum { SPLIT_STATUS = -1, SPLIT_TABS = -2 };

typedef struct split {
    split_kind kind;
    int size;           /* fixed cells (> 0), or percent of the rest when negative */
    int pane;           /* leaf: pane id, SPLIT_STATUS or SPLIT_TABS */
    struct split *kids[4];
    int nkids;
} split;

static void split_place(screen_plan *out, const split *s, app_rect r);

static void split_leaf(screen_plan *out, const split *s, app_rect r)
{
    if (s->pane >= 0) {
        out->pane[s->pane] = r;
        out->visible[s->pane] = r.h > 0 && r.w > 0;
    } else if (s->pane == SPLIT_STATUS) {
        out->status = r;
    } else {
        out->tabs = r;
    }
}

/* Fixed kids get their cells; the flexible ones share the rest by percent, the last
 * taking what rounding left. */
static void split_place(screen_plan *out, const split *s, app_rect r)
{
    if (s->kind == SPLIT_LEAF) {
        split_leaf(out, s, r);
        return;
    }
    int total = s->kind == SPLIT_ROWS ? r.h : r.w;
    int fixed = 0, flex = 0;
    for (int i = 0; i < s->nkids; i++) {
        if (s->kids[i]->size > 0)
            fixed += s->kids[i]->size;
        else
            flex++;
    }
    int rest = total - fixed, pos = 0, given = 0;
    for (int i = 0; i < s->nkids; i++) {
        const split *k = s->kids[i];
        int n;
        if (k->size > 0)
            n = k->size;
        else if (--flex == 0)
            n = rest - given;
        else {
            n = rest * -k->size / 100;
            given += n;
        }
        if (n < 0)
            n = 0;
        app_rect kr = r;
        if (s->kind == SPLIT_ROWS) {
            kr.y = r.y + pos;
            kr.h = n;
        } else {
            kr.x = r.x + pos;
            kr.w = n;
        }
        pos += n;
        split_place(out, k, kr);
    }
}

static void split_add(split *parent, split *kid)
{
    parent->kids[parent->nkids++] = kid;
}

pane_id screen_companion(pane_id focus)
{
    return focus == PANE_GRAPH ? PANE_INSPECTOR : focus;
}

/* The nodes of one plan's tree, on the planner's stack. */
typedef struct {
    split root, main_row, right, lists, status, tabs;
    split leaf[PANE_COUNT];
} split_nodes;

/* Narrow: the tabs, the focused pane (beside the graph when there is room and it is not
 * the events table), the status bar. */
static void screen_narrow_tree(screen_plan *out, split_nodes *t, int rows, int cols, pane_id focus)
{
    split_add(&t->root, &t->tabs);
    out->split = cols >= SCREEN_SPLIT_COLS && rows >= SCREEN_SPLIT_ROWS && focus != PANE_EVENTS;
    if (!out->split) {
        split_add(&t->root, &t->leaf[focus]);
        return;
    }
    t->leaf[PANE_GRAPH].size = -40;
    split_add(&t->main_row, &t->leaf[PANE_GRAPH]);
    split_add(&t->main_row, &t->leaf[screen_companion(focus)]);
    split_add(&t->root, &t->main_row);
}

/* Wide: the graph left of the inspector, watches and breakpoints under it, the events
 * across the bottom (a fifth of the rows: 7 lines of events at 45 rows). */
static void screen_wide_tree(split_nodes *t, int rows)
{
    t->leaf[PANE_GRAPH].size = -45;
    t->leaf[PANE_EVENTS].size = rows / 5 < 5 ? 5 : rows / 5;
    t->leaf[PANE_WATCHES].size = -50;
    t->lists.size = rows / 5 < 5 ? 5 : rows / 5;
    split_add(&t->lists, &t->leaf[PANE_WATCHES]);
    split_add(&t->lists, &t->leaf[PANE_BREAKS]);
    split_add(&t->right, &t->leaf[PANE_INSPECTOR]);
    split_add(&t->right, &t->lists);
    split_add(&t->main_row, &t->leaf[PANE_GRAPH]);
    split_add(&t->main_row, &t->right);
    split_add(&t->root, &t->main_row);
    split_add(&t->root, &t->leaf[PANE_EVENTS]);
}

void screen_plan_for(int rows, int cols, pane_id focus, screen_plan *out)
{
    memset(out, 0, sizeof *out);
    out->too_small = rows < SCREEN_MIN_ROWS || cols < SCREEN_MIN_COLS;
    if (out->too_small)
        return;
    out->narrow = cols < SCREEN_WIDE_COLS || rows < SCREEN_WIDE_ROWS;
    split_nodes t = {
        .root = {SPLIT_ROWS, 0, 0, {0}, 0},
        .main_row = {SPLIT_COLS, -100, 0, {0}, 0},
        .right = {SPLIT_ROWS, -55, 0, {0}, 0},
        .lists = {SPLIT_COLS, 0, 0, {0}, 0},
        .status = {SPLIT_LEAF, 1, SPLIT_STATUS, {0}, 0},
        .tabs = {SPLIT_LEAF, 1, SPLIT_TABS, {0}, 0},
    };
    for (int i = 0; i < PANE_COUNT; i++)
        t.leaf[i] = (split){SPLIT_LEAF, -100, i, {0}, 0};
    if (out->narrow)
        screen_narrow_tree(out, &t, rows, cols, focus);
    else
        screen_wide_tree(&t, rows);
    split_add(&t.root, &t.status);
    split_place(out, &t.root, (app_rect){0, 0, rows, cols});
}

int screen_pane_at(const dbg_app *a, int y, int x)
{
    for (int i = 0; i < PANE_COUNT; i++) {
        const pane *p = &a->panes[i];
        if (p->visible && y >= p->r.y && y < p->r.y + p->r.h && x >= p->r.x && x < p->r.x + p->r.w)
            return i;
    }
    return -1;
}

/* ---- the windows ---- */

void screen_free(dbg_app *a)
{
    for (int i = 0; i < PANE_COUNT; i++) {
        if (a->panes[i].win)
            delwin(a->panes[i].win);
        a->panes[i].win = NULL;
        a->panes[i].visible = false;
    }
    if (a->status_win)
        delwin(a->status_win);
    if (a->tabs_win)
        delwin(a->tabs_win);
    a->status_win = a->tabs_win = NULL;
}

static WINDOW *screen_window(app_rect r)
{
    return r.h > 0 && r.w > 0 ? newwin(r.h, r.w, r.y, r.x) : NULL;
}

void screen_layout(dbg_app *a)
{
    screen_free(a);
    getmaxyx(stdscr, a->rows, a->cols);
    screen_plan plan;
    screen_plan_for(a->rows, a->cols, a->focus, &plan);
    a->too_small = plan.too_small;
    a->all_dirty = true;
    graph_pane_relayout(a);
    if (plan.too_small)
        return;
    a->narrow = plan.narrow;
    for (int i = 0; i < PANE_COUNT; i++) {
        pane *p = &a->panes[i];
        p->r = plan.pane[i];
        p->visible = plan.visible[i];
        p->win = p->visible ? screen_window(p->r) : NULL;
    }
    a->status_win = screen_window(plan.status);
    a->tabs_win = screen_window(plan.tabs);
}

/* ---- the frame ---- */

static void screen_draw_too_small(dbg_app *a)
{
    erase();
    const char *l1 = "terminal too small";
    char l2[80];
    snprintf(l2, sizeof l2, "%dx%d, needs %dx%d", a->cols, a->rows, SCREEN_MIN_COLS, SCREEN_MIN_ROWS);
    int y = a->rows / 2 - 1;
    if (y < 0)
        y = 0;
    int x1 = (a->cols - (int)strlen(l1)) / 2, x2 = (a->cols - (int)strlen(l2)) / 2;
    term_text(&a->t, stdscr, y, x1 < 0 ? 0 : x1, l1, a->cols, A_BOLD);
    if (y + 1 < a->rows)
        term_text(&a->t, stdscr, y + 1, x2 < 0 ? 0 : x2, l2, a->cols, A_NORMAL);
    if (y + 2 < a->rows)
        term_text(&a->t, stdscr, y + 2, 0, "q quits", a->cols, A_DIM);
    wnoutrefresh(stdscr);
}

void screen_paint(dbg_app *a)
{
    if (a->too_small) {
        if (a->all_dirty)
            screen_draw_too_small(a);
        a->all_dirty = false;
        doupdate();
        return;
    }
    if (a->all_dirty) {
        werase(stdscr);
        wnoutrefresh(stdscr);
    }
    for (int i = 0; i < PANE_COUNT; i++) {
        pane *p = &a->panes[i];
        if (!p->visible || !p->win || (!p->dirty && !a->all_dirty))
            continue;
        werase(p->win);
        p->ops->draw(a, p);
        wnoutrefresh(p->win);
        p->dirty = false;
    }
    statusbar_draw_tabs(a);
    statusbar_draw(a);
    if (a->mode == MODE_EDIT)
        editor_inline_draw(a);
    if (a->mode == MODE_ANSWER)
        answer_draw(a);
    if (a->mode == MODE_HELP)
        help_draw(a);
    if (a->mode == MODE_MESSAGES)
        messages_draw(a);
    if (a->mode == MODE_PICKER)
        iterpick_draw(a);
    a->all_dirty = false;
    doupdate();
}
