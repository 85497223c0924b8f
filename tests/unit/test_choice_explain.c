/*
 * test_choice_explain — how a Choice visit explains itself (exec_visit.choice,
 * choice_explain.h): each rule's value and verdict, nested And/Or/Not with their sub-rules,
 * variables not present, rules after the match not evaluated, the Default, no match, a rule
 * that fails, a ...Path operand, JSONata Conditions, and nothing kept without the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choice_explain.h"
#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "tap.h"

typedef struct {
    asl_definition *def;
    sfn_exec *ex;
} run;

/* Runs the definition to its end on input; record: the data-flow record is kept. */
static run run_it(const char *definition, const char *input, bool record)
{
    run r = {defload(definition), NULL};
    if (!r.def) {
        tap_ok(false, "definition loads");
        return r;
    }
    exec_options o;
    exec_options_init(&o);
    o.has_seed = true;
    o.seed = 5;
    o.record_visits = record;
    jv *in = jv_parse(input, strlen(input), 0, NULL);
    r.ex = exec_new(r.def, in, &o);
    jv_unref(in);
    exec_run(r.ex, 1000);
    return r;
}

static void finish(run *r)
{
    exec_free(r->ex);
    asl_definition_free(r->def);
}

/* The explanation of the first visit of the state named name, or NULL. */
static const choice_explain *explained(const run *r, const char *name)
{
    for (size_t i = 0; r->ex && i < exec_visit_count(r->ex); i++) {
        const exec_visit *v = exec_visit_at(r->ex, i);
        if (!strcmp(v->state->name, name))
            return exec_visit_choice(v);
    }
    return NULL;
}

static const exec_visit *visit_of(const run *r, const char *name)
{
    for (size_t i = 0; r->ex && i < exec_visit_count(r->ex); i++)
        if (!strcmp(exec_visit_at(r->ex, i)->state->name, name))
            return exec_visit_at(r->ex, i);
    return NULL;
}

static void is_value(const jv *v, const char *want, const char *what)
{
    char *got = v ? jv_dump_string(v, 0) : strdup("(not present)");
    tap_is_str(got, want, "%s", what);
    free(got);
}

static void is_text(const choice_explain_rule *t, const char *want, const char *what)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    choice_explain_rule_text(t->rule, &sb);
    tap_is_str(strbuf_str(&sb), want, "%s", what);
    strbuf_cleanup(&sb);
}

static void is_verdict(const choice_explain_rule *t, choice_verdict want, const char *what)
{
    tap_is_str(choice_verdict_name(t->verdict), choice_verdict_name(want), "%s", what);
}

#define ENDS "\"Approve\":{\"Type\":\"Succeed\"},\"Reject\":{\"Type\":\"Succeed\"}," \
             "\"Review\":{\"Type\":\"Succeed\"}"

static const char *three_rules =
    "{\"StartAt\":\"Decide\",\"States\":{\"Decide\":{\"Type\":\"Choice\",\"Choices\":["
    "{\"Variable\":\"$.amount\",\"NumericGreaterThan\":1000,\"Next\":\"Reject\"},"
    "{\"And\":[{\"Variable\":\"$.valid\",\"BooleanEquals\":true},"
    "{\"Variable\":\"$.kind\",\"StringEquals\":\"order\"}],\"Next\":\"Approve\"},"
    "{\"Variable\":\"$.x\",\"IsPresent\":true,\"Next\":\"Review\"}],"
    "\"Default\":\"Review\"}," ENDS "}}";

