/*
 * jobs — simulated jobs behind the optimized integrations that start one, each in its
 * request-response form and its .sync form:
 *   arn:aws:states:::ecs:runTask[.sync]          (the job: the TaskDefinition's family)
 *   arn:aws:states:::batch:submitJob[.sync]      (the job: the JobDefinition's name)
 *   arn:aws:states:::glue:startJobRun[.sync]     (the job: JobName)
 *   arn:aws:states:::codebuild:startBuild[.sync] (the job: ProjectName)
 * The request-response form answers AWS's start shape (RunTask's Tasks, SubmitJob's JobId,
 * StartJobRun's JobRunId, StartBuild's Build) with SdkHttpMetadata / SdkResponseMetadata.
 * The .sync form runs the job on the virtual clock (the clock moves by its duration) and
 * ends with AWS's description shape: ECS DescribeTasks' task (LastStatus STOPPED, the
 * containers' ExitCode), Batch DescribeJobs' job (Status SUCCEEDED / FAILED), Glue
 * GetJobRun's JobRun (JobRunState), CodeBuild BatchGetBuilds' build ({"Build": ...}); its
 * start response goes to the answer's submitted (the history's TaskSubmitted output). A
 * failed job fails the task with States.TaskFailed and that description (JSON) as the
 * cause; a job longer than the task's TimeoutSeconds times it out (States.Timeout).
 *
 * The services state file's "jobs" section sets each job's outcome and keeps its runs:
 *   {"ecs": {"FAMILY": {"Outcome": "SUCCEEDED" | "FAILED", "ExitCode": 0-255,
 *                       "Reason": "text", "DurationSeconds": 0-31536000, "Runs": [...]}},
 *    "batch": {...}, "glue": {...}, "codebuild": {...}}
 * Every member is optional: a job the section does not name succeeds (exit code 0) in 1 s;
 * a FAILED one exits 1 unless ExitCode says otherwise. Every started job appends a run
 * record ({"Id", "State", "StartedAt", "StoppedAt", "Status", "ExitCode"}) to its entry's
 * Runs, which the saved file holds.
 */
#ifndef SFDBG_SERVICES_JOBS_H
#define SFDBG_SERVICES_JOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"
#include "task.h"

typedef struct jobs_store jobs_store;

jobs_store *jobs_store_new(void);
void jobs_store_free(jobs_store *s);   /* NULL-safe */
/* Seeds the store from the "jobs" section (NULL: none). false with a message naming the
 * service, job and field at fault in err. */
bool jobs_store_load(jobs_store *s, const jv *section, char *err, size_t n);
/* The section to save (owned), or NULL when there is nothing: no section and no run. */
jv *jobs_store_section(const jobs_store *s);
/* The store's contents as one value (owned; shares everything), and back. */
jv *jobs_store_snapshot(const jobs_store *s);
void jobs_store_restore(jobs_store *s, const jv *snapshot);

/* task_resolve_fn; user is the jobs_store. */
task_answer_kind jobs_service_resolve(void *user, const task_call *call, task_answer *out);

#endif
