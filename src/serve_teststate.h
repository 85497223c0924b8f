/*
 * serve_teststate — what TestState's modules share: the request as parsed and checked
 * (serve_teststate_req.c), the stand-in that runs a mocked Map or Parallel state
 * (serve_teststate_fanout.c), and running it (serve_teststate.c).
 */
#ifndef SFDBG_SERVE_TESTSTATE_H
#define SFDBG_SERVE_TESTSTATE_H

#include <stdbool.h>

#include "jv.h"
#include "serve_exec.h"

typedef struct {
    jv *input;
    bool has_mock, mock_error;
    jv *mock_result;                 /* mock.result, parsed */
    const char *mock_cause, *mock_error_name;
    const char *validation_mode;     /* mock.fieldValidationMode: STRICT (default) ... */
    long retry_count;                /* stateConfiguration.retrierRetryCount */
    const char *error_caused_by;     /* stateConfiguration.errorCausedByState, or NULL */
    long map_failures;               /* stateConfiguration.mapIterationFailureCount, -1 */
    char map_cause[160];             /* the cause when those failures fail the Map */
    const char *reader_data;         /* stateConfiguration.mapItemReaderData, or NULL */
    long reader_items;               /* the items its ItemReader read from it, -1 none */
    char reader_cause[512];          /* the cause when reading it failed */
    jv *variables;                   /* variables: an object, or NULL */
    jv *context;                     /* context: an object, or NULL */
    bool debug;                      /* inspectionLevel DEBUG or TRACE */
} ts_request;

/* The request's members beyond the definition, checked; false with e filled. */
bool ts_parse(const jv *req, ts_request *t, serve_error *e);
void ts_request_cleanup(ts_request *t);

/* A Map or Parallel state's JSON under TestState: a mock is required, and the state runs
 * as a Task answered by it with the same input and result stages, Retry, Catch and
 * transitions (its branches or iterations do not run). errorCausedByState must name a
 * state inside it; mapIterationFailureCount past the Map's tolerated failures makes the
 * mock States.ExceedToleratedFailureThreshold. Other states' JSON comes back as it is. A
 * new reference, or NULL with e filled. */
jv *ts_fanout_stand_in(const jv *state, ts_request *t, serve_error *e);

/* stateConfiguration.mapItemReaderData (serve_teststate_reader.c): a mocked Map's ItemReader
 * reads it as it would its S3 object (ReaderConfig's InputType JSON, JSONL or CSV, its
 * headers, delimiter, ItemsPointer and MaxItems): the count in reader_items, or a reader
 * failure made the mock's error (States.ItemReaderFailed, through Retry and Catch). False
 * with e filled when the Map has no ItemReader or one that does not read such data. */
bool ts_read_items(const jv *map, ts_request *t, serve_error *e);

#endif