static void test_rules_in_order(void)
{
    run r = run_it(three_rules, "{\"amount\":500,\"valid\":true,\"kind\":\"order\",\"x\":1}", true);
    const choice_explain *x = explained(&r, "Decide");
    if (!tap_ok(x != NULL, "a Choice visit has its explanation")) {
        finish(&r);
        return;
    }
    tap_is_int((long long)x->nrules, 3, "three rules");
    is_text(&x->rules[0], "$.amount NumericGreaterThan 1000", "rule 1's text");
    is_value(x->rules[0].value, "500", "rule 1 saw $.amount = 500");
    is_verdict(&x->rules[0], CHOICE_NOT_MATCHED, "rule 1 did not match");
    is_text(&x->rules[1], "And (2 rules)", "rule 2 is an And of two");
    is_verdict(&x->rules[1], CHOICE_MATCHED, "rule 2 matched");
    tap_is_int((long long)x->rules[1].nchildren, 2, "its two sub-rules are recorded");
    is_text(&x->rules[1].children[1], "$.kind StringEquals \"order\"", "the second sub-rule's text");
    is_value(x->rules[1].children[0].value, "true", "sub-rule 1 saw true");
    is_value(x->rules[1].children[1].value, "\"order\"", "sub-rule 2 saw \"order\"");
    is_verdict(&x->rules[1].children[0], CHOICE_MATCHED, "sub-rule 1 matched");
    is_verdict(&x->rules[1].children[1], CHOICE_MATCHED, "sub-rule 2 matched");
    is_verdict(&x->rules[2], CHOICE_NOT_EVALUATED, "rule 3, after the match, is not evaluated");
    tap_ok(x->rules[2].value == NULL, "and holds no value (its $.x was never read)");
    tap_is_int(x->taken, 1, "rule 2 (index 1) was taken");
    tap_ok(!x->default_taken, "not the Default");
    tap_is_str(x->next ? x->next->name : "(none)", "Approve", "the Next is Approve");
    finish(&r);
}

static void test_default_and_short_circuit(void)
{
    /* the And stops at its first false sub-rule: the second is not evaluated */
    run r = run_it(three_rules, "{\"amount\":5,\"valid\":false,\"kind\":\"order\"}", true);
    const choice_explain *x = explained(&r, "Decide");
    if (tap_ok(x != NULL, "explained (Default)")) {
        is_verdict(&x->rules[1], CHOICE_NOT_MATCHED, "the And did not match");
        is_verdict(&x->rules[1].children[0], CHOICE_NOT_MATCHED, "its first sub-rule was false");
        is_verdict(&x->rules[1].children[1], CHOICE_NOT_EVALUATED,
                   "its second sub-rule was not evaluated (And stops at false)");
        is_verdict(&x->rules[2], CHOICE_NOT_MATCHED, "rule 3 did not match");
        tap_ok(x->rules[2].value == NULL, "rule 3's $.x was not present");
        tap_is_int(x->taken, -1, "no rule taken");
        tap_ok(x->default_taken, "the Default was taken");
        tap_is_str(x->next ? x->next->name : "(none)", "Review", "Default -> Review");
    }
    finish(&r);
}

static void test_or_not_path(void)
{
    const char *def =
        "{\"StartAt\":\"Decide\",\"States\":{\"Decide\":{\"Type\":\"Choice\",\"Choices\":["
        "{\"Not\":{\"Variable\":\"$.kind\",\"StringEquals\":\"order\"},\"Next\":\"Reject\"},"
        "{\"Variable\":\"$.a\",\"NumericLessThanPath\":\"$.b\",\"Next\":\"Review\"},"
        "{\"Or\":[{\"Variable\":\"$.a\",\"NumericEquals\":3},{\"Variable\":\"$.missing\","
        "\"IsPresent\":false},{\"Variable\":\"$.b\",\"NumericEquals\":2}],\"Next\":\"Approve\"}]},"
        ENDS "}}";
    run r = run_it(def, "{\"kind\":\"order\",\"a\":3,\"b\":2}", true);
    const choice_explain *x = explained(&r, "Decide");
    if (tap_ok(x != NULL, "explained (Or, Not, ...Path)")) {
        is_text(&x->rules[0], "Not", "a Not rule");
        is_verdict(&x->rules[0], CHOICE_NOT_MATCHED, "the Not did not match");
        is_verdict(&x->rules[0].children[0], CHOICE_MATCHED, "because its sub-rule matched");
        is_text(&x->rules[1], "$.a NumericLessThanPath $.b", "a ...Path rule's text");
        is_value(x->rules[1].value, "3", "its Variable's value");
        is_value(x->rules[1].operand, "2", "its operand's value");
        is_verdict(&x->rules[1], CHOICE_NOT_MATCHED, "3 < 2 is false");
        is_text(&x->rules[2], "Or (3 rules)", "an Or of three");
        is_verdict(&x->rules[2], CHOICE_MATCHED, "the Or matched");
        is_verdict(&x->rules[2].children[0], CHOICE_MATCHED, "at its first sub-rule");
        is_verdict(&x->rules[2].children[1], CHOICE_NOT_EVALUATED, "the rest not evaluated");
        is_verdict(&x->rules[2].children[2], CHOICE_NOT_EVALUATED, "(the third too)");
        tap_is_int(x->taken, 2, "rule 3 taken");
    }
    finish(&r);
    /* IsPresent false on a variable that is not there: matched, and "not present" */
    run r2 = run_it(def, "{\"kind\":\"order\",\"a\":9,\"b\":2}", true);
    x = explained(&r2, "Decide");
    if (tap_ok(x != NULL, "explained (IsPresent false)")) {
        is_verdict(&x->rules[2].children[0], CHOICE_NOT_MATCHED, "9 is not 3");
        is_verdict(&x->rules[2].children[1], CHOICE_MATCHED, "IsPresent false on $.missing matched");
        tap_ok(x->rules[2].children[1].value == NULL, "its value: not present");
        is_text(&x->rules[2].children[1], "$.missing IsPresent false", "its text");
    }
    finish(&r2);
}

