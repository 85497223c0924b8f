/* Unit tests: the simulated .sync jobs (engine/services/jobs.c, job_shapes.c): each
 * service's start shape (request-response, with SdkHttpMetadata) and its description at
 * the end (.sync), the virtual time a job takes (elapsed_ms), outcomes from the "jobs"
 * section (a failure is States.TaskFailed with the description as cause), a job longer
 * than TimeoutSeconds, the run records kept, bad parameters and a bad section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_text.h"
#include "jv_text.h"
#include "rng.h"
#include "services/jobs.h"
#include "tap.h"

#define NOW 1704164645000LL   /* 2024-01-02T03:04:05Z */

static jobs_store *store;
static rng random_stream;

static void reset(const char *section)
{
    jobs_store_free(store);
    store = jobs_store_new();
    char err[512];
    jv *s = section ? jv_parse_cstr(section, NULL) : NULL;
    if (!jobs_store_load(store, s, err, sizeof err))
        tap_diag("load: %s", err);
    jv_unref(s);
}

static task_answer_kind call(const char *resource, const char *input, long timeout,
                             task_answer *a)
{
    task_call c;
    memset(&c, 0, sizeof c);
    c.state_name = "Run";
    c.resource = resource;
    asl_resource_parse(resource, &c.info);
    jv *in = jv_parse_cstr(input, NULL);
    c.input = in;
    c.now_ms = NOW;
    c.random = &random_stream;
    c.timeout_seconds = timeout ? timeout : 99999999;
    c.has_timeout = timeout != 0;
    task_answer_init(a);
    task_answer_kind k = jobs_service_resolve(store, &c, a);
    jv_unref(in);
    return k;
}

/* The result's member path (a.b.c) as text ("" when absent). */
static char *member(const jv *v, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = strtok(buf, "."); p && v; p = strtok(NULL, "."))
        v = jv_is_array(v) ? jv_array_get(v, (size_t)atoi(p))
            : jv_is_object(v) ? jv_object_get(v, p) : NULL;
    return v ? jv_dump_string(v, 0) : strdup("");
}

static void member_is(const jv *v, const char *path, const char *want, const char *name)
{
    answer_is(member(v, path), want, name);
}

static void test_ecs(void)
{
    reset(NULL);
    task_answer a;
    const char *in = "{\"Cluster\": \"arn:aws:ecs:us-east-1:123456789012:cluster/prod\", "
                     "\"TaskDefinition\": \"worker:3\", \"LaunchType\": \"FARGATE\"}";
    tap_is_int(call("arn:aws:states:::ecs:runTask", in, 0, &a), TASK_RESULT,
               "ecs:runTask answers at once");
    member_is(a.result, "Tasks.0.LastStatus", "\"PROVISIONING\"", "a task just started");
    member_is(a.result, "Failures", "[]", "no failures");
    member_is(a.result, "Tasks.0.TaskDefinitionArn",
              "\"arn:aws:ecs:us-east-1:123456789012:task-definition/worker:3\"",
              "the task definition's ARN, revision kept");
    member_is(a.result, "SdkHttpMetadata.HttpStatusCode", "200", "with SdkHttpMetadata");
    tap_is_int(a.elapsed_ms, 0, "the request-response form takes no virtual time");
    task_answer_cleanup(&a);

    tap_is_int(call("arn:aws:states:::ecs:runTask.sync", in, 0, &a), TASK_RESULT,
               "ecs:runTask.sync succeeds by default");
    member_is(a.result, "LastStatus", "\"STOPPED\"", "the DescribeTasks task, stopped");
    member_is(a.result, "Containers.0.ExitCode", "0", "its container exited 0");
    member_is(a.result, "Containers.0.Name", "\"worker\"", "named after the family");
    member_is(a.result, "StoppedAt", "1704164646000", "stopped 1 s later (the default)");
    member_is(a.result, "SdkHttpMetadata", "", "no metadata on a description");
    member_is(a.submitted, "Tasks.0.LastStatus", "\"PROVISIONING\"",
              "the start response is the TaskSubmitted output");
    member_is(a.submitted, "SdkHttpMetadata.HttpStatusCode", "200", "with its metadata");
    tap_is_int(a.elapsed_ms, 1000, "the clock moves 1 s");
    task_answer_cleanup(&a);
}

