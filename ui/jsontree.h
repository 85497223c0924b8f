/*
 * jsontree — a folding JSON tree view model (the inspector's viewer), without curses.
 *
 * A tree holds top-level entries (a label, a JSON value, an optional note such as
 * "(unchanged)"); a bare entry (label NULL) shows its value as the root. The tree flattens
 * into rows according to what is open: containers open or fold (a folded one shows a
 * bounded one-line preview and its size), long strings are cut and can be opened to show
 * in full, wrapped. Fold state is kept by path, so it survives a step (same paths, new
 * values). Search walks the whole document, folded parts included, and opens the way to
 * the match. Every row knows its JSONPath (for copy).
 *
 * The tree keeps references to its entries' values (released by jt_clear / jt_free). Row
 * pointers stay valid until the next rebuild (any call that changes entries, folds, width).
 */
#ifndef SFDBG_UI_JSONTREE_H
#define SFDBG_UI_JSONTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"

#define JT_MAX_ROWS 200000   /* a view of a huge document stops here (a note says so) */

typedef enum {
    JT_ROW_VALUE,    /* a value (scalar, or container open/folded) */
    JT_ROW_CONT,     /* continuation of an opened long string */
    JT_ROW_EMPTY,    /* a bare note: "(not run yet)"; a long one wraps onto more rows */
    JT_ROW_LIMIT     /* the row limit was reached */
} jt_row_kind;

typedef struct {
    jt_row_kind kind;
    int depth;
    int entry;             /* top-level entry index */
    const jv *value;       /* borrowed */
    const char *key;       /* object member name (borrowed), NULL otherwise */
    long index;            /* array index, -1 otherwise */
    bool container, open;
    size_t path_off;       /* into the tree's path arena */
    size_t cont_off;       /* JT_ROW_CONT: byte offset into the string; JT_ROW_EMPTY: into
                              the note (> 0: a continuation row, without the label) */
    size_t cont_len;       /* JT_ROW_EMPTY: the note's bytes on this row */
} jt_row;

typedef struct jsontree jsontree;

jsontree *jt_new(int default_open_depth);
void jt_free(jsontree *t);

void jt_clear(jsontree *t);
/* label NULL: a bare root. value NULL: a row showing only the note. */
void jt_add(jsontree *t, const char *label, const jv *value, const char *note);

size_t jt_count(jsontree *t);
const jt_row *jt_row_at(jsontree *t, size_t i);
const char *jt_entry_label(const jsontree *t, int entry);
const char *jt_entry_note(const jsontree *t, int entry);
/* The row's JSONPath, "$" for an entry's root. */
const char *jt_row_path(jsontree *t, const jt_row *r);

/* Cursor and scroll (clamped on use). */
size_t jt_cursor(jsontree *t);
void jt_set_cursor(jsontree *t, long row);
void jt_move(jsontree *t, long delta);
size_t jt_top(jsontree *t, int height);   /* first visible row, keeping the cursor in view */
void jt_scroll(jsontree *t, long delta, int height);

/* Width for wrapping opened strings and bare notes (cells). */
void jt_set_width(jsontree *t, int width);
/* The cell (1-based, as the pane draws) where a bare note starts after its label (NULL:
 * none): a wrapped note's rows all start there. */
int jt_note_column(const char *label);

/* Open/close the node at the cursor (strings: show in full). */
void jt_toggle(jsontree *t);
void jt_set_open(jsontree *t, bool open);   /* l / h: open, or close (or go to parent) */

/* Search keys and scalar values (case-insensitive), in document order from the node at the
 * cursor, wrapping around. Moves the cursor to the match (opening the way to it), which the
 * next jt_top centres in the view, with context above and below; false if none. m (may be
 * NULL) says which match it is: index (1-based) of total, and whether the search wrapped. */
typedef struct {
    size_t index, total;
    bool wrapped;
} jt_match;
bool jt_search(jsontree *t, const char *needle, bool forward, jt_match *m);

/* One-line compact JSON in buf, at most max bytes with its NUL: when cut, the cut falls
 * between two characters and "…" follows. Returns buf. */
char *jt_preview(const jv *v, char *buf, size_t max);
/* "3 keys, 1.2 KiB" */
void jt_size_text(const jv *v, char *buf, size_t n);

#endif