static void test_failures(void)
{
    const char *def =
        "{\"StartAt\":\"Decide\",\"States\":{\"Decide\":{\"Type\":\"Choice\",\"Choices\":["
        "{\"Variable\":\"$.amount\",\"NumericGreaterThan\":10,\"Next\":\"Approve\"},"
        "{\"Variable\":\"$.kind\",\"StringEquals\":\"x\",\"Next\":\"Reject\"}]},"
        "\"Approve\":{\"Type\":\"Succeed\"},\"Reject\":{\"Type\":\"Succeed\"}}}";
    /* no rule matches and there is no Default */
    run r = run_it(def, "{\"amount\":1,\"kind\":\"y\"}", true);
    const choice_explain *x = explained(&r, "Decide");
    const exec_visit *v = visit_of(&r, "Decide");
    if (tap_ok(x != NULL && v != NULL, "explained (no match)")) {
        is_verdict(&x->rules[0], CHOICE_NOT_MATCHED, "rule 1 false");
        is_verdict(&x->rules[1], CHOICE_NOT_MATCHED, "rule 2 false");
        tap_ok(x->taken == -1 && !x->default_taken && !x->next, "nothing taken, no Next");
        const char *error = exec_visit_details(v)->error;
        tap_is_str(error ? error : "(none)", "States.NoChoiceMatched", "the visit's error");
    }
    finish(&r);
    /* a Variable that is not present fails the comparison: the rest are not evaluated */
    run r2 = run_it(def, "{\"kind\":\"x\"}", true);
    x = explained(&r2, "Decide");
    v = visit_of(&r2, "Decide");
    if (tap_ok(x != NULL && v != NULL, "explained (a failing rule)")) {
        is_verdict(&x->rules[0], CHOICE_FAILED, "rule 1 failed");
        tap_ok(x->rules[0].value == NULL, "its $.amount was not present");
        is_verdict(&x->rules[1], CHOICE_NOT_EVALUATED, "rule 2 was not evaluated");
        tap_ok(x->taken == -1 && !x->next, "nothing taken");
        const char *error = exec_visit_details(v)->error;
        tap_is_str(error ? error : "(none)", "States.Runtime",
                   "the visit failed with States.Runtime");
    }
    finish(&r2);
}

