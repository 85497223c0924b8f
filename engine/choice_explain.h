/*
 * choice_explain — how one Choice visit decided, for the debugger's Stages tab and the
 * graph: every top-level rule in order with the value its Variable had (or that it was not
 * present) and whether it matched, And/Or/Not with their sub-rules' results, the rule taken
 * or the Default, and the Next. JSONata rules are their Condition, with what it returned.
 *
 * AWS stops at the first rule that matches, and And/Or at the first sub-rule that decides
 * them (the evaluator in choice.c does the same): the rules after that are "not
 * evaluated", and nothing is evaluated to explain them.
 *
 * The execution makes one per Choice visit while it records visits (exec_visit_choice;
 * nothing is made, and nothing costs, without exec_options.record_visits). It owns it: the
 * rules point into the definition (borrowed), the values are shared references the
 * explanation holds until the execution is freed.
 */
#ifndef SFDBG_CHOICE_EXPLAIN_H
#define SFDBG_CHOICE_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "definition.h"
#include "jv.h"
#include "strbuf.h"

typedef enum {
    CHOICE_NOT_EVALUATED,   /* after the rule that matched or failed (And/Or: the sub-rule that
                               decided them) */
    CHOICE_MATCHED,
    CHOICE_NOT_MATCHED,
    CHOICE_FAILED           /* evaluating it failed: the visit's error says why */
} choice_verdict;

/* One per Choice visit that is recorded: the fields are ordered (and the counts 32 bits, a
 * definition's rules being far fewer) so that an explanation takes 32 bytes and 40 a rule. */
typedef struct choice_explain_rule {
    const asl_choice_rule *rule;   /* the definition's rule (borrowed) */
    /* A comparison: the Variable's value, NULL when it was not present (or the rule was not
     * evaluated). A JSONata Condition: what it returned. And/Or/Not: NULL. */
    const jv *value;
    /* A ...Path comparison: the value the operand's path named, NULL when not present. */
    const jv *operand;
    struct choice_explain_rule *children;   /* And/Or/Not: their sub-rules, in order */
    choice_verdict verdict;
    uint32_t nchildren;
} choice_explain_rule;

typedef struct choice_explain {
    choice_explain_rule *rules;    /* the Choices, in order */
    /* Where the Choice went; NULL when it failed (States.NoChoiceMatched or an error while
     * evaluating a rule or its Assign: the visit's error says which). */
    const asl_state *next;
    long taken;                    /* index of the rule taken; -1: none (Default, or none) */
    uint32_t nrules;
    bool default_taken;
} choice_explain;

/* "matched", "not matched", "not evaluated", "failed". */
const char *choice_verdict_name(choice_verdict v);

/* One line for a rule, appended to out: "$.amount NumericGreaterThan 1000",
 * "$.a NumericLessThanPath $.b", "And (2 rules)", "Not", "Or (3 rules)", the JSONata
 * Condition as written ("{% $states.input.total > 100 %}"). Never cut: the caller wraps. */
void choice_explain_rule_text(const asl_choice_rule *r, strbuf *out);

/* ---- the executor's side ---- */

/* The bytes an explanation of these rules takes, and one laid out in mem (that many bytes,
 * zeroed, aligned for any type: the execution's arena), every rule not evaluated. */
size_t choice_explain_size(const asl_choice_fields *choice);
choice_explain *choice_explain_init(void *mem, const asl_choice_fields *choice);
/* Releases the values it holds (NULL-safe); its memory is the caller's. */
void choice_explain_release(choice_explain *x);
/* Rule i's record; NULL when x is NULL (nothing recorded) or i is out of range. */
static inline choice_explain_rule *choice_explain_at(choice_explain *x, size_t i)
{
    return x && i < x->nrules ? &x->rules[i] : NULL;
}
/* How it ended: rule `taken` (-1: none), or the Default; next NULL when it failed. Returns
 * the bytes the recorded values keep alive (jv_unshared_bytes), for the memory count; 0 when
 * x is NULL. */
size_t choice_explain_decide(choice_explain *x, long taken, bool default_taken,
                             const asl_state *next);

#endif
