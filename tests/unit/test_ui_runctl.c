/* Unit tests: the debugger's run control (ui/runctl) and the session's journal of task
 * answers (ui/journal), headless: a fake resolver counts its calls and answers at once or
 * with a job whose answer arrives on a pipe. */
#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defload.h"
#include "jv_text.h"
#include "tap.h"
#include "ui/runctl.h"

/* Two tasks, then a Pass that draws a UUID from the execution's random stream. */
static const char *DEF =
    "{\"StartAt\":\"A\",\"States\":{"
    "\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:a\","
    "\"ResultPath\":\"$.a\",\"Next\":\"B\"},"
    "\"B\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:b\","
    "\"ResultPath\":\"$.b\",\"Next\":\"U\"},"
    "\"U\":{\"Type\":\"Pass\",\"Parameters\":{\"id.$\":\"States.UUID()\",\"a.$\":\"$.a\"},"
    "\"End\":true}}}";

typedef struct {
    int calls;
    bool in_flight;      /* answer with a pipe job */
    int fd, write_end;
    int cancels;
} fake;

static size_t fake_fds(void *self, task_wait_fd *out, size_t max)
{
    fake *f = self;
    out[0] = (task_wait_fd){f->fd, POLLIN};
    return max ? 1 : 0;
}
static int64_t fake_deadline(void *self) { return -1; }
static bool fake_progress(void *self, task_answer *out)
{
    fake *f = self;
    char c;
    if (read(f->fd, &c, 1) != 1)
        return false;
    out->kind = TASK_RESULT;
    out->result = jv_number(c - '0');
    return true;
}
static void fake_cancel(void *self) { ((fake *)self)->cancels++; }
static void fake_free(void *self)
{
    fake *f = self;
    close(f->fd);
    close(f->write_end);
}
static const task_job_ops fake_ops = {fake_fds, fake_deadline, fake_progress, fake_cancel,
                                      fake_free};

static task_answer_kind fake_resolve(void *user, const task_call *call, task_answer *out)
{
    fake *f = user;
    f->calls++;
    if (f->in_flight) {
        int p[2];
        if (pipe2(p, O_NONBLOCK) != 0)
            return TASK_NO_ANSWER;
        f->fd = p[0];
        f->write_end = p[1];
        out->kind = TASK_IN_FLIGHT;
        out->job = (task_job){&fake_ops, f};
        return out->kind;
    }
    /* what it answers depends on the input: an edit shows through */
    const jv *x = jv_is_object(call->input) ? jv_object_get(call->input, "x") : NULL;
    out->kind = TASK_RESULT;
    out->result = jv_number(x ? jv_number_value(x) * 10 : f->calls);
    return out->kind;
}

static dbg_session *new_session(const asl_definition *def, fake *f, task_resolver *tr)
{
    *tr = (task_resolver){"fake", fake_resolve, f};
    exec_options eo;
    exec_options_init(&eo);
    eo.resolvers = tr;
    eo.nresolvers = 1;
    jv *in = jv_object();
    dbg_session *s = session_new(def, in, &eo);
    jv_unref(in);
    return s;
}

static char *output_of(const dbg_session *s)
{
    const jv *o = exec_output(session_exec(s));
    return o ? jv_dump_string(o, 0) : jv_xstrdup("(none)");
}

static void test_journal(void)
{
    asl_definition *def = defload(DEF);
    fake f = {0};
    task_resolver tr;
    dbg_session *s = new_session(def, &f, &tr);
    session_rewind(s, 3);
    char *first = output_of(s);
    tap_is_int(f.calls, 2, "a run to the end asks for each task once");
    tap_is_int((long long)journal_count(session_journal(s)), 2, "both answers are journaled");
    session_rewind(s, 0);
    session_rewind(s, 3);
    tap_is_int(f.calls, 2, "a re-execution over both tasks asks nothing");
    char *again = output_of(s);
    tap_is_str(again, first, "it ends the same, UUID drawn after the answers included");
    free(again);
    session_rewind(s, 1);
    jv *edit = jv_parse("{\"a\":1,\"x\":4}", 13, 0, NULL);
    session_edit(s, edit);
    jv_unref(edit);
    session_step(s);
    tap_is_int(f.calls, 3, "after an edit the task about to run is asked again");
    session_rewind(s, 3);
    tap_is_int(f.calls, 3, "... once: going on past it asks nothing new");
    char *edited = output_of(s);
    const exec_visit *b = exec_visit_at(session_exec(s), 1);
    const jv *b_result = b ? exec_visit_stage(b, EXEC_STAGE_RESULT) : NULL;
    tap_ok(b_result && jv_number_value(b_result) == 40,
           "the task after the edit answered for its new input");
    session_rewind(s, 0);
    session_rewind(s, 3);
    char *replayed = output_of(s);
    tap_is_str(replayed, edited, "a rewind replays the edit and the answer given after it");
    tap_is_int(f.calls, 3, "... from the journal");
    session_restart(s, NULL);
    session_rewind(s, 3);
    tap_is_int(f.calls, 5, "a restart asks again, for real");
    free(first);
    free(edited);
    free(replayed);
    session_free(s);
    asl_definition_free(def);
}