static void test_jsonata(void)
{
    const char *def =
        "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"Decide\",\"States\":{\"Decide\":{"
        "\"Type\":\"Choice\",\"Choices\":["
        "{\"Condition\":\"{% $states.input.total > 100 %}\",\"Next\":\"Reject\"},"
        "{\"Condition\":\"{% $states.input.tier = 'gold' %}\",\"Next\":\"Approve\"},"
        "{\"Condition\":\"{% $boom() %}\",\"Next\":\"Review\"}],\"Default\":\"Review\"},"
        ENDS "}}";
    run r = run_it(def, "{\"total\":50,\"tier\":\"gold\"}", true);
    const choice_explain *x = explained(&r, "Decide");
    if (tap_ok(x != NULL, "a JSONata Choice is explained")) {
        is_text(&x->rules[0], "{% $states.input.total > 100 %}", "rule 1 is its Condition");
        is_verdict(&x->rules[0], CHOICE_NOT_MATCHED, "rule 1 false");
        is_value(x->rules[0].value, "false", "what the Condition returned");
        is_verdict(&x->rules[1], CHOICE_MATCHED, "rule 2 true");
        is_value(x->rules[1].value, "true", "rule 2 returned true");
        is_verdict(&x->rules[2], CHOICE_NOT_EVALUATED, "rule 3 not evaluated (it would fail)");
        tap_is_int(x->taken, 1, "rule 2 taken");
        tap_is_str(x->next ? x->next->name : "(none)", "Approve", "-> Approve");
    }
    finish(&r);
    /* a Condition that returns no boolean fails, and says what it returned */
    run r2 = run_it(def, "{\"total\":\"many\",\"tier\":\"x\"}", true);
    x = explained(&r2, "Decide");
    if (tap_ok(x != NULL, "explained (a Condition that fails)")) {
        is_verdict(&x->rules[0], CHOICE_FAILED, "rule 1 failed");
        is_verdict(&x->rules[1], CHOICE_NOT_EVALUATED, "rule 2 not evaluated");
        tap_ok(!x->next, "no Next");
    }
    finish(&r2);
    run r3 = run_it(def, "{\"total\":5,\"tier\":\"x\"}", true);
    const exec_visit *v = visit_of(&r3, "Decide");
    x = explained(&r3, "Decide");
    /* rule 3's $boom() is not a function: the state fails there */
    if (tap_ok(x != NULL && v != NULL, "explained (rule 3 fails)")) {
        is_verdict(&x->rules[2], CHOICE_FAILED, "rule 3 failed");
        tap_ok(!x->default_taken, "the Default was not taken after the failure");
        tap_ok(exec_visit_details(v)->error != NULL, "the visit has the error");
    }
    finish(&r3);
}

static void test_loop_and_no_record(void)
{
    const char *def =
        "{\"StartAt\":\"Count\",\"States\":{"
        "\"Count\":{\"Type\":\"Pass\",\"Parameters\":{\"n.$\":\"States.MathAdd($.n, 1)\"},\"Next\":\"More\"},"
        "\"More\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericLessThan\":3,"
        "\"Next\":\"Count\"}],\"Default\":\"Done\"},\"Done\":{\"Type\":\"Succeed\"}}}";
    run r = run_it(def, "{\"n\":0}", true);
    long seen = 0, looped = 0, left = 0;
    for (size_t i = 0; i < exec_visit_count(r.ex); i++) {
        const exec_visit *v = exec_visit_at(r.ex, i);
        if (strcmp(v->state->name, "More") != 0)
            continue;
        seen++;
        const choice_explain *x = exec_visit_choice(v);
        if (x && x->taken == 0 && x->next && !strcmp(x->next->name, "Count"))
            looped++;
        if (x && x->default_taken)
            left++;
    }
    tap_is_int(seen, 3, "the loop's Choice ran three times");
    tap_is_int(looped, 2, "each visit has its own explanation: twice back to Count");
    tap_is_int(left, 1, "and once the Default");
    tap_is_str(exec_status_name(exec_status_of(r.ex)), "SUCCEEDED", "the loop ends");
    finish(&r);
    run r2 = run_it(three_rules, "{\"amount\":1,\"valid\":false}", false);
    tap_is_int((long long)exec_visit_count(r2.ex), 0, "without the record there is no visit to explain");
    tap_is_str(exec_status_name(exec_status_of(r2.ex)), "SUCCEEDED", "and the Choice still decides");
    finish(&r2);
}

int main(void)
{
    test_rules_in_order();
    test_default_and_short_circuit();
    test_or_not_path();
    test_failures();
    test_jsonata();
    test_loop_and_no_record();
    return tap_done();
}
