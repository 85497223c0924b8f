/*
 * jobs — the simulated jobs' store (the state file's "jobs" section), their outcomes and
 * the task answers of their start and .sync forms. AWS's shapes are in job_shapes.c.
 */
#include "services/jobs.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jv_text.h"
#include "services/jobs_internal.h"
#include "services/svc_meta.h"

#define JOBS_DEFAULT_MS 1000
#define JOBS_DURATION_MAX 31536000.0   /* a year, in seconds */
#define JOBS_RUNS_MAX 100000           /* run records kept per job */

struct jobs_store {
    jv *doc;        /* {"ecs": {NAME: entry}, ...}: the section as loaded, runs appended */
    bool declared;  /* the file had a section */
};

static const job_service *const job_services[] = {&job_ecs, &job_batch, &job_glue,
                                                  &job_codebuild};
#define JOB_NSERVICES (sizeof job_services / sizeof job_services[0])

jobs_store *jobs_store_new(void)
{
    jobs_store *s = engine_calloc(1, sizeof *s);
    s->doc = jv_object();
    return s;
}

void jobs_store_free(jobs_store *s)
{
    if (!s)
        return;
    jv_unref(s->doc);
    engine_free(s);
}

/* ---- the state file's section ---- */

/* o's member key; NULL when o is NULL. */
static const jv *jobs_get(const jv *o, const char *key)
{
    return o ? jv_object_get(o, key) : NULL;
}


static const job_service *jobs_service_named(const char *section)
{
    for (size_t i = 0; i < JOB_NSERVICES; i++)
        if (!strcmp(job_services[i]->section, section))
            return job_services[i];
    return NULL;
}

static bool jobs_field_ok(const char *key, const jv *v, char *err, size_t n)
{
    if (!strcmp(key, "Outcome")) {
        const char *o = jv_is_string(v) ? jv_string_value(v) : "";
        if (!strcmp(o, "SUCCEEDED") || !strcmp(o, "FAILED"))
            return true;
        snprintf(err, n, "'Outcome' must be \"SUCCEEDED\" or \"FAILED\"");
    } else if (!strcmp(key, "ExitCode")) {
        if (jv_is_integer(v) && jv_number_value(v) >= 0 && jv_number_value(v) <= 255)
            return true;
        snprintf(err, n, "'ExitCode' must be an integer from 0 to 255");
    } else if (!strcmp(key, "Reason")) {
        if (jv_is_string(v) && jv_string_length(v) <= JOBS_REASON_MAX)
            return true;
        snprintf(err, n, "'Reason' must be a string of at most %d bytes", JOBS_REASON_MAX);
    } else if (!strcmp(key, "DurationSeconds")) {
        if (jv_is_number(v) && jv_number_value(v) >= 0 &&
            jv_number_value(v) <= JOBS_DURATION_MAX)
            return true;
        snprintf(err, n, "'DurationSeconds' must be a number from 0 to %.0f", JOBS_DURATION_MAX);
    } else if (!strcmp(key, "Runs")) {
        if (jv_is_array(v) && jv_array_length(v) <= JOBS_RUNS_MAX)
            return true;
        snprintf(err, n, "'Runs' must be a list of at most %d run records", JOBS_RUNS_MAX);
    } else
        snprintf(err, n, "unknown field '%.64s' (the fields are Outcome, ExitCode, Reason, "
                 "DurationSeconds and Runs)", key);
    return false;
}

static bool jobs_entry_ok(const jv *entry, char *err, size_t n)
{
    if (!jv_is_object(entry)) {
        snprintf(err, n, "must be an object, not %s", jv_kind_name(jv_kind_of(entry)));
        return false;
    }
    for (size_t i = 0; i < jv_object_size(entry); i++)
        if (!jobs_field_ok(jv_string_value(jv_object_key_at(entry, i)),
                           jv_object_value_at(entry, i), err, n))
            return false;
    const jv *outcome = jobs_get(entry, "Outcome");
    const jv *code = jobs_get(entry, "ExitCode");
    if (code && jv_number_value(code) != 0 &&
        (!outcome || !strcmp(jv_string_value(outcome), "SUCCEEDED"))) {
        snprintf(err, n, "'ExitCode' %.0f with 'Outcome' SUCCEEDED: a job that succeeds "
                 "exits 0 (say \"Outcome\": \"FAILED\")", jv_number_value(code));
        return false;
    }
    return true;
}

