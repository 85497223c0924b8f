/*
 * job_shapes — AWS's shapes of the simulated jobs (jobs.h): what each service's start
 * call returns and how its describe call shows the job at its end, as Step Functions
 * passes them on (PascalCase members, timestamps as epoch milliseconds).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "services/jobs_internal.h"

const char *job_param_str(const task_call *call, const char *name)
{
    const jv *v = svc_param(call, name);
    return v && jv_is_string(v) && jv_string_length(v) > 0 ? jv_string_value(v) : NULL;
}

bool job_base_name(const char *text, char *out, size_t n)
{
    const char *slash = strrchr(text, '/');
    const char *base = slash ? slash + 1 : text;
    size_t len = strcspn(base, ":");
    if (!len || len >= n)
        return false;
    memcpy(out, base, len);
    out[len] = '\0';
    return true;
}

/* The revision after the name ("family:3" -> 3), 1 without one. */
static long job_revision(const char *text)
{
    const char *slash = strrchr(text, '/');
    const char *colon = strchr(slash ? slash : text, ':');
    long rev = 0;
    if (colon && sscanf(colon + 1, "%ld", &rev) == 1 && rev > 0)
        return rev;
    return 1;
}

/* The UUID without its dashes (32 hex digits). */
static void job_hex(const char *uuid, char out[33])
{
    size_t k = 0;
    for (size_t i = 0; uuid[i] && k < 32; i++)
        if (uuid[i] != '-')
            out[k++] = uuid[i];
    out[k] = '\0';
}

static bool job_name_from(const task_call *call, const char *param, job_run *run, char *err,
                          size_t n)
{
    const char *text = job_param_str(call, param);
    if (text && job_base_name(text, run->name, sizeof run->name))
        return true;
    snprintf(err, n, "%s '%.100s' names no job", param, text ? text : "");
    return false;
}