/* Answers after 5 s of virtual time, with a start response (a .sync job, a child). */
static task_answer_kind slow_sync_resolve(void *user, const task_call *call, task_answer *out)
{
    (*(int *)user)++;
    out->kind = TASK_RESULT;
    out->result = jv_number(1);
    out->submitted = jv_number(2);
    out->elapsed_ms = 5000;
    return out->kind;
}

static void test_journal_elapsed(void)
{
    asl_definition *def = defload("{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", "
                                  "\"Resource\": \"arn:aws:states:::states:startExecution.sync\", "
                                  "\"Parameters\": {}, \"End\": true}}}");
    int calls = 0;
    task_resolver tr = {"slow-sync", slow_sync_resolve, &calls};
    exec_options eo;
    exec_options_init(&eo);
    eo.resolvers = &tr;
    eo.nresolvers = 1;
    jv *in = jv_object();
    dbg_session *s = session_new(def, in, &eo);
    jv_unref(in);
    session_rewind(s, 3);
    int64_t first = exec_clock_ms(session_exec(s));
    session_rewind(s, 0);
    session_rewind(s, 3);
    tap_is_int(calls, 1, "a replayed .sync answer is not asked again");
    tap_is_int(exec_clock_ms(session_exec(s)), first,
               "and moves the clock as far as the first time (%lld ms)", (long long)first);
    tap_ok(first >= 5000, "the answer's elapsed time moved the clock");
    session_free(s);
    asl_definition_free(def);
}

/* Drives the loop as debugger_run does, until nothing is in flight (bounded). */
static void drive(runctl *rc, int max_turns)
{
    for (int i = 0; i < max_turns && (rc->flight || rc->run != RUN_IDLE); i++) {
        runctl_poll(rc, -1, 10);
        runctl_tick(rc);
    }
}

/* A run control over DEF with the fake resolver and breakpoints on the states named
 * (NULL-terminated), set before it starts. */
typedef struct {
    asl_definition *def;
    fake f;
    task_resolver tr;
    dbg_session *s;
    bp_store bps;
    runctl rc;
} rig;

static void rig_open_on(rig *r, const char *def, const char *input, bool in_flight,
                        const char *const *breaks)
{
    memset(r, 0, sizeof *r);
    r->def = defload(def);
    r->f.in_flight = in_flight;
    r->tr = (task_resolver){"fake", fake_resolve, &r->f};
    exec_options eo;
    exec_options_init(&eo);
    eo.resolvers = &r->tr;
    eo.nresolvers = 1;
    jv *in = jv_parse(input, strlen(input), 0, NULL);
    r->s = session_new(r->def, in, &eo);
    jv_unref(in);
    bp_init(&r->bps);
    char err[128];
    for (; breaks && *breaks; breaks++)
        bp_add(&r->bps, BP_STATE, *breaks, NULL, err, sizeof err);
    runctl_init(&r->rc, r->s, &r->bps, false);
}

static void rig_open(rig *r, bool in_flight, const char *const *breaks)
{
    rig_open_on(r, DEF, "{}", in_flight, breaks);
}

static void rig_close(rig *r)
{
    bp_cleanup(&r->bps);
    session_free(r->s);
    asl_definition_free(r->def);
}

