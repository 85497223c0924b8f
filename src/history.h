/*
 * history — a recorded execution history loaded, checked and read back as state visits.
 *
 * Input: what `aws stepfunctions get-execution-history` prints, one page or several
 * ({"events": [...], "nextToken": ...} each, in order; `--reverse-order` output is taken
 * too), or what `sfdbg run --history` writes (the same shape). Every file is bounded
 * (HISTORY_MAX_FILE bytes, HISTORY_MAX_EVENTS events in all, counted before the parse) and
 * every event is checked: ids 1, 2, 3, ... with no gap or repeat, previousEventId an earlier
 * event, a type GetExecutionHistory defines, the details object its type needs. A problem is
 * an error that names the file, the event and what is wrong.
 *
 * The events are then read back as the execution they record: threads (the execution,
 * each Parallel branch, each Map iteration), each a sequence of state visits (entered and
 * exited, with input and output), a Task visit's attempts (scheduled with its parameters,
 * then succeeded / failed / timed out), a Parallel's or Map's child threads. Concurrent
 * branches and iterations interleave in an AWS history; an event is put in the thread of
 * the event its previousEventId names, and the definition (when given) says which branch
 * of which Parallel a state belongs to, so histories whose previousEventId chain is
 * sequential (sfdbg's: children run one after another) read back the same way.
 *
 * Data may be missing (includeExecutionData=false: no input/output at all), truncated
 * (inputDetails.truncated) or masked (a value that is not JSON): such a field has a kind
 * other than HISTORY_DATA_OK and no value, and the history counts them (history_notes).
 *
 * A history owns everything it returns; borrowed strings live as long as it.
 */
#ifndef SFDBG_HISTORY_H
#define SFDBG_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "definition.h"
#include "jv.h"

#define HISTORY_MAX_FILE (256u * 1024 * 1024)
/* AWS stops an execution at 25,000 events; sfdbg --max-events 0 can record more. */
#define HISTORY_MAX_EVENTS 100000
#define HISTORY_MAX_PAGES 1000

typedef enum {
    HISTORY_DATA_NONE,       /* the event has no such field (no execution data) */
    HISTORY_DATA_OK,         /* value holds the JSON */
    HISTORY_DATA_TRUNCATED,  /* *Details.truncated: the text is cut short */
    HISTORY_DATA_MASKED      /* the text is not JSON (masked, redacted) */
} history_data_kind;

typedef struct {
    history_data_kind kind;
    const jv *value;         /* HISTORY_DATA_OK only */
} history_data;

typedef enum {
    HISTORY_OUTCOME_NONE,        /* no outcome recorded (the history ends first) */
    HISTORY_OUTCOME_SUCCEEDED,
    HISTORY_OUTCOME_FAILED,      /* *Failed, *StartFailed, *SubmitFailed, *ScheduleFailed */
    HISTORY_OUTCOME_TIMED_OUT
} history_outcome;

/* One invocation of a Task: *Scheduled up to its outcome. */
typedef struct {
    long scheduled_id, outcome_id;   /* outcome_id 0: none */
    const char *resource;            /* Task*: resourceType:resource; Lambda/Activity: ARN */
    history_data parameters;         /* TaskScheduled.parameters / *Scheduled.input */
    history_outcome outcome;
    history_data output;             /* SUCCEEDED */
    const char *error, *cause;       /* FAILED / TIMED_OUT; either may be NULL */
} history_attempt;

typedef struct {
    const char *state;               /* the state's name */
    const char *type;                /* "Task", "Pass", ... (from the event type) */
    long thread;                     /* the thread it ran in */
    long entered_id, exited_id;      /* exited_id 0: not exited */
    history_data input, output;
    history_attempt *attempts;       /* Task */
    size_t nattempts;
    long *children;                  /* Parallel/Map: child thread ids, as they started */
    size_t nchildren;
    size_t round_start;              /* children[round_start..]: the latest attempt's */
    bool running;                    /* Parallel/Map: between *StateStarted and its end */
    long map_length;                 /* MapStateStarted.length, -1 when none */
    /* Parallel/Map: the last *StateSucceeded/Failed/Aborted type; any state:
     * TaskStateAborted / WaitStateAborted; else NULL */
    const char *end_type;
} history_visit;

typedef enum {
    HISTORY_THREAD_EXECUTION,
    HISTORY_THREAD_BRANCH,
    HISTORY_THREAD_ITERATION
} history_thread_kind;

typedef struct {
    long id;                         /* 0: the execution */
    history_thread_kind kind;
    long parent_visit;               /* the Parallel/Map visit; -1 for 0 */
    long index;                      /* branch or iteration index */
    long first_event;                /* MapIterationStarted, or the first state entered */
    const char *end_type;            /* MapIterationSucceeded/Failed/Aborted, or NULL */
    size_t *visits;                  /* indexes into the history's visits, in order */
    size_t nvisits;
    bool ended;
} history_thread;

typedef struct {
    /* "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", or "RUNNING" when the history has
     * no end event */
    const char *status;
    history_data input, output;
    const char *error, *cause;
    const char *role_arn;            /* may be NULL */
    int64_t start_ms;                /* ExecutionStarted's timestamp; 0 when it has none */
    bool has_start;
} history_execution;

typedef struct {
    size_t no_data, truncated, masked;   /* data fields in each case */
    bool more_pages;                     /* the last page has a nextToken */
    bool reversed;                       /* the events came newest first */
} history_notes;

typedef struct history history;

/* Loads the pages in paths (in order; "-" is standard input) and reads them back. def may
 * be NULL (a state's branch is then known only from previousEventId). NULL with a message
 * in err on any problem. */
history *history_load(const char *const *paths, size_t npaths, const asl_definition *def,
                      char *err, size_t errlen);
/* The same for a page already in memory (exec_history_json's value); name is used in
 * messages. */
history *history_from_page(const jv *page, const char *name, const asl_definition *def,
                           char *err, size_t errlen);
void history_free(history *h);

size_t history_event_count(const history *h);
/* The event with id (1-based), NULL when out of range. */
const jv *history_event(const history *h, long id);
const char *history_event_type(const history *h, long id);
/* The thread / visit an event belongs to (-1 when none: execution events). */
long history_event_thread(const history *h, long id);
long history_event_visit(const history *h, long id);

const history_execution *history_execution_of(const history *h);
const history_notes *history_notes_of(const history *h);
size_t history_thread_count(const history *h);
const history_thread *history_thread_at(const history *h, size_t i);
size_t history_visit_count(const history *h);
const history_visit *history_visit_at(const history *h, size_t i);

/* "no data", "truncated", "masked", "" for OK */
const char *history_data_kind_name(history_data_kind k);

#endif
