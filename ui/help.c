/* help — the `?` overlay. See help.h. */
#include "help.h"

#include <stdio.h>
#include <string.h>

#include "app.h"

#define HELP_MAX_LINES 120

/* The action table's entries of one group, under its heading, then a blank line. */
static int help_group(const char *group, char lines[][HELP_LINE_MAX], int n, int max)
{
    snprintf(lines[n++], HELP_LINE_MAX, "%s", group);
    for (size_t i = 0; i < actions_count() && n < max; i++) {
        const ui_action_info *in = actions_at(i);
        if (strcmp(in->group, group))
            continue;
        char keys[64];
        actions_keys_text(in, keys, sizeof keys);
        snprintf(lines[n++], HELP_LINE_MAX, "  %-16s %s", keys, in->help);
    }
    if (n < max)
        lines[n++][0] = '\0';
    return n;
}

int help_lines(char lines[][HELP_LINE_MAX], int max)
{
    int n = 0;
    const char *groups[] = {UI_GROUP_RUN, UI_GROUP_BREAK, UI_GROUP_MOVE, UI_GROUP_APP};
    for (int g = 0; g < 4 && n < max; g++)
        n = help_group(groups[g], lines, n, max);
    if (n < max)
        snprintf(lines[n++], HELP_LINE_MAX, "Commands: :break STATE [if EXPR] · :break error · "
                 ":break retry · :delete N · :watch EXPR · :goto STATE · :input JSON");
    if (n < max)
        snprintf(lines[n++], HELP_LINE_MAX, "  :send-success JSON · :send-failure ERROR [CAUSE] · "
                 ":heartbeat · :time-out · :run [FILE] · :history FILE · :q");
    if (n < max)
        snprintf(lines[n++], HELP_LINE_MAX, "Answering a task (x)");
    size_t nk;
    const ui_answer_key *k = actions_answer_keys(&nk);
    for (size_t i = 0; i < nk && n < max; i++)
        snprintf(lines[n++], HELP_LINE_MAX, "  %-16s %s", k[i].label, k[i].help);
    if (n < max)
        lines[n++][0] = '\0';
    if (n < max)
        snprintf(lines[n++], HELP_LINE_MAX, "Marks: ▶ current · ✓ visited · ✗ failed · ↯ caught · "
                 "⏸ waiting · ↻n retrying · ● breakpoint · ○ disabled");
    return n;
}

int help_clamp(int top, int n, int body)
{
    if (top > n - body)
        top = n - body;
    return top < 0 ? 0 : top;
}

void help_open(dbg_app *a)
{
    a->mode = MODE_HELP;
    a->help_top = 0;
    app_dirty_all(a);
}

void help_key(dbg_app *a, int key)
{
    if (key == 'j' || key == KEY_DOWN)
        a->help_top++;
    else if (key == 'k' || key == KEY_UP)
        a->help_top--;
    else if (key == KEY_NPAGE || key == ' ')
        a->help_top += 10;
    else if (key == KEY_PPAGE)
        a->help_top -= 10;
    else
        a->mode = MODE_NORMAL;
    app_dirty_all(a);
}

void help_draw(dbg_app *a)
{
    static char lines[HELP_MAX_LINES][HELP_LINE_MAX];
    int n = help_lines(lines, HELP_MAX_LINES);
    int h = a->rows - 2, w = a->cols - 4 > 100 ? 100 : a->cols - 4;
    if (h < 5 || w < 20)
        return;
    WINDOW *win = newwin(h, w, 1, (a->cols - w) / 2);
    werase(win);
    term_frame(&a->t, win, " Help · j/k scroll · any other key closes ", true);
    int body = h - 2;
    a->help_top = help_clamp(a->help_top, n, body);
    for (int i = 0; i < body && a->help_top + i < n; i++) {
        const char *l = lines[a->help_top + i];
        bool heading = l[0] && l[0] != ' ';
        term_text(&a->t, win, 1 + i, 2, l, w - 4, heading ? A_BOLD | A_UNDERLINE : A_NORMAL);
    }
    wnoutrefresh(win);
    delwin(win);
}
