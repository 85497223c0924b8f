/* replay_answers — tasks answered from a recorded history. See replay_answers.h. */
#include "replay_answers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *state;
    const history_attempt *attempt;
    bool used;
} replay_entry;

struct replay_answers {
    replay_entry *entries;       /* every recorded attempt, in the order they started */
    size_t n, used;
    const history_attempt *unanswered;
    const char *unanswered_state;
};

replay_answers *replay_answers_new(const history *h)
{
    replay_answers *a = jv_xcalloc(1, sizeof *a);
    size_t total = 0;
    for (size_t i = 0; i < history_visit_count(h); i++)
        total += history_visit_at(h, i)->nattempts;
    a->entries = jv_xcalloc(total ? total : 1, sizeof *a->entries);
    for (size_t i = 0; i < history_visit_count(h); i++) {
        const history_visit *v = history_visit_at(h, i);
        for (size_t k = 0; k < v->nattempts; k++)
            a->entries[a->n++] = (replay_entry){v->state, &v->attempts[k], false};
    }
    return a;
}

void replay_answers_free(replay_answers *a)
{
    if (!a)
        return;
    free(a->entries);
    free(a);
}

static bool replay_answers_match(const replay_entry *e, const task_call *call)
{
    const history_data *p = &e->attempt->parameters;
    return p->kind == HISTORY_DATA_OK && call->input && jv_equal(p->value, call->input);
}

/* The state's unused attempt whose parameters are the call's input, else its next unused
 * one, else a used one with those parameters (the debugger asks again after an edit). */
static replay_entry *replay_answers_pick(replay_answers *a, const task_call *call)
{
    replay_entry *next = NULL, *again = NULL;
    for (size_t i = 0; i < a->n; i++) {
        replay_entry *e = &a->entries[i];
        if (strcmp(e->state, call->state_name))
            continue;
        bool match = replay_answers_match(e, call);
        if (!e->used && match)
            return e;
        if (!e->used && !next)
            next = e;
        if (e->used && match && !again)
            again = e;
    }
    return next ? next : again;
}

static task_answer_kind replay_answers_fill(const history_attempt *at, task_answer *out)
{
    char source[64];
    snprintf(source, sizeof source, "history event %ld", at->outcome_id);
    out->source = jv_xstrdup(source);
    out->final = true;   /* a callback task's recorded success is the callback's result */
    switch (at->outcome) {
    case HISTORY_OUTCOME_SUCCEEDED:
        out->result = jv_ref(at->output.value);
        return out->kind = TASK_RESULT;
    case HISTORY_OUTCOME_FAILED:
        out->error.name = jv_xstrdup(at->error ? at->error : "States.TaskFailed");
        out->error.cause = at->cause ? jv_xstrdup(at->cause) : NULL;
        return out->kind = TASK_ERROR;
    case HISTORY_OUTCOME_TIMED_OUT: /* its error and cause as recorded */
        out->error.name = at->error ? jv_xstrdup(at->error) : NULL;
        out->error.cause = at->cause ? jv_xstrdup(at->cause) : NULL;
        return out->kind = TASK_TIMEOUT;
    case HISTORY_OUTCOME_NONE:
        break;
    }
    return out->kind = TASK_NO_ANSWER;
}

task_answer_kind replay_answers_resolve(void *user, const task_call *call, task_answer *out)
{
    replay_answers *a = user;
    replay_entry *e = replay_answers_pick(a, call);
    if (!e)
        return out->kind = TASK_NO_ANSWER;
    if (!e->used)
        a->used++;
    e->used = true;
    const history_attempt *at = e->attempt;
    bool no_result = at->outcome == HISTORY_OUTCOME_NONE ||
                     (at->outcome == HISTORY_OUTCOME_SUCCEEDED &&
                      at->output.kind != HISTORY_DATA_OK);
    if (no_result) {
        if (!a->unanswered) {
            a->unanswered = at;
            a->unanswered_state = e->state;
        }
        return out->kind = TASK_NO_ANSWER;
    }
    return replay_answers_fill(at, out);
}

const history_attempt *replay_answers_unanswered(const replay_answers *a, const char **state)
{
    *state = a->unanswered_state;
    return a->unanswered;
}

size_t replay_answers_used(const replay_answers *a) { return a->used; }
