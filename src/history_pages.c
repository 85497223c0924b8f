/* history_pages — reading and checking the pages of a history. See history_pages.h. */
#include "history_pages.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "history.h"
#include "jv_text.h"

typedef struct {
    const char *type;
    history_event_kind kind;
    const char *details_key;   /* NULL: none */
} history_type_info;

/* GetExecutionHistory's HistoryEventType enumeration (botocore's stepfunctions
 * service-2.json), with the details member each type carries. */
static const history_type_info history_types[] = {
    {"ActivityFailed", HEV_TASK_FAILED, "activityFailedEventDetails"},
    {"ActivityScheduled", HEV_TASK_SCHEDULED, "activityScheduledEventDetails"},
    {"ActivityScheduleFailed", HEV_TASK_FAILED, "activityScheduleFailedEventDetails"},
    {"ActivityStarted", HEV_TASK_PROGRESS, "activityStartedEventDetails"},
    {"ActivitySucceeded", HEV_TASK_SUCCEEDED, "activitySucceededEventDetails"},
    {"ActivityTimedOut", HEV_TASK_TIMED_OUT, "activityTimedOutEventDetails"},
    {"ChoiceStateEntered", HEV_STATE_ENTERED, "stateEnteredEventDetails"},
    {"ChoiceStateExited", HEV_STATE_EXITED, "stateExitedEventDetails"},
    {"ExecutionAborted", HEV_EXECUTION_END, "executionAbortedEventDetails"},
    {"ExecutionFailed", HEV_EXECUTION_END, "executionFailedEventDetails"},
    {"ExecutionStarted", HEV_EXECUTION_STARTED, "executionStartedEventDetails"},
    {"ExecutionSucceeded", HEV_EXECUTION_END, "executionSucceededEventDetails"},
    {"ExecutionTimedOut", HEV_EXECUTION_END, "executionTimedOutEventDetails"},
    {"FailStateEntered", HEV_STATE_ENTERED, "stateEnteredEventDetails"},
    {"LambdaFunctionFailed", HEV_TASK_FAILED, "lambdaFunctionFailedEventDetails"},
    {"LambdaFunctionScheduled", HEV_TASK_SCHEDULED, "lambdaFunctionScheduledEventDetails"},
    {"LambdaFunctionScheduleFailed", HEV_TASK_FAILED, "lambdaFunctionScheduleFailedEventDetails"},
    {"LambdaFunctionStarted", HEV_TASK_PROGRESS, NULL},
    {"LambdaFunctionStartFailed", HEV_TASK_FAILED, "lambdaFunctionStartFailedEventDetails"},
    {"LambdaFunctionSucceeded", HEV_TASK_SUCCEEDED, "lambdaFunctionSucceededEventDetails"},
    {"LambdaFunctionTimedOut", HEV_TASK_TIMED_OUT, "lambdaFunctionTimedOutEventDetails"},
    {"MapIterationAborted", HEV_ITERATION_END, "mapIterationAbortedEventDetails"},
    {"MapIterationFailed", HEV_ITERATION_END, "mapIterationFailedEventDetails"},
    {"MapIterationStarted", HEV_ITERATION_STARTED, "mapIterationStartedEventDetails"},
    {"MapIterationSucceeded", HEV_ITERATION_END, "mapIterationSucceededEventDetails"},
    {"MapStateAborted", HEV_FANOUT_END, NULL},
    {"MapStateEntered", HEV_STATE_ENTERED, "stateEnteredEventDetails"},
    {"MapStateExited", HEV_STATE_EXITED, "stateExitedEventDetails"},
    {"MapStateFailed", HEV_FANOUT_END, NULL},
    {"MapStateStarted", HEV_FANOUT_STARTED, "mapStateStartedEventDetails"},
    {"MapStateSucceeded", HEV_FANOUT_END, NULL},
    {"ParallelStateAborted", HEV_FANOUT_END, NULL},
    {"ParallelStateEntered", HEV_STATE_ENTERED, "stateEnteredEventDetails"},
    {"ParallelStateExited", HEV_STATE_EXITED, "stateExitedEventDetails"},
    {"ParallelStateFailed", HEV_FANOUT_END, NULL},
    {"ParallelStateStarted", HEV_FANOUT_STARTED, NULL},
    {"ParallelStateSucceeded", HEV_FANOUT_END, NULL},
    {"PassStateEntered", HEV_STATE_ENTERED, "stateEnteredEventDetails"},
    {"PassStateExited", HEV_STATE_EXITED, "stateExitedEventDetails"},
    {"SucceedStateEntered", HEV_STATE_ENTERED, "stateEnteredEventDetails"},
    {"SucceedStateExited", HEV_STATE_EXITED, "stateExitedEventDetails"},
    {"TaskFailed", HEV_TASK_FAILED, "taskFailedEventDetails"},
    {"TaskScheduled", HEV_TASK_SCHEDULED, "taskScheduledEventDetails"},
    {"TaskStarted", HEV_TASK_PROGRESS, "taskStartedEventDetails"},
    {"TaskStartFailed", HEV_TASK_FAILED, "taskStartFailedEventDetails"},
    {"TaskStateAborted", HEV_STATE_ABORTED, NULL},
    {"TaskStateEntered", HEV_STATE_ENTERED, "stateEnteredEventDetails"},
    {"TaskStateExited", HEV_STATE_EXITED, "stateExitedEventDetails"},
    {"TaskSubmitFailed", HEV_TASK_FAILED, "taskSubmitFailedEventDetails"},
    {"TaskSubmitted", HEV_TASK_PROGRESS, "taskSubmittedEventDetails"},
    {"TaskSucceeded", HEV_TASK_SUCCEEDED, "taskSucceededEventDetails"},
    {"TaskTimedOut", HEV_TASK_TIMED_OUT, "taskTimedOutEventDetails"},
    {"WaitStateAborted", HEV_STATE_ABORTED, NULL},
    {"WaitStateEntered", HEV_STATE_ENTERED, "stateEnteredEventDetails"},
    {"WaitStateExited", HEV_STATE_EXITED, "stateExitedEventDetails"},
    {"MapRunAborted", HEV_OTHER, NULL},
    {"MapRunFailed", HEV_OTHER, "mapRunFailedEventDetails"},
    {"MapRunStarted", HEV_OTHER, "mapRunStartedEventDetails"},
    {"MapRunSucceeded", HEV_OTHER, NULL},
    {"ExecutionRedriven", HEV_OTHER, "executionRedrivenEventDetails"},
    {"MapRunRedriven", HEV_OTHER, "mapRunRedrivenEventDetails"},
    {"EvaluationFailed", HEV_OTHER, "evaluationFailedEventDetails"},
};

