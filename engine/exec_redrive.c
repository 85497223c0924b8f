/*
 * exec_redrive — RedriveExecution: an execution that ended FAILED, TIMED_OUT or ABORTED
 * runs on from the state of frame 0 that did not succeed (exec.h). What ran before keeps
 * its events and visits; frame 0 gets that state back with the input it had, everything in
 * progress under it (a Parallel's or Map's children, a task's retries) is dropped, so the
 * state runs again from its start.
 */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "exec_internal.h"
#include "timeutil.h"

void exec_redrive_mark(sfn_exec *ex)
{
    const exec_frame *root = exec_frame_root(ex);
    jv_unref(ex->redrive_input);
    ex->redrive_state = root->current;
    ex->redrive_input = root->current ? jv_ref(root->current_input) : NULL;
}

jv *exec_redrive_context(const sfn_exec *ex, jv *execution_take)
{
    jv *exe = jv_object_set_take(execution_take, "RedriveCount",
                                 jv_number((double)ex->redrive_count));
    if (!ex->redrive_count)
        return exe;
    char when[40];
    timeutil_format_ms(ex->redrive_ms, when, sizeof when);
    return jv_object_set_take(exe, "RedriveTime", jv_string(when));
}

bool exec_redrivable(const sfn_exec *ex, char *err, size_t n)
{
    const char *why = NULL;
    if (ex->opts.express)
        why = "Execution is EXPRESS and cannot be redriven";
    else if (ex->status == EXEC_RUNNING || ex->status == EXEC_SUCCEEDED)
        why = ex->status == EXEC_RUNNING ? "Execution is RUNNING and cannot be redriven"
                                         : "Execution is SUCCEEDED and cannot be redriven";
    else if (!ex->redrive_state)
        why = "Execution has no state to redrive from";
    else if (ex->last_event_id + 2 >= ex->opts.max_events)   /* > 0: exec_create */
        why = "Execution has reached the maximum number of history events";
    if (why)
        snprintf(err, n, "%s", why);
    return !why;
}

/* Frame 0 back at the state that did not succeed; nothing under it in progress. */
static void exec_redrive_root(sfn_exec *ex)
{
    exec_frame *root = exec_frame_root(ex);
    for (size_t i = 1; i < ex->nframes; i++) {
        exec_frame_free(ex->frames[i]);
        ex->frames[i] = NULL;
    }
    ex->blocked = NULL;
    ex->stepping = 0;
    exec_task_cleanup(&root->task);
    exec_fanout_free(root->fanout);
    root->fanout = NULL;
    root->status = EXEC_FRAME_RUNNING;
    root->current = ex->redrive_state;
    jv_unref(root->current_input);
    root->current_input = ex->redrive_input; /* taken */
    ex->redrive_state = NULL;
    ex->redrive_input = NULL;
}

static void exec_redrive_now(sfn_exec *ex, int64_t now_ms)
{
    exec_redrive_root(ex);
    engine_free(ex->error);
    engine_free(ex->cause);
    ex->error = ex->cause = NULL;
    ex->status = EXEC_RUNNING;
    if (now_ms > ex->clock_ms)
        ex->clock_ms = now_ms;
    ex->redrive_count++;
    ex->redrive_ms = ex->clock_ms;
    long timeout = asl_definition_timeout_seconds(ex->def);
    ex->deadline_ms = timeout > 0 ? ex->clock_ms + (int64_t)timeout * 1000 : 0;
    jv_unref(ex->context_base);
    ex->context_base = exec_build_context_base(ex);
    long id = exec_emit(ex, EV_EXECUTION_REDRIVEN, NULL, NULL, NULL, NULL);
    exec_event *e = exec_last_event(ex, id);
    if (e)
        e->index = ex->redrive_count;
}

bool exec_redrive(sfn_exec *ex, int64_t now_ms, char *err, size_t n)
{
    if (!exec_redrivable(ex, err, n))
        return false;
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    exec_redrive_now(ex, now_ms);
    engine_alloc_leave(previous);
    return true;
}

long exec_redrive_count(const sfn_exec *ex) { return ex->redrive_count; }

int64_t exec_redrive_ms(const sfn_exec *ex) { return ex->redrive_count ? ex->redrive_ms : -1; }
