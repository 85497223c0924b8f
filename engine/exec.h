/*
 * exec — one execution of a state machine, advanced by the caller one step at a time.
 *
 * exec_step() performs exactly one transition — it runs the current state (entering it,
 * evaluating every data-flow stage, leaving it) and moves to the next — and reports what
 * happened. Nothing runs behind the caller's back: no threads, no sleeping; time comes from
 * a virtual clock that Wait states advance instantly (the program sleeps for --real-time).
 *
 * An execution records:
 *  - the history, as GetExecutionHistory events (exec_event, exec_history_json);
 *  - the data-flow record: for every state visit, the value after every stage
 *    (exec_visit; stage names are the TestState API's inspectionData names).
 * Recorded values are shared references to immutable jv values, never copies.
 *
 * The execution borrows the definition (which must outlive it) and owns everything else.
 */
#ifndef SFDBG_EXEC_H
#define SFDBG_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "choice_explain.h"
#include "definition.h"
#include "jv.h"
#include "record_pool.h"
#include "task.h"
#include "tokengen.h"

typedef struct sfn_exec sfn_exec;

typedef struct {
    const char *state_machine_name;   /* default "StateMachine" */
    const char *execution_name;       /* NULL: a UUID from the execution's random stream */
    const char *account;              /* default "123456789012" */
    const char *region;               /* default "us-east-1" */
    /* The state machine's role ($$.Execution.RoleArn, ExecutionStarted's roleArn); NULL:
     * arn:aws:iam::ACCOUNT:role/service-role/StepFunctions-NAME-role */
    const char *role_arn;
    bool express;
    int64_t start_time_ms;            /* the virtual clock's start (epoch ms) */
    bool has_seed;
    uint64_t seed;                    /* UUIDs, names, random numbers (and tokens, below) */
    /* Task tokens come from their own stream keyed by token_key (tokengen.h). Without
     * has_token_key the key is derived from the seed under has_seed (reproducible, so
     * predictable) and otherwise drawn from getrandom(2) for this execution alone. A
     * caller that re-executes (the debugger's step back) fixes the key to replay tokens. */
    bool has_token_key;
    uint8_t token_key[TOKENGEN_KEY_BYTES];
    long max_events;                  /* history event limit; default 25000; 0 none */
    /* Bytes the execution's records (history events, state visits and the JSON values
     * only they keep alive) may take; default 1 GiB; 0 none. Reaching it fails the
     * execution with States.Runtime, as the event limit does. */
    size_t max_memory;
    size_t max_payload;               /* bytes; default 262144; 0 none */
    bool record_history;              /* default true */
    bool record_visits;               /* default true */
    const task_resolver *resolvers;   /* asked in order for each task (borrowed) */
    size_t nresolvers;
    /* A task no resolver answers waits for the caller to answer it (exec_send_task_*),
     * as the debugger does by asking the user; false: it fails with States.Runtime. */
    bool defer_unanswered;
    /* Activity workers (task.h; borrowed; NULL: an activity Task is answered as any task).
     * An activity Task whose activity does not exist fails with States.Runtime before it is
     * scheduled, as on AWS; one no resolver answers is scheduled (ActivityScheduled) and
     * waits for a worker (exec_pending: activity, not started): exec_activity_start gives
     * it to one (ActivityStarted with the worker's name; its HeartbeatSeconds count from
     * there), which answers it with exec_send_task_* and the pending token. */
    const task_activities *activities;
    /* Every allocation of this execution's calls (borrowed; NULL: the caller's current
     * one, see alloc.h). */
    const engine_allocator *alloc;
    /* Where the records' chunks (events, visits, what visits keep in bulk) come from and go
     * back to on exec_free (record_pool.h): a caller that runs many executions keeps one so
     * that each writes into memory the one before used. Borrowed (it must outlive the
     * execution); NULL: the records' own allocations. max_memory counts the records alike. */
    record_pool *record_pool;
    /* The S3 store (objstore.h) that ItemReader and ResultWriter use; NULL: none. The
     * aws-sdk:s3 tasks reach it through their resolver (services/s3.h). Borrowed. */
    struct objstore *s3;
    /* TestState's context: an object whose members override, member by member (objects
     * merged, anything else replaced), the context object ($$) every state sees. Borrowed;
     * NULL: none. */
    const jv *context;
} exec_options;

void exec_options_init(exec_options *o);

