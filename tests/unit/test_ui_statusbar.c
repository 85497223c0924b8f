/* The status bar's text (ui/statusbar): the mode word for every execution state, the
 * detail line, the hints (a waiting task puts x first), and the input field's scrolling
 * that keeps the cursor in view over wide and multi-byte text. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "ui/layout.h"
#include "ui/statusbar.h"

static statusbar_facts paused(void)
{
    statusbar_facts f;
    memset(&f, 0, sizeof f);
    f.status = EXEC_RUNNING;
    f.current = "Approve";
    f.stop_reason = "";
    f.steps = 3;
    return f;
}

/* The mode word for a change to the paused facts, and its attribute role. */
static void mode_is(void (*change)(statusbar_facts *f), const char *word, term_attr role, const char *name)
{
    char buf[200];
    statusbar_facts f = paused();
    if (change)
        change(&f);
    term_attr got = statusbar_mode_text(&f, buf, sizeof buf);
    tap_ok(!strcmp(buf, word) && got == role, "%s: '%s' (role %d)", name, buf, (int)got);
}

static void token(statusbar_facts *f) { f->pending = true; }
static void result(statusbar_facts *f) { f->pending = f->needs_result = true; }
static void running(statusbar_facts *f) { f->pending = f->running = true; }
static void real_wait(statusbar_facts *f)
{
    f->running = f->real_wait = true;
    f->stop_reason = "waiting 5 s (real time)";
}
static void succeeded(statusbar_facts *f) { f->status = EXEC_SUCCEEDED; }
static void failed(statusbar_facts *f) { f->status = EXEC_FAILED; }

static void test_mode(void)
{
    mode_is(NULL, " PAUSED ", TA_STATUS_MODE, "paused");
    mode_is(token, " WAITING FOR TOKEN ", TA_STATUS_MODE, "a task waits for its token");
    mode_is(result, " WAITING FOR RESULT ", TA_STATUS_MODE, "a task nothing answered waits for its result");
    mode_is(running, " RUNNING ", TA_STATUS_MODE, "a continue is running, whatever waits");
    mode_is(real_wait, " WAITING waiting 5 s (real time) ", TA_STATUS_MODE, "a real-time wait says how long");
    mode_is(succeeded, " SUCCEEDED ", TA_STATUS_GOOD, "succeeded");
    mode_is(failed, " FAILED ", TA_STATUS_BAD, "failed");
}

static void test_detail(void)
{
    char buf[200];
    statusbar_facts f = paused();
    statusbar_detail_text(&f, buf, sizeof buf);
    tap_is_str(buf, " at Approve · step 3", "paused: where and which step");
    f.stop_reason = "breakpoint 1";
    statusbar_detail_text(&f, buf, sizeof buf);
    tap_is_str(buf, " at Approve (breakpoint 1) · step 3", "the stop reason in brackets");
    f.status = EXEC_SUCCEEDED;
    statusbar_detail_text(&f, buf, sizeof buf);
    tap_is_str(buf, " · step 3 (breakpoint 1)", "succeeded: the step and the reason");
    f.status = EXEC_FAILED;
    f.error = "Order.Rejected";
    f.cause = "no";
    f.stop_reason = "";
    statusbar_detail_text(&f, buf, sizeof buf);
    tap_is_str(buf, " Order.Rejected: no · step 3", "failed: the error and the cause");
}

static void test_hints(void)
{
    char buf[256];
    statusbar_facts f = paused();
    statusbar_hints_text(&f, buf, sizeof buf);
    tap_is_str(buf, "n step  c continue  N back  b break  e edit  ? help  q quit  ",
               "paused: the stepping hints");
    f.pending = true;
    statusbar_hints_text(&f, buf, sizeof buf);
    tap_ok(!strncmp(buf, "x answer  ", 10), "a waiting task: x answers first (%s)", buf);
    f.answered = true;
    statusbar_hints_text(&f, buf, sizeof buf);
    tap_ok(!strncmp(buf, "n step", 6), "once answered: stepping again");
    f.answered = false;
    f.dialog_keys = "Enter sends   Esc cancels";
    statusbar_hints_text(&f, buf, sizeof buf);
    tap_is_str(buf, "Enter sends   Esc cancels  ",
               "the x dialog open: its keys, not x (which would type into its field)");
    char tiny[12];
    f = paused();
    statusbar_hints_text(&f, tiny, sizeof tiny);
    tap_is_str(tiny, "n step  c c", "a short buffer is cut, not overrun");
}

static void test_hints_fit(void)
{
    char h[64] = "n step  c continue  q quit  ";
    tap_is_int(statusbar_hints_fit(h, 40), 28, "hints that fit stay whole");
    tap_is_int(statusbar_hints_fit(h, 22), 20, "too wide: the last hint goes");
    tap_is_str(h, "n step  c continue  ", "... whole hints only");
    tap_is_int(statusbar_hints_fit(h, 5), 0, "no hint fits: none");
    tap_is_str(h, "", "... empty");
}

static void test_message_cells(void)
{
    tap_is_int(statusbar_message_cells("breakpoint 1 on A", false, 40), 40, "a message that fits: all of it");
    int more = layout_text_width(STATUSBAR_MORE);
    tap_is_int(statusbar_message_cells("a message longer than its room", false, 20), 20 - more,
               "too long: cut, with room for how to read it");
    tap_is_int(statusbar_message_cells("short", true, 40), 40 - more,
               "cut on its way to the status line: says how to read it too");
    tap_is_int(statusbar_message_cells("too long for a tiny room", false, 5), 0, "no room: nothing, never below 0");
}

static void test_field(void)
{
    const char *ascii = "0123456789abcdefghij";
    tap_is_int((long long)statusbar_field_scroll(ascii, 5, 0, 10), 0, "the cursor in view: no scroll");
    tap_is_int((long long)statusbar_field_scroll(ascii, 20, 0, 10), 11,
               "at the end: the last 9 characters and the cursor cell");
    tap_is_int((long long)statusbar_field_scroll(ascii, 3, 11, 10), 3,
               "moving left of the view scrolls back to the cursor");
    /* "é" is 2 bytes, 1 cell; "界" is 3 bytes, 2 cells */
    const char *wide = "\xc3\xa9\xc3\xa9\xe7\x95\x8c\xe7\x95\x8c";
    tap_is_int(statusbar_span_width(wide, 0, strlen(wide), 100), 6, "cells, not bytes");
    size_t s = statusbar_field_scroll(wide, strlen(wide), 0, 4);
    tap_is_int((long long)s, 7, "a 4-cell field shows the last wide character and the cursor");
    tap_ok((((unsigned char)wide[s]) & 0xC0) != 0x80, "the view starts on a character boundary");
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    test_mode();
    test_detail();
    test_hints();
    test_message_cells();
    test_hints_fit();
    test_field();
    return tap_done();
}
