/*
 * stagechange — what a stage changed, in one line: "+ $.validation {…}", "~ $.total 3 (was 2)",
 * "- $.draft" and "(and 2 more)". The Stages tab shows it on the afterResultPath row, so a
 * person sees ResultPath's effect instead of the start of the whole document.
 */
#ifndef SFDBG_UI_STAGECHANGE_H
#define SFDBG_UI_STAGECHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "exec.h"
#include "jv.h"

/* Writes the changes from `before` to `after` into buf (at most `shown` of them, then how
 * many more); "" when they are equal. Walks only where the two differ (jv_equal skips the
 * subtrees they share). */
void stage_change_text(const jv *before, const jv *after, int shown, char *buf, size_t n);

#endif
