/*
 * runctl — the debugger's run control, headless: a single step, continue / run until /
 * finish (to a breakpoint, an error or retry breakpoint, a task that waits, or the end),
 * the step that applies an answer, step back and reverse continue, restart, and tasks
 * whose answer is under way (EXEC_STEP_IN_FLIGHT: a handler program running).
 *
 * It decides and reports; it never draws. Each call fills `report` (what the screen should
 * do: follow the execution, show a message, open the result dialog); ui/app.c renders it
 * and clears it. The stop reason and the mode stay readable for the status bar.
 *
 * A pause on a state breakpoint is reported as one, "breakpoint N: State", and its hit
 * counted, however the debugger got there: a run, a single step, the step that applies an
 * answer, the start or a restart (" · start", " · restarted"), reverse continue
 * (" · backwards"). A state that has started (waiting for its answer, between retries) is
 * no breakpoint stop.
 *
 * A task in flight: the step that started it ends at once (the screen shows the task's
 * visit, RUNNING with the seconds elapsed), the debugger's loop waits on the terminal and
 * the task's descriptors together (runctl_poll) and calls runctl_tick, which drives the
 * task and, once its answer is in, takes the step that applies it, then stops or goes on
 * as the run mode says. Keys keep working meanwhile. runctl_cancel_task stops the task (its
 * process group is killed): it then waits for the user's answer (the result dialog).
 *
 * Borrows the session and the breakpoint store.
 */
#ifndef SFDBG_UI_RUNCTL_H
#define SFDBG_UI_RUNCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "bpstore.h"
#include "session.h"

typedef enum { RUN_IDLE, RUN_CONTINUE, RUN_UNTIL, RUN_FINISH } run_mode;

typedef struct {
    bool changed;         /* the execution moved: the view follows */
    bool stepped;         /* ... forward (the inspector shows the step's visit) */
    bool input_tab;       /* a rewind: show the Input tab */
    bool progress;        /* a batch of a run went by (events and graph to repaint) */
    bool open_result;     /* a task nothing answered asks for its result */
    bool clear_msg;
    bool msg_error;
    char msg[512];        /* "" none */
} runctl_report;

typedef struct {
    dbg_session *sess;
    bp_store *bps;
    bool real_time;
    run_mode run;
    const asl_state *until;
    long finish_frame;         /* RUN_FINISH inside a child: the frame to finish (else 0) */
    char finish_path[160];
    int64_t wait_until_ms;     /* --real-time: monotonic ms when a Wait ends, else 0 */
    bool flight;               /* a task's answer is under way */
    int remote_fd;             /* --listen's requests (debugger_remote.fd), -1 none */
    int64_t flight_since_ms;
    char stop_reason[320];
    runctl_report report;
    /* Asked after each step of a run (NULL: never): true stops the run there, the reason
     * written into why (ui/childexec.c: a child execution holding a breakpoint). */
    bool (*child_break)(void *user, const exec_step_result *r, char *why, size_t n);
    void *child_user;
} runctl;

void runctl_init(runctl *rc, dbg_session *sess, bp_store *bps, bool real_time);

/* n: one transition in the user's frame (a Parallel/Map runs whole). */
void runctl_step(runctl *rc);
/* s: into the branch or iteration about to run (a Parallel/Map about to start, or the next
 * child of one in progress); elsewhere a plain step. True when the user entered a child. */
bool runctl_step_into(runctl *rc);
/* :iteration N: into iteration N (its $$.Map.Item.Index) of the Map the user is in or is
 * about to run (a Parallel: branch N), finishing the iterations before it (each a recorded
 * step: N goes back through them). False, with a message, when there is no such iteration,
 * it has run already, or a task on the way waits for its answer (the walk stops there). */
bool runctl_iteration(runctl *rc, long n);
/* As runctl_iteration, for the Parallel/Map the caller means (the iteration picker): here,
 * the one in the user's frame (about to run or in progress); else the one whose child the
 * user is in. */
bool runctl_child(runctl *rc, long n, bool here);
/* A message for the report (the screen shows it with what the call did). */
void runctl_report_note(runctl *rc, const char *msg);
/* False (with a message) when the execution has ended or a task waits for its answer.
 * RUN_FINISH inside a branch or iteration runs until it ended (the user is then in its
 * parent) or a breakpoint stops the run; at frame 0 it runs as RUN_CONTINUE does. A run
 * enters a Parallel/Map (and each of its children) that holds a breakpoint, so the stop is
 * in the frame where the breakpoint's state runs, its condition on that frame's input.
 * RUN_UNTIL to a state no transition leads to from the state about to run (ui/reach) does
 * not start, with a message; one that ends without reaching it says so. */
bool runctl_start(runctl *rc, run_mode mode, const asl_state *until);
/* One turn of the loop: drives a task in flight, runs a bounded batch of a run. */
void runctl_tick(runctl *rc);
/* An answer is in (the `x` dialog): the step that applies it, then paused. */
void runctl_apply_answer(runctl *rc, const char *what);
void runctl_step_back(runctl *rc, long n);
void runctl_continue_back(runctl *rc);
void runctl_restart(runctl *rc, const jv *input);
/* Ctrl-C, Esc or a key during a run: the run stops (a task in flight goes on). False when
 * nothing was running. */
bool runctl_interrupt(runctl *rc);
/* Stops the task in flight; false (with a message) when there is none. */
bool runctl_cancel_task(runctl *rc);

/* The visit of the current state when it has started and not finished (a task waiting for
 * its token, between retries, or in flight), -1 otherwise. */
long runctl_started_visit(const dbg_session *sess);
/* Whole seconds the task in flight has run. */
long runctl_flight_seconds(const runctl *rc);
/* Waits until input_fd (-1: none) is readable, a descriptor of the task in flight is
 * ready, or it is time for runctl_tick (a deadline, a real-time Wait, a run's next batch,
 * the elapsed seconds to show); at most idle_ms when nothing is due. */
void runctl_poll(const runctl *rc, int input_fd, int idle_ms);

#endif
