/*
 * exec_task — Task states: InputPath -> Parameters -> invoke (through the resolvers) ->
 * ResultSelector -> ResultPath -> OutputPath, with Retry and Catch, timeouts and
 * `.waitForTaskToken` callbacks.
 *
 * One attempt per step: a failed attempt that a retrier takes ends the step
 * (EXEC_STEP_RETRY); the next step waits the backoff on the virtual clock and tries again.
 * A callback task ends its step waiting (EXEC_STEP_WAITING) until exec_send_task_* or
 * exec_expire_wait puts an answer in; the next step completes it. A resolver that answers
 * with a job (TASK_IN_FLIGHT) ends its step EXEC_STEP_IN_FLIGHT; the caller drives the job
 * (exec_task_progress) and the step after its answer is in applies that answer exactly as a
 * synchronous one: the task's events, retries and catchers do not depend on how it came.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "exec_jsonata.h"
#include "jv_text.h"
#include "retry.h"
#include "task_params.h"

/* AWS's limits on callback answers */
#define TASK_MAX_OUTPUT 262144
#define TASK_MAX_ERROR 256
#define TASK_MAX_CAUSE 32768
/* A task with no TimeoutSeconds is bounded by the largest value ASL allows. */
#define TASK_DEFAULT_TIMEOUT 99999999L

void exec_task_cleanup(exec_task_state *t)
{
    if (!t->state) /* never started, or cleaned up already: all zero (a Map's every iteration) */
        return;
    jv_unref(t->raw_input);
    exec_retry_cleanup(&t->retry);
    task_answer_cleanup(&t->answer);
    task_job_free(&t->job);
    memset(t, 0, sizeof *t);
}

static bool exec_task_is_callback(const asl_state *s)
{
    return s->task.resource_info.pattern == ASL_PATTERN_WAIT_FOR_TASK_TOKEN;
}

/* A .sync job is submitted (TaskSubmitted), then runs to its end (the answer). */
static bool exec_task_is_sync(const asl_state *s)
{
    return s->task.resource_info.pattern == ASL_PATTERN_SYNC ||
           s->task.resource_info.pattern == ASL_PATTERN_SYNC2;
}

/* Callback and .sync tasks get a token in $$.Task.Token (a .sync child can report back
 * with it); only callbacks wait for it. */
static bool exec_task_has_token(const asl_state *s)
{
    return s->task.resource_info.pattern != ASL_PATTERN_REQUEST_RESPONSE;
}

/* The task is over (done, caught or failed): no longer between steps. */
static void exec_task_finish(exec_task_state *t)
{
    exec_task_cleanup(t);
}

/* ---- tokens ---- */

static void exec_token_new(sfn_exec *ex, char *out, size_t n)
{
    tokengen_next(&ex->token_gen, out, n); /* never ex->random: workflows see that one */
    if (ex->ntokens == ex->tokens_cap) {
        ex->tokens_cap = ex->tokens_cap ? ex->tokens_cap * 2 : 8;
        ex->tokens = engine_realloc(ex->tokens, ex->tokens_cap * sizeof *ex->tokens);
    }
    ex->tokens[ex->ntokens].token = engine_strdup(out);
    ex->tokens[ex->ntokens++].status = TOKEN_PENDING;
}

static exec_token *exec_token_find(sfn_exec *ex, const char *token)
{
    for (size_t i = 0; i < ex->ntokens; i++)
        if (!strcmp(ex->tokens[i].token, token))
            return &ex->tokens[i];
    return NULL;
}

static void exec_token_close(sfn_exec *ex, const exec_task_state *task, exec_token_status status)
{
    exec_token *t = task->token[0] ? exec_token_find(ex, task->token) : NULL;
    if (t && t->status == TOKEN_PENDING)
        t->status = status;
}

/* ---- frames ---- */

static exec_visit *exec_task_visit(sfn_exec *ex, const exec_task_state *t)
{
    return t->visit >= 0 ? (exec_visit *)exec_visit_at(ex, (size_t)t->visit) : NULL;
}

