/*
 * help — the `?` overlay: every action's keys and help by group (from the action table,
 * actions.h), the commands, the `x` dialog's keys and the graph's marks, each line wrapped
 * to the overlay's width (never cut); scrolled with
 * j/k, PgDn/PgUp and Space, closed by any other key.
 *
 * help_lines and help_clamp are pure (tests/unit/test_ui_help.c); the app keeps the scroll
 * position (help_top) and only this module changes it.
 */
#ifndef SFDBG_UI_HELP_H
#define SFDBG_UI_HELP_H

#include <stdbool.h>

#define HELP_LINE_MAX 400

typedef struct dbg_app dbg_app;

/* Fills at most max lines; returns how many. Headings start in column 0, entries indented. */
int help_lines(char lines[][HELP_LINE_MAX], int max);
/* One help line as the rows of a view width cells wide, cut at spaces, none cut short: the
 * rows after the first are indented under the entry's help text (two cells for other
 * lines). A line that fits (or a width under 24) is one row. At most max rows; returns how
 * many. */
int help_wrap(const char *line, int width, char out[][HELP_LINE_MAX], int max);
/* Every line of lines[0..n) wrapped so; returns the rows. */
int help_rows(char lines[][HELP_LINE_MAX], int n, int width, char out[][HELP_LINE_MAX], int max);
/* The first line shown: top kept inside [0, n - body] (0 when everything fits). */
int help_clamp(int top, int n, int body);

void help_open(dbg_app *a);
/* A key while the help is open: scrolls, or closes it. */
void help_key(dbg_app *a, int key);
void help_draw(dbg_app *a);

#endif
