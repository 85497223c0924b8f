/* serve_activity — the activities of `sfdbg serve`: Create, Describe, Delete, List, and
 * GetActivityTask (the worker's long poll). See serve_exec.h. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jv_text.h"
#include "serve_internal.h"
#include "timeutil.h"
#include "wfload.h"

/* AWS: at most 50 tags on a resource. */
#define SERVE_MAX_TAGS 50

static void serve_activity_free(serve_activity *a)
{
    free(a->name);
    free(a->arn);
    free(a->encryption);
    free(a);
}

void serve_activities_free(serve_registry *r)
{
    for (size_t i = 0; i < r->nactivities; i++)
        serve_activity_free(r->activities[i]);
    free(r->activities);
    r->activities = NULL;
    r->nactivities = r->cap_activities = 0;
}

static bool serve_activity_arn_ok(const char *arn, serve_error *e)
{
    if (arn && !strncmp(arn, "arn:", 4))
        return true;
    serve_fail(e, "InvalidArn", "Invalid Arn: '%s'", arn ? arn : "");
    return false;
}

/* The index of the activity of an ARN, or nactivities. */
static size_t serve_activity_index(const serve_registry *r, const char *arn)
{
    size_t i = 0;
    while (i < r->nactivities && strcmp(r->activities[i]->arn, arn) != 0)
        i++;
    return i;
}

static serve_activity *serve_activity_of(serve_registry *r, const char *arn)
{
    size_t i = serve_activity_index(r, arn);
    return i < r->nactivities ? r->activities[i] : NULL;
}

/* The activity of an ARN; NULL with e filled (InvalidArn, ActivityDoesNotExist). */
static serve_activity *serve_activity_find(serve_registry *r, const char *arn, serve_error *e)
{
    if (!serve_activity_arn_ok(arn, e))
        return NULL;
    serve_activity *a = serve_activity_of(r, arn);
    if (!a)
        serve_fail(e, "ActivityDoesNotExist", "Activity Does Not Exist: '%s'", arn);
    return a;
}

static serve_activity *serve_activity_named(serve_registry *r, const char *name)
{
    for (size_t i = 0; i < r->nactivities; i++)
        if (!strcmp(r->activities[i]->name, name))
            return r->activities[i];
    return NULL;
}

/* ---- CreateActivity ---- */

static char *serve_activity_created(const serve_activity *a)
{
    jv *o = jv_object_set_take(jv_object(), "activityArn", jv_string(a->arn));
    o = jv_object_set_take(o, "creationDate", serve_view_time(a->created_ms));
    return serve_view_dump_take(o);
}

/* encryptionConfiguration as JSON text (NULL when not given): what makes a second
 * CreateActivity of a name the same one. */
static char *serve_activity_encryption(const jv *req)
{
    const jv *v = jv_object_get(req, "encryptionConfiguration");
    return v && !jv_is_null(v) ? jv_dump_string(v, 0) : NULL;
}

