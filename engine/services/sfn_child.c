/* sfn_child — states:startExecution as a child execution. See sfn_child.h. */
#include "services/sfn_child.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jv_text.h"
#include "rng.h"
#include "services/sfn_child_log.h"
#include "services/sfn_registry.h"
#include "services/sfn_requests.h"
#include "services/svc_common.h"
#include "services/svc_meta.h"

#define SFN_ARN_MAX 256
#define SFN_NAME_MAX 80

typedef struct sfn_level {
    sfn_children *owner;
    int depth;                       /* 0: the parent's own tasks */
    task_resolver *resolvers;        /* what this level's children are asked */
    size_t nresolvers;
} sfn_level;

struct sfn_children {
    sfn_child_lookup_fn lookup;
    void *lookup_user;
    exec_options base;
    sfn_level levels[SFN_CHILD_MAX_DEPTH + 1];
    sfn_registry *registry;          /* names taken, tokens of waiting parents */
    sfn_child_log *log;              /* the children that ended */
};

/* One child execution, from its start to the parent's answer. */
typedef struct {
    sfn_exec *ex;
    sfn_children *owner;
    const asl_definition *def;
    exec_options eo;                 /* as the child started (its log record; no names) */
    bool named;                      /* the request gave the execution's Name */
    asl_resource_pattern pattern;
    char machine_arn[SFN_ARN_MAX + 1];
    char request_id[37];
    int64_t start_ms;
    int64_t timeout_ms;              /* the parent's task's TimeoutSeconds; 0: none */
    jv *input;
    sfn_registry *registry;
    char name_key[2 * SFN_ARN_MAX + 2];   /* "MACHINE:NAME" of a named child, or "" */
    char *token;                     /* .waitForTaskToken: the parent's token */
    sfn_requests *requests;          /* the child's resolvers, gathering its requests */
} sfn_run;

static const svc_names sfn_names = {"StepFunctions", "AWSStepFunctions",
                                    "AWSStepFunctionsException", "Sfn", "Sfn", "SfnException"};

sfn_children *sfn_children_new(sfn_child_lookup_fn lookup, void *lookup_user,
                               const exec_options *base)
{
    sfn_children *c = engine_malloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->lookup = lookup;
    c->lookup_user = lookup_user;
    c->base = *base;
    c->registry = sfn_registry_new();
    c->log = sfn_child_log_new();
    for (int d = 0; d <= SFN_CHILD_MAX_DEPTH; d++) {
        c->levels[d].owner = c;
        c->levels[d].depth = d;
    }
    return c;
}

void sfn_children_set_resolvers(sfn_children *c, const task_resolver *list, size_t n)
{
    for (int d = 0; d <= SFN_CHILD_MAX_DEPTH; d++) {
        sfn_level *lv = &c->levels[d];
        engine_free(lv->resolvers);
        lv->resolvers = engine_malloc((n ? n : 1) * sizeof *lv->resolvers);
        lv->nresolvers = 0;
        for (size_t i = 0; i < n; i++) {
            if (list[i].name && !strcmp(list[i].name, "mock-config"))
                continue;
            task_resolver r = list[i];
            if (r.resolve == sfn_child_resolve)
                r.user = &c->levels[d < SFN_CHILD_MAX_DEPTH ? d + 1 : d];
            lv->resolvers[lv->nresolvers++] = r;
        }
    }
}

void *sfn_children_user(sfn_children *c)
{
    return &c->levels[0];
}

void sfn_children_free(sfn_children *c)
{
    if (!c)
        return;
    for (int d = 0; d <= SFN_CHILD_MAX_DEPTH; d++)
        engine_free(c->levels[d].resolvers);
    sfn_registry_free(c->registry);
    sfn_child_log_free(c->log);
    engine_free(c);
}

static sfn_children *sfn_children_of(const task_resolver *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].resolve == sfn_child_resolve && list[i].user)
            return ((sfn_level *)list[i].user)->owner;
    return NULL;
}

