/* The `?` help (ui/help): every action of the table appears with its keys under its group's
 * heading, the dialog's keys and the marks are there, a short buffer is not overrun, and the
 * scroll position stays inside the text. */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "ui/actions.h"
#include "ui/help.h"
#include "ui/layout.h"

static char lines[200][HELP_LINE_MAX];

static int find(int n, const char *part)
{
    for (int i = 0; i < n; i++)
        if (strstr(lines[i], part))
            return i;
    return -1;
}

static void test_every_action(void)
{
    int n = help_lines(lines, 200);
    bool all = true, grouped = true;
    for (size_t i = 0; i < actions_count(); i++) {
        const ui_action_info *in = actions_at(i);
        char keys[64], want[HELP_LINE_MAX];
        actions_keys_text(in, keys, sizeof keys);
        snprintf(want, sizeof want, "  %-16s %s", keys, in->help);
        int at = find(n, want);
        if (at < 0) {
            tap_diag("no help line for %s", in->name);
            all = false;
            continue;
        }
        int h = at;
        while (h > 0 && lines[h][0] == ' ')
            h--;
        if (strcmp(lines[h], in->group)) {
            tap_diag("%s is under '%s', not '%s'", in->name, lines[h], in->group);
            grouped = false;
        }
    }
    tap_ok(all, "every action has its help line with its keys");
    tap_ok(grouped, "each under its group's heading");
    tap_ok(find(n, "Answering a task (x)") >= 0 && find(n, "reveal or mask the token") >= 0,
           "the x dialog's keys");
    tap_ok(find(n, "Marks: ") >= 0, "the graph's marks");
    tap_ok(find(n, ":send-success JSON") >= 0, "the commands");
}

static void test_bounds(void)
{
    char few[3][HELP_LINE_MAX];
    memset(few, 'Z', sizeof few);
    tap_is_int(help_lines(few, 3), 3, "a short buffer gets exactly its size");
    tap_is_str(few[0], UI_GROUP_RUN, "starting with the first group");
    tap_is_int(help_clamp(0, 50, 10), 0, "the top stays at the top");
    tap_is_int(help_clamp(45, 50, 10), 40, "scrolling past the end stops at the last page");
    tap_is_int(help_clamp(-3, 50, 10), 0, "scrolling above the top stops at it");
    tap_is_int(help_clamp(5, 8, 10), 0, "text shorter than the window does not scroll");
}

/* Appends s to out without its leading spaces, each run of spaces as one. */
static void squeeze(char *out, const char *s)
{
    size_t n = strlen(out);
    while (*s == ' ')
        s++;
    for (; *s; s++)
        if (!(*s == ' ' && (s[1] == ' ' || !s[1])))
            out[n++] = *s;
    out[n] = '\0';
}

/* Every row of every line at 60 cells fits, and the rows give back the line's words. */
static void test_wrap(void)
{
    static char rows[400][HELP_LINE_MAX];
    int n = help_lines(lines, 200);
    int nr = help_rows(lines, n, 60, rows, 400);
    bool fits = true, whole = true;
    for (int i = 0; i < nr; i++)
        if (layout_text_width(rows[i]) > 60) {
            tap_diag("row %d is %d cells: %s", i, layout_text_width(rows[i]), rows[i]);
            fits = false;
        }
    tap_ok(nr > n, "some lines take more than one row at 60 cells");
    tap_ok(fits, "no row is wider than the view");
    /* the longest line, the x dialog's s: its words come back in order */
    int at = find(n, "success: the output as JSON");
    char joined[HELP_LINE_MAX * 4] = "", want[HELP_LINE_MAX * 4] = "";
    char one[8][HELP_LINE_MAX];
    int k = at < 0 ? 0 : help_wrap(lines[at], 60, one, 8);
    for (int i = 0; i < k; i++) {
        squeeze(joined, one[i]);
        strcat(joined, " ");
    }
    if (at >= 0) {
        squeeze(want, lines[at]);
        strcat(want, " ");
    }
    whole = at >= 0 && !strcmp(joined, want);
    if (!whole)
        tap_diag("got  '%s'\nwant '%s'", joined, want);
    tap_ok(k >= 4, "the x dialog's s takes several rows at 60 cells (%d)", k);
    tap_ok(whole, "and none of its words is lost or cut");
    tap_ok(k >= 2 && !strncmp(one[1], "                   ", 19) && one[1][19] != ' ',
           "its rows after the first start under the help text (column 19)");
    tap_is_int(help_wrap("short", 60, one, 8), 1, "a line that fits is one row");
    tap_is_int(help_wrap(lines[at < 0 ? 0 : at], 60, one, 2), 2, "at most max rows");
}

int main(void)
{
    test_every_action();
    test_bounds();
    test_wrap();
    return tap_done();
}
