/* The key pipeline (ui/input) on a real debugger drawn into /dev/null: the open mode takes
 * every key before the action table (the help scrolls on j, a prompt takes n as text), a
 * running continue is interrupted by any key, the action reaches the focused pane first
 * (d deletes in the breakpoints pane; elsewhere the app answers), the `:` line reaches the
 * same actions, and a terminal too small to draw in only answers q. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "headless.h"
#include "jv_text.h"
#include "tap.h"
#include "ui/app.h"

static const char *const flow =
    "{\"StartAt\":\"A\",\"States\":{"
    "\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
    "\"B\":{\"Type\":\"Pass\",\"Next\":\"C\"},"
    "\"C\":{\"Type\":\"Pass\",\"End\":true}}}";

static void key(dbg_app *a, int k)
{
    char utf8[2] = {(char)k, '\0'};
    bool text = k >= 32 && k < 127;
    input_key(a, k, text, utf8, text ? 1 : 0);
}

static void type(dbg_app *a, const char *s)
{
    for (; *s; s++)
        key(a, (unsigned char)*s);
}

static const char *current(dbg_app *a)
{
    const asl_state *s = exec_current_state(session_exec(a->sess));
    return s ? s->name : "(none)";
}

static void test_modes_first(dbg_app *a)
{
    key(a, '?');
    tap_is_int(a->mode, MODE_HELP, "? opens the help");
    key(a, 'j');
    tap_ok(a->mode == MODE_HELP && a->help_top == 1, "j scrolls the help, not the panes");
    key(a, 'n');
    tap_ok(a->mode == MODE_NORMAL && !strcmp(current(a), "A"), "another key closes it and does nothing else");
    key(a, 'w');
    tap_is_int(a->mode, MODE_PROMPT, "w opens the watch prompt");
    type(a, "$.n");
    tap_is_str(le_text(&a->line), "$.n", "n is text in a prompt");
    key(a, UI_KEY_ENTER);
    tap_ok(a->mode == MODE_NORMAL && a->bps.nwatches == 1 && !strcmp(current(a), "A"),
           "Enter adds the watch; nothing stepped");
    key(a, 'w');
    type(a, "$..[bad");
    key(a, UI_KEY_ENTER);
    tap_ok(a->bps.nwatches == 1 && strstr(a->msg, "not watched: $..[bad is not a JSONPath") &&
               strstr(a->msg, "position"),
           "an invalid watch is refused with the parser's message and position: %s", a->msg);
    key(a, 'w');
    tap_is_str(le_text(&a->line), "$..[bad", "w offers the refused text again");
    tap_is_int((long long)a->line.cur, 4, "... with the cursor where the parser stopped");
    key(a, UI_KEY_ESC);
    key(a, 'm');
    tap_is_int(a->mode, MODE_MESSAGES, "m opens the messages");
    key(a, 'j');
    tap_is_int(a->mode, MODE_MESSAGES, "j scrolls them, it does not close them");
    key(a, 'n');
    tap_ok(a->mode == MODE_NORMAL && !strcmp(current(a), "A") && !a->msg[0],
           "another key closes them, does nothing else, and the hints come back");
    tap_ok(msglog_count(&a->log) >= 2 &&
               strstr(msglog_at(&a->log, msglog_count(&a->log) - 1)->text, "not watched"),
           "the log has the messages said");
}

static void test_actions(dbg_app *a)
{
    key(a, 'n');
    tap_is_str(current(a), "B", "n steps in normal mode");
    key(a, ':');
    type(a, "step");
    key(a, UI_KEY_ENTER);
    tap_is_str(current(a), "C", ":step is the same action");
    key(a, 'N');
    tap_is_str(current(a), "B", "N steps back");
    key(a, 'd');
    tap_ok(strstr(a->msg, "select a breakpoint or watch first") != NULL,
           "d in the graph: the app says what it needs");
    key(a, 'b');
    tap_is_int((long long)a->bps.n, 1, "b sets a breakpoint on the selected state");
    key(a, '4');
    tap_is_int(a->focus, PANE_BREAKS, "4 focuses the breakpoints");
    key(a, 'd');
    tap_ok(a->bps.n == 0 && !a->msg[0], "d there: the pane takes it first and deletes it");
    key(a, 'q');
    tap_is_int(a->mode, MODE_CONFIRM, "q asks while the execution runs");
    key(a, 'n');
    tap_ok(a->mode == MODE_NORMAL && !a->quit && !strcmp(a->msg, "cancelled"), "n to the question cancels");
}

static void test_interrupt(dbg_app *a)
{
    app_start_run(a, RUN_CONTINUE, NULL);
    key(a, 'n');
    tap_ok(a->rc.run == RUN_IDLE && !strcmp(a->rc.stop_reason, "interrupted") && !strcmp(current(a), "B"),
           "any key interrupts a continue, and is not also an action");
}

static void test_too_small(dbg_app *a)
{
    debugger_resize(a, 10, 30);
    tap_ok(a->too_small, "30x10 is too small");
    key(a, 'n');
    tap_is_str(current(a), "B", "n does nothing there");
    key(a, 'q');
    tap_is_int(a->mode, MODE_CONFIRM, "q asks");
    key(a, 'y');
    tap_ok(a->quit, "y quits");
}

/* The result dialog of a task nothing answered takes every key: x does not close it, and
 * JSON typed at once is the field's text, not commands. */
static void test_answer_dialog(FILE *out, FILE *in)
{
    asl_definition *def = defload("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
                                  "\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\",\"End\":true}}}");
    jv *input = jv_object();
    debugger_config c;
    headless_config(&c, "answer-test.asl.json", def, input, out, in);
    c.eo.defer_unanswered = true;
    dbg_app *a = debugger_open(&c);
    key(a, 'n');
    tap_is_int(a->mode, MODE_ANSWER, "n on a task nothing answers: the result dialog opens");
    key(a, 'x');
    tap_is_int(a->mode, MODE_ANSWER, "x does not close it");
    type(a, "{\"s\":\"x d :q\"}");
    tap_is_str(le_text(&a->answer.output), "{\"s\":\"x d :q\"}",
               "typed JSON is the field's text, the {} placeholder replaced");
    tap_ok(a->mode == MODE_ANSWER && a->bps.n == 0, "nothing ran as a command");
    key(a, UI_KEY_ENTER);
    tap_ok(a->mode == MODE_NORMAL && exec_status_of(session_exec(a->sess)) == EXEC_SUCCEEDED,
           "Enter sends it: the task completes with it");
    debugger_close(a);
    jv_unref(input);
    asl_definition_free(def);
}

int main(void)
{
    asl_definition *def = defload(flow);
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    if (!def || !out || !in) {
        tap_ok(false, "the workflow and /dev/null");
        return tap_done();
    }
    jv *input = jv_object();
    debugger_config c;
    headless_config(&c, "input-test.asl.json", def, input, out, in);
    dbg_app *a = debugger_open(&c);
    if (!a) {
        tap_ok(false, "the debugger opens");
        return tap_done();
    }
    test_modes_first(a);
    test_actions(a);
    test_interrupt(a);
    test_too_small(a);
    debugger_close(a);
    test_answer_dialog(out, in);
    jv_unref(input);
    asl_definition_free(def);
    fclose(out);
    fclose(in);
    return tap_done();
}
