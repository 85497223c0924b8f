/*
 * test_ui_iterpick — the iteration picker's model (ui/iterpick.h), headless: which
 * Parallel/Map visit it lists from where the user is, its rows (all, or the failed ones
 * alone), a row's text (index, status, the child's input or its error), the summary, and
 * the first visit of a child that ran; a 100,000-iteration Map lists its last row without
 * making the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "defload.h"
#include "ui/iterpick.h"
#include "ui/session.h"
#include "jv_text.h"
#include "tap.h"

/* Six orders, two out of stock (tolerated); then Report. */
static const char *const MAP_DEF =
    "{\"StartAt\":\"ShipAll\",\"States\":{\"ShipAll\":{\"Type\":\"Map\",\"ItemsPath\":\"$.orders\","
    "\"ItemSelector\":{\"order.$\":\"$$.Map.Item.Value\"},\"ToleratedFailureCount\":2,"
    "\"ItemProcessor\":{\"StartAt\":\"InStock\",\"States\":{"
    "\"InStock\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.order.stock\","
    "\"NumericEquals\":0,\"Next\":\"Out\"}],\"Default\":\"Ship\"},"
    "\"Out\":{\"Type\":\"Fail\",\"Error\":\"Order.OutOfStock\",\"Cause\":\"no stock\"},"
    "\"Ship\":{\"Type\":\"Pass\",\"End\":true}}},\"Next\":\"Report\"},"
    "\"Report\":{\"Type\":\"Pass\",\"End\":true}}}";
static const char *const MAP_INPUT =
    "{\"orders\":[{\"id\":1,\"stock\":3},{\"id\":2,\"stock\":0},{\"id\":3,\"stock\":1},"
    "{\"id\":4,\"stock\":0}]}";

static dbg_session *open_session(const asl_definition *def, const char *input)
{
    exec_options eo;
    exec_options_init(&eo);
    jv *in = jv_parse(input, strlen(input), 0, NULL);
    dbg_session *s = session_new(def, in, &eo);
    jv_unref(in);
    return s;
}

static void test_map_rows(void)
{
    asl_definition *def = defload(MAP_DEF);
    dbg_session *s = open_session(def, MAP_INPUT);
    const sfn_exec *ex = session_exec(s);
    tap_is_int(iterpick_visit_for(ex, 0, NULL, -1), -1, "nothing to list before the Map starts");
    session_step_as(s, SESS_CALL_INTO);
    long in_child = session_frame(s);
    tap_ok(in_child > 0, "stepped into iteration 0");
    long visit = iterpick_visit_for(ex, in_child, NULL, -1);
    tap_is_int(visit, 0, "inside an iteration: the Map around it");
    iterpick p = {visit, false, 0, 0};
    tap_is_int((long long)iterpick_rows(ex, &p), 4, "a row per iteration");
    char row[600];
    iterpick_row_text(ex, visit, 0, true, row, sizeof row);
    tap_is_str(row, "     0  \xe2\x96\xb6 running    {\"order\":{\"id\":1,\"stock\":3}}  \xe2\x97\x82 you are here",
               "the running one, its input, and where the user is");
    iterpick_row_text(ex, visit, 3, false, row, sizeof row);
    tap_is_str(row, "     3  \xc2\xb7 not run    {\"order\":{\"id\":4,\"stock\":0}}",
               "one not run yet, with the input it will get");
    session_step_as(s, SESS_CALL_FINISH);
    tap_is_int(iterpick_visit_for(ex, 0, NULL, -1), 0, "at the Map in progress: its visit");
    session_step(s); /* the rest of the Map */
    const asl_state *map = exec_visit_at(ex, 0)->state;
    tap_is_int(iterpick_visit_for(ex, 0, map, 0), 0, "after it: the selected Map's last visit");
    tap_is_int(iterpick_visit_for(ex, 0, exec_current_state(ex), -1), -1,
               "a state that is no Map: none");
    iterpick_row_text(ex, visit, 1, false, row, sizeof row);
    tap_is_str(row, "     1  \xe2\x9c\x97 failed     Order.OutOfStock: no stock",
               "a failed one shows its error and cause");
    iterpick_row_text(ex, visit, 2, false, row, sizeof row);
    tap_is_str(row, "     2  \xe2\x9c\x93 succeeded  {\"order\":{\"id\":3,\"stock\":1}}", "a succeeded one");
    p.failed_only = true;
    tap_is_int((long long)iterpick_rows(ex, &p), 2, "failed only: two rows");
    tap_is_int(iterpick_child_at(ex, &p, 0), 1, "... iteration 1");
    tap_is_int(iterpick_child_at(ex, &p, 1), 3, "... and iteration 3");
    tap_is_int(iterpick_child_at(ex, &p, 2), -1, "no third");
    char sum[200];
    iterpick_summary(ex, visit, sum, sizeof sum);
    tap_is_str(sum, "ShipAll: 4 iterations \xc2\xb7 2 \xe2\x9c\x93 \xc2\xb7 2 \xe2\x9c\x97 \xc2\xb7 0 not run",
               "the summary counts each status");
    long first = iterpick_first_visit(ex, visit, 3);
    tap_ok(first > 0 && !strcmp(exec_visit_at(ex, (size_t)first)->state->name, "InStock"),
           "a child's first visit is its first state's");
    exec_child_info c;
    exec_visit_child(ex, (size_t)visit, 3, &c);
    tap_is_int(exec_visit_at(ex, (size_t)first)->frame, c.frame, "... in its frame");
    session_free(s);
    asl_definition_free(def);
}

