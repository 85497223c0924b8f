/*
 * test_frames — the engine's frame API (exec.h, frames): stepping into a Map's iteration
 * and a Parallel's branch one transition at a time, finishing a child, a task waiting for
 * its answer inside an iteration (exec_step stops there and resumes), and deep nesting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "strbuf.h"
#include "tap.h"

static const char *const MAP_DEF =
    "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
    "\"ItemProcessor\":{\"StartAt\":\"A\",\"States\":{"
    "\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},\"B\":{\"Type\":\"Pass\",\"End\":true}}},"
    "\"End\":true}}}";

static sfn_exec *start(const asl_definition *def, const char *input, bool defer)
{
    exec_options o;
    exec_options_init(&o);
    o.has_seed = true;
    o.seed = 7;
    o.defer_unanswered = defer;
    jv *in = jv_parse(input, strlen(input), 0, NULL);
    sfn_exec *ex = exec_new(def, in, &o);
    jv_unref(in);
    return ex;
}

static void check_output(const sfn_exec *ex, const char *want, const char *what)
{
    char *got = exec_output(ex) ? jv_dump_string(exec_output(ex), 0) : strdup("(none)");
    tap_is_str(got, want, "%s", what);
    free(got);
}

static void finish(sfn_exec *ex, asl_definition *def)
{
    exec_free(ex);
    asl_definition_free(def);
}

static void test_step_into_map(void)
{
    asl_definition *def = defload(MAP_DEF);
    sfn_exec *ex = start(def, "{\"items\":[10,20]}", false);
    exec_frame_info info;
    tap_ok(exec_frame_get(ex, 0, &info) && info.kind == EXEC_FRAME_ROOT && info.parent == -1,
           "frame 0 is the execution");
    tap_is_int(exec_frame_child(ex, 0), -1, "no child before the Map starts");
    exec_step_result r = exec_step_into(ex, 0);
    tap_is_int(r.kind, EXEC_STEP_ENTERED, "step into the Map stops once it started");
    long child = exec_frame_child(ex, 0);
    tap_ok(child > 0 && exec_frame_get(ex, child, &info), "its first iteration is live");
    tap_is_int(info.kind, EXEC_FRAME_MAP_ITERATION, "an iteration frame");
    tap_is_int(info.index, 0, "iteration 0 first");
    tap_is_str(info.state ? info.state->name : "-", "A", "about to run A");
    r = exec_step_frame(ex, child);
    tap_is_int(r.kind, EXEC_STEP_STATE_DONE, "one transition inside the iteration");
    tap_ok(exec_frame_get(ex, child, &info) && info.state && !strcmp(info.state->name, "B"),
           "the iteration moved to B");
    const exec_visit *v = exec_visit_at(ex, (size_t)r.visit);
    tap_ok(v && v->frame == child, "the visit names its frame");
    r = exec_step_frame(ex, child);
    tap_is_int(r.kind, EXEC_STEP_FINISHED, "the iteration's last state ends its frame");
    tap_ok(!exec_frame_get(ex, child, &info), "an ended iteration is no longer live");
    long next = exec_frame_child(ex, 0);
    tap_ok(next > child && exec_frame_get(ex, next, &info) && info.index == 1,
           "iteration 1 is live next");
    r = exec_finish_frame(ex, next);
    tap_is_int(r.kind, EXEC_STEP_FINISHED, "finishing iteration 1 runs it to its end");
    tap_is_int(exec_status_of(ex), EXEC_RUNNING, "the Map state has not concluded yet");
    r = exec_step(ex);
    tap_is_int(exec_status_of(ex), EXEC_SUCCEEDED, "the next step at the top concludes it");
    check_output(ex, "[10,20]", "results in item order");
    finish(ex, def);
}

/* exec_set_frame_input: a live iteration's state about to run takes the new input; a frame
 * whose Parallel/Map is in progress, one that ended, and an ended execution refuse, saying why. */