/* The context object for this attempt ($$.State.RetryCount, $$.Task.Token). */
static void exec_task_context(exec_ctx *f)
{
    exec_task_state *t = &f->frame->task;
    if (!f->state->uses_context)
        return;
    jv_unref(f->context);
    const exec_visit *v = exec_task_visit(f->ex, t);
    int64_t entered = v ? v->entered_ms : f->ex->clock_ms;
    f->context = exec_context_for(f->ex, f->frame->context_base, f->state, entered,
                                  t->retry.total,
                                  t->token[0] ? t->token : NULL);
}

/* ---- timeouts ---- */

static bool exec_task_seconds(exec_ctx *f, const jv *effective, long literal,
                              const jsonpath *path, long *out)
{
    *out = literal;
    if (!path)
        return true;
    jv *v = exec_eval_path(f, path, effective);
    if (!v)
        return false;
    bool ok = jv_is_integer(v) && jv_number_value(v) > 0 && jv_number_value(v) <= 99999999;
    if (ok)
        *out = (long)jv_number_value(v);
    else {
        char *shown = exec_quote_value(v);
        exec_runtime_error(f, "The value of '%s' must be a positive integer (at most 99999999), "
                           "not %s", jsonpath_text(path), shown);
        engine_free(shown);
    }
    jv_unref(v);
    return ok;
}

/* ---- asking the resolvers ---- */

static void exec_task_ask(exec_ctx *f, const jv *params, task_answer *answer)
{
    sfn_exec *ex = f->ex;
    const exec_task_state *t = &f->frame->task;
    const asl_state *s = f->state;
    task_call call = {
        .state = s,
        .state_name = s->name,
        .resource = s->task.resource,
        .info = s->task.resource_info,
        .input = params,
        .invocation = ex->invocations[s->index]++,
        .retry_count = t->retry.total,
        .task_token = t->token[0] ? t->token : NULL,
        .timeout_seconds = t->timeout_seconds ? t->timeout_seconds : TASK_DEFAULT_TIMEOUT,
        .has_timeout = t->timeout_seconds != 0,
        .now_ms = ex->clock_ms,
        .random = &ex->random,
    };
    for (size_t i = 0; i < ex->opts.nresolvers; i++) {
        task_answer_init(answer);
        const task_resolver *r = &ex->opts.resolvers[i];
        if (r->resolve(r->user, &call, answer) != TASK_NO_ANSWER)
            return;
        task_answer_cleanup(answer);
    }
    task_answer_init(answer);
}

/* ---- outcomes ---- */

static void exec_task_succeeded(exec_ctx *f, const jv *result, exec_outcome *out)
{
    exec_task_state *t = &f->frame->task;
    exec_token_close(f->ex, t, TOKEN_DONE);
    if (exec_emit(f->ex, EV_TASK_SUCCEEDED, f->state, result, NULL, NULL))
        exec_apply_result(f, t->raw_input, result, out);
    exec_task_finish(t);
}

/* After a failed attempt: retry, catch, or fail the frame. */
static void exec_task_handle_error(exec_ctx *f, const char *error, const char *also,
                                   const char *cause, exec_outcome *out)
{
    exec_task_state *t = &f->frame->task;
    exec_recover(f, &t->retry, t->raw_input, error, also, cause, out);
    if (out->pending == EXEC_STEP_RETRY) {
        t->waiting = false;
        return;
    }
    exec_task_finish(t);
}

/* `also`: a second name retriers and catchers match (or NULL); the error reported is error. */
static void exec_task_failed(exec_ctx *f, exec_event_type type, const char *error,
                             const char *also, const char *cause, exec_outcome *out)
{
    exec_token_close(f->ex, &f->frame->task,
                     type == EV_TASK_TIMED_OUT ? TOKEN_TIMED_OUT : TOKEN_DONE);
    if (!exec_emit(f->ex, type, f->state, NULL, error, cause))
        return;
    exec_task_handle_error(f, error, also, cause, out);
}

/* A task that timed out did so at its deadline: the virtual clock moves there (when the
 * task has a TimeoutSeconds; a timeout reported without one keeps the clock). */
