/*
 * task — how the engine asks the outside world to answer a Task state.
 *
 * The caller gives an execution an ordered list of resolvers (exec_options.resolvers);
 * for each task invocation the engine asks them in order and the first that answers wins
 * (DESIGN §3: mock config, handler map, real endpoints, local services). A resolver that
 * has nothing to say returns TASK_NO_ANSWER.
 *
 * Resolvers are called inside exec_step and must not block or call back into the
 * execution. A resolver that answers at once fills the answer (TASK_RESULT, TASK_ERROR,
 * TASK_TIMEOUT). One whose answer takes time (a local handler program, later an HTTP
 * request) starts the work and returns TASK_IN_FLIGHT with a job in the answer (below):
 * the engine then owns the job, exec_step returns EXEC_STEP_IN_FLIGHT, and the caller waits
 * on the job's descriptors until its deadline and drives it (exec_task_fds,
 * exec_task_deadline, exec_task_progress, exec_task_cancel in exec.h). The engine itself
 * never waits, sleeps, spawns or opens a socket: the job's code belongs to the program.
 *
 * The job protocol (task_job_ops; every call is non-blocking):
 *  - fds: the descriptors the job waits on, with poll(2) events; the caller polls them
 *    (and may poll nothing but the deadline when there are none);
 *  - deadline_ms: when progress must be called even if no descriptor became ready, on
 *    CLOCK_MONOTONIC in ms, or -1 for none (the job judges its own timeout then);
 *  - progress: does what is ready (reads, writes, reaps) and returns true with the final
 *    answer (TASK_RESULT, TASK_ERROR or TASK_TIMEOUT; TASK_NO_ANSWER counts as nothing
 *    answered) filled in when the work is over; false while it goes on;
 *  - cancel: stops the work at once (a process group is killed); progress is not called
 *    again;
 *  - free: releases the job, stopping the work first if it still runs.
 * The job may keep pointers from the task_call that started it (its random stream) until
 * it is freed: the execution outlives its jobs.
 */
#ifndef SFDBG_TASK_H
#define SFDBG_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asl_error.h"
#include "asl_resource.h"
#include "jv.h"

struct asl_state;
struct rng_state;

typedef struct {
    const struct asl_state *state;
    const char *state_name;
    const char *resource;          /* the Resource string as written */
    asl_resource_info info;        /* its kind, service, action and pattern */
    const jv *input;               /* the effective input (after Parameters) */
    long invocation;               /* per state, across the execution (mock numbering) */
    long retry_count;              /* $$.State.RetryCount */
    const char *task_token;        /* .waitForTaskToken: the token; else NULL */
    long timeout_seconds;          /* the task's timeout (bounds a local handler) */
    bool has_timeout;              /* TimeoutSeconds(Path) was given */
    int64_t now_ms;                /* the virtual clock */
    struct rng_state *random;      /* the execution's random stream (request ids) */
} task_call;

typedef enum {
    TASK_NO_ANSWER,   /* this resolver does not answer this task */
    TASK_RESULT,      /* `result` holds the task's result */
    TASK_ERROR,       /* `error` holds the failure */
    TASK_TIMEOUT,     /* the task timed out (States.Timeout) */
    TASK_IN_FLIGHT    /* `job` works on the answer; the engine owns the job from here */
} task_answer_kind;

typedef struct {
    int fd;
    short events;          /* poll(2) events: POLLIN, POLLOUT */
} task_wait_fd;

struct task_answer;

typedef struct {
    /* Writes up to max descriptors into out; returns how many the job waits on. */
    size_t (*fds)(void *self, task_wait_fd *out, size_t max);
    int64_t (*deadline_ms)(void *self);
    bool (*progress)(void *self, struct task_answer *out);
    void (*cancel)(void *self);
    void (*free)(void *self);
} task_job_ops;

typedef struct {
    const task_job_ops *ops;   /* NULL: no job */
    void *self;
} task_job;

typedef struct task_answer {
    task_answer_kind kind;
    task_job job;        /* TASK_IN_FLIGHT: the work under way (ownership passes to the
                            engine when the resolver returns) */
    jv *result;          /* TASK_RESULT: owned by the answer */
    asl_error error;     /* TASK_ERROR */
    /* For a .waitForTaskToken task: true when the result is the callback's (a mock's
     * Return, as in Step Functions Local), false when it is the call's response (a
     * handler's), after which the task waits for its token. */
    bool final;
    /* Virtual time the answered work took (a simulated .sync job), in ms: the clock moves
     * this far before the answer is applied (0: none). */
    int64_t elapsed_ms;
    /* A .sync task's start response (the history's TaskSubmitted output), or NULL; also a
     * .waitForTaskToken task's final answer may carry the call's response, which the history
     * shows as TaskSubmitted before the answer (states:startExecution.waitForTaskToken). */
    jv *submitted;
    /* Optional, for the user: what answered ("mock response X #2", "handler ./h.py"),
     * and anything the resolver wants shown (a handler's stderr). Owned. */
    char *source;
    char *log;
    /* Optional: the requests sent to real endpoints for this answer, an array of records
     * the engine does not look at (the program's http_record.h: method, URL, status, time,
     * masked headers and bodies), for the debugger to list. Owned. */
    jv *requests;
} task_answer;

typedef task_answer_kind (*task_resolve_fn)(void *user, const task_call *call, task_answer *out);

typedef struct {
    const char *name;        /* "mock-config", "handlers", ... */
    task_resolve_fn resolve;
    void *user;
} task_resolver;

/* Activities (exec_options.activities, for a caller whose workers poll for activity tasks:
 * `sfdbg serve`, the debugger with --listen). exists says whether an activity ARN names an
 * activity; it is called inside exec_step, like a resolver, and must not block. */
typedef struct {
    bool (*exists)(void *user, const char *activity_arn);
    void *user;
} task_activities;

void task_answer_init(task_answer *a);
/* Frees what the answer owns, a job included (task_job_free). */
void task_answer_cleanup(task_answer *a);

/* The job's calls, NULL-safe on a job with no ops. */
size_t task_job_fds(const task_job *j, task_wait_fd *out, size_t max);
int64_t task_job_deadline(const task_job *j);
bool task_job_progress(task_job *j, task_answer *out);
void task_job_cancel(task_job *j);
/* Frees the job (stopping its work) and clears it. */
void task_job_free(task_job *j);

/* The history's resourceType / resource split of a Resource ("lambda" / "invoke",
 * "sqs" / "sendMessage.waitForTaskToken", "aws-sdk:dynamodb" / "getItem"). Written into
 * the buffers; for Lambda and activity ARNs both are the whole ARN's parts AWS shows. */
void task_resource_names(const char *resource, char *type_buf, size_t type_n, char *name_buf,
                         size_t name_n);

#endif
