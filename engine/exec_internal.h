/*
 * exec_internal — what the modules of the executor share (exec.c: life cycle, events and
 * accessors; exec_frame.c: frames, stepping one and fanning out to children;
 * exec_dataflow.c: the stages every state shares; exec_states.c: the simple state types;
 * exec_task.c: Task; exec_parallel.c / exec_map.c: the fan-out states; exec_history.c:
 * history export). Not part of the engine's public API.
 */
#ifndef SFDBG_EXEC_INTERNAL_H
#define SFDBG_EXEC_INTERNAL_H

#include "arena.h"
#include "asl_error.h"
#include "chunkvec.h"
#include "exec.h"
#include "rng.h"
#include "task.h"
#include "tokengen.h"

/* Task tokens issued by an execution, so a late or foreign answer gets AWS's error. */
typedef enum { TOKEN_PENDING, TOKEN_DONE, TOKEN_TIMED_OUT } exec_token_status;

typedef struct {
    char *token;
    exec_token_status status;
} exec_token;

/* Retry bookkeeping of a Task, Parallel or Map state. */
typedef struct {
    long *counts;                /* attempts per retrier */
    long total;                  /* retries so far: $$.State.RetryCount */
    bool pending;                /* the next step waits delay_ms, then retries */
    int64_t delay_ms;
} exec_retry_state;

/* A Task state between steps: waiting for its token, its resolver's job (in flight), or
 * about to be retried. */
typedef struct {
    bool active;
    const asl_state *state;
    long entered_id;
    long visit;                  /* index into visits, -1 when not recorded */
    jv *raw_input;               /* the state's input */
    exec_retry_state retry;
    bool waiting;                /* .waitForTaskToken: submitted, waiting for the token */
    exec_pending_task pending;   /* what exec_pending shows */
    char token[64];
    int64_t started_ms, heartbeat_from_ms;
    long timeout_seconds, heartbeat_seconds;  /* 0: none */
    bool answered;               /* an answer (or a timeout) is in for the next step */
    task_answer answer;
    /* A resolver's answer under way (TASK_IN_FLIGHT): job runs until its answer is in
     * `answer` (then job is freed); the next step applies it as a synchronous answer. */
    bool in_flight;
    task_job job;
    bool cancelled;              /* the caller cancelled the job (exec_task_cancel) */
    bool heartbeat_expired;      /* the deadline the task reached was HeartbeatSeconds' */
    bool awaiting_worker;        /* an activity's task no worker has yet (no heartbeat) */
} exec_task_state;

typedef enum { FANOUT_PARALLEL, FANOUT_MAP } exec_fanout_kind;

/* A Parallel or Map state in progress in a frame: its children run one at a time, in
 * order (exec.h, frames). */
typedef struct {
    exec_fanout_kind kind;
    const asl_state *state;
    long entered_id;
    long visit;                  /* index into visits, -1 when not recorded */
    jv *raw_input;               /* the state's input */
    jv *input;                   /* Parallel: every branch's input */
    jv *items;                   /* Map: the iterations' inputs (array), or NULL when */
    struct exec_map_stream *stream; /* a Distributed Map streams them (exec_map.h) */
    size_t count;                /* branches or iterations */
    size_t next;                 /* the next child to start */
    /* Parallel: the branches run at once on AWS, so each starts on the virtual clock at
     * start_ms (when the state started its children) and the state ends at the latest
     * branch's end, end_ms */
    int64_t start_ms, end_ms;
    long child;                  /* the live child's frame id, -1 */
    jv *results;                 /* the children's outputs, in order */
    size_t results_bytes;        /* their array's serialized size, less its brackets */
    bool results_over;           /* past the payload limit: dropped, the state fails */
    long failures;
    long failed_children;        /* failed children so far (exec_keep.c keeps the first) */
    long tolerated;              /* failures a Map tolerates; -1: none */
    bool failed;                 /* stopped: error/cause say why */
    char *error, *cause;
    exec_retry_state retry;
    /* a distributed Map's run: its ARN, and its ResultWriter (exec_map_writer.c) */
    char *map_run_arn;
    jv *writer_spec;             /* the ResultWriter evaluated, or NULL */
    struct resultwriter *writer;
    /* what every child execution's context shares: $$.StateMachine, the prefix of
     * $$.Execution.Id (made by the first child, exec_map_child_context) */
    jv *child_state_machine;
    char *child_id_prefix;
} exec_fanout;

