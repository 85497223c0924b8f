/* Unit tests: loading recorded histories (src/history.c) — checks of the pages, and the
 * execution read back as threads, visits and task attempts, from an AWS-shaped history whose
 * branches and iterations interleave and from the engine's own (sequential) history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "src/history.h"
#include "tap.h"

#define DIR "tests/replay/"

static asl_definition *load_def(void)
{
    size_t len;
    char *text = tap_read_file(DIR "fanout.asl.json", &len);
    asl_definition *def = text ? defload(text) : NULL;
    free(text);
    return def;
}

static const history_visit *visit_of(const history *h, const char *state, size_t nth)
{
    for (size_t i = 0; i < history_visit_count(h); i++) {
        const history_visit *v = history_visit_at(h, i);
        if (!strcmp(v->state, state) && nth-- == 0)
            return v;
    }
    return NULL;
}

static bool data_is(history_data d, const char *json)
{
    jv *want = jv_parse_cstr(json, NULL);
    bool ok = d.kind == HISTORY_DATA_OK && jv_equal(d.value, want);
    jv_unref(want);
    return ok;
}

/* What both the AWS-shaped history and the engine's must read back as. */
static void check_fanout(const history *h, const char *what)
{
    const history_execution *x = history_execution_of(h);
    tap_is_str(x->status, "SUCCEEDED", "%s: status", what);
    tap_ok(data_is(x->input, "{\"id\":\"o-1\"}"), "%s: execution input", what);
    tap_is_int((long)history_thread_count(h), 5, "%s: execution, 2 branches, 2 iterations", what);
    const history_visit *fetch = visit_of(h, "Fetch", 0);
    tap_ok(fetch && fetch->nattempts == 2, "%s: Fetch was tried twice", what);
    if (fetch && fetch->nattempts == 2) {
        tap_is_int(fetch->attempts[0].outcome, HISTORY_OUTCOME_FAILED, "%s: first failed", what);
        tap_is_str(fetch->attempts[0].error, "Lambda.TooManyRequestsException", "%s: its error",
                   what);
        tap_is_str(fetch->attempts[0].resource, "lambda:invoke", "%s: resource", what);
        tap_ok(data_is(fetch->attempts[1].parameters,
                       "{\"FunctionName\":\"fetch\",\"Payload\":{\"id\":\"o-1\"}}"),
               "%s: parameters", what);
        tap_is_int(fetch->attempts[1].outcome, HISTORY_OUTCOME_SUCCEEDED, "%s: then it "
                   "succeeded", what);
        tap_ok(data_is(fetch->output, "{\"n\":21}"), "%s: Fetch output", what);
    }
    const history_visit *both = visit_of(h, "Both", 0);
    tap_ok(both && both->nchildren == 2, "%s: the Parallel has two branches", what);
    const history_visit *score = visit_of(h, "Score", 0), *dbl = visit_of(h, "Double", 0);
    if (both && score && dbl && both->nchildren == 2) {
        const history_thread *b1 = history_thread_at(h, (size_t)score->thread);
        const history_thread *b0 = history_thread_at(h, (size_t)dbl->thread);
        tap_ok(b1->kind == HISTORY_THREAD_BRANCH && b1->index == 1, "%s: Score is branch 1",
               what);
        tap_ok(b0->kind == HISTORY_THREAD_BRANCH && b0->index == 0, "%s: Double is branch 0",
               what);
        tap_is_str(score->attempts ? score->attempts[0].resource : "",
                   "arn:aws:lambda:us-east-1:123456789012:function:score", "%s: Lambda ARN",
                   what);
        tap_ok(data_is(score->output, "{\"score\":7}"), "%s: Score output", what);
        tap_is_str(both->end_type, "ParallelStateSucceeded", "%s: Parallel ended", what);
    }
    for (long i = 0; i < 2; i++) {
        bool found = false;
        for (size_t k = 0; k < 2; k++) {
            const history_visit *tag = visit_of(h, "Tag", k);
            const history_thread *t = tag ? history_thread_at(h, (size_t)tag->thread) : NULL;
            if (t && t->kind == HISTORY_THREAD_ITERATION && t->index == i) {
                found = true;
                tap_ok(data_is(tag->input, i ? "{\"score\":7}" : "{\"v\":42}"),
                       "%s: iteration %ld's input", what, i);
                tap_ok(t->ended, "%s: iteration %ld ended", what, i);
            }
        }
        tap_ok(found, "%s: iteration %ld has its Tag visit", what, i);
    }
    const history_visit *each = visit_of(h, "Each", 0);
    tap_is_int(each ? each->map_length : -2, 2, "%s: Map length", what);
}