static void test_runctl_flight(void)
{
    rig r;
    rig_open(&r, true, NULL);
    runctl_step(&r.rc);
    tap_ok(r.rc.flight, "n on a task whose answer takes time: in flight");
    tap_ok(r.rc.report.changed && r.rc.report.stepped, "the view follows to the task's visit");
    tap_is_int(session_steps(r.s), 0, "the step is not over yet");
    memset(&r.rc.report, 0, sizeof r.rc.report);
    runctl_step(&r.rc);
    tap_ok(r.rc.report.msg_error && strstr(r.rc.report.msg, "is running"),
           "n again says the task is running: %s", r.rc.report.msg);
    runctl_tick(&r.rc);
    tap_ok(r.rc.flight, "a tick with no answer yet keeps it in flight");
    tap_ok(write(r.f.write_end, "7", 1) == 1, "the answer arrives");
    drive(&r.rc, 20);
    tap_ok(!r.rc.flight, "the loop lands it");
    tap_is_int(session_steps(r.s), 1, "the step that applies it is taken");
    const exec_visit *v = exec_visit_at(session_exec(r.s), 0);
    const jv *result = v ? exec_visit_stage(v, EXEC_STAGE_RESULT) : NULL;
    char *res = result ? jv_dump_string(result, 0) : NULL;
    tap_is_str(res, "7", "with the job's result");
    free(res);

    runctl_start(&r.rc, RUN_CONTINUE, NULL);
    runctl_tick(&r.rc);
    tap_ok(r.rc.flight && r.rc.run == RUN_CONTINUE, "c: the run waits for the second task in flight");
    memset(&r.rc.report, 0, sizeof r.rc.report);
    tap_ok(runctl_cancel_task(&r.rc), "K cancels it");
    tap_is_int(r.f.cancels, 1, "the job was stopped");
    tap_ok(r.rc.run == RUN_IDLE && !r.rc.flight, "the run stops");
    tap_ok(r.rc.report.open_result, "the result dialog is to open");
    const exec_pending_task *p = exec_pending(session_exec(r.s));
    tap_ok(p && p->needs_result, "the task waits for the user's answer");
    char err[128];
    session_answer_success(r.s, p->token, "5", err, sizeof err);
    runctl_apply_answer(&r.rc, "success");
    tap_is_int(session_steps(r.s), 3, "the answer applies (the cancel's step, then the answer's)");
    int calls = r.f.calls;
    runctl_step_back(&r.rc, 2);
    runctl_start(&r.rc, RUN_CONTINUE, NULL);
    drive(&r.rc, 50);
    tap_ok(session_answer_recorded(r.s), "c stops where the user answered, the answer recorded");
    runctl_start(&r.rc, RUN_CONTINUE, NULL);
    drive(&r.rc, 50);
    tap_is_str(exec_status_name(exec_status_of(session_exec(r.s))), "SUCCEEDED",
               "back to the start and continue: it ends");
    tap_is_int(r.f.calls, calls, "without asking the resolver again (the cancel is journaled too)");
    tap_ok(!r.rc.flight, "nothing in flight at the end");
    rig_close(&r);
}

static void test_runctl_breakpoint(void)
{
    static const char *const breaks[] = {"U", NULL};
    rig r;
    rig_open(&r, false, breaks);
    tap_ok(runctl_start(&r.rc, RUN_CONTINUE, NULL), "c starts a run");
    drive(&r.rc, 10);
    tap_is_str(exec_current_state(session_exec(r.s))->name, "U", "it stops at the breakpoint");
    tap_is_str(r.rc.stop_reason, "breakpoint 1: U", "and says why: the breakpoint and its state");
    tap_is_int(r.bps.items[0].hits, 1, "the hit is counted");
    runctl_continue_back(&r.rc);
    tap_is_int(session_steps(r.s), 0, "C: no earlier breakpoint stop, back to the start");
    tap_is_str(r.rc.stop_reason, "start", "it says so");
    tap_ok(r.rc.report.input_tab, "the Input tab is to show");
    rig_close(&r);
}

/* However the debugger gets onto a breakpointed state, the pause says "breakpoint N: State"
 * and counts the hit: the start, an answered task, n, and C backwards. */
