/* serve_exec — executions and the driver thread of `sfdbg serve`. See serve_exec.h. */
#include "serve_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jv_text.h"
#include "mockconfig.h"
#include "serve_internal.h"
#include "timeutil.h"
#include "wfload.h"

/* Steps an execution takes before the driver turns to the next one. */
#define SERVE_SLICE 64
/* Descriptors of tasks in flight polled at once; past it, the others are looked at often. */
#define SERVE_MAX_POLL 1024
#define SERVE_BUSY_POLL_MS 10
/* StartSyncExecution waits at most this long, as AWS's Express executions run 5 minutes. */
#define SERVE_SYNC_MAX_MS (5 * 60 * 1000)

char *serve_fail(serve_error *e, const char *type, const char *fmt, ...)
{
    e->type = type;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return NULL;
}

char *serve_locked(serve_registry *r, const jv *req, serve_op_fn fn, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    char *out = fn(r, req, e);
    pthread_mutex_unlock(&r->mu);
    return out;
}

void serve_wake(serve_registry *r)
{
    char b = 1;
    ssize_t n = write(r->wake[1], &b, 1); /* full pipe: the driver is awake already */
    (void)n;
}

/* ---- one execution ---- */

static void serve_execution_free(serve_execution *x)
{
    exec_free(x->ex);
    jv_unref(x->input);
    free(x->input_text);
    free(x->name);
    free(x->redrive_token);
    serve_revision_release(x->rev);
    serve_machine_release(x->sm);
    free(x);
}

static void serve_finished(serve_registry *r, serve_execution *x)
{
    x->phase = SERVE_DONE;
    x->wake_ms = -1;
    x->stopped_ms = timeutil_now_ms();
    pthread_cond_broadcast(&r->done);
}

static int64_t serve_earlier(int64_t a, int64_t b) { return a < 0 ? b : b < 0 ? a : a < b ? a : b; }

const exec_event *serve_scheduled_event(const sfn_exec *ex, const exec_pending_task *p)
{
    for (size_t i = exec_event_count(ex); p && i-- > 0;) {
        const exec_event *ev = exec_event_at(ex, i);
        if (ev->type == EV_TASK_SCHEDULED && ev->state == p->state)
            return ev;
    }
    return NULL;
}

void serve_arm_heartbeat(serve_registry *r, serve_execution *x)
{
    const exec_event *ev = serve_scheduled_event(x->ex, exec_pending(x->ex));
    x->heartbeat_s = ev ? exec_event_details(ev)->heartbeat_seconds : 0;
    if (x->heartbeat_s > 0) {
        x->wake_ms = serve_earlier(x->wait_deadline_ms,
                                   timeutil_monotonic_ms() + x->heartbeat_s * 1000);
        serve_wake(r);
    }
}

/* The task waiting for its token: its real-time deadlines, from its TaskScheduled (an
 * activity's heartbeat only once a worker has it). Workers polling for an activity's task
 * are told. */
static void serve_start_wait(serve_registry *r, serve_execution *x)
{
    const exec_pending_task *p = exec_pending(x->ex);
    const exec_event *ev = serve_scheduled_event(x->ex, p);
    long timeout = ev ? exec_event_details(ev)->timeout_seconds : 0;
    bool beats = ev && !(p->activity && !p->started);
    long heartbeat = beats ? exec_event_details(ev)->heartbeat_seconds : 0;
    int64_t now = timeutil_monotonic_ms();
    x->phase = SERVE_WAITING;
    x->wait_deadline_ms = timeout > 0 ? now + timeout * 1000 : -1;
    x->heartbeat_s = heartbeat;
    x->wake_ms = x->wait_deadline_ms;
    if (heartbeat > 0)
        x->wake_ms = serve_earlier(x->wake_ms, now + heartbeat * 1000);
    x->wait_seq = r->next_wait_seq++;
    if (p && p->activity)
        pthread_cond_broadcast(&r->task_ready);
}

