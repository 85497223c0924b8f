/*
 * session — one debugging session over the engine: the execution being stepped, the input
 * edits the user made, and time travel.
 *
 * The session counts steps (calls of the engine's step functions, each in the frame the user
 * is in: session_step_as) and records which call each step was. The user's interventions are recorded with
 * the step they were made at: an edit replaces the input of the state about to run; an
 * answer (success, failure, time out) completes the task waiting for its token. Rewinding
 * (step back) is a deterministic re-execution from the start with the same options,
 * re-applying the recorded edits when the execution reaches their step and the recorded
 * answers when it steps on from there (so a rewind to a waiting task shows it waiting, and
 * `n` replays the answer). An intervention after a rewind drops the recorded ones of that
 * step and later from the replay (the future changed), but every one stays in the log (never
 * lost; the events pane shows them). Deterministic replay needs a fixed seed, start time and
 * task-token key: session_new fixes them when the options left them open (the token key
 * from the OS, not from the seed, so tokens stay unguessable).
 *
 * Task answers are journaled (ui/journal.h): the execution's only resolver is the session's
 * journal, which asks the real resolvers (exec_options.resolvers) once per step and answers
 * re-executions from what they said, so a rewind never runs a handler again. An
 * intervention at step k (an edit, an answer) forgets the journal from step k on; a restart
 * forgets all of it.
 *
 * The session also sets exec_options.defer_unanswered: a task that nothing answers waits
 * for the user's answer (its result, or an error) instead of failing.
 *
 * The session borrows the definition; it owns the execution, the input and the edit log.
 * No curses here: the session is unit-tested headless.
 */
#ifndef SFDBG_UI_SESSION_H
#define SFDBG_UI_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "definition.h"
#include "exec.h"
#include "journal.h"
#include "jv.h"
#include "services/svc_snapshot.h"

typedef enum {
    SESS_EDIT_INPUT,      /* before/after: the input of the state about to run */
    SESS_EDIT_VARIABLE,   /* variable := after (before: its value then, or NULL) in frame */
    SESS_ANSWER_SUCCESS,  /* after: the output sent (SendTaskSuccess) */
    SESS_ANSWER_FAILURE,  /* error, cause (either may be NULL) */
    SESS_ANSWER_TIMEOUT   /* the user let the task time out */
} sess_kind;

typedef struct {
    sess_kind kind;
    long step;            /* steps done when it was made: it applies before step+1 */
    size_t event_index;   /* history events recorded before it (where the log shows it) */
    char *state;          /* the state whose input it replaced / the task it answered */
    jv *before, *after;
    char *error, *cause;
    char *variable;       /* SESS_EDIT_VARIABLE: the name */
    long frame;           /* SESS_EDIT_INPUT / _VARIABLE: the frame it was made in */
    bool dropped;         /* no longer replayed (a later rewind + intervention, or a restart) */
    bool remote;          /* an answer sent by another process (--listen) */
} sess_edit;

typedef struct dbg_session dbg_session;

/* Which call a step was: the session records it for every step, so a rewind's
 * re-execution makes the same calls in the same frames. */
typedef enum {
    SESS_CALL_OVER,     /* one transition in the user's frame (a Parallel/Map: run whole) */
    SESS_CALL_INTO,     /* as OVER, but a starting Parallel/Map stops and the user enters its
                           first branch or iteration */
    SESS_CALL_FINISH,   /* the user's frame runs to its end; the user is back in its parent */
    SESS_CALL_DESCEND   /* no engine call: the user enters the live child of a Parallel/Map
                           in progress (the next branch or iteration) */
} sess_call;

/* input borrowed; eo copied (its strings must outlive the session). */
dbg_session *session_new(const asl_definition *def, const jv *input, const exec_options *eo);
void session_free(dbg_session *s);

const sfn_exec *session_exec(const dbg_session *s);
const asl_definition *session_definition(const dbg_session *s);
const exec_options *session_options(const dbg_session *s);
const jv *session_input(const dbg_session *s);
long session_steps(const dbg_session *s);
const journal *session_journal(const dbg_session *s);
bool session_running(const dbg_session *s);

/* The user's frame: 0 (the execution) until a step into enters a branch or iteration. A
 * step in a child frame that ends it puts the user in its parent; when the execution ends
 * the user is at frame 0. */
long session_frame(const dbg_session *s);
bool session_frame_info(const dbg_session *s, exec_frame_info *out);
/* The user stopped in a child execution (a distributed Map's iteration): its visits are kept
 * when it ends, past the engine's bound (exec_keep_frame), in every re-execution too. */
void session_keep_here(dbg_session *s);
/* The state about to run in the user's frame and its input; NULL when the execution ended. */
const asl_state *session_current_state(const dbg_session *s);
const jv *session_current_input(const dbg_session *s);
/* Where a frame is: "ProcessItems › iteration 3 of 20", nested frames joined by " › " (the
 * index is the branch's or $$.Map.Item.Index); "" for frame 0 or one not live. */
void session_frame_path(const dbg_session *s, long frame, char *buf, size_t n);
/* What a frame was (for the events pane, also once it ended): the Parallel/Map it ran for,
 * branch or iteration, its index. Learnt from the history for ended frames (a Map's
 * MapIterationStarted names its iteration; a Parallel's branches are counted in order). */