static void test_runctl_stop_reasons(void)
{
    static const char *const breaks[] = {"A", "B", "U", NULL};
    rig r;
    rig_open(&r, true, breaks);
    char err[128];
    tap_is_str(r.rc.stop_reason, "breakpoint 1: A · start", "the start on a breakpoint is reported as one");
    tap_is_int(r.bps.items[0].hits, 1, "... and counted");

    runctl_step(&r.rc);
    tap_ok(r.rc.flight, "n on A: its answer is under way");
    runctl_cancel_task(&r.rc);
    const exec_pending_task *p = exec_pending(session_exec(r.s));
    tap_ok(p && p->needs_result, "K: A waits for the user's answer");
    tap_is_int(r.bps.items[1].hits, 0, "no hit while A waits");
    session_answer_success(r.s, p->token, "1", err, sizeof err);
    r.f.in_flight = false;
    runctl_apply_answer(&r.rc, "success");
    tap_is_str(exec_current_state(session_exec(r.s))->name, "B", "the answer applies: at B");
    tap_is_str(r.rc.stop_reason, "breakpoint 2: B", "an answered task onto a breakpoint: reported as one");
    tap_is_int(r.bps.items[1].hits, 1, "... and counted");

    runctl_step(&r.rc);
    tap_is_str(r.rc.stop_reason, "breakpoint 3: U", "n onto a breakpoint: reported as one");
    tap_is_int(r.bps.items[2].hits, 1, "... and counted");

    runctl_continue_back(&r.rc);
    tap_is_str(exec_current_state(session_exec(r.s))->name, "B", "C: back to the previous breakpoint stop");
    tap_is_str(r.rc.stop_reason, "breakpoint 2: B · backwards", "C says which breakpoint, backwards");
    tap_is_int(r.bps.items[1].hits, 2, "... and counts it");
    runctl_continue_back(&r.rc);
    tap_is_str(r.rc.stop_reason, "breakpoint 1: A · backwards", "C again: the start's breakpoint");
    tap_is_int(r.bps.items[0].hits, 2, "... counted");

    bp_remove(&r.bps, 1);
    runctl_restart(&r.rc, NULL);
    tap_is_str(r.rc.stop_reason, "restarted", "a restart with no breakpoint at the start says restarted");
    rig_close(&r);
}

/* A Map over three items, a task in each iteration: stepping over it asks each once; a
 * rewind across it re-executes the whole Map from the journal. */
static void test_rewind_across_map(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
        "\"ItemSelector\":{\"x.$\":\"$$.Map.Item.Value\"},\"ItemProcessor\":{\"StartAt\":\"T\","
        "\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:t\","
        "\"End\":true}}},\"Next\":\"U\"},"
        "\"U\":{\"Type\":\"Pass\",\"Parameters\":{\"id.$\":\"States.UUID()\",\"r.$\":\"$\"},"
        "\"End\":true}}}");
    fake f = {0};
    task_resolver tr = {"fake", fake_resolve, &f};
    exec_options eo;
    exec_options_init(&eo);
    eo.resolvers = &tr;
    eo.nresolvers = 1;
    jv *in = jv_parse("{\"items\":[1,2,3]}", 17, 0, NULL);
    dbg_session *s = session_new(def, in, &eo);
    jv_unref(in);
    session_step(s);
    tap_is_int(f.calls, 3, "stepping over the Map asks each iteration's task once");
    tap_is_int(session_steps(s), 1, "... in one step");
    session_step(s);
    char *first = output_of(s);
    session_rewind(s, 0);
    tap_ok(exec_current_state(session_exec(s)) &&
               !strcmp(exec_current_state(session_exec(s))->name, "M"),
           "a rewind across the Map goes back before it");
    session_rewind(s, 2);
    tap_is_int(f.calls, 3, "re-executing the Map asks nothing new");
    char *again = output_of(s);
    tap_is_str(again, first, "and ends the same");
    free(first);
    free(again);
    session_free(s);
    asl_definition_free(def);
}

/* A Map over three items, each iteration Check (a Pass) then Charge (a task that answers
 * ten times the item), then Done. */
static const char *MAP_DEF =
    "{\"StartAt\":\"ProcessItems\",\"States\":{\"ProcessItems\":{\"Type\":\"Map\","
    "\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"x.$\":\"$$.Map.Item.Value\"},"
    "\"ItemProcessor\":{\"StartAt\":\"Check\",\"States\":{"
    "\"Check\":{\"Type\":\"Pass\",\"Next\":\"Charge\"},"
    "\"Charge\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:c\","
    "\"End\":true}}},\"Next\":\"Done\"},\"Done\":{\"Type\":\"Pass\",\"End\":true}}}";

