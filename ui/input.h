/*
 * input — the one path every key takes, from the terminal to what it does:
 *
 *   1. terminal events: KEY_RESIZE lays the screen out again; KEY_MOUSE goes to the pane
 *      under the pointer (normal mode only: a dialog keeps the mouse from the panes).
 *   2. a terminal too small to draw in: only q (and y to its question) mean anything.
 *   3. the open mode's own input, which takes every key: the command line and prompts
 *      (prompt.h), the inline JSON edit (editor.c), the `x` dialog (answer.h), a y/n
 *      question (app_confirm), the help (help.h), the messages (messages.h).
 *   4. normal mode: any key interrupts a running continue; otherwise the action table
 *      (actions.h) turns the key into an action,
 *   5. and input_do performs it: the focused pane first (pane_ops.act), then the app.
 *
 * The `:` command line (commands.c) enters at step 5 with an action's name; so do the
 * prompts (a search goes on with ACT_SEARCH_NEXT). Signals that ask the debugger to stop
 * (term.h sets the flag) are taken between keys by input_signal.
 */
#ifndef SFDBG_UI_INPUT_H
#define SFDBG_UI_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "actions.h"

typedef struct dbg_app dbg_app;

/* Reads one key as a wide character; fills utf8 (n bytes) for text keys. ERR on timeout. */
int input_read_key(int *key, bool *is_char, char *utf8, size_t *n);
/* Steps 1 to 5 for one key. */
void input_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n);
/* Step 5: performs an action. */
void input_do(dbg_app *a, ui_action act);
/* SIGINT interrupts a running continue; it, SIGTERM and SIGHUP otherwise quit with
 * 128 + the signal (130 for SIGINT). */
void input_signal(dbg_app *a);

#endif