static void exec_task_reach_deadline(sfn_exec *ex, const exec_task_state *t)
{
    if (!t->timeout_seconds)
        return;
    int64_t deadline = t->started_ms + (int64_t)t->timeout_seconds * 1000;
    if (deadline > ex->clock_ms)
        exec_advance_clock(ex, deadline - ex->clock_ms);
}

/* Applies an answer (from a resolver, or a callback's) to the running task. */
static void exec_task_apply_answer(exec_ctx *f, task_answer *a, exec_outcome *out)
{
    switch (a->kind) {
    case TASK_RESULT:
        exec_task_succeeded(f, a->result, out);
        break;
    case TASK_ERROR:
        exec_task_failed(f, EV_TASK_FAILED, a->error.name, NULL, a->error.cause, out);
        break;
    case TASK_TIMEOUT: {
        /* A missed heartbeat is reported as States.Timeout, as AWS reports it (recorded:
         * test_heartbeats); States.HeartbeatTimeout, "only available inside Catch and
         * Retry", matches it there. A timeout an answer names keeps its name. */
        bool heartbeat = !a->error.name && f->frame->task.heartbeat_expired;
        const char *error = a->error.name ? a->error.name : "States.Timeout";
        if (!heartbeat && strcmp(error, "States.HeartbeatTimeout") != 0)
            exec_task_reach_deadline(f->ex, &f->frame->task);
        if (f->ex->status != EXEC_RUNNING)
            break;
        exec_task_failed(f, EV_TASK_TIMED_OUT, error, heartbeat ? "States.HeartbeatTimeout" : NULL,
                         a->error.cause ? a->error.cause : "", out); /* recorded: "" */
        break;
    }
    case TASK_NO_ANSWER:
    case TASK_IN_FLIGHT: /* not here: exec_task_poll keeps only final answers */
        break;
    }
}

/* The task waits for an answer through exec_send_task_*: a callback's token, or (with
 * needs_result) the result of a task nothing answered. */
static void exec_task_wait(exec_ctx *f, bool needs_result, exec_outcome *out)
{
    exec_task_state *t = &f->frame->task;
    t->waiting = true;
    t->answered = false;
    t->pending = (exec_pending_task){f->state, t->token, false, needs_result, false, false};
    if (f->visit)
        exec_visit_detail_new(f->ex, f->visit)->waiting = true;
    out->pending = EXEC_STEP_WAITING;
}

/* A callback task's call went out (or nowhere): it now waits for its token. */
static void exec_task_submit(exec_ctx *f, const jv *call_result, exec_outcome *out)
{
    if (exec_emit(f->ex, EV_TASK_SUBMITTED, f->state, call_result, NULL, NULL))
        exec_task_wait(f, false, out);
}

/* Nothing answered: the caller answers through exec_send_task_* with a token made for it. */
static void exec_task_defer(exec_ctx *f, exec_outcome *out)
{
    exec_task_state *t = &f->frame->task;
    if (!t->token[0])
        exec_token_new(f->ex, t->token, sizeof t->token);
    exec_task_wait(f, true, out);
}

/* The option that answers this kind of resource, beyond the ones every task can use. */
static const char *exec_task_answer_hint(const asl_state *st)
{
    asl_resource_info info;
    asl_resource_kind k = asl_resource_parse(st->task.resource ? st->task.resource : "", &info);
    if (k == ASL_RESOURCE_LAMBDA || (k == ASL_RESOURCE_OPTIMIZED && info.service_len == 6 &&
                                     !memcmp(info.service, "lambda", 6)))
        return ", a Lambda emulator with --lambda-endpoint URL";
    if (k == ASL_RESOURCE_OPTIMIZED && info.service_len == 6 && !memcmp(info.service, "states", 6))
        return ", the state machine's workflow file in --workflows DIR";
    return "";
}

static void exec_task_no_answer(exec_ctx *f)
{
    if (f->frame->task.cancelled) {
        asl_error_set(f->err, "States.Runtime",
                      "Task state '%s' (Resource %s) was cancelled before its answer came",
                      f->state->name, f->state->task.resource ? f->state->task.resource : "?");
        return;
    }
    asl_error_set(f->err, "States.Runtime",
                  "Nothing answered Task state '%s' (Resource %s): give it an answer with "
                  "--mock-config FILE --test-case NAME, a local program with --handlers FILE%s "
                  "or an AWS-compatible endpoint with --endpoint-url URL",
                  f->state->name, f->state->task.resource ? f->state->task.resource : "?",
                  exec_task_answer_hint(f->state));
}

