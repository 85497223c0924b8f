/*
 * exec_frame — threads of execution: frame 0 is the execution, each Parallel branch and
 * each Map iteration a child frame (exec.h, frames). Stepping a frame enters its current
 * state, resumes its Task, or drives the Parallel/Map in progress: the fan-out's children
 * run one at a time, in order, and when the last one ended (or one failed) the state
 * concludes with its result, its retry, its catcher or its error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "exec_map.h"
#include "resultwriter.h"

/* ---- frames ---- */

/* A spare frame's fields to zero: all but its task, which exec_task_cleanup left zero (most
 * of the struct's bytes, a Map iteration's cost otherwise). */
static void exec_frame_zero_but_task(exec_frame *fr)
{
    size_t after_task = offsetof(exec_frame, task) + sizeof fr->task;
    memset(fr, 0, offsetof(exec_frame, task));
    memset((char *)fr + after_task, 0, sizeof *fr - after_task);
}

exec_frame *exec_frame_new(sfn_exec *ex, exec_frame *parent, exec_frame_kind kind, long index,
                           const asl_state *owner, const asl_state *start, const jv *input)
{
    if (ex->nframes >= INT32_MAX)
        engine_oom(SIZE_MAX); /* an event names its frame in 32 bits (exec_event.frame); the
                                 frame table alone would be 16 GiB by then */
    if (ex->nframes == ex->frames_cap) {
        ex->frames_cap = ex->frames_cap ? ex->frames_cap * 2 : 8;
        ex->frames = engine_realloc(ex->frames, ex->frames_cap * sizeof *ex->frames);
    }
    exec_frame *fr = ex->spare_frame;
    ex->spare_frame = NULL;
    if (fr) {
        exec_frame_zero_but_task(fr);
    } else {
        fr = engine_malloc(sizeof *fr);
        memset(fr, 0, sizeof *fr);
    }
    fr->id = (long)ex->nframes;
    fr->parent = parent ? parent->id : -1;
    fr->kind = kind;
    fr->index = index;
    fr->owner = owner;
    fr->status = EXEC_FRAME_RUNNING;
    fr->current = start;
    fr->current_input = jv_ref(input);
    bool distributed = owner && owner->type == ASL_MAP && owner->map.distributed;
    fr->child_execution = parent && (parent->child_execution || distributed);
    fr->context_base = distributed ? exec_map_child_context(ex, owner, parent->fanout, input)
                                   : parent ? jv_ref(parent->context_base) : NULL;
    ex->frames[ex->nframes++] = fr;
    /* what stays once the frame ended: its slot in the table (the frame itself is freed
     * then, so a Map Run of millions of children does not add up to the records limit) */
    exec_account(ex, sizeof *ex->frames);
    return fr;
}

/* What the frame holds; the struct itself stays. */
static void exec_frame_clear(exec_frame *fr)
{
    jv_unref(fr->current_input);
    jv_unref(fr->output);
    jv_unref(fr->context_base);
    jv_unref(fr->variables);
    if (fr->error || fr->cause) { /* a Map iteration's usual end has none of these */
        engine_free(fr->error);
        engine_free(fr->cause);
    }
    if (fr->task.state)
        exec_task_cleanup(&fr->task);
    if (fr->fanout)
        exec_fanout_free(fr->fanout);
}

void exec_frame_free(exec_frame *fr)
{
    if (!fr)
        return;
    exec_frame_clear(fr);
    engine_free(fr);
}

/* A child that ended is gone: its id stays unused, its struct serves the next child (a
 * Map's iterations allocate no frame each). */
static void exec_frame_release(sfn_exec *ex, exec_frame *fr)
{
    if (ex->blocked == fr)
        ex->blocked = NULL;
    ex->frames[fr->id] = NULL;
    if (ex->spare_frame) {
        exec_frame_free(fr);
        return;
    }
    exec_frame_clear(fr);
    ex->spare_frame = fr;
}

exec_frame *exec_frame_root(const sfn_exec *ex) { return ex->frames[0]; }

void exec_frames_drop_tasks(sfn_exec *ex)
{
    for (size_t i = 0; i < ex->nframes; i++)
        if (ex->frames[i])
            exec_task_cleanup(&ex->frames[i]->task);
}

exec_frame *exec_blocked_frame(const sfn_exec *ex)
{
    exec_frame *fr = ex->blocked;
    if (!fr || !fr->task.active || !(fr->task.waiting || fr->task.in_flight))
        return NULL;
    return fr;
}

exec_task_state *exec_blocked_task(const sfn_exec *ex)
{
    exec_frame *fr = exec_blocked_frame(ex);
    return fr ? &fr->task : NULL;
}