/* One slice of a runnable execution. */
static void serve_drive(serve_registry *r, serve_execution *x)
{
    for (int i = 0; i < SERVE_SLICE; i++) {
        exec_step_result s = exec_step(x->ex);
        if (r->cfg.real_time && s.waited_ms > 0) { /* even when the Wait was the last state */
            x->phase = SERVE_SLEEPING;
            x->wake_ms = timeutil_monotonic_ms() + s.waited_ms;
            return;
        }
        if (exec_status_of(x->ex) != EXEC_RUNNING) {
            serve_finished(r, x);
            return;
        }
        if (s.kind == EXEC_STEP_IN_FLIGHT) {
            x->phase = SERVE_IN_FLIGHT;
            return;
        }
        if (s.kind == EXEC_STEP_WAITING) {
            serve_start_wait(r, x);
            return;
        }
    }
}

/* A deadline passed: a Wait is over (the execution may have ended with it), or a waiting
 * task times out. */
static void serve_wake_up(serve_registry *r, serve_execution *x)
{
    if (x->phase == SERVE_WAITING)
        exec_expire_wait(x->ex);
    x->phase = SERVE_RUNNABLE;
    x->wake_ms = -1;
    if (exec_status_of(x->ex) != EXEC_RUNNING)
        serve_finished(r, x);
}

/* Looks at what is due; true when some execution is runnable. */
static bool serve_look(serve_registry *r, int64_t now)
{
    bool runnable = false;
    for (size_t i = 0; i < r->nexecs; i++) {
        serve_execution *x = r->execs[i];
        if (x->phase == SERVE_IN_FLIGHT && exec_task_progress(x->ex))
            x->phase = SERVE_RUNNABLE;
        if ((x->phase == SERVE_WAITING || x->phase == SERVE_SLEEPING) && x->wake_ms >= 0 &&
            x->wake_ms <= now)
            serve_wake_up(r, x);
        runnable |= x->phase == SERVE_RUNNABLE;
    }
    return runnable;
}

/* The descriptors and the nearest deadline the driver sleeps on; the poll timeout. */
static int serve_sleep_set(serve_registry *r, struct pollfd *pfd, nfds_t *n, int64_t now)
{
    int64_t until = -1;
    bool busy = false;
    pfd[0] = (struct pollfd){r->wake[0], POLLIN, 0};
    *n = 1;
    for (size_t i = 0; i < r->nexecs; i++) {
        serve_execution *x = r->execs[i];
        until = serve_earlier(until, x->wake_ms);
        if (x->phase != SERVE_IN_FLIGHT)
            continue;
        task_wait_fd fds[8];
        size_t k = exec_task_fds(x->ex, fds, 8);
        if (*n + k > SERVE_MAX_POLL + 1 || (!k && exec_task_deadline(x->ex) < 0))
            busy = true;
        for (size_t j = 0; j < k && *n + k <= SERVE_MAX_POLL + 1; j++)
            pfd[(*n)++] = (struct pollfd){fds[j].fd, fds[j].events, 0};
        until = serve_earlier(until, exec_task_deadline(x->ex));
    }
    int64_t ms = until < 0 ? -1 : until > now ? until - now : 0;
    if (busy && (ms < 0 || ms > SERVE_BUSY_POLL_MS))
        ms = SERVE_BUSY_POLL_MS;
    return ms > 60000 ? 60000 : (int)ms;
}

static void serve_drain_wake(serve_registry *r)
{
    char buf[256];
    while (read(r->wake[0], buf, sizeof buf) > 0)
        ;
}