static const char *cur_name(const rig *r)
{
    const asl_state *s = session_current_state(r->s);
    return s ? s->name : "(none)";
}

static void frame_path(const rig *r, char *buf, size_t n)
{
    session_frame_path(r->s, session_frame(r->s), buf, n);
}

/* A distributed Map's MapStateStarted records length 0: the path does not claim "of 0". */
static void test_distributed_frame_path(void)
{
    static const char *def =
        "{\"StartAt\":\"Fan\",\"States\":{\"Fan\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
        "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},"
        "\"StartAt\":\"Touch\",\"States\":{\"Touch\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";
    rig r;
    rig_open_on(&r, def, "{\"items\":[1,2]}", false, NULL);
    char path[160];
    tap_ok(runctl_step_into(&r.rc), "s on a distributed Map enters its first child");
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "Fan › iteration 0", "the path names the iteration, with no count it cannot know");
    rig_close(&r);
}

/* s into an iteration, n inside it and out of it, s into the next one, f finishing it, N
 * back into it: the user's frame follows, and a rewind replays the same calls. */
static void test_step_into_frames(void)
{
    rig r;
    rig_open_on(&r, MAP_DEF, "{\"items\":[1,2,3]}", false, NULL);
    char path[160];
    tap_ok(runctl_step_into(&r.rc), "s on the Map enters its first iteration");
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "ProcessItems › iteration 0 of 3", "the frame path names it");
    tap_is_str(cur_name(&r), "Check", "about to run the iterator's first state");
    tap_is_str(r.rc.stop_reason, "entered ProcessItems › iteration 0 of 3", "the stop says so");
    runctl_step(&r.rc);
    tap_is_str(cur_name(&r), "Charge", "n: one transition inside the iteration");
    tap_is_int(r.f.calls, 0, "nothing else ran");
    runctl_step(&r.rc);
    tap_is_int(session_frame(r.s), 0, "n on the last state ends the iteration: back at the Map");
    tap_is_str(cur_name(&r), "ProcessItems", "the Map is still in progress");
    tap_ok(runctl_step_into(&r.rc), "s enters the next iteration");
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "ProcessItems › iteration 1 of 3", "iteration 1");
    long inside = session_steps(r.s);
    tap_ok(runctl_start(&r.rc, RUN_FINISH, NULL), "f finishes it");
    drive(&r.rc, 10);
    tap_is_int(session_frame(r.s), 0, "f returns to the parent");
    tap_is_str(r.rc.stop_reason, "finished ProcessItems › iteration 1 of 3", "f says what it finished");
    tap_is_int(r.f.calls, 2, "iteration 1's task ran");
    runctl_step_back(&r.rc, 1);
    tap_is_int(session_steps(r.s), inside + 1, "N steps back into the iteration");
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "ProcessItems › iteration 1 of 3", "in the same frame");
    tap_is_str(cur_name(&r), "Charge", "at its last state");
    tap_is_int(r.f.calls, 2, "the re-execution asked the journal, not the task");
    runctl_step(&r.rc);
    tap_is_int(r.f.calls, 2, "n replays Charge's answer from the journal");
    runctl_step(&r.rc);
    tap_is_int(session_frame(r.s), 0, "n: over the rest of the Map at the top");
    tap_is_str(cur_name(&r), "Done", "the Map concluded");
    runctl_step(&r.rc);
    char *out = output_of(r.s);
    tap_is_str(out, "[10,20,30]", "the results as a plain run gives them");
    free(out);
    rig_close(&r);
}

/* e inside an iteration: the edit replaces the input of that frame's state about to run, is
 * recorded with its frame, and a rewind (re-execution) replays it there. */
