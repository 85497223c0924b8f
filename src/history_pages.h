/*
 * history_pages — the pages of a history read, bounded and checked event by event, for
 * history.c (see history.h for what is accepted). The pages own the events; an event's
 * kind comes from the one table of GetExecutionHistory's event types.
 */
#ifndef SFDBG_HISTORY_PAGES_H
#define SFDBG_HISTORY_PAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"

typedef enum {
    HEV_EXECUTION_STARTED,
    HEV_EXECUTION_END,       /* Succeeded, Failed, TimedOut, Aborted */
    HEV_STATE_ENTERED,
    HEV_STATE_EXITED,
    HEV_STATE_ABORTED,       /* TaskStateAborted, WaitStateAborted */
    HEV_TASK_SCHEDULED,
    HEV_TASK_PROGRESS,       /* Started, Submitted: nothing the model keeps */
    HEV_TASK_SUCCEEDED,
    HEV_TASK_FAILED,
    HEV_TASK_TIMED_OUT,
    HEV_FANOUT_STARTED,      /* ParallelStateStarted, MapStateStarted */
    HEV_FANOUT_END,          /* Parallel/Map State Succeeded, Failed, Aborted */
    HEV_ITERATION_STARTED,
    HEV_ITERATION_END,
    HEV_OTHER                /* Map Run events, redrives, EvaluationFailed: kept, not read */
} history_event_kind;

typedef struct {
    const jv *json;          /* the event object (owned by the pages) */
    const char *type;
    history_event_kind kind;
    bool map;                /* a Map (not Parallel) fan-out event */
    const char *details_key; /* NULL: the type has none */
    const jv *details;       /* the details object, NULL when absent */
    long id, previous_id;
    size_t page;             /* index of the file it came from */
} history_event_rec;

typedef struct {
    jv **pages;
    const char **names;      /* borrowed file names, per page */
    size_t npages;
    history_event_rec *events;   /* events[i].id == i + 1 */
    size_t nevents;
    bool more_pages, reversed;
} history_pages;

/* Reads and checks the files (names borrowed: they must outlive the pages). 0, or -1 with
 * a message in err. */
int history_pages_load(history_pages *hp, const char *const *paths, size_t npaths, char *err,
                       size_t errlen);
/* The same for one page already parsed (borrowed, a reference is taken). */
int history_pages_from_value(history_pages *hp, const jv *page, const char *name, char *err,
                             size_t errlen);
void history_pages_cleanup(history_pages *hp);

/* "the execution's state type" of a state event: "Task" of "TaskStateEntered", written into
 * buf; "" for other events. */
const char *history_pages_state_type(const char *type, char *buf, size_t n);

#endif
