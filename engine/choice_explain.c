/* choice_explain — the record of how a Choice visit decided. See choice_explain.h. */
#include "choice_explain.h"

#include <string.h>

#include "jsonpath.h"
#include "jv_text.h"

const char *choice_verdict_name(choice_verdict v)
{
    switch (v) {
    case CHOICE_MATCHED: return "matched";
    case CHOICE_NOT_MATCHED: return "not matched";
    case CHOICE_FAILED: return "failed";
    default: return "not evaluated";
    }
}

void choice_explain_rule_text(const asl_choice_rule *r, strbuf *out)
{
    switch (r->kind) {
    case ASL_RULE_AND:
    case ASL_RULE_OR:
        strbuf_printf(out, "%s (%zu rule%s)", r->kind == ASL_RULE_AND ? "And" : "Or",
                      r->nchildren, r->nchildren == 1 ? "" : "s");
        return;
    case ASL_RULE_NOT:
        strbuf_puts(out, "Not");
        return;
    case ASL_RULE_CONDITION:
        if (jv_is_string(r->condition))
            strbuf_append(out, jv_string_value(r->condition), jv_string_length(r->condition));
        else if (r->condition)
            jv_dump(r->condition, 0, out);
        return;
    case ASL_RULE_COMPARE:
        break;
    }
    strbuf_printf(out, "%s %s ", r->variable ? jsonpath_text(r->variable) : "?",
                  r->operator_name ? r->operator_name : "?");
    if (r->operand_path)
        strbuf_puts(out, jsonpath_text(r->operand_path));
    else if (r->operand)
        jv_dump(r->operand, 0, out);
}

/* Nodes of the rule tree under (and including) the n rules at r. */
static size_t choice_explain_count(const asl_choice_rule *r, size_t n)
{
    size_t total = n;
    for (size_t i = 0; i < n; i++)
        total += choice_explain_count(r[i].children, r[i].nchildren);
    return total;
}

/* Lays the records of the n rules at r into slots (every rule's children contiguous);
 * returns the next free slot. */
static choice_explain_rule *choice_explain_lay(const asl_choice_rule *r, size_t n,
                                               choice_explain_rule *at, choice_explain_rule *free_slot)
{
    for (size_t i = 0; i < n; i++) {
        at[i].rule = &r[i];
        at[i].verdict = CHOICE_NOT_EVALUATED;
        at[i].nchildren = (uint32_t)r[i].nchildren;
        at[i].children = r[i].nchildren ? free_slot : NULL;
        free_slot += r[i].nchildren;
    }
    for (size_t i = 0; i < n; i++)
        if (at[i].nchildren)
            free_slot = choice_explain_lay(r[i].children, r[i].nchildren, at[i].children, free_slot);
    return free_slot;
}

size_t choice_explain_size(const asl_choice_fields *choice)
{
    return sizeof(choice_explain) +
           choice_explain_count(choice->rules, choice->nrules) * sizeof(choice_explain_rule);
}

choice_explain *choice_explain_init(void *mem, const asl_choice_fields *choice)
{
    /* one block: the header, then the top-level rules, then every sub-rule */
    choice_explain *x = mem;
    x->rules = (choice_explain_rule *)(x + 1);
    x->nrules = (uint32_t)choice->nrules;
    x->taken = -1;
    choice_explain_lay(choice->rules, choice->nrules, x->rules, x->rules + choice->nrules);
    return x;
}

static void choice_explain_release_rules(choice_explain_rule *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        jv_unref((jv *)t[i].value);
        jv_unref((jv *)t[i].operand);
        choice_explain_release_rules(t[i].children, t[i].nchildren);
    }
}

void choice_explain_release(choice_explain *x)
{
    if (x)
        choice_explain_release_rules(x->rules, x->nrules);
}

static size_t choice_explain_value_bytes(const choice_explain_rule *t, size_t n)
{
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += jv_unshared_bytes(t[i].value) + jv_unshared_bytes(t[i].operand) +
                 choice_explain_value_bytes(t[i].children, t[i].nchildren);
    return bytes;
}

size_t choice_explain_decide(choice_explain *x, long taken, bool default_taken,
                             const asl_state *next)
{
    if (!x)
        return 0;
    x->taken = taken;
    x->default_taken = default_taken;
    x->next = next;
    return choice_explain_value_bytes(x->rules, x->nrules);
}
