/*
 * replay_diff — a recorded history and a local one compared, thread by thread (the
 * execution, then each Parallel branch and Map iteration by its index, so the order in
 * which AWS interleaved them does not matter), visit by visit: the state entered, its
 * input, each task attempt (parameters, outcome, result or error and cause), its output,
 * how a Parallel or Map ended; then the execution's status, output, error and cause.
 * The first difference is the divergence. A field the recorded history has no data for
 * (not recorded, truncated, masked) is not compared and is counted instead.
 */
#ifndef SFDBG_REPLAY_DIFF_H
#define SFDBG_REPLAY_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "history.h"

typedef struct {
    bool diverged;
    long recorded_event, local_event;   /* 0: none on that side */
    const char *state;                  /* NULL: the execution's own fields */
    char field[32];                     /* "state", "input", "output", "parameters", ... */
    char path[256];                     /* JSONPath of the first differing value, or "" */
    char *recorded, *local;             /* the two values as text (owned) */
    size_t visits, attempts;            /* compared before the divergence (or in all) */
    size_t skipped;                     /* fields not compared: the history lacks the data */
} replay_diff;

/* Compares; fills d (replay_diff_cleanup frees its texts). */
void replay_diff_run(const history *recorded, const history *local, replay_diff *d);
void replay_diff_cleanup(replay_diff *d);

#endif