/* ---- one attempt ---- */

/* The role a task's Credentials name, evaluated against its effective input; false (the
 * frame's err set) when the template fails. */
static bool exec_task_role(exec_ctx *f, const jv *effective, char **role)
{
    *role = NULL;
    if (!f->state->task.credentials)
        return true;
    jv *creds = exec_apply_template(f, f->state->task.credentials, effective);
    if (!creds)
        return false;
    const jv *arn = jv_object_get(creds, "RoleArn");
    if (arn && jv_is_string(arn))
        *role = engine_strdup(jv_string_value(arn));
    jv_unref(creds);
    return true;
}

static jv *exec_task_prepare(exec_ctx *f, char **role)
{
    exec_task_state *t = &f->frame->task;
    const asl_state *s = f->state;
    t->token[0] = '\0';
    if (exec_task_has_token(s))
        exec_token_new(f->ex, t->token, sizeof t->token);
    exec_task_context(f);
    if (s->jsonata)
        return exec_jsonata_task_arguments(f, t->raw_input, role, &t->timeout_seconds,
                                           &t->heartbeat_seconds);
    jv *effective = exec_select_path(f, &s->input_path, t->raw_input);
    if (!effective)
        return NULL;
    exec_record(f, EXEC_STAGE_AFTER_INPUT_PATH, effective);
    if (!exec_task_role(f, effective, role) ||
        !exec_task_seconds(f, effective, s->task.timeout_seconds, s->task.timeout_seconds_path,
                           &t->timeout_seconds) ||
        !exec_task_seconds(f, effective, s->task.heartbeat_seconds, s->task.heartbeat_seconds_path,
                           &t->heartbeat_seconds)) {
        jv_unref(effective);
        return NULL;
    }
    if (!s->parameters)
        return effective;
    jv *params = exec_apply_template(f, s->parameters, effective);
    jv_unref(effective);
    if (params)
        exec_record(f, EXEC_STAGE_AFTER_PARAMETERS, params);
    return params;
}

/* AWS checks an integration's Parameters when it starts the task: a violation fails the
 * state with States.Runtime before anything is scheduled (task_params.h). */
static bool exec_task_params_usable(exec_ctx *f, const jv *params)
{
    if (task_params_check(&f->state->task.resource_info, params, f->err))
        return true;
    exec_prefix_runtime(f);
    return false;
}

/* ActivityScheduled / TaskScheduled, and the task's Started unless it waits for a worker
 * (an activity's Started comes when a worker takes it). */
static bool exec_task_schedule(exec_ctx *f, const jv *params, char *role_take, bool started)
{
    sfn_exec *ex = f->ex;
    exec_task_state *t = &f->frame->task;
    long id = exec_emit(ex, EV_TASK_SCHEDULED, f->state, params, NULL, NULL);
    if (!id) {
        engine_free(role_take);
        return false;
    }
    exec_event *e = exec_last_event(ex, id);
    if (e) {
        exec_event_detail *d = exec_event_detail_new(ex, e);
        d->timeout_seconds = t->timeout_seconds;
        d->heartbeat_seconds = t->heartbeat_seconds;
        d->role_arn = role_take;
        exec_account_string(ex, role_take);
    } else {
        engine_free(role_take);
    }
    t->started_ms = t->heartbeat_from_ms = ex->clock_ms;
    return !started || exec_emit(ex, EV_TASK_STARTED, f->state, NULL, NULL, NULL);
}

/* ---- activities ---- */

/* An activity Task of an execution whose caller has workers (exec_options.activities). */
static bool exec_task_for_worker(const exec_ctx *f)
{
    return f->ex->opts.activities && f->state->task.resource_info.kind == ASL_RESOURCE_ACTIVITY;
}

/* AWS fails the execution (States.Runtime, no Catch) before it schedules a task of an
 * activity that does not exist. */