const sfn_child_record *sfn_child_find(const task_resolver *list, size_t n,
                                       const char *execution_arn)
{
    sfn_children *c = sfn_children_of(list, n);
    return c && execution_arn ? sfn_child_log_find(c->log, execution_arn) : NULL;
}

void sfn_child_forget(const task_resolver *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].resolve == sfn_child_resolve && list[i].user)
            sfn_registry_clear(((sfn_level *)list[i].user)->owner->registry);
}

/* ---- the answers' shapes ---- */

static const char *sfn_exec_name(const sfn_exec *ex)
{
    const char *arn = exec_execution_arn(ex);
    const char *colon = strrchr(arn, ':');
    return colon ? colon + 1 : arn;
}

/* Input and Output are JSON text for .sync (and failures' causes), JSON for .sync:2. */
static jv *sfn_data(const jv *v, bool as_json)
{
    if (as_json)
        return jv_ref(v);
    char *text = jv_dump_string(v, 0);
    jv *s = jv_string(text);
    engine_free(text);
    return s;
}

/* DescribeExecution as the .sync integrations show it (keys in AWS's order). */
static jv *sfn_describe(const sfn_run *run, bool as_json)
{
    const sfn_exec *ex = run->ex;
    exec_status st = exec_status_of(ex);
    jv *d = jv_object();
    if (st != EXEC_SUCCEEDED && exec_cause(ex))
        d = jv_object_set_take(d, "Cause", jv_string(exec_cause(ex)));
    if (st != EXEC_SUCCEEDED && exec_error(ex))
        d = jv_object_set_take(d, "Error", jv_string(exec_error(ex)));
    d = jv_object_set_take(d, "ExecutionArn", jv_string(exec_execution_arn(ex)));
    d = jv_object_set_take(d, "Input", sfn_data(run->input, as_json));
    d = jv_object_set_take(d, "InputDetails",
                           jv_object_set_take(jv_object(), "Included", jv_bool(true)));
    d = jv_object_set_take(d, "Name", jv_string(sfn_exec_name(ex)));
    if (st == EXEC_SUCCEEDED) {
        d = jv_object_set_take(d, "Output", sfn_data(exec_output(ex), as_json));
        d = jv_object_set_take(d, "OutputDetails",
                               jv_object_set_take(jv_object(), "Included", jv_bool(true)));
    }
    d = jv_object_set_take(d, "StartDate", jv_number((double)run->start_ms));
    d = jv_object_set_take(d, "StateMachineArn", jv_string(run->machine_arn));
    d = jv_object_set_take(d, "Status", jv_string(exec_status_name(st)));
    return jv_object_set_take(d, "StopDate", jv_number((double)exec_clock_ms(ex)));
}

/* The API's timestamp as the service writes it: epoch seconds as Java prints a double
 * ("1.704164645123E9"; "%.3f" style below 10^7 s). Returns its length. */
static size_t sfn_api_seconds(int64_t ms, char *out, size_t n)
{
    if (ms < 10000000000LL)
        return (size_t)snprintf(out, n, "%.1f", (double)ms / 1000.0);
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)ms);
    int exp = len - 4;   /* the seconds' digits before the point, less one */
    while (len > 2 && digits[len - 1] == '0')
        digits[--len] = '\0';
    return (size_t)snprintf(out, n, "%c.%sE%d", digits[0], digits + 1, exp);
}

/* StartExecution's answer: ExecutionArn and StartDate with the SDK's HTTP metadata; the
 * Content-Length is that of the API's body, {"executionArn":...,"startDate":SECONDS}. */
static jv *sfn_started_of(const char *arn, int64_t start_ms, const char *request_id,
                          int64_t now_ms)
{
    char secs[40];
    size_t n = sfn_api_seconds(start_ms, secs, sizeof secs);
    size_t body = strlen("{\"executionArn\":\"\",\"startDate\":}") + strlen(arn) + n;
    jv *res = jv_object_set_take(jv_object(), "ExecutionArn", jv_string(arn));
    res = jv_object_set_take(res, "StartDate", jv_number((double)start_ms));
    svc_http h = {"application/x-amz-json-1.0", request_id, "x-amzn-RequestId", body,
                  false, 0, false, "connection"};
    return svc_with_metadata(res, &h, now_ms, NULL);
}