static void test_failures(void)
{
    reset("{\"ecs\": {\"worker\": {\"Outcome\": \"FAILED\", \"ExitCode\": 137, "
          "\"DurationSeconds\": 90}}, \"batch\": {\"nightly\": {\"Outcome\": \"FAILED\", "
          "\"Reason\": \"out of memory\"}}, \"glue\": {\"etl\": {\"DurationSeconds\": 600}}}");
    task_answer a;
    tap_is_int(call("arn:aws:states:::ecs:runTask.sync", "{\"TaskDefinition\": "
                    "\"arn:aws:ecs:us-east-1:1:task-definition/worker:1\"}", 0, &a),
               TASK_ERROR, "a failed ECS task fails the task");
    tap_is_str(a.error.name, "States.TaskFailed", "with States.TaskFailed");
    jv *cause = jv_parse_cstr(a.error.cause, NULL);
    member_is(cause, "Containers.0.ExitCode", "137", "the cause is the task, its exit code");
    member_is(cause, "ClusterArn", "\"arn:aws:ecs:us-east-1:123456789012:cluster/default\"",
              "on the default cluster");
    jv_unref(cause);
    tap_is_int(a.elapsed_ms, 90000, "after its 90 s");
    tap_is_str(a.source, "the local jobs: ecs job worker, FAILED after 90.000 s",
               "the answer's source names the job and its outcome");
    task_answer_cleanup(&a);

    tap_is_int(call("arn:aws:states:::batch:submitJob.sync", "{\"JobName\": \"n1\", "
                    "\"JobQueue\": \"q\", \"JobDefinition\": \"nightly:2\"}", 0, &a),
               TASK_ERROR, "a failed Batch job fails the task");
    cause = jv_parse_cstr(a.error.cause, NULL);
    member_is(cause, "Status", "\"FAILED\"", "the DescribeJobs job, FAILED");
    member_is(cause, "StatusReason", "\"out of memory\"", "with the section's Reason");
    member_is(cause, "Container.ExitCode", "1", "a failure exits 1 by default");
    member_is(cause, "JobQueue", "\"arn:aws:batch:us-east-1:123456789012:job-queue/q\"",
              "the queue's ARN");
    jv_unref(cause);
    task_answer_cleanup(&a);

    tap_is_int(call("arn:aws:states:::glue:startJobRun.sync", "{\"JobName\": \"etl\"}", 300,
                    &a),
               TASK_TIMEOUT, "a job longer than TimeoutSeconds times the task out");
    task_answer_cleanup(&a);
    tap_is_int(call("arn:aws:states:::glue:startJobRun.sync", "{\"JobName\": \"etl\"}", 0, &a),
               TASK_RESULT, "without a timeout it runs to its end");
    member_is(a.result, "JobRunState", "\"SUCCEEDED\"", "the JobRun SUCCEEDED");
    member_is(a.result, "ExecutionTime", "600", "ExecutionTime in seconds");
    task_answer_cleanup(&a);
}

static void test_glue_codebuild(void)
{
    reset(NULL);
    task_answer a;
    tap_is_int(call("arn:aws:states:::glue:startJobRun", "{\"JobName\": \"etl\"}", 0, &a),
               TASK_RESULT, "glue:startJobRun answers at once");
    char *id = member(a.result, "JobRunId");
    tap_ok(strlen(id) == 69 && !strncmp(id, "\"jr_", 4), "a JobRunId jr_ + 64 hex digits");
    free(id);
    task_answer_cleanup(&a);
    tap_is_int(call("arn:aws:states:::codebuild:startBuild", "{\"ProjectName\": \"site\"}", 0,
                    &a),
               TASK_RESULT, "codebuild:startBuild answers at once");
    member_is(a.result, "Build.BuildStatus", "\"IN_PROGRESS\"", "a build in progress");
    task_answer_cleanup(&a);
    tap_is_int(call("arn:aws:states:::codebuild:startBuild.sync", "{\"ProjectName\": \"site\"}",
                    0, &a),
               TASK_RESULT, "codebuild:startBuild.sync");
    member_is(a.result, "Build.BuildStatus", "\"SUCCEEDED\"", "the build SUCCEEDED");
    member_is(a.result, "Build.BuildComplete", "true", "complete");
    member_is(a.result, "Build.Phases.2.PhaseType", "\"BUILD\"", "with its phases");
    task_answer_cleanup(&a);
    tap_is_int(call("arn:aws:states:::codebuild:startBuild.waitForTaskToken",
                    "{\"ProjectName\": \"site\"}", 0, &a),
               TASK_NO_ANSWER, ".waitForTaskToken is not a simulated job");
    task_answer_cleanup(&a);

    jv *saved = jobs_store_section(store);
    member_is(saved, "codebuild.site.Runs.1.Status", "\"SUCCEEDED\"", "the runs are kept");
    member_is(saved, "codebuild.site.Runs.1.StoppedAt", "\"2024-01-02T03:04:06.000Z\"",
              "with their times");
    member_is(saved, "glue.etl.Runs.0.State", "\"Run\"", "and the state that started them");
    jv_unref(saved);
}