typedef enum {
    EXEC_RUNNING,
    EXEC_SUCCEEDED,
    EXEC_FAILED,
    EXEC_TIMED_OUT,
    EXEC_ABORTED
} exec_status;

const char *exec_status_name(exec_status s);   /* "RUNNING", "SUCCEEDED", ... */

/* ---- history events ---- */
typedef enum {
    EV_EXECUTION_STARTED,
    EV_EXECUTION_SUCCEEDED,
    EV_EXECUTION_FAILED,
    EV_EXECUTION_TIMED_OUT,
    EV_EXECUTION_ABORTED,
    EV_STATE_ENTERED,        /* <Type>StateEntered */
    EV_STATE_EXITED,         /* <Type>StateExited */
    /* a Task's invocation; the name depends on its resource: Task*, LambdaFunction*
     * (Lambda ARNs) or Activity* (activity ARNs) */
    EV_TASK_SCHEDULED,
    EV_TASK_STARTED,
    EV_TASK_SUBMITTED,
    EV_TASK_SUCCEEDED,
    EV_TASK_FAILED,
    EV_TASK_TIMED_OUT,
    /* Parallel and Map (exec_event.index: the iteration's index; MapStateStarted: the
     * number of iterations). The Parallel and Map groups have the same layout. Children run
     * one at a time, so none is ever running when another fails: AWS's *Aborted events for
     * the children still running then have no counterpart here, and a stop records
     * ExecutionAborted alone, as AWS does (docs/semantics.md). */
    EV_PARALLEL_STARTED,
    EV_PARALLEL_SUCCEEDED,
    EV_PARALLEL_FAILED,
    EV_MAP_STARTED,
    EV_MAP_SUCCEEDED,
    EV_MAP_FAILED,
    EV_MAP_ITERATION_STARTED,
    EV_MAP_ITERATION_SUCCEEDED,
    EV_MAP_ITERATION_FAILED,
    EV_MAP_RUN_STARTED,      /* a distributed Map's run (exec_event.map_run_arn) */
    EV_MAP_RUN_SUCCEEDED,
    EV_MAP_RUN_FAILED,
    EV_EVALUATION_FAILED,    /* a JSONata expression failed (error, cause, location) */
    EV_EXECUTION_REDRIVEN,   /* exec_redrive (exec_event.index: the redrive count) */
} exec_event_type;

/* What few events have (failures, TaskScheduled, MapRunStarted, EvaluationFailed, a
 * StateExited with Assign), kept out of line so that the events every transition writes
 * stay small: exec_event_details gives it for any event (all zero/NULL for most). */
typedef struct {
    char *error, *cause;     /* failure events; either may be NULL */
    long timeout_seconds;    /* TaskScheduled: 0 when the task has none */
    long heartbeat_seconds;
    char *role_arn;          /* TaskScheduled: the task's Credentials role, or NULL */
    char *map_run_arn;       /* MapRunStarted */
    const jv *assigned;      /* StateExited: the values the state's Assign set, or NULL */
    char *location;          /* EvaluationFailed: the field, e.g. "Output/result" */
} exec_event_detail;

typedef struct {
    exec_event_type type;
    int32_t frame;           /* the frame (exec_frame_info.id) the event happened in */
    int32_t id, previous_id; /* a history ends before its ids pass 32 bits (EXEC_EVENT_ID_MAX) */
    int64_t timestamp_ms;
    const asl_state *state;  /* state events */
    const jv *data;          /* input (entered, started, scheduled), an activity's worker
                                name (ActivityStarted from exec_activity_start, a string)
                                or output (exited,
                                submitted, succeeded); owned by the execution, const so
                                that a reader cannot build on it (exec_release_record) */
    long index;              /* MapIteration*: the iteration; MapStateStarted: the length */
    const exec_event_detail *detail; /* NULL: none (read it with exec_event_details) */
} exec_event;

/* The event's details; an empty one (all zero) when it has none. Never NULL. */
extern const exec_event_detail exec_event_no_detail;
static inline const exec_event_detail *exec_event_details(const exec_event *e)
{
    return e->detail ? e->detail : &exec_event_no_detail;
}

/* The last id an event may have: an execution that would pass it fails as at the event limit
 * (max_events), whatever that is (0 included). */
#define EXEC_EVENT_ID_MAX (INT32_MAX - 16)