static bool exec_task_activity_exists(exec_ctx *f)
{
    const task_activities *a = f->ex->opts.activities;
    if (a->exists(a->user, f->state->task.resource))
        return true;
    exec_runtime_error(f, "The activity %s does not exist.", f->state->task.resource);
    return false;
}

static void exec_task_wait(exec_ctx *f, bool needs_result, exec_outcome *out);

/* No resolver answered an activity's task: it waits, with a token, for a worker. */
static void exec_task_await_worker(exec_ctx *f, exec_outcome *out)
{
    exec_task_state *t = &f->frame->task;
    exec_token_new(f->ex, t->token, sizeof t->token);
    exec_task_wait(f, true, out);
    t->awaiting_worker = true;
    t->pending.activity = true;
}

/* The visit keeps what answered the latest attempt and what it wrote for the user. */
static void exec_task_keep_log(exec_ctx *f, task_answer *a)
{
    if (!f->visit || (!a->source && !a->log && !f->visit->detail))
        return; /* nothing to keep, nothing kept before */
    exec_visit_detail *d = exec_visit_detail_new(f->ex, f->visit);
    engine_free(d->task_source);
    engine_free(d->task_log);
    d->task_source = a->source;
    d->task_log = a->log;
    exec_account_string(f->ex, a->source);
    exec_account_string(f->ex, a->log);
    a->source = a->log = NULL;
}

static void exec_task_take(exec_ctx *f, task_answer *a, exec_outcome *out);

/* The resolver's job works on the answer: the step ends here, in flight. */
static void exec_task_fly(exec_ctx *f, task_answer *answer, exec_outcome *out)
{
    exec_task_state *t = &f->frame->task;
    t->in_flight = true;
    t->cancelled = false;
    t->job = answer->job;
    answer->job = (task_job){NULL, NULL};
    task_answer_cleanup(answer);
    out->pending = EXEC_STEP_IN_FLIGHT;
}

static void exec_task_attempt(exec_ctx *f, exec_outcome *out)
{
    exec_task_state *t = &f->frame->task;
    bool for_worker = exec_task_for_worker(f);
    if (for_worker && !exec_task_activity_exists(f)) {
        exec_task_finish(t);
        return;
    }
    char *role = NULL;
    jv *params = exec_task_prepare(f, &role);
    if (params && !exec_task_params_usable(f, params)) {
        jv_unref(params);
        params = NULL;
    }
    if (!params) {
        engine_free(role);
        exec_task_finish(t);
        return;
    }
    if (!exec_task_schedule(f, params, role, !for_worker)) {
        jv_unref(params);
        exec_task_finish(t);
        return;
    }
    task_answer answer;
    exec_task_ask(f, params, &answer);
    jv_unref(params);
    if (for_worker && answer.kind == TASK_NO_ANSWER) {
        exec_task_await_worker(f, out);
        return;
    }
    if (for_worker && !exec_emit(f->ex, EV_TASK_STARTED, f->state, NULL, NULL, NULL)) {
        task_answer_cleanup(&answer); /* the event limit ended the execution */
        exec_task_finish(t);
        return;
    }
    if (answer.kind == TASK_IN_FLIGHT)
        exec_task_fly(f, &answer, out);
    else
        exec_task_take(f, &answer, out);
}

/* Applies what the resolvers answered (at once, or when their job is done). */
static void exec_task_take(exec_ctx *f, task_answer *a, exec_outcome *out)
{
    sfn_exec *ex = f->ex;
    task_answer answer = *a;
    task_answer_init(a);
    exec_task_keep_log(f, &answer);
    bool callback = exec_task_is_callback(f->state);
    if (callback && answer.kind == TASK_RESULT && !answer.final)
        exec_task_submit(f, answer.result, out);
    else if (callback && answer.kind == TASK_NO_ANSWER)
        exec_task_submit(f, NULL, out);
    else if (answer.kind == TASK_NO_ANSWER && ex->opts.defer_unanswered)
        exec_task_defer(f, out);
    else if (answer.kind == TASK_NO_ANSWER) {
        exec_task_no_answer(f);
        exec_task_finish(&f->frame->task);
    } else if ((exec_task_is_sync(f->state) || (callback && answer.submitted)) &&
               !exec_emit(ex, EV_TASK_SUBMITTED, f->state, answer.submitted, NULL, NULL)) {
        exec_task_finish(&f->frame->task); /* the history limit ended the execution */
    } else if (answer.elapsed_ms > 0 && !exec_advance_clock(ex, answer.elapsed_ms)) {
        exec_task_finish(&f->frame->task); /* the execution timed out meanwhile */
    } else
        exec_task_apply_answer(f, &answer, out);
    task_answer_cleanup(&answer);
}