static void test_frame_input(void)
{
    asl_definition *def = defload(MAP_DEF);
    sfn_exec *ex = start(def, "{\"items\":[10,20]}", false);
    char err[80];
    exec_step_into(ex, 0);
    long child = exec_frame_child(ex, 0);
    tap_ok(!exec_set_frame_input(ex, 0, jv_null(), err, sizeof err), "frame 0's Map has started");
    tap_is_str(err, "its state has started", "... said so");
    jv *v = jv_number(11);
    tap_ok(exec_set_frame_input(ex, child, v, err, sizeof err), "iteration 0's input replaced");
    jv_unref(v);
    exec_frame_info info;
    tap_ok(exec_frame_get(ex, child, &info) && jv_is_number(info.input) &&
               jv_number_value(info.input) == 11, "the frame shows it");
    exec_finish_frame(ex, child);
    tap_ok(!exec_set_frame_input(ex, child, jv_null(), err, sizeof err), "an ended frame refuses");
    tap_is_str(err, "the frame is not live", "... said so");
    exec_run(ex, 0);
    check_output(ex, "[11,20]", "the edited iteration's result");
    tap_ok(!exec_set_frame_input(ex, 0, jv_null(), err, sizeof err), "an ended execution refuses");
    finish(ex, def);
}

/* The children log of a Map visit: each iteration's frame and fate, the failed ones listed
 * alone with their error; a tolerated failure leaves the rest to run. */
static void test_children_log(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
        "\"ToleratedFailureCount\":1,\"ItemProcessor\":{\"StartAt\":\"C\",\"States\":{"
        "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$\",\"NumericEquals\":2,"
        "\"Next\":\"F\"}],\"Default\":\"P\"},\"F\":{\"Type\":\"Fail\",\"Error\":\"Bad\","
        "\"Cause\":\"two\"},\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}");
    sfn_exec *ex = start(def, "{\"items\":[1,2,3,4]}", false);
    exec_step_into(ex, 0);
    exec_frame_info info;
    tap_ok(exec_frame_get(ex, 0, &info) && info.in_fanout && info.fanout_visit == 0,
           "frame 0 names the Map's visit while it runs");
    size_t visit = (size_t)info.fanout_visit;
    tap_is_int((long long)exec_visit_children(ex, visit), 4, "four iterations logged");
    exec_child_info c;
    tap_ok(exec_visit_child(ex, visit, 0, &c) && c.status == EXEC_CHILD_RUNNING &&
               c.frame == exec_frame_child(ex, 0), "iteration 0 is running, in the live frame");
    tap_ok(exec_visit_child(ex, visit, 3, &c) && c.status == EXEC_CHILD_NOT_RUN && c.frame == -1,
           "iteration 3 has not run");
    exec_step(ex);
    tap_is_int(exec_status_of(ex), EXEC_SUCCEEDED, "one failure tolerated");
    tap_ok(exec_visit_child(ex, visit, 1, &c) && c.status == EXEC_CHILD_FAILED && c.error &&
               !strcmp(c.error, "Bad") && c.cause && !strcmp(c.cause, "two"),
           "iteration 1 failed, with its error and cause");
    long frame1 = c.frame;
    bool seen = false;
    for (size_t i = 0; i < exec_visit_count(ex); i++)
        seen |= exec_visit_at(ex, i)->frame == frame1 &&
                !strcmp(exec_visit_at(ex, i)->state->name, "F");
    tap_ok(seen, "its frame id finds its visits");
    tap_ok(exec_visit_child(ex, visit, 3, &c) && c.status == EXEC_CHILD_SUCCEEDED,
           "iteration 3 succeeded");
    tap_is_int((long long)exec_visit_failed_children(ex, visit), 1, "one failed");
    tap_is_int(exec_visit_failed_child(ex, visit, 0), 1, "... iteration 1");
    tap_is_int(exec_visit_failed_child(ex, visit, 1), -1, "no second");
    tap_is_int((long long)exec_visit_children(ex, 1), 0, "a visit inside has no children");
    tap_ok(!exec_visit_child(ex, visit, 4, &c), "no iteration 4");
    tap_is_str(exec_child_status_name(EXEC_CHILD_NOT_RUN), "not run", "status names");
    finish(ex, def);
}

static void test_step_over_parallel(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":["
        "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Pass\",\"Result\":\"x\",\"End\":true}}},"
        "{\"StartAt\":\"Y\",\"States\":{\"Y\":{\"Type\":\"Pass\",\"Result\":\"y\",\"End\":true}}}]}}}");
    sfn_exec *ex = start(def, "{}", false);
    exec_step_result r = exec_step(ex);
    tap_is_int(r.kind, EXEC_STEP_FINISHED, "stepping over a Parallel runs it whole");
    check_output(ex, "[\"x\",\"y\"]", "branch outputs in branch order");
    tap_is_int((long long)exec_visit_count(ex), 3, "a visit per state, branches included");
    finish(ex, def);
}