static bool jobs_service_ok(const char *service, const jv *jobs, char *err, size_t n)
{
    if (!jobs_service_named(service)) {
        snprintf(err, n, "unknown service '%.64s' (the services are ecs, batch, glue and "
                 "codebuild)", service);
        return false;
    }
    if (!jv_is_object(jobs)) {
        snprintf(err, n, "'%s' must be an object of jobs, not %s", service,
                 jv_kind_name(jv_kind_of(jobs)));
        return false;
    }
    for (size_t i = 0; i < jv_object_size(jobs); i++) {
        const char *name = jv_string_value(jv_object_key_at(jobs, i));
        char why[256];
        if (!*name || strlen(name) > JOBS_NAME_MAX) {
            snprintf(err, n, "%s: a job name must have 1 to %d bytes", service, JOBS_NAME_MAX);
            return false;
        }
        if (!jobs_entry_ok(jv_object_value_at(jobs, i), why, sizeof why)) {
            snprintf(err, n, "%s job '%.100s': %s", service, name, why);
            return false;
        }
    }
    return true;
}

bool jobs_store_load(jobs_store *s, const jv *section, char *err, size_t n)
{
    if (!section)
        return true;
    if (!jv_is_object(section)) {
        snprintf(err, n, "must be an object, not %s", jv_kind_name(jv_kind_of(section)));
        return false;
    }
    for (size_t i = 0; i < jv_object_size(section); i++)
        if (!jobs_service_ok(jv_string_value(jv_object_key_at(section, i)),
                             jv_object_value_at(section, i), err, n))
            return false;
    jv_unref(s->doc);
    s->doc = jv_ref(section);
    s->declared = true;
    return true;
}

jv *jobs_store_section(const jobs_store *s)
{
    if (!s->declared && jv_object_size(s->doc) == 0)
        return NULL;
    return jv_ref(s->doc);
}

jv *jobs_store_snapshot(const jobs_store *s)
{
    return jv_ref(s->doc);
}

void jobs_store_restore(jobs_store *s, const jv *snapshot)
{
    jv *copy = jv_ref(snapshot);
    jv_unref(s->doc);
    s->doc = copy;
}

/* ---- one run ---- */

static const jv *jobs_entry(const jobs_store *s, const job_service *svc, const char *name)
{
    return jobs_get(jv_object_get(s->doc, svc->section), name);
}

/* The run's outcome and times from the job's entry (NULL: the defaults). */
static void jobs_decide(const jv *entry, job_run *run)
{
    const jv *outcome = jobs_get(entry, "Outcome");
    const jv *code = jobs_get(entry, "ExitCode");
    const jv *reason = jobs_get(entry, "Reason");
    const jv *secs = jobs_get(entry, "DurationSeconds");
    run->failed = outcome && !strcmp(jv_string_value(outcome), "FAILED");
    run->exit_code = code ? (long)jv_number_value(code) : run->failed ? 1 : 0;
    snprintf(run->reason, sizeof run->reason, "%s", reason ? jv_string_value(reason) : "");
    int64_t ms = secs ? (int64_t)(jv_number_value(secs) * 1000.0 + 0.5) : JOBS_DEFAULT_MS;
    run->start_ms = run->call->now_ms;
    run->stop_ms = run->start_ms + ms;
}

static jv *jobs_record(const job_run *run, const char *status)
{
    char t[40];
    jv *rec = jv_object_set_take(jv_object(), "Id", jv_string(run->id));
    rec = jv_object_set_take(rec, "State", jv_string(run->call->state_name));
    svc_iso_time(run->start_ms, t, sizeof t);
    rec = jv_object_set_take(rec, "StartedAt", jv_string(t));
    svc_iso_time(run->stop_ms, t, sizeof t);
    rec = jv_object_set_take(rec, "StoppedAt", jv_string(t));
    rec = jv_object_set_take(rec, "Status", jv_string(status));
    return jv_object_set_take(rec, "ExitCode", jv_number((double)run->exit_code));
}

