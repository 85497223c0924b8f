/*
 * choice — evaluates JSONPath Choice rules (And/Or/Not and every comparison operator)
 * as AWS does: a type mismatch is false, not an error; strings compare as Java's
 * String.compareTo (UTF-16 code units); numbers as doubles; timestamps as instants;
 * StringMatches with `*` wildcards and `\*` / `\\` escapes. A missing Variable is an
 * error (States.Runtime) except for IsPresent.
 */
#ifndef SFDBG_CHOICE_H
#define SFDBG_CHOICE_H

#include <stdbool.h>

#include "asl_error.h"
#include "choice_explain.h"
#include "definition.h"
#include "eval_env.h"

/* 1 when the rule matches, 0 when not, -1 on error (err set, cause without the
 * "An error occurred while executing the state" prefix). t (NULL: nothing recorded) is the
 * rule's record: its verdict, the values it saw, its sub-rules' (choice_explain.h). */
int choice_rule_matches(const asl_choice_rule *r, const eval_env *env, asl_error *err,
                        choice_explain_rule *t);
/* A result of choice_rule_matches (or a JSONata Condition's) as a verdict. */
choice_verdict choice_verdict_of(int m);

/* Glob match of StringMatches over byte strings that may hold NUL; exposed for tests. */
bool choice_string_matches(const char *text, size_t tlen, const char *pattern, size_t plen);
/* Java String.compareTo over UTF-8 input: <0, 0, >0. Exposed for tests. */
int choice_compare_utf16(const char *a, size_t alen, const char *b, size_t blen);

#endif