/* ---- fan-outs ---- */

exec_fanout *exec_fanout_new(exec_ctx *f, exec_fanout_kind kind, const jv *raw_input)
{
    exec_fanout *fo = engine_calloc(1, sizeof *fo);
    fo->kind = kind;
    fo->state = f->state;
    fo->entered_id = f->entered_id;
    fo->visit = f->visit ? (long)(exec_visit_count(f->ex) - 1) : -1;
    fo->raw_input = jv_ref(raw_input);
    fo->child = -1;
    fo->tolerated = -1;
    fo->results = jv_array();
    exec_retry_init(&fo->retry, f->state);
    return fo;
}

void exec_fanout_free(exec_fanout *fo)
{
    if (!fo)
        return;
    jv_unref(fo->raw_input);
    jv_unref(fo->input);
    jv_unref(fo->items);
    exec_map_stream_free(fo->stream);
    jv_unref(fo->results);
    engine_free(fo->error);
    engine_free(fo->cause);
    engine_free(fo->map_run_arn);
    jv_unref(fo->child_state_machine);
    engine_free(fo->child_id_prefix);
    jv_unref(fo->writer_spec);
    resultwriter_free(fo->writer);
    exec_retry_cleanup(&fo->retry);
    engine_free(fo);
}

static exec_event_type exec_fanout_event(const exec_fanout *fo, exec_event_type parallel_type)
{
    return fo->kind == FANOUT_PARALLEL ? parallel_type
                                       : parallel_type - EV_PARALLEL_STARTED + EV_MAP_STARTED;
}

/* The next child becomes the fan-out's live frame (a Map iteration records its start). */
static void exec_fanout_start_child(sfn_exec *ex, exec_frame *fr, exec_fanout *fo)
{
    size_t i = fo->next;
    const asl_state *s = fo->state;
    bool parallel = fo->kind == FANOUT_PARALLEL;
    const jv *input = parallel   ? fo->input
                      : fo->stream ? exec_map_stream_input(ex, fr, fo)
                                   : jv_array_get(fo->items, i);
    if (!input) /* a stream's end, or its failure (fo->failed) */
        return;
    fo->next++;
    if (parallel)
        ex->clock_ms = fo->start_ms; /* every branch starts when the state did */
    const asl_machine *m = s->branches[parallel ? i : 0];
    if (!parallel && !s->map.distributed) {
        if (!exec_emit_indexed(ex, EV_MAP_ITERATION_STARTED, s, (long)i, NULL, NULL))
            return;
    }
    exec_frame *child = exec_frame_new(ex, fr,
                                       parallel ? EXEC_FRAME_PARALLEL_BRANCH
                                                : EXEC_FRAME_MAP_ITERATION,
                                       (long)i, s, m->start, input);
    fo->child = child->id;
    exec_children_started(ex, fo, i, child->id);
    if (!parallel && s->map.distributed)
        exec_keep_mark(ex, child); /* after the log took it: what the child adds from here */
}

/* The results array gets room for every child's result up front (none grows it per child),
 * unless they are streamed or a ResultWriter takes them. */
static void exec_fanout_results_room(exec_fanout *fo)
{
    if (fo->stream || fo->writer_spec || fo->count == 0 || jv_array_length(fo->results) > 0)
        return;
    jv_unref(fo->results);
    fo->results = jv_array_sized(fo->count);
}

/* (Re)starts the children: the state's Started event and its first child. */
static void exec_fanout_launch(sfn_exec *ex, exec_frame *fr, exec_fanout *fo)
{
    exec_fanout_results_room(fo);
    bool distributed = fo->kind == FANOUT_MAP && fo->state->map.distributed;
    long id = exec_emit_indexed(ex, exec_fanout_event(fo, EV_PARALLEL_STARTED), fo->state,
                                distributed ? 0 : (long)fo->count, /* AWS: length 0 for a Map Run */
                                NULL, NULL);
    if (id && distributed)
        exec_map_run_started(ex, fo);
    fo->start_ms = fo->end_ms = ex->clock_ms;
    exec_children_begin(ex, fo);
    if (ex->status == EXEC_RUNNING && (fo->stream || fo->count > 0))
        exec_fanout_start_child(ex, fr, fo);
}

void exec_fanout_begin(exec_ctx *f, exec_fanout *fo, exec_outcome *out)
{
    f->frame->fanout = fo;
    out->fanout = true;
    exec_fanout_launch(f->ex, f->frame, fo);
}

