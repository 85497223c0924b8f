/* sfn_requests — a child execution's requests, for the parent's answer. See sfn_requests.h. */
#include "services/sfn_requests.h"

#include <string.h>

#include "alloc.h"

typedef struct {
    sfn_requests *owner;
    task_resolver real;
} gather_entry;

struct sfn_requests {
    gather_entry *entries;
    task_resolver *list;      /* what the child is given: one per entry */
    size_t n;
    jv *records;              /* NULL until the first */
};

/* An answer in flight: the real job, and the state that started it. */
typedef struct {
    sfn_requests *owner;
    task_job real;
    char *state;
} gather_job;

/* Keeps references to the answer's records, each with the child's state. */
static void gather(sfn_requests *g, const task_answer *out, const char *state)
{
    const jv *recs = out->requests;
    for (size_t i = 0; recs && jv_is_array(recs) && i < jv_array_length(recs); i++) {
        const jv *rec = jv_array_get(recs, i);
        jv *kept = jv_ref(rec);
        if (jv_is_object(kept) && !jv_object_has(kept, "ChildState") && state)
            kept = jv_object_set_take(kept, "ChildState", jv_string(state));
        if (!g->records)
            g->records = jv_array();
        g->records = jv_array_append_take(g->records, kept);
    }
}

static size_t gather_fds(void *self, task_wait_fd *out, size_t max)
{
    gather_job *j = self;
    return j->real.ops->fds ? j->real.ops->fds(j->real.self, out, max) : 0;
}

static int64_t gather_deadline(void *self)
{
    gather_job *j = self;
    return j->real.ops->deadline_ms ? j->real.ops->deadline_ms(j->real.self) : -1;
}

static bool gather_progress(void *self, task_answer *out)
{
    gather_job *j = self;
    if (!j->real.ops->progress(j->real.self, out))
        return false;
    gather(j->owner, out, j->state);
    return true;
}

static void gather_cancel(void *self)
{
    gather_job *j = self;
    if (j->real.ops->cancel)
        j->real.ops->cancel(j->real.self);
}

static void gather_free(void *self)
{
    gather_job *j = self;
    if (j->real.ops->free)
        j->real.ops->free(j->real.self);
    engine_free(j->state);
    engine_free(j);
}

static const task_job_ops gather_job_ops = {gather_fds, gather_deadline, gather_progress,
                                            gather_cancel, gather_free};

static task_answer_kind gather_resolve(void *user, const task_call *call, task_answer *out)
{
    gather_entry *e = user;
    task_answer_kind k = e->real.resolve(e->real.user, call, out);
    if (k == TASK_IN_FLIGHT && out->job.ops) {
        gather_job *j = engine_malloc(sizeof *j);
        j->owner = e->owner;
        j->real = out->job;
        j->state = call->state_name ? engine_strdup(call->state_name) : NULL;
        out->job = (task_job){&gather_job_ops, j};
    } else if (k != TASK_NO_ANSWER) {
        gather(e->owner, out, call->state_name);
    }
    return k;
}

sfn_requests *sfn_requests_new(const task_resolver *list, size_t n)
{
    sfn_requests *g = engine_calloc(1, sizeof *g);
    g->n = n;
    g->entries = engine_malloc((n ? n : 1) * sizeof *g->entries);
    g->list = engine_malloc((n ? n : 1) * sizeof *g->list);
    for (size_t i = 0; i < n; i++) {
        g->entries[i] = (gather_entry){g, list[i]};
        g->list[i] = (task_resolver){list[i].name, gather_resolve, &g->entries[i]};
    }
    return g;
}

void sfn_requests_free(sfn_requests *g)
{
    if (!g)
        return;
    jv_unref(g->records);
    engine_free(g->entries);
    engine_free(g->list);
    engine_free(g);
}

const task_resolver *sfn_requests_resolvers(const sfn_requests *g)
{
    return g->list;
}

jv *sfn_requests_take(sfn_requests *g)
{
    jv *r = g->records;
    g->records = NULL;
    return r;
}
