/*
 * resultwriter — what a Distributed Map's ResultWriter writes, and the Map state's result
 * when one is set.
 *
 * Exporting (Resource s3:putObject with Bucket and Prefix): the results of the child
 * executions, fed one at a time, go into files grouped by status, as AWS lays them out:
 *     <Prefix>/<MapRun uuid>/SUCCEEDED_0.json, FAILED_0.json, PENDING_0.json, ...
 *     <Prefix>/<MapRun uuid>/manifest.json
 * (the uuid is the MapRun ARN's last part). An entry is shaped by WriterConfig's
 * Transformation: NONE (the default when exporting) writes each child's execution record
 * (ExecutionArn, Input and Output as JSON strings, Status, dates, ...); COMPACT its output;
 * FLATTEN its output with an array's elements spliced in. A failed child is always written
 * as NONE. OutputType JSON writes each file as one array, JSONL one entry a line. A file
 * that would pass max_file_bytes (AWS: 5 GB) is closed and the next one (_1, _2, ...)
 * opened. The manifest lists every file with its size; the state's result is then
 * {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key": the manifest's key}}.
 *
 * WriterConfig alone (no Bucket): nothing is written; the state's result is the array of
 * entries, in the order fed (the preview AWS gives).
 *
 * Streaming: bytes reach the put callback in chunks of at most chunk_bytes (each with its
 * offset in the object and whether it is the last), so a million results cost one chunk
 * per status in memory, not the files. A store that wants whole objects sets chunk_bytes
 * to max_file_bytes. Nothing here reads a clock: dates come with each result (the
 * virtual clock), names from the options, so runs reproduce byte for byte.
 *
 * Errors: a put that fails, or an entry larger than a file may be, is
 * States.ResultWriterFailed with a cause; the writer then refuses everything else.
 * Ownership: the options' strings are copied; results are borrowed for the call.
 */
#ifndef SFDBG_RESULTWRITER_H
#define SFDBG_RESULTWRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asl_error.h"
#include "jv.h"

typedef enum { RESULTWRITER_JSON, RESULTWRITER_JSONL } resultwriter_output;
typedef enum {
    RESULTWRITER_NONE,
    RESULTWRITER_COMPACT,
    RESULTWRITER_FLATTEN,
} resultwriter_transformation;

/* Bytes for bucket/key at offset; `last` when the object is complete (its size is then
 * offset + len). Borrowed for the call. */
typedef struct {
    const char *bucket, *key;
    uint64_t offset;
    const char *data;
    size_t len;
    bool last;
} resultwriter_chunk;

/* 0, or -1 with err set (its cause becomes the writer's). */
typedef int (*resultwriter_put_fn)(void *user, const resultwriter_chunk *c, asl_error *err);

#define RESULTWRITER_DEFAULT_MAX_FILE_BYTES ((uint64_t)5000000000)
#define RESULTWRITER_DEFAULT_CHUNK_BYTES ((size_t)8 << 20)

typedef struct {
    const char *bucket; /* NULL: WriterConfig only, nothing exported */
    const char *prefix; /* NULL or "": the uuid folder at the bucket's top */
    resultwriter_output output;
    resultwriter_transformation transformation;
    bool has_transformation; /* false: NONE when exporting, COMPACT otherwise */
    const char *map_run_arn;
    uint64_t max_file_bytes; /* 0: RESULTWRITER_DEFAULT_MAX_FILE_BYTES */
    size_t chunk_bytes;      /* 0: RESULTWRITER_DEFAULT_CHUNK_BYTES */
    resultwriter_put_fn put;
    void *put_user;
} resultwriter_options;

typedef enum {
    RESULTWRITER_SUCCEEDED,
    RESULTWRITER_FAILED,
    RESULTWRITER_TIMED_OUT,
    RESULTWRITER_ABORTED,
    RESULTWRITER_PENDING, /* never started */
} resultwriter_status;

/* One child execution as it ended (borrowed). */
typedef struct {
    resultwriter_status status;
    const char *execution_arn, *name, *state_machine_arn;
    const jv *input;
    const jv *output;          /* SUCCEEDED */
    const char *error, *cause; /* FAILED, TIMED_OUT, ABORTED; may be NULL */
    int64_t start_ms, stop_ms; /* epoch ms (the virtual clock) */
} resultwriter_result;

typedef struct resultwriter resultwriter;

/* Fills o (zeroed first) from a ResultWriter whose Parameters/Arguments are already
 * evaluated: {"Resource"?, "Parameters"|"Arguments"?: {"Bucket", "Prefix"}, "WriterConfig"?}.
 * Strings borrow from result_writer; map_run_arn, put and limits are left to the caller.
 * false with States.ResultWriterFailed for an OutputType or Transformation AWS does not
 * have, or a Bucket that is not a string. */
bool resultwriter_options_from_json(resultwriter_options *o, const jv *result_writer,
                                    asl_error *err);

resultwriter *resultwriter_new(const resultwriter_options *o);

/* Adds one child's result. false with err set once the writer failed. */
bool resultwriter_add(resultwriter *w, const resultwriter_result *res, asl_error *err);

/* Closes the files and writes the manifest; returns the Map state's result (owned), or
 * NULL with err set. Call once. */
jv *resultwriter_finish(resultwriter *w, asl_error *err);

void resultwriter_free(resultwriter *w);

#endif