/* A thread of execution (exec.h, frames). */
typedef struct {
    long id, parent;
    exec_frame_kind kind;
    long index;
    const asl_state *owner;
    exec_frame_status status;
    const asl_state *current;
    jv *current_input;
    jv *output;                  /* a child that succeeded */
    char *error, *cause;         /* a child that failed */
    exec_task_state task;
    exec_fanout *fanout;         /* the current state's children, while it runs */
    /* A distributed Map's iteration, or a frame inside one: a child execution of its own,
     * whose events are counted here and not recorded in this execution's history. */
    bool child_execution;
    long child_events;
    jv *variables;               /* Assign's variables of this scope (object), or NULL */
    jv *context_base;            /* a child execution's $$.Execution/StateMachine, or NULL */
    /* A distributed Map's iteration: where the records stood when it started, so that
     * they can be dropped when it ends, unless kept (exec_keep.c) */
    bool keep;                   /* exec_keep_frame: the caller stopped in it */
    size_t visits_from;
    arena_mark records_from;
    size_t bytes_from;
} exec_frame;

typedef struct exec_jsonata_cache exec_jsonata_cache;
typedef struct exec_child_log exec_child_log;   /* exec_children.c */

struct sfn_exec {
    const asl_definition *def;
    exec_jsonata_cache *jsonata;   /* compiled JSONata expressions (exec_jsonata_cache.c) */
    exec_options opts;
    char *sm_name, *exec_name, *account, *region;
    char *execution_arn, *state_machine_arn, *role_arn;

    exec_status status;
    int64_t clock_ms, start_ms, deadline_ms; /* deadline 0: no execution timeout */
    rng random;             /* UUIDs, names, random numbers: workflows see this stream */
    tokengen token_gen;     /* task tokens: a stream of their own no workflow sees */
    size_t recorded_bytes;  /* what the records take, as max_memory counts it */

    jv *execution_input;
    jv *context_base; /* {"Execution": {...}, "StateMachine": {...}} */
    exec_frame **frames;    /* by id; NULL once a child ended; [0] is the execution */
    size_t nframes, frames_cap;
    exec_frame *spare_frame; /* an ended child's, cleared, for the next child to reuse */
    exec_frame *blocked;    /* the frame whose task last waited or went in flight */
    long stepping;          /* the frame being stepped: events and visits name it */
    bool stop_at_fanout;    /* exec_step_into: a starting Parallel/Map does not run on */
    jv *output;
    char *error, *cause;

    long last_event_id;     /* id of the newest event (recorded or not) */
    bool entered_any_state; /* the first StateEntered points back to 0, as on AWS */
    chunkvec events;        /* exec_event: the history (exec_event_at) */
    chunkvec visits;        /* exec_visit: the data-flow records (exec_visit_at) */
    arena *records;         /* what the visits' records keep in bulk (Choice explanations) */

    exec_child_log *child_logs; /* per Parallel/Map visit, in visit order (exec_children.c) */
    size_t nchild_logs, child_logs_cap;
    /* RedriveExecution (exec_redrive.c): where frame 0 stood when the execution ended
     * unsuccessfully, and the redrives so far */
    const asl_state *redrive_state;
    jv *redrive_input;
    long redrive_count;
    int64_t redrive_ms;     /* the last redrive's (virtual) time */

    long *invocations;      /* per state index: how often each Task was invoked */
    exec_token *tokens;
    size_t ntokens, tokens_cap;
};

/* What running (part of) one state produced: an output and where to go next, a pending
 * task (nothing else happens this step), or a failure (the frame's err). */
