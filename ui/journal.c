/* journal — recorded task answers, replayed on re-execution. See journal.h. */
#include "journal.h"

#include <stdlib.h>
#include <string.h>

#include "rng.h"

typedef struct {
    long step;
    char *state;
    long invocation, retry_count;
    task_answer_kind kind;
    jv *result;
    char *error, *cause;
    bool final;
    int64_t elapsed_ms;      /* the virtual time the work took (a .sync job, a child) */
    jv *submitted;           /* a .sync task's start response */
    char *source, *log;
    rng random_after;        /* the execution's random stream after the answer */
    bool has_random;
    jv *services_after;      /* the local services after the answer (journal_set_state) */
    jv *requests;            /* the answer's records of requests to real endpoints */
} journal_entry;

struct journal {
    const task_resolver *resolvers;
    size_t nresolvers;
    long step;
    long asked;
    journal_entry *entries;
    size_t n, cap;
    journal_state_ops state;  /* the local services' snapshots, or none */
};

/* What identifies a task call across re-executions. */
typedef struct {
    long step;
    char *state;
    long invocation, retry_count;
} journal_key;

static char *journal_dup(const char *s)
{
    return s ? jv_xstrdup(s) : NULL;
}

journal *journal_new(const task_resolver *resolvers, size_t n)
{
    journal *j = jv_xcalloc(1, sizeof *j);
    j->resolvers = resolvers;
    j->nresolvers = n;
    return j;
}

static void journal_entry_cleanup(journal_entry *e)
{
    free(e->state);
    jv_unref(e->result);
    jv_unref(e->submitted);
    free(e->error);
    free(e->cause);
    free(e->source);
    free(e->log);
    jv_unref(e->services_after);
    jv_unref(e->requests);
}

void journal_clear(journal *j)
{
    for (size_t i = 0; i < j->n; i++)
        journal_entry_cleanup(&j->entries[i]);
    j->n = 0;
}

void journal_free(journal *j)
{
    if (!j)
        return;
    journal_clear(j);
    free(j->entries);
    free(j);
}

void journal_set_state(journal *j, const journal_state_ops *ops)
{
    j->state = *ops;
}

void journal_at_step(journal *j, long step) { j->step = step; }
size_t journal_count(const journal *j) { return j->n; }

const jv *journal_requests_at(const journal *j, size_t i, long *step, const char **state)
{
    if (i >= j->n)
        return NULL;
    *step = j->entries[i].step;
    *state = j->entries[i].state;
    return j->entries[i].requests;
}
long journal_asked(const journal *j) { return j->asked; }

void journal_forget_from(journal *j, long step)
{
    size_t kept = 0;
    for (size_t i = 0; i < j->n; i++) {
        if (j->entries[i].step >= step)
            journal_entry_cleanup(&j->entries[i]);
        else
            j->entries[kept++] = j->entries[i];
    }
    j->n = kept;
}

static bool journal_matches(const journal_entry *e, long step, const task_call *call)
{
    return e->step == step && e->invocation == call->invocation &&
           e->retry_count == call->retry_count && !strcmp(e->state, call->state_name);
}

static const journal_entry *journal_find(const journal *j, const task_call *call)
{
    for (size_t i = j->n; i-- > 0;)
        if (journal_matches(&j->entries[i], j->step, call))
            return &j->entries[i];
    return NULL;
}

static void journal_record(journal *j, const journal_key *k, const task_answer *a,
                           const rng *random_after)
{
    if (j->n == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 16;
        j->entries = jv_xrealloc(j->entries, j->cap * sizeof *j->entries);
    }
    journal_entry *e = &j->entries[j->n++];
    memset(e, 0, sizeof *e);
    e->step = k->step;
    e->state = journal_dup(k->state);
    e->invocation = k->invocation;
    e->retry_count = k->retry_count;
    e->kind = a->kind;
    e->result = a->result ? jv_ref(a->result) : NULL;
    e->error = journal_dup(a->error.name);
    e->cause = journal_dup(a->error.cause);
    e->final = a->final;
    e->elapsed_ms = a->elapsed_ms;
    e->submitted = a->submitted ? jv_ref(a->submitted) : NULL;
    e->source = journal_dup(a->source);
    e->log = journal_dup(a->log);
    e->requests = a->requests ? jv_ref(a->requests) : NULL;
    if (random_after) {
        e->random_after = *random_after;
        e->has_random = true;
    }
    if (j->state.take)
        e->services_after = j->state.take(j->state.user);
}

