/*
 * journal — every answer an execution's task resolvers gave, kept so that re-executing the
 * same steps (the debugger's step back, reverse continue, the replay after an edit) answers
 * from the journal instead of asking again: a handler program is not run twice, and a
 * request to a real endpoint or a write to a local service (when they exist) is not sent
 * twice.
 *
 * The journal is a task resolver that stands in front of the real ones (the execution is
 * given journal_resolve alone): for each task call it looks for an entry with the same key
 * — the session's step being taken, the state, its invocation number and retry count —
 * and answers with a copy of what was recorded (result or error, final flag, source and
 * log), restoring the execution's random stream to where the real answer left it, so the
 * re-execution draws the same UUIDs afterwards. Without an entry it asks the real
 * resolvers in order, as the engine would, and records their answer; an answer that comes
 * in flight (TASK_IN_FLIGHT) is recorded when its job delivers it, through a job of the
 * journal's own wrapped around the real one. A job the user cancels is recorded as no
 * answer (the task then waits for the user's answer, which the session replays).
 *
 * Any resolver journals the same way, because the journal sits at the resolver interface:
 * a future HTTP or local-service resolver needs nothing of its own.
 *
 * The answers of the local services are their writes too: with journal_set_state, each
 * entry also keeps a snapshot of the services taken when its answer came, and a replay
 * puts the services back to it, so a re-execution leaves them as the real run did even
 * though no service is asked again (the engine's own S3 use, ItemReader and ResultWriter,
 * runs again over the same contents).
 *
 * journal_forget_from drops the entries of a step and later: the user changed the input or
 * answer there, so the future is new and the resolvers are asked again.
 *
 * Borrows the real resolvers (they must outlive it); owns its entries.
 */
#ifndef SFDBG_UI_JOURNAL_H
#define SFDBG_UI_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "task.h"

typedef struct journal journal;

journal *journal_new(const task_resolver *resolvers, size_t n);
/* Frees the journal. Jobs it wrapped must be gone first (free the execution before). */
void journal_free(journal *j);

/* Snapshots of the state the resolvers change (take: owned, or NULL; restore puts one
 * back). Without them (the default) nothing is snapshotted. */
typedef struct {
    jv *(*take)(void *user);
    void (*restore)(void *user, const jv *snapshot);
    void *user;
} journal_state_ops;
void journal_set_state(journal *j, const journal_state_ops *ops);

/* A task_resolver function (user: journal *). */
task_answer_kind journal_resolve(void *user, const task_call *call, task_answer *out);

/* The step the execution is taking now (the session's step count before exec_step). */
void journal_at_step(journal *j, long step);
void journal_forget_from(journal *j, long step);
void journal_clear(journal *j);

size_t journal_count(const journal *j);
/* Entry i's records of requests sent to real endpoints (task_answer.requests; NULL: none),
 * with the step and the state it answered. Entries are in the order they were answered. */
const jv *journal_requests_at(const journal *j, size_t i, long *step, const char **state);
/* How often the real resolvers were asked (a replay from the journal does not count). */
long journal_asked(const journal *j);

#endif
