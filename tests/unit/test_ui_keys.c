/* The action table (ui/actions): keys are unique, every action has help, and docs/keys.md
 * is what the table generates (SFDBG_UPDATE_GOLDEN=1 rewrites it). Also the breakpoint
 * store's conditions and file, and the session's replay with edits and task answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defload.h"
#include "jv_text.h"
#include "tap.h"
#include "ui/actions.h"
#include "ui/bpstore.h"
#include "ui/session.h"

static void test_table(void)
{
    bool unique = true, helped = true;
    for (size_t i = 0; i < actions_count(); i++) {
        const ui_action_info *a = actions_at(i);
        if (!a->help || !*a->help || !a->name)
            helped = false;
        for (int k = 0; k < 3; k++)
            if (a->keys[k] && actions_for_key(a->keys[k]) != a->id) {
                tap_diag("key %d of %s is taken by another action", a->keys[k], a->name);
                unique = false;
            }
    }
    tap_ok(unique, "every key maps to one action");
    tap_ok(helped, "every action has a name and help");
    tap_is_int(actions_for_key('n'), ACT_STEP, "n steps");
    tap_is_int(actions_for_key(KEY_F(10)), ACT_STEP, "F10 steps");
    tap_is_int(actions_by_name("continue"), ACT_CONTINUE, "actions have command names");
}

static void test_keys_doc(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    actions_markdown(f);
    fclose(f);
    if (getenv("SFDBG_UPDATE_GOLDEN")) {
        FILE *o = fopen("docs/keys.md", "w");
        if (o) {
            fputs(buf, o);
            fclose(o);
        }
    }
    size_t dl;
    char *doc = tap_read_file("docs/keys.md", &dl);
    tap_ok(doc && !strcmp(doc, buf), "docs/keys.md matches the action table");
    free(doc);
    free(buf);
}

static void test_conditions(void)
{
    bp_store b;
    bp_init(&b);
    char err[256];
    jv *in = jv_parse_cstr("{\"amount\": 250, \"tag\": \"x\", \"flag\": false}", NULL);
    int id = bp_add(&b, BP_STATE, "A", "$.amount > 100", err, sizeof err);
    tap_ok(id > 0 && bp_cond_holds(bp_find(&b, id), in, NULL, NULL), "a comparison condition holds");
    id = bp_add(&b, BP_STATE, "A", "$.amount > 300 || $.tag == 'y'", err, sizeof err);
    tap_ok(id > 0 && !bp_cond_holds(bp_find(&b, id), in, NULL, NULL), "a false comparison does not");
    id = bp_add(&b, BP_STATE, "A", "$.flag", err, sizeof err);
    tap_ok(id > 0 && !bp_cond_holds(bp_find(&b, id), in, NULL, NULL), "a path to false is false");
    id = bp_add(&b, BP_STATE, "A", "$.tag", err, sizeof err);
    tap_ok(id > 0 && bp_cond_holds(bp_find(&b, id), in, NULL, NULL), "a path to a value is true");
    tap_ok(bp_add(&b, BP_STATE, "A", "$.[[", err, sizeof err) < 0, "a bad condition is refused");
    jv *vars = jv_parse_cstr("{\"limit\": 200}", NULL);
    id = bp_add(&b, BP_STATE, "A", "{% $states.input.amount > $limit %}", err, sizeof err);
    tap_ok(id > 0 && bp_cond_holds(bp_find(&b, id), in, NULL, vars),
           "a JSONata condition reads the input and the variables");
    tap_ok(id > 0 && !bp_cond_holds(bp_find(&b, id), in, NULL, NULL),
           "without the variable it is undefined: it does not hold");
    tap_ok(bp_needs_scope(&b), "the store says a condition needs the state's scope");
    tap_ok(bp_add(&b, BP_STATE, "A", "{% $states.input.amount > %}", err, sizeof err) < 0 &&
               strstr(err, "\xe2\x96\xb8"),
           "a JSONata condition that does not parse is refused, the position marked (%s)", err);
    jv_unref(vars);
    bp_watch_add(&b, "$.amount");
    char path[] = "/tmp/sfdbg-bp-test-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd);
    tap_is_int(bp_save(&b, path, "x.asl.json", tap_write_file), 0, "the store saves atomically");
    bp_store c;
    bp_init(&c);
    tap_is_int(bp_load(&c, path, err, sizeof err), 0, "and loads back");
    tap_is_int((long long)c.n, (long long)b.n, "with every breakpoint");
    tap_is_str(c.nwatches ? c.watches[0] : "", "$.amount", "and the watches");
    unlink(path);
    bp_cleanup(&b);
    bp_cleanup(&c);
    jv_unref(in);
}

static void test_session(void)
{
    asl_definition *def = defload("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
                               "\"B\":{\"Type\":\"Pass\",\"Next\":\"C\"},\"C\":{\"Type\":\"Succeed\"}}}");
    if (!tap_ok(def != NULL, "session fixture loads"))
        return;
    exec_options eo;
    exec_options_init(&eo);
    jv *in = jv_parse_cstr("{\"v\":1}", NULL);
    dbg_session *s = session_new(def, in, &eo);
    session_step(s);
    jv *ed = jv_parse_cstr("{\"v\":2}", NULL);
    tap_ok(session_edit(s, ed), "an edit of the paused state's input");
    session_step(s);
    session_step(s);
    const jv *out = exec_output(session_exec(s));
    tap_ok(out && jv_equal(out, ed), "the execution runs on the edit");
    session_rewind(s, 1);
    tap_ok(jv_equal(exec_current_input(session_exec(s)), ed), "rewinding re-applies the edit");
    session_rewind(s, 0);
    session_step(s);
    jv *ed2 = jv_parse_cstr("{\"v\":3}", NULL);
    session_rewind(s, 0);
    session_edit(s, ed2);
    tap_ok(session_edit_at(s, 0)->dropped, "editing an earlier step drops later edits from the replay");
    tap_is_int((long long)session_edit_count(s), 2, "but keeps them in the log");
    session_rewind(s, 3);
    tap_ok(jv_equal(exec_output(session_exec(s)), ed2), "replay uses the new edit only");
    session_free(s);
    jv_unref(in);
    jv_unref(ed);
    jv_unref(ed2);
    asl_definition_free(def);
}

/* Answers: checked by the engine, recorded with their step, replayed after a rewind when
 * the execution steps on, dropped when the user answers an earlier step anew. */