static void test_edit_inside_iteration(void)
{
    rig r;
    rig_open_on(&r, MAP_DEF, "{\"items\":[1,2,3]}", false, NULL);
    runctl_step_into(&r.rc);
    runctl_start(&r.rc, RUN_FINISH, NULL);
    drive(&r.rc, 10);
    tap_ok(runctl_step_into(&r.rc), "into iteration 1");
    long at = session_steps(r.s);
    jv *edit = jv_parse("{\"x\":7}", 7, 0, NULL);
    tap_ok(session_edit(r.s, edit), "e edits the iteration's first state's input");
    jv_unref(edit);
    const sess_edit *e = session_edit_at(r.s, session_edit_count(r.s) - 1);
    tap_ok(e->kind == SESS_EDIT_INPUT && e->frame == session_frame(r.s) && e->step == at,
           "the edit is logged with its frame and step");
    char *before = jv_dump_string(e->before, 0);
    tap_is_str(before, "{\"x\":2}", "what it replaced: the iteration's own input");
    free(before);
    runctl_step(&r.rc);
    session_rewind(r.s, at);
    tap_is_str(cur_name(&r), "Check", "a rewind back to the iteration's first state");
    char *in = jv_dump_string(session_current_input(r.s), 0);
    tap_is_str(in, "{\"x\":7}", "the re-execution replayed the edit in that frame");
    free(in);
    for (int i = 0; i < 8 && session_running(r.s); i++)
        runctl_step(&r.rc);
    char *out = output_of(r.s);
    tap_is_str(out, "[10,70,30]", "stepping on keeps the edit: iteration 1 charged 70");
    free(out);
    rig_close(&r);
    /* at the Map in progress, e edits the iteration s would enter next */
    rig_open_on(&r, MAP_DEF, "{\"items\":[1,2,3]}", false, NULL);
    runctl_step_into(&r.rc);
    runctl_start(&r.rc, RUN_FINISH, NULL);
    drive(&r.rc, 10);
    exec_frame_info f;
    tap_ok(session_frame(r.s) == 0 && session_edit_target(r.s, &f) && f.index == 1 &&
               f.kind == EXEC_FRAME_MAP_ITERATION, "at the Map: the edit goes to iteration 1");
    edit = jv_parse("{\"x\":9}", 7, 0, NULL);
    tap_ok(session_edit(r.s, edit), "edited from the Map");
    jv_unref(edit);
    runctl_step(&r.rc);
    runctl_step(&r.rc);
    out = output_of(r.s);
    tap_is_str(out, "[10,90,30]", "n over the rest of the Map runs iteration 1 on the edit");
    free(out);
    runctl_step_back(&r.rc, 2);
    runctl_step(&r.rc);
    runctl_step(&r.rc);
    out = output_of(r.s);
    tap_is_str(out, "[10,90,30]", "a rewind and the same steps again keep it");
    free(out);
    rig_close(&r);
}

/* A breakpoint inside the iterator with a condition on the iteration's input: c stops in
 * the iteration where it holds, and the stop reason names the frame. */
static void test_break_inside_iteration(void)
{
    rig r;
    rig_open_on(&r, MAP_DEF, "{\"items\":[1,2,3]}", false, NULL);
    char err[128], path[160];
    tap_ok(bp_add(&r.bps, BP_STATE, "Charge", "$.x == 3", err, sizeof err) > 0,
           "a breakpoint on Charge when $.x == 3");
    tap_ok(runctl_start(&r.rc, RUN_CONTINUE, NULL), "c");
    drive(&r.rc, 10);
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "ProcessItems › iteration 2 of 3", "it stops in iteration 2 (x is 3)");
    tap_is_str(cur_name(&r), "Charge", "at Charge");
    tap_is_str(r.rc.stop_reason, "breakpoint 1: Charge in ProcessItems › iteration 2 of 3",
               "the stop reason names the frame");
    tap_is_int(r.f.calls, 2, "iterations 0 and 1 ran");
    tap_ok(runctl_start(&r.rc, RUN_CONTINUE, NULL), "c again");
    drive(&r.rc, 10);
    tap_is_int(exec_status_of(session_exec(r.s)), EXEC_SUCCEEDED, "runs to the end");
    tap_is_int(session_frame(r.s), 0, "the user is back at frame 0");
    runctl_continue_back(&r.rc);
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "ProcessItems › iteration 2 of 3", "C goes back to the stop in the iteration");
    rig_close(&r);
}

/* :iteration N from before the Map, then further on; past the end and backwards refused.
 * The events' frames are named after the iterations have ended. */
