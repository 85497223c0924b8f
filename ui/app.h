/*
 * app — the debugger's state, shared by the front end's modules (not a public header: src/
 * uses debugger.h). One dbg_app owns the session, the breakpoint store, the terminal, the
 * panes and their windows; everything is passed around as a pointer, nothing is global.
 *
 * Who does what (docs/debugger.md, "Inside the debugger", has the whole map):
 *   screen.c     the split tree, the windows, the frame      input.c    key -> action -> effect
 *   statusbar.c  the status bar, tabs, input field           prompt.c   `:` and the prompts
 *   help.c       the `?` overlay                             bppersist.c  the breakpoint file
 *   pane_*.c     the panes; each owns its state (pane.priv) and exports what others may do
 *   debugger.c   open and close                              app.c      shared marks, the
 *   subject, questions, run control and the main loop.
 *
 * Panes are small vtables (create, destroy, draw, act, click, wheel) placed by the split
 * tree. Handlers never draw: they mark panes dirty (app_dirty) and the main loop paints
 * once per turn (wnoutrefresh per window, one doupdate).
 */
#ifndef SFDBG_UI_APP_H
#define SFDBG_UI_APP_H

#include <curses.h>
#include <stdbool.h>

#include "actions.h"
#include "answer.h"
#include "bppersist.h"
#include "bpstore.h"
#include "childexec.h"
#include "debugger.h"
#include "jsontree.h"
#include "layout.h"
#include "input.h"
#include "iterpick.h"
#include "lineedit.h"
#include "messages.h"
#include "prompt.h"
#include "replayview.h"
#include "runctl.h"
#include "screen.h"
#include "session.h"
#include "statusbar.h"
#include "term.h"

#define APP_MSG_MAX 512
#define APP_HISTORY_MAX 100
#define APP_CMD_MAX 4096
#define APP_EDIT_MAX (1024 * 1024)
#define APP_INLINE_EDIT_MAX (64 * 1024)

typedef struct dbg_app dbg_app;

typedef struct pane pane;
typedef struct {
    const char *name;
    void *(*create)(dbg_app *a);                       /* the pane's private state, pane.priv */
    void (*destroy)(void *priv);
    void (*draw)(dbg_app *a, pane *p);
    bool (*act)(dbg_app *a, pane *p, ui_action act);   /* true: handled */
    void (*click)(dbg_app *a, pane *p, int y, int x);   /* window coordinates */
    void (*wheel)(dbg_app *a, pane *p, int delta);
} pane_ops;

struct pane {
    pane_id id;
    const pane_ops *ops;
    WINDOW *win;
    app_rect r;
    bool visible;
    bool dirty;
    void *priv;                       /* only the pane's own module looks inside */
};

typedef enum {
    SUBJ_PENDING,   /* the state about to run (its input is editable) */
    SUBJ_VISIT,     /* a recorded visit */
    SUBJ_STATE,     /* a state that has not run (definition only) */
    SUBJ_ENDED      /* the execution's end (output or error) */
} subject_kind;

typedef enum {
    TAB_INPUT, TAB_STAGES, TAB_OUTPUT, TAB_CONTEXT, TAB_VARS, TAB_DEFINITION, TAB_DIFF,
    TAB_SERVICES, TAB_COUNT
} insp_tab;

typedef enum {
    MODE_NORMAL, MODE_COMMAND, MODE_PROMPT, MODE_EDIT, MODE_CONFIRM, MODE_HELP,
    MODE_ANSWER,  /* the `x` dialog (answer.h) */
    MODE_MESSAGES, /* the messages overlay (messages.h) */
    MODE_PICKER    /* the iteration picker (iterpick.h) */
} input_mode;

/* What the inspector shows: a state, one of its visits, or the end. */
typedef struct {
    subject_kind kind;
    long visit;              /* SUBJ_VISIT */
    const asl_state *state;
    long event;              /* >= 0: chosen from the events pane (time travel, read-only) */
    bool stale;              /* trees must be refilled */
    bool picked;             /* the user chose it (graph, events), not a step */
} insp_subject;