static bool serve_same_text(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static bool serve_check_activity(const jv *req, serve_error *e)
{
    const char *name = serve_req_string(req, "name");
    const jv *tags = jv_object_get(req, "tags");
    if (!wfload_valid_execution_name(name))
        return serve_fail(e, "InvalidName", "Invalid Name: '%s' (1 to 80 characters, no white "
                          "space, brackets, wildcards or any of \"#%%\\^|~`$&,;:/)", name), false;
    if (tags && jv_is_array(tags) && jv_array_length(tags) > SERVE_MAX_TAGS)
        return serve_fail(e, "TooManyTags", "Too Many Tags: %zu tags, at most %d",
                          jv_array_length(tags), SERVE_MAX_TAGS), false;
    return true;
}

static char *serve_add_activity(serve_registry *r, const jv *req, char *encryption_take,
                                serve_error *e)
{
    if (r->nactivities >= r->cfg.max_activities) {
        free(encryption_take);
        return serve_fail(e, "ActivityLimitExceeded", "Activity Limit Exceeded: %zu "
                          "activities", r->nactivities);
    }
    const char *name = serve_req_string(req, "name");
    serve_activity *a = jv_xcalloc(1, sizeof *a);
    a->name = jv_xstrdup(name);
    size_t n = strlen(name) + strlen(r->cfg.region) + strlen(r->cfg.account) + 32;
    a->arn = jv_xmalloc(n);
    snprintf(a->arn, n, "arn:aws:states:%s:%s:activity:%s", r->cfg.region, r->cfg.account,
             name);
    a->encryption = encryption_take;
    a->created_ms = r->cfg.has_start_time ? r->cfg.start_time_ms : timeutil_now_ms();
    if (r->nactivities == r->cap_activities) {
        r->cap_activities = r->cap_activities ? r->cap_activities * 2 : 16;
        r->activities = jv_xrealloc(r->activities, r->cap_activities * sizeof *r->activities);
    }
    r->activities[r->nactivities++] = a;
    return serve_activity_created(a);
}

/* AWS: the same name again is the same activity (other tags are ignored); another
 * encryption configuration under that name is ActivityAlreadyExists. */
static char *serve_create(serve_registry *r, const jv *req, serve_error *e)
{
    if (!serve_check_activity(req, e))
        return NULL;
    char *encryption = serve_activity_encryption(req);
    serve_activity *old = serve_activity_named(r, serve_req_string(req, "name"));
    if (!old)
        return serve_add_activity(r, req, encryption, e);
    bool same = serve_same_text(old->encryption, encryption);
    free(encryption);
    if (!same)
        return serve_fail(e, "ActivityAlreadyExists", "Activity Already Exists: '%s' has "
                          "another encryptionConfiguration, which cannot be updated", old->arn);
    return serve_activity_created(old);
}

char *serve_create_activity(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_locked(r, req, serve_create, e);
}

/* ---- Describe, Delete, List ---- */

static char *serve_describe(serve_registry *r, const jv *req, serve_error *e)
{
    serve_activity *a = serve_activity_find(r, serve_req_string(req, "activityArn"), e);
    if (!a)
        return NULL;
    jv *o = jv_object_set_take(jv_object(), "activityArn", jv_string(a->arn));
    o = jv_object_set_take(o, "name", jv_string(a->name));
    o = jv_object_set_take(o, "creationDate", serve_view_time(a->created_ms));
    jv_parse_error perr;
    jv *encryption = a->encryption ? jv_parse_cstr(a->encryption, &perr) : NULL;
    if (encryption)
        o = jv_object_set_take(o, "encryptionConfiguration", encryption);
    return serve_view_dump_take(o);
}

char *serve_describe_activity(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_locked(r, req, serve_describe, e);
}

/* Gone at once for every lookup; tasks already scheduled on it wait on (they time out, or
 * a worker that has their token answers them). Deleting one that is not there succeeds,
 * as on AWS. */
static char *serve_delete(serve_registry *r, const jv *req, serve_error *e)
{
    const char *arn = serve_req_string(req, "activityArn");
    if (!serve_activity_arn_ok(arn, e))
        return NULL;
    size_t i = serve_activity_index(r, arn);
    if (i < r->nactivities) {
        serve_activity_free(r->activities[i]);
        r->nactivities--;
        memmove(r->activities + i, r->activities + i + 1,
                (r->nactivities - i) * sizeof *r->activities);
    }
    return jv_xstrdup("{}");
}

char *serve_delete_activity(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_locked(r, req, serve_delete, e);
}

/* nextToken of ListActivities: "act-" and the index of the next one. */
static bool serve_activity_token(const jv *req, size_t n, size_t *from, serve_error *e)
{
    const char *t = serve_req_string(req, "nextToken");
    *from = 0;
    if (!t)
        return true;
    char *end = NULL;
    unsigned long long v = strncmp(t, "act-", 4) ? 0 : strtoull(t + 4, &end, 10);
    if (strncmp(t, "act-", 4) || end == t + 4 || *end || v > n)
        return serve_fail(e, "InvalidToken", "Invalid Token: '%s'", t), false;
    *from = (size_t)v;
    return true;
}

static char *serve_list(serve_registry *r, const jv *req, serve_error *e)
{
    size_t from, max = serve_req_max_results(req);
    if (!serve_activity_token(req, r->nactivities, &from, e))
        return NULL;
    jv *list = jv_array();
    size_t i;
    for (i = from; i < r->nactivities && i - from < max; i++) {
        const serve_activity *a = r->activities[i];
        jv *o = jv_object_set_take(jv_object(), "activityArn", jv_string(a->arn));
        o = jv_object_set_take(o, "name", jv_string(a->name));
        o = jv_object_set_take(o, "creationDate", serve_view_time(a->created_ms));
        list = jv_array_append_take(list, o);
    }
    jv *o = jv_object_set_take(jv_object(), "activities", list);
    if (i < r->nactivities)
        o = jv_object_set_take(o, "nextToken", jv_string_fmt("act-%zu", i));
    return serve_view_dump_take(o);
}

char *serve_list_activities(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_locked(r, req, serve_list, e);
}

bool serve_activity_exists(void *user, const char *arn)
{
    return serve_activity_of(user, arn) != NULL;
}

/* ---- GetActivityTask ---- */

/* The task of the activity that has waited longest for a worker, or NULL. */
static serve_execution *serve_activity_next(serve_registry *r, const char *arn)
{
    serve_execution *best = NULL;
    for (size_t i = 0; i < r->nexecs; i++) {
        serve_execution *x = r->execs[i];
        const exec_pending_task *p = x->phase == SERVE_WAITING ? exec_pending(x->ex) : NULL;
        if (p && p->activity && !p->started && !p->answered &&
            !strcmp(p->state->task.resource, arn) && (!best || x->wait_seq < best->wait_seq))
            best = x;
    }
    return best;
}

/* Gives x's task to the worker: {taskToken, input}; NULL when it cannot be given (the
 * event limit ended the execution with its ActivityStarted). */
static char *serve_activity_give(serve_registry *r, serve_execution *x, const char *worker)
{
    const exec_pending_task *p = exec_pending(x->ex);
    char token[128], err[256];
    snprintf(token, sizeof token, "%s", p->token);
    const exec_event *ev = serve_scheduled_event(x->ex, p);
    char *input = jv_dump_string(ev && ev->data ? ev->data : jv_null(), 0);
    if (exec_activity_start(x->ex, token, worker, err, sizeof err) != EXEC_SEND_OK) {
        free(input);
        if (exec_status_of(x->ex) != EXEC_RUNNING)
            serve_wake(r); /* the driver sees it has ended */
        return NULL;
    }
    serve_arm_heartbeat(r, x);
    jv *o = jv_object_set_take(jv_object(), "taskToken", jv_string(token));
    o = jv_object_set_take(o, "input", jv_string(input));
    free(input);
    return serve_view_dump_take(o);
}

static struct timespec serve_poll_until(int64_t ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    return until;
}

/* Waits (the lock let go) until a task of the activity waits for a worker, the poll's time
 * is up ({} as AWS answers then) or the server stops. */
static char *serve_activity_poll(serve_registry *r, const char *arn, const char *worker)
{
    struct timespec until = serve_poll_until(r->cfg.activity_poll_ms);
    bool last = false;
    for (;;) {
        serve_execution *x = r->stopping ? NULL : serve_activity_next(r, arn);
        char *out = x ? serve_activity_give(r, x, worker) : NULL;
        if (out)
            return out;
        if (last || r->stopping)
            return jv_xstrdup("{}");
        last = pthread_cond_timedwait(&r->task_ready, &r->mu, &until) == ETIMEDOUT;
    }
}

char *serve_get_activity_task(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    const char *arn = serve_req_string(req, "activityArn");
    char *out = NULL;
    if (!serve_activity_find(r, arn, e)) {
        /* e filled */
    } else if (r->npollers >= r->cfg.max_pollers) {
        serve_fail(e, "ActivityWorkerLimitExceeded", "Activity Worker Limit Exceeded: %zu "
                   "GetActivityTask calls are waiting already", r->npollers);
    } else {
        r->npollers++;
        out = serve_activity_poll(r, arn, serve_req_string(req, "workerName"));
        r->npollers--;
    }
    pthread_mutex_unlock(&r->mu);
    return out;
}