static void test_iteration_jump(void)
{
    rig r;
    rig_open_on(&r, MAP_DEF, "{\"items\":[1,2,3]}", false, NULL);
    char path[160];
    tap_ok(runctl_iteration(&r.rc, 1), ":iteration 1 on the Map about to run");
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "ProcessItems › iteration 1 of 3", "into iteration 1");
    tap_is_str(cur_name(&r), "Check", "at its first state");
    tap_is_int(r.f.calls, 1, "iteration 0 ran");
    tap_ok(!runctl_iteration(&r.rc, 0), "iteration 0 has run: refused");
    tap_ok(strstr(r.rc.report.msg, "has run already") != NULL, "it says so");
    tap_ok(!runctl_iteration(&r.rc, 7), "there is no iteration 7");
    tap_ok(strstr(r.rc.report.msg, "no iteration 7") != NULL, "it says so");
    tap_is_int(session_frame(r.s), 0, "the walk ran the Map's iterations and stopped at the Map");
    runctl_step_back(&r.rc, 1);
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "ProcessItems › iteration 2 of 3", "N goes back through the walk's steps");
    sess_frame_label fl;
    long seen[3] = {-1, -1, -1};
    for (size_t i = 0; i < exec_event_count(session_exec(r.s)); i++) {
        const exec_event *e = exec_event_at(session_exec(r.s), i);
        if (e->state && !strcmp(e->state->name, "Charge") && e->type == EV_STATE_ENTERED &&
            session_frame_label(r.s, e->frame, &fl) && fl.index >= 0 && fl.index < 3)
            seen[fl.index] = fl.kind;
    }
    tap_ok(seen[0] == EXEC_FRAME_MAP_ITERATION && seen[1] == EXEC_FRAME_MAP_ITERATION,
           "the events of ended iterations name their iteration");
    tap_ok(!session_frame_label(r.s, 0, &fl), "frame 0 has no label");
    rig_close(&r);
}

/* The picker's jump (runctl_child): a Parallel's branch N, and a Map nested in an iteration
 * (here: the nested one; not here: the one whose iteration the user is in). */
static void test_child_jump(void)
{
    static const char *par =
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Branches\":["
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}},"
        "{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"End\":true}}},"
        "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}}}";
    rig r;
    char path[160];
    rig_open_on(&r, par, "{}", false, NULL);
    tap_ok(runctl_child(&r.rc, 2, true), "branch 2 of the Parallel about to run");
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "P › branch 2 of 3", "in branch 2");
    tap_is_str(cur_name(&r), "C", "at its first state");
    rig_close(&r);
    static const char *nested =
        "{\"StartAt\":\"Outer\",\"States\":{\"Outer\":{\"Type\":\"Map\",\"ItemsPath\":\"$.rows\","
        "\"ItemProcessor\":{\"StartAt\":\"Inner\",\"States\":{\"Inner\":{\"Type\":\"Map\","
        "\"ItemProcessor\":{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Pass\",\"End\":true}}},"
        "\"End\":true}}},\"End\":true}}}";
    rig_open_on(&r, nested, "{\"rows\":[[1,2,3],[4,5,6]]}", false, NULL);
    tap_ok(runctl_iteration(&r.rc, 0), ":iteration 0 of Outer");
    tap_ok(runctl_child(&r.rc, 2, true), "here: iteration 2 of Inner, the Map about to run there");
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "Outer › iteration 0 of 2 › Inner › iteration 2 of 3", "inside the nested Map");
    tap_is_str(cur_name(&r), "X", "at X");
    rig_close(&r);
    rig_open_on(&r, nested, "{\"rows\":[[1,2,3],[4,5,6]]}", false, NULL);
    runctl_iteration(&r.rc, 0);
    tap_ok(runctl_child(&r.rc, 1, false), "not here: iteration 1 of Outer, the Map the user is in");
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "Outer › iteration 1 of 2", "the next iteration of Outer");
    tap_ok(!runctl_child(&r.rc, 0, false) && strstr(r.rc.report.msg, "iteration 0 has run already"),
           "one that ran is refused, said so");
    rig_close(&r);
}