/* "ExecutionStarted", "PassStateEntered", ... written into buf */
const char *exec_event_name(const exec_event *e, char *buf, size_t n);

/* ---- data-flow record ---- */
typedef enum {
    EXEC_STAGE_INPUT,
    EXEC_STAGE_AFTER_INPUT_PATH,
    EXEC_STAGE_AFTER_ITEMS_PATH,     /* Map: the items */
    EXEC_STAGE_AFTER_ITEM_SELECTOR,  /* Map: every iteration's input, in order */
    EXEC_STAGE_AFTER_ITEM_BATCHER,   /* Map with an ItemBatcher: the batches */
    EXEC_STAGE_AFTER_PARAMETERS,
    EXEC_STAGE_RESULT,
    EXEC_STAGE_AFTER_RESULT_SELECTOR,
    EXEC_STAGE_AFTER_RESULT_PATH,
    EXEC_STAGE_OUTPUT,
    EXEC_STAGE_COUNT
} exec_stage;

const char *exec_stage_name(exec_stage s);   /* "input", "afterInputPath", ... */
/* Whether a state of its type has the stage at all: the item stages are Map's; a Choice, Wait
 * or Succeed has only input, afterInputPath and output, a Fail only its input, a Pass no
 * afterResultSelector. A JSONata state has no path stages: input, Arguments (Task and
 * Parallel), Map's item stages, result (Task, Parallel, Map) and output. */
bool exec_stage_applies(const asl_state *state, exec_stage s);
/* The stage's name for a state of its query language: a JSONata Task's or Parallel's
 * Arguments are "afterArguments" (TestState's name), the rest as exec_stage_name. */
const char *exec_stage_label(const asl_state *state, exec_stage s);

/* What a visit has when it failed, was caught or retried, or ran a Task, or its state's
 * Assign set something: kept out of line, so that the visits of most states stay small
 * (exec_visit_details gives it for any visit). */
typedef struct {
    char *error, *cause;          /* the visit failed, or (caught) its error was caught */
    long retries;                 /* Task/Parallel/Map: retries so far ($$.State.RetryCount) */
    bool caught;                  /* a catcher took the error; error/cause say which */
    bool waiting;                 /* a callback task is waiting for its token */
    char *task_source;            /* what answered the latest attempt ("handler ./h.pl") */
    char *task_log;               /* what it wrote for the user (a handler's stderr), or NULL */
    const jv *assigned;           /* what the state's Assign set when it left, or NULL */
    /* The stages the visit has no slot for that hold a value other than its input, by
     * exec_stage (EXEC_STAGE_COUNT entries), or NULL: none */
    const jv **stage_values;
    /* TestState's errorDetails: the retrier that took the latest failure (-1: none) and its
     * wait, or the catcher that took it (-1: none) */
    long retry_index;
    int64_t retry_delay_ms;
    long catch_index;
} exec_visit_detail;

typedef struct {
    const asl_state *state;
    int32_t frame;                /* the frame the visit ran in (exec_frame_info.id) */
    int32_t entered_event_id;
    /* Read a stage with exec_visit_stage. Bit s of `stages`: the visit has a slot for stage s
     * (of the stages its state has, those its fields may change); of `same`: stage s, which
     * has no slot, ran and passed the input on unchanged (no field of the state changes it:
     * most stages of most states). A stage without either is in detail->stage_values. */
    uint16_t stages, same;
    bool explained;               /* a Choice that explained itself: exec_visit_choice */
    int64_t entered_ms;
    const jv *context_base;       /* a distributed Map child execution's $$.Execution and
                                     $$.StateMachine; NULL: the execution's own */
    const jv *variables;          /* the variables in scope when the state started (an
                                     object, inner scopes over outer), or NULL: none */
    const exec_visit_detail *detail; /* NULL: none (read it with exec_visit_details) */
    /* One value per bit of `stages`, in stage order; NULL: the stage did not run. Owned by
     * the execution, const to its readers as event data is. */
    const jv *slot[];
} exec_visit;

