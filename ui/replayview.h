/*
 * replayview — `sfdbg replay` in the debugger: the recorded execution beside the local run
 * (debugger_replay, from src/cmd_replay.c). `:recorded` switches the Events pane between the
 * local run's events and the recorded ones; picking a recorded event shows its data as
 * recorded in the inspector and selects its state; the graph then marks the recorded path
 * (visited, failed, retried, loops). The first divergence of the local run from the recorded
 * one is marked in both views (its rows), on the graph (≠ on its state) and said in a
 * message; it is asked again when the debugger's own run ends, since an edit may move it.
 * What the history lacks (no data, truncated, masked values) is said when the debugger opens
 * and in the Events pane's title.
 */
#ifndef SFDBG_UI_REPLAYVIEW_H
#define SFDBG_UI_REPLAYVIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "debugger.h"
#include "jsontree.h"

typedef struct dbg_app dbg_app;

typedef struct {
    bool show;                        /* the Events pane lists the recorded events */
    long pick;                        /* the recorded event the inspector shows, -1 none */
    debugger_divergence div;          /* the latest known divergence */
    bool rechecked;                   /* asked for the run that has ended */
    const asl_state **visit_states;   /* each recorded visit's state, looked up once */
} replay_view;

bool rv_on(const dbg_app *a);
/* The message when the debugger opens: what the history lacks, the divergence. */
void rv_open(dbg_app *a);
void rv_close(dbg_app *a);
/* The state of recorded visit i (NULL: the definition has none of that name). */
const asl_state *rv_visit_state(const dbg_app *a, size_t i);
/* :recorded — the Events pane between the local and the recorded events. */
void rv_toggle(dbg_app *a);
/* After every change of the run: the inspector follows the step again; a run that has just
 * ended is compared again (debugger_replay.recheck). */
void rv_after_change(dbg_app *a);

/* The recorded rows of the Events pane. */
long rv_row_count(const dbg_app *a);
void rv_row_text(dbg_app *a, long i, int width, char *buf, size_t n, attr_t *at);
void rv_pick(dbg_app *a, long i);
/* The pane's title ("5 Recorded (33) · ..."). */
void rv_title(dbg_app *a, char *buf, size_t n);
/* A local event row: its id is where the local run diverged. */
bool rv_local_diverged(const dbg_app *a, long event_id);

/* The inspector on the picked recorded event: its trees filled and its title; false when
 * no recorded event is picked. */
bool rv_fill_inspector(dbg_app *a, jsontree *const *trees);
bool rv_inspector_title(dbg_app *a, char *buf, size_t n);

/* The graph: the state where the run diverged; whether it marks the recorded visits
 * (a->cfg.replay.visits) instead of the local run's. */
bool rv_state_diverged(const dbg_app *a, const char *state);
bool rv_showing(const dbg_app *a);
/* The id of the recorded event picked (LONG_MAX when none), its state in *state (or NULL). */
long rv_picked_event(dbg_app *a, const asl_state **state);

#endif