struct dbg_app {
    debugger_config cfg;
    term t;
    dbg_session *sess;
    bp_store bps;
    bp_persist bpf;                   /* where the breakpoints are kept (bppersist.h) */
    pane panes[PANE_COUNT];
    pane_id focus;
    WINDOW *status_win;
    WINDOW *tabs_win;                 /* narrow layout: the pane tabs */
    int rows, cols;
    bool too_small;
    bool narrow;
    bool all_dirty;
    bool quit;
    int exit_status;

    /* What the inspector shows; the app's, not the inspector's: the graph highlights it,
     * the watches evaluate over it, the events pane picks it, and every step moves it. */
    insp_subject subj;

    runctl rc;                        /* running: stepping, runs, tasks in flight */
    childexec cx;                     /* the child executions stepped into (childexec.h) */
    replay_view rv;                   /* sfdbg replay: the recorded execution (replayview.h) */

    /* input */
    input_mode mode;
    prompt_kind prompt;
    lineedit line;                    /* command line / prompt */
    lineedit edit;                    /* inline JSON edit */
    char edit_error[320];
    char *edit_draft;                 /* an abandoned inline edit, offered back by `e` */
    char *external_draft;             /* $EDITOR file kept after invalid JSON */
    char *history[APP_HISTORY_MAX];
    int nhistory, hist_pos;
    char **completions;
    int ncompletions, completion_i;
    answer_state answer;              /* the `x` dialog and what was typed in it */
    char confirm_text[APP_MSG_MAX + 4096];   /* room for the breakpoint file's path */
    void (*confirm_yes)(dbg_app *a);
    int help_top;                     /* the help's first line shown (help.c) */
    iterpick pick;                    /* the iteration picker (iterpick.h) */

    char msg[APP_MSG_MAX];            /* the newest message, as the status line shows it */
    bool msg_error;
    bool msg_cut;                     /* ... cut: the log has it whole */
    msg_log log;                      /* every message, whole (messages.h) */
};