/* The recorded answer, as the resolver gave it (the engine owns the copy). */
static task_answer_kind journal_replay(const journal *j, const journal_entry *e,
                                       const task_call *call, task_answer *out)
{
    if (e->services_after && j->state.restore)
        j->state.restore(j->state.user, e->services_after);
    out->kind = e->kind;
    out->result = e->result ? jv_ref(e->result) : NULL;
    out->error.name = journal_dup(e->error);
    out->error.cause = journal_dup(e->cause);
    out->final = e->final;
    out->elapsed_ms = e->elapsed_ms;
    out->submitted = e->submitted ? jv_ref(e->submitted) : NULL;
    out->source = journal_dup(e->source);
    out->log = journal_dup(e->log);
    out->requests = e->requests ? jv_ref(e->requests) : NULL;
    if (e->has_random && call->random)
        *call->random = e->random_after;
    return out->kind;
}

/* ---- an answer in flight: recorded when its job delivers it ---- */

typedef struct {
    journal *j;
    journal_key key;
    task_job inner;
    rng *random;
} journal_job;

static size_t journal_job_fds(void *self, task_wait_fd *out, size_t max)
{
    const journal_job *jj = self;
    return task_job_fds(&jj->inner, out, max);
}

static int64_t journal_job_deadline(void *self)
{
    const journal_job *jj = self;
    return task_job_deadline(&jj->inner);
}

static bool journal_job_progress(void *self, task_answer *out)
{
    journal_job *jj = self;
    if (!task_job_progress(&jj->inner, out))
        return false;
    journal_record(jj->j, &jj->key, out, jj->random);
    return true;
}

static void journal_job_cancel(void *self)
{
    journal_job *jj = self;
    task_answer none;
    task_answer_init(&none);
    journal_record(jj->j, &jj->key, &none, jj->random);
    task_job_cancel(&jj->inner);
}

static void journal_job_free(void *self)
{
    journal_job *jj = self;
    task_job_free(&jj->inner);
    free(jj->key.state);
    free(jj);
}

static const task_job_ops journal_job_ops = {journal_job_fds, journal_job_deadline,
                                             journal_job_progress, journal_job_cancel,
                                             journal_job_free};

/* Asks the real resolvers in order; the first that answers wins. */
static void journal_ask(journal *j, const task_call *call, task_answer *out)
{
    j->asked++;
    for (size_t i = 0; i < j->nresolvers; i++) {
        task_answer_init(out);
        const task_resolver *r = &j->resolvers[i];
        if (r->resolve(r->user, call, out) != TASK_NO_ANSWER)
            return;
        task_answer_cleanup(out);
    }
    task_answer_init(out);
}

task_answer_kind journal_resolve(void *user, const task_call *call, task_answer *out)
{
    journal *j = user;
    const journal_entry *e = journal_find(j, call);
    if (e)
        return journal_replay(j, e, call, out);
    journal_ask(j, call, out);
    journal_key key = {j->step, (char *)call->state_name, call->invocation, call->retry_count};
    if (out->kind != TASK_IN_FLIGHT) {
        journal_record(j, &key, out, call->random);
        return out->kind;
    }
    journal_job *jj = jv_xcalloc(1, sizeof *jj);
    jj->j = j;
    jj->key = key;
    jj->key.state = journal_dup(call->state_name);
    jj->inner = out->job;
    jj->random = call->random;
    out->job = (task_job){&journal_job_ops, jj};
    return TASK_IN_FLIGHT;
}