static void test_session_answers(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"A\",\"States\":{"
        "\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
        "\"Parameters\":{\"FunctionName\":\"f\"},\"ResultSelector\":{\"v.$\":\"$.Payload.v\"},"
        "\"ResultPath\":\"$.a\",\"Next\":\"B\"},"
        "\"B\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\","
        "\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody\":{\"t.$\":\"$$.Task.Token\"}},"
        "\"ResultPath\":\"$.b\",\"End\":true}}}");
    if (!tap_ok(def != NULL, "answers fixture loads"))
        return;
    exec_options eo;
    exec_options_init(&eo);
    jv *in = jv_object();
    dbg_session *s = session_new(def, in, &eo);
    char err[256];
    tap_is_int(session_step(s).kind, EXEC_STEP_WAITING, "a task nothing answers waits (defer_unanswered)");
    const exec_pending_task *p = exec_pending(session_exec(s));
    tap_ok(p && p->needs_result, "for its result");
    tap_is_int(session_answer_success(s, p->token, "{\"Payload\":{\"v\":7}}", err, sizeof err),
               EXEC_SEND_OK, "the user's result is taken");
    session_step(s);
    tap_is_int(session_step(s).kind, EXEC_STEP_WAITING, "the callback task waits for its token");
    p = exec_pending(session_exec(s));
    tap_ok(p && !p->needs_result, "a callback, not a result");
    tap_is_int(session_answer_failure(s, "nope", "E", NULL, err, sizeof err),
               EXEC_SEND_INVALID_TOKEN, "a wrong token: InvalidToken");
    tap_is_int(session_answer_success(s, p->token, "{bad", err, sizeof err),
               EXEC_SEND_INVALID_OUTPUT, "not JSON: InvalidOutput");
    tap_is_int((long long)session_edit_count(s), 1, "refused answers are not recorded");
    tap_is_int(session_answer_success(s, p->token, "{\"ok\":true}", err, sizeof err), EXEC_SEND_OK,
               "the callback's answer is taken");
    session_step(s);
    char *out = jv_dump_string(exec_output(session_exec(s)), 0);
    tap_is_str(out, "{\"a\":{\"v\":7},\"b\":{\"ok\":true}}", "both answers flow into the output");
    free(out);

    session_rewind(s, 3);
    p = exec_pending(session_exec(s));
    tap_ok(p && !p->answered, "rewound to the wait: the task waits again");
    tap_ok(session_answer_recorded(s), "with its answer recorded");
    session_step(s);
    tap_is_str(exec_status_name(exec_status_of(session_exec(s))), "SUCCEEDED", "stepping on replays it");

    session_rewind(s, 1);
    p = exec_pending(session_exec(s));
    tap_is_int(session_answer_success(s, p->token, "{\"Payload\":{\"v\":8}}", err, sizeof err),
               EXEC_SEND_OK, "a new answer at an earlier step");
    tap_ok(session_edit_at(s, 0)->dropped && session_edit_at(s, 1)->dropped,
           "drops the recorded answers of that step and later");
    session_step(s);
    session_step(s);
    tap_ok(!session_answer_recorded(s), "the later wait has no answer to replay");
    tap_ok(session_answer_timeout(s), "the user lets it time out");
    session_step(s);
    tap_is_str(exec_error(session_exec(s)), "States.Timeout", "it times out");
    tap_is_int(session_edit_at(s, 3)->kind, SESS_ANSWER_TIMEOUT, "the time out is in the log");
    session_free(s);
    jv_unref(in);
    asl_definition_free(def);
}

