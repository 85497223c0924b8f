/*
 * reach — where a state's transitions lead, read from the definition alone (no execution):
 * its successors (Next, each Choice rule's Next, Default, each Catch's Next, in that order)
 * and whether a state can ever be reached from another. `u` (run until) uses it to say at
 * once that the selected state can never be reached from where the execution is, instead of
 * running to the end; the graph's j/k move along the successors.
 *
 * Pure and bounded: a walk visits each state of the machine at most once.
 */
#ifndef SFDBG_UI_REACH_H
#define SFDBG_UI_REACH_H

#include <stdbool.h>
#include <stddef.h>

#include "definition.h"

/* The states s's transitions lead to, in the order above, each once; at most max of them
 * in out. Returns how many there are (may exceed max). */
size_t reach_successors(const asl_state *s, const asl_state **out, size_t max);

typedef enum {
    REACH_YES,        /* a path of transitions leads from `from` to `to` (or its block) */
    REACH_NO,         /* none does: a run from `from` never gets there */
    REACH_UNKNOWN     /* the two are in different machines the definition alone cannot join */
} reach_answer;

/* Whether running on from the state about to run, `from`, can get to `to`: `to` is reached
 * when it is entered again after `from` (a loop back to `from` itself counts). A `to` inside
 * a Parallel/Map block counts as reached with the block (its state `from` or one `from`
 * leads to). */
reach_answer reach_can_reach(const asl_state *from, const asl_state *to);

#endif
