/* Unit tests: states:startExecution as child executions (services/sfn_child.h) with
 * definitions from a lookup of the test's own: the child's tasks through the parent's
 * resolvers (a job in flight driven through the parent, cancel and free passed on), the
 * mock config kept to the parent, the StartExecution answer's metadata, the depth bound,
 * and the requests to real endpoints the child's tasks sent (answered at once or in
 * flight, a grandchild's too) carried in the parent's answer, for the debugger's list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "services/sfn_child.h"
#include "tap.h"

#define ARN "arn:aws:states:us-east-1:123456789012:stateMachine:"

typedef struct {
    const char *names[6];
    asl_definition *defs[6];
    int lookups;
} lookup_table;

static const asl_definition *test_lookup(void *user, const char *name, char *err, size_t n)
{
    lookup_table *t = user;
    t->lookups++;
    for (int i = 0; i < 6 && t->names[i]; i++)
        if (!strcmp(t->names[i], name))
            return t->defs[i];
    if (!strcmp(name, "unloadable"))
        snprintf(err, n, "unloadable.asl.json:1:1: broken");
    return NULL;
}

/* A job that answers {"slow": true} on its second progress call. */
typedef struct {
    int progress_calls, cancels, frees;
    bool immediate;      /* answer at once, not in flight */
    bool with_request;   /* the answer carries a request record, as an HTTP task's does */
} slow_job;

static void add_request(task_answer *out, const char *url)
{
    jv *rec = jv_object_set_take(jv_object(), "Method", jv_string("GET"));
    rec = jv_object_set_take(rec, "URL", jv_string(url));
    out->requests = jv_array_append_take(jv_array(), rec);
}

static size_t slow_fds(void *self, task_wait_fd *out, size_t max) { return 0; }
static int64_t slow_deadline(void *self) { return 42; }
static bool slow_progress(void *self, task_answer *out)
{
    slow_job *j = self;
    if (++j->progress_calls < 2)
        return false;
    out->kind = TASK_RESULT;
    out->result = jv_parse("{\"slow\": true}", 14, 0, NULL);
    if (j->with_request)
        add_request(out, "https://example.test/slow");
    return true;
}
static void slow_cancel(void *self) { ((slow_job *)self)->cancels++; }
static void slow_free(void *self) { ((slow_job *)self)->frees++; }
static const task_job_ops slow_ops = {slow_fds, slow_deadline, slow_progress, slow_cancel,
                                      slow_free};

/* Answers Lambda tasks: in flight with the slow job. */
static task_answer_kind slow_resolve(void *user, const task_call *call, task_answer *out)
{
    if (call->info.kind != ASL_RESOURCE_LAMBDA)
        return TASK_NO_ANSWER;
    slow_job *j = user;
    if (j && j->immediate) {
        out->kind = TASK_RESULT;
        out->result = jv_object();
        if (j->with_request)
            add_request(out, "https://example.test/now");
        return TASK_RESULT;
    }
    out->kind = TASK_IN_FLIGHT;
    out->job = (task_job){&slow_ops, user};
    return TASK_IN_FLIGHT;
}

/* What the parent's startExecution task was answered with: its request records (the
 * parent's resolver entry goes through capture_resolve; an answer in flight through a job
 * of capture's wrapped around the child's). */
static jv *captured;

typedef struct {
    task_job real;
} capture_job;

static void capture(const task_answer *out)
{
    jv_unref(captured);
    captured = out->requests ? jv_ref(out->requests) : NULL;
}
static size_t capture_fds(void *self, task_wait_fd *out, size_t max)
{
    capture_job *c = self;
    return c->real.ops->fds(c->real.self, out, max);
}
static int64_t capture_deadline(void *self)
{
    capture_job *c = self;
    return c->real.ops->deadline_ms(c->real.self);
}
static bool capture_progress(void *self, task_answer *out)
{
    capture_job *c = self;
    bool done = c->real.ops->progress(c->real.self, out);
    if (done)
        capture(out);
    return done;
}
static void capture_cancel(void *self)
{
    capture_job *c = self;
    c->real.ops->cancel(c->real.self);
}
static void capture_free(void *self)
{
    capture_job *c = self;
    c->real.ops->free(c->real.self);
    free(c);
}
static const task_job_ops capture_ops = {capture_fds, capture_deadline, capture_progress,
                                         capture_cancel, capture_free};

static task_answer_kind capture_resolve(void *user, const task_call *call, task_answer *out)
{
    task_answer_kind k = sfn_child_resolve(user, call, out);
    if (k == TASK_IN_FLIGHT) {
        capture_job *c = malloc(sizeof *c);
        c->real = out->job;
        out->job = (task_job){&capture_ops, c};
    } else if (k != TASK_NO_ANSWER) {
        capture(out);
    }
    return k;
}