/* Without --seed the session draws its token key from the OS once: every re-execution
 * (step back) issues the same tokens, another session other ones. */
static void session_token_at_wait(dbg_session *s, char *out, size_t n)
{
    session_step(s);
    const exec_pending_task *p = exec_pending(session_exec(s));
    snprintf(out, n, "%s", p ? p->token : "");
}

static void test_session_tokens(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Parameters\":{\"QueueUrl\":\"q\","
        "\"MessageBody\":{\"t.$\":\"$$.Task.Token\"}},\"End\":true}}}");
    if (!tap_ok(def != NULL, "token fixture loads"))
        return;
    exec_options eo;
    exec_options_init(&eo);
    jv *in = jv_object();
    dbg_session *s = session_new(def, in, &eo), *other = session_new(def, in, &eo);
    char first[64], replayed[64], another[64];
    session_token_at_wait(s, first, sizeof first);
    session_rewind(s, 0);
    session_token_at_wait(s, replayed, sizeof replayed);
    session_token_at_wait(other, another, sizeof another);
    tap_ok(strlen(first) == 40, "the session's task has a token (%s)", first);
    tap_is_str(replayed, first, "stepping back re-issues the same token");
    tap_ok(strcmp(another, first) != 0, "another session gets another token");
    tap_ok(session_options(s)->has_token_key, "the session fixed a token key of its own");
    session_free(s);
    session_free(other);
    jv_unref(in);
    asl_definition_free(def);
}

int main(void)
{
    test_table();
    test_keys_doc();
    test_conditions();
    test_session();
    test_session_answers();
    test_session_tokens();
    return tap_done();
}