static const history_type_info *history_type_find(const char *type)
{
    for (size_t i = 0; i < sizeof history_types / sizeof history_types[0]; i++)
        if (!strcmp(history_types[i].type, type))
            return &history_types[i];
    return NULL;
}

const char *history_pages_state_type(const char *type, char *buf, size_t n)
{
    static const char *const suffixes[] = {"StateEntered", "StateExited", "StateAborted",
                                           "StateStarted", "StateSucceeded", "StateFailed"};
    buf[0] = '\0';
    size_t tl = strlen(type);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t sl = strlen(suffixes[i]);
        if (tl > sl && !strcmp(type + tl - sl, suffixes[i])) {
            snprintf(buf, n, "%.*s", (int)(tl - sl), type);
            break;
        }
    }
    return buf;
}

/* An upper bound of the events in a page, without building it: the objects that open
 * inside the top-level object's arrays (strings skipped). Keeps a page of a million events
 * from being parsed only to be refused. */
static size_t history_pages_prescan(const char *text, size_t len)
{
    size_t count = 0;
    int depth = 0;
    char open[3] = {0, 0, 0};
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '"') {
            for (i++; i < len && text[i] != '"'; i++)
                if (text[i] == '\\')
                    i++;
        } else if (c == '{' || c == '[') {
            if (c == '{' && ((depth == 2 && open[1] == '[') || (depth == 1 && open[0] == '[')))
                count++;
            if (depth < 3)
                open[depth] = c;
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return count;
}

static int history_pages_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int history_pages_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const jv *history_pages_events_of(const jv *page)
{
    if (jv_is_array(page))
        return page;
    const jv *events = jv_is_object(page) ? jv_object_get(page, "events") : NULL;
    return events && jv_is_array(events) ? events : NULL;
}

static bool history_pages_long(const jv *v, long min, long *out)
{
    if (!v || !jv_is_number(v) || !jv_is_integer(v))
        return false;
    double d = jv_number_value(v);
    if (d < (double)min || d > 1e15)
        return false;
    *out = (long)d;
    return true;
}