static void *serve_driver(void *arg)
{
    serve_registry *r = arg;
    struct pollfd *pfd = jv_xcalloc(SERVE_MAX_POLL + 1 + 8, sizeof *pfd);
    pthread_mutex_lock(&r->mu);
    while (!r->stopping) {
        /* the lock is let go between slices, so that the API's threads get their turn; the
         * list may change meanwhile (one skipped is driven on the next round) */
        for (size_t i = 0; i < r->nexecs && !r->stopping; i++) {
            if (r->execs[i]->phase != SERVE_RUNNABLE)
                continue;
            serve_drive(r, r->execs[i]);
            pthread_mutex_unlock(&r->mu);
            sched_yield();
            pthread_mutex_lock(&r->mu);
        }
        int64_t now = timeutil_monotonic_ms();
        if (serve_look(r, now))
            continue;
        nfds_t n;
        int ms = serve_sleep_set(r, pfd, &n, now);
        pthread_mutex_unlock(&r->mu);
        while (poll(pfd, n, ms) < 0 && errno == EINTR)
            ;
        serve_drain_wake(r);
        pthread_mutex_lock(&r->mu);
        serve_look(r, timeutil_monotonic_ms());
    }
    pthread_mutex_unlock(&r->mu);
    free(pfd);
    return NULL;
}

/* ---- the registry ---- */

serve_registry *serve_registry_new(const serve_config *c, char *err, size_t errlen)
{
    if (c->nresolvers > SERVE_MAX_RESOLVERS) {
        snprintf(err, errlen, "more than %d task resolvers", SERVE_MAX_RESOLVERS);
        return NULL;
    }
    serve_registry *r = jv_xcalloc(1, sizeof *r);
    r->cfg = *c;
    if (pipe(r->wake) != 0) {
        snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
        free(r);
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(r->wake[i], F_SETFL, fcntl(r->wake[i], F_GETFL) | O_NONBLOCK);
        fcntl(r->wake[i], F_SETFD, FD_CLOEXEC);
    }
    if (c->has_seed)
        rng_seed(&r->ids, c->seed);
    else if (!rng_seed_os(&r->ids))
        rng_seed(&r->ids, (uint64_t)timeutil_now_ms());
    pthread_mutex_init(&r->mu, NULL);
    r->records = record_pool_new(NULL, 0);
    pthread_cond_init(&r->done, NULL);
    pthread_cond_init(&r->task_ready, NULL);
    r->activity_hooks = (task_activities){serve_activity_exists, r};
    int rc = pthread_create(&r->driver, NULL, serve_driver, r);
    if (rc) {
        snprintf(err, errlen, "cannot start the execution thread: %s", strerror(rc));
        serve_registry_free(r);
        return NULL;
    }
    r->driver_started = true;
    return r;
}

void serve_registry_stop(serve_registry *r)
{
    if (!r || !r->driver_started)
        return;
    pthread_mutex_lock(&r->mu);
    r->stopping = true;
    serve_wake(r);
    pthread_cond_broadcast(&r->done);
    pthread_cond_broadcast(&r->task_ready);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->driver, NULL);
    r->driver_started = false;
}

void serve_registry_free(serve_registry *r)
{
    if (!r)
        return;
    serve_registry_stop(r);
    for (size_t i = 0; i < r->nexecs; i++)
        serve_execution_free(r->execs[i]);
    free(r->execs);
    record_pool_free(r->records);   /* after every execution that borrowed from it */
    for (size_t i = 0; i < r->nmachines; i++)
        serve_machine_release(r->machines[i]);
    free(r->machines);
    serve_activities_free(r);
    close(r->wake[0]);
    close(r->wake[1]);
    pthread_cond_destroy(&r->done);
    pthread_cond_destroy(&r->task_ready);
    pthread_mutex_destroy(&r->mu);
    free(r);
}

/* ---- looking executions up ---- */

