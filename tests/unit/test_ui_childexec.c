/* ui/childexec: what a startExecution task is, which child a parent's visit started (its
 * events' ExecutionArn: the answer's, a failure cause's, the last attempt's), the qualified
 * breakpoint names (child:NAME › STATE, NAME:STATE) and their match in the child only. */
#include <string.h>

#include "defload.h"
#include "jv_text.h"
#include "tap.h"
#include "ui/bpstore.h"
#include "ui/childexec.h"

#define EX "arn:aws:states:us-east-1:123456789012:execution:review:"

static const char *def_text =
    "{\"StartAt\":\"S\",\"States\":{"
    "\"S\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:startExecution.sync:2\","
    "\"Retry\":[{\"ErrorEquals\":[\"States.TaskFailed\"],\"MaxAttempts\":1,\"IntervalSeconds\":1}],"
    "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"L\"}],\"Next\":\"L\"},"
    "\"L\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\",\"End\":true}}}";

/* The first attempt fails (the child's description in the cause), the second succeeds
 * (user non-NULL: fails too, with the second child's ARN in the cause). */
static task_answer_kind answer(void *user, const task_call *call, task_answer *out)
{
    if (strcmp(call->state_name, "S")) {
        out->kind = TASK_RESULT;
        out->result = jv_object();
        return TASK_RESULT;
    }
    if (call->retry_count == 0 || user) {
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, "States.TaskFailed", "{\"ExecutionArn\":\"" EX "%s\"}",
                      call->retry_count == 0 ? "one" : "three");
        return TASK_ERROR;
    }
    out->kind = TASK_RESULT;
    out->result = jv_parse_cstr("{\"ExecutionArn\":\"" EX "two\",\"Output\":{}}", NULL);
    return TASK_RESULT;
}

int main(void)
{
    asl_definition *def = defload(def_text);
    tap_ok(def != NULL, "the definition loads");
    if (!def)
        return tap_done();
    tap_ok(childexec_is_start(asl_definition_find_state(def, "S")), "a startExecution task is one");
    tap_ok(!childexec_is_start(asl_definition_find_state(def, "L")), "a Lambda task is not");
    tap_ok(!childexec_is_start(NULL), "nor no state");

    task_resolver r = {"test", answer, NULL};
    exec_options eo;
    exec_options_init(&eo);
    eo.resolvers = &r;
    eo.nresolvers = 1;
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, &eo);
    jv_unref(in);
    tap_is_int(exec_run(ex, 20), EXEC_SUCCEEDED, "the execution runs (a retry, then success)");
    char arn[200];
    tap_ok(childexec_arn_of_visit(ex, 0, arn, sizeof arn), "the task's visit names a child");
    tap_is_str(arn, EX "two", "the last attempt's (the first's was in its failure's cause)");
    tap_ok(!childexec_arn_of_visit(ex, 1, arn, sizeof arn), "the Lambda task's visit names none");
    tap_ok(!childexec_arn_of_visit(ex, 9, arn, sizeof arn), "no such visit: none");
    tap_ok(!childexec_arn_of_visit(ex, 0, arn, 10), "a buffer too short for it: none");
    exec_free(ex);
    r.user = &r;
    in = jv_object();
    ex = exec_new(def, in, &eo);
    jv_unref(in);
    exec_run(ex, 20);
    tap_ok(childexec_arn_of_visit(ex, 0, arn, sizeof arn) && !strcmp(arn, EX "three"),
           "a task that failed for good (caught): the ARN in its last failure's cause (%s)", arn);
    exec_free(ex);

    char q[120];
    tap_ok(childexec_qualify("review:Approve", q, sizeof q), "NAME:STATE is qualified");
    tap_is_str(q, "child:review › Approve", "as child:NAME › STATE");
    tap_ok(childexec_qualify("child:review › Approve", q, sizeof q), "child:NAME › STATE as is");
    tap_is_str(q, "child:review › Approve", "unchanged");
    tap_ok(!childexec_qualify("Approve", q, sizeof q), "a plain name is not");
    tap_ok(!childexec_qualify(":Approve", q, sizeof q), "no machine: not");
    tap_ok(!childexec_qualify("review:", q, sizeof q), "no state: not");
    tap_ok(!childexec_qualify("review:Approve", q, 8), "too long for the buffer: not");

    bp_store b;
    bp_init(&b);
    char err[200];
    tap_ok(bp_add(&b, BP_STATE, "child:review › L", NULL, err, sizeof err) > 0, "added");
    const asl_state *l = asl_definition_find_state(def, "L");
    tap_ok(bp_match(&b, l, NULL, NULL, NULL) == NULL, "outside the child: L does not stop");
    b.qualifier = "other";
    tap_ok(bp_match(&b, l, NULL, NULL, NULL) == NULL, "in another child: no");
    b.qualifier = "review";
    tap_ok(bp_match(&b, l, NULL, NULL, NULL) != NULL, "in the child review: L stops");
    b.qualifier = "revie";
    tap_ok(bp_match(&b, l, NULL, NULL, NULL) == NULL, "a machine name's prefix is another");
    bp_cleanup(&b);
    asl_definition_free(def);
    return tap_done();
}