/* Reads one event object into rec: its id, previous id, type and details. */
static int history_pages_event(history_event_rec *rec, const jv *e, const char *name,
                               size_t pos, char *err, size_t errlen)
{
    if (!jv_is_object(e))
        return history_pages_fail(err, errlen, "%s: events[%zu]: an event is an object, not %s",
                                  name, pos, jv_kind_name(jv_kind_of(e)));
    if (!history_pages_long(jv_object_get(e, "id"), 1, &rec->id))
        return history_pages_fail(err, errlen, "%s: events[%zu]: \"id\" must be an integer "
                                  "of at least 1", name, pos);
    if (!history_pages_long(jv_object_get(e, "previousEventId"), 0, &rec->previous_id))
        return history_pages_fail(err, errlen, "%s: event %ld: \"previousEventId\" must be a "
                                  "non-negative integer", name, rec->id);
    const jv *type = jv_object_get(e, "type");
    if (!type || !jv_is_string(type))
        return history_pages_fail(err, errlen, "%s: event %ld: \"type\" must be a string", name,
                                  rec->id);
    const history_type_info *ti = history_type_find(jv_string_value(type));
    if (!ti)
        return history_pages_fail(err, errlen, "%s: event %ld: unknown event type '%s' (not "
                                  "one of GetExecutionHistory's HistoryEventType values)",
                                  name, rec->id, jv_string_value(type));
    const jv *ts = jv_object_get(e, "timestamp");
    if (ts && !jv_is_number(ts) && !jv_is_string(ts))
        return history_pages_fail(err, errlen, "%s: event %ld: \"timestamp\" must be a number "
                                  "(epoch seconds) or an ISO-8601 string", name, rec->id);
    rec->json = e;
    rec->type = ti->type;
    rec->kind = ti->kind;
    rec->map = !strncmp(ti->type, "Map", 3);
    rec->details_key = ti->details_key;
    rec->details = ti->details_key ? jv_object_get(e, ti->details_key) : NULL;
    if (rec->details && !jv_is_object(rec->details))
        return history_pages_fail(err, errlen, "%s: event %ld (%s): \"%s\" must be an object",
                                  name, rec->id, rec->type, ti->details_key);
    return 0;
}

static int history_pages_add(history_pages *hp, jv *page, const char *name, char *err,
                             size_t errlen)
{
    hp->pages[hp->npages] = page;
    hp->names[hp->npages] = name;
    size_t index = hp->npages++;
    const jv *events = history_pages_events_of(page);
    if (!events)
        return history_pages_fail(err, errlen, "%s: not an execution history: expected an "
                                  "object with an \"events\" array (as `aws stepfunctions "
                                  "get-execution-history` prints)", name);
    size_t n = jv_array_length(events);
    if (n > HISTORY_MAX_EVENTS || hp->nevents + n > HISTORY_MAX_EVENTS)
        return history_pages_fail(err, errlen, "%s: more than %d events in the history (AWS "
                                  "ends an execution at 25,000)", name, HISTORY_MAX_EVENTS);
    hp->events = jv_xrealloc(hp->events, (hp->nevents + n + 1) * sizeof *hp->events);
    for (size_t i = 0; i < n; i++) {
        history_event_rec *rec = &hp->events[hp->nevents];
        memset(rec, 0, sizeof *rec);
        rec->page = index;
        if (history_pages_event(rec, jv_array_get(events, i), name, i, err, errlen))
            return -1;
        hp->nevents++;
    }
    const jv *next = jv_is_object(page) ? jv_object_get(page, "nextToken") : NULL;
    hp->more_pages = next && !jv_is_null(next);  /* the last page's counts */
    return 0;
}

static void history_pages_reverse(history_pages *hp)
{
    for (size_t i = 0, j = hp->nevents - 1; i < j; i++, j--) {
        history_event_rec t = hp->events[i];
        hp->events[i] = hp->events[j];
        hp->events[j] = t;
    }
    hp->reversed = true;
}

