/*
 * exec_children — what became of each branch or iteration of a Parallel/Map visit (exec.h,
 * a fan-out's children): a log per visit, made when the state starts its children, reset
 * by a retry (the latest attempt is what the log shows), updated as each child starts and
 * ends. The debugger's iteration picker and the Stages tab of a Map read it.
 *
 * Per child: its frame id and a status byte (9 bytes, counted in the execution's records);
 * a failed child adds its error and cause, in a list of the failures alone (so listing the
 * failed iterations of a 100,000-item Map never scans the rest). The logs are appended in
 * the order their visits were made, so a visit's log is found by binary search.
 */
#include <string.h>

#include "exec_internal.h"

typedef struct {
    size_t index;
    char *error, *cause;
} exec_child_failure;

/* status bit: the child's records were dropped when it ended (exec_keep.c) */
#define EXEC_CHILD_DROPPED_BIT 0x80

struct exec_child_log {
    size_t visit;
    size_t count;
    size_t cap;                    /* a streamed Map's log grows as its children start */
    long *frames;                  /* -1: not run */
    unsigned char *status;         /* exec_child_status */
    exec_child_failure *failed;    /* in index order (children end in order) */
    size_t nfailed, failed_cap;
};

static void exec_children_clear_failures(exec_child_log *log)
{
    for (size_t i = 0; i < log->nfailed; i++) {
        engine_free(log->failed[i].error);
        engine_free(log->failed[i].cause);
    }
    log->nfailed = 0;
}

static void exec_children_free_log(exec_child_log *log)
{
    exec_children_clear_failures(log);
    engine_free(log->failed);
    engine_free(log->frames);
    engine_free(log->status);
}

void exec_children_free_all(sfn_exec *ex)
{
    for (size_t i = 0; i < ex->nchild_logs; i++)
        exec_children_free_log(&ex->child_logs[i]);
    engine_free(ex->child_logs);
}

void exec_children_truncate(sfn_exec *ex, size_t visit)
{
    while (ex->nchild_logs > 0 && ex->child_logs[ex->nchild_logs - 1].visit >= visit)
        exec_children_free_log(&ex->child_logs[--ex->nchild_logs]);
}

