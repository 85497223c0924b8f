/* exec — executions, stepped one transition at a time. See exec.h. */
#include "exec.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "exec_jsonata.h"
#include "jv_text.h"
#include "rng.h"
#include "timeutil.h"

#define EXEC_DEFAULT_MAX_EVENTS 25000
#define EXEC_DEFAULT_MAX_PAYLOAD 262144
#define EXEC_DEFAULT_MAX_MEMORY ((size_t)1 << 30)
#define EXEC_DEFAULT_STATE_MACHINE "StateMachine"
#define EXEC_DEFAULT_ACCOUNT "123456789012"
#define EXEC_DEFAULT_REGION "us-east-1"
/* events and visits per first segment of their chunkvec (the next ones double) */
#define EXEC_RECORDS_FIRST_SEGMENT 64


/* ---- options and names ---- */

void exec_options_init(exec_options *o)
{
    memset(o, 0, sizeof *o);
    o->state_machine_name = EXEC_DEFAULT_STATE_MACHINE;
    o->account = EXEC_DEFAULT_ACCOUNT;
    o->region = EXEC_DEFAULT_REGION;
    o->max_events = EXEC_DEFAULT_MAX_EVENTS;
    o->max_payload = EXEC_DEFAULT_MAX_PAYLOAD;
    o->max_memory = EXEC_DEFAULT_MAX_MEMORY;
    o->record_history = true;
    o->record_visits = true;
}