typedef struct {
    jv *output;               /* on success */
    const asl_state *next;    /* NULL: the execution ends here */
    bool fail_state;          /* a Fail state: the execution fails with the frame's err */
    bool caught;              /* the output is a catcher's: next is the catcher's Next */
    exec_step_kind pending;   /* EXEC_STEP_WAITING / _RETRY / _IN_FLIGHT, else 0 */
    bool fanout;              /* a Parallel/Map started its children (frame->fanout) */
    int64_t waited_ms;        /* virtual time this state waits before leaving */
    jv *assigned;             /* Assign's values, set when the state leaves; or NULL */
} exec_outcome;

/* Everything one state visit evaluates against. */
typedef struct {
    sfn_exec *ex;
    exec_frame *frame;
    const asl_state *state;
    long entered_id;
    exec_visit *visit;    /* NULL when visits are not recorded */
    jv *context;          /* NULL when the state does not use $$ */
    asl_error *err;
} exec_ctx;

/* ---- exec.c ---- */
/* Appends (or, without history, only counts) an event; returns its id, or 0 when the
 * history or memory limit ended the execution instead. The returned event (NULL when not
 * recorded) can take extra details. */
long exec_emit(sfn_exec *ex, exec_event_type type, const asl_state *state, const jv *data,
               const char *error, const char *cause);
exec_event *exec_last_event(sfn_exec *ex, long id);
/* The event's details to fill in, made (zeroed, counted for max_memory) on first use. */
exec_event_detail *exec_event_detail_new(sfn_exec *ex, exec_event *e);
/* exec_emit of an event with no data that carries an index (a Map iteration's, the item
 * count of a fan-out's start): what a Map emits per item, so without exec_last_event. */
long exec_emit_indexed(sfn_exec *ex, exec_event_type type, const asl_state *state, long index,
                       const char *error, const char *cause);
/* Releases a value the records own. The records (exec_event.data, exec_visit.stage) hold
 * their own references behind const pointers, so that ui/ reading them through exec.h
 * cannot hand one to a builder; the execution that took those references gives them back
 * here, through the one cast this needs. */
static inline void exec_release_record(const jv *v)
{
    if (v)  /* most stages of most visits are NULL: no call for them */
        jv_unref((jv *)v);
}
/* Where stage s of v is kept, or NULL when v's state has no such stage. */
static inline const jv **exec_visit_slot(exec_visit *v, exec_stage s)
{
    unsigned bit = 1u << s;
    return v->stages & bit ? &v->slot[exec_stage_count(v->stages & (bit - 1))] : NULL;
}
/* Releases a visit's stage: a stage that is the visit's input holds no reference of its own
 * (exec_record shares the input's), so only the input itself and other values give one back. */
static inline void exec_visit_stage_release(exec_visit *v, exec_stage stage)
{
    const jv **slot = exec_visit_slot(v, stage);
    if (!slot) {
        v->same &= (uint16_t)~(1u << stage);
        if (v->detail && v->detail->stage_values) {
            exec_release_record(v->detail->stage_values[stage]);
            v->detail->stage_values[stage] = NULL;
        }
        return;
    }
    const jv *value = *slot;
    if (value && (stage == EXEC_STAGE_INPUT || value != v->slot[0]))
        exec_release_record(value);
    *slot = NULL;
}
/* The bytes of a visit with slots for these stages (a multiple of a pointer's: what follows
 * in the same allocation, a Choice's explanation, is aligned). */
static inline size_t exec_visit_size(unsigned stages)
{
    return offsetof(exec_visit, slot) + exec_stage_count(stages) * sizeof(jv *);
}
/* The visit's details to fill in, made (empty, counted for max_memory) on first use. */
exec_visit_detail *exec_visit_detail_new(sfn_exec *ex, exec_visit *v);
/* The stages a state has, a bit per exec_stage (exec_stage_applies). */
unsigned exec_stage_mask(const asl_state *state);
/* The stages a visit of the state keeps a slot for: those it has, but for those that pass
 * the input on in a state without the fields that would change them (exec_visit.same). */
unsigned exec_stage_slots(const asl_state *state);
/* Counts bytes the records now keep, for max_memory (checked at the next event). */
void exec_account(sfn_exec *ex, size_t bytes);
void exec_account_string(sfn_exec *ex, const char *s);   /* NULL-safe */
/* The context object as a state sees it (retry_count < 0: no RetryCount; token: Task), on
 * base ({"Execution", "StateMachine"}; NULL: the execution's). */
