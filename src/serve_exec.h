/*
 * serve_exec — `sfdbg serve`'s registry: the state machines created through the API, their
 * executions, and the one thread that runs them.
 *
 * Concurrency: the engine is single-threaded per object and its values are reference
 * counted without atomics, so every engine call, on any execution, is made under the
 * registry's one lock. The driver thread (started by serve_registry_new) steps every
 * runnable execution a slice at a time, round robin; while none is runnable it sleeps in
 * poll(2) on the descriptors of the tasks in flight (handler programs), a wake-up pipe and
 * the nearest deadline. The API's threads (one per connection, httpd.h) take the lock for
 * an operation, change or read the registry, render the answer as JSON text, and let go:
 * no engine value ever crosses the lock.
 *
 * Time: each execution's clock is the engine's virtual clock (Wait states pass at once)
 * starting at the real time of its start, or at --start-time; with real_time a Wait waits
 * for real. A task that waits for its token waits on the real clock whatever the mode: its
 * TimeoutSeconds / HeartbeatSeconds count real seconds (a heartbeat restarts the latter),
 * and when one passes the virtual clock jumps to that deadline and the task times out;
 * without either it waits until a client answers it or stops the execution.
 *
 * Bounds: at most max_state_machines state machines and max_executions executions are
 * kept; when the executions are full the oldest finished one is forgotten, and when all
 * are running StartExecution says ExecutionLimitExceeded. At most max_activities
 * activities; at most max_pollers GetActivityTask calls wait at once (each on its
 * connection's thread, on a condition variable the driver signals when an activity task is
 * scheduled, for activity_poll_ms at most), past them ActivityWorkerLimitExceeded.
 *
 * Activities: every execution's activity Tasks wait for a worker (exec_options.activities,
 * the registry's activities): GetActivityTask gives the oldest waiting task of its activity
 * to the caller (exec_activity_start) and SendTask* answers it as any token.
 *
 * Every operation takes the request as a parsed JSON object whose members sfn_api.c has
 * checked against the operation's shape (types, required members, lengths) and returns
 * the response body as malloc'd JSON text, or NULL with e filled (AWS's error name and
 * message).
 */
#ifndef SFDBG_SERVE_EXEC_H
#define SFDBG_SERVE_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jv.h"
#include "exec.h"
#include "task.h"

struct objstore;
struct mock_config;

typedef struct serve_registry serve_registry;

typedef struct {
    const char *region, *account;      /* borrowed for the registry's life */
    bool real_time;
    bool has_start_time;
    int64_t start_time_ms;
    bool has_seed;                     /* execution n (from 0) is seeded seed + n */
    uint64_t seed;
    long max_events;                   /* per execution, as exec_options */
    size_t max_payload;
    size_t max_memory;                 /* 0: the engine's default */
    size_t max_executions;
    size_t max_state_machines;
    size_t max_activities;
    int64_t activity_poll_ms;          /* GetActivityTask's long poll (AWS: 60 s) */
    size_t max_pollers;                /* GetActivityTask calls waiting at once */
    /* Asked for every task of every execution, under the lock (borrowed). */
    const task_resolver *resolvers;
    size_t nresolvers;                 /* at most SERVE_MAX_RESOLVERS */
    struct objstore *s3;
    /* Step Functions Local's mock config (SFN_MOCK_CONFIG / --mock-config), or NULL: a
     * StartExecution on STATE-MACHINE-ARN#TEST-CASE answers the case's mocked states
     * first. Borrowed. */
    const struct mock_config *mocks;
} serve_config;

#define SERVE_MAX_RESOLVERS 15

typedef struct {
    const char *type;                  /* AWS's error name ("ExecutionDoesNotExist") */
    char message[1024];
    char type_text[64];                /* type's text when it is no static string (an answer
                                        * from another thread's buffer): type points here */
} serve_error;

/* Starts the driver thread; NULL with err filled when it cannot. */
serve_registry *serve_registry_new(const serve_config *c, char *err, size_t errlen);
/* Stops the driver thread: nothing runs any more, a StartSyncExecution still waiting
 * answers its execution ABORTED, new executions are refused. Before httpd_stop, so that
 * no connection thread is left waiting. NULL-safe. */
