/*
 * iterpick — the iteration picker (`I`, `:iterations`): the branches or iterations of a
 * Parallel/Map visit, one row each (index, ✓ succeeded / ✗ failed / ▶ running / · not run,
 * the child's input abbreviated, a failed one's error and cause, "(states not kept)" for a
 * distributed Map's child whose visits the engine dropped), or the failed ones alone
 * (`f` switches). Enter on a row jumps there: a child that has not run (or is running) is
 * entered as `:iteration N` does, running the ones before it (N goes back through them);
 * one that has run opens its first visit for viewing (its iterator in the graph, the
 * inspector on the visit).
 *
 * The list is virtual: a row's text is made only when it is drawn (a 100,000-iteration Map
 * makes a screenful of rows per frame), from the engine's children log (exec.h) and the
 * visit's item stages; listing the failed ones alone reads the log's failure list, never
 * the other rows. The model (which visit, how many rows, a row's text) is pure and
 * unit-tested in tests/unit/test_ui_iterpick.c; the overlay draws with curses.
 */
#ifndef SFDBG_UI_ITERPICK_H
#define SFDBG_UI_ITERPICK_H

#include <stdbool.h>
#include <stddef.h>

#include "exec.h"

/* The overlay's keys, for its footer and the status bar. */
#define ITERPICK_KEYS "j/k PgUp/PgDn g/G move  Enter jump  f failed only  Esc close"

typedef struct {
    long visit;          /* the Parallel/Map visit listed */
    bool failed_only;
    long cursor, top;    /* rows */
} iterpick;

/* The Parallel/Map visit the picker lists: the latest visit of `selected` when it is a
 * Parallel/Map that has run (its last visit is selected_visit), else the fan-out in progress
 * in the user's frame, else the one whose child the user is in; -1 when there is none. */
long iterpick_visit_for(const sfn_exec *ex, long user_frame, const asl_state *selected,
                        long selected_visit);
/* Rows the picker has: every child, or the failed ones. */
size_t iterpick_rows(const sfn_exec *ex, const iterpick *p);
/* The child (branch or iteration index) on a row, -1 past the end. */
long iterpick_child_at(const sfn_exec *ex, const iterpick *p, size_t row);
/* The child's input, as its first state got it (from the visit's item stages), or NULL. */
const jv *iterpick_child_input(const sfn_exec *ex, long visit, size_t child);
/* "     3  ✓ succeeded  {"id":4}" or "     1  ✗ failed     Bad: two", cut to width cells;
 * here: the user is in this child. */
void iterpick_row_text(const sfn_exec *ex, long visit, size_t child, bool here, char *buf,
                       size_t n);
/* "ProcessItems: 5 iterations · 4 ✓ · 1 ✗" */
void iterpick_summary(const sfn_exec *ex, long visit, char *buf, size_t n);
/* Why a child of a distributed Map has no visits: "iteration 4,213's states were not kept:
 * sfdbg keeps the first 1,000 ..." (exec_child_info.dropped); kind "iteration". */
void iterpick_not_kept_text(const char *kind, long child, char *buf, size_t n);
/* The first visit the child made (its frame's), -1 when none. */
long iterpick_first_visit(const sfn_exec *ex, long visit, size_t child);

typedef struct dbg_app dbg_app;

/* The child of the visit the user is in (at any depth below it), -1 when none. */
long iterpick_user_child(const dbg_app *a, long visit);
/* The visit's child the Stages tab shows: the picker's row when it listed this visit, else
 * the one the user is in, else 0; -1 when the visit has no children. */
long iterpick_selected_child(const dbg_app *a, long visit);

/* Opens the picker over the visit iterpick_visit_for finds (says why not, when none). */
void iterpick_open(dbg_app *a);
void iterpick_key(dbg_app *a, int key);
void iterpick_draw(dbg_app *a);

#endif