/* Appends the run's record to its job's Runs (the job's entry made when there is none). */
static void jobs_remember(jobs_store *s, const job_service *svc, const job_run *run,
                          const char *status)
{
    jv *jobs = jv_ref(jv_object_get(s->doc, svc->section));
    jv *entry = jv_ref(jobs_entry(s, svc, run->name));
    jv *runs = jv_ref(jobs_get(entry, "Runs"));
    if (!jobs)
        jobs = jv_object();
    if (!entry)
        entry = jv_object();
    if (!runs)
        runs = jv_array();
    if (jv_array_length(runs) < JOBS_RUNS_MAX)
        runs = jv_array_append_take(runs, jobs_record(run, status));
    /* drop the document's references first so the builders below write in place */
    s->doc = jv_object_delete(s->doc, svc->section);
    jobs = jv_object_delete(jobs, run->name);
    entry = jv_object_delete(entry, "Runs");
    entry = jv_object_set_take(entry, "Runs", runs);
    jobs = jv_object_set_take(jobs, run->name, entry);
    s->doc = jv_object_set_take(s->doc, svc->section, jobs);
}

/* ---- the call ---- */

/* Whether arn is arn:aws:SERVICE:REGION:ACCOUNT:... with a region of [a-z0-9-] and a
 * 12-digit account; both copied into the run then. */
static bool jobs_arn_place(const char *arn, job_run *run)
{
    if (strncmp(arn, "arn:aws:", 8))
        return false;
    const char *region = strchr(arn + 8, ':');
    if (!region)
        return false;
    region++;
    size_t rlen = strspn(region, "abcdefghijklmnopqrstuvwxyz0123456789-");
    const char *account = region + rlen;
    if (!rlen || rlen >= sizeof run->region || *account != ':')
        return false;
    account++;
    if (strspn(account, "0123456789") != 12 || account[12] != ':')
        return false;
    snprintf(run->region, sizeof run->region, "%.*s", (int)rlen, region);
    snprintf(run->account, sizeof run->account, "%.12s", account);
    return true;
}

/* The run's region and account: those of the first ARN parameter, else the defaults. */
static void jobs_place(const task_call *call, job_run *run)
{
    snprintf(run->region, sizeof run->region, "%s", JOBS_REGION);
    snprintf(run->account, sizeof run->account, "%s", JOBS_ACCOUNT);
    const jv *in = call->input;
    for (size_t i = 0; in && jv_is_object(in) && i < jv_object_size(in); i++) {
        const jv *v = jv_object_value_at(in, i);
        if (v && jv_is_string(v) && jobs_arn_place(jv_string_value(v), run))
            return;
    }
}

static task_answer_kind jobs_invalid(task_answer *out, const job_service *svc,
                                     const job_run *run, const char *message)
{
    return svc_fail(out, &svc->names, false, svc->invalid_exception, 400,
                    svc->invalid_exception, run->request_id, message);
}

static bool jobs_check_params(const task_call *call, const job_service *svc, char *msg,
                              size_t n)
{
    const char *unknown = svc_unknown_param(call, svc->params);
    if (unknown) {
        snprintf(msg, n, "%s has no parameter %.100s", svc->action, unknown);
        return false;
    }
    for (size_t i = 0; svc->required[i]; i++)
        if (!job_param_str(call, svc->required[i])) {
            snprintf(msg, n, "%s: the parameter %s (a string) is required", svc->action,
                     svc->required[i]);
            return false;
        }
    return true;
}

/* The start call's response, with SdkHttpMetadata and SdkResponseMetadata. */
static jv *jobs_start_response(const job_run *run, const job_service *svc)
{
    jv *res = svc->started(run);
    char *text = jv_dump_string(res, 0);
    svc_http h = {"application/x-amz-json-1.1", run->request_id, "x-amzn-RequestId",
                  strlen(text), false, 0, false, "Connection"};
    engine_free(text);
    return svc_with_metadata(res, &h, run->call->now_ms, NULL);
}