/* The bits set in a stage mask (inline: no library call without a popcount instruction). */
static inline unsigned exec_stage_count(unsigned mask)
{
    mask = mask - ((mask >> 1) & 0x5555u);
    mask = (mask & 0x3333u) + ((mask >> 2) & 0x3333u);
    mask = (mask + (mask >> 4)) & 0x0f0fu;
    return (mask + (mask >> 8)) & 0x1fu;
}
/* The value after stage s, or NULL: the stage did not run or the state has none. */
static inline const jv *exec_visit_stage(const exec_visit *v, exec_stage s)
{
    if ((unsigned)s >= EXEC_STAGE_COUNT)
        return NULL;
    unsigned bit = 1u << s;
    if (v->stages & bit)
        return v->slot[exec_stage_count(v->stages & (bit - 1))];
    if (v->same & bit)
        return v->slot[0];
    return v->detail && v->detail->stage_values ? v->detail->stage_values[s] : NULL;
}
/* A Choice visit's explanation: how it decided (choice_explain.h), or NULL. It is kept after
 * the visit's slots, in the visit's own allocation. */
static inline const choice_explain *exec_visit_choice(const exec_visit *v)
{
    return v->explained ? (const choice_explain *)&v->slot[exec_stage_count(v->stages)] : NULL;
}
/* The visit's details; an empty one (NULLs, 0, retry_index and catch_index -1) when it has
 * none. Never NULL. (exec_visit_stage reads its stage_values.) */
extern const exec_visit_detail exec_visit_no_detail;
static inline const exec_visit_detail *exec_visit_details(const exec_visit *v)
{
    return v->detail ? v->detail : &exec_visit_no_detail;
}

/* ---- stepping ---- */
typedef enum {
    EXEC_STEP_STATE_DONE,   /* a state ran; the execution moved to the next one */
    EXEC_STEP_FINISHED,     /* the execution ended (see exec_status_of) */
    EXEC_STEP_IDLE,         /* nothing to do: the execution had already ended */
    EXEC_STEP_WAITING,      /* a task waits for its token (exec_pending_task) */
    EXEC_STEP_RETRY,        /* a task failed and will be retried on the next step */
    EXEC_STEP_CAUGHT,       /* a task's error was caught; the execution moved to the
                               catcher's state */
    EXEC_STEP_IN_FLIGHT,    /* a task's answer is under way (a resolver's job): the caller
                               waits for it and drives it (below); the step is not over */
    EXEC_STEP_ENTERED       /* exec_step_into: a Parallel/Map started; its first child is
                               live (exec_frame_child) and has not run yet */
} exec_step_kind;

typedef struct {
    exec_step_kind kind;
    const asl_state *state;   /* the state that ran (NULL for IDLE) */
    long visit;               /* index of its data-flow record, -1 when none */
    int64_t waited_ms;        /* virtual time the step advanced (Wait states) */
} exec_step_result;

/* The input is borrowed. Never NULL. */
sfn_exec *exec_new(const asl_definition *def, const jv *input, const exec_options *opts);
void exec_free(sfn_exec *ex);

exec_step_result exec_step(sfn_exec *ex);
/* Steps until the execution ends, a task goes in flight (it never waits for one: drive
 * the job, then call it again), or max_steps steps (0 = unbounded); returns the status. */
exec_status exec_run(sfn_exec *ex, long max_steps);

exec_status exec_status_of(const sfn_exec *ex);
const asl_state *exec_current_state(const sfn_exec *ex);   /* about to run; NULL when ended */
const jv *exec_current_input(const sfn_exec *ex);          /* its input; NULL when ended */
const jv *exec_output(const sfn_exec *ex);                 /* SUCCEEDED only */
const char *exec_error(const sfn_exec *ex);                /* FAILED / TIMED_OUT; may be NULL */
const char *exec_cause(const sfn_exec *ex);
int64_t exec_clock_ms(const sfn_exec *ex);
const char *exec_execution_arn(const sfn_exec *ex);

size_t exec_event_count(const sfn_exec *ex);
const exec_event *exec_event_at(const sfn_exec *ex, size_t i);
size_t exec_visit_count(const sfn_exec *ex);
const exec_visit *exec_visit_at(const sfn_exec *ex, size_t i);

/* The context object ($$) as the visit's state saw it on entry (a new value). */
jv *exec_visit_context(const sfn_exec *ex, size_t visit);

/* {"events": [...]} in the GetExecutionHistory shape (input/output as JSON strings). */
jv *exec_history_json(const sfn_exec *ex);

/* Replaces the input of the state about to run (the debugger's payload edit). */
void exec_set_current_input(sfn_exec *ex, const jv *input);

/* StopExecution: a running execution ends ABORTED (ExecutionAborted with error and cause,
 * either may be NULL), a task in flight is cancelled first (its process group killed), and
 * a waiting token's task is over (sending to it then says TaskDoesNotExist). False when the
 * execution had already ended. */
