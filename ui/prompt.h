/*
 * prompt — the one-line inputs on the status row: the `:` command line (history with the
 * arrows, Tab completion from commands.c) and the prompts (`/` search, `w` watch, `i` a
 * breakpoint's condition). Enter acts, Esc (or Ctrl-C, Ctrl-G, Backspace on an empty
 * line) cancels. The line and the history are the app's (dbg_app.line, .history); the
 * status bar draws them (statusbar.h).
 */
#ifndef SFDBG_UI_PROMPT_H
#define SFDBG_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct dbg_app dbg_app;
typedef enum { PROMPT_SEARCH, PROMPT_WATCH, PROMPT_CONDITION } prompt_kind;

/* A prompt, its line prefilled with initial (NULL: empty). */
void prompt_open(dbg_app *a, prompt_kind k, const char *initial);
/* The `:` command line, empty, at the end of the history. */
void prompt_open_command(dbg_app *a);
/* A key while the command line or a prompt is open; text keys carry their UTF-8 bytes. */
void prompt_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n);

#endif
