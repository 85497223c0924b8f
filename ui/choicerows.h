/*
 * choicerows — a Choice visit's decision as rows of the Stages tab (jsontree.h): each rule in
 * order with its text, ✓ matched / ✗ not matched / (not evaluated) / (failed), the value its
 * Variable had (or "not present"), And/Or/Not sub-rules indented under their rule, then the
 * rule taken and its `→ Next`, or `Default → X`, or States.NoChoiceMatched. Rule texts are
 * notes, which the tree wraps: nothing is cut.
 */
#ifndef SFDBG_UI_CHOICEROWS_H
#define SFDBG_UI_CHOICEROWS_H

#include "exec.h"
#include "jsontree.h"

/* Adds the rows of v's decision to t; nothing when v has no explanation (not a Choice). */
void choice_rows_add(jsontree *t, const exec_visit *v);

/* The decision in one line, into buf: "rule 2 → Approve", "Default → Review",
 * "no rule matched and no Default: States.NoChoiceMatched", "rule 1 failed: States.Runtime". */
void choice_rows_outcome(const exec_visit *v, char *buf, size_t n);

#endif