static task_answer_kind jobs_started(task_answer *out, const job_run *run,
                                     const job_service *svc)
{
    out->kind = TASK_RESULT;
    out->result = jobs_start_response(run, svc);
    return TASK_RESULT;
}

static task_answer_kind jobs_finished(task_answer *out, const job_run *run,
                                      const job_service *svc)
{
    const task_call *call = run->call;
    int64_t took = run->stop_ms - run->start_ms;
    out->submitted = jobs_start_response(run, svc);
    if (call->has_timeout && took > (int64_t)call->timeout_seconds * 1000) {
        out->kind = TASK_TIMEOUT;
        return TASK_TIMEOUT;
    }
    out->elapsed_ms = took;
    jv *desc = svc->finished(run);
    if (!run->failed) {
        out->kind = TASK_RESULT;
        out->result = desc;
        return TASK_RESULT;
    }
    char *cause = jv_dump_string(desc, 0);
    jv_unref(desc);
    out->kind = TASK_ERROR;
    asl_error_set_raw(&out->error, "States.TaskFailed", cause);
    engine_free(cause);
    return TASK_ERROR;
}

static const job_service *jobs_service_of(const task_call *call)
{
    const asl_resource_info *info = &call->info;
    if (info->kind != ASL_RESOURCE_OPTIMIZED || (info->pattern != ASL_PATTERN_REQUEST_RESPONSE &&
                                                 info->pattern != ASL_PATTERN_SYNC))
        return NULL;
    for (size_t i = 0; i < JOB_NSERVICES; i++) {
        const job_service *svc = job_services[i];
        if (info->service_len == strlen(svc->section) &&
            !strncmp(info->service, svc->section, info->service_len) &&
            info->action_len == strlen(svc->action) &&
            !strncmp(info->action, svc->action, info->action_len))
            return svc;
    }
    return NULL;
}

static const char *jobs_status(const job_run *run, const task_answer *out, bool sync)
{
    if (!sync)
        return run->failed ? "FAILED" : "SUCCEEDED";
    if (out->kind == TASK_TIMEOUT)
        return "TIMED_OUT";
    return run->failed ? "FAILED" : "SUCCEEDED";
}

/* What answered, for the user: "the local jobs: glue job etl, FAILED after 600 s". */
static void jobs_describe(task_answer *out, const job_service *svc, const job_run *run,
                          bool sync, const char *status)
{
    char text[JOBS_NAME_MAX + 160];
    int64_t ms = run->stop_ms - run->start_ms;
    snprintf(text, sizeof text, "the local jobs: %s job %s, %s%s after %lld.%03lld s",
             svc->section, run->name, sync ? "" : "started (not waited for): ", status,
             (long long)(ms / 1000), (long long)(ms % 1000));
    out->source = engine_strdup(text);
}

task_answer_kind jobs_service_resolve(void *user, const task_call *call, task_answer *out)
{
    const job_service *svc = jobs_service_of(call);
    if (!svc)
        return TASK_NO_ANSWER;
    jobs_store *s = user;
    job_run run;
    memset(&run, 0, sizeof run);
    run.call = call;
    svc_uuid(call, run.request_id);
    char msg[512];
    if (!jobs_check_params(call, svc, msg, sizeof msg) ||
        !svc->job_name(call, &run, msg, sizeof msg)) {
        out->source = engine_strdup("the local jobs");
        return jobs_invalid(out, svc, &run, msg);
    }
    svc_uuid(call, run.id);
    jobs_place(call, &run);
    jobs_decide(jobs_entry(s, svc, run.name), &run);
    bool sync = call->info.pattern == ASL_PATTERN_SYNC;
    task_answer_kind k = sync ? jobs_finished(out, &run, svc) : jobs_started(out, &run, svc);
    const char *status = jobs_status(&run, out, sync);
    jobs_remember(s, svc, &run, status);
    jobs_describe(out, svc, &run, sync, status);
    return k;
}
