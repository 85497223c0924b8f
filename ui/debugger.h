/*
 * debugger — the interactive debugger's entry point (`sfdbg WORKFLOW`). The program (src/)
 * loads the workflow and its input and hands them over; the debugger owns the terminal
 * from debugger_run's start to its return, and restores it on every way out.
 *
 * File access the debugger needs (`:run FILE`, `:history FILE`) goes through the callbacks,
 * so the program's bounded readers and atomic writers are used, not copies of them.
 */
#ifndef SFDBG_UI_DEBUGGER_H
#define SFDBG_UI_DEBUGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "definition.h"
#include "exec.h"
#include "jv.h"
#include "services/svc_snapshot.h"

/* Requests from another process (`--listen`, src/listen.c), answered on the UI thread. */
typedef enum { DEBUGGER_SEND_SUCCESS, DEBUGGER_SEND_FAILURE, DEBUGGER_SEND_HEARTBEAT } debugger_send_kind;
/* What the debugger lets a request see and do (all on the UI thread). */
typedef struct {
    void *ctx;
    const sfn_exec *(*exec)(void *ctx);
    jv *(*context)(void *ctx);        /* the execution's $$ (Execution, StateMachine); new ref */
    /* Answers the waiting task as `x` does (a, b: the output, or the error and cause), the
     * answer logged as from another process and applied at once; EXEC_SEND_OK or AWS's
     * refusal with a message in err. */
    exec_send_status (*send)(void *ctx, debugger_send_kind k, const char *token, const char *a,
                             const char *b, char *err, size_t errlen);
    /* GetActivityTask: the waiting task of that activity, if one waits for a worker, goes to
     * worker (NULL: none named; exec_activity_start), logged and shown at once; false when
     * no task of it waits for a worker (nor one whose recorded answer a step back replays:
     * session_activity_start). */
    bool (*take_activity)(void *ctx, const char *activity_arn, const char *worker);
} debugger_remote_calls;
typedef struct {
    bool on;
    int fd;                           /* readable when requests wait: polled with the keys */
    void (*serve)(void *user, const debugger_remote_calls *calls);   /* answers them all */
    void *user;
    const char *note;                 /* shown when the debugger opens ("listening on ...") */
} debugger_remote;

/* `sfdbg replay` (src/cmd_replay.c): the recorded execution beside the local run. Everything
 * is borrowed and lives until debugger_run returns. */
typedef struct {
    const jv *event;                  /* the recorded event as GetExecutionHistory gives it */
    const char *state;                /* the state it belongs to, NULL for execution events */
    char thread[24];                  /* "" (the execution), "branch 1", "iter 3" */
} debugger_recorded_event;
typedef struct {
    const char *state;                /* a state visit of the recorded execution */
    long entered_id, exited_id;       /* its events; exited_id 0: not exited */
    long retries;                     /* failed task attempts before the last one */
} debugger_recorded_visit;
typedef struct {
    bool diverged;
    long recorded_event, local_event; /* event ids, 0: none on that side */
    const char *state;                /* NULL: the execution's own fields */
    const char *field, *path;         /* "output", "$.v" ("" when the whole value) */
    const char *recorded, *local;     /* the two values as text */
    size_t visits;                    /* state visits that agreed before it (or in all) */
} debugger_divergence;
typedef struct {
    bool on;
    const char *name;                 /* the history's file */
    const debugger_recorded_event *events;   /* in id order */
    size_t nevents;
    const debugger_recorded_visit *visits;   /* in the order they were entered */
    size_t nvisits;
    const char *note;                 /* what the history lacks (no data, truncated, masked,
                                         pages), said on screen; NULL when nothing */
    debugger_divergence div;          /* of the local run as the debugger starts it */
    /* The divergence of the debugger's own run, asked when it has ended (an edit or answer
     * may have changed it); the strings live until the next call. NULL: div stays. */
    void (*recheck)(void *user, const sfn_exec *ex, debugger_divergence *out);
    void *user;
} debugger_replay;

typedef struct {
    const char *workflow_path;        /* for the title and the breakpoint file */
    const asl_definition *def;        /* borrowed */
    const jv *input;                  /* borrowed */
    exec_options eo;                  /* strings borrowed */
    bool real_time;
    const char *const *breaks;        /* --break STATE... */
    size_t nbreaks;
    const char *history_file;         /* --history: written when the debugger ends */
    size_t max_input;                 /* bound for :run FILE */
    bool monochrome;
    bool no_mouse;
    bool no_persist;                  /* do not read or write the breakpoint file */
    /* bounded file reading (NULL + message on failure; caller frees) and safe writing
     * (0, or errno + a message naming the file) */
    char *(*read_file)(const char *path, size_t max, size_t *len, char *err, size_t errlen);
    int (*write_file)(const char *path, const char *text, size_t len, char *err, size_t errlen);
    debugger_remote remote;           /* on: --listen */
    /* the local services the resolvers use (borrowed; NULL: none): step back restores
     * them and the Services tab shows them */
    const svc_stores *services;
    debugger_replay replay;           /* on: sfdbg replay */
    /* the benchmark draws into these instead of the terminal (NULL: the terminal) */
    FILE *term_out, *term_in;
} debugger_config;

/* Runs the debugger until the user quits. Returns the process exit status: 0, or 1 when
 * the terminal could not be used. */
int debugger_run(const debugger_config *cfg);

/* For the benchmark: a debugger drawn into cfg->term_out without a key loop. */
typedef struct dbg_app dbg_app;
dbg_app *debugger_open(const debugger_config *cfg);
/* Performs the action named as on the command line (":step", ":continue", ...). */
void debugger_command(dbg_app *a, const char *cmdline);
/* Draws one frame (everything dirty) and flushes it. */
void debugger_frame(dbg_app *a, bool everything);
void debugger_resize(dbg_app *a, int rows, int cols);
void debugger_close(dbg_app *a);

#endif
