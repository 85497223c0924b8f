/*
 * serve_internal — the registry's structures, shared by serve_exec.c (executions and the
 * driver thread), serve_machine.c (state machines) and serve_view.c (rendering answers).
 * Everything here is touched only under serve_registry.mu.
 */
#ifndef SFDBG_SERVE_INTERNAL_H
#define SFDBG_SERVE_INTERNAL_H

#include <pthread.h>

#include "definition.h"
#include "exec.h"
#include "rng.h"
#include "serve_exec.h"

/* What a state machine runs: its definition and role since its creation or its last
 * UpdateStateMachine. An execution keeps the revision it started with. */
typedef struct {
    char *definition, *role_arn;
    char *revision_id;                /* NULL until an UpdateStateMachine */
    asl_definition *def;
    int64_t update_ms;                /* epoch; the creation's until an update */
    size_t refs;                      /* its machine's (while current) + executions' */
} serve_revision;

typedef struct {
    char *name, *arn;
    bool express;
    serve_revision *rev;              /* the current one */
    int64_t created_ms;               /* epoch */
    bool deleted;                     /* DeleteStateMachine: out of every lookup */
    size_t refs;                      /* the registry's (until deleted) + its executions' */
} serve_machine;

typedef enum {
    SERVE_RUNNABLE,                   /* the driver steps it */
    SERVE_IN_FLIGHT,                  /* a task's job is at work: the driver polls it */
    SERVE_WAITING,                    /* a task waits for its token (until wake_ms) */
    SERVE_SLEEPING,                   /* --real-time: a Wait until wake_ms */
    SERVE_DONE
} serve_phase;

typedef struct {
    uint64_t serial;                  /* start order, from 0 */
    serve_machine *sm;
    serve_revision *rev;              /* what it runs (a reference) */
    sfn_exec *ex;
    jv *input;                        /* the execution borrows it */
    char *input_text;                 /* as the client gave it */
    char *name;
    serve_phase phase;
    int64_t wake_ms;                  /* monotonic; -1: none */
    int64_t wait_deadline_ms;         /* WAITING: TimeoutSeconds' end, -1 none */
    long heartbeat_s;                 /* WAITING: the task's HeartbeatSeconds, 0 none (or
                                         not yet: an activity's counts once a worker has it) */
    uint64_t wait_seq;                /* WAITING: the order it began waiting in (activity
                                         tasks go to workers oldest first) */
    bool sync;                        /* StartSyncExecution's: its caller frees it */
    int64_t stopped_ms;               /* epoch, real: when it last ended (redrive window) */
    char *redrive_token;              /* the last RedriveExecution's clientToken, or NULL */
    task_resolver resolvers[SERVE_MAX_RESOLVERS + 1];   /* a test case's mocks first */
    size_t nresolvers;
} serve_execution;

/* CreateActivity's: its workers poll it with GetActivityTask. */
typedef struct {
    char *name, *arn;
    char *encryption;                 /* encryptionConfiguration as JSON text, or NULL */
    int64_t created_ms;               /* epoch */
} serve_activity;

struct serve_registry {
    serve_config cfg;
    pthread_mutex_t mu;
    pthread_cond_t done;              /* broadcast when an execution ends */
    pthread_t driver;
    bool driver_started, stopping;
    int wake[2];                      /* a byte in wake[1] wakes the driver's poll */
    serve_machine **machines;         /* in creation order */
    size_t nmachines, cap_machines;
    serve_execution **execs;          /* in start order */
    size_t nexecs, cap_execs;
    /* what the executions' history borrows its memory from, so that an execution forgotten
     * (a finished one evicted, a StartSyncExecution's answered) hands it to the next; used
     * under mu only, as the executions are (record_pool.h is not thread-safe) */
    record_pool *records;
    uint64_t next_serial;
    serve_activity **activities;      /* in creation order */
    size_t nactivities, cap_activities;
    pthread_cond_t task_ready;        /* broadcast when an activity task waits for a worker */
    size_t npollers;                  /* GetActivityTask calls waiting at once */
    task_activities activity_hooks;   /* every execution's (serve_activity_exists) */
    uint64_t next_wait_seq;
    rng ids;                          /* revision ids: from --seed, else the OS */
};

/* serve_exec.c: a byte to the driver's wake-up pipe (it looks at the executions again) */
void serve_wake(serve_registry *r);
/* fn(r, req, e) under the registry's lock. */
typedef char *(*serve_op_fn)(serve_registry *r, const jv *req, serve_error *e);
char *serve_locked(serve_registry *r, const jv *req, serve_op_fn fn, serve_error *e);

/* serve_machine.c */
serve_machine *serve_machine_find(serve_registry *r, const char *arn, serve_error *e);
void serve_machine_release(serve_machine *sm);
void serve_revision_release(serve_revision *rev);
/* The execution of an ARN (not a StartSyncExecution's); NULL with e filled. */
serve_execution *serve_execution_find(serve_registry *r, const char *arn, serve_error *e);
/* Validates and loads a definition; NULL with e filled (InvalidDefinition, every problem). */
asl_definition *serve_machine_load(const char *text, bool express, serve_error *e);

/* serve_exec.c: an activity's task went to a worker: its HeartbeatSeconds count from now */
void serve_arm_heartbeat(serve_registry *r, serve_execution *x);

/* serve_activity.c: the activities, freed with the registry */
void serve_activities_free(serve_registry *r);
/* serve_activity.c: a task_activities' exists, user the registry (locked: in exec_step) */
bool serve_activity_exists(void *user, const char *arn);

/* serve_redrive.c: DescribeExecution's redriveStatus and redriveStatusReason (and
 * redriveDate once redriven) */
jv *serve_redrive_fields(const serve_execution *x, jv *o);

/* serve_view.c: answers as JSON text */
char *serve_view_execution(const serve_execution *x, bool sync, const jv *req);
char *serve_view_history(const serve_execution *x, const jv *req, serve_error *e);
char *serve_view_executions(serve_registry *r, const serve_machine *sm, const jv *req,
                            serve_error *e);
/* epoch ms as AWS JSON 1.0 timestamps: seconds, a number */
jv *serve_view_time(int64_t ms);
char *serve_view_dump_take(jv *v);
/* maxResults: 1..1000, 0 or absent: 100 */
size_t serve_req_max_results(const jv *req);

#endif