void exec_fanout_add_result(sfn_exec *ex, exec_fanout *fo, jv *value_take)
{
    if (fo->writer || fo->results_over) { /* a ResultWriter's result replaces the outputs */
        jv_unref(value_take);
        return;
    }
    size_t limit = ex->opts.max_payload;
    /* a comma before all but the first (every value takes a byte at least) */
    fo->results_bytes += jv_serialized_size(value_take) + (fo->results_bytes ? 1 : 0);
    if (limit && fo->results_bytes + 2 > limit) {
        fo->results_over = true;
        jv_unref(fo->results);
        jv_unref(value_take);
        fo->results = jv_array();
        return;
    }
    fo->results = jv_array_append_take(fo->results, value_take);
}

/* The children's results passed the payload limit: the state fails (after its Map Run, which
 * succeeded). */
static void exec_fanout_check_results(exec_fanout *fo)
{
    if (!fo->results_over || fo->failed)
        return;
    char cause[512];
    fo->failed = true;
    fo->error = engine_strdup("States.DataLimitExceeded");
    fo->cause = engine_strdup(exec_data_limit_cause(fo->state, cause, sizeof cause));
}

/* A child ended: its result (or failure) goes to the fan-out, the next child starts. */
static void exec_fanout_collect(sfn_exec *ex, exec_frame *fr, exec_fanout *fo, exec_frame *child)
{
    bool succeeded = child->status == EXEC_FRAME_SUCCEEDED;
    if (!succeeded && !fo->failed && (fo->kind == FANOUT_PARALLEL || fo->tolerated < 0)) {
        fo->failed = true;
        fo->error = child->error ? engine_strdup(child->error) : NULL;
        fo->cause = child->cause ? engine_strdup(child->cause) : NULL;
    }
    /* first: it resets the records' count */
    bool kept = !exec_keep_applies(ex, fo) || exec_keep_records(ex, fo, child);
    exec_children_ended(ex, fo, (size_t)child->index, succeeded, child->error, child->cause);
    if (!kept)
        exec_children_dropped(ex, fo, (size_t)child->index);
    if (fo->kind == FANOUT_MAP)
        exec_map_child_done(ex, fo, child); /* a failure's null result; the writer's */
    if (succeeded) { /* its output moves to the results (the child's frame is done) */
        exec_fanout_add_result(ex, fo, child->output);
        child->output = NULL;
    }
    if (ex->clock_ms > fo->end_ms)
        fo->end_ms = ex->clock_ms;
    fo->child = -1;
    exec_frame_release(ex, child);
    if (!fo->failed && (fo->stream || fo->next < fo->count) && ex->status == EXEC_RUNNING)
        exec_fanout_start_child(ex, fr, fo);
}

/* A retry runs every child again from the start. */
static void exec_fanout_reset(exec_fanout *fo)
{
    jv_unref(fo->results);
    fo->results = jv_array();
    fo->results_bytes = 0;
    fo->results_over = false;
    fo->next = 0;
    fo->failures = 0;
    fo->failed_children = 0;
    fo->failed = false;
    engine_free(fo->error);
    engine_free(fo->cause);
    fo->error = fo->cause = NULL;
}

/* The state's context object for its result stages ($$.State.RetryCount). */
static jv *exec_fanout_context(sfn_exec *ex, const exec_frame *fr, const exec_visit *v)
{
    const exec_fanout *fo = fr->fanout;
    if (!fo->state->uses_context)
        return NULL;
    return exec_context_for(ex, fr->context_base, fo->state, v ? v->entered_ms : ex->clock_ms,
                            fo->retry.total, NULL);
}

/* Every child ended, or one failed: the state's result, retry, catcher or error. */
static void exec_fanout_conclude(sfn_exec *ex, exec_frame *fr, exec_step_result *r)
{
    exec_fanout *fo = fr->fanout;
    asl_error err = ASL_ERROR_INIT;
    exec_visit *visit = fo->visit >= 0 ? (exec_visit *)exec_visit_at(ex, (size_t)fo->visit) : NULL;
    exec_ctx f = {ex, fr, fo->state, fo->entered_id, visit, exec_fanout_context(ex, fr, visit),
                  &err};
    exec_outcome out = {0};
    if (fo->kind == FANOUT_MAP && fo->state->map.distributed)
        exec_map_run_ended(ex, fo);
    if (fo->kind == FANOUT_MAP)
        exec_map_writer_finish(ex, fo);
    if (fo->kind == FANOUT_PARALLEL && fo->end_ms > ex->clock_ms)
        ex->clock_ms = fo->end_ms; /* the latest branch's end */
    exec_fanout_check_results(fo);
    exec_event_type ended = exec_fanout_event(fo, fo->failed ? EV_PARALLEL_FAILED
                                                             : EV_PARALLEL_SUCCEEDED);
    if (ex->status == EXEC_RUNNING && exec_emit(ex, ended, fo->state, NULL, NULL, NULL)) {
        if (fo->failed)
            exec_recover(&f, &fo->retry, fo->raw_input, fo->error, NULL, fo->cause, &out);
        else
            exec_apply_result(&f, fo->raw_input, fo->results, &out);
    }
    if (out.pending != EXEC_STEP_RETRY) {
        fr->fanout = NULL;
        exec_fanout_free(fo);
    }
    exec_conclude(ex, &f, &out, r);
    asl_error_clear(&err);
    jv_unref(f.context);
}