/* "mock-config": answers every Lambda task at once. */
static task_answer_kind mock_resolve(void *user, const task_call *call, task_answer *out)
{
    if (call->info.kind != ASL_RESOURCE_LAMBDA)
        return TASK_NO_ANSWER;
    out->kind = TASK_RESULT;
    out->result = jv_parse("{\"mocked\": true}", 16, 0, NULL);
    return TASK_RESULT;
}

static const char *const lambda_child =
    "{\"StartAt\": \"L\", \"States\": {\"L\": {\"Type\": \"Task\", \"End\": true, "
    "\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:f\"}}}";

static char *parent_text(const char *pattern, const char *machine)
{
    char *t = malloc(600);
    snprintf(t, 600, "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Task\", "
             "\"Resource\": \"arn:aws:states:::states:startExecution%s\", \"Parameters\": "
             "{\"StateMachineArn\": \"" ARN "%s\"}, \"End\": true}}}", pattern, machine);
    return t;
}

typedef struct {
    asl_definition *def;
    sfn_children *children;
    task_resolver list[3];
    task_resolver parent_list[3];   /* list, with capture_resolve for the parent's own */
    sfn_exec *ex;
} parent_run;

/* The parent with resolvers {mock?, slow, children}. */
static void parent_start(parent_run *p, lookup_table *t, const char *pattern, const char *machine,
                         bool with_mock, slow_job *job, int64_t start_ms)
{
    char *text = parent_text(pattern, machine);
    p->def = defload(text);
    free(text);
    exec_options eo;
    exec_options_init(&eo);
    eo.state_machine_name = "parent";
    eo.execution_name = "p1";
    eo.has_seed = true;
    eo.seed = 7;
    eo.start_time_ms = start_ms;
    p->children = sfn_children_new(test_lookup, t, &eo);
    size_t n = 0;
    if (with_mock)
        p->list[n++] = (task_resolver){"mock-config", mock_resolve, NULL};
    p->list[n++] = (task_resolver){"slow", slow_resolve, job};
    p->list[n++] = (task_resolver){"workflows", sfn_child_resolve,
                                   sfn_children_user(p->children)};
    sfn_children_set_resolvers(p->children, p->list, n);
    memcpy(p->parent_list, p->list, sizeof p->list);
    p->parent_list[n - 1].resolve = capture_resolve;
    eo.resolvers = p->parent_list;
    eo.nresolvers = n;
    jv *input = jv_object();
    p->ex = exec_new(p->def, input, &eo);
    jv_unref(input);
}

static void parent_free(parent_run *p)
{
    exec_free(p->ex);
    sfn_children_free(p->children);
    asl_definition_free(p->def);
}

static char *output_text(const sfn_exec *ex)
{
    return exec_output(ex) ? jv_dump_string(exec_output(ex), 0) : strdup("(none)");
}

static void test_in_flight(lookup_table *t)
{
    slow_job job = {0};
    parent_run p;
    parent_start(&p, t, ".sync:2", "lambda-child", false, &job, 0);
    exec_step_result r = exec_step(p.ex);
    tap_is_int(r.kind, EXEC_STEP_IN_FLIGHT, "the child's task in flight puts the parent's in flight");
    tap_is_int(exec_task_deadline(p.ex), 42, "the parent's deadline is the child's job's");
    tap_ok(!exec_task_progress(p.ex), "the first progress: the child's job goes on");
    tap_ok(exec_task_progress(p.ex), "the second: the child's job answered, the child ended");
    exec_run(p.ex, 100);
    char *out = output_text(p.ex);
    tap_ok(strstr(out, "\"Output\":{\"slow\":true}") != NULL, "the child's output is the job's (%s)", out);
    free(out);
    tap_is_int(job.frees, 1, "the child's job was freed once");
    parent_free(&p);

    slow_job job2 = {0};
    parent_start(&p, t, ".sync", "lambda-child", false, &job2, 0);
    exec_step(p.ex);
    tap_ok(exec_task_cancel(p.ex), "cancel reaches the parent's task");
    tap_is_int(job2.cancels, 1, "and the child's job");
    parent_free(&p);

    slow_job job3 = {0};
    parent_start(&p, t, ".sync", "lambda-child", false, &job3, 0);
    exec_step(p.ex);
    parent_free(&p);
    tap_is_int(job3.frees, 1, "freeing the parent in flight frees the child's job");
}