static void test_aws_shape(const asl_definition *def)
{
    char err[512];
    const char *paths[] = {DIR "fanout.aws.history.json"};
    history *h = history_load(paths, 1, def, err, sizeof err);
    tap_ok(h != NULL, "the AWS-shaped history loads%s%s", h ? "" : ": ", h ? "" : err);
    if (!h)
        return;
    check_fanout(h, "AWS");
    tap_is_int(history_execution_of(h)->start_ms, 1714554000100LL, "ISO timestamp read");
    tap_is_int((long)history_notes_of(h)->no_data, 0, "no redaction noted");
    history_free(h);

    const char *rp[] = {DIR "fanout.redacted.history.json"};
    h = history_load(rp, 1, def, err, sizeof err);
    tap_ok(h != NULL, "the redacted history loads");
    if (h) {
        tap_ok(history_notes_of(h)->no_data > 20, "its missing data is counted (%zu)",
               history_notes_of(h)->no_data);
        tap_is_int(history_execution_of(h)->input.kind, HISTORY_DATA_NONE, "no input");
        tap_is_int((long)history_thread_count(h), 5, "its threads still read back");
        history_free(h);
    }
}

static task_answer_kind fanout_resolve(void *user, const task_call *call, task_answer *out)
{
    long *fetches = user;
    if (!strcmp(call->state_name, "Fetch") && (*fetches)++ == 0) {
        out->error.name = jv_xstrdup("Lambda.TooManyRequestsException");
        out->error.cause = jv_xstrdup("Rate exceeded");
        return out->kind = TASK_ERROR;
    }
    out->result = jv_parse_cstr(strcmp(call->state_name, "Fetch") ? "{\"score\":7}"
                                : "{\"StatusCode\":200,\"Payload\":{\"n\":21}}", NULL);
    return out->kind = TASK_RESULT;
}

static void test_engine_shape(const asl_definition *def)
{
    long fetches = 0;
    task_resolver r = {"test", fanout_resolve, &fetches};
    exec_options eo;
    exec_options_init(&eo);
    eo.resolvers = &r;
    eo.nresolvers = 1;
    eo.has_seed = true;
    jv *input = jv_parse_cstr("{\"id\":\"o-1\"}", NULL);
    sfn_exec *ex = exec_new(def, input, &eo);
    exec_run(ex, 1000);
    if (exec_status_of(ex) != EXEC_SUCCEEDED)
        tap_diag("engine run: %s: %s", exec_error(ex), exec_cause(ex));
    jv *page = exec_history_json(ex);
    char err[512];
    history *h = history_from_page(page, "local", def, err, sizeof err);
    tap_ok(h != NULL, "the engine's history loads%s%s", h ? "" : ": ", h ? "" : err);
    if (h)
        check_fanout(h, "engine");
    history_free(h);
    jv_unref(page);
    exec_free(ex);
    jv_unref(input);
}

/* A page from text; expects a load error containing want. */
static void rejects(const char *text, const asl_definition *def, const char *want,
                    const char *what)
{
    jv *page = jv_parse_cstr(text, NULL);
    char err[512] = "";
    history *h = page ? history_from_page(page, "h.json", def, err, sizeof err) : NULL;
    tap_ok(page && !h && strstr(err, want), "%s: %s", what, err);
    if (!(page && !h && strstr(err, want)))
        tap_diag("wanted: %s", want);
    history_free(h);
    jv_unref(page);
}

#define START "{\"id\":1,\"previousEventId\":0,\"type\":\"ExecutionStarted\"}"
#define PASS_IN(id, name) "{\"id\":" #id ",\"previousEventId\":0,\"type\":\"PassStateEntered\"," \
    "\"stateEnteredEventDetails\":{\"name\":\"" name "\"}}"

