/*
 * replay_debug — what `sfdbg replay HISTORY --definition F` hands the debugger
 * (debugger_replay, ui/debugger.h): the recorded events in id order with the state and the
 * branch or iteration of each, the recorded state visits (for the graph's recorded path),
 * what the history lacks in a few words, the divergence of the local run from the recorded
 * one, and the recheck the debugger asks when its own run ends (its history read back and
 * compared as `--rerun` compares).
 *
 * It borrows the history and the definition, which must outlive it; the strings it hands
 * out are its own.
 */
#ifndef SFDBG_REPLAY_DEBUG_H
#define SFDBG_REPLAY_DEBUG_H

#include "definition.h"
#include "history.h"
#include "replay_diff.h"
#include "ui/debugger.h"

typedef struct replay_debug replay_debug;

/* name: the history's file. d: the divergence of the headless local run (NULL: unknown);
 * it is copied. */
replay_debug *replay_debug_new(const history *rec, const asl_definition *def, const char *name,
                               const replay_diff *d);
const debugger_replay *replay_debug_config(const replay_debug *v);
void replay_debug_free(replay_debug *v);

#endif