jv *exec_context_for(const sfn_exec *ex, const jv *base, const asl_state *s, int64_t entered_ms,
                     long retry_count, const char *token);
/* Advances the virtual clock; a move past the execution's TimeoutSeconds ends it
 * TIMED_OUT at the deadline instead (returns false). */
bool exec_advance_clock(sfn_exec *ex, int64_t ms);
/* Ends the step: records the output, leaves the state and moves on, or fails the frame
 * (frame 0: the execution). */
void exec_conclude(sfn_exec *ex, exec_ctx *f, exec_outcome *out, exec_step_result *r);
/* Ends the execution (FAILED, TIMED_OUT, ABORTED) with its terminal event. */
void exec_finish(sfn_exec *ex, exec_status status, const char *error, const char *cause);
/* {"Execution": {...}, "StateMachine": {...}} as $$ shows them */
jv *exec_build_context_base(const sfn_exec *ex);
bool exec_state_has_retry_count(const asl_state *s);
/* A new visit of s in fr (NULL when visits are not recorded). input: the frame's current
 * input, which the caller holds a reference to as well. */
exec_visit *exec_new_visit(sfn_exec *ex, exec_frame *fr, const asl_state *s, long entered_id,
                           const jv *input);

/* Drops the visits from index n on (a child execution's records not kept). */
void exec_visits_truncate(sfn_exec *ex, size_t n);

/* ---- exec_keep.c: which child executions' records stay once they end ---- */
/* A distributed Map's iteration starts: where the records stand now. */
void exec_keep_mark(sfn_exec *ex, exec_frame *child);
/* Whether the fan-out's children are child executions whose records may be dropped (inline:
 * an inline Map's every iteration asks). */
static inline bool exec_keep_applies(const sfn_exec *ex, const exec_fanout *fo)
{
    return ex->opts.record_visits && fo->kind == FANOUT_MAP && fo->state->map.distributed;
}
/* The child ended: its records kept (true) or dropped (false), by the bound in exec.h. */
bool exec_keep_records(sfn_exec *ex, exec_fanout *fo, const exec_frame *child);

/* ---- exec_redrive.c ---- */
/* The execution ends unsuccessfully: remembers frame 0's state and its input. */
void exec_redrive_mark(sfn_exec *ex);
/* The context base's Execution with RedriveCount (and RedriveTime once redriven). */
jv *exec_redrive_context(const sfn_exec *ex, jv *execution_take);

/* ---- exec_frame.c ---- */
exec_frame *exec_frame_new(sfn_exec *ex, exec_frame *parent, exec_frame_kind kind, long index,
                           const asl_state *owner, const asl_state *start, const jv *input);
void exec_frame_free(exec_frame *fr);
exec_frame *exec_frame_root(const sfn_exec *ex);
/* The frame with that id, NULL when it ended or never was (inline: every event asks). */
static inline exec_frame *exec_frame_of(const sfn_exec *ex, long id)
{
    return id >= 0 && (size_t)id < ex->nframes ? ex->frames[id] : NULL;
}
/* One transition in the frame (stepping over a Parallel/Map runs it whole). */
exec_step_result exec_frame_step(sfn_exec *ex, exec_frame *fr);
/* The execution ended: every task still in progress is dropped (jobs stopped). */
void exec_frames_drop_tasks(sfn_exec *ex);
/* The task that waits for its token or is in flight, or NULL. */
exec_task_state *exec_blocked_task(const sfn_exec *ex);
exec_frame *exec_blocked_frame(const sfn_exec *ex);
/* A fan-out state's start: evaluates nothing, owns raw_input; the kind's start fills in
 * its children's inputs. */
exec_fanout *exec_fanout_new(exec_ctx *f, exec_fanout_kind kind, const jv *raw_input);
void exec_fanout_free(exec_fanout *fo);
/* A child's result (a tolerated failure's null) to the fan-out's results, unless a
 * ResultWriter takes them; past the payload limit they are dropped and the state fails
 * with States.DataLimitExceeded when its children have ended (as AWS, which knows the
 * result's size then). */