bool exec_abort(sfn_exec *ex, const char *error, const char *cause);

/* RedriveExecution: a FAILED, TIMED_OUT or ABORTED STANDARD execution runs on from the
 * state of the top level that did not succeed, with the input that state had; the history
 * goes on (ExecutionRedriven, redriveCount), $$.Execution.RedriveCount counts the redrives
 * and RedriveTime is the redrive's. A Parallel or Map that did not succeed runs again as a
 * whole (AWS reruns only its failed branches and iterations). The virtual clock moves to
 * now_ms when that is later; the execution's TimeoutSeconds counts from the redrive. False
 * with err filled (AWS's reason) when it cannot be redriven. */
bool exec_redrivable(const sfn_exec *ex, char *err, size_t n);
bool exec_redrive(sfn_exec *ex, int64_t now_ms, char *err, size_t n);
long exec_redrive_count(const sfn_exec *ex);
int64_t exec_redrive_ms(const sfn_exec *ex);   /* -1: never redriven */

/* ---- frames ----
 *
 * Every thread of execution is a frame: the execution itself is frame 0; each Parallel
 * branch and each Map iteration runs in a child frame with its own current state, input,
 * Task in progress and data-flow records (exec_visit.frame, exec_event.frame).
 *
 * Children advance in a fixed order: a Parallel runs branch 0 to its end, then branch 1,
 * ...; a Map runs iteration 0 to its end, then iteration 1, ... (MaxConcurrency changes
 * nothing here; history events and mock invocation counts follow this order). A child's
 * frame exists from the moment it is next to run until it ends: a fan-out state has at
 * most one live child, created when the state starts and after each child ends. On the
 * virtual clock a Parallel's branches each start when the state started them and the state
 * ends at the latest branch's end (AWS runs them at once); a Map's iterations follow one
 * another.
 *
 * exec_step(ex) steps frame 0: stepping over a Parallel or Map runs it whole, stopping
 * only where a task inside a child waits for its token, goes in flight or is to be retried
 * (the step returns WAITING / IN_FLIGHT / RETRY with the child's state and visit); the next
 * exec_step resumes there. exec_step_frame steps one transition inside any live frame (it
 * returns EXEC_STEP_FINISHED when that frame ends; the parent's next step goes on with the
 * next child, or concludes the state). exec_pending and the task calls below act on the
 * frame whose task waits or is in flight. */
typedef enum {
    EXEC_FRAME_ROOT,
    EXEC_FRAME_PARALLEL_BRANCH,
    EXEC_FRAME_MAP_ITERATION
} exec_frame_kind;
typedef enum {
    EXEC_FRAME_RUNNING,
    EXEC_FRAME_SUCCEEDED,
    EXEC_FRAME_FAILED,
    EXEC_FRAME_ABORTED
} exec_frame_status;

typedef struct {
    long id;                   /* 0: the execution */
    long parent;               /* -1 for frame 0 */
    exec_frame_kind kind;
    long index;                /* the branch or iteration index (0 for frame 0) */
    const asl_state *owner;    /* the Parallel or Map state the frame runs for (NULL: 0) */
    const asl_state *state;    /* about to run (NULL when the frame ended) */
    const jv *input;           /* its input */
    exec_frame_status status;
    bool in_fanout;            /* the frame's current state is a Parallel/Map in progress */
    bool child_execution;      /* a distributed Map's iteration (or inside one): its events
                                  belong to a child execution, not to this history */
    long fanout_visit;         /* in_fanout: the Parallel/Map's visit (exec_visit_children),
                                  -1 when visits are not recorded or not in_fanout */
} exec_frame_info;

const char *exec_frame_kind_name(exec_frame_kind k);   /* "execution", "branch", "iteration" */
/* Frame ids run from 0 to exec_frame_limit() - 1; false for one that is not live. */
size_t exec_frame_limit(const sfn_exec *ex);
bool exec_frame_get(const sfn_exec *ex, long id, exec_frame_info *out);
/* The live child of a frame whose Parallel/Map is in progress, or -1. */
long exec_frame_child(const sfn_exec *ex, long id);
/* The variables a live frame's next state sees (an object: its own scope over its parents'),
 * new reference; NULL when the frame is not live. */
