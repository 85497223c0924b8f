/*
 * answer — the `x` dialog (DESIGN §5): answering the task that waits for its token, and
 * the prompt for a task nothing answered (exec_options.defer_unanswered: the user types the
 * task's result, or an error). Also the `:send-success`, `:send-failure`, `:heartbeat` and
 * `:time-out` commands, which go through the same checks and the same completion.
 *
 * The dialog shows the task and its token (masked until `r` reveals it), then one page per
 * answer: success (a one-line JSON field prefilled with `{}`; Enter sends, Esc cancels,
 * Ctrl-E opens $EDITOR), failure (error and cause fields), heartbeat, time out. An answer
 * the engine takes completes the task (app_apply_answer: one step) and leaves the debugger
 * paused. A refused one (invalid JSON with its line:column, AWS's InvalidToken,
 * TaskDoesNotExist, InvalidOutput...) is said in the dialog and what was typed stays.
 *
 * Typed text is never lost, and never runs as commands: only Esc (and Ctrl-C) closes the
 * dialog, and keeps the text for the next `x`; on the choice page a key that starts a JSON
 * text (`{`, `[`, `"`, `-`, a digit) opens the success page with it typed, and any other key
 * says what the page's keys are. The success field's `{}` is a placeholder: the first
 * character typed replaces it. The text is cleared only when an answer is accepted. Every field is bounded (lineedit maxima below; $EDITOR files are read
 * up to ANSWER_FILE_MAX).
 *
 * The answer_state lives in the dbg_app and owns its fields.
 */
#ifndef SFDBG_UI_ANSWER_H
#define SFDBG_UI_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "lineedit.h"

#define ANSWER_OUTPUT_MAX (1024 * 1024)  /* the engine refuses more than 256 KiB itself */
#define ANSWER_ERROR_MAX 1024            /* AWS: 256 characters (the engine says so) */
#define ANSWER_CAUSE_MAX (64 * 1024)     /* AWS: 32,768 characters */
#define ANSWER_FILE_MAX (4 * 1024 * 1024)

typedef struct dbg_app dbg_app;

typedef enum { ANSWER_CHOOSE, ANSWER_SUCCESS, ANSWER_FAILURE } answer_page;

typedef struct {
    answer_page page;
    bool reveal;                 /* the token in clear */
    int field;                   /* failure page: 0 error, 1 cause */
    bool typed;                  /* the fields hold text the user typed (kept on Esc) */
    lineedit output, error, cause;
    char note[400];              /* the last refusal or a hint, shown in the dialog */
    bool note_error;
} answer_state;

void answer_init(answer_state *s);
void answer_cleanup(answer_state *s);

/* Opens the dialog on the waiting task (a message when none waits). automatic: opened by
 * the debugger itself for a task nothing answered. */
void answer_open(dbg_app *a, bool automatic);
/* A key while the dialog is open (MODE_ANSWER); utf8/n: the text of a character key. */
void answer_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n);
void answer_draw(dbg_app *a);
/* The keys of the dialog's current page ("s result   f error ..." or "Enter sends · ..."):
 * its bottom line, and the status bar's hints while it is open. */
const char *answer_page_keys(dbg_app *a);

/* `:send-success [--token T] JSON`, `:send-failure [--token T] [ERROR [CAUSE]]`,
 * `:heartbeat [--token T]`, `:time-out`. cmd is the command's name; args may be changed.
 * True when cmd is one of them. */
bool answer_command(dbg_app *a, const char *cmd, char *args);

#endif
