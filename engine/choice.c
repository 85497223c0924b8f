/* choice — Choice rule evaluation. */
#include "choice.h"

#include <stdlib.h>
#include <string.h>

#include "timeutil.h"

/* Decodes one UTF-8 sequence (lenient: a bad byte stands for itself). */
static unsigned choice_next_codepoint(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    unsigned c = *s++;
    int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    if (extra && s + extra <= end) {
        c &= 0x3fu >> extra;
        for (int i = 0; i < extra; i++)
            c = (c << 6) | (s[i] & 0x3f);
        s += extra;
    }
    *p = s;
    return c;
}

/* The first UTF-16 code unit of a code point: what Java compares. */
static unsigned choice_utf16_lead(unsigned cp)
{
    return cp >= 0x10000 ? 0xd800 + ((cp - 0x10000) >> 10) : cp;
}

int choice_compare_utf16(const char *a, size_t alen, const char *b, size_t blen)
{
    const unsigned char *pa = (const unsigned char *)a, *ea = pa + alen;
    const unsigned char *pb = (const unsigned char *)b, *eb = pb + blen;
    while (pa < ea && pb < eb) {
        unsigned ca = choice_next_codepoint(&pa, ea), cb = choice_next_codepoint(&pb, eb);
        if (ca == cb)
            continue;
        unsigned ua = choice_utf16_lead(ca), ub = choice_utf16_lead(cb);
        if (ua != ub)
            return ua < ub ? -1 : 1;
        /* same lead surrogate: the trail units decide, in code point order */
        return ca < cb ? -1 : 1;
    }
    return pa < ea ? 1 : pb < eb ? -1 : 0;
}

bool choice_string_matches(const char *text, size_t tlen, const char *pattern, size_t plen)
{
    /* iterative glob with backtracking to the last star: linear-ish, no recursion; bounded
     * by the lengths, as either string may hold NUL bytes */
    const char *tend = text + tlen, *pend = pattern + plen;
    const char *star = NULL, *resume = NULL;
    while (text < tend) {
        if (pend - pattern >= 2 && *pattern == '\\' && (pattern[1] == '*' || pattern[1] == '\\')) {
            if (*text == pattern[1]) {
                text++;
                pattern += 2;
                continue;
            }
        } else if (pattern < pend && *pattern == '*') {
            star = ++pattern;
            resume = text;
            continue;
        } else if (pattern < pend && *pattern == *text) {
            text++;
            pattern++;
            continue;
        }
        if (!star)
            return false;
        pattern = star;
        text = ++resume;
    }
    while (pattern < pend && *pattern == '*')
        pattern++;
    return pattern == pend;
}

static bool choice_apply_op(asl_cmp_op op, int cmp)
{
    switch (op) {
    case ASL_OP_EQ: return cmp == 0;
    case ASL_OP_LT: return cmp < 0;
    case ASL_OP_GT: return cmp > 0;
    case ASL_OP_LE: return cmp <= 0;
    case ASL_OP_GE: return cmp >= 0;
    }
    return false;
}

static bool choice_compare_values(const asl_choice_rule *r, const jv *v, const jv *operand)
{
    switch (r->cmp) {
    case ASL_CMP_STRING:
        if (!jv_is_string(v) || !jv_is_string(operand))
            return false;
        return choice_apply_op(r->op, choice_compare_utf16(jv_string_value(v), jv_string_length(v),
                                                           jv_string_value(operand),
                                                           jv_string_length(operand)));
    case ASL_CMP_NUMERIC: {
        if (!jv_is_number(v) || !jv_is_number(operand))
            return false;
        double a = jv_number_value(v), b = jv_number_value(operand);
        return choice_apply_op(r->op, a < b ? -1 : a > b ? 1 : 0);
    }
    case ASL_CMP_BOOLEAN:
        return jv_is_bool(v) && jv_is_bool(operand) && jv_is_true(v) == jv_is_true(operand);
    case ASL_CMP_TIMESTAMP: {
        asl_instant a, b;
        if (!jv_is_string(v) || !jv_is_string(operand) ||
            !timeutil_parse_n(jv_string_value(v), jv_string_length(v), &a) ||
            !timeutil_parse_n(jv_string_value(operand), jv_string_length(operand), &b))
            return false;
        return choice_apply_op(r->op, timeutil_compare(a, b));
    }
    case ASL_CMP_STRING_MATCHES:
        return jv_is_string(v) && jv_is_string(operand) &&
               choice_string_matches(jv_string_value(v), jv_string_length(v),
                                     jv_string_value(operand), jv_string_length(operand));
    default:
        return false;
    }
}