jv *exec_frame_variables(const sfn_exec *ex, long id);
/* The debugger's edit of a variable before the next state of a live frame: the value goes to
 * the nearest scope that has the name, else to the frame's own. False with a message in err
 * (the frame is not live, the name is not one Assign could set, the value is over 256 KiB). */
bool exec_set_variable(sfn_exec *ex, long frame, const char *name, const jv *value, char *err,
                       size_t errlen);
/* The debugger's edit of the input of the state about to run in a live frame (a branch's
 * or iteration's first state included): it replaces exec_frame_info.input. False with a
 * message in err when the frame is not live, its state has started (a task waiting, in
 * flight or between retries; a Parallel/Map in progress) or the execution has ended.
 * exec_set_current_input is this for frame 0, ignoring the reason. */
bool exec_set_frame_input(sfn_exec *ex, long frame, const jv *input, char *err, size_t errlen);
/* One transition inside frame id (IDLE when it is not live). */
exec_step_result exec_step_frame(sfn_exec *ex, long id);
/* As exec_step_frame, but a Parallel/Map that starts stops there (EXEC_STEP_ENTERED): the
 * caller then steps its children with exec_step_frame (the debugger's "step into"). */
exec_step_result exec_step_into(sfn_exec *ex, long id);
/* Steps frame id until it ends (EXEC_STEP_FINISHED) or a task in it waits or goes in flight
 * (the debugger's "finish"). */
exec_step_result exec_finish_frame(sfn_exec *ex, long id);

/* ---- a Parallel's or Map's children, per visit ----
 *
 * What became of each branch or iteration of a Parallel/Map visit (the latest attempt after
 * a retry; a failing child stops the rest, which stay NOT_RUN), kept with the visit (so
 * only when visits are recorded): 9 bytes per child, plus the failed ones' error and cause
 * in a list of the failures alone. A child's frame id finds its visits (exec_visit.frame).
 * A Distributed Map that streams its ItemReader does not know its children in advance: its
 * log counts those started so far. */
typedef enum {
    EXEC_CHILD_NOT_RUN,
    EXEC_CHILD_RUNNING,
    EXEC_CHILD_SUCCEEDED,
    EXEC_CHILD_FAILED
} exec_child_status;

typedef struct {
    exec_child_status status;
    long frame;                /* the child's frame id; -1 when it has not run */
    const char *error, *cause; /* FAILED: either may be NULL (owned by the execution) */
    bool dropped;              /* its visits were not kept (the bound below) */
} exec_child_info;

/* A distributed Map's iterations are child executions, and a Map Run of a million of them
 * must not keep a million children's visits. When one ends, its visits (and the logs of the
 * Parallels and Maps inside it) are kept if it is among the first EXEC_KEEP_CHILDREN of
 * its Map Run (by index), among the first EXEC_KEEP_FAILED that failed, or marked with
 * exec_keep_frame; otherwise they are dropped (exec_child_info.dropped) and only its status,
 * its error and its result (where the Map needs it) stay. Inline Maps and Parallels keep
 * every child's visits (the history's 25,000 events bound them). */
#define EXEC_KEEP_CHILDREN 1000
#define EXEC_KEEP_FAILED 1000
/* Keeps the visits of the child execution that live frame id is in (or is), whatever the
 * bound: the debugger marks the frame it stopped in. False when the frame is not live. */
bool exec_keep_frame(sfn_exec *ex, long id);

const char *exec_child_status_name(exec_child_status s);   /* "not run", "running", ... */
/* The visit's branches or iterations; 0 for another state's visit, or a Parallel/Map whose
 * input stages failed before its children started. */
size_t exec_visit_children(const sfn_exec *ex, size_t visit);
bool exec_visit_child(const sfn_exec *ex, size_t visit, size_t i, exec_child_info *out);
/* How many of the visit's children failed, and the n-th (0 first) one's index (-1 past the
 * last), in index order. */
size_t exec_visit_failed_children(const sfn_exec *ex, size_t visit);
long exec_visit_failed_child(const sfn_exec *ex, size_t visit, size_t n);

