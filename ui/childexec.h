/*
 * childexec — stepping into a child execution: a Task states:startExecution (plain, .sync,
 * .sync:2, .waitForTaskToken) whose child ran locally (--workflows DIR).
 *
 * The child runs to its end inside the parent's task (engine/services/sfn_child.h), which
 * keeps it once it ended. Stepping into it opens a session of its own over the child's
 * definition, input and options, whose one resolver is the recorded run
 * (sfn_child_replay_resolve): the same execution again, a step at a time, with nothing sent
 * anywhere and no local service changed. The debugger then shows that session (its graph,
 * events, panes, Stages); the parent's stays as it was, under it on a stack. Which child a
 * parent visit started is read from the visit's own events (TaskSubmitted, TaskSucceeded or
 * TaskFailed name the child's ExecutionArn), so the journal's replay of the parent (a step
 * back, then forward) finds the same child again.
 *
 * `s` on such a task runs it (the step `n` makes) and enters its child; `:child` enters the
 * child the inspector's visit started. When the child's execution ends (a step, `c`, `f`)
 * the user is back in the parent, after the task; `N` at the child's first state goes back
 * there too, and one step further back when `s` entered it. The child is read-only: an edit
 * there would not reach the parent's result.
 */
#ifndef SFDBG_UI_CHILDEXEC_H
#define SFDBG_UI_CHILDEXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "definition.h"
#include "exec.h"
#include "services/sfn_child.h"
#include "session.h"

typedef struct {
    dbg_session *sess;                /* the execution left (the parent's) */
    const asl_definition *def;
    bool by_step;                     /* entered by `s` right after the parent's task ran */
    char label[200];                  /* "StartChild › child:NAME" */
    const char *qualifier;            /* the breakpoints' qualifier there (bp_store) */
} childexec_level;

typedef struct {
    childexec_level stack[SFN_CHILD_MAX_DEPTH];
    task_resolver replay[SFN_CHILD_MAX_DEPTH];   /* each child session's one resolver */
    int depth;
    const asl_state *enter_after;     /* `s` went in flight on this task: enter when done */
    bool enter_pending;               /* a run stopped to enter the child of enter_visit */
    long enter_visit;
} childexec;

/* A Task whose resource is states:startExecution (any pattern). */
bool childexec_is_start(const asl_state *st);
/* The ExecutionArn of the child the task visit `visit` started (its last attempt's), into
 * buf; false when its events name none. */
bool childexec_arn_of_visit(const sfn_exec *ex, long visit, char *buf, size_t n);

typedef struct dbg_app dbg_app;

/* Hooks run control up (a run stops at a task whose child holds a breakpoint, then goes on
 * inside it). */
void childexec_init(dbg_app *a);
/* A breakpoint's name as the user typed it: "child:NAME › STATE", or "NAME:STATE" for the
 * same, into out (true); false when text is neither. */
bool childexec_qualify(const char *text, char *out, size_t n);

/* `s`: true when the state about to run is such a task (it was stepped, its child entered
 * or, in flight, entered when the answer is in); false: not one, the caller steps as usual. */
bool childexec_step_into(dbg_app *a);
/* Enters the child the parent's visit started; false with a message when there is none. */
bool childexec_open(dbg_app *a, long visit, bool by_step);
/* After the execution moved: enters a child `s` waited for, or leaves a child that ended. */
void childexec_after_change(dbg_app *a);
/* `N` at the child's first state: back in the parent (and, when `s` entered it, n-1 more
 * steps back there). False when not in a child or it has stepped. */
bool childexec_step_back(dbg_app *a, long n);
/* The graph's title path: "order.asl.json › StartChild › child:NAME", or the workflow's
 * file name outside a child. */
void childexec_path(const dbg_app *a, char *buf, size_t n);
int childexec_depth(const dbg_app *a);
/* Back to the first execution, freeing every child session (the debugger closes). */
void childexec_close_all(dbg_app *a);

#endif