void exec_fanout_add_result(sfn_exec *ex, exec_fanout *fo, jv *value_take);
/* Hands the fan-out to the ctx's frame (out->fanout) and starts its first child. */
void exec_fanout_begin(exec_ctx *f, exec_fanout *fo, exec_outcome *out);

/* ---- exec_parallel.c / exec_map.c ---- */
/* Evaluate the state's input stages and start its children (out->fanout), or fail. */
void exec_parallel_start(exec_ctx *f, const jv *input, exec_outcome *out);
void exec_map_start(exec_ctx *f, const jv *input, exec_outcome *out);
/* exec_map_reader.c: the items an ItemReader reads (an array), or NULL with f->err set
 * (States.ItemReaderFailed); *source: their $$.Map.Item.Source (owned; NULL with no
 * reader). */
jv *exec_map_read_items(exec_ctx *f, const jv *effective, jv **source);
/* An ItemReader's or ResultWriter's Parameters evaluated over the effective input ({}
 * when it has none); NULL with f->err set. */
jv *exec_map_field_parameters(exec_ctx *f, const jv *field, const jv *effective);
/* exec_map_writer.c: the ResultWriter. The evaluated ResultWriter (fo->writer_spec), or
 * NULL with f->err set (States.ResultWriterFailed). */
jv *exec_map_writer_spec(exec_ctx *f, const jv *effective);
/* A new run: the writer (re)made for fo->map_run_arn. */
void exec_map_writer_start(sfn_exec *ex, exec_fanout *fo);
/* One child ended: its result to the writer. */
void exec_map_writer_add(sfn_exec *ex, exec_fanout *fo, const exec_frame *child);
/* Every child ended: fo->results replaced by the writer's result, or fo failed with
 * States.ResultWriterFailed. */
void exec_map_writer_finish(sfn_exec *ex, exec_fanout *fo);
/* A Map child ended: its events and the tolerated-failure check. */
void exec_map_child_done(sfn_exec *ex, exec_fanout *fo, const exec_frame *child);
/* A distributed Map's child execution: its own $$.Execution (named as AWS names child
 * executions) and $$.StateMachine, for an iteration whose input is input. */
jv *exec_map_child_context(sfn_exec *ex, const asl_state *map, exec_fanout *fo,
                           const jv *input);
/* A distributed Map's run: MapRunStarted; MapRunSucceeded / MapRunFailed. */
void exec_map_run_started(sfn_exec *ex, exec_fanout *fo);
void exec_map_run_ended(sfn_exec *ex, const exec_fanout *fo);

/* ---- exec_children.c: each child's fate, per Parallel/Map visit ---- */
/* The fan-out (re)starts its children: its log made, or reset for a retry. */
void exec_children_begin(sfn_exec *ex, const exec_fanout *fo);
void exec_children_started(sfn_exec *ex, const exec_fanout *fo, size_t index, long frame);
void exec_children_ended(sfn_exec *ex, const exec_fanout *fo, size_t index, bool ok,
                         const char *error, const char *cause);
void exec_children_free_all(sfn_exec *ex);
/* The child's records were dropped (exec_child_info.dropped); after exec_children_ended. */
void exec_children_dropped(sfn_exec *ex, const exec_fanout *fo, size_t index);
/* Drops the logs of the visits from index visit on (with those visits). */
void exec_children_truncate(sfn_exec *ex, size_t visit);

/* ---- exec_task.c ---- */
/* Runs a Task state's first attempt. */
void exec_task_start(exec_ctx *f, const jv *input, exec_outcome *out);
/* The next step of a Task state in progress (retry, answered token, or a job's answer;
 * a job still at work gives EXEC_STEP_IN_FLIGHT and changes nothing). */
exec_step_result exec_task_resume(sfn_exec *ex, exec_frame *fr);
void exec_task_cleanup(exec_task_state *t);
/* {"Error", "Cause"}; a missing one is null */
jv *exec_error_output(const char *error, const char *cause);

/* ---- exec_dataflow.c ---- */
/* Records a stage of the ctx's visit (nothing without one). Not the input: a visit has it
 * from its start, and the other stages may share its reference. Inline: without the record
 * a stage costs a test. */
