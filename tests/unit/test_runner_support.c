/* Unit tests: the conformance runners' expected-failure list (tests/runner/xfail.h) and
 * their per-case child process (tests/runner/isolate.h). */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/isolate.h"
#include "runner/xfail.h"
#include "tap.h"

static char list_path[] = "/tmp/sfdbg-xfail-XXXXXX";

static xfail_list *load_text(const char *text, char *err, size_t errlen)
{
    int fd = mkstemp(list_path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        return NULL;
    close(fd);
    xfail_list *l = xfail_load(list_path, err, errlen);
    unlink(list_path);
    strcpy(list_path + strlen(list_path) - 6, "XXXXXX");
    return l;
}

/* The check prints its own TAP line: run it in a child whose output goes nowhere. */
static int check_all_used_quietly(void *list, char *msg, size_t msglen)
{
    if (!freopen("/dev/null", "w", stdout))
        return -1;
    return xfail_check_all_used(list, "list");
}

static void test_list(void)
{
    char err[256] = "";
    xfail_list *l = load_text("# comment\n\na#b\twhy a\nc\tpending: Map\n", err, sizeof err);
    if (!tap_ok(l != NULL, "a list with comments, a blank line and two entries loads"))
        return;
    tap_is_str(xfail_lookup(l, "a#b"), "why a", "an id is looked up with its reason");
    tap_ok(xfail_lookup(l, "a") == NULL, "a prefix of an id is not listed");
    tap_ok(xfail_is_pending(xfail_lookup(l, "c")), "a \"pending:\" reason is pending");
    tap_ok(!xfail_is_pending("why a") && !xfail_is_pending(NULL), "other reasons are not");
    xfail_check_all_used(l, "list"); /* its own check: passes, every entry was looked up */
    xfail_free(l);

    l = load_text("x\tone\ny\ttwo\n", err, sizeof err);
    if (!tap_ok(l != NULL, "a second list loads"))
        return;
    xfail_lookup(l, "x");
    isolate_result r;
    isolate_run(check_all_used_quietly, l, 5, false, &r);
    tap_ok(r.returned && r.verdict == 0, "an entry never looked up fails the check");
    xfail_free(l);
}

static void test_list_errors(void)
{
    char err[256] = "";
    tap_ok(!load_text("no-reason\n", err, sizeof err) && strstr(err, ":1:"),
           "a line without a TAB and reason is refused with its line (%s)", err);
    tap_ok(!load_text("x\t\n", err, sizeof err), "an empty reason is refused");
    tap_ok(!load_text("x\tone\n# c\nx\ttwo\n", err, sizeof err) && strstr(err, ":3:") &&
               strstr(err, "twice"),
           "an id listed twice is refused (%s)", err);
    tap_ok(!xfail_load("/nonexistent/list", err, sizeof err) && strstr(err, "cannot read"),
           "a missing file is refused (%s)", err);
}

static int returns_three(void *arg, char *msg, size_t msglen)
{
    snprintf(msg, msglen, "said %s", (const char *)arg);
    return 3;
}

static int crashes(void *arg, char *msg, size_t msglen)
{
    raise(SIGABRT);
    return 0;
}

static int hangs(void *arg, char *msg, size_t msglen)
{
    volatile bool waiting = true;
    while (waiting)
        pause();
    return 0;
}

static int exits(void *arg, char *msg, size_t msglen)
{
    exit(70);
}

static void test_isolate(void)
{
    isolate_result r;
    isolate_run(returns_three, "hi", 5, false, &r);
    tap_ok(r.returned && r.verdict == 3, "the child's verdict comes back");
    tap_is_str(r.msg, "said hi", "and its message");
    isolate_run(returns_three, "here", 5, true, &r);
    tap_ok(r.returned && r.verdict == 3 && !strcmp(r.msg, "said here"), "in process too");
    isolate_run(crashes, NULL, 5, false, &r);
    tap_ok(!r.returned && strstr(r.msg, "crashed: signal"), "a crash is reported (%s)", r.msg);
    isolate_run(hangs, NULL, 1, false, &r);
    tap_ok(!r.returned && strstr(r.msg, "hung"), "a hang is cut at the limit (%s)", r.msg);
    isolate_run(exits, NULL, 5, false, &r);
    tap_ok(!r.returned && strstr(r.msg, "status 70"), "an exit() is reported (%s)", r.msg);
}

int main(void)
{
    test_list();
    test_list_errors();
    test_isolate();
    return tap_done();
}