static jv *sfn_started(const sfn_run *run)
{
    return sfn_started_of(exec_execution_arn(run->ex), run->start_ms, run->request_id,
                          run->start_ms);
}

/* .waitForTaskToken: what the child sent for the parent's token (final), or StartExecution's
 * answer, after which the parent waits for its token. */
static task_answer_kind sfn_callback_answer(const sfn_run *run, task_answer *out)
{
    jv *sent = sfn_registry_token_take(run->registry, run->token);
    if (!sent) {
        out->kind = TASK_RESULT;
        out->result = sfn_started(run);
        return TASK_RESULT;
    }
    out->final = true;
    out->submitted = sfn_started(run);   /* TaskSubmitted, then the token's answer */
    out->elapsed_ms = (int64_t)jv_number_value(jv_object_get(sent, "At")) - run->start_ms;
    const jv *output = jv_object_get(sent, "Output");
    if (output) {
        const char *text = jv_string_value(output);
        out->kind = TASK_RESULT;
        out->result = jv_parse(text, strlen(text), 0, NULL);
    } else {
        const jv *e = jv_object_get(sent, "Error"), *c = jv_object_get(sent, "Cause");
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, jv_is_string(e) ? jv_string_value(e) : "", "%s",
                      jv_is_string(c) ? jv_string_value(c) : "");
    }
    jv_unref(sent);
    return out->kind;
}

/* The parent's answer once the child ended, with the requests its tasks sent. */
static task_answer_kind sfn_answer(const sfn_run *run, task_answer *out)
{
    jv *recs = sfn_requests_take(run->requests);
    if (recs) {
        if (!out->requests)
            out->requests = jv_array();
        for (size_t i = 0; i < jv_array_length(recs); i++)
            out->requests = jv_array_append(out->requests, jv_array_get(recs, i));
        jv_unref(recs);
    }
    if (run->pattern == ASL_PATTERN_WAIT_FOR_TASK_TOKEN)
        return sfn_callback_answer(run, out);
    if (run->pattern == ASL_PATTERN_REQUEST_RESPONSE) {
        out->kind = TASK_RESULT;
        out->result = sfn_started(run);
        return TASK_RESULT;
    }
    out->submitted = sfn_started(run);   /* the history's TaskSubmitted output */
    bool as_json = run->pattern == ASL_PATTERN_SYNC2;
    jv *d = sfn_describe(run, as_json);
    out->elapsed_ms = exec_clock_ms(run->ex) - run->start_ms;   /* the parent waited */
    if (run->timeout_ms > 0 && out->elapsed_ms > run->timeout_ms) {
        jv_unref(d);   /* the parent's task timed out before the child ended */
        out->elapsed_ms = run->timeout_ms;
        return out->kind = TASK_TIMEOUT;
    }
    if (exec_status_of(run->ex) == EXEC_SUCCEEDED) {
        out->kind = TASK_RESULT;
        out->result = d;
        return TASK_RESULT;
    }
    char *text = jv_dump_string(d, 0);
    jv_unref(d);
    out->kind = TASK_ERROR;
    asl_error_set(&out->error, "States.TaskFailed", "%s", text);
    engine_free(text);
    return TASK_ERROR;
}

/* ---- running the child ---- */

/* Steps the child until it ends (true) or a task of it goes in flight (false). A task
 * waiting for its token times out, as in a headless run: nothing can send it. */
static bool sfn_drive(sfn_run *run)
{
    while (exec_status_of(run->ex) == EXEC_RUNNING) {
        exec_step_result r = exec_step(run->ex);
        if (r.kind == EXEC_STEP_IN_FLIGHT)
            return false;
        if (r.kind == EXEC_STEP_WAITING && !exec_expire_wait(run->ex))
            exec_abort(run->ex, "States.Runtime",
                       "a task of the child execution waits for its task token, which nothing "
                       "can send to a child execution");
    }
    return true;
}

