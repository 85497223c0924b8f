/*
 * session — one debugging session over the engine: the execution being stepped, the input
 * edits the user made, and time travel.
 *
 * The session counts steps (exec_step calls). The user's interventions are recorded with
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

typedef enum {
    SESS_EDIT_INPUT,      /* before/after: the input of the state about to run */
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
    bool dropped;         /* no longer replayed (a later rewind + intervention, or a restart) */
} sess_edit;

typedef struct dbg_session dbg_session;

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

/* One exec_step. EXEC_STEP_IN_FLIGHT is not counted as a step: the step is over when the
 * task's answer is in (session_task_progress true) and session_step applies it. */
exec_step_result session_step(dbg_session *s);
/* The task in flight (exec.h): drives it without blocking (true: the answer is in), or
 * cancels it (false: nothing was in flight). */
bool session_task_progress(dbg_session *s);
bool session_task_cancel(dbg_session *s);
/* Replaces the input of the state about to run. False when the execution has ended. */
bool session_edit(dbg_session *s, const jv *input);
/* Re-executes from the start up to `steps` steps (clamped to >= 0). */
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
/* Lets the waiting task time out (exec_expire_wait). False when no task waits. */
bool session_answer_timeout(dbg_session *s);
/* A recorded answer will complete the waiting task at the next step (a replay). */
bool session_answer_recorded(const dbg_session *s);

/* The log: edits and answers, in the order they were made. */
size_t session_edit_count(const dbg_session *s);
const sess_edit *session_edit_at(const dbg_session *s, size_t i);

/* The context object ($$) the state about to run will see on entry (v NULL), rebuilt from
 * the execution's names; new reference. For a visit, exec_visit_context has the real one. */
jv *session_context(const dbg_session *s, const exec_visit *v);

#endif