/* The branches of a Parallel are named in order in the events. */
static void test_parallel_labels(void)
{
    rig r;
    rig_open_on(&r,
                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"End\":true,"
                "\"Branches\":[{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Pass\",\"End\":true}}},"
                "{\"StartAt\":\"Y\",\"States\":{\"Y\":{\"Type\":\"Pass\",\"End\":true}}}]}}}",
                "{}", false, NULL);
    tap_ok(runctl_step_into(&r.rc), "s enters branch 0");
    char path[160];
    frame_path(&r, path, sizeof path);
    tap_is_str(path, "P › branch 0 of 2", "the path names the branch");
    runctl_step(&r.rc);
    runctl_step(&r.rc);
    tap_is_int(exec_status_of(session_exec(r.s)), EXEC_SUCCEEDED, "n over the rest");
    sess_frame_label fl;
    int ok = 0;
    for (size_t i = 0; i < exec_event_count(session_exec(r.s)); i++) {
        const exec_event *e = exec_event_at(session_exec(r.s), i);
        if (e->type == EV_STATE_ENTERED && e->state->name[0] != 'P' &&
            session_frame_label(r.s, e->frame, &fl) && fl.kind == EXEC_FRAME_PARALLEL_BRANCH &&
            fl.index == e->state->name[0] - 'X')
            ok++;
    }
    tap_is_int(ok, 2, "X is branch 0, Y branch 1");
    rig_close(&r);
}

static bool every_activity(void *user, const char *arn) { return true; }

static bool has_event(const sfn_exec *ex, const char *name)
{
    char buf[64];
    for (size_t i = 0; i < exec_event_count(ex); i++)
        if (!strcmp(exec_event_name(exec_event_at(ex, i), buf, sizeof buf), name))
            return true;
    return false;
}

/* A worker's answer to an activity Task, then a step back: the re-execution replays the
 * answer; the task is not offered to a worker again (--listen's second poll must not get
 * it: tests/cli/listen_activity.t), until the recorded answer is dropped (a restart). */
static void test_activity_replay(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"R\",\"States\":{\"R\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:states:us-east-1:123456789012:activity:resize\",\"End\":true}}}");
    task_activities acts = {every_activity, NULL};
    exec_options eo;
    exec_options_init(&eo);
    eo.activities = &acts;
    jv *in = jv_object();
    dbg_session *s = session_new(def, in, &eo);
    jv_unref(in);
    char err[256], token[128];
    session_step(s);
    const exec_pending_task *p = exec_pending(session_exec(s));
    tap_ok(p && p->activity && !p->started, "the activity's task waits for a worker");
    snprintf(token, sizeof token, "%s", p ? p->token : "");
    tap_is_int(session_activity_start(s, token, "w1", err, sizeof err), EXEC_SEND_OK,
               "a worker takes it");
    tap_is_int(session_answer_success(s, token, "{\"size\":64}", err, sizeof err), EXEC_SEND_OK,
               "and answers it");
    session_step(s);
    tap_is_str(exec_status_name(exec_status_of(session_exec(s))), "SUCCEEDED", "the answer applies");
    session_rewind(s, 1);
    p = exec_pending(session_exec(s));
    tap_ok(p && p->activity && !p->started && session_answer_recorded(s),
           "step back: the task waits again, its answer recorded");
    err[0] = 0;
    tap_is_str(exec_send_status_name(session_activity_start(s, token, "w2", err, sizeof err)),
               "TaskDoesNotExist", "a worker's poll does not get the replayed task");
    tap_ok(strstr(err, "recorded") != NULL, "the refusal says why: %s", err);
    tap_ok(!has_event(session_exec(s), "ActivityStarted"), "the re-executed history has no ActivityStarted");
    session_step(s);
    char *out = output_of(s);
    tap_is_str(out, "{\"size\":64}", "the next step replays the worker's answer");
    free(out);
    session_restart(s, NULL);
    session_step(s);
    tap_is_int(session_activity_start(s, token, "w3", err, sizeof err), EXEC_SEND_OK,
               "after a restart (no answer recorded) a worker takes it again");
    session_free(s);
    asl_definition_free(def);
}

int main(void)
{
    test_activity_replay();
    test_iteration_jump();
    test_child_jump();
    test_parallel_labels();
    test_step_into_frames();
    test_edit_inside_iteration();
    test_distributed_frame_path();
    test_break_inside_iteration();
    test_journal();
    test_journal_elapsed();
    test_rewind_across_map();
    test_runctl_flight();
    test_runctl_breakpoint();
    test_runctl_stop_reasons();
    return tap_done();
}
