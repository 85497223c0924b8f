/* help — the `?` overlay. See help.h. */
#include "help.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "layout.h"

#define HELP_MAX_LINES 120
#define HELP_MAX_ROWS 400

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
                 ":break retry · :delete N · :watch EXPR · :goto STATE · :visit N · :input JSON");
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
                 "⏸ waiting · ↻n retrying · ×n ran n times (a loop) · ● breakpoint · ○ disabled");
    if (n < max)
        snprintf(lines[n++], HELP_LINE_MAX, "Edges: ┄ a Catch · [n] a label too long to draw, or "
                 "cut (…): the legend under the graph gives it whole, the selected state's first");
    return n;
}

/* The indent of a line's continuation rows: under the help text of an entry, two cells in
 * otherwise. */
static int help_indent(const char *l)
{
    if (l[0] != ' ')
        return 2;
    return strlen(l) > 19 && l[18] == ' ' ? 19 : 2;
}

/* Appends row text (len bytes of s) to out[n] after indent spaces. */
static void help_row(char *out, int indent, const char *s, size_t len)
{
    int k = snprintf(out, HELP_LINE_MAX, "%*s", indent, "");
    if (len > (size_t)(HELP_LINE_MAX - 1 - k))
        len = (size_t)(HELP_LINE_MAX - 1 - k);
    memcpy(out + k, s, len);
    out[k + (int)len] = '\0';
}

/* The cells of s[0..len). */
static int help_cells(const char *s, size_t len)
{
    char buf[HELP_LINE_MAX];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return layout_text_width(buf);
}

int help_wrap(const char *line, int width, char out[][HELP_LINE_MAX], int max)
{
    if (max <= 0)
        return 0;
    if (width < 24 || layout_text_width(line) <= width) {
        snprintf(out[0], HELP_LINE_MAX, "%s", line);
        return 1;
    }
    int indent = help_indent(line), n = 0;
    const char *p = line;
    int lead = 0; /* the first row keeps its own indent */
    while (*p && n < max) {
        /* the longest run of whole words that fits; a word longer than a row is split */
        size_t fit = 0, i = 0;
        while (p[i]) {
            size_t j = i;
            while (p[j] == ' ')
                j++;
            while (p[j] && p[j] != ' ')
                j++;
            if (lead + help_cells(p, j) > width)
                break;
            fit = i = j;
        }
        if (!fit) { /* one long word: as many characters as fit */
            while (p[fit] && lead + help_cells(p, fit + 1) <= width)
                fit++;
            while ((p[fit] & 0xC0) == 0x80)
                fit++;
            if (!fit)
                fit = 1;
        }
        help_row(out[n++], lead, p, fit);
        p += fit;
        while (*p == ' ')
            p++;
        lead = indent;
    }
    return n;
}

int help_rows(char lines[][HELP_LINE_MAX], int n, int width, char out[][HELP_LINE_MAX], int max)
{
    int rows = 0;
    for (int i = 0; i < n && rows < max; i++)
        rows += help_wrap(lines[i], width, out + rows, max - rows);
    return rows;
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
    static char rows[HELP_MAX_ROWS][HELP_LINE_MAX];
    int h = a->rows - 2, w = a->cols - 4 > 100 ? 100 : a->cols - 4;
    if (h < 5 || w < 20)
        return;
    int n = help_rows(lines, help_lines(lines, HELP_MAX_LINES), w - 4, rows, HELP_MAX_ROWS);
    WINDOW *win = newwin(h, w, 1, (a->cols - w) / 2);
    werase(win);
    term_frame(&a->t, win, " Help · j/k scroll · any other key closes ", true);
    int body = h - 2;
    a->help_top = help_clamp(a->help_top, n, body);
    for (int i = 0; i < body && a->help_top + i < n; i++) {
        const char *l = rows[a->help_top + i];
        bool heading = l[0] && l[0] != ' ';
        term_text(&a->t, win, 1 + i, 2, l, w - 4, heading ? A_BOLD | A_UNDERLINE : A_NORMAL);
    }
    wnoutrefresh(win);
    delwin(win);
}