void exec_task_start(exec_ctx *f, const jv *input, exec_outcome *out)
{
    sfn_exec *ex = f->ex;
    exec_task_state *t = &f->frame->task;
    exec_task_cleanup(t);
    t->active = true;
    t->state = f->state;
    t->entered_id = f->entered_id;
    t->visit = f->visit ? (long)(exec_visit_count(ex) - 1) : -1;
    t->raw_input = jv_ref(input);
    exec_retry_init(&t->retry, f->state);
    exec_task_attempt(f, out);
}

/* One non-blocking look at the job; true once its answer is in t->answer. */
static bool exec_task_poll(exec_task_state *t)
{
    if (!t->job.ops)
        return true;
    task_answer answer;
    task_answer_init(&answer);
    if (!task_job_progress(&t->job, &answer))
        return false;
    task_job_free(&t->job);
    if (answer.kind == TASK_IN_FLIGHT) { /* a job answers, it does not start another */
        task_job_free(&answer.job);
        answer.kind = TASK_NO_ANSWER;
    }
    task_answer_cleanup(&t->answer);
    t->answer = answer;
    return true;
}

exec_step_result exec_task_resume(sfn_exec *ex, exec_frame *fr)
{
    exec_task_state *t = &fr->task;
    exec_step_result r = {EXEC_STEP_WAITING, t->state, t->visit, 0};
    if (t->waiting && !t->answered)
        return r;
    if (t->in_flight && !exec_task_poll(t)) {
        r.kind = EXEC_STEP_IN_FLIGHT;
        return r;
    }
    asl_error err = ASL_ERROR_INIT;
    exec_ctx f = {ex, fr, t->state, t->entered_id, exec_task_visit(ex, t), NULL, &err};
    exec_task_context(&f);
    exec_outcome out = {0};
    if (t->in_flight) {
        t->in_flight = false;
        exec_task_take(&f, &t->answer, &out);
    } else if (t->retry.pending) {
        t->retry.pending = false;
        if (!exec_advance_clock(ex, t->retry.delay_ms)) {
            exec_task_finish(t);
            r.kind = EXEC_STEP_FINISHED;
            jv_unref(f.context);
            return r;
        }
        r.waited_ms = t->retry.delay_ms;
        exec_task_context(&f);
        exec_task_attempt(&f, &out);
    } else {
        task_answer answer = t->answer;
        task_answer_init(&t->answer);
        t->waiting = false;
        if (f.visit && exec_visit_details(f.visit)->waiting)
            exec_visit_detail_new(ex, f.visit)->waiting = false;
        exec_task_apply_answer(&f, &answer, &out);
        task_answer_cleanup(&answer);
    }
    exec_conclude(ex, &f, &out, &r);
    asl_error_clear(&err);
    jv_unref(f.context);
    return r;
}

/* ---- jobs in flight ---- */

/* The task in flight (in whichever frame), or NULL. */
static exec_task_state *exec_flying_task(const sfn_exec *ex)
{
    exec_task_state *t = exec_blocked_task(ex);
    return t && t->in_flight ? t : NULL;
}

/* The task waiting for its token (or the caller's answer), or NULL. */
static exec_task_state *exec_waiting_task(const sfn_exec *ex)
{
    exec_task_state *t = exec_blocked_task(ex);
    return t && t->waiting ? t : NULL;
}

bool exec_task_in_flight(const sfn_exec *ex)
{
    return exec_flying_task(ex) != NULL;
}

size_t exec_task_fds(const sfn_exec *ex, task_wait_fd *out, size_t max)
{
    exec_task_state *t = exec_flying_task(ex);
    return t ? task_job_fds(&t->job, out, max) : 0;
}

