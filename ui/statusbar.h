/*
 * statusbar — the bottom line (mode, where the execution is, the message or the key hints;
 * the command line and prompts while one is open; the confirm question), the pane tabs of
 * the narrow layout, and the one-line input field the prompts and dialogs share.
 *
 * The text is computed by pure functions over a statusbar_facts snapshot (unit-tested in
 * tests/unit/test_ui_statusbar.c); the curses functions only place it.
 */
#ifndef SFDBG_UI_STATUSBAR_H
#define SFDBG_UI_STATUSBAR_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "exec.h"
#include "lineedit.h"
#include "term.h"

typedef struct dbg_app dbg_app;

/* What the status line says, gathered from the app once per draw. Strings are borrowed. */
typedef struct {
    exec_status status;
    bool running;            /* a continue (or until/finish) is in progress */
    bool real_wait;          /* running, and waiting on the real clock (--real-time) */
    bool flight;             /* a task's answer is under way (a handler running) */
    long flight_seconds;     /* ... for this many whole seconds */
    bool pending;            /* a task waits for an answer */
    bool needs_result;       /* ... for its result (nothing answered it), not a token */
    bool worker;             /* ... for an activity's worker (--listen: GetActivityTask) */
    bool answered;           /* ... and the answer is in */
    const char *current;     /* the state about to run, NULL when none */
    const char *stop_reason; /* "" when none */
    const char *error, *cause;
    const char *dialog_keys; /* a dialog or overlay is open (`x`, messages): its keys, else NULL */
    long steps;
} statusbar_facts;

void statusbar_facts_of(dbg_app *a, statusbar_facts *f);

/* " PAUSED ", " RUNNING ", " RUNNING Task 3 s ", " WAITING FOR TOKEN ", " SUCCEEDED "...; the attribute role. */
term_attr statusbar_mode_text(const statusbar_facts *f, char *buf, size_t n);
/* " at State (reason) · step N", or the end's error and cause. */
void statusbar_detail_text(const statusbar_facts *f, char *buf, size_t n);
/* "n step  c continue ... q quit  ": the actions worth a hint now (a waiting task: x first;
 * the `x` dialog open: its keys, never a key that would type into its field). */
void statusbar_hints_text(const statusbar_facts *f, char *buf, size_t n);

/* What a message too long for the status line ends with: how to read it whole. */
#define STATUSBAR_MORE " … m or :messages"
/* Cells of the message to show in room cells: all of it when it fits (and was not cut on its
 * way to the status line), else room less STATUSBAR_MORE, which is drawn after it. */
int statusbar_message_cells(const char *msg, bool cut, int room);

/* Cuts hints (statusbar_hints_text's) after the last whole hint that fits in room cells
 * (all of them go when none fits); its width comes back. */
int statusbar_hints_fit(char *hints, int room);

/* The first byte of buf to show so the cursor (byte cur) stays inside room cells, starting
 * from the previous scroll; found in O(room) whatever the length. */
size_t statusbar_field_scroll(const char *buf, size_t cur, size_t scroll, int room);
/* Cells of the UTF-8 text in [from, to), counting no further than limit cells. */
int statusbar_span_width(const char *buf, size_t from, size_t to, int limit);

/* A one-line field at (y, x), room cells wide, scrolled to keep its cursor in view; the
 * cursor is a reverse cell (the real one stays hidden). */
void statusbar_draw_field(dbg_app *a, WINDOW *w, int y, int x, int room, lineedit *le);
void statusbar_draw(dbg_app *a);
/* The narrow layout's pane tabs ("[1 Graph]  2 State ..."). */
void statusbar_draw_tabs(dbg_app *a);

#endif