/* What a step of a Parallel waited: its branches wait at the same time, so the clock's move
 * since from_ms (0 when a later branch started back before it), not the sum of theirs. */
static int64_t exec_fanout_parallel_wait(const sfn_exec *ex, int64_t from_ms)
{
    return ex->clock_ms > from_ms ? ex->clock_ms - from_ms : 0;
}

/* Drives the fan-out: its children run in order until one must wait (a task waiting or in
 * flight: the step ends there) or all ended (the state concludes). */
static exec_step_result exec_fanout_step(sfn_exec *ex, exec_frame *fr)
{
    exec_fanout *fo = fr->fanout;
    exec_step_result r = {EXEC_STEP_STATE_DONE, fo->state, fo->visit, 0};
    bool parallel = fo->kind == FANOUT_PARALLEL;
    int64_t from_ms = ex->clock_ms;
    if (fo->retry.pending) {
        fo->retry.pending = false;
        if (!exec_advance_clock(ex, fo->retry.delay_ms)) {
            r.kind = EXEC_STEP_FINISHED;
            return r;
        }
        r.waited_ms = fo->retry.delay_ms;
        exec_fanout_reset(fo);
        exec_fanout_launch(ex, fr, fo);
    }
    while (ex->status == EXEC_RUNNING && fr->status == EXEC_FRAME_RUNNING && fo->child >= 0) {
        exec_frame *child = exec_frame_of(ex, fo->child);
        exec_step_result cr = exec_frame_step(ex, child);
        r.waited_ms += cr.waited_ms;
        if (cr.kind == EXEC_STEP_WAITING || cr.kind == EXEC_STEP_IN_FLIGHT) {
            cr.waited_ms = parallel ? exec_fanout_parallel_wait(ex, from_ms) : r.waited_ms;
            return cr;
        }
        if (ex->status == EXEC_RUNNING && child->status != EXEC_FRAME_RUNNING)
            exec_fanout_collect(ex, fr, fo, child);
    }
    if (ex->status != EXEC_RUNNING) {
        r.kind = EXEC_STEP_FINISHED;
        exec_frames_drop_tasks(ex);
        return r;
    }
    if (fr->status != EXEC_FRAME_RUNNING) { /* a child execution's event limit ended it */
        r.kind = EXEC_STEP_FINISHED;
        return r;
    }
    exec_fanout_conclude(ex, fr, &r);
    if (parallel)
        r.waited_ms = exec_fanout_parallel_wait(ex, from_ms);
    return r;
}

/* ---- stepping ---- */

/* Enters the frame's current state and runs it (a Parallel/Map: its children too). */
static exec_step_result exec_frame_enter(sfn_exec *ex, exec_frame *fr)
{
    exec_step_result r = {EXEC_STEP_IDLE, NULL, -1, 0};
    const asl_state *s = fr->current;
    jv *input = jv_ref(fr->current_input);
    r.state = s;
    long entered = exec_emit(ex, EV_STATE_ENTERED, s, input, NULL, NULL);
    if (!entered) {
        jv_unref(input);
        r.kind = EXEC_STEP_FINISHED;
        return r;
    }
    asl_error err = ASL_ERROR_INIT;
    exec_visit *visit = exec_new_visit(ex, fr, s, entered, input);
    r.visit = visit ? (long)(exec_visit_count(ex) - 1) : -1;
    exec_ctx f = {ex, fr, s, entered, visit, NULL, &err};
    if (s->uses_context)
        f.context = exec_context_for(ex, fr->context_base, s, ex->clock_ms,
                                     exec_state_has_retry_count(s) ? 0 : -1, NULL);
    exec_outcome out = {0};
    exec_run_state(&f, input, &out);
    if (!out.fanout)
        exec_conclude(ex, &f, &out, &r);
    asl_error_clear(&err);
    jv_unref(f.context);
    jv_unref(input);
    if (out.fanout && ex->status != EXEC_RUNNING) {
        r.kind = EXEC_STEP_FINISHED;
        exec_frames_drop_tasks(ex);
    } else if (out.fanout && fr->status != EXEC_FRAME_RUNNING) {
        r.kind = EXEC_STEP_FINISHED;
    } else if (out.fanout && ex->stop_at_fanout) {
        r.kind = EXEC_STEP_ENTERED;
    } else if (out.fanout) {
        r = exec_fanout_step(ex, fr);
    }
    return r;
}