typedef struct {
    const asl_state *owner;
    exec_frame_kind kind;
    long index;
} sess_frame_label;
#define SESS_PARALLEL_DEPTH 32
/* False for frame 0 and a frame the history does not show (a distributed Map's child). */
bool session_frame_label(dbg_session *s, long frame, sess_frame_label *out);
/* The user's frame has a Parallel/Map in progress whose next child is live. */
bool session_can_descend(const dbg_session *s);

/* One step of kind k in the user's frame (an OVER in frame 0 is exec_step). A step whose
 * task goes in flight (EXEC_STEP_IN_FLIGHT) is not counted: it is over when the task's
 * answer is in (session_task_progress true) and the next step (of any kind) applies it. */
exec_step_result session_step_as(dbg_session *s, sess_call k);
exec_step_result session_step(dbg_session *s);   /* session_step_as(s, SESS_CALL_OVER) */
/* After a rewind: the step recorded at this position, made again (IDLE when none is). */
exec_step_result session_redo(dbg_session *s);
/* The task in flight (exec.h): drives it without blocking (true: the answer is in), or
 * cancels it (false: nothing was in flight). */
bool session_task_progress(dbg_session *s);
bool session_task_cancel(dbg_session *s);
/* Where an input edit goes: the user's frame, or, when the user is at a Parallel/Map in
 * progress, its live child about to run (the branch or iteration s enters next). False when
 * the execution has ended or there is none. */
bool session_edit_target(const dbg_session *s, exec_frame_info *out);
/* Replaces the input of the state about to run in session_edit_target's frame
 * (exec_set_frame_input: inside a branch or iteration too), recorded with that frame and
 * replayed there. False when there is none or its state has started. */
bool session_edit(dbg_session *s, const jv *input);
/* Sets a workflow variable before the next state of the user's frame (exec_set_variable),
 * replayed like an input edit; false with a message in err. */
bool session_set_variable(dbg_session *s, const char *name, const jv *value, char *err,
                          size_t errlen);
/* Re-executes from the start up to `steps` steps (clamped to >= 0), making the recorded
 * calls again (past them: steps over). */
void session_rewind(dbg_session *s, long steps);
/* A new execution; input NULL keeps the current input. Recorded edits are dropped. */
void session_restart(dbg_session *s, const jv *input);

/* Answering the task waiting for its token (exec_pending), as exec_send_task_* do, with
 * AWS's checks (EXEC_SEND_OK, or InvalidToken, TaskDoesNotExist, InvalidOutput... with a
 * message in err). An accepted answer is recorded; the next session_step applies it. */
exec_send_status session_answer_success(dbg_session *s, const char *token, const char *json,
                                        char *err, size_t errlen);
exec_send_status session_answer_failure(dbg_session *s, const char *token, const char *error,
                                        const char *cause, char *err, size_t errlen);
/* Not recorded: on the virtual clock a heartbeat changes nothing a replay could miss. */
exec_send_status session_heartbeat(dbg_session *s, const char *token, char *err, size_t errlen);
/* An activity's waiting task goes to a worker (exec_activity_start). Not recorded: a
 * re-execution replays the worker's answer, not its start. Refused (TaskDoesNotExist) while
 * a recorded answer waits to be replayed (session_answer_recorded): after a step back the
 * task is not offered to a worker again, a poll waiting meanwhile does not get it. */
exec_send_status session_activity_start(dbg_session *s, const char *token, const char *worker,
                                        char *err, size_t errlen);
/* What the waiting task waits for, as the screen says it: "result", "token", "worker" or
 * "worker's answer". */
const char *session_wait_noun(const exec_pending_task *p);
/* Lets the waiting task time out (exec_expire_wait). False when no task waits. */
bool session_answer_timeout(dbg_session *s);
/* The newest log entry (an answer just accepted) came from another process (--listen). */
void session_mark_remote(dbg_session *s);
/* A recorded answer will complete the waiting task at the next step (a replay). */
bool session_answer_recorded(const dbg_session *s);

/* The local services the execution's resolvers use (borrowed; they must outlive the
 * session). From then on every re-execution (step back, a rewind, `R`) starts them from
 * what they held when this was called, the journal puts back what each replayed answer
 * left (journal_set_state), and each step's contents are kept (shared, not copied) for
 * session_services. A store that is a folder (--s3-dir) is not snapshotted: what a task
 * wrote there stays written. */
void session_set_services(dbg_session *s, const svc_stores *st);
/* The services as the step that recorded visit `visit` left them, or as they are now
 * (visit < 0, or a visit of the step under way): a svc_snapshot (owned), NULL when the
 * session has no services. */
jv *session_services(const dbg_session *s, long visit);
/* The requests sent to real endpoints (task_answer.requests, kept by the journal) up to the
 * step that recorded visit `visit` (visit < 0: up to now), oldest first: an array (owned)
 * of the records with "State" and "Step" (1...) in front. */
jv *session_requests(const dbg_session *s, long visit);
/* The stores session_set_services gave, NULL when none. */
const svc_stores *session_services_stores(const dbg_session *s);

/* The log: edits and answers, in the order they were made. */
size_t session_edit_count(const dbg_session *s);
const sess_edit *session_edit_at(const dbg_session *s, size_t i);

/* The context object ($$) the state about to run will see on entry (v NULL), rebuilt from
 * the execution's names; new reference. For a visit, exec_visit_context has the real one. */
jv *session_context(const dbg_session *s, const exec_visit *v);

#endif