serve_execution *serve_execution_find(serve_registry *r, const char *arn, serve_error *e)
{
    if (strncmp(arn, "arn:", 4) != 0)
        return serve_fail(e, "InvalidArn", "Invalid Arn: '%s'", arn), NULL;
    for (size_t i = 0; i < r->nexecs; i++)
        if (!r->execs[i]->sync && !strcmp(exec_execution_arn(r->execs[i]->ex), arn))
            return r->execs[i];
    return serve_fail(e, "ExecutionDoesNotExist", "Execution Does Not Exist: '%s'", arn), NULL;
}

static serve_execution *serve_execution_named(serve_registry *r, const serve_machine *sm,
                                              const char *name)
{
    for (size_t i = 0; i < r->nexecs; i++)
        if (r->execs[i]->sm == sm && !r->execs[i]->sync && !strcmp(r->execs[i]->name, name))
            return r->execs[i];
    return NULL;
}

static void serve_execution_remove(serve_registry *r, size_t i)
{
    memmove(r->execs + i, r->execs + i + 1, (r->nexecs - i - 1) * sizeof *r->execs);
    r->nexecs--;
}

/* Room for one more execution: forgets the oldest finished one when full. */
static bool serve_make_room(serve_registry *r, serve_error *e)
{
    if (r->nexecs < r->cfg.max_executions) {
        if (r->nexecs == r->cap_execs) {
            r->cap_execs = r->cap_execs ? r->cap_execs * 2 : 64;
            r->execs = jv_xrealloc(r->execs, r->cap_execs * sizeof *r->execs);
        }
        return true;
    }
    for (size_t i = 0; i < r->nexecs; i++) {
        if (r->execs[i]->phase == SERVE_DONE && !r->execs[i]->sync) {
            serve_execution_free(r->execs[i]);
            serve_execution_remove(r, i);
            return true;
        }
    }
    serve_fail(e, "ExecutionLimitExceeded", "Execution Limit Exceeded: %zu executions are "
               "running (sfdbg serve --max-executions)", r->nexecs);
    return false;
}

/* ---- StartExecution ---- */

static jv *serve_parse_input(const char *text, size_t max, serve_error *e)
{
    size_t len = strlen(text);
    if (max && len > max)
        return serve_fail(e, "ValidationException", "1 validation error detected: Value at "
                          "'input' failed to satisfy constraint: Member must have length less "
                          "than or equal to %zu", max), NULL;
    jv_parse_error perr;
    jv *v = jv_parse(text, len, 0, &perr);
    if (!v)
        serve_fail(e, "InvalidExecutionInput", "Invalid State Machine Execution Input: '%s at "
                   "line %d, column %d'", perr.message, perr.line, perr.column);
    return v;
}

static sfn_exec *serve_new_exec(serve_registry *r, const serve_machine *sm, const char *name,
                                const serve_execution *x)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.state_machine_name = sm->name;
    eo.execution_name = name;
    eo.region = r->cfg.region;
    eo.account = r->cfg.account;
    eo.role_arn = x->rev->role_arn;
    eo.express = sm->express;
    eo.start_time_ms = r->cfg.has_start_time ? r->cfg.start_time_ms : timeutil_now_ms();
    eo.has_seed = r->cfg.has_seed;
    eo.seed = r->cfg.seed + r->next_serial;
    eo.max_events = r->cfg.max_events;
    eo.max_payload = r->cfg.max_payload;
    if (r->cfg.max_memory)
        eo.max_memory = r->cfg.max_memory;
    eo.record_visits = false;
    eo.record_pool = r->records;   /* under mu, as every call on the execution */
    eo.resolvers = x->resolvers;
    eo.nresolvers = x->nresolvers;
    eo.s3 = r->cfg.s3;
    eo.activities = &r->activity_hooks;
    return exec_new(x->rev->def, x->input, &eo);
}

/* STATE-MACHINE-ARN#TEST-CASE: the case (NULL and no error without "#"); false with e
 * filled when the config has no such case or it mocks what is not a Task of the machine. */
