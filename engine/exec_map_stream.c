/*
 * exec_map_stream — a Distributed Map's items streamed from its ItemReader into its child
 * executions: items are read, given their ItemSelector and grouped by the ItemBatcher a
 * window (EXEC_MAP_WINDOW child inputs) at a time, so memory holds one window, never the
 * items. The first window is made when the state starts (its stages are the ones the
 * debugger shows, and an error in it fails the state before the run starts, as for a Map
 * whose items are all known); the next one when the children have used it up. A retry of
 * the state starts over from the first item. docs/map-data.md, "Streaming".
 */
#include "exec_map.h"

struct exec_map_stream {
    exec_map_source *src;
    jv *effective;          /* the state's effective input, for ItemSelector */
    jv *context;            /* the state's $$ (NULL when it has none) */
    bool batching;
    exec_map_batcher batcher;
    jv *window;             /* child inputs */
    size_t at;              /* the next one in window */
    size_t base;            /* the child number of window[0] */
    size_t item_index;      /* the next item's $$.Map.Item.Index */
    bool ended;             /* the source has no item left (the last batch is out) */
};

/* What the window's items become: one child input each, or the batches they close. */
static void map_stream_put(exec_map_stream *st, jv *input_take)
{
    if (!st->batching) {
        st->window = jv_array_append_take(st->window, input_take);
        return;
    }
    jv *batch = exec_map_batcher_add(&st->batcher, input_take);
    jv_unref(input_take);
    if (batch)
        st->window = jv_array_append_take(st->window, batch);
}

/* Reads the next window of child inputs; false with f->err set. raw and selected (may be
 * NULL) collect the window's items and their selected inputs, for the stage records. */
static bool map_stream_fill(exec_map_stream *st, exec_ctx *f, jv **raw, jv **selected)
{
    jv_unref(st->window);
    st->window = jv_array();
    st->at = 0;
    asl_error err = ASL_ERROR_INIT;
    while (!st->ended && jv_array_length(st->window) < EXEC_MAP_WINDOW) {
        jv *item = NULL;
        itemreader_status rs = exec_map_source_next(st->src, &item, &err);
        if (rs == ITEMREADER_ERROR) {
            asl_error_move(f->err, &err);
            asl_error_clear(&err);
            return false;
        }
        if (rs == ITEMREADER_END) {
            jv *last = st->batching ? exec_map_batcher_flush(&st->batcher) : NULL;
            if (last)
                st->window = jv_array_append_take(st->window, last);
            st->ended = true;
            break;
        }
        jv *input = exec_map_select_item(f, st->effective, st->item_index++, item,
                                         exec_map_source_name(st->src));
        if (raw)
            *raw = jv_array_append(*raw, item);
        jv_unref(item);
        if (!input)
            return false;
        if (selected)
            *selected = jv_array_append(*selected, input);
        map_stream_put(st, input);
    }
    return true;
}

/* Starts from the first item again; false with f->err set. */
static bool map_stream_restart(exec_map_stream *st, exec_ctx *f)
{
    asl_error err = ASL_ERROR_INIT;
    if (!exec_map_source_rewind(st->src, &err)) {
        asl_error_move(f->err, &err);
        asl_error_clear(&err);
        return false;
    }
    jv_unref(st->batcher.items);
    st->batcher.items = NULL;
    st->batcher.bytes = 0;
    st->base = st->item_index = 0;
    st->ended = false;
    return true;
}

/* The first window, with its stage records. */
static bool map_stream_first(exec_map_stream *st, exec_ctx *f)
{
    jv *raw = jv_array(), *selected = exec_map_has_selector(f->state) ? jv_array() : NULL;
    bool ok = map_stream_restart(st, f) && map_stream_fill(st, f, &raw, selected ? &selected : NULL);
    if (ok) {
        exec_record(f, EXEC_STAGE_AFTER_ITEMS_PATH, raw);
        if (selected)
            exec_record(f, f->state->map.item_selector || f->state->jsonata
                               ? EXEC_STAGE_AFTER_ITEM_SELECTOR
                               : EXEC_STAGE_AFTER_PARAMETERS,
                        selected);
        if (st->batching)
            exec_record(f, EXEC_STAGE_AFTER_ITEM_BATCHER, st->window);
    }
    jv_unref(raw);
    jv_unref(selected);
    return ok;
}

exec_map_stream *exec_map_stream_new(exec_ctx *f, exec_map_source *src_take, const jv *effective)
{
    exec_map_stream *st = engine_calloc(1, sizeof *st);
    st->src = src_take;
    st->effective = jv_ref(effective);
    st->context = f->context ? jv_ref(f->context) : NULL;
    st->batching = f->state->map.item_batcher != NULL;
    if ((!st->batching || exec_map_batcher_init(f, effective, &st->batcher)) &&
        map_stream_first(st, f))
        return st;
    exec_map_stream_free(st);
    return NULL;
}

/* The fan-out fails with the ctx's error (reading or selecting a later window). */
static void map_stream_fail(exec_fanout *fo, asl_error *err)
{
    fo->failed = true;
    engine_free(fo->error);
    engine_free(fo->cause);
    fo->error = err->name ? engine_strdup(err->name) : NULL;
    fo->cause = err->cause ? engine_strdup(err->cause) : NULL;
}

const jv *exec_map_stream_input(sfn_exec *ex, exec_frame *fr, exec_fanout *fo)
{
    exec_map_stream *st = fo->stream;
    asl_error err = ASL_ERROR_INIT;
    exec_ctx f = {ex, fr, fo->state, fo->entered_id, NULL, st->context, &err};
    bool ok = true;
    if (fo->next == 0 && st->base == 0) {
        st->at = 0; /* the first window is still there */
    } else if (fo->next == 0) {
        ok = map_stream_restart(st, &f) && map_stream_fill(st, &f, NULL, NULL);
    } else if (st->at == jv_array_length(st->window) && !st->ended) {
        st->base += jv_array_length(st->window);
        ok = map_stream_fill(st, &f, NULL, NULL);
    }
    const jv *input = ok && st->at < jv_array_length(st->window)
                          ? jv_array_get(st->window, st->at++) : NULL;
    if (!ok)
        map_stream_fail(fo, &err);
    asl_error_clear(&err);
    return input;
}

void exec_map_stream_free(exec_map_stream *st)
{
    if (!st)
        return;
    exec_map_source_free(st->src);
    jv_unref(st->effective);
    jv_unref(st->context);
    exec_map_batcher_cleanup(&st->batcher);
    jv_unref(st->window);
    engine_free(st);
}
