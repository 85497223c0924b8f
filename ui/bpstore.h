/*
 * bpstore — breakpoints and watches, and their file: one small JSON file per workflow in
 * $XDG_CONFIG_HOME/sfdbg/workflows/ (or ~/.config/sfdbg/workflows/), written atomically.
 *
 * A breakpoint stops before a state runs: on a state by name, on every state of a type, or
 * (after a step) on any error and on any retry. It may carry a condition over the input of
 * the state about to run:
 *   - a JSONPath: true when it selects something other than null/false (an indefinite path:
 *     when it selects anything);
 *   - a comparison such as `$.amount > 100` or `$.a == 'x' && $.b`: evaluated as the JSONPath
 *     filter `$[?(...)]` over the input, with `$` meaning the input;
 *   - a JSONata expression `{% $states.input.amount > $limit %}` (uieval.h): true when its
 *     result is neither undefined, null nor false; it sees $states.input, $states.context and
 *     the variables of the state about to run.
 *
 * The store owns its breakpoints (strings, compiled conditions) and watch expressions.
 * No curses here.
 */
#ifndef SFDBG_UI_BPSTORE_H
#define SFDBG_UI_BPSTORE_H

#include <stdbool.h>
#include <stddef.h>

#include "definition.h"
#include "jsonata.h"
#include "jsonpath.h"
#include "jv.h"

#define BP_MAX 256
#define BP_MAX_WATCHES 64
#define BP_EXPR_MAX 1024

typedef enum { BP_STATE, BP_TYPE, BP_ERROR, BP_RETRY } bp_kind;

typedef struct {
    int id;             /* 1, 2, ... as the list shows them; stable while the session lasts */
    bp_kind kind;
    char *target;       /* state name (BP_STATE) or type name (BP_TYPE); NULL otherwise */
    char *cond;         /* condition text, NULL when none */
    jsonpath *cpath;
    jsonata_expr *cjsonata;   /* a "{% %}" condition, compiled */
    bool cond_filter;   /* the condition is a comparison (evaluated as a filter) */
    bool enabled;
    long hits;
} breakpoint;

typedef struct {
    breakpoint *items;
    size_t n;
    int next_id;
    char **watches;
    size_t nwatches;
    /* The child execution's state machine the debugger is in (ui/childexec.h), or NULL: a
     * breakpoint "child:NAME › STATE" matches STATE there. Borrowed. */
    const char *qualifier;
} bp_store;

void bp_init(bp_store *b);
void bp_cleanup(bp_store *b);

/* Adds a breakpoint; returns its id, or -1 with a message in err (bad condition, full). */
int bp_add(bp_store *b, bp_kind kind, const char *target, const char *cond, char *err, size_t n);
bool bp_remove(bp_store *b, int id);
breakpoint *bp_find(bp_store *b, int id);
breakpoint *bp_find_state(bp_store *b, const char *name);
/* Sets or clears (cond NULL/"") the condition. False with err on a bad condition. */
bool bp_set_cond(breakpoint *bp, const char *cond, char *err, size_t n);

/* Does the condition hold for this input? (No condition: true; an error: false.) context
 * and vars (the state's $states.context and variables, for JSONata) may be NULL. */
bool bp_cond_holds(const breakpoint *bp, const jv *input, const jv *context, const jv *vars);
/* Some enabled breakpoint has a JSONata condition (its caller then passes context, vars). */
bool bp_needs_scope(const bp_store *b);
/* The first enabled state/type breakpoint whose condition holds for state s with input. */
breakpoint *bp_match(bp_store *b, const asl_state *s, const jv *input, const jv *context,
                     const jv *vars);
/* An enabled breakpoint of this kind (BP_ERROR / BP_RETRY), NULL if none. */
breakpoint *bp_any(bp_store *b, bp_kind kind);
/* "● ValidatePayment if $.x > 1" style description (no glyph). */
void bp_describe(const breakpoint *bp, char *buf, size_t n);

bool bp_watch_add(bp_store *b, const char *expr);
bool bp_watch_remove(bp_store *b, size_t i);

/* The file for a workflow path; false when no config folder can be found. */
bool bp_file_for(const char *workflow, char *out, size_t n);
/* Replaces the store's contents with the file's: 0, or an errno value with what is wrong in
 * err ("at LINE:COLUMN: ...", or the field: "breakpoints[2]: ..."; the caller names the
 * file), the store unchanged. A missing file (or folder) loads as empty.
 * EINVAL (not JSON, or not the shape sfdbg writes: every entry must load) and EFBIG (over
 * 1 MiB) mean the file is not a breakpoint file (set it aside before saving over it); any
 * other value means it could not be read. */
int bp_load(bp_store *b, const char *path, char *err, size_t n);
/* Moves path to path.corrupt (or .corrupt.1, .corrupt.2, ...: an existing one is never
 * replaced) so that what it held is not lost; aside gets the new name. 0 or an errno value. */
int bp_set_aside(const char *path, char *aside, size_t n);
/* How the store reaches the disk: the program's safe writer (debugger_config.write_file,
 * src/fileio's fileio_write: a temporary file made with O_EXCL|O_NOFOLLOW, mode 0600, fsync,
 * rename). 0, or an errno value with a message in err. */
typedef int (*bp_writer)(const char *path, const char *text, size_t len, char *err,
                         size_t errlen);
/* Writes the store to path through write, creating its folders: 0 or an errno value. */
int bp_save(const bp_store *b, const char *path, const char *workflow, bp_writer write);

#endif