static bool serve_test_case(serve_registry *r, const serve_machine *sm, const char *test_case,
                            const mock_case **out, serve_error *e)
{
    char err[900];
    *out = NULL;
    if (!test_case)
        return true;
    if (!r->cfg.mocks)
        return serve_fail(e, "ValidationException", "test case '%s': sfdbg serve was started "
                          "without a mock config (SFN_MOCK_CONFIG or --mock-config)", test_case),
               false;
    const mock_case *c = mock_config_case(r->cfg.mocks, sm->name, test_case, err, sizeof err);
    if (!c)
        return serve_fail(e, "ValidationException", "the mock config: %s", err), false;
    for (size_t i = 0; i < mock_case_state_count(c); i++) {
        const asl_state *s = asl_definition_find_state(sm->rev->def, mock_case_state_at(c, i));
        if (!s || s->type != ASL_TASK)
            return serve_fail(e, "ValidationException", "the mock config's test case '%s' mocks "
                              "'%s', which is %s in state machine '%s'", test_case,
                              mock_case_state_at(c, i), s ? "not a Task state" : "no state",
                              sm->name), false;
    }
    *out = c;
    return true;
}

/* The machine of stateMachineArn and the test case after its "#", if any. */
static serve_machine *serve_machine_and_case(serve_registry *r, const jv *req,
                                             const mock_case **c, serve_error *e)
{
    const char *arn = serve_req_string(req, "stateMachineArn");
    const char *hash = strchr(arn, '#');
    char *base = jv_xstrdup(arn);
    if (hash)
        base[hash - arn] = '\0';
    serve_machine *sm = serve_machine_find(r, base, e);
    free(base);
    if (sm && !serve_test_case(r, sm, hash ? hash + 1 : NULL, c, e))
        return NULL;
    return sm;
}

/* Checks and creates an execution, runnable (registry locked). NULL with e filled; *same
 * is set when a running execution of that name and input already existed (AWS's
 * idempotent StartExecution). */
static serve_execution *serve_start(serve_registry *r, const jv *req, bool sync, bool *same,
                                    serve_error *e)
{
    *same = false;
    if (r->stopping)
        return serve_fail(e, "ServiceUnavailable", "the server is stopping"), NULL;
    const mock_case *mocks;
    serve_machine *sm = serve_machine_and_case(r, req, &mocks, e);
    if (!sm)
        return NULL;
    if (sync && !sm->express)
        return serve_fail(e, "StateMachineTypeNotSupported", "This operation is not supported "
                          "by this type of state machine: StartSyncExecution is for EXPRESS "
                          "state machines; '%s' is STANDARD", sm->arn), NULL;
    const char *name = serve_req_string(req, "name");
    const char *text = serve_req_string(req, "input");
    if (name && !wfload_valid_execution_name(name))
        return serve_fail(e, "InvalidName", "Invalid Name: '%s' (1 to 80 characters, no white "
                          "space, brackets, wildcards or any of \"#%%\\^|~`$&,;:/)", name), NULL;
    serve_execution *old = name ? serve_execution_named(r, sm, name) : NULL;
    if (old) {
        *same = old->phase != SERVE_DONE && !strcmp(old->input_text, text ? text : "{}");
        if (!*same)
            serve_fail(e, "ExecutionAlreadyExists", "Execution Already Exists: '%s'",
                       exec_execution_arn(old->ex));
        return *same ? old : NULL;
    }
    jv *input = serve_parse_input(text ? text : "{}", r->cfg.max_payload, e);
    if (!input)
        return NULL;
    if (!serve_make_room(r, e)) {
        jv_unref(input);
        return NULL;
    }
    serve_execution *x = jv_xcalloc(1, sizeof *x);
    x->serial = r->next_serial;
    x->sm = sm;
    sm->refs++;
    x->rev = sm->rev;
    x->rev->refs++;
    x->input = input;
    x->input_text = jv_xstrdup(text ? text : "{}");
    if (mocks)
        x->resolvers[x->nresolvers++] = (task_resolver){"mock-config", mock_case_resolve,
                                                        (void *)mocks};
    for (size_t i = 0; i < r->cfg.nresolvers; i++)
        x->resolvers[x->nresolvers++] = r->cfg.resolvers[i];
    x->ex = serve_new_exec(r, sm, name, x);
    r->next_serial++;
    const char *arn = exec_execution_arn(x->ex);
    const char *tail = strrchr(arn, ':');
    if (sm->express) { /* ...:express:SM:NAME:UUID */
        const char *end = tail;
        while (tail > arn && tail[-1] != ':')
            tail--;
        x->name = jv_xstrdup(tail);
        x->name[end - tail] = '\0';
    } else {
        x->name = jv_xstrdup(tail + 1);
    }
    x->phase = exec_status_of(x->ex) == EXEC_RUNNING ? SERVE_RUNNABLE : SERVE_DONE;
    x->stopped_ms = timeutil_now_ms();
    x->wake_ms = x->wait_deadline_ms = -1;
    x->sync = sync;
    r->execs[r->nexecs++] = x;
    if (sync && x->phase == SERVE_RUNNABLE)
        serve_drive(r, x); /* its first slice here: a short one ends without the driver */
    if (x->phase != SERVE_DONE)
        serve_wake(r);
    return x;
}