exec_step_result exec_frame_step(sfn_exec *ex, exec_frame *fr)
{
    exec_step_result r = {EXEC_STEP_IDLE, NULL, -1, 0};
    if (ex->status != EXEC_RUNNING || fr->status != EXEC_FRAME_RUNNING)
        return r;
    long outer = ex->stepping;
    ex->stepping = fr->id;
    if (fr->fanout)
        r = exec_fanout_step(ex, fr);
    else if (fr->task.active)
        r = exec_task_resume(ex, fr);
    else
        r = exec_frame_enter(ex, fr);
    if ((r.kind == EXEC_STEP_WAITING || r.kind == EXEC_STEP_IN_FLIGHT) && fr->task.active)
        ex->blocked = fr;
    ex->stepping = outer;
    return r;
}

/* ---- the public frame API ---- */

const char *exec_frame_kind_name(exec_frame_kind k)
{
    static const char *const names[] = {"execution", "branch", "iteration"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

size_t exec_frame_limit(const sfn_exec *ex) { return ex->nframes; }

bool exec_frame_get(const sfn_exec *ex, long id, exec_frame_info *out)
{
    const exec_frame *fr = exec_frame_of(ex, id);
    if (!fr)
        return false;
    *out = (exec_frame_info){fr->id,           fr->parent,        fr->kind,
                             fr->index,        fr->owner,         fr->current,
                             fr->current_input, fr->status,       fr->fanout != NULL,
                             fr->child_execution, fr->fanout ? fr->fanout->visit : -1};
    return true;
}

long exec_frame_child(const sfn_exec *ex, long id)
{
    const exec_frame *fr = exec_frame_of(ex, id);
    return fr && fr->fanout ? fr->fanout->child : -1;
}

bool exec_set_frame_input(sfn_exec *ex, long frame, const jv *input, char *err, size_t errlen)
{
    exec_frame *fr = exec_frame_of(ex, frame);
    const char *why = ex->status != EXEC_RUNNING                 ? "the execution has ended"
                      : !fr || fr->status != EXEC_FRAME_RUNNING ? "the frame is not live"
                      : fr->fanout || fr->task.active           ? "its state has started"
                                                                : NULL;
    if (why) {
        snprintf(err, errlen, "%s", why);
        return false;
    }
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    jv_unref(fr->current_input);
    engine_alloc_leave(previous);
    fr->current_input = jv_ref(input);
    return true;
}

static exec_step_result exec_step_in(sfn_exec *ex, exec_frame *fr)
{
    exec_step_result r = exec_frame_step(ex, fr);
    exec_frame *parent = exec_frame_of(ex, fr->parent);
    if (parent && parent->fanout && fr->status != EXEC_FRAME_RUNNING &&
        ex->status == EXEC_RUNNING) {
        long outer = ex->stepping;
        ex->stepping = parent->id;
        exec_fanout_collect(ex, parent, parent->fanout, fr);
        ex->stepping = outer;
    }
    return r;
}

exec_step_result exec_step_frame(sfn_exec *ex, long id)
{
    exec_step_result r = {EXEC_STEP_IDLE, NULL, -1, 0};
    exec_frame *fr = exec_frame_of(ex, id);
    if (!fr)
        return r;
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    r = exec_step_in(ex, fr);
    engine_alloc_leave(previous);
    return r;
}

exec_step_result exec_step_into(sfn_exec *ex, long id)
{
    exec_frame *fr = exec_frame_of(ex, id);
    if (fr && !fr->fanout && !fr->task.active)
        ex->stop_at_fanout = true; /* only this frame's own state may stop there */
    exec_step_result r = exec_step_frame(ex, id);
    ex->stop_at_fanout = false;
    return r;
}

exec_step_result exec_finish_frame(sfn_exec *ex, long id)
{
    exec_step_result r = {EXEC_STEP_IDLE, NULL, -1, 0};
    while (exec_frame_of(ex, id) && ex->status == EXEC_RUNNING) {
        r = exec_step_frame(ex, id);
        if (r.kind == EXEC_STEP_WAITING || r.kind == EXEC_STEP_IN_FLIGHT ||
            r.kind == EXEC_STEP_FINISHED || r.kind == EXEC_STEP_IDLE)
            break;
    }
    return r;
}