int64_t exec_task_deadline(const sfn_exec *ex)
{
    exec_task_state *t = exec_flying_task(ex);
    return t ? task_job_deadline(&t->job) : -1;
}

bool exec_task_progress(sfn_exec *ex)
{
    exec_task_state *t = exec_flying_task(ex);
    if (!t)
        return true;
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    bool done = exec_task_poll(t);
    engine_alloc_leave(previous);
    return done;
}

bool exec_task_cancel(sfn_exec *ex)
{
    exec_task_state *t = exec_flying_task(ex);
    if (!t || !t->job.ops)
        return false;
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    task_job_cancel(&t->job);
    task_job_free(&t->job);
    task_answer_cleanup(&t->answer);
    t->cancelled = true;
    engine_alloc_leave(previous);
    return true;
}

/* ---- callbacks: the SendTask* API ---- */

const exec_pending_task *exec_pending(const sfn_exec *ex)
{
    exec_task_state *t = exec_status_of(ex) == EXEC_RUNNING ? exec_waiting_task(ex) : NULL;
    return t ? &t->pending : NULL;
}

const char *exec_send_status_name(exec_send_status s)
{
    static const char *const names[] = {"OK", "InvalidToken", "TaskDoesNotExist", "InvalidOutput",
                                        "InvalidArgument", "TaskTimedOut"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* Checks the token names the waiting task (*task); AWS's error otherwise. */
static exec_send_status exec_check_token(sfn_exec *ex, const char *token, char *err,
                                         size_t errlen, exec_task_state **task)
{
    exec_token *t = token ? exec_token_find(ex, token) : NULL;
    if (!t) {
        snprintf(err, errlen, "Invalid Token: no task of this execution was given that token");
        return EXEC_SEND_INVALID_TOKEN;
    }
    exec_task_state *w = exec_waiting_task(ex);
    if (t->status != TOKEN_PENDING || !w || w->answered || strcmp(w->token, token) != 0 ||
        exec_status_of(ex) != EXEC_RUNNING) {
        bool timed_out = t->status == TOKEN_TIMED_OUT;
        snprintf(err, errlen, timed_out ? "Task Timed Out: the task of this token timed out"
                                        : "Task Does Not Exist: the task of this token is over");
        return timed_out ? EXEC_SEND_TASK_TIMED_OUT : EXEC_SEND_TASK_DOES_NOT_EXIST;
    }
    *task = w;
    return EXEC_SEND_OK;
}

static void exec_set_answer(exec_task_state *t, task_answer_kind kind)
{
    t->answer.kind = kind;
    t->answered = true;
    t->pending.answered = true;
}

static exec_send_status exec_accept_success(sfn_exec *ex, const char *token,
                                            const char *output, char *err, size_t errlen)
{
    exec_task_state *t = NULL;
    exec_send_status st = exec_check_token(ex, token, err, errlen, &t);
    if (st != EXEC_SEND_OK)
        return st;
    jv_parse_error perr;
    size_t len = output ? strlen(output) : 0;
    jv *v = output ? jv_parse(output, len, TASK_MAX_OUTPUT, &perr) : NULL;
    if (!v) {
        snprintf(err, errlen, "Invalid Output: %s%d:%d: %s", output ? "" : "no output; ",
                 output ? perr.line : 0, output ? perr.column : 0,
                 output ? perr.message : "the output must be JSON");
        return EXEC_SEND_INVALID_OUTPUT;
    }
    task_answer_cleanup(&t->answer);
    t->answer.result = v;
    exec_set_answer(t, TASK_RESULT);
    return EXEC_SEND_OK;
}

static exec_send_status exec_accept_failure(sfn_exec *ex, const char *token,
                                            const char *error, const char *cause, char *err,
                                            size_t errlen)
{
    exec_task_state *t = NULL;
    exec_send_status st = exec_check_token(ex, token, err, errlen, &t);
    if (st != EXEC_SEND_OK)
        return st;
    if ((error && strlen(error) > TASK_MAX_ERROR) || (cause && strlen(cause) > TASK_MAX_CAUSE)) {
        snprintf(err, errlen, "the error may have at most %d characters and the cause %d",
                 TASK_MAX_ERROR, TASK_MAX_CAUSE);
        return EXEC_SEND_INVALID_ARGUMENT;
    }
    task_answer_cleanup(&t->answer);
    asl_error *e = &t->answer.error;
    e->name = error ? engine_strdup(error) : NULL;
    e->cause = cause ? engine_strdup(cause) : NULL;
    exec_set_answer(t, TASK_ERROR);
    return EXEC_SEND_OK;
}

exec_send_status exec_send_task_success(sfn_exec *ex, const char *token, const char *output,
                                        char *err, size_t errlen)
{
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    exec_send_status st = exec_accept_success(ex, token, output, err, errlen);
    engine_alloc_leave(previous);
    return st;
}

exec_send_status exec_send_task_failure(sfn_exec *ex, const char *token, const char *error,
                                        const char *cause, char *err, size_t errlen)
{
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    exec_send_status st = exec_accept_failure(ex, token, error, cause, err, errlen);
    engine_alloc_leave(previous);
    return st;
}

exec_send_status exec_send_task_heartbeat(sfn_exec *ex, const char *token, char *err,
                                          size_t errlen)
{
    exec_task_state *t = NULL;
    exec_send_status st = exec_check_token(ex, token, err, errlen, &t);
    if (st == EXEC_SEND_OK)
        t->heartbeat_from_ms = ex->clock_ms;
    return st;
}

static exec_send_status exec_give_to_worker(sfn_exec *ex, const char *token,
                                            const char *worker_name, char *err, size_t errlen)
{
    exec_task_state *t = NULL;
    exec_send_status st = exec_check_token(ex, token, err, errlen, &t);
    if (st != EXEC_SEND_OK)
        return st;
    if (!t->awaiting_worker) {
        snprintf(err, errlen, "Task Does Not Exist: the task of this token is not an "
                 "activity's waiting for a worker");
        return EXEC_SEND_TASK_DOES_NOT_EXIST;
    }
    long outer = ex->stepping; /* the event is the waiting task's frame's */
    ex->stepping = ex->blocked->id;
    jv *worker = jv_string(worker_name ? worker_name : "");
    bool emitted = exec_emit(ex, EV_TASK_STARTED, t->state, worker, NULL, NULL) != 0;
    jv_unref(worker);
    ex->stepping = outer;
    if (!emitted || exec_status_of(ex) != EXEC_RUNNING) {
        snprintf(err, errlen, "Task Does Not Exist: the execution ended");
        return EXEC_SEND_TASK_DOES_NOT_EXIST;
    }
    t->awaiting_worker = false;
    t->pending.started = true;
    t->heartbeat_from_ms = ex->clock_ms;
    return EXEC_SEND_OK;
}

exec_send_status exec_activity_start(sfn_exec *ex, const char *token, const char *worker_name,
                                     char *err, size_t errlen)
{
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    exec_send_status st = exec_give_to_worker(ex, token, worker_name, err, errlen);
    engine_alloc_leave(previous);
    return st;
}

static bool exec_expire(sfn_exec *ex)
{
    exec_task_state *t = exec_waiting_task(ex);
    if (!t || t->answered)
        return false;
    long timeout = t->timeout_seconds ? t->timeout_seconds : TASK_DEFAULT_TIMEOUT;
    int64_t deadline = t->started_ms + (int64_t)timeout * 1000;
    t->heartbeat_expired = false;
    if (t->heartbeat_seconds && !t->awaiting_worker) {
        int64_t hb = t->heartbeat_from_ms + (int64_t)t->heartbeat_seconds * 1000;
        if (hb < deadline) {
            deadline = hb;
            t->heartbeat_expired = true;
        }
    }
    if (deadline > ex->clock_ms && !exec_advance_clock(ex, deadline - ex->clock_ms)) {
        exec_task_finish(t);
        return true;
    }
    task_answer_cleanup(&t->answer);
    exec_set_answer(t, TASK_TIMEOUT);
    return true;
}

bool exec_expire_wait(sfn_exec *ex)
{
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    bool expired = exec_expire(ex);
    engine_alloc_leave(previous);
    return expired;
}