static void test_wait_inside_iteration(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,"
        "\"ItemProcessor\":{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
        "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}}}}}}");
    sfn_exec *ex = start(def, "[1,2]", true);
    exec_step_result r = exec_step(ex);
    tap_is_int(r.kind, EXEC_STEP_WAITING, "a task waiting inside an iteration stops the step");
    const exec_pending_task *p = exec_pending(ex);
    tap_ok(p && p->needs_result && !strcmp(p->state->name, "T"), "exec_pending shows it");
    char err[256];
    tap_is_int(exec_send_task_success(ex, p->token, "\"one\"", err, sizeof err), EXEC_SEND_OK,
               "the caller answers it");
    r = exec_step(ex);
    tap_is_int(r.kind, EXEC_STEP_WAITING, "the next step resumes and waits in iteration 1");
    p = exec_pending(ex);
    tap_ok(p != NULL, "the second iteration's task waits");
    if (p)
        exec_send_task_success(ex, p->token, "\"two\"", err, sizeof err);
    exec_step(ex);
    tap_is_int(exec_status_of(ex), EXEC_SUCCEEDED, "then the Map concludes");
    check_output(ex, "[\"one\",\"two\"]", "with both answers in order");
    finish(ex, def);
}

/* Stopping an execution while a task waits inside an iteration: ExecutionAborted alone, as
 * AWS records a stop (no Map or iteration event after it), and nothing waits any more. */
static void test_abort_inside_iteration(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,"
        "\"ItemProcessor\":{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
        "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}}}}}}");
    sfn_exec *ex = start(def, "[1,2]", true);
    exec_step(ex);
    size_t before = exec_event_count(ex);
    tap_ok(exec_abort(ex, "Ops.Stop", "by hand"), "an execution waiting inside an iteration stops");
    tap_is_int(exec_event_count(ex), (long)before + 1, "one event more");
    const exec_event *last = exec_event_at(ex, exec_event_count(ex) - 1);
    tap_is_int(last->type, EV_EXECUTION_ABORTED, "... ExecutionAborted");
    tap_ok(exec_pending(ex) == NULL, "nothing waits any more");
    tap_is_int(exec_step(ex).kind, EXEC_STEP_IDLE, "and a step does nothing");
    finish(ex, def);
}

/* A distributed Map's iterations are child executions: a task waiting in one is still the
 * caller's to answer, and none of their events is in this history. */
static void test_distributed_children(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,"
        "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":"
        "\"STANDARD\"},\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"TimeoutSeconds\":5,"
        "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}}}}}}");
    sfn_exec *ex = start(def, "[1]", true);
    exec_step_result r = exec_step(ex);
    const exec_pending_task *p = exec_pending(ex);
    tap_ok(r.kind == EXEC_STEP_WAITING && p, "a task inside a child execution waits for the caller");
    char err[256];
    if (p)
        exec_send_task_success(ex, p->token, "1", err, sizeof err);
    exec_step(ex);
    tap_is_int(exec_status_of(ex), EXEC_SUCCEEDED, "the Map Run succeeds");
    tap_is_int((long long)exec_event_count(ex), 8, "only the parent's events are recorded");
    const exec_event *e = exec_event_at(ex, 3);
    tap_ok(e && e->type == EV_MAP_RUN_STARTED && exec_event_details(e)->map_run_arn &&
               strstr(exec_event_details(e)->map_run_arn, ":mapRun:StateMachine/M:"),
           "MapRunStarted names the run");
    finish(ex, def);
}

/* The execution's own end, reached inside a child execution, is in this history. */
static void test_timeout_inside_child_execution(void)
{
    asl_definition *def = defload(
        "{\"TimeoutSeconds\":5,\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,"
        "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":"
        "\"STANDARD\"},\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":60,"
        "\"End\":true}}}}}}");
    sfn_exec *ex = start(def, "[1]", false);
    exec_run(ex, 0);
    tap_is_int(exec_status_of(ex), EXEC_TIMED_OUT, "a Wait in a child execution times it out");
    size_t n = exec_event_count(ex);
    const exec_event *last = n ? exec_event_at(ex, n - 1) : NULL;
    tap_ok(last && last->type == EV_EXECUTION_TIMED_OUT, "ExecutionTimedOut is the last event");
    finish(ex, def);
}

