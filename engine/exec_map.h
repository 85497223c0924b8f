/*
 * exec_map — what the Map state's modules share (not part of the engine's public API):
 * exec_map.c (the state, its per-item stages), exec_map_reader.c (the ItemReader's
 * source), exec_map_stream.c (a Distributed Map's items streamed from that source into
 * its child executions, a window at a time). docs/map-data.md, "Streaming".
 *
 * Ownership: a source owns its evaluated Parameters and ReaderConfig and the reader of the
 * pass under way; a stream owns its source and its window of child inputs; items and
 * inputs returned as `jv *` are new references unless the comment says borrowed.
 */
#ifndef SFDBG_EXEC_MAP_H
#define SFDBG_EXEC_MAP_H

#include <stdint.h>

#include "exec_internal.h"
#include "itemreader.h"

/* ---- exec_map_reader.c: the ItemReader's object (or listing), readable many times ---- */

typedef struct exec_map_source exec_map_source;

/* Evaluates the ItemReader's Parameters and ReaderConfig over the effective input and
 * reads every item once to count them (*count), so that a file that is not what its
 * InputType says fails the state (States.ItemReaderFailed) before any child runs. NULL
 * with f->err set. */
exec_map_source *exec_map_source_open(exec_ctx *f, const jv *effective, uint64_t *count);
/* Starts reading again from the first item; false with err set. */
bool exec_map_source_rewind(exec_map_source *src, asl_error *err);
/* The next item of the pass (after a rewind). */
itemreader_status exec_map_source_next(exec_map_source *src, jv **item, asl_error *err);
void exec_map_source_free(exec_map_source *src); /* NULL-safe */
/* $$.Map.Item.Source for its items: "S3://bucket" for a listing, "S3://bucket/key" for an
 * object's items (AWS's list, docs/semantics.md). Owned by the source. */
const char *exec_map_source_name(const exec_map_source *src);

/* $$.Map.Item.Source for items from the state's input. */
#define EXEC_MAP_STATE_DATA "STATE_DATA"

/* ---- exec_map.c: one item's stages ---- */

/* The iteration input of item number index: ItemSelector (or Parameters) evaluated with
 * $$.Map.Item {Index, Value, Source}, or the item itself. NULL with f->err set. */
jv *exec_map_select_item(exec_ctx *f, const jv *effective, size_t index, const jv *item,
                         const char *source);
/* Whether the state has an ItemSelector (or Parameters) that exec_map_select_item applies. */
bool exec_map_has_selector(const asl_state *s);

/* ItemBatcher: iteration inputs grouped into {"BatchInput"?, "Items": [...]}. */
typedef struct {
    double max_items, max_bytes;   /* 0: no limit of that kind */
    jv *batch_input;               /* BatchInput evaluated, or NULL */
    jv *items;                     /* the batch being filled, or NULL */
    size_t bytes;                  /* its items' serialized size */
} exec_map_batcher;

/* Evaluates MaxItemsPerBatch(Path), MaxInputBytesPerBatch(Path) and BatchInput; false with
 * f->err set. */
bool exec_map_batcher_init(exec_ctx *f, const jv *effective, exec_map_batcher *b);
/* Adds one input; returns the batch it closed (a new reference), or NULL. */
jv *exec_map_batcher_add(exec_map_batcher *b, const jv *input);
/* The last batch (a new reference), or NULL when it is empty. */
jv *exec_map_batcher_flush(exec_map_batcher *b);
void exec_map_batcher_cleanup(exec_map_batcher *b);

/* ---- exec_map_stream.c: a Distributed Map's child inputs, streamed ---- */

typedef struct exec_map_stream exec_map_stream;

/* Child inputs are made EXEC_MAP_WINDOW at a time (after ItemSelector and ItemBatcher). */
#define EXEC_MAP_WINDOW 1000

/* A stream over src_take (which it owns from now on, freed on failure too): reads the first
 * window, records the stages afterItemsPath / afterItemSelector / afterItemBatcher of that
 * window. NULL with f->err set. */
exec_map_stream *exec_map_stream_new(exec_ctx *f, exec_map_source *src_take,
                                     const jv *effective);
/* The input of the fan-out's next child (fo->next; 0 starts over, for a retry), borrowed
 * until the next call; NULL at the end, or when reading or selecting failed (then fo has
 * failed with that error). */
const jv *exec_map_stream_input(sfn_exec *ex, exec_frame *fr, exec_fanout *fo);
void exec_map_stream_free(exec_map_stream *st); /* NULL-safe */

#endif