char *serve_start_execution(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    bool same;
    serve_execution *x = serve_start(r, req, false, &same, e);
    char *out = NULL;
    if (x) {
        jv *o = jv_object_set_take(jv_object(), "executionArn",
                                   jv_string(exec_execution_arn(x->ex)));
        /* the start is the virtual clock's at its start: the first event's */
        const exec_event *first = exec_event_count(x->ex) ? exec_event_at(x->ex, 0) : NULL;
        o = jv_object_set_take(o, "startDate",
                               serve_view_time(first ? first->timestamp_ms : exec_clock_ms(x->ex)));
        out = serve_view_dump_take(o);
    }
    pthread_mutex_unlock(&r->mu);
    return out;
}

static bool serve_sync_wait(serve_registry *r, serve_execution *x)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += SERVE_SYNC_MAX_MS / 1000;
    while (x->phase != SERVE_DONE && !r->stopping)
        if (pthread_cond_timedwait(&r->done, &r->mu, &until) == ETIMEDOUT)
            return false;
    return x->phase == SERVE_DONE;
}

char *serve_start_sync_execution(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    bool same;
    serve_execution *x = serve_start(r, req, true, &same, e);
    char *out = NULL;
    if (x) {
        if (!serve_sync_wait(r, x)) {
            exec_abort(x->ex, r->stopping ? "States.Runtime" : "States.Timeout",
                       r->stopping ? "the server is stopping" : "StartSyncExecution waits "
                       "at most 5 minutes for its execution, as AWS's Express executions run");
            serve_finished(r, x);
        }
        out = serve_view_execution(x, true, req);
        for (size_t i = 0; i < r->nexecs; i++)
            if (r->execs[i] == x)
                serve_execution_remove(r, i);
        serve_execution_free(x);
    }
    pthread_mutex_unlock(&r->mu);
    return out;
}

/* ---- the other execution operations ---- */

char *serve_describe_execution(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    serve_execution *x = serve_execution_find(r, serve_req_string(req, "executionArn"), e);
    char *out = x ? serve_view_execution(x, false, req) : NULL;
    pthread_mutex_unlock(&r->mu);
    return out;
}

char *serve_get_execution_history(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    serve_execution *x = serve_execution_find(r, serve_req_string(req, "executionArn"), e);
    char *out = x ? serve_view_history(x, req, e) : NULL;
    pthread_mutex_unlock(&r->mu);
    return out;
}