static void test_mock_config_is_the_parents(lookup_table *t)
{
    slow_job job = {0};
    parent_run p;
    parent_start(&p, t, ".sync:2", "lambda-child", true, &job, 0);
    exec_step(p.ex);
    tap_ok(exec_task_progress(p.ex) || exec_task_progress(p.ex),
           "with a mock config, the child's task still goes to the other resolvers");
    exec_run(p.ex, 100);
    char *out = output_text(p.ex);
    tap_ok(strstr(out, "{\"slow\":true}") && !strstr(out, "mocked"),
           "the parent's mock config does not answer the child's states (%s)", out);
    free(out);
    parent_free(&p);
}

static void test_started(lookup_table *t)
{
    parent_run p;
    parent_start(&p, t, "", "pass-child", false, NULL, 1704164645123LL);
    exec_run(p.ex, 100);
    const jv *o = exec_output(p.ex);
    const jv *arn = o ? jv_object_get(o, "ExecutionArn") : NULL;
    tap_ok(arn && !strncmp(jv_string_value(arn),
                           "arn:aws:states:us-east-1:123456789012:execution:pass-child:", 59),
           "plain: the child's execution ARN");
    const jv *md = o ? jv_object_get(o, "SdkHttpMetadata") : NULL;
    const jv *h = md ? jv_object_get(md, "HttpHeaders") : NULL;
    const jv *len = h ? jv_object_get(h, "Content-Length") : NULL;
    char want[40];
    snprintf(want, sizeof want, "%zu", strlen("{\"executionArn\":\"\",\"startDate\":1.704164645123E9}") +
             (arn ? strlen(jv_string_value(arn)) : 0));
    tap_is_str(len ? jv_string_value(len) : "(none)", want,
               "Content-Length counts the start date as the API writes it");
    parent_free(&p);
}

static void test_errors(lookup_table *t)
{
    parent_run p;
    parent_start(&p, t, ".sync", "unloadable", false, NULL, 0);
    exec_run(p.ex, 100);
    tap_is_str(exec_error(p.ex), "States.Runtime", "a child that cannot be loaded: States.Runtime");
    tap_ok(exec_cause(p.ex) && strstr(exec_cause(p.ex), "unloadable.asl.json:1:1: broken"),
           "with the lookup's reason");
    parent_free(&p);
    parent_start(&p, t, ".sync", "self", false, NULL, 0);
    int before = t->lookups;
    exec_run(p.ex, 1000);
    tap_ok(exec_cause(p.ex) && strstr(exec_cause(p.ex), "nest deeper than 8"), "the depth bound");
    tap_is_int(t->lookups - before, SFN_CHILD_MAX_DEPTH, "reached after %d levels",
               SFN_CHILD_MAX_DEPTH);
    parent_free(&p);
}

/* The captured records as text ("(none)" when the answer had none). */
static char *captured_text(void)
{
    return captured ? jv_dump_string(captured, 0) : strdup("(none)");
}

