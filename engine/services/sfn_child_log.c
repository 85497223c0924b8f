/* sfn_child_log — the ended child executions, and their replay. See sfn_child_log.h. */
#include "services/sfn_child_log.h"

#include <string.h>

#include "alloc.h"

typedef struct {
    sfn_child_record pub;
    char *machine;
    sfn_exec *ex;
    jv *input;
} sfn_child_kept;

struct sfn_child_log {
    sfn_child_kept *kept[SFN_CHILD_RECORDS];
    size_t next;                     /* the slot the next record takes (the oldest's) */
};

sfn_child_log *sfn_child_log_new(void)
{
    sfn_child_log *l = engine_malloc(sizeof *l);
    memset(l, 0, sizeof *l);
    return l;
}

static void sfn_child_kept_free(sfn_child_kept *k)
{
    if (!k)
        return;
    exec_free(k->ex);
    jv_unref(k->input);
    engine_free(k->machine);
    engine_free(k);
}

void sfn_child_log_free(sfn_child_log *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < SFN_CHILD_RECORDS; i++)
        sfn_child_kept_free(l->kept[i]);
    engine_free(l);
}

void sfn_child_log_add(sfn_child_log *l, const asl_definition *def, const jv *input,
                       const exec_options *eo, bool named, sfn_exec *ex)
{
    sfn_child_kept *k = engine_malloc(sizeof *k);
    memset(k, 0, sizeof *k);
    k->ex = ex;
    k->input = jv_ref(input);
    const char *arn = exec_execution_arn(ex);   /* ...:execution:MACHINE:NAME */
    const char *colon = strrchr(arn, ':');
    const char *start = colon;
    while (start && start > arn && start[-1] != ':')
        start--;
    size_t len = start && colon ? (size_t)(colon - start) : 0;
    k->machine = engine_malloc(len + 1);
    memcpy(k->machine, start ? start : "", len);
    k->machine[len] = '\0';
    k->pub.execution_arn = exec_execution_arn(ex);
    k->pub.machine = k->machine;
    k->pub.def = def;
    k->pub.input = k->input;
    k->pub.options = *eo;
    k->pub.options.state_machine_name = k->machine;
    k->pub.options.execution_name = named && colon ? colon + 1 : NULL;
    k->pub.options.resolvers = NULL;
    k->pub.options.nresolvers = 0;
    k->pub.run = ex;
    sfn_child_kept_free(l->kept[l->next]);
    l->kept[l->next] = k;
    l->next = (l->next + 1) % SFN_CHILD_RECORDS;
}

const sfn_child_record *sfn_child_log_find(const sfn_child_log *l, const char *arn)
{
    for (size_t i = 1; i <= SFN_CHILD_RECORDS; i++) {
        const sfn_child_kept *k = l->kept[(l->next + SFN_CHILD_RECORDS - i) % SFN_CHILD_RECORDS];
        if (k && !strcmp(k->pub.execution_arn, arn))
            return &k->pub;
    }
    return NULL;
}

/* ---- the replay: a task's answer as the recorded run's history has it ---- */

/* The index of the n-th TaskScheduled of state st, or the event count. */
static size_t sfn_replay_scheduled(const sfn_exec *ex, const task_call *call)
{
    size_t count = exec_event_count(ex);
    long seen = 0;
    for (size_t i = 0; i < count; i++) {
        const exec_event *e = exec_event_at(ex, i);
        if (e->type == EV_TASK_SCHEDULED && e->state && !strcmp(e->state->name, call->state_name) &&
            seen++ == call->invocation)
            return i;
    }
    return count;
}

static task_answer_kind sfn_replay_outcome(const exec_event *sched, const exec_event *e,
                                           const jv *submitted, task_answer *out)
{
    out->final = true;
    out->elapsed_ms = e->timestamp_ms - sched->timestamp_ms;
    out->submitted = submitted ? jv_ref(submitted) : NULL;
    out->source = engine_strdup("the child execution's recorded run");
    if (e->type == EV_TASK_SUCCEEDED) {
        out->result = e->data ? jv_ref(e->data) : jv_null();
        return out->kind = TASK_RESULT;
    }
    if (e->type == EV_TASK_TIMED_OUT)
        return out->kind = TASK_TIMEOUT;
    const exec_event_detail *d = exec_event_details(e);
    asl_error_set_raw(&out->error, d->error ? d->error : "", d->cause);
    return out->kind = TASK_ERROR;
}

task_answer_kind sfn_child_replay_resolve(void *user, const task_call *call, task_answer *out)
{
    const sfn_child_record *rec = user;
    const sfn_exec *ex = rec->run;
    size_t count = exec_event_count(ex);
    size_t i = sfn_replay_scheduled(ex, call);
    if (i >= count)
        return TASK_NO_ANSWER;
    const exec_event *sched = exec_event_at(ex, i);
    const jv *submitted = NULL;
    for (size_t j = i + 1; j < count; j++) {
        const exec_event *e = exec_event_at(ex, j);
        if (e->frame != sched->frame || e->state != sched->state)
            continue;
        if (e->type == EV_TASK_SCHEDULED)
            break;   /* the next attempt: this one has no outcome */
        if (e->type == EV_TASK_SUBMITTED)
            submitted = e->data;
        if (e->type == EV_TASK_SUCCEEDED || e->type == EV_TASK_FAILED ||
            e->type == EV_TASK_TIMED_OUT)
            return sfn_replay_outcome(sched, e, submitted, out);
    }
    return TASK_NO_ANSWER;
}