static void test_parallel_rows(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Parameters\":{\"k.$\":\"$.k\"},"
        "\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}},"
        "{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Fail\",\"Error\":\"E\"}}},"
        "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}}}");
    dbg_session *s = open_session(def, "{\"k\":1,\"other\":2}");
    const sfn_exec *ex = session_exec(s);
    session_step(s);
    char row[600], sum[200];
    iterpick_row_text(ex, 0, 0, false, row, sizeof row);
    tap_is_str(row, "     0  \xe2\x9c\x93 succeeded  {\"k\":1}", "a branch's input: the Parallel's Parameters");
    iterpick_row_text(ex, 0, 1, false, row, sizeof row);
    tap_is_str(row, "     1  \xe2\x9c\x97 failed     E", "the failed branch, an error without a cause");
    iterpick_row_text(ex, 0, 2, false, row, sizeof row);
    tap_ok(strstr(row, "not run") != NULL, "a failing branch stops the rest: branch 2 did not run");
    iterpick_summary(ex, 0, sum, sizeof sum);
    tap_is_str(sum, "P: 3 branches \xc2\xb7 1 \xe2\x9c\x93 \xc2\xb7 1 \xe2\x9c\x97 \xc2\xb7 1 not run",
               "branches counted");
    session_free(s);
    asl_definition_free(def);
}

/* 100,000 iterations: the last row's text comes without a pass over the others. */
static void test_large_map(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"P\","
        "\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}");
    size_t n = 100000;
    char *input = malloc(n * 7 + 8);
    size_t k = 0;
    input[k++] = '[';
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(input + k, "%s%zu", i ? "," : "", i);
    input[k++] = ']';
    input[k] = '\0';
    dbg_session *s = open_session(def, input);
    free(input);
    const sfn_exec *ex = session_exec(s);
    session_step_as(s, SESS_CALL_INTO);
    long visit = iterpick_visit_for(ex, session_frame(s), NULL, -1);
    iterpick p = {visit, false, 99999, 99990};
    tap_is_int((long long)iterpick_rows(ex, &p), (long long)n, "100,000 rows");
    clock_t t0 = clock();
    char row[600];
    for (int r = 0; r < 40; r++) /* a screenful, many times over */
        iterpick_row_text(ex, visit, (size_t)(iterpick_child_at(ex, &p, n - 1 - (size_t)r)), false, row,
                          sizeof row);
    double ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
    tap_ok(ms < 50, "a screenful of rows at the end takes %.2f ms (under 50)", ms);
    iterpick_row_text(ex, visit, n - 1, false, row, sizeof row);
    tap_is_str(row, " 99999  \xc2\xb7 not run    99999", "the last iteration's row");
    p.failed_only = true;
    tap_is_int((long long)iterpick_rows(ex, &p), 0, "none failed");
    session_free(s);
    asl_definition_free(def);
}

/* A distributed Map of 1,200 children: the user stops in child 1,100, whose states are kept
 * past the engine's bound (also after a step back re-executes), its neighbours' are not. */
static void test_distributed_not_kept(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{"
        "\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},"
        "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}");
    char *input = malloc(1200 * 6 + 8);
    size_t k = 0;
    input[k++] = '[';
    for (size_t i = 0; i < 1200; i++)
        k += (size_t)sprintf(input + k, "%s%zu", i ? "," : "", i);
    input[k++] = ']';
    input[k] = '\0';
    dbg_session *s = open_session(def, input);
    free(input);
    session_step_as(s, SESS_CALL_INTO);
    exec_frame_info f;
    while (session_frame_info(s, &f) && f.kind == EXEC_FRAME_MAP_ITERATION && f.index < 1100) {
        session_step_as(s, SESS_CALL_FINISH);
        session_step_as(s, SESS_CALL_DESCEND);
    }
    tap_ok(session_frame_info(s, &f) && f.index == 1100, "in iteration 1,100");
    session_keep_here(s);
    session_step(s);        /* its Pass: the iteration ends */
    long steps = session_steps(s);
    session_step(s);        /* the rest of the Map */
    const sfn_exec *ex = session_exec(s);
    tap_is_str(exec_status_name(exec_status_of(ex)), "SUCCEEDED", "the run ends");
    tap_ok(iterpick_first_visit(ex, 0, 1100) > 0, "iteration 1,100, stopped in, keeps its states");
    char row[600];
    iterpick_row_text(ex, 0, 1101, false, row, sizeof row);
    tap_is_str(row, "  1101  \xe2\x9c\x93 succeeded  1101  (states not kept)",
               "iteration 1,101's row says its states were not kept");
    tap_is_int(iterpick_first_visit(ex, 0, 1101), -1, "... and it has no visit");
    session_rewind(s, steps);
    ex = session_exec(s);
    tap_ok(iterpick_first_visit(ex, 0, 1100) > 0, "after a step back: iteration 1,100 still kept");
    char why[200];
    iterpick_not_kept_text("iteration", 4213, why, sizeof why);
    tap_is_str(why, "iteration 4,213's states were not kept: sfdbg keeps the first 1,000 "
               "iterations of a distributed Map, its first 1,000 failed ones and those you "
               "stopped in", "what the picker says for one");
    session_free(s);
    asl_definition_free(def);
}

int main(void)
{
    test_map_rows();
    test_parallel_rows();
    test_large_map();
    test_distributed_not_kept();
    return tap_done();
}
