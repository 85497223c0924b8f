/*
 * jobs_internal — what the simulated jobs' core (jobs.c) and their AWS shapes
 * (job_shapes.c) share. Internal to engine/services.
 */
#ifndef SFDBG_SERVICES_JOBS_INTERNAL_H
#define SFDBG_SERVICES_JOBS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "jv.h"
#include "services/svc_common.h"
#include "task.h"

#define JOBS_REGION "us-east-1"
#define JOBS_ACCOUNT "123456789012"
#define JOBS_NAME_MAX 255
#define JOBS_REASON_MAX 1024

/* One run of a job, as the core decided it. */
typedef struct {
    const task_call *call;
    char name[JOBS_NAME_MAX + 1];   /* the job's key in its service's section */
    bool failed;
    long exit_code;
    char reason[JOBS_REASON_MAX + 1];
    int64_t start_ms, stop_ms;
    char id[37];                    /* a UUID from the execution's random stream */
    char request_id[37];
    char region[32], account[16];   /* of the first ARN among the parameters, else the
                                       defaults JOBS_REGION and JOBS_ACCOUNT */
} job_run;

/* One service's jobs: its section, its error names, the Resource's action, the parameters
 * it takes, how it names the job from them, and its shapes (owned results). */
typedef struct {
    const char *section;            /* "ecs" */
    const char *action;             /* "runTask" */
    svc_names names;
    const char *invalid_exception;  /* a bad parameter: "InvalidParameterException" */
    const char *const *params;      /* NULL-ended */
    const char *const *required;    /* NULL-ended */
    /* The job's key from the parameters into run->name; false with a message. */
    bool (*job_name)(const task_call *call, job_run *run, char *err, size_t n);
    jv *(*started)(const job_run *run);   /* the request-response result (no metadata) */
    jv *(*finished)(const job_run *run);  /* the .sync result / failure cause */
} job_service;

extern const job_service job_ecs, job_batch, job_glue, job_codebuild;

/* The parameter's string (NULL when absent or not a string). */
const char *job_param_str(const task_call *call, const char *name);
/* The last segment of an ARN's resource after '/' (or the text itself) without a
 * ":REVISION" suffix, into out; false when it is empty or too long. */
bool job_base_name(const char *text, char *out, size_t n);

#endif