/* A child execution has an event limit of its own: an endless loop in one ends there. */
static void test_endless_child_execution(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,"
        "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":"
        "\"STANDARD\"},\"StartAt\":\"Again\",\"States\":{\"Again\":{\"Type\":\"Pass\","
        "\"Next\":\"Again\"}}}}}}");
    exec_options o;
    exec_options_init(&o);
    o.record_visits = false;
    jv *in = jv_parse("[1]", 3, 0, NULL);
    sfn_exec *ex = exec_new(def, in, &o);
    jv_unref(in);
    exec_run(ex, 0);
    tap_is_str(exec_error(ex) ? exec_error(ex) : "-", "States.ExceedToleratedFailureThreshold",
               "an endless child execution fails at its own event limit, failing the Map Run");
    finish(ex, def);
}

/* A child execution's $$ names it, its state machine, and its input. */
static void test_child_execution_context(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,\"Label\":\"run\","
        "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":"
        "\"EXPRESS\"},\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Pass\",\"End\":true,"
        "\"Parameters\":{\"id.$\":\"$$.Execution.Id\",\"sm.$\":\"$$.StateMachine.Name\","
        "\"in.$\":\"$$.Execution.Input\"}}}}}}}");
    sfn_exec *ex = start(def, "[{\"k\":1}]", false);
    exec_run(ex, 0);
    const jv *first = exec_output(ex) ? jv_array_get(exec_output(ex), 0) : NULL;
    const jv *id = first ? jv_object_get(first, "id") : NULL;
    tap_ok(id && jv_is_string(id) &&
               !strncmp(jv_string_value(id),
                        "arn:aws:states:us-east-1:123456789012:execution:StateMachine/run:", 65),
           "$$.Execution.Id is the child execution's");
    const jv *sm = first ? jv_object_get(first, "sm") : NULL;
    tap_is_str(sm && jv_is_string(sm) ? jv_string_value(sm) : "-", "StateMachine/run",
               "$$.StateMachine.Name is <state machine>/<Label>");
    char *in = first ? jv_dump_string(jv_object_get(first, "in"), 0) : NULL;
    tap_is_str(in ? in : "-", "{\"k\":1}", "$$.Execution.Input is the item");
    free(in);
    finish(ex, def);
}

/* Map in Parallel in Map ..., depth levels, innermost a Pass. */
static void nest(strbuf *sb, int depth)
{
    if (depth == 0) {
        strbuf_puts(sb, "{\"StartAt\":\"L0\",\"States\":{\"L0\":{\"Type\":\"Pass\",\"End\":true}}}");
        return;
    }
    strbuf_printf(sb, "{\"StartAt\":\"L%d\",\"States\":{\"L%d\":{\"Type\":\"%s\",\"End\":true,",
                  depth, depth, depth % 2 ? "Map" : "Parallel");
    strbuf_puts(sb, depth % 2 ? "\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"items.$\":\"$$.Map.Item.Value\"},\"ItemProcessor\":"
                              : "\"Branches\":[");
    nest(sb, depth - 1);
    strbuf_puts(sb, depth % 2 ? "}}}" : "]}}}");
}

static void test_deep_nesting(void)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    nest(&sb, 20);
    asl_definition *def = defload(sb.buf);
    tap_ok(def != NULL, "Map in Parallel in Map, 20 deep, loads");
    if (def) {
        sfn_exec *ex = start(def, "{\"items\":[[[[[[[[[[[1]]]]]]]]]]]}", false);
        exec_run(ex, 0);
        tap_is_int(exec_status_of(ex), EXEC_SUCCEEDED, "and runs");
        exec_free(ex);
    }
    asl_definition_free(def);
    strbuf_cleanup(&sb);
}

int main(void)
{
    test_frame_input();
    test_children_log();
    test_step_into_map();
    test_step_over_parallel();
    test_wait_inside_iteration();
    test_abort_inside_iteration();
    test_distributed_children();
    test_child_execution_context();
    test_timeout_inside_child_execution();
    test_endless_child_execution();
    test_deep_nesting();
    return tap_done();
}