char *serve_list_executions(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    char *out = NULL;
    const char *arn = serve_req_string(req, "stateMachineArn");
    serve_machine *sm = arn ? serve_machine_find(r, arn, e) : NULL;
    if (!arn)
        serve_fail(e, "ValidationException", "Must provide a StateMachine ARN or MapRun ARN "
                   "(sfdbg serve has no Map Runs to list)");
    else if (sm && sm->express)
        serve_fail(e, "StateMachineTypeNotSupported", "This operation is not supported by "
                   "this type of state machine: '%s' is EXPRESS", arn);
    else if (sm)
        out = serve_view_executions(r, sm, req, e);
    pthread_mutex_unlock(&r->mu);
    return out;
}

char *serve_stop_execution(serve_registry *r, const jv *req, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    serve_execution *x = serve_execution_find(r, serve_req_string(req, "executionArn"), e);
    char *out = NULL;
    if (x) {
        if (exec_abort(x->ex, serve_req_string(req, "error"), serve_req_string(req, "cause")))
            serve_finished(r, x);
        out = serve_view_dump_take(jv_object_set_take(jv_object(), "stopDate",
                                                      serve_view_time(exec_clock_ms(x->ex))));
    }
    pthread_mutex_unlock(&r->mu);
    return out;
}

/* ---- task tokens ---- */

typedef enum { SERVE_SUCCESS, SERVE_FAILURE, SERVE_HEARTBEAT } serve_send_kind;

static exec_send_status serve_send_one(serve_execution *x, serve_send_kind k, const jv *req,
                                       char *err, size_t n)
{
    const char *token = serve_req_string(req, "taskToken");
    switch (k) {
    case SERVE_SUCCESS:
        return exec_send_task_success(x->ex, token, serve_req_string(req, "output"), err, n);
    case SERVE_FAILURE:
        return exec_send_task_failure(x->ex, token, serve_req_string(req, "error"),
                                      serve_req_string(req, "cause"), err, n);
    default:
        return exec_send_task_heartbeat(x->ex, token, err, n);
    }
}

static void serve_sent(serve_registry *r, serve_execution *x, serve_send_kind k)
{
    if (k != SERVE_HEARTBEAT) {
        x->phase = SERVE_RUNNABLE;
        x->wake_ms = -1;
        serve_wake(r);
    } else if (x->heartbeat_s > 0) {
        x->wake_ms = serve_earlier(x->wait_deadline_ms,
                                   timeutil_monotonic_ms() + x->heartbeat_s * 1000);
        serve_wake(r);
    }
}

const char *serve_send_error_name(exec_send_status s)
{
    return s == EXEC_SEND_INVALID_ARGUMENT ? "ValidationException" : exec_send_status_name(s);
}

/* The execution whose task has the token answers; InvalidToken when none ever had it. */
static char *serve_send(serve_registry *r, const jv *req, serve_send_kind k, serve_error *e)
{
    pthread_mutex_lock(&r->mu);
    exec_send_status s = EXEC_SEND_INVALID_TOKEN;
    char err[1024] = "Invalid Token: no task was given this token";
    for (size_t i = 0; i < r->nexecs && s == EXEC_SEND_INVALID_TOKEN; i++) {
        s = serve_send_one(r->execs[i], k, req, err, sizeof err);
        if (s == EXEC_SEND_OK)
            serve_sent(r, r->execs[i], k);
    }
    if (s == EXEC_SEND_INVALID_TOKEN)
        snprintf(err, sizeof err, "Invalid Token: no task was given this token");
    pthread_mutex_unlock(&r->mu);
    if (s != EXEC_SEND_OK)
        return serve_fail(e, serve_send_error_name(s), "%s", err);
    return jv_xstrdup("{}");
}

char *serve_send_task_success(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_send(r, req, SERVE_SUCCESS, e);
}

char *serve_send_task_failure(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_send(r, req, SERVE_FAILURE, e);
}

char *serve_send_task_heartbeat(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_send(r, req, SERVE_HEARTBEAT, e);
}