static void test_bad_input(void)
{
    reset(NULL);
    task_answer a;
    tap_is_int(call("arn:aws:states:::batch:submitJob.sync", "{\"JobName\": \"n\"}", 0, &a),
               TASK_ERROR, "submitJob without JobQueue fails");
    tap_is_str(a.error.name, "Batch.ClientException", "with Batch.ClientException");
    tap_ok(a.error.cause && strstr(a.error.cause, "JobQueue"), "naming the parameter");
    task_answer_cleanup(&a);
    tap_is_int(call("arn:aws:states:::ecs:runTask", "{\"TaskDefinition\": \"t\", \"Bogus\": 1}",
                    0, &a),
               TASK_ERROR, "an unknown parameter fails");
    tap_is_str(a.error.name, "ECS.InvalidParameterException", "ECS.InvalidParameterException");
    task_answer_cleanup(&a);
    tap_ok(jobs_store_section(store) == NULL, "nothing kept for refused calls");

    static const struct { const char *section, *want; } bad[] = {
        {"[]", "must be an object, not array"},
        {"{\"lambda\": {}}", "unknown service 'lambda'"},
        {"{\"ecs\": {\"w\": {\"Outcome\": \"MAYBE\"}}}", "ecs job 'w': 'Outcome' must be"},
        {"{\"ecs\": {\"w\": {\"ExitCode\": 300, \"Outcome\": \"FAILED\"}}}",
         "'ExitCode' must be an integer from 0 to 255"},
        {"{\"glue\": {\"e\": {\"ExitCode\": 2}}}", "'ExitCode' 2 with 'Outcome' SUCCEEDED"},
        {"{\"batch\": {\"d\": {\"DurationSeconds\": -1}}}", "'DurationSeconds' must be"},
        {"{\"batch\": {\"d\": {\"Duration\": 1}}}", "unknown field 'Duration'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jobs_store *s = jobs_store_new();
        jv *v = jv_parse_cstr(bad[i].section, NULL);
        char err[512] = "";
        bool ok = jobs_store_load(s, v, err, sizeof err);
        if (!tap_ok(!ok && strstr(err, bad[i].want), "refused: %s", bad[i].section))
            tap_diag("got: %s", err);
        jv_unref(v);
        jobs_store_free(s);
    }
}

/* The article's Batch task (ARNs in us-east-2): the job's ARNs are in that region. */
static void test_region(void)
{
    reset(NULL);
    task_answer a;
    tap_is_int(call("arn:aws:states:::batch:submitJob.sync", "{\"JobDefinition\": "
                    "\"arn:aws:batch:us-east-2:210987654321:job-definition/testJobDefinition\", "
                    "\"JobName\": \"testJob\", \"JobQueue\": "
                    "\"arn:aws:batch:us-east-2:210987654321:job-queue/testQueue\"}", 0, &a),
               TASK_RESULT, "the article's Batch task runs");
    member_is(a.result, "JobQueue", "\"arn:aws:batch:us-east-2:210987654321:job-queue/testQueue\"",
              "its queue's ARN as given");
    member_is(a.result, "JobDefinition",
              "\"arn:aws:batch:us-east-2:210987654321:job-definition/testJobDefinition:1\"",
              "the definition in the parameters' region and account");
    char *arn = member(a.result, "JobArn");
    tap_ok(!strncmp(arn, "\"arn:aws:batch:us-east-2:210987654321:job/", 42), "and the job's ARN");
    free(arn);
    task_answer_cleanup(&a);
    tap_is_int(call("arn:aws:states:::ecs:runTask", "{\"TaskDefinition\": "
                    "\"arn:aws:ecs:...:task-definition/my-task:1\"}", 0, &a),
               TASK_RESULT, "a placeholder ARN (arn:aws:ecs:...) runs");
    member_is(a.result, "Tasks.0.TaskDefinitionArn",
              "\"arn:aws:ecs:us-east-1:123456789012:task-definition/my-task:1\"",
              "in the default region and account");
    task_answer_cleanup(&a);
}

static void test_deterministic(void)
{
    char *first = NULL;
    for (int round = 0; round < 2; round++) {
        rng_seed(&random_stream, 7);
        reset(NULL);
        task_answer a;
        call("arn:aws:states:::batch:submitJob.sync", "{\"JobName\": \"n\", \"JobQueue\": \"q\", "
             "\"JobDefinition\": \"d\"}", 0, &a);
        char *text = jv_dump_string(a.result, 0);
        task_answer_cleanup(&a);
        if (!first)
            first = text;
        else {
            tap_is_str(text, first, "the same seed gives the same job");
            free(text);
        }
    }
    free(first);
}

int main(void)
{
    rng_seed(&random_stream, 11);
    test_ecs();
    test_failures();
    test_glue_codebuild();
    test_bad_input();
    test_region();
    test_deterministic();
    jobs_store_free(store);
    return tap_done();
}