const char *exec_status_name(exec_status s)
{
    static const char *const names[] = {"RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *exec_stage_name(exec_stage s)
{
    static const char *const names[] = {
        "input",  "afterInputPath",      "afterItemsPath",  "afterItemSelector", "afterItemBatcher",
        "afterParameters", "result", "afterResultSelector", "afterResultPath", "output"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *exec_stage_label(const asl_state *state, exec_stage s)
{
    if (state && state->jsonata && s == EXEC_STAGE_AFTER_PARAMETERS)
        return "afterArguments";
    return exec_stage_name(s);
}

#define EXEC_STAGE_BIT(s) (1u << (s))
#define EXEC_ITEM_STAGES (EXEC_STAGE_BIT(EXEC_STAGE_AFTER_ITEMS_PATH) | \
                          EXEC_STAGE_BIT(EXEC_STAGE_AFTER_ITEM_SELECTOR) | \
                          EXEC_STAGE_BIT(EXEC_STAGE_AFTER_ITEM_BATCHER))
#define EXEC_ALL_STAGES ((1u << EXEC_STAGE_COUNT) - 1)

/* JSONata: the input, Task's and Parallel's Arguments, Map's items, the result of the states
 * that have one, and the output (Output evaluated). */
static unsigned exec_jsonata_stage_mask(const asl_state *state)
{
    unsigned io = EXEC_STAGE_BIT(EXEC_STAGE_INPUT) |
                  (state->type != ASL_FAIL ? EXEC_STAGE_BIT(EXEC_STAGE_OUTPUT) : 0);
    unsigned result = EXEC_STAGE_BIT(EXEC_STAGE_RESULT);
    switch (state->type) {
    case ASL_TASK:
    case ASL_PARALLEL:
        return io | result | EXEC_STAGE_BIT(EXEC_STAGE_AFTER_PARAMETERS);
    case ASL_MAP:
        return io | result | EXEC_ITEM_STAGES;
    default:
        return io;
    }
}

/* The stages a JSONPath state of this type has. */
static unsigned exec_jsonpath_stage_mask(asl_state_type type)
{
    switch (type) {
    case ASL_CHOICE:
    case ASL_WAIT:
    case ASL_SUCCEED: /* InputPath and OutputPath only */
        return EXEC_STAGE_BIT(EXEC_STAGE_INPUT) | EXEC_STAGE_BIT(EXEC_STAGE_AFTER_INPUT_PATH) |
               EXEC_STAGE_BIT(EXEC_STAGE_OUTPUT);
    case ASL_FAIL:
        return EXEC_STAGE_BIT(EXEC_STAGE_INPUT);
    case ASL_PASS: /* Parameters, Result and ResultPath, but no ResultSelector */
        return EXEC_ALL_STAGES & ~EXEC_ITEM_STAGES &
               ~EXEC_STAGE_BIT(EXEC_STAGE_AFTER_RESULT_SELECTOR);
    case ASL_MAP:
        return EXEC_ALL_STAGES;
    default:
        return EXEC_ALL_STAGES & ~EXEC_ITEM_STAGES;
    }
}

unsigned exec_stage_mask(const asl_state *state)
{
    return state->jsonata ? exec_jsonata_stage_mask(state) : exec_jsonpath_stage_mask(state->type);
}

/* The stages that pass the input on in a JSONPath Pass, Choice, Wait or Succeed without the
 * fields that would change them: InputPath, Parameters, Result, ResultPath, OutputPath. */
static unsigned exec_passthrough_stages(const asl_state *s)
{
    bool simple = s->type == ASL_PASS || s->type == ASL_CHOICE || s->type == ASL_WAIT ||
                  s->type == ASL_SUCCEED;
    if (s->jsonata || !simple || s->input_path.mode != ASL_PATH_DEFAULT)
        return 0;
    unsigned same = EXEC_STAGE_BIT(EXEC_STAGE_AFTER_INPUT_PATH);
    if (s->type == ASL_PASS) {
        if (s->parameters)
            return same;
        same |= EXEC_STAGE_BIT(EXEC_STAGE_AFTER_PARAMETERS);
        if (s->pass.result)
            return same;
        same |= EXEC_STAGE_BIT(EXEC_STAGE_RESULT);
        if (s->result_path.mode != ASL_PATH_DEFAULT)
            return same;
        same |= EXEC_STAGE_BIT(EXEC_STAGE_AFTER_RESULT_PATH);
    }
    if (s->output_path.mode != ASL_PATH_DEFAULT)
        return same;
    return same | EXEC_STAGE_BIT(EXEC_STAGE_OUTPUT);
}

/* A JSONPath Pass, Choice, Wait or Succeed without any of those fields: every stage but its
 * input passes the input on (exec_passthrough_stages' answer, asked once per visit). */
static bool exec_all_passthrough(const asl_state *s)
{
    if (s->jsonata || s->input_path.mode != ASL_PATH_DEFAULT ||
        s->output_path.mode != ASL_PATH_DEFAULT)
        return false;
    if (s->type == ASL_PASS)
        return !s->parameters && !s->pass.result && s->result_path.mode == ASL_PATH_DEFAULT;
    return s->type == ASL_CHOICE || s->type == ASL_WAIT || s->type == ASL_SUCCEED;
}

unsigned exec_stage_slots(const asl_state *state)
{
    if (exec_all_passthrough(state))
        return EXEC_STAGE_BIT(EXEC_STAGE_INPUT);
    return exec_stage_mask(state) & ~exec_passthrough_stages(state);
}

bool exec_stage_applies(const asl_state *state, exec_stage s)
{
    return (unsigned)s < EXEC_STAGE_COUNT && (exec_stage_mask(state) >> s & 1);
}

/* Task events are named after the resource: Task*, LambdaFunction* or Activity*. */
static const char *exec_task_event_prefix(const asl_state *s)
{
    if (s && s->task.resource_info.kind == ASL_RESOURCE_LAMBDA)
        return "LambdaFunction";
    if (s && s->task.resource_info.kind == ASL_RESOURCE_ACTIVITY)
        return "Activity";
    return "Task";
}

const char *exec_event_name(const exec_event *e, char *buf, size_t n)
{
    static const char *const names[] = {
        "ExecutionStarted", "ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut",
        "ExecutionAborted", "StateEntered", "StateExited", "Scheduled", "Started",
        "Submitted", "Succeeded", "Failed", "TimedOut",
        "ParallelStateStarted", "ParallelStateSucceeded", "ParallelStateFailed",
        "MapStateStarted", "MapStateSucceeded", "MapStateFailed",
        "MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed",
        "MapRunStarted", "MapRunSucceeded", "MapRunFailed", "EvaluationFailed",
        "ExecutionRedriven",
    };
    if (e->type == EV_STATE_ENTERED || e->type == EV_STATE_EXITED)
        snprintf(buf, n, "%s%s", asl_state_type_name(e->state->type), names[e->type]);
    else if (e->type >= EV_TASK_SCHEDULED && e->type <= EV_TASK_TIMED_OUT)
        snprintf(buf, n, "%s%s", exec_task_event_prefix(e->state), names[e->type]);
    else
        snprintf(buf, n, "%s", names[e->type]);
    return buf;
}

static char *exec_strdup_or(const char *s, const char *fallback)
{
    return engine_strdup(s ? s : fallback);
}

/* ---- events ---- */

/* The terminal events always go in: they end an execution a limit stopped, and one that
 * ends otherwise on the limit's last event (a time out there stays a time out). */
static bool exec_is_final_event(exec_event_type type)
{
    return type == EV_EXECUTION_SUCCEEDED || type == EV_EXECUTION_FAILED ||
           type == EV_EXECUTION_TIMED_OUT || type == EV_EXECUTION_ABORTED;
}

/* The event an event follows. AWS (measured, docs/semantics.md): the first StateEntered and
 * the ends the service imposes from outside the states (ExecutionTimedOut,
 * ExecutionAborted) point to none, 0. */
static long exec_previous_event_id(sfn_exec *ex, exec_event_type type, long id)
{
    if (type == EV_EXECUTION_TIMED_OUT || type == EV_EXECUTION_ABORTED)
        return 0;
    if (type == EV_STATE_ENTERED && !ex->entered_any_state) {
        ex->entered_any_state = true;
        return 0;
    }
    return id - 1;
}

static bool exec_at_event_limit(const sfn_exec *ex)
{
    return ex->last_event_id + 1 >= ex->opts.max_events;   /* always > 0 (exec_create) */
}

static bool exec_at_memory_limit(const sfn_exec *ex)
{
    return ex->opts.max_memory > 0 && ex->recorded_bytes >= ex->opts.max_memory;
}

/* Ends the execution when the next event would pass a limit; false then. */
static bool exec_within_limits(sfn_exec *ex, exec_event_type type)
{
    char msg[256];
    if (exec_is_final_event(type))
        return true;
    if (exec_at_event_limit(ex)) {
        snprintf(msg, sizeof msg,
                 "The execution reached the maximum number of history events (%ld).",
                 ex->opts.max_events);
    } else if (exec_at_memory_limit(ex)) {
        snprintf(msg, sizeof msg,
                 "The execution's records (history events and state visits) reached the "
                 "memory limit of %zu bytes; raise it with --max-memory (0 = none).",
                 ex->opts.max_memory);
    } else {
        return true;
    }
    exec_finish(ex, EXEC_FAILED, "States.Runtime", msg);
    return false;
}

void exec_account(sfn_exec *ex, size_t bytes) { ex->recorded_bytes += bytes; }

void exec_account_string(sfn_exec *ex, const char *s)
{
    if (s)
        ex->recorded_bytes += strlen(s) + 1;
}

/* An event of a child execution (a distributed Map's iteration): counted, not recorded.
 * Each frame of one has the event limit of an execution of its own: reaching it fails that
 * frame as the limit fails an execution (0 then). */
static long exec_emit_child(sfn_exec *ex, exec_frame *fr)
{
    if (fr->status != EXEC_FRAME_RUNNING)
        return 0;
    if (fr->child_events + 1 >= ex->opts.max_events) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "The execution reached the maximum number of history events (%ld).",
                 ex->opts.max_events);
        fr->status = EXEC_FRAME_FAILED;
        fr->error = engine_strdup("States.Runtime");
        fr->cause = engine_strdup(msg);
        fr->current = NULL;
        return 0;
    }
    return ++fr->child_events;
}

const exec_event_detail exec_event_no_detail;
const exec_visit_detail exec_visit_no_detail = {.retry_index = -1, .catch_index = -1};

exec_visit_detail *exec_visit_detail_new(sfn_exec *ex, exec_visit *v)
{
    if (!v->detail) {
        exec_visit_detail *d = engine_malloc(sizeof *d);
        *d = exec_visit_no_detail;
        v->detail = d;
        exec_account(ex, sizeof *d);
    }
    return (exec_visit_detail *)v->detail; /* the execution's own, const to readers */
}

exec_event_detail *exec_event_detail_new(sfn_exec *ex, exec_event *e)
{
    if (!e->detail) {
        e->detail = engine_calloc(1, sizeof *e->detail);
        exec_account(ex, sizeof *e->detail);
    }
    return (exec_event_detail *)e->detail; /* the execution's own, const to readers */
}

/* Appends an event (or only counts it when history is off). Returns its id, or 0 when a
 * limit ended the execution instead (AWS: event 25,000 must be the last one). */
long exec_emit(sfn_exec *ex, exec_event_type type, const asl_state *state, const jv *data,
                      const char *error, const char *cause)
{
    exec_frame *fr = exec_frame_of(ex, ex->stepping);
    bool ends_execution = type <= EV_EXECUTION_ABORTED; /* this execution's, from anywhere */
    if (fr && fr->child_execution && !ends_execution)
        return exec_emit_child(ex, fr);
    if (!exec_within_limits(ex, type))
        return 0;
    long id = ++ex->last_event_id;
    long prev = exec_previous_event_id(ex, type, id);
    if (!ex->opts.record_history)
        return id;
    exec_event *e = chunkvec_push(&ex->events);
    exec_account(ex, sizeof *e + jv_unshared_bytes(data)); /* before the event's reference */
    e->type = type;
    e->id = (int32_t)id;             /* within EXEC_EVENT_ID_MAX: exec_within_limits */
    e->previous_id = (int32_t)prev;
    e->timestamp_ms = ex->clock_ms;
    e->state = state;
    e->data = jv_ref(data);
    e->index = -1;
    e->frame = (int32_t)ex->stepping;
    e->detail = NULL;
    if (error || cause) {
        exec_event_detail *d = exec_event_detail_new(ex, e);
        d->error = error ? engine_strdup(error) : NULL;
        d->cause = cause ? engine_strdup(cause) : NULL;
        exec_account_string(ex, error);
        exec_account_string(ex, cause);
    }
    return id;
}

exec_event *exec_last_event(sfn_exec *ex, long id)
{
    const exec_frame *fr = exec_frame_of(ex, ex->stepping);
    if (fr && fr->child_execution)
        return NULL; /* its ids are the child execution's, its events not recorded here */
    exec_event *last = chunkvec_last(&ex->events);
    return last && last->id == id ? last : NULL;
}

long exec_emit_indexed(sfn_exec *ex, exec_event_type type, const asl_state *state, long index,
                       const char *error, const char *cause)
{
    size_t recorded = chunkvec_len(&ex->events);
    long id = exec_emit(ex, type, state, NULL, error, cause);
    if (chunkvec_len(&ex->events) > recorded) /* this event's, recorded */
        ((exec_event *)chunkvec_last(&ex->events))->index = index;
    return id;
}

/* Frame 0 has nothing more to run. */
static void exec_root_ends(sfn_exec *ex, exec_frame_status status)
{
    exec_frame *root = exec_frame_root(ex);
    root->status = status;
    root->current = NULL;
    jv_unref(root->current_input);
    root->current_input = NULL;
}

void exec_finish(sfn_exec *ex, exec_status status, const char *error, const char *cause)
{
    ex->status = status;
    engine_free(ex->error);
    engine_free(ex->cause);
    ex->error = error ? engine_strdup(error) : NULL;
    ex->cause = cause ? engine_strdup(cause) : NULL;
    exec_redrive_mark(ex);
    exec_root_ends(ex, status == EXEC_ABORTED ? EXEC_FRAME_ABORTED : EXEC_FRAME_FAILED);
    exec_event_type type = status == EXEC_TIMED_OUT ? EV_EXECUTION_TIMED_OUT
                           : status == EXEC_ABORTED ? EV_EXECUTION_ABORTED
                                                    : EV_EXECUTION_FAILED;
    exec_emit(ex, type, NULL, NULL, error, cause);
}

static void exec_succeed(sfn_exec *ex, jv *output_take)
{
    ex->status = EXEC_SUCCEEDED;
    ex->output = output_take;
    exec_root_ends(ex, EXEC_FRAME_SUCCEEDED);
    exec_emit(ex, EV_EXECUTION_SUCCEEDED, NULL, ex->output, NULL, NULL);
}

/* ---- context object ---- */

jv *exec_build_context_base(const sfn_exec *ex)
{
    char start[40];
    timeutil_format_ms(ex->start_ms, start, sizeof start);
    jv *exe = jv_object();
    exe = jv_object_set_take(exe, "Id", jv_string(ex->execution_arn));
    exe = jv_object_set(exe, "Input", ex->execution_input);
    exe = jv_object_set_take(exe, "StartTime", jv_string(start));
    exe = jv_object_set_take(exe, "Name", jv_string(ex->exec_name));
    exe = jv_object_set_take(exe, "RoleArn", jv_string(ex->role_arn));
    if (!ex->opts.express) /* express executions cannot be redriven: AWS omits it */
        exe = exec_redrive_context(ex, exe);
    jv *sm = jv_object();
    sm = jv_object_set_take(sm, "Id", jv_string(ex->state_machine_arn));
    sm = jv_object_set_take(sm, "Name", jv_string(ex->sm_name));
    jv *ctx = jv_object();
    ctx = jv_object_set_take(ctx, "Execution", exe);
    ctx = jv_object_set_take(ctx, "StateMachine", sm);
    return ctx;
}

/* over's members over ctx's: objects merged, anything else replaced */
static jv *exec_context_merge(jv *ctx_take, const jv *over)
{
    for (size_t i = 0; i < jv_object_size(over); i++) {
        const char *k = jv_string_value(jv_object_key_at(over, i));
        const jv *v = jv_object_value_at(over, i);
        const jv *old = jv_object_get(ctx_take, k);
        jv *value = old && jv_is_object(old) && jv_is_object(v)
                        ? exec_context_merge(jv_ref(old), v) : jv_ref(v);
        ctx_take = jv_object_set_take(ctx_take, k, value);
    }
    return ctx_take;
}

jv *exec_context_for(const sfn_exec *ex, const jv *base, const asl_state *s, int64_t entered_ms,
                     long retry_count, const char *token)
{
    char when[40];
    timeutil_format_ms(entered_ms, when, sizeof when);
    jv *st = jv_object();
    st = jv_object_set_take(st, "Name", jv_string(s->name));
    st = jv_object_set_take(st, "EnteredTime", jv_string(when));
    if (retry_count >= 0)
        st = jv_object_set_take(st, "RetryCount", jv_number((double)retry_count));
    jv *ctx = jv_object_set_take(jv_ref(base ? base : ex->context_base), "State", st);
    if (token)
        ctx = jv_object_set_take(ctx, "Task",
                                 jv_object_set_take(jv_object(), "Token", jv_string(token)));
    return ex->opts.context ? exec_context_merge(ctx, ex->opts.context) : ctx;
}

/* ---- creation ---- */

static void exec_init_names(sfn_exec *ex, const exec_options *o)
{
    ex->sm_name = exec_strdup_or(o->state_machine_name, EXEC_DEFAULT_STATE_MACHINE);
    ex->account = exec_strdup_or(o->account, EXEC_DEFAULT_ACCOUNT);
    ex->region = exec_strdup_or(o->region, EXEC_DEFAULT_REGION);
    if (o->execution_name) {
        ex->exec_name = engine_strdup(o->execution_name);
    } else {
        char uuid[37];
        rng_uuid(&ex->random, uuid);
        ex->exec_name = engine_strdup(uuid);
    }
    size_t n = strlen(ex->sm_name) + strlen(ex->exec_name) + strlen(ex->account) +
               strlen(ex->region) + 128;
    ex->execution_arn = engine_malloc(n);
    ex->state_machine_arn = engine_malloc(n);
    ex->role_arn = o->role_arn ? engine_strdup(o->role_arn) : engine_malloc(n);
    if (o->express) {
        char uuid[37];
        rng_uuid(&ex->random, uuid);
        snprintf(ex->execution_arn, n, "arn:aws:states:%s:%s:express:%s:%s:%s", ex->region,
                 ex->account, ex->sm_name, ex->exec_name, uuid);
    } else {
        snprintf(ex->execution_arn, n, "arn:aws:states:%s:%s:execution:%s:%s", ex->region,
                 ex->account, ex->sm_name, ex->exec_name);
    }
    snprintf(ex->state_machine_arn, n, "arn:aws:states:%s:%s:stateMachine:%s", ex->region,
             ex->account, ex->sm_name);
    if (!o->role_arn)
        snprintf(ex->role_arn, n, "arn:aws:iam::%s:role/service-role/StepFunctions-%s-role",
                 ex->account, ex->sm_name);
}

/* Tokens never come from ex->random: see tokengen.h. */
static void exec_init_token_stream(sfn_exec *ex)
{
    const exec_options *o = &ex->opts;
    uint8_t key[TOKENGEN_KEY_BYTES];
    if (o->has_token_key)
        memcpy(key, o->token_key, sizeof key);
    else if (o->has_seed)
        tokengen_key_from_seed(key, o->seed);
    else
        tokengen_key_from_os(key);
    tokengen_init(&ex->token_gen, key);
}

static sfn_exec *exec_create(const asl_definition *def, const jv *input,
                             const exec_options *opts)
{
    sfn_exec *ex = engine_calloc(1, sizeof *ex);
    ex->def = def;
    if (opts)
        ex->opts = *opts;
    else
        exec_options_init(&ex->opts);
    record_pool *pool = ex->opts.record_pool;
    chunkvec_init(&ex->events, sizeof(exec_event), EXEC_RECORDS_FIRST_SEGMENT, pool);
    chunkvec_init(&ex->visits, sizeof(exec_visit *), EXEC_RECORDS_FIRST_SEGMENT, pool);
    /* no limit (0) or one past the ids' own: the ids' (exec_event.id is 32 bits) */
    if (ex->opts.max_events <= 0 || ex->opts.max_events > EXEC_EVENT_ID_MAX)
        ex->opts.max_events = EXEC_EVENT_ID_MAX;
    if (ex->opts.has_seed)
        rng_seed(&ex->random, ex->opts.seed);
    else if (!rng_seed_os(&ex->random))
        rng_seed(&ex->random, (uint64_t)ex->opts.start_time_ms ^ (uint64_t)(uintptr_t)ex);
    exec_init_token_stream(ex);
    exec_init_names(ex, &ex->opts);
    ex->start_ms = ex->clock_ms = ex->opts.start_time_ms;
    long timeout = asl_definition_timeout_seconds(def);
    ex->deadline_ms = timeout > 0 ? ex->start_ms + (int64_t)timeout * 1000 : 0;
    ex->execution_input = jv_ref(input);
    ex->context_base = exec_build_context_base(ex);
    ex->status = EXEC_RUNNING;
    exec_frame_new(ex, NULL, EXEC_FRAME_ROOT, 0, NULL, asl_definition_root(def)->start, input);
    ex->invocations = engine_calloc(asl_definition_state_count(def) + 1, sizeof *ex->invocations);
    exec_emit(ex, EV_EXECUTION_STARTED, NULL, input, NULL, NULL);
    return ex;
}

sfn_exec *exec_new(const asl_definition *def, const jv *input, const exec_options *opts)
{
    const engine_allocator *previous = engine_alloc_enter(opts ? opts->alloc : NULL);
    sfn_exec *ex = exec_create(def, input, opts);
    engine_alloc_leave(previous);
    return ex;
}

/* A visit's cleanup: what it holds (its memory is the records arena's). */
static void exec_visit_cleanup(exec_visit *v)
{
    const jv *input = v->slot[0];
    for (unsigned i = exec_stage_count(v->stages); i-- > 1;)
        if (v->slot[i] != input)   /* a stage that is the input holds no reference */
            exec_release_record(v->slot[i]);
    exec_visit_detail *d = (exec_visit_detail *)v->detail; /* the execution's own */
    for (int i = 0; d && d->stage_values && i < EXEC_STAGE_COUNT; i++)
        exec_release_record(d->stage_values[i]);
    exec_release_record(input);
    if (d) {
        engine_free(d->error);
        engine_free(d->cause);
        engine_free(d->task_source);
        engine_free(d->task_log);
        exec_release_record(d->assigned);
        engine_free(d->stage_values); /* their values: released above */
        engine_free(d);
    }
    exec_release_record(v->context_base);
    exec_release_record(v->variables);
    choice_explain_release((choice_explain *)exec_visit_choice(v)); /* its memory: the visit's */
}

/* chunkvec_each's cleanup of an element of ex->visits (a visit's address). */
static void exec_visit_cleanup_at(void *elem)
{
    exec_visit_cleanup(*(exec_visit **)elem);
}

/* chunkvec_each's cleanup of an event: most have no strings of their own. */
static void exec_event_cleanup(void *elem)
{
    exec_event *e = elem;
    exec_release_record(e->data);
    exec_event_detail *d = (exec_event_detail *)e->detail; /* the execution's own */
    if (!d)
        return;
    engine_free(d->error);
    engine_free(d->cause);
    engine_free(d->role_arn);
    engine_free(d->map_run_arn);
    engine_free(d->location);
    exec_release_record(d->assigned);
    engine_free(d);
}

static void exec_destroy(sfn_exec *ex)
{
    chunkvec_each(&ex->events, exec_event_cleanup);
    chunkvec_free(&ex->events);
    exec_jsonata_cache_free(ex->jsonata);
    chunkvec_each(&ex->visits, exec_visit_cleanup_at);
    chunkvec_free(&ex->visits);
    arena_free(ex->records, ex->opts.record_pool);
    for (size_t i = 0; i < ex->nframes; i++)
        exec_frame_free(ex->frames[i]);
    engine_free(ex->frames);
    engine_free(ex->spare_frame);
    for (size_t i = 0; i < ex->ntokens; i++)
        engine_free(ex->tokens[i].token);
    engine_free(ex->tokens);
    engine_free(ex->invocations);
    exec_children_free_all(ex);
    jv_unref(ex->execution_input);
    jv_unref(ex->context_base);
    jv_unref(ex->redrive_input);
    jv_unref(ex->output);
    engine_free(ex->error);
    engine_free(ex->cause);
    engine_free(ex->sm_name);
    engine_free(ex->exec_name);
    engine_free(ex->account);
    engine_free(ex->region);
    engine_free(ex->execution_arn);
    engine_free(ex->state_machine_arn);
    engine_free(ex->role_arn);
    engine_free(ex);
}

void exec_free(sfn_exec *ex)
{
    if (!ex)
        return;
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    exec_destroy(ex);
    engine_alloc_leave(previous);
}

/* ---- the data-flow pipeline ---- */


/* ---- stepping ---- */

bool exec_state_has_retry_count(const asl_state *s)
{
    return s->type == ASL_TASK || s->type == ASL_PARALLEL || s->type == ASL_MAP;
}

exec_visit *exec_new_visit(sfn_exec *ex, exec_frame *fr, const asl_state *s, long entered_id,
                           const jv *input)
{
    if (!ex->opts.record_visits)
        return NULL;
    /* The visit and its stages' slots, in the records arena (zeroed), and a Choice's room
     * for its explanation (exec_choice_explain_new) */
    unsigned stages = exec_stage_slots(s);
    size_t bytes = exec_visit_size(stages) +
                   (s->type == ASL_CHOICE ? choice_explain_size(&s->choice) : 0);
    exec_visit *v = arena_alloc(&ex->records, ex->opts.record_pool, bytes);
    *(exec_visit **)chunkvec_push(&ex->visits) = v;
    /* The input is held by the frame (its current input) and by the caller, so
     * jv_unshared_bytes would say 0 for it: not asked. What its nodes take is counted by
     * the record that made them (the state before's output, the execution's start). */
    exec_account(ex, bytes + sizeof v);
    v->stages = (uint16_t)stages;
    v->state = s;
    v->frame = (int32_t)fr->id;
    v->entered_event_id = (int32_t)entered_id; /* an event id: 32 bits (EXEC_EVENT_ID_MAX) */
    v->entered_ms = ex->clock_ms;
    v->slot[0] = jv_ref(input); /* every state has an input, its first stage */
    v->context_base = fr->context_base ? jv_ref(fr->context_base) : NULL;
    jv *vars = exec_variables_visible(ex, fr);
    if (vars)
        exec_account(ex, jv_unshared_bytes(vars));
    v->variables = vars;
    return v;
}

void exec_visits_truncate(sfn_exec *ex, size_t n)
{
    for (size_t i = n; i < chunkvec_len(&ex->visits); i++)
        exec_visit_cleanup(*(exec_visit **)chunkvec_at(&ex->visits, i));
    chunkvec_truncate(&ex->visits, n);
}

bool exec_advance_clock(sfn_exec *ex, int64_t ms)
{
    if (ex->deadline_ms && ex->clock_ms + ms >= ex->deadline_ms) {
        ex->clock_ms = ex->deadline_ms;
        exec_finish(ex, EXEC_TIMED_OUT, "States.Timeout", NULL);
        return false;
    }
    /* Only the virtual clock can get here (a start near year 9999, many long waits or
     * timeouts): no timestamp could be written after it. */
    if (ms > TIMEUTIL_MAX_MS - ex->clock_ms) {
        exec_finish(ex, EXEC_FAILED, "States.Runtime",
                    "The virtual clock cannot move past " TIMEUTIL_MAX_TEXT
                    ", the last instant a Step Functions timestamp can hold.");
        return false;
    }
    ex->clock_ms += ms;
    return true;
}

/* A child frame ends with the error of its last state; frame 0 ends the execution. */
static void exec_fail_frame(sfn_exec *ex, exec_frame *fr, exec_visit *visit, const asl_error *err)
{
    if (visit) {
        exec_visit_detail *d = exec_visit_detail_new(ex, visit);
        d->error = err->name ? engine_strdup(err->name) : NULL;
        d->cause = err->cause ? engine_strdup(err->cause) : NULL;
        exec_account_string(ex, d->error);
        exec_account_string(ex, d->cause);
    }
    if (fr->kind == EXEC_FRAME_ROOT) {
        exec_finish(ex, EXEC_FAILED, err->name, err->cause);
        return;
    }
    fr->status = EXEC_FRAME_FAILED;
    fr->error = err->name ? engine_strdup(err->name) : NULL;
    fr->cause = err->cause ? engine_strdup(err->cause) : NULL;
    fr->current = NULL;
}

/* The frame's last state succeeded: a child keeps its output, frame 0 ends the execution. */
static void exec_succeed_frame(sfn_exec *ex, exec_frame *fr, jv *output_take)
{
    if (fr->kind == EXEC_FRAME_ROOT) {
        exec_succeed(ex, output_take);
        return;
    }
    fr->status = EXEC_FRAME_SUCCEEDED;
    fr->output = output_take;
    fr->current = NULL;
}

/* After a successful state: leave it and move on, or end the frame. */
static void exec_leave_state(sfn_exec *ex, exec_frame *fr, const asl_state *s, exec_outcome *out,
                             const jv *assigned)
{
    long id = exec_emit(ex, EV_STATE_EXITED, s, out->output, NULL, NULL);
    if (!id) {
        jv_unref(out->output);
        return;
    }
    exec_event *e = assigned ? exec_last_event(ex, id) : NULL;
    if (e)
        exec_event_detail_new(ex, e)->assigned = jv_ref(assigned);
    if (!out->next) {
        exec_succeed_frame(ex, fr, out->output);
        return;
    }
    fr->current = out->next;
    jv_unref(fr->current_input);
    fr->current_input = out->output;
}

void exec_conclude(sfn_exec *ex, exec_ctx *f, exec_outcome *out, exec_step_result *r)
{
    exec_frame *fr = f->frame;
    jv *assigned = out->assigned;
    out->assigned = NULL;
    if (out->pending) {
        jv_unref(assigned);
        r->kind = out->pending;
        return;
    }
    if (out->output && assigned) {
        exec_variables_set(fr, assigned);
        if (f->visit)
            exec_visit_detail_new(ex, f->visit)->assigned = jv_ref(assigned);
    }
    if (out->output) {
        exec_record(f, EXEC_STAGE_OUTPUT, out->output);
        if (out->waited_ms && exec_advance_clock(ex, out->waited_ms))
            r->waited_ms += out->waited_ms;
        if (ex->status == EXEC_RUNNING)
            exec_leave_state(ex, fr, f->state, out, assigned);
        else
            jv_unref(out->output);
        r->kind = out->caught ? EXEC_STEP_CAUGHT : EXEC_STEP_STATE_DONE;
    } else if (ex->status == EXEC_RUNNING && fr->status == EXEC_FRAME_RUNNING) {
        exec_fail_frame(ex, fr, f->visit, f->err);
    }
    jv_unref(assigned);
    if (ex->status != EXEC_RUNNING) {
        r->kind = EXEC_STEP_FINISHED;
        exec_frames_drop_tasks(ex); /* e.g. the history limit ended it mid-task */
    } else if (fr->status != EXEC_FRAME_RUNNING) {
        r->kind = EXEC_STEP_FINISHED;
        exec_task_cleanup(&fr->task);
    }
}

exec_step_result exec_step(sfn_exec *ex)
{
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    exec_step_result r = exec_frame_step(ex, exec_frame_root(ex));
    engine_alloc_leave(previous);
    return r;
}

exec_status exec_run(sfn_exec *ex, long max_steps)
{
    for (long i = 0; ex->status == EXEC_RUNNING && (max_steps <= 0 || i < max_steps); i++)
        if (exec_step(ex).kind == EXEC_STEP_IN_FLIGHT)
            break;
    return ex->status;
}

bool exec_abort(sfn_exec *ex, const char *error, const char *cause)
{
    if (ex->status != EXEC_RUNNING)
        return false;
    exec_task_cancel(ex);
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    exec_finish(ex, EXEC_ABORTED, error, cause);
    engine_alloc_leave(previous);
    return true;
}

/* ---- accessors ---- */

exec_status exec_status_of(const sfn_exec *ex) { return ex->status; }
const asl_state *exec_current_state(const sfn_exec *ex) { return exec_frame_root(ex)->current; }
const jv *exec_current_input(const sfn_exec *ex) { return exec_frame_root(ex)->current_input; }
const jv *exec_output(const sfn_exec *ex) { return ex->output; }
const char *exec_error(const sfn_exec *ex) { return ex->error; }
const char *exec_cause(const sfn_exec *ex) { return ex->cause; }
int64_t exec_clock_ms(const sfn_exec *ex) { return ex->clock_ms; }
const char *exec_execution_arn(const sfn_exec *ex) { return ex->execution_arn; }
size_t exec_event_count(const sfn_exec *ex) { return chunkvec_len(&ex->events); }
const exec_event *exec_event_at(const sfn_exec *ex, size_t i)
{
    return chunkvec_at(&ex->events, i);
}
size_t exec_visit_count(const sfn_exec *ex) { return chunkvec_len(&ex->visits); }
const exec_visit *exec_visit_at(const sfn_exec *ex, size_t i)
{
    exec_visit *const *at = chunkvec_at(&ex->visits, i);
    return at ? *at : NULL;
}

static jv *exec_visit_context_of(const sfn_exec *ex, size_t i)
{
    const exec_visit *v = exec_visit_at(ex, i);
    if (!v)
        return jv_null();
    const asl_state *s = v->state;
    bool has_retry = exec_state_has_retry_count(s);
    const exec_frame *fr = exec_frame_of(ex, v->frame);
    const exec_task_state *t = fr ? &fr->task : NULL;
    const char *token = t && t->active && t->state == s && t->visit == (long)i && t->token[0]
                            ? t->token : NULL;
    long retries = has_retry ? exec_visit_details(v)->retries : -1;
    return exec_context_for(ex, v->context_base, s, v->entered_ms, retries, token);
}

jv *exec_visit_context(const sfn_exec *ex, size_t i)
{
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    jv *context = exec_visit_context_of(ex, i);
    engine_alloc_leave(previous);
    return context;
}

void exec_set_current_input(sfn_exec *ex, const jv *input)
{
    char err[120];
    exec_set_frame_input(ex, 0, input, err, sizeof err);
}
