/*
 * replay_report — what `sfdbg replay` prints: the recorded execution as a list of visits
 * (thread by thread), what the history lacks (no data, truncated, masked values, missing
 * pages), and the outcome of a rerun (reproduced, or the first divergence).
 */
#ifndef SFDBG_REPLAY_REPORT_H
#define SFDBG_REPLAY_REPORT_H

#include <stdio.h>

#include "history.h"
#include "replay_diff.h"

/* One line per visit, branches and iterations indented under their Parallel / Map. */
void replay_report_listing(FILE *out, const history *h);
/* "note: ..." lines for what the history lacks; name is the history's file. */
void replay_report_notes(FILE *out, const history *h, const char *name);
/* The rerun's verdict. */
void replay_report_diff(FILE *out, const replay_diff *d, const history *recorded,
                        const history *local);

#endif