void exec_record_stage(exec_ctx *f, exec_stage stage, const jv *value);
static inline void exec_record(exec_ctx *f, exec_stage stage, const jv *value)
{
    exec_visit *v = f->visit;
    if (!v || stage == EXEC_STAGE_INPUT)   /* the input is the visit's from its start */
        return;
    unsigned bit = 1u << stage;
    if (!(v->stages & bit) && value == v->slot[0] && !v->detail) {
        v->same |= (uint16_t)bit;   /* most stages: the input passed on, without a slot */
        return;
    }
    exec_record_stage(f, stage, value);
}
/* A Choice visit's explanation (exec_visit_choice), NULL when visits are not recorded; the
 * end records how it decided and returns next. Both query languages use them; inline, so
 * that without the record a Choice pays two tests. */
choice_explain *exec_choice_explain_new(exec_ctx *f);
void exec_choice_explain_decide(exec_ctx *f, choice_explain *x, long taken, bool default_taken,
                                const asl_state *next);
static inline choice_explain *exec_choice_explain_begin(exec_ctx *f)
{
    return f->visit ? exec_choice_explain_new(f) : NULL;
}
static inline const asl_state *exec_choice_explain_end(exec_ctx *f, choice_explain *x, long taken,
                                                       bool default_taken, const asl_state *next)
{
    if (x)
        exec_choice_explain_decide(f, x, taken, default_taken, next);
    return next;
}
eval_env exec_env(const exec_ctx *f, const jv *input);
/* States.Runtime with AWS's prefix naming the state and its StateEntered event. */
void exec_runtime_error(exec_ctx *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds that prefix to a States.Runtime error a sub-evaluator reported bare. */
void exec_prefix_runtime(exec_ctx *f);
/* A reference path's value; NULL after AWS's "Invalid path" error when it names nothing. */
jv *exec_eval_path(exec_ctx *f, const jsonpath *path, const jv *input);
/* InputPath / OutputPath: "$" by default, {} for null; NULL on error. */
jv *exec_select_path(exec_ctx *f, const asl_path_field *field, const jv *value);
jv *exec_apply_template(exec_ctx *f, const payload_template *t, const jv *input);
/* ResultPath: the result placed into the state's raw input. */
jv *exec_apply_result_path(exec_ctx *f, const asl_path_field *field, const jv *raw_input,
                           const jv *result);
/* AWS's cause of States.DataLimitExceeded for a state's result, in buf. */
const char *exec_data_limit_cause(const asl_state *s, char *buf, size_t n);
/* States.DataLimitExceeded when value is over the payload limit (skipped when it is the
 * very value given as unless_same_as, already checked). */
bool exec_check_size(exec_ctx *f, const jv *value, const jv *unless_same_as);
jv *exec_filter_input(exec_ctx *f, const jv *input);
jv *exec_filter_output(exec_ctx *f, jv *effective_take);
/* Strings raw, everything else as compact JSON (how AWS quotes values in messages). */
char *exec_quote_value(const jv *v);
/* The stages after a Task's, Parallel's or Map's result: ResultSelector, ResultPath on the
 * raw input, OutputPath; out->output (and next) on success, else the ctx's err. */
void exec_apply_result(exec_ctx *f, const jv *raw_input, const jv *result, exec_outcome *out);
/* After a failed attempt of a Task, Parallel or Map: a retrier takes it (out->pending is
 * EXEC_STEP_RETRY, the next step retries after retry->delay_ms), a catcher does (out is
 * the catcher's), or the ctx's err is the error. A retrier or catcher matches the error or,
 * when not NULL, the name `also` (retry_find_retrier). */
void exec_recover(exec_ctx *f, exec_retry_state *retry, const jv *raw_input, const char *error,
                  const char *also, const char *cause, exec_outcome *out);
void exec_retry_init(exec_retry_state *r, const asl_state *s);
void exec_retry_cleanup(exec_retry_state *r);

/* ---- exec_states.c ---- */
void exec_run_state(exec_ctx *f, const jv *input, exec_outcome *out);

#endif
