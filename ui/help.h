/*
 * help — the `?` overlay: every action's keys and help by group (from the action table,
 * actions.h), the commands, the `x` dialog's keys and the graph's marks; scrolled with
 * j/k, PgDn/PgUp and Space, closed by any other key.
 *
 * help_lines and help_clamp are pure (tests/unit/test_ui_help.c); the app keeps the scroll
 * position (help_top) and only this module changes it.
 */
#ifndef SFDBG_UI_HELP_H
#define SFDBG_UI_HELP_H

#include <stdbool.h>

#define HELP_LINE_MAX 200

typedef struct dbg_app dbg_app;

/* Fills at most max lines; returns how many. Headings start in column 0, entries indented. */
int help_lines(char lines[][HELP_LINE_MAX], int max);
/* The first line shown: top kept inside [0, n - body] (0 when everything fits). */
int help_clamp(int top, int n, int body);

void help_open(dbg_app *a);
/* A key while the help is open: scrolls, or closes it. */
void help_key(dbg_app *a, int key);
void help_draw(dbg_app *a);

#endif