/* The Is* tests; `expected` is the operator's boolean value. */
static bool choice_type_test(const asl_choice_rule *r, const jv *v)
{
    bool want = jv_is_bool(r->operand) && jv_is_true(r->operand);
    bool is = false;
    asl_instant t;
    switch (r->cmp) {
    case ASL_CMP_IS_NULL: is = jv_is_null(v); break;
    case ASL_CMP_IS_NUMERIC: is = jv_is_number(v); break;
    case ASL_CMP_IS_STRING: is = jv_is_string(v); break;
    case ASL_CMP_IS_BOOLEAN: is = jv_is_bool(v); break;
    case ASL_CMP_IS_TIMESTAMP:
        is = jv_is_string(v) && timeutil_parse_n(jv_string_value(v), jv_string_length(v), &t);
        break;
    default: break;
    }
    return is == want;
}

static void choice_invalid_path(asl_error *err, const jsonpath *p)
{
    asl_error_set(err, "States.Runtime",
                  "Invalid path '%s': The choice state's condition path references an invalid value.",
                  jsonpath_text(p));
}

/* Keeps what the rule saw in its record (t may be NULL: nothing is recorded). */
static void choice_note(choice_explain_rule *t, const jv *value, const jv *operand)
{
    if (!t)
        return;
    t->value = jv_ref(value);
    t->operand = jv_ref(operand);
}

static int choice_compare_rule(const asl_choice_rule *r, const eval_env *env, asl_error *err,
                               choice_explain_rule *t)
{
    jsonpath_miss miss;
    jv *v = jsonpath_eval(r->variable, env, &miss);
    if (r->cmp == ASL_CMP_IS_PRESENT) {
        bool want = jv_is_bool(r->operand) && jv_is_true(r->operand);
        choice_note(t, v, NULL);
        jv_unref(v);
        return (v != NULL) == want;
    }
    if (!v) {
        choice_invalid_path(err, r->variable);
        return -1;
    }
    int result;
    if (r->cmp >= ASL_CMP_IS_NULL) {
        result = choice_type_test(r, v);
        choice_note(t, v, NULL);
    } else if (r->operand_path) {
        jv *operand = jsonpath_eval(r->operand_path, env, &miss);
        choice_note(t, v, operand);
        if (!operand) {
            jv_unref(v);
            choice_invalid_path(err, r->operand_path);
            return -1;
        }
        result = choice_compare_values(r, v, operand);
        jv_unref(operand);
    } else {
        result = choice_compare_values(r, v, r->operand);
        choice_note(t, v, NULL);
    }
    jv_unref(v);
    return result;
}

/* And (stop_at 0) and Or (stop_at 1): the sub-rules in order until one gives stop_at (or
 * fails); the rest are not evaluated. */
static int choice_eval_group(const asl_choice_rule *r, const eval_env *env, asl_error *err,
                             choice_explain_rule *t, int stop_at)
{
    for (size_t i = 0; i < r->nchildren; i++) {
        int m = choice_rule_matches(&r->children[i], env, err, t ? &t->children[i] : NULL);
        if (m < 0 || m == stop_at)
            return m;
    }
    return !stop_at;
}

static int choice_eval_kind(const asl_choice_rule *r, const eval_env *env, asl_error *err,
                            choice_explain_rule *t)
{
    switch (r->kind) {
    case ASL_RULE_AND:
        return choice_eval_group(r, env, err, t, 0);
    case ASL_RULE_OR:
        return choice_eval_group(r, env, err, t, 1);
    case ASL_RULE_NOT: {
        int m = r->nchildren ? choice_rule_matches(&r->children[0], env, err, t ? &t->children[0] : NULL)
                             : -1;
        return m < 0 ? m : !m;
    }
    case ASL_RULE_COMPARE:
        return choice_compare_rule(r, env, err, t);
    case ASL_RULE_CONDITION: /* JSONata states do not come here */
        asl_error_set_raw(err, "States.Runtime", "A JSONata Condition needs the JSONata evaluator");
        return -1;
    }
    return 0;
}

choice_verdict choice_verdict_of(int m)
{
    return m < 0 ? CHOICE_FAILED : m ? CHOICE_MATCHED : CHOICE_NOT_MATCHED;
}

int choice_rule_matches(const asl_choice_rule *r, const eval_env *env, asl_error *err,
                        choice_explain_rule *t)
{
    int m = choice_eval_kind(r, env, err, t);
    if (t)
        t->verdict = choice_verdict_of(m);
    return m;
}