static void sfn_run_free(sfn_run *run)
{
    if (!run)
        return;
    if (run->name_key[0])
        sfn_registry_name_close(run->registry, run->name_key);
    if (run->token)
        jv_unref(sfn_registry_token_take(run->registry, run->token));
    engine_free(run->token);
    if (run->ex && exec_status_of(run->ex) != EXEC_RUNNING)
        sfn_child_log_add(run->owner->log, run->def, run->input, &run->eo, run->named, run->ex);
    else
        exec_free(run->ex);
    sfn_requests_free(run->requests);   /* after the execution: its jobs point to it */
    jv_unref(run->input);
    engine_free(run);
}

static size_t sfn_job_fds(void *self, task_wait_fd *out, size_t max)
{
    return exec_task_fds(((sfn_run *)self)->ex, out, max);
}

static int64_t sfn_job_deadline(void *self)
{
    return exec_task_deadline(((sfn_run *)self)->ex);
}

static bool sfn_job_progress(void *self, task_answer *out)
{
    sfn_run *run = self;
    if (!exec_task_progress(run->ex) || !sfn_drive(run))
        return false;
    sfn_answer(run, out);
    return true;
}

static void sfn_job_cancel(void *self)
{
    exec_task_cancel(((sfn_run *)self)->ex);
}

static void sfn_job_free(void *self)
{
    sfn_run_free(self);
}

static const task_job_ops sfn_job_ops = {sfn_job_fds, sfn_job_deadline, sfn_job_progress,
                                         sfn_job_cancel, sfn_job_free};

/* ---- the request ---- */

/* The state machine's name in "arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME"
 * (optionally ":VERSION-OR-ALIAS"), into name; false when arn is not one. */
static bool sfn_machine_name(const char *arn, char *name, size_t n)
{
    const char *p = strstr(arn, ":stateMachine:");
    if (strncmp(arn, "arn:", 4) || !p)
        return false;
    p += strlen(":stateMachine:");
    size_t len = strcspn(p, ":");
    if (len == 0 || len >= n)
        return false;
    memcpy(name, p, len);
    name[len] = '\0';
    return true;
}

/* AWS's execution names: 1 to 80 characters, no blank, control or reserved character. */
static bool sfn_name_ok(const char *name)
{
    static const char reserved[] = "<>{}[]?*\"#%\\^|~`$&,;:/";
    size_t len = strlen(name);
    if (len < 1 || len > SFN_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (ch <= ' ' || ch == 0x7f || strchr(reserved, ch))
            return false;
    }
    return true;
}

typedef struct {
    const task_call *call;
    task_answer *out;
    const sfn_level *level;
    char request_id[37];
} sfn_request;

static task_answer_kind sfn_fail(sfn_request *q, const char *exception, const char *code,
                                 const char *message)
{
    return svc_fail(q->out, &sfn_names, false, exception, 400, code, q->request_id, message);
}

/* The child's input: Input as JSON text, or as JSON; none or null is {}. */
static jv *sfn_input(sfn_request *q, task_answer_kind *k)
{
    const jv *in = svc_param(q->call, "Input");
    if (!in || jv_is_null(in))
        return jv_object();
    if (!jv_is_string(in))
        return jv_ref(in);
    jv_parse_error perr;
    const char *text = jv_string_value(in);
    jv *v = jv_parse(text, strlen(text), 0, &perr);
    if (!v) {
        char msg[300];
        snprintf(msg, sizeof msg, "Invalid State Machine Execution Input: '%d:%d: %s'",
                 perr.line, perr.column, perr.message);
        *k = sfn_fail(q, "InvalidExecutionInputException", "InvalidExecutionInput", msg);
    }
    return v;
}

