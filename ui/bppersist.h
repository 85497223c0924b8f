/*
 * bppersist — the breakpoints and watches kept across runs, one file per workflow in the
 * config folder (bp_file_for): read when the debugger opens (with the --break states
 * added), written after every change. No data is lost: a file that is not a breakpoint
 * file is moved aside before anything is saved; one that cannot be read (or moved) is
 * never written over; a save that fails stays flagged (breakpoints pane, quit prompt)
 * until one succeeds.
 *
 * bpp_load and bpp_save work on the store and the config alone (tests/unit/
 * test_ui_bppersist.c); bpp_open and bpp_save_now are the app's: they say what happened
 * in the message line.
 */
#ifndef SFDBG_UI_BPPERSIST_H
#define SFDBG_UI_BPPERSIST_H

#include <stdbool.h>
#include <stddef.h>

#include "bpstore.h"
#include "debugger.h"

typedef struct dbg_app dbg_app;

typedef struct {
    char file[4096];          /* "" when there is no config folder */
    bool enabled;             /* not --no-persist, and a config folder to keep the file in */
    bool keep_file;           /* it could not be read: never write over it */
    char unsaved[256];        /* why the last save failed; "" when saved */
} bp_persist;

/* Fills the store from the workflow's file (unless cfg->no_persist) and adds cfg->breaks.
 * false with what went wrong in msg (the file is named); the store keeps what loaded. */
bool bpp_load(bp_persist *p, bp_store *bps, const debugger_config *cfg, char *msg, size_t n);
/* Writes the store; NULL once saved, else why not (also kept in p->unsaved). Nothing is
 * written, and NULL returned, with cfg->no_persist. */
const char *bpp_save(bp_persist *p, const bp_store *bps, const debugger_config *cfg);

/* bpp_load on the app's store, a failure in the message line. */
void bpp_open(dbg_app *a);
/* bpp_save after a change, a failure in the message line; the breakpoints pane redraws. */
void bpp_save_now(dbg_app *a);

#endif