static void test_child_requests(lookup_table *t)
{
    static const struct {
        const char *machine;
        bool immediate;
        const char *want, *what;
    } cases[] = {
        {"lambda-child", true, "[{\"Method\":\"GET\",\"URL\":\"https://example.test/now\","
         "\"ChildState\":\"L\"}]", "a child's task answered at once"},
        {"lambda-child", false, "[{\"Method\":\"GET\",\"URL\":\"https://example.test/slow\","
         "\"ChildState\":\"L\"}]", "a child's task answered in flight"},
        {"nested-child", false, "[{\"Method\":\"GET\",\"URL\":\"https://example.test/slow\","
         "\"ChildState\":\"L\"}]", "a grandchild's, with the grandchild's state"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        slow_job job = {.immediate = cases[i].immediate, .with_request = true};
        parent_run p;
        jv_unref(captured);
        captured = NULL;
        parent_start(&p, t, ".sync", cases[i].machine, false, &job, 0);
        exec_run(p.ex, 100);
        for (int guard = 0; exec_status_of(p.ex) == EXEC_RUNNING && guard < 10; guard++) {
            exec_task_progress(p.ex);
            exec_run(p.ex, 100);
        }
        tap_is_int(exec_status_of(p.ex), EXEC_SUCCEEDED, "%s: the parent succeeds", cases[i].what);
        char *text = captured_text();
        tap_is_str(text, cases[i].want, "%s: its request in the parent's answer", cases[i].what);
        free(text);
        parent_free(&p);
    }
    slow_job quiet = {.immediate = true};
    parent_run p;
    jv_unref(captured);
    captured = NULL;
    parent_start(&p, t, ".sync", "lambda-child", false, &quiet, 0);
    exec_run(p.ex, 100);
    char *text = captured_text();
    tap_is_str(text, "(none)", "a child that sent no request: none in the parent's answer");
    free(text);
    parent_free(&p);
    jv_unref(captured);
    captured = NULL;
}

static const char *const choice_child =
    "{\"StartAt\": \"C\", \"States\": {\"C\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": "
    "\"$.n\", \"NumericGreaterThan\": 1, \"Next\": \"W\"}], \"Default\": \"D\"}, "
    "\"W\": {\"Type\": \"Wait\", \"Seconds\": 30, \"Next\": \"L\"}, "
    "\"L\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:f\", "
    "\"End\": true}, \"D\": {\"Type\": \"Pass\", \"End\": true}}}";

/* The same events, by type and state, in the same order at the same times. */
static bool same_history(const sfn_exec *a, const sfn_exec *b)
{
    if (exec_event_count(a) != exec_event_count(b))
        return false;
    for (size_t i = 0; i < exec_event_count(a); i++) {
        const exec_event *x = exec_event_at(a, i), *y = exec_event_at(b, i);
        if (x->type != y->type || x->timestamp_ms != y->timestamp_ms ||
            (x->state != y->state))
            return false;
    }
    return true;
}

/* A child that ended is kept: executing its record again with the replay resolver gives the
 * same execution (its ARN, events, output) and asks no resolver. */
static void test_record_replay(lookup_table *t)
{
    slow_job job = {0};
    parent_run p;
    char text[600];
    snprintf(text, sizeof text, "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Task\", "
             "\"Resource\": \"arn:aws:states:::states:startExecution.sync:2\", \"Parameters\": "
             "{\"StateMachineArn\": \"" ARN "choice-child\", \"Input\": {\"n\": 5}}, \"End\": true}}}");
    p.def = NULL;
    parent_start(&p, t, ".sync:2", "choice-child", false, &job, 1704164645000LL);
    exec_free(p.ex);
    asl_definition_free(p.def);
    p.def = defload(text);
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 3;
    eo.start_time_ms = 1704164645000LL;
    eo.resolvers = p.list;
    eo.nresolvers = 2;
    jv *input = jv_object();
    p.ex = exec_new(p.def, input, &eo);
    jv_unref(input);
    for (int i = 0; i < 10 && exec_run(p.ex, 100) == EXEC_RUNNING; i++)
        exec_task_progress(p.ex);
    const jv *o = exec_output(p.ex);
    const jv *arn = o ? jv_object_get(o, "ExecutionArn") : NULL;
    tap_ok(arn != NULL, "the parent ended with the child's description");
    tap_ok(sfn_child_find(p.list, 2, "arn:aws:states:us-east-1:123456789012:execution:x:y") == NULL,
           "no record of an execution that never ran");
    const sfn_child_record *rec = sfn_child_find(p.list, 2, arn ? jv_string_value(arn) : "");
    tap_ok(rec != NULL, "the ended child is kept, found by its execution ARN");
    if (!rec) {
        parent_free(&p);
        return;
    }
    tap_is_str(rec->machine, "choice-child", "with its state machine's name");
    int calls = job.progress_calls;
    exec_options ro = rec->options;
    task_resolver replay = {"replay", sfn_child_replay_resolve, (void *)rec};
    ro.resolvers = &replay;
    ro.nresolvers = 1;
    sfn_exec *again = exec_new(rec->def, rec->input, &ro);
    tap_is_int(exec_run(again, 100), EXEC_SUCCEEDED, "the replay runs to its end at once");
    tap_is_str(exec_execution_arn(again), rec->execution_arn, "as the same execution (its ARN)");
    char *x = output_text(again), *y = output_text(rec->run);
    tap_is_str(x, y, "with the recorded output (%s)", x);
    tap_ok(strstr(x, "slow") != NULL, "the Choice took the task's way");
    free(x);
    free(y);
    tap_ok(same_history(again, rec->run), "the same events at the same times (the Wait, the task)");
    tap_is_int(job.progress_calls, calls, "and no resolver was asked");
    exec_free(again);
    parent_free(&p);
}

int main(void)
{
    char *self = parent_text(".sync", "self");
    char *nested = parent_text(".sync", "lambda-child");
    lookup_table t = {{"lambda-child", "pass-child", "self", "nested-child", "choice-child", NULL},
                      {defload(lambda_child),
                       defload("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", "
                               "\"End\": true}}}"),
                       defload(self), defload(nested), defload(choice_child), NULL},
                      0};
    free(self);
    free(nested);
    tap_ok(t.defs[0] && t.defs[1] && t.defs[2] && t.defs[3], "the test's child definitions load");
    test_in_flight(&t);
    test_mock_config_is_the_parents(&t);
    test_started(&t);
    test_errors(&t);
    test_child_requests(&t);
    test_record_replay(&t);
    for (int i = 0; i < 5; i++)
        asl_definition_free(t.defs[i]);
    return tap_done();
}