/* The checked parameters: the machine's ARN and name, the execution name (or NULL). */
static bool sfn_params(sfn_request *q, const char **arn, char *machine, size_t n,
                       const char **name, task_answer_kind *k)
{
    const jv *a = svc_param(q->call, "StateMachineArn");
    const jv *nm = svc_param(q->call, "Name");
    char msg[SFN_ARN_MAX + 100];
    if (!a || !jv_is_string(a)) {
        *k = sfn_fail(q, "InvalidArnException", "InvalidArn",
                      "Invalid Arn: 'StateMachineArn' must be a string");
        return false;
    }
    *arn = jv_string_value(a);
    if (strlen(*arn) > SFN_ARN_MAX || !sfn_machine_name(*arn, machine, n)) {
        snprintf(msg, sizeof msg, "Invalid Arn: '%.*s'", SFN_ARN_MAX, *arn);
        *k = sfn_fail(q, "InvalidArnException", "InvalidArn", msg);
        return false;
    }
    *name = nm && jv_is_string(nm) ? jv_string_value(nm) : NULL;
    if ((nm && !jv_is_null(nm) && !*name) || (*name && !sfn_name_ok(*name))) {
        snprintf(msg, sizeof msg, "Invalid Name: '%.80s'", *name ? *name : "(not a string)");
        *k = sfn_fail(q, "InvalidNameException", "InvalidName", msg);
        return false;
    }
    return true;
}

/* The definition of machine; NULL after filling the answer. */
static const asl_definition *sfn_definition(sfn_request *q, const char *arn, const char *machine,
                                            task_answer_kind *k)
{
    sfn_children *c = q->level->owner;
    char err[512] = "";
    const asl_definition *def = c->lookup(c->lookup_user, machine, err, sizeof err);
    if (def)
        return def;
    if (err[0]) {
        *k = q->out->kind = TASK_ERROR;
        asl_error_set(&q->out->error, "States.Runtime", "the child workflow '%s' cannot be "
                      "started: %s", machine, err);
        return NULL;
    }
    char msg[3 * SFN_ARN_MAX + 200];
    snprintf(msg, sizeof msg, "State Machine Does Not Exist: '%s' (sfdbg: no %s.asl.json or "
             "%s.json in --workflows)", arn, machine, machine);
    *k = sfn_fail(q, "StateMachineDoesNotExistException", "StateMachineDoesNotExist", msg);
    return NULL;
}

/* A named child: StartExecution's rules for a name used before (sfn_registry.h). Returns
 * false after answering (the first execution's answer again, or ExecutionAlreadyExists);
 * else the name is taken for this run (run->name_key). */
static bool sfn_name_free(sfn_request *q, sfn_run *run, const char *machine, const char *name,
                          task_answer_kind *k)
{
    const exec_options *base = &q->level->owner->base;
    if (!name || base->express)
        return true;   /* Express executions' names need not be unique */
    char arn[3 * SFN_ARN_MAX];
    snprintf(arn, sizeof arn, "arn:aws:states:%s:%s:execution:%s:%s",
             base->region ? base->region : "us-east-1",
             base->account ? base->account : "123456789012", machine, name);
    snprintf(run->name_key, sizeof run->name_key, "%s:%s", machine, name);
    char *text = jv_dump_string(run->input, 0);
    int64_t first_ms = 0;
    const char *first_arn = NULL;
    sfn_name_use use = sfn_registry_name(run->registry, run->name_key, text, q->call->now_ms,
                                         &first_ms, &first_arn);
    bool again = use == SFN_NAME_SAME_OPEN && run->pattern == ASL_PATTERN_REQUEST_RESPONSE;
    if (again) {
        q->out->kind = *k = TASK_RESULT;   /* idempotent: nothing new runs */
        q->out->result = sfn_started_of(first_arn, first_ms, q->request_id, q->call->now_ms);
    } else if (use != SFN_NAME_FREE) {
        char msg[4 * SFN_ARN_MAX];
        snprintf(msg, sizeof msg, "Execution Already Exists: '%s'", arn);
        *k = sfn_fail(q, "ExecutionAlreadyExistsException", "ExecutionAlreadyExists", msg);
    } else {
        sfn_registry_name_add(run->registry, run->name_key, text, arn, q->call->now_ms);
    }
    engine_free(text);
    if (use != SFN_NAME_FREE)
        run->name_key[0] = '\0';   /* not this run's to close */
    return use == SFN_NAME_FREE;
}