/* app.c */
void app_dirty(dbg_app *a, pane_id p);
void app_dirty_all(dbg_app *a);
void app_message(dbg_app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void app_focus(dbg_app *a, pane_id p);
void app_after_change(dbg_app *a, bool stepped);
void app_set_subject_state(dbg_app *a, const asl_state *s);
void app_set_subject_event(dbg_app *a, long event_index);
void app_confirm(dbg_app *a, const char *text, void (*yes)(dbg_app *a));
bool app_start_run(dbg_app *a, run_mode mode, const asl_state *until);
void app_step(dbg_app *a);
/* s: into the branch or iteration about to run (elsewhere a plain step, said so). */
void app_step_into(dbg_app *a);
/* :iteration N (runctl_iteration). */
void app_iteration(dbg_app *a, long n);
/* The picker's jump: into child n of the Parallel/Map in the user's frame (here) or of the
 * one the user is in a child of (runctl_child). */
void app_child(dbg_app *a, long n, bool here);
/* Ctrl-C, Esc or a key during a run: the run stops (a task in flight goes on). */
void app_interrupt(dbg_app *a);
/* Stops the task in flight (K): it then waits for the user's answer. */
void app_cancel_task(dbg_app *a);
/* A task's answer is in (answer.c): the step that applies it, then paused. what: "success"... */
void app_apply_answer(dbg_app *a, const char *what);
/* The visit of the current state when it has started and not finished (a task waiting for
 * its token, between retries, or in flight), -1 otherwise. */
long app_in_flight_visit(dbg_app *a);
/* The context object ($$) of the subject: the visit's, or the one the state about to run
 * will see. New reference. */
jv *app_subject_context(dbg_app *a);
void app_step_back(dbg_app *a, long n);
void app_continue_back(dbg_app *a);
void app_restart(dbg_app *a, const jv *input);
bool app_edit_apply(dbg_app *a, const char *text, char *err, size_t errn, size_t *err_off);
void app_toggle_break(dbg_app *a, const asl_state *s);
const asl_state *app_find_state(dbg_app *a, const char *name);
/* The visit an event belongs to: the last visit of its state entered at or before it; -1
 * if none. */
long app_visit_of_event(dbg_app *a, const exec_event *e);
/* the latest visit of s, -1 if none */
long app_last_visit(dbg_app *a, const asl_state *s);

/* pane modules */
extern const pane_ops pane_graph_ops, pane_inspector_ops, pane_watches_ops, pane_breaks_ops,
    pane_events_ops;
/* pane_graph.c */
/* The selection moves to s (NULL: stays) and comes into view; the subject does not change. */
void graph_pane_follow(dbg_app *a, const asl_state *s);
/* Selects s and makes it the inspector's subject. */
void graph_pane_select(dbg_app *a, const asl_state *s);
/* Selects s, entering the block that holds it first. */
void graph_pane_reveal(dbg_app *a, const asl_state *s);
const asl_state *graph_pane_selected(const dbg_app *a);
void graph_pane_set_search(dbg_app *a, const char *text);
/* The layout changed (resize, scope, folds): lay the graph out again at the next draw. */
void graph_pane_relayout(dbg_app *a);
/* pane_inspector.c */
const char *insp_tab_name(insp_tab t);
bool insp_tab_by_name(const char *name, insp_tab *out);
void insp_pane_set_tab(dbg_app *a, insp_tab t);
/* The tab a step shows (Stages, or the one :tab chose). */
void insp_pane_show_step_tab(dbg_app *a);
void insp_pane_set_default_tab(dbg_app *a, insp_tab t);
void insp_pane_cycle_tab(dbg_app *a, int dir);
void insp_pane_set_search(dbg_app *a, const char *text);
/* pane_lists.c */
long events_row_count(dbg_app *a);
/* The events cursor follows the newest row again. */
void events_pane_follow_end(dbg_app *a);
/* The events cursor on row (it stays there). */
void events_pane_set_cursor(dbg_app *a, long row);
/* Adds a watch as typed (w, :watch): refused, not saved, when it is not a JSONPath, with the
 * parser's message and position (w then offers the text again). */
bool watches_add(dbg_app *a, const char *expr);
/* The last expression refused, NULL when none; error_at gets the byte where it is wrong. */
const char *watches_draft(dbg_app *a, size_t *error_at);
/* The breakpoint under the list's cursor, NULL when none. */
breakpoint *breaks_pane_selected(dbg_app *a);

/* commands.c: the `:` command line */
void cmd_execute(dbg_app *a, const char *line);
void cmd_complete(dbg_app *a);
void cmd_history_add(dbg_app *a, const char *line);

/* editor.c: `e` and `E` */
void editor_inline_open(dbg_app *a);
/* A key while the inline edit is open; text keys carry their UTF-8 bytes. */
void editor_inline_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n);
void editor_inline_draw(dbg_app *a);
void editor_external(dbg_app *a);
/* A temporary file in $TMPDIR (or /tmp) holding text, written in full and synced; caller
 * frees the path. NULL with a message naming the file in err when it cannot be created or
 * written (nothing is left behind). */
char *editor_temp_file(const char *text, char *err, size_t n);
/* Runs $VISUAL/$EDITOR on path with the terminal suspended; its exit status (-1: could not
 * run it). name gets the editor's command. */
int editor_run(dbg_app *a, const char *path, const char **name);

/* remote.c: --listen's requests waiting (debugger_remote), answered now */
void remote_serve(dbg_app *a);

/* drawing helpers shared by panes (app.c) */
int app_inner_h(const pane *p);
int app_inner_w(const pane *p);

#endif