void serve_registry_stop(serve_registry *r);
/* Stops (above) and frees every execution and state machine. NULL-safe. Only once no API
 * thread uses the registry (after httpd_stop). */
void serve_registry_free(serve_registry *r);

/* DescribeExecution's answer for an execution (sync: StartSyncExecution's shape, without
 * the fields AWS leaves out there); includedData METADATA_ONLY leaves out input and output.
 * serve_view.c; also --listen's (listen.c). */
char *serve_view_execution_of(const sfn_exec *ex, const char *sm_arn, const char *name,
                              const char *input_text, bool sync, const jv *req);
/* A GetExecutionHistory page (maxResults, nextToken, reverseOrder, includeExecutionData);
 * id names the execution in the nextTokens; NULL with e filled (a foreign nextToken). */
char *serve_view_history_of(const sfn_exec *ex, uint64_t id, const jv *req, serve_error *e);

/* The latest Scheduled event of a waiting task's state (its input: what a worker gets), or
 * NULL (p NULL too). serve_exec.c; also --listen's. */
const exec_event *serve_scheduled_event(const sfn_exec *ex, const exec_pending_task *p);
/* A request's string member, or NULL (sfn_api.c checked the type). */
const char *serve_req_string(const jv *req, const char *key);
/* The API's error name for a refused SendTask* (InvalidToken, TaskDoesNotExist, ...). */
const char *serve_send_error_name(exec_send_status s);

/* Fills e (printf-style message); returns NULL, for `return serve_fail(...)`. */
char *serve_fail(serve_error *e, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

char *serve_create_state_machine(serve_registry *r, const jv *req, serve_error *e);
char *serve_describe_state_machine(serve_registry *r, const jv *req, serve_error *e);
char *serve_list_state_machines(serve_registry *r, const jv *req, serve_error *e);
char *serve_delete_state_machine(serve_registry *r, const jv *req, serve_error *e);
char *serve_update_state_machine(serve_registry *r, const jv *req, serve_error *e);
char *serve_describe_state_machine_for_execution(serve_registry *r, const jv *req,
                                                 serve_error *e);
/* ValidateStateMachineDefinition (src/serve_validate.c): nothing registered. */
char *serve_validate_definition(serve_registry *r, const jv *req, serve_error *e);
char *serve_start_execution(serve_registry *r, const jv *req, serve_error *e);
/* Blocks the calling (connection) thread until the execution ends. */
char *serve_start_sync_execution(serve_registry *r, const jv *req, serve_error *e);
char *serve_describe_execution(serve_registry *r, const jv *req, serve_error *e);
char *serve_list_executions(serve_registry *r, const jv *req, serve_error *e);
char *serve_stop_execution(serve_registry *r, const jv *req, serve_error *e);
/* RedriveExecution (src/serve_redrive.c) */
char *serve_redrive_execution(serve_registry *r, const jv *req, serve_error *e);
char *serve_get_execution_history(serve_registry *r, const jv *req, serve_error *e);
char *serve_send_task_success(serve_registry *r, const jv *req, serve_error *e);
char *serve_send_task_failure(serve_registry *r, const jv *req, serve_error *e);
char *serve_send_task_heartbeat(serve_registry *r, const jv *req, serve_error *e);
/* Activities (src/serve_activity.c) */
char *serve_create_activity(serve_registry *r, const jv *req, serve_error *e);
char *serve_describe_activity(serve_registry *r, const jv *req, serve_error *e);
char *serve_delete_activity(serve_registry *r, const jv *req, serve_error *e);
char *serve_list_activities(serve_registry *r, const jv *req, serve_error *e);
/* Blocks the calling (connection) thread up to activity_poll_ms for a task. */
char *serve_get_activity_task(serve_registry *r, const jv *req, serve_error *e);
/* TestState (src/serve_teststate.c): one state on its own, nothing registered. */
char *serve_test_state(serve_registry *r, const jv *req, serve_error *e);

#endif