static task_answer_kind sfn_start(sfn_request *q)
{
    task_answer_kind k = TASK_ERROR;
    const char *arn, *name;
    char machine[SFN_ARN_MAX + 1];
    if (!sfn_params(q, &arn, machine, sizeof machine, &name, &k))
        return k;
    const asl_definition *def = sfn_definition(q, arn, machine, &k);
    if (!def)
        return k;
    jv *input = sfn_input(q, &k);
    if (!input)
        return k;
    const sfn_level *lv = q->level;
    exec_options eo = lv->owner->base;
    eo.state_machine_name = machine;
    eo.execution_name = name;
    eo.start_time_ms = q->call->now_ms;
    eo.has_seed = true;
    eo.seed = q->call->random ? rng_next(q->call->random) : 0;
    eo.defer_unanswered = false;
    eo.activities = NULL; /* no worker polls a child: its activity Tasks are as in run */
    sfn_run *run = engine_malloc(sizeof *run);
    memset(run, 0, sizeof *run);
    run->requests = sfn_requests_new(lv->resolvers, lv->nresolvers);
    eo.resolvers = sfn_requests_resolvers(run->requests);
    eo.nresolvers = lv->nresolvers;
    run->pattern = q->call->info.pattern;
    run->owner = lv->owner;
    run->def = def;
    run->eo = eo;
    run->eo.state_machine_name = NULL;   /* the log takes them from the execution */
    run->eo.execution_name = NULL;
    run->named = name != NULL;
    snprintf(run->machine_arn, sizeof run->machine_arn, "%s", arn);
    memcpy(run->request_id, q->request_id, sizeof run->request_id);
    run->start_ms = q->call->now_ms;
    if (q->call->has_timeout && q->call->timeout_seconds > 0)
        run->timeout_ms = (int64_t)q->call->timeout_seconds * 1000;
    run->input = input;
    run->registry = lv->owner->registry;
    if (!sfn_name_free(q, run, machine, name, &k)) {
        sfn_run_free(run);
        return k;
    }
    if (run->pattern == ASL_PATTERN_WAIT_FOR_TASK_TOKEN && q->call->task_token) {
        run->token = engine_strdup(q->call->task_token);
        sfn_registry_token_wait(run->registry, run->token);
    }
    run->ex = exec_new(def, input, &eo);
    if (!sfn_drive(run)) {
        q->out->kind = TASK_IN_FLIGHT;
        q->out->job = (task_job){&sfn_job_ops, run};
        return TASK_IN_FLIGHT;
    }
    k = sfn_answer(run, q->out);
    sfn_run_free(run);
    return k;
}

/* ---- a child's aws-sdk:sfn:sendTaskSuccess / sendTaskFailure / sendTaskHeartbeat ---- */

enum { SFN_SEND_SUCCESS, SFN_SEND_FAILURE, SFN_SEND_HEARTBEAT, SFN_SEND_NONE };

/* The token's outcome from the task's parameters (Output must be JSON text); false after
 * answering with the SDK's error. */
static bool sfn_send_params(sfn_request *q, int action, const char **token, const char **output,
                            const char **error, const char **cause, task_answer_kind *k)
{
    const jv *t = svc_param(q->call, "TaskToken"), *o = svc_param(q->call, "Output");
    const jv *e = svc_param(q->call, "Error"), *c = svc_param(q->call, "Cause");
    *token = t && jv_is_string(t) ? jv_string_value(t) : NULL;
    *output = o && jv_is_string(o) ? jv_string_value(o) : NULL;
    *error = e && jv_is_string(e) ? jv_string_value(e) : NULL;
    *cause = c && jv_is_string(c) ? jv_string_value(c) : NULL;
    const char *bad = !*token ? "taskToken" : action == SFN_SEND_SUCCESS && !*output ? "output"
                    : NULL;
    if (bad) {
        char msg[160];
        snprintf(msg, sizeof msg, "1 validation error detected: Value null at '%s' failed to "
                 "satisfy constraint: Member must not be null", bad);
        *k = svc_fail(q->out, &sfn_names, true, NULL, 400, "ValidationException", q->request_id,
                      msg);
        return false;
    }
    jv *parsed = *output ? jv_parse(*output, strlen(*output), 0, NULL) : NULL;
    jv_unref(parsed);
    if (*output && !parsed) {
        *k = svc_fail(q->out, &sfn_names, true, "InvalidOutputException", 400, "InvalidOutput",
                      q->request_id, "Invalid Output: the output is not JSON");
        return false;
    }
    return true;
}

