/*
 * app — the debugger's state, shared by the front end's modules (not a public header: src/
 * uses debugger.h). One dbg_app owns the session, the breakpoint store, the terminal, the
 * panes and their windows; everything is passed around as a pointer, nothing is global.
 *
 * Panes are small vtables (draw, act, click) placed by a split tree that is recomputed on
 * every resize. Handlers never draw: they mark panes dirty (app_dirty) and the main loop
 * paints once per turn (wnoutrefresh per window, one doupdate).
 */
#ifndef SFDBG_UI_APP_H
#define SFDBG_UI_APP_H

#include <curses.h>
#include <stdbool.h>

#include "actions.h"
#include "answer.h"
#include "bpstore.h"
#include "debugger.h"
#include "jsontree.h"
#include "layout.h"
#include "lineedit.h"
#include "runctl.h"
#include "session.h"
#include "term.h"

#define APP_MIN_COLS 40
#define APP_MIN_ROWS 12
#define APP_MSG_MAX 512
#define APP_HISTORY_MAX 100
#define APP_CMD_MAX 4096
#define APP_EDIT_MAX (1024 * 1024)
#define APP_INLINE_EDIT_MAX (64 * 1024)

typedef enum { PANE_GRAPH, PANE_INSPECTOR, PANE_WATCHES, PANE_BREAKS, PANE_EVENTS, PANE_COUNT } pane_id;

typedef struct dbg_app dbg_app;

typedef struct {
    int y, x, h, w;
} app_rect;

typedef struct pane pane;
typedef struct {
    const char *name;
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
};

/* What the inspector shows. */
typedef enum {
    SUBJ_PENDING,   /* the state about to run (its input is editable) */
    SUBJ_VISIT,     /* a recorded visit */
    SUBJ_STATE,     /* a state that has not run (definition only) */
    SUBJ_ENDED      /* the execution's end (output or error) */
} subject_kind;

typedef enum {
    TAB_INPUT, TAB_STAGES, TAB_OUTPUT, TAB_CONTEXT, TAB_VARS, TAB_DEFINITION, TAB_DIFF, TAB_COUNT
} insp_tab;

typedef enum {
    MODE_NORMAL, MODE_COMMAND, MODE_PROMPT, MODE_EDIT, MODE_CONFIRM, MODE_HELP,
    MODE_ANSWER   /* the `x` dialog (answer.h) */
} input_mode;

typedef enum { PROMPT_SEARCH, PROMPT_WATCH, PROMPT_CONDITION } prompt_kind;

typedef struct {
    subject_kind kind;
    long visit;              /* SUBJ_VISIT */
    const asl_state *state;
    long event;              /* >= 0: chosen from the events pane (time travel, read-only) */
    bool stale;              /* trees must be refilled */
} insp_subject;

/* The graph pane's state. */
typedef struct {
    lay_graph *g;
    const asl_state *scope;           /* the block entered, NULL at the top */
    const asl_state **collapsed;
    size_t ncollapsed;
    const asl_state *sel;
    int vx, vy;                       /* view offset into the canvas */
    bool relayout;
    int outline;                      /* -1 auto, 0 drawing, 1 outline */
    bool showing_outline;
    bool follow;                      /* bring the selection into view at the next draw */
    int outline_top;
    char search[256];
} graph_state;

typedef struct {
    jsontree *tree[TAB_COUNT];
    insp_tab tab;
    insp_tab default_tab;             /* after a step */
    char search[256];
} insp_state;

typedef struct {
    long cursor;                      /* row index; -1 follows the end */
    long top;
    long nrows;
} list_state;

struct dbg_app {
    debugger_config cfg;
    term t;
    dbg_session *sess;
    bp_store bps;
    char bp_file[4096];
    bool persist;
    bool bp_keep_file;                /* the file could not be read: never write over it */
    char bp_unsaved[256];             /* why the last save failed; "" when saved */
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

    graph_state graph;
    insp_state insp;
    insp_subject subj;
    list_state events, watches, breaks;

    runctl rc;                        /* running: stepping, runs, tasks in flight */

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
    int help_top;

    char msg[APP_MSG_MAX];
    bool msg_error;
};

/* app.c */
void app_dirty(dbg_app *a, pane_id p);
void app_dirty_all(dbg_app *a);
void app_message(dbg_app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void app_do(dbg_app *a, ui_action act);
void app_focus(dbg_app *a, pane_id p);
void app_after_change(dbg_app *a, bool stepped);
void app_set_subject_state(dbg_app *a, const asl_state *s);
void app_set_subject_event(dbg_app *a, long event_index);
void app_confirm(dbg_app *a, const char *text, void (*yes)(dbg_app *a));
bool app_start_run(dbg_app *a, run_mode mode, const asl_state *until);
void app_step(dbg_app *a);
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
void app_save_breakpoints(dbg_app *a);
void app_toggle_break(dbg_app *a, const asl_state *s);
const asl_state *app_find_state(dbg_app *a, const char *name);
/* the latest visit of s, -1 if none */
long app_last_visit(dbg_app *a, const asl_state *s);
/* the input the watches and conditions look at: the pending state's, or the subject's */
const jv *app_subject_input(dbg_app *a);

/* pane modules */
extern const pane_ops pane_graph_ops, pane_inspector_ops, pane_watches_ops, pane_breaks_ops,
    pane_events_ops;
void graph_init(dbg_app *a);
void graph_cleanup(dbg_app *a);
void graph_follow(dbg_app *a, const asl_state *s);
void graph_select(dbg_app *a, const asl_state *s);
void insp_init(dbg_app *a);
void insp_cleanup(dbg_app *a);
void insp_refresh(dbg_app *a);
jsontree *insp_tree(dbg_app *a);
const char *insp_tab_name(insp_tab t);
bool insp_tab_by_name(const char *name, insp_tab *out);
long events_row_count(dbg_app *a);

/* commands.c: the `:` command line */
void cmd_execute(dbg_app *a, const char *line);
void cmd_complete(dbg_app *a);
void cmd_history_add(dbg_app *a, const char *line);

/* editor.c: `e` and `E` */
void editor_inline_open(dbg_app *a);
void editor_inline_key(dbg_app *a, int key);
void editor_inline_draw(dbg_app *a);
void editor_external(dbg_app *a);
/* A temporary file in $TMPDIR (or /tmp) holding text, written in full and synced; caller
 * frees the path. NULL with a message naming the file in err when it cannot be created or
 * written (nothing is left behind). */
char *editor_temp_file(const char *text, char *err, size_t n);
/* Runs $VISUAL/$EDITOR on path with the terminal suspended; its exit status (-1: could not
 * run it). name gets the editor's command. */
int editor_run(dbg_app *a, const char *path, const char **name);

/* drawing helpers shared by panes (app.c) */
int app_inner_h(const pane *p);
int app_inner_w(const pane *p);
void app_list_fix(list_state *l, long nrows, int height);
/* A one-line field at (y, x), room cells wide, scrolled to keep its cursor in view; the
 * cursor is a reverse cell (the real one stays hidden). */
void app_draw_field(dbg_app *a, WINDOW *w, int y, int x, int room, lineedit *le);

#endif