/* "arn:aws:SERVICE:REGION:ACCOUNT:" and the rest, in the run's region and account. */
static jv *job_arn(const job_run *run, const char *service, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static jv *job_arn(const job_run *run, const char *service, const char *fmt, ...)
{
    char rest[JOBS_NAME_MAX * 2 + 128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rest, sizeof rest, fmt, ap);
    va_end(ap);
    return jv_string_fmt("arn:aws:%s:%s:%s:%s", service, run->region, run->account, rest);
}

static jv *job_set_str(jv *o, const char *key, const char *value)
{
    return jv_object_set_take(o, key, jv_string(value));
}

static jv *job_set_num(jv *o, const char *key, double value)
{
    return jv_object_set_take(o, key, jv_number(value));
}

static jv *job_param_or(const job_run *run, const char *name, jv *fallback)
{
    const jv *v = svc_param(run->call, name);
    if (!v)
        return fallback;
    jv_unref(fallback);
    return jv_ref(v);
}

/* ---- ECS runTask ---- */

static bool ecs_job_name(const task_call *call, job_run *run, char *err, size_t n)
{
    return job_name_from(call, "TaskDefinition", run, err, n);
}

static void ecs_cluster(const job_run *run, char *out, size_t n)
{
    const char *c = job_param_str(run->call, "Cluster");
    if (!c || !job_base_name(c, out, n))
        snprintf(out, n, "default");
}

static jv *ecs_container(const job_run *run, const char *task_arn, bool done)
{
    const jv *ovs = svc_param(run->call, "Overrides");
    ovs = ovs && jv_is_object(ovs) ? jv_object_get(ovs, "ContainerOverrides") : NULL;
    const jv *ov = ovs && jv_is_array(ovs) ? jv_array_get(ovs, 0) : NULL;
    const jv *name = ov && jv_is_object(ov) ? jv_object_get(ov, "Name") : NULL;
    char hex[33];
    job_hex(run->request_id, hex);
    jv *c = jv_object_set_take(jv_object(), "ContainerArn",
                           job_arn(run, "ecs", "container/%s", hex));
    if (done)
        c = job_set_num(c, "ExitCode", (double)run->exit_code);
    c = job_set_str(c, "LastStatus", done ? "STOPPED" : "PENDING");
    c = job_set_str(c, "Name", name && jv_is_string(name) ? jv_string_value(name) : run->name);
    c = jv_object_set_take(c, "NetworkInterfaces", jv_array());
    return job_set_str(c, "TaskArn", task_arn);
}

static jv *ecs_task(const job_run *run, bool done)
{
    char cluster[JOBS_NAME_MAX + 1], hex[33];
    ecs_cluster(run, cluster, sizeof cluster);
    job_hex(run->id, hex);
    const char *td = job_param_str(run->call, "TaskDefinition");
    jv *arn = job_arn(run, "ecs", "task/%s/%s", cluster,
                            hex);
    jv *t = jv_object_set_take(jv_object(), "Attachments", jv_array());
    t = jv_object_set_take(t, "ClusterArn", job_arn(run, "ecs", "cluster/%s",
                                                          cluster));
    t = jv_object_set_take(t, "Containers",
                           jv_array_append_take(jv_array(),
                                                ecs_container(run, jv_string_value(arn), done)));
    t = job_set_num(t, "CreatedAt", (double)run->start_ms);
    t = job_set_str(t, "DesiredStatus", done ? "STOPPED" : "RUNNING");
    t = jv_object_set_take(t, "Group", jv_string_fmt("family:%s", run->name));
    t = job_set_str(t, "LastStatus", done ? "STOPPED" : "PROVISIONING");
    t = jv_object_set_take(t, "LaunchType", job_param_or(run, "LaunchType", jv_string("EC2")));
    t = jv_object_set_take(t, "Overrides", job_param_or(run, "Overrides", jv_object()));
    if (done) {
        t = job_set_num(t, "StartedAt", (double)run->start_ms);
        t = job_set_str(t, "StopCode", "EssentialContainerExited");
        t = job_set_num(t, "StoppedAt", (double)run->stop_ms);
        t = job_set_str(t, "StoppedReason",
                        *run->reason ? run->reason : "Essential container in task exited");
    }
    t = jv_object_set_take(t, "Tags", job_param_or(run, "Tags", jv_array()));
    t = jv_object_set_take(t, "TaskArn", arn);
    t = jv_object_set_take(t, "TaskDefinitionArn",
                           job_arn(run, "ecs", "task-definition/%s:%ld", run->name,
                                         job_revision(td)));
    return job_set_num(t, "Version", done ? 4 : 1);
}

static jv *ecs_started(const job_run *run)
{
    jv *res = jv_object_set_take(jv_object(), "Failures", jv_array());
    return jv_object_set_take(res, "Tasks", jv_array_append_take(jv_array(), ecs_task(run, false)));
}

static jv *ecs_finished(const job_run *run)
{
    return ecs_task(run, true);
}

static const char *const ecs_params[] = {
    "Cluster", "TaskDefinition", "LaunchType", "NetworkConfiguration", "Overrides", "Count",
    "Group", "PlatformVersion", "PropagateTags", "Tags", "CapacityProviderStrategy",
    "EnableECSManagedTags", "EnableExecuteCommand", "PlacementConstraints",
    "PlacementStrategy", "ReferenceId", "StartedBy", "ClientToken", "VolumeConfigurations",
    NULL};
static const char *const ecs_required[] = {"TaskDefinition", NULL};

const job_service job_ecs = {
    "ecs", "runTask",
    {"ECS", "AmazonECS", "AmazonECSException", "Ecs", "Ecs", "EcsException"},
    "InvalidParameterException", ecs_params, ecs_required, ecs_job_name, ecs_started,
    ecs_finished};

/* ---- Batch submitJob ---- */

static bool batch_job_name(const task_call *call, job_run *run, char *err, size_t n)
{
    return job_name_from(call, "JobDefinition", run, err, n);
}

static jv *batch_started(const job_run *run)
{
    jv *res = jv_object_set_take(jv_object(), "JobArn",
                                 job_arn(run, "batch", "job/%s", run->id));
    res = job_set_str(res, "JobId", run->id);
    return job_set_str(res, "JobName", job_param_str(run->call, "JobName"));
}

static jv *batch_container(const job_run *run)
{
    jv *c = job_set_num(jv_object(), "ExitCode", (double)run->exit_code);
    return jv_object_set_take(c, "LogStreamName",
                              jv_string_fmt("%s/default/%s", run->name, run->request_id));
}

static jv *batch_finished(const job_run *run)
{
    char queue[JOBS_NAME_MAX + 1];
    if (!job_base_name(job_param_str(run->call, "JobQueue"), queue, sizeof queue))
        snprintf(queue, sizeof queue, "default");
    const char *reason = *run->reason ? run->reason : "Essential container in task exited";
    jv *attempt = jv_object_set_take(jv_object(), "Container", batch_container(run));
    attempt = job_set_num(attempt, "StartedAt", (double)run->start_ms);
    attempt = job_set_str(attempt, "StatusReason", reason);
    attempt = job_set_num(attempt, "StoppedAt", (double)run->stop_ms);
    jv *job = jv_object_set_take(batch_started(run), "Attempts",
                                 jv_array_append_take(jv_array(), attempt));
    job = jv_object_set_take(job, "Container", batch_container(run));
    job = job_set_num(job, "CreatedAt", (double)run->start_ms);
    job = jv_object_set_take(job, "DependsOn", job_param_or(run, "DependsOn", jv_array()));
    job = jv_object_set_take(job, "JobDefinition",
                             job_arn(run, "batch", "job-definition/%s:%ld", run->name,
                                           job_revision(job_param_str(run->call,
                                                                      "JobDefinition"))));
    job = jv_object_set_take(job, "JobQueue",
                             job_arn(run, "batch", "job-queue/%s", queue));
    job = jv_object_set_take(job, "Parameters", job_param_or(run, "Parameters", jv_object()));
    job = job_set_num(job, "StartedAt", (double)run->start_ms);
    job = job_set_str(job, "Status", run->failed ? "FAILED" : "SUCCEEDED");
    job = job_set_str(job, "StatusReason", reason);
    job = job_set_num(job, "StoppedAt", (double)run->stop_ms);
    return jv_object_set_take(job, "Tags", job_param_or(run, "Tags", jv_object()));
}

static const char *const batch_params[] = {
    "JobName", "JobQueue", "JobDefinition", "ArrayProperties", "ContainerOverrides",
    "DependsOn", "Parameters", "RetryStrategy", "Timeout", "Tags", "PropagateTags",
    "NodeOverrides", "SchedulingPriorityOverride", "ShareIdentifier", "EksPropertiesOverride",
    "EcsPropertiesOverride", NULL};
static const char *const batch_required[] = {"JobName", "JobQueue", "JobDefinition", NULL};

const job_service job_batch = {
    "batch", "submitJob",
    {"Batch", "AWSBatch", "AWSBatchException", "Batch", "Batch", "BatchException"},
    "ClientException", batch_params, batch_required, batch_job_name, batch_started,
    batch_finished};

/* ---- Glue startJobRun ---- */

static bool glue_job_name(const task_call *call, job_run *run, char *err, size_t n)
{
    const char *name = job_param_str(call, "JobName");
    if (name && strlen(name) <= JOBS_NAME_MAX) {
        snprintf(run->name, sizeof run->name, "%s", name);
        return true;
    }
    snprintf(err, n, "JobName must have 1 to %d bytes", JOBS_NAME_MAX);
    return false;
}

static jv *glue_run_id(const job_run *run)
{
    char a[33], b[33];
    job_hex(run->id, a);
    job_hex(run->request_id, b);
    return jv_string_fmt("jr_%s%s", a, b);
}

static jv *glue_started(const job_run *run)
{
    return jv_object_set_take(jv_object(), "JobRunId", glue_run_id(run));
}

static jv *glue_finished(const job_run *run)
{
    jv *r = job_set_num(jv_object(), "AllocatedCapacity", 10);
    r = jv_object_set_take(r, "Arguments", job_param_or(run, "Arguments", jv_object()));
    r = job_set_num(r, "Attempt", 0);
    r = job_set_num(r, "CompletedOn", (double)run->stop_ms);
    if (run->failed)
        r = job_set_str(r, "ErrorMessage", *run->reason ? run->reason : "Job run failed");
    r = job_set_num(r, "ExecutionTime", (double)((run->stop_ms - run->start_ms) / 1000));
    r = job_set_str(r, "GlueVersion", "0.9");
    r = jv_object_set_take(r, "Id", glue_run_id(run));
    r = job_set_str(r, "JobName", run->name);
    r = job_set_str(r, "JobRunState", run->failed ? "FAILED" : "SUCCEEDED");
    r = job_set_num(r, "LastModifiedOn", (double)run->stop_ms);
    r = job_set_num(r, "MaxCapacity", 10);
    r = jv_object_set_take(r, "PredecessorRuns", jv_array());
    r = job_set_num(r, "StartedOn", (double)run->start_ms);
    return jv_object_set_take(r, "Timeout", job_param_or(run, "Timeout", jv_number(2880)));
}

static const char *const glue_params[] = {
    "JobName", "JobRunId", "Arguments", "AllocatedCapacity", "Timeout", "MaxCapacity",
    "SecurityConfiguration", "NotificationProperty", "WorkerType", "NumberOfWorkers",
    "ExecutionClass", "JobRunQueuingEnabled", NULL};
static const char *const glue_required[] = {"JobName", NULL};

const job_service job_glue = {
    "glue", "startJobRun",
    {"Glue", "AWSGlue", "AWSGlueException", "Glue", "Glue", "GlueException"},
    "InvalidInputException", glue_params, glue_required, glue_job_name, glue_started,
    glue_finished};

/* ---- CodeBuild startBuild ---- */

static bool codebuild_job_name(const task_call *call, job_run *run, char *err, size_t n)
{
    return job_name_from(call, "ProjectName", run, err, n);
}

static jv *codebuild_phase(const char *type, const char *status, int64_t start, int64_t end)
{
    jv *p = job_set_str(jv_object(), "PhaseType", type);
    p = job_set_num(p, "StartTime", (double)start);
    if (status) {
        p = job_set_num(p, "DurationInSeconds", (double)((end - start) / 1000));
        p = job_set_num(p, "EndTime", (double)end);
        p = job_set_str(p, "PhaseStatus", status);
    }
    return p;
}

static jv *codebuild_phases(const job_run *run, bool done)
{
    int64_t s = run->start_ms, e = run->stop_ms;
    jv *a = jv_array_append_take(jv_array(), codebuild_phase("SUBMITTED", "SUCCEEDED", s, s));
    if (!done)
        return jv_array_append_take(a, codebuild_phase("QUEUED", NULL, s, s));
    a = jv_array_append_take(a, codebuild_phase("QUEUED", "SUCCEEDED", s, s));
    a = jv_array_append_take(a, codebuild_phase("BUILD", run->failed ? "FAILED" : "SUCCEEDED",
                                                s, e));
    return jv_array_append_take(a, codebuild_phase("COMPLETED", NULL, e, e));
}

static jv *codebuild_build(const job_run *run, bool done)
{
    jv *id = jv_string_fmt("%s:%s", run->name, run->id);
    jv *b = jv_object_set_take(jv_object(), "Arn",
                               job_arn(run, "codebuild", "build/%s", jv_string_value(id)));
    b = jv_object_set_take(b, "BuildComplete", jv_bool(done));
    b = job_set_str(b, "BuildStatus", !done ? "IN_PROGRESS" : run->failed ? "FAILED"
                                                                          : "SUCCEEDED");
    b = job_set_str(b, "CurrentPhase", done ? "COMPLETED" : "QUEUED");
    if (done)
        b = job_set_num(b, "EndTime", (double)run->stop_ms);
    b = jv_object_set_take(b, "Id", id);
    b = job_set_str(b, "Initiator", "states");
    b = jv_object_set_take(b, "Phases", codebuild_phases(run, done));
    b = job_set_str(b, "ProjectName", run->name);
    b = job_set_num(b, "QueuedTimeoutInMinutes", 480);
    b = job_set_num(b, "StartTime", (double)run->start_ms);
    b = job_set_num(b, "TimeoutInMinutes", 60);
    return jv_object_set_take(jv_object(), "Build", b);
}

static jv *codebuild_started(const job_run *run)
{
    return codebuild_build(run, false);
}

static jv *codebuild_finished(const job_run *run)
{
    return codebuild_build(run, true);
}

static const char *const codebuild_params[] = {
    "ProjectName", "SourceVersion", "SourceTypeOverride", "SourceLocationOverride",
    "EnvironmentVariablesOverride", "BuildspecOverride", "ArtifactsOverride",
    "SecondarySourcesOverride", "SecondarySourcesVersionOverride",
    "SecondaryArtifactsOverride", "ComputeTypeOverride", "EnvironmentTypeOverride",
    "ImageOverride", "TimeoutInMinutesOverride", "QueuedTimeoutInMinutesOverride",
    "PrivilegedModeOverride", "IdempotencyToken", "LogsConfigOverride", "DebugSessionEnabled",
    "BuildStatusConfigOverride", "CacheOverride", "ServiceRoleOverride", NULL};
static const char *const codebuild_required[] = {"ProjectName", NULL};

const job_service job_codebuild = {
    "codebuild", "startBuild",
    {"CodeBuild", "AWSCodeBuild", "AWSCodeBuildException", "CodeBuild", "CodeBuild",
     "CodeBuildException"},
    "InvalidInputException", codebuild_params, codebuild_required, codebuild_job_name,
    codebuild_started, codebuild_finished};