/* Answers a child's send of a waiting parent's token ({}, as SendTask* answers); a token
 * no parent here waits for is left to the other resolvers (--endpoint-url, a mock). */
static task_answer_kind sfn_send(sfn_request *q, int action)
{
    const char *token, *output, *error, *cause;
    task_answer_kind k = TASK_ERROR;
    if (!sfn_send_params(q, action, &token, &output, &error, &cause, &k))
        return k;
    sfn_registry *reg = q->level->owner->registry;
    sfn_token_send sent = SFN_TOKEN_SENT;
    if (action == SFN_SEND_HEARTBEAT) {
        sent = sfn_registry_token_peek(reg, token);   /* a heartbeat changes nothing here */
    } else {
        sent = sfn_registry_token_send(reg, token, action == SFN_SEND_SUCCESS ? output : NULL,
                                       error, cause, q->call->now_ms);
    }
    if (sent == SFN_TOKEN_UNKNOWN)
        return TASK_NO_ANSWER;
    if (sent == SFN_TOKEN_DONE)
        return svc_fail(q->out, &sfn_names, true, "TaskTimedOutException", 400, "TaskTimedOut",
                        q->request_id, "Task Timed Out: 'Provided task does not exist anymore'");
    q->out->kind = TASK_RESULT;
    q->out->result = jv_object();
    return TASK_RESULT;
}

static int sfn_send_action(const asl_resource_info *info)
{
    static const svc_action actions[] = {{"sendTaskSuccess", SFN_SEND_SUCCESS, true},
                                         {"sendTaskFailure", SFN_SEND_FAILURE, true},
                                         {"sendTaskHeartbeat", SFN_SEND_HEARTBEAT, true}};
    bool sdk;
    return svc_action_find(info, "", "aws-sdk:sfn", actions, 3, &sdk, SFN_SEND_NONE);
}

task_answer_kind sfn_child_resolve(void *user, const task_call *call, task_answer *out)
{
    const asl_resource_info *info = &call->info;
    const sfn_level *level = user;
    int send = level->depth > 0 ? sfn_send_action(info) : SFN_SEND_NONE;
    if (send != SFN_SEND_NONE) {
        sfn_request sq = {call, out, level, ""};
        svc_uuid(call, sq.request_id);
        task_answer_kind k = sfn_send(&sq, send);
        if (k != TASK_NO_ANSWER)
            out->source = engine_strdup("the parent execution waiting for the task token");
        return k;
    }
    if (info->kind != ASL_RESOURCE_OPTIMIZED || info->service_len != 6 ||
        memcmp(info->service, "states", 6) || info->action_len != 14 ||
        memcmp(info->action, "startExecution", 14))
        return TASK_NO_ANSWER;
    sfn_request q = {call, out, user, ""};
    svc_uuid(call, q.request_id);
    out->final = false;
    char source[120];
    snprintf(source, sizeof source, "a child execution (--workflows, depth %d)",
             q.level->depth + 1);
    out->source = engine_strdup(source);
    if (q.level->depth >= SFN_CHILD_MAX_DEPTH) {
        asl_error_set(&out->error, "States.Runtime", "child executions nest deeper than %d "
                      "(a workflow in --workflows that starts itself, directly or not?)",
                      SFN_CHILD_MAX_DEPTH);
        return out->kind = TASK_ERROR;
    }
    return sfn_start(&q);
}
