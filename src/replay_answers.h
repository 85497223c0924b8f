/*
 * replay_answers — a task resolver fed from a recorded history (`sfdbg replay --rerun`):
 * each Task invocation of the local run is answered with what the recorded execution got
 * for it — the output of its *Succeeded event, the error and cause of its *Failed, or a
 * timeout. A state's recorded attempts are used once each, the first one whose recorded
 * parameters equal the local call's effective input first (concurrent Map iterations and
 * Parallel branches interleave in an AWS history), else the next in the recorded order;
 * when all are used, a used one with those parameters again (the debugger re-asks after
 * the user edits a state's input).
 * An attempt whose result has no data (a redacted or truncated history) or that has no
 * outcome is not answered: the next resolver (a mock config, handlers) may answer it, and
 * replay_answers_unanswered says which the history could not give.
 *
 * The answers borrow the history, which must outlive them.
 */
#ifndef SFDBG_REPLAY_ANSWERS_H
#define SFDBG_REPLAY_ANSWERS_H

#include <stddef.h>

#include "history.h"
#include "task.h"

typedef struct replay_answers replay_answers;

replay_answers *replay_answers_new(const history *h);
void replay_answers_free(replay_answers *a);
/* The resolver's function; user is the replay_answers. */
task_answer_kind replay_answers_resolve(void *user, const task_call *call, task_answer *out);
/* The first recorded attempt that was asked for and could not be answered from the
 * history (its result has no data, or it has no outcome); NULL when none. */
const history_attempt *replay_answers_unanswered(const replay_answers *a, const char **state);
/* How many recorded attempts were asked for (answered or not). */
size_t replay_answers_used(const replay_answers *a);

#endif