/* ---- tasks in flight ----
 *
 * A resolver may answer with a job (task.h, TASK_IN_FLIGHT): a handler program that runs,
 * a request under way. exec_step then returns EXEC_STEP_IN_FLIGHT (its visit is the task's)
 * and the execution stays inside that state: TaskScheduled and TaskStarted are recorded,
 * the virtual clock does not move. The caller waits until one of exec_task_fds is ready
 * or exec_task_deadline passes (poll(2)), calls exec_task_progress, and once it returns
 * true calls exec_step, which applies the answer exactly as a synchronous one (the same
 * events, retries, catchers; a .waitForTaskToken task then waits for its token). An
 * exec_step while the job is still at work looks at it once (as exec_task_progress does)
 * and returns EXEC_STEP_IN_FLIGHT again, changing nothing: a loop of exec_step alone is
 * correct, only busy. exec_pending is NULL meanwhile (nothing can be sent yet).
 *
 * exec_task_cancel stops the job (its process group is killed) and the task is then as
 * one nothing answered: the next step makes it wait for the caller's answer under
 * defer_unanswered (the debugger's result dialog; a callback task waits for its token as
 * when its call went nowhere), or fails it with States.Runtime saying it was cancelled.
 * exec_free frees a job still in flight, which stops it. */
bool exec_task_in_flight(const sfn_exec *ex);
/* Writes up to max descriptors the job waits on (fd and poll events); returns the count. */
size_t exec_task_fds(const sfn_exec *ex, task_wait_fd *out, size_t max);
/* When exec_task_progress must be called even if no descriptor is ready: CLOCK_MONOTONIC
 * ms, -1 for none (or when nothing is in flight). */
int64_t exec_task_deadline(const sfn_exec *ex);
/* Non-blocking: lets the job do what is ready. True when its answer is in (the next
 * exec_step applies it), and when nothing is in flight. */
bool exec_task_progress(sfn_exec *ex);
/* Stops the job in flight; false when there is none. The next step applies the cancel. */
bool exec_task_cancel(sfn_exec *ex);

/* ---- task tokens (.waitForTaskToken) ---- */
typedef struct {
    const asl_state *state;
    const char *token;
    bool answered;            /* an answer is in; the next step completes the task */
    bool needs_result;        /* nothing answered the task (defer_unanswered): the answer
                                 is the task's own result, not a callback's */
    bool activity;            /* an activity's task waiting for a worker (activities) */
    bool started;             /* activity: a worker has it (exec_activity_start) */
} exec_pending_task;

/* The task waiting for its token, or NULL. */
const exec_pending_task *exec_pending(const sfn_exec *ex);

typedef enum {
    EXEC_SEND_OK,
    EXEC_SEND_INVALID_TOKEN,      /* no task ever had this token (AWS: InvalidToken) */
    EXEC_SEND_TASK_DOES_NOT_EXIST,/* the token's task is over (AWS: TaskDoesNotExist) */
    EXEC_SEND_INVALID_OUTPUT,     /* output not JSON or over 256 KiB (AWS: InvalidOutput) */
    EXEC_SEND_INVALID_ARGUMENT,   /* error over 256 or cause over 32,768 characters */
    EXEC_SEND_TASK_TIMED_OUT      /* the token's task timed out (AWS: TaskTimedOut) */
} exec_send_status;

const char *exec_send_status_name(exec_send_status s);   /* AWS's exception names */
/* SendTaskSuccess: output is JSON text (at most 262,144 bytes). The next step completes
 * the task. A message for the user goes into err. */
exec_send_status exec_send_task_success(sfn_exec *ex, const char *token, const char *output,
                                        char *err, size_t errlen);
exec_send_status exec_send_task_failure(sfn_exec *ex, const char *token, const char *error,
                                        const char *cause, char *err, size_t errlen);
/* SendTaskHeartbeat: resets the heartbeat clock; writes no event. */
exec_send_status exec_send_task_heartbeat(sfn_exec *ex, const char *token, char *err,
                                          size_t errlen);
/* An activity's waiting task goes to a worker: ActivityStarted with worker_name (NULL or
 * "": none given), its heartbeat clock starts. EXEC_SEND_TASK_DOES_NOT_EXIST when the
 * token's task is not an activity's waiting for a worker (or the event limit ended the
 * execution with this event); the other refusals as exec_send_task_heartbeat's. */
exec_send_status exec_activity_start(sfn_exec *ex, const char *token, const char *worker_name,
                                     char *err, size_t errlen);
/* Lets the waiting task time out: the virtual clock jumps to its TimeoutSeconds or
 * HeartbeatSeconds deadline, whichever comes first; the next step handles the timeout.
 * False when no task is waiting. */
bool exec_expire_wait(sfn_exec *ex);

#endif