static void test_bad_input(const asl_definition *def)
{
    rejects("{\"events\":[" START "," PASS_IN(3, "Tag") "]}", def, "h.json: event 3 follows "
            "event 1", "a gap");
    rejects("{\"events\":[" START "," PASS_IN(2, "Tag") "," PASS_IN(2, "Tag") "]}", def,
            "event id 2 appears twice", "duplicate ids");
    rejects("{\"events\":[" START "," PASS_IN(3, "Tag") "," PASS_IN(2, "Tag") "]}", NULL,
            "event 3 follows event 1", "out of order");
    rejects("{\"events\":[" START ",{\"id\":2,\"previousEventId\":1,\"type\":\"TaskWobbled\"}]}",
            def, "event 2: unknown event type 'TaskWobbled'", "an unknown type");
    rejects("{\"events\":[" START ",{\"id\":2,\"previousEventId\":2,\"type\":\"TaskStarted\"}]}",
            def, "previousEventId 2 is not an earlier event", "a previous id not earlier");
    rejects("{\"events\":[" PASS_IN(1, "Tag") "]}", def, "event 1 is PassStateEntered, not "
            "ExecutionStarted", "no ExecutionStarted");
    rejects("{\"events\":[" START "," PASS_IN(2, "Nope") "]}", def, "the definition has no "
            "state named 'Nope'", "a state the definition lacks");
    rejects("{\"events\":[" START "," PASS_IN(2, "Fetch") "]}", def, "'Fetch' is a Task state "
            "in the definition, the history has a Pass state", "a type mismatch");
    rejects("{\"events\":[" START "," PASS_IN(2, "Tag") "]}", def, "'Tag' runs inside 'Each', "
            "which is not running", "a branch state outside its Map");
    rejects("{\"events\":[" START ",{\"id\":2,\"previousEventId\":1,\"type\":\"TaskScheduled\","
            "\"taskScheduledEventDetails\":{\"resource\":\"x\"}}]}", def,
            "belongs to no Task state in progress", "a task event outside a Task state");
    rejects("{\"events\":[" START ",{\"id\":2,\"previousEventId\":0,\"type\":\"PassStateEntered\","
            "\"stateEnteredEventDetails\":{\"name\":7}}]}", def,
            "stateEnteredEventDetails.name must be a string, not number", "a wrong type");
    rejects("{\"events\":[" START ",{\"id\":2,\"previousEventId\":0,\"type\":\"PassStateExited\","
            "\"stateExitedEventDetails\":{\"name\":\"Tag\"}}]}", def, "'Tag' exits, but was "
            "not entered", "an exit with no entry");
    rejects("{\"events\":[]}", def, "the history has no events", "no events");
    rejects("{\"items\":[]}", def, "not an execution history", "not a history");

    /* a million events: refused before the parse, naming the file */
    const char *big = "/tmp/sfdbg-test-history-big.json";
    FILE *f = fopen(big, "w");
    fputs("{\"events\":[", f);
    for (long i = 0; i < 1000000; i++)
        fputs(i ? ",{}" : "{}", f);
    fputs("]}", f);
    fclose(f);
    char err[512] = "";
    const char *paths[] = {big};
    history *h = history_load(paths, 1, def, err, sizeof err);
    tap_ok(!h && strstr(err, big) && strstr(err, "more than 100000 events"),
           "a million events are refused: %s", err);
    history_free(h);
    remove(big);
}

static void test_reverse_and_pages(const asl_definition *def)
{
    jv *page = jv_parse_cstr("{\"events\":[{\"id\":3,\"previousEventId\":2,\"type\":"
                             "\"PassStateExited\",\"stateExitedEventDetails\":{\"name\":\"X\","
                             "\"output\":\"***\"}}," PASS_IN(2, "X") "," START "]}", NULL);
    char err[512];
    history *h = history_from_page(page, "rev.json", NULL, err, sizeof err);
    tap_ok(h && history_notes_of(h)->reversed, "newest-first events are taken and noted");
    if (h) {
        tap_is_int(history_visit_at(h, 0)->output.kind, HISTORY_DATA_MASKED,
                   "output that is not JSON is masked");
        tap_is_str(history_execution_of(h)->status, "RUNNING", "no end event: RUNNING");
    }
    history_free(h);
    jv_unref(page);

    const char *a = "/tmp/sfdbg-test-history-p1.json", *b = "/tmp/sfdbg-test-history-p2.json";
    const char *p1 = "{\"events\":[" START "," PASS_IN(2, "X") "],\"nextToken\":\"t\"}";
    const char *p2 = "{\"events\":[{\"id\":3,\"previousEventId\":2,\"type\":\"PassStateExited\","
                     "\"stateExitedEventDetails\":{\"name\":\"X\"}}]}";
    tap_write_file(a, p1, strlen(p1), err, sizeof err);
    tap_write_file(b, p2, strlen(p2), err, sizeof err);
    const char *two[] = {a, b}, *swapped[] = {b, a};
    h = history_load(two, 2, NULL, err, sizeof err);
    tap_ok(h && history_event_count(h) == 3 && !history_notes_of(h)->more_pages,
           "two pages make one history");
    history_free(h);
    h = history_load(swapped, 2, NULL, err, sizeof err);
    tap_ok(!h && strstr(err, "starts at event 3: events 1-2 are missing"), "pages out of order: %s",
           err);
    history_free(h);
    const char *one[] = {a};
    h = history_load(one, 1, NULL, err, sizeof err);
    tap_ok(h && history_notes_of(h)->more_pages, "a page with a nextToken is noted");
    history_free(h);
    remove(a);
    remove(b);
}

int main(void)
{
    asl_definition *def = load_def();
    tap_ok(def != NULL, "the test definition loads");
    if (def) {
        test_aws_shape(def);
        test_engine_shape(def);
        test_bad_input(def);
        test_reverse_and_pages(def);
    }
    asl_definition_free(def);
    return tap_done();
}
