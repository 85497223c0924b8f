/* choicerows — a Choice visit's decision on the Stages tab. See choicerows.h. */
#include "choicerows.h"

#include <stdio.h>
#include <string.h>

#include "strbuf.h"

#define CHOICE_ROWS_MAX_INDENT 6   /* sub-rules deeper than this stop moving right */

/* The first rule that failed, or -1. */
static long choice_rows_failed(const choice_explain *x)
{
    for (size_t i = 0; i < x->nrules; i++)
        if (x->rules[i].verdict == CHOICE_FAILED)
            return (long)i;
    return -1;
}

void choice_rows_outcome(const exec_visit *v, char *buf, size_t n)
{
    const choice_explain *x = exec_visit_choice(v);
    const char *err = exec_visit_details(v)->error ? exec_visit_details(v)->error : "an error";
    long failed = x ? choice_rows_failed(x) : -1;
    if (!x)
        snprintf(buf, n, "(not a Choice)");
    else if (x->taken >= 0 && x->next)
        snprintf(buf, n, "rule %ld \xe2\x86\x92 %s", x->taken + 1, x->next->name);
    else if (x->taken >= 0)
        snprintf(buf, n, "rule %ld matched, then its Assign failed: %s", x->taken + 1, err);
    else if (x->default_taken && x->next)
        snprintf(buf, n, "no rule matched: Default \xe2\x86\x92 %s", x->next->name);
    else if (x->default_taken)
        snprintf(buf, n, "no rule matched: Default, whose Assign failed: %s", err);
    else if (failed >= 0)
        snprintf(buf, n, "rule %ld failed: %s", failed + 1, err);
    else
        snprintf(buf, n, "no rule matched and no Default: %s",
                 exec_visit_details(v)->error ? exec_visit_details(v)->error
                                              : "States.NoChoiceMatched");
}

static const char *choice_rows_mark(choice_verdict v)
{
    switch (v) {
    case CHOICE_MATCHED: return "\xe2\x9c\x93 ";      /* ✓ */
    case CHOICE_NOT_MATCHED:
    case CHOICE_FAILED: return "\xe2\x9c\x97 ";       /* ✗ */
    default: return "  ";
    }
}

static void choice_rows_indent(char *buf, size_t n, int depth)
{
    int d = depth > CHOICE_ROWS_MAX_INDENT ? CHOICE_ROWS_MAX_INDENT : depth;
    snprintf(buf, n, "%*s", 2 * d, "");
}

/* The value rows under a rule: what its Variable had (or "not present"), a ...Path
 * operand's value, a JSONata Condition's result. Nothing for a rule not evaluated. */
static void choice_rows_values(jsontree *t, const choice_explain_rule *r, int depth)
{
    const asl_choice_rule *rule = r->rule;
    if (r->verdict == CHOICE_NOT_EVALUATED ||
        (rule->kind != ASL_RULE_COMPARE && rule->kind != ASL_RULE_CONDITION))
        return;
    char ind[32], label[64];
    choice_rows_indent(ind, sizeof ind, depth + 2);
    bool condition = rule->kind == ASL_RULE_CONDITION;
    snprintf(label, sizeof label, "%s%s", ind, condition ? "returned" : "value");
    if (r->value)
        jt_add(t, label, r->value, NULL);
    else if (!condition)
        jt_add(t, label, NULL, "not present");
    if (rule->operand_path) {
        snprintf(label, sizeof label, "%soperand", ind);
        if (r->operand)
            jt_add(t, label, r->operand, NULL);
        else if (r->verdict == CHOICE_FAILED && r->value)
            jt_add(t, label, NULL, "not present");
    }
}

/* One rule's row (its number, mark and text), its values, then its sub-rules. */
static void choice_rows_rule(jsontree *t, const choice_explain_rule *r, const char *number,
                             int depth)
{
    char ind[32], label[128];
    choice_rows_indent(ind, sizeof ind, depth);
    snprintf(label, sizeof label, "%s%s%s%s", ind, choice_rows_mark(r->verdict),
             depth ? "" : "rule ", number);
    strbuf note;
    strbuf_init(&note, 0);
    if (r->verdict == CHOICE_NOT_EVALUATED)
        strbuf_puts(&note, "(not evaluated) ");
    else if (r->verdict == CHOICE_FAILED)
        strbuf_puts(&note, "(failed) ");
    choice_explain_rule_text(r->rule, &note);
    if (depth == 0 && r->rule->next_name)
        strbuf_printf(&note, "  \xe2\x86\x92 %s", r->rule->next_name);
    jt_add(t, label, NULL, strbuf_str(&note));
    strbuf_cleanup(&note);
    choice_rows_values(t, r, depth);
    for (size_t i = 0; i < r->nchildren; i++) {
        char sub[96];
        snprintf(sub, sizeof sub, "%s.%zu", number, i + 1);
        choice_rows_rule(t, &r->children[i], sub, depth + 1);
    }
}

void choice_rows_add(jsontree *t, const exec_visit *v)
{
    const choice_explain *x = exec_visit_choice(v);
    if (!x)
        return;
    char outcome[400];
    choice_rows_outcome(v, outcome, sizeof outcome);
    jt_add(t, "taken", NULL, outcome);
    for (size_t i = 0; i < x->nrules; i++) {
        char number[24];
        snprintf(number, sizeof number, "%zu", i + 1);
        choice_rows_rule(t, &x->rules[i], number, 0);
    }
    const char *dflt = v->state->choice.default_name;
    if (dflt) {
        char note[300];
        snprintf(note, sizeof note, "%s\xe2\x86\x92 %s", x->default_taken ? "" : "(not taken) ", dflt);
        jt_add(t, x->default_taken ? "\xe2\x9c\x93 Default" : "  Default", NULL, note);
    }
}