/* Out of line: the callers' fast path (the last log) then saves no registers for it. */
__attribute__((noinline)) static exec_child_log *exec_children_search(const sfn_exec *ex,
                                                                      long visit)
{
    size_t lo = 0, hi = ex->nchild_logs;
    while (visit >= 0 && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t v = ex->child_logs[mid].visit;
        if (v == (size_t)visit)
            return &ex->child_logs[mid];
        if (v < (size_t)visit)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The visit's log, or NULL. The last one first: the live fan-out's, unless a fan-out ran
 * inside its children (every child asks twice). */
static inline exec_child_log *exec_children_find(const sfn_exec *ex, long visit)
{
    size_t n = ex->nchild_logs;
    if (visit >= 0 && n > 0 && ex->child_logs[n - 1].visit == (size_t)visit)
        return &ex->child_logs[n - 1];
    return exec_children_search(ex, visit);
}

void exec_children_begin(sfn_exec *ex, const exec_fanout *fo)
{
    if (fo->visit < 0)
        return;
    exec_child_log *log = exec_children_find(ex, fo->visit);
    if (!log) { /* a retry finds its log; a new visit comes after every logged one */
        if (ex->nchild_logs == ex->child_logs_cap) {
            ex->child_logs_cap = ex->child_logs_cap ? ex->child_logs_cap * 2 : 8;
            ex->child_logs = engine_realloc(ex->child_logs,
                                            ex->child_logs_cap * sizeof *ex->child_logs);
        }
        log = &ex->child_logs[ex->nchild_logs++];
        memset(log, 0, sizeof *log);
        log->visit = (size_t)fo->visit;
        log->cap = fo->count ? fo->count : 1;
        log->frames = engine_malloc(log->cap * sizeof *log->frames);
        log->status = engine_malloc(log->cap);
        exec_account(ex, sizeof *log + log->cap * (sizeof *log->frames + 1));
    }
    log->count = fo->count; /* a streamed Map's: 0, counted as they start */
    for (size_t i = 0; i < log->count; i++)
        log->frames[i] = -1;
    memset(log->status, EXEC_CHILD_NOT_RUN, log->count);
    exec_children_clear_failures(log);
}

/* A streamed Map's log takes child index (its children are not known in advance). */
static void exec_children_grow(sfn_exec *ex, exec_child_log *log, size_t index)
{
    if (index >= log->cap) {
        size_t cap = log->cap * 2 > index ? log->cap * 2 : index + 1;
        log->frames = engine_realloc(log->frames, cap * sizeof *log->frames);
        log->status = engine_realloc(log->status, cap);
        exec_account(ex, (cap - log->cap) * (sizeof *log->frames + 1));
        log->cap = cap;
    }
    for (; log->count <= index; log->count++) {
        log->frames[log->count] = -1;
        log->status[log->count] = EXEC_CHILD_NOT_RUN;
    }
}

void exec_children_started(sfn_exec *ex, const exec_fanout *fo, size_t index, long frame)
{
    exec_child_log *log = exec_children_find(ex, fo->visit);
    if (log && fo->stream && index >= log->count)
        exec_children_grow(ex, log, index);
    if (!log || index >= log->count)
        return;
    log->frames[index] = frame;
    log->status[index] = EXEC_CHILD_RUNNING;
}

void exec_children_ended(sfn_exec *ex, const exec_fanout *fo, size_t index, bool ok,
                         const char *error, const char *cause)
{
    exec_child_log *log = exec_children_find(ex, fo->visit);
    if (!log || index >= log->count)
        return;
    log->status[index] = ok ? EXEC_CHILD_SUCCEEDED : EXEC_CHILD_FAILED;
    if (ok)
        return;
    if (log->nfailed == log->failed_cap) {
        log->failed_cap = log->failed_cap ? log->failed_cap * 2 : 4;
        log->failed = engine_realloc(log->failed, log->failed_cap * sizeof *log->failed);
    }
    exec_child_failure *f = &log->failed[log->nfailed++];
    f->index = index;
    f->error = error ? engine_strdup(error) : NULL;
    f->cause = cause ? engine_strdup(cause) : NULL;
    exec_account(ex, sizeof *f);
    exec_account_string(ex, f->error);
    exec_account_string(ex, f->cause);
}

void exec_children_dropped(sfn_exec *ex, const exec_fanout *fo, size_t index)
{
    exec_child_log *log = exec_children_find(ex, fo->visit);
    if (log && index < log->count)
        log->status[index] |= EXEC_CHILD_DROPPED_BIT;
}

/* ---- the public calls ---- */

size_t exec_visit_children(const sfn_exec *ex, size_t visit)
{
    const exec_child_log *log = exec_children_find(ex, (long)visit);
    return log ? log->count : 0;
}

static const exec_child_failure *exec_children_failure(const exec_child_log *log, size_t index)
{
    size_t lo = 0, hi = log->nfailed;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (log->failed[mid].index == index)
            return &log->failed[mid];
        if (log->failed[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool exec_visit_child(const sfn_exec *ex, size_t visit, size_t i, exec_child_info *out)
{
    const exec_child_log *log = exec_children_find(ex, (long)visit);
    if (!log || i >= log->count)
        return false;
    unsigned char status = log->status[i];
    *out = (exec_child_info){(exec_child_status)(status & ~EXEC_CHILD_DROPPED_BIT),
                             log->frames[i], NULL, NULL,
                             (status & EXEC_CHILD_DROPPED_BIT) != 0};
    const exec_child_failure *f = out->status == EXEC_CHILD_FAILED
                                      ? exec_children_failure(log, i) : NULL;
    if (f) {
        out->error = f->error;
        out->cause = f->cause;
    }
    return true;
}

size_t exec_visit_failed_children(const sfn_exec *ex, size_t visit)
{
    const exec_child_log *log = exec_children_find(ex, (long)visit);
    return log ? log->nfailed : 0;
}

long exec_visit_failed_child(const sfn_exec *ex, size_t visit, size_t n)
{
    const exec_child_log *log = exec_children_find(ex, (long)visit);
    return log && n < log->nfailed ? (long)log->failed[n].index : -1;
}

const char *exec_child_status_name(exec_child_status s)
{
    static const char *const names[] = {"not run", "running", "succeeded", "failed"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}