/* Ids must run 1, 2, 3, ... (newest first is taken as a whole, as --reverse-order prints). */
static int history_pages_check_order(history_pages *hp, char *err, size_t errlen)
{
    if (hp->nevents > 1 && hp->events[0].id > hp->events[hp->nevents - 1].id) {
        bool descending = true;
        for (size_t i = 1; i < hp->nevents && descending; i++)
            descending = hp->events[i].id < hp->events[i - 1].id;
        if (descending)
            history_pages_reverse(hp);
    }
    for (size_t i = 0; i < hp->nevents; i++) {
        const history_event_rec *r = &hp->events[i];
        const char *name = hp->names[r->page];
        long want = (long)i + 1;
        if (r->id == want)
            continue;
        if (r->id < want)
            return history_pages_fail(err, errlen, "%s: event id %ld appears twice or out of "
                                      "order (after event %ld)", name, r->id, want - 1);
        if (i == 0)
            return history_pages_fail(err, errlen, "%s: starts at event %ld: events 1-%ld are "
                                      "missing (pages out of order, or the first not given?)",
                                      name, r->id, r->id - 1);
        if (r->page != hp->events[i - 1].page)
            return history_pages_fail(err, errlen, "%s: starts at event %ld, but the page "
                                      "before ends at event %ld (pages missing or out of order?)",
                                      name, r->id, want - 1);
        return history_pages_fail(err, errlen, "%s: event %ld follows event %ld: events %ld-%ld "
                                  "are missing or out of order", name, r->id, want - 1, want,
                                  r->id - 1);
    }
    for (size_t i = 0; i < hp->nevents; i++) {
        const history_event_rec *r = &hp->events[i];
        if (r->previous_id >= r->id)
            return history_pages_fail(err, errlen, "%s: event %ld: previousEventId %ld is not "
                                      "an earlier event", hp->names[r->page], r->id,
                                      r->previous_id);
    }
    if (hp->nevents == 0)
        return history_pages_fail(err, errlen, "%s: the history has no events", hp->names[0]);
    if (hp->events[0].kind != HEV_EXECUTION_STARTED)
        return history_pages_fail(err, errlen, "%s: event 1 is %s, not ExecutionStarted",
                                  hp->names[hp->events[0].page], hp->events[0].type);
    return 0;
}

static void history_pages_alloc(history_pages *hp, size_t npages)
{
    memset(hp, 0, sizeof *hp);
    hp->pages = jv_xcalloc(npages ? npages : 1, sizeof *hp->pages);
    hp->names = jv_xcalloc(npages ? npages : 1, sizeof *hp->names);
}

static jv *history_pages_parse_file(const char *path, size_t *room, char *err, size_t errlen)
{
    char ferr[512];
    size_t len;
    char *text = fileio_read(path, HISTORY_MAX_FILE, &len, ferr, sizeof ferr);
    if (!text) {
        history_pages_fail(err, errlen, "%s", ferr);
        return NULL;
    }
    if (history_pages_prescan(text, len) > *room) {
        free(text);
        history_pages_fail(err, errlen, "%s: more than %d events in the history (AWS ends an "
                           "execution at 25,000)", path, HISTORY_MAX_EVENTS);
        return NULL;
    }
    jv_parse_error perr;
    jv *page = jv_parse(text, len, 0, &perr);
    free(text);
    if (!page)
        history_pages_fail(err, errlen, "%s:%d:%d: invalid JSON: %s", path, perr.line,
                           perr.column, perr.message);
    else
        *room -= jv_array_length(history_pages_events_of(page));
    return page;
}

int history_pages_load(history_pages *hp, const char *const *paths, size_t npaths, char *err,
                       size_t errlen)
{
    history_pages_alloc(hp, npaths);
    if (npaths == 0 || npaths > HISTORY_MAX_PAGES)
        return history_pages_fail(err, errlen, "give 1 to %d history pages, not %zu",
                                  HISTORY_MAX_PAGES, npaths);
    size_t room = HISTORY_MAX_EVENTS;
    for (size_t i = 0; i < npaths; i++) {
        jv *page = history_pages_parse_file(paths[i], &room, err, errlen);
        if (!page)
            return -1;
        if (history_pages_add(hp, page, paths[i], err, errlen))
            return -1;
    }
    return history_pages_check_order(hp, err, errlen);
}

int history_pages_from_value(history_pages *hp, const jv *page, const char *name, char *err,
                             size_t errlen)
{
    history_pages_alloc(hp, 1);
    if (history_pages_add(hp, jv_ref(page), name, err, errlen))
        return -1;
    return history_pages_check_order(hp, err, errlen);
}

void history_pages_cleanup(history_pages *hp)
{
    for (size_t i = 0; i < hp->npages; i++)
        jv_unref(hp->pages[i]);
    free(hp->pages);
    free(hp->names);
    free(hp->events);
    memset(hp, 0, sizeof *hp);
}
