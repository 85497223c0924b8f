/* prompt — the command line and the prompts. See prompt.h. */
#include "prompt.h"

#include <stdio.h>
#include <stdlib.h>

#include "app.h"

void prompt_open(dbg_app *a, prompt_kind k, const char *initial)
{
    a->mode = MODE_PROMPT;
    a->prompt = k;
    le_set(&a->line, initial ? initial : "");
    app_dirty_all(a);
}

void prompt_open_command(dbg_app *a)
{
    a->mode = MODE_COMMAND;
    le_clear(&a->line);
    a->hist_pos = a->nhistory;
    app_dirty_all(a);
}

static void prompt_done(dbg_app *a)
{
    const char *text = le_text(&a->line);
    if (a->prompt == PROMPT_WATCH) {
        if (*text)
            watches_add(a, text);
    } else if (a->prompt == PROMPT_CONDITION) {
        breakpoint *bp = breaks_pane_selected(a);
        char err[256];
        if (bp && bp_set_cond(bp, text, err, sizeof err)) {
            bpp_save_now(a);
            app_message(a, false, "breakpoint %d: %s", bp->id, *text ? text : "no condition");
        } else if (bp) {
            app_message(a, true, "%s", err);
        }
    } else {
        if (a->focus == PANE_GRAPH)
            graph_pane_set_search(a, text);
        else
            insp_pane_set_search(a, text);
        a->mode = MODE_NORMAL;
        if (*text)
            input_do(a, ACT_SEARCH_NEXT);
    }
    a->mode = MODE_NORMAL;
    app_dirty_all(a);
}

static void prompt_history_move(dbg_app *a, int dir)
{
    int pos = a->hist_pos + dir;
    if (pos < 0 || pos > a->nhistory)
        return;
    a->hist_pos = pos;
    le_set(&a->line, pos == a->nhistory ? "" : a->history[pos]);
}

static void prompt_line_key(dbg_app *a, int key)
{
    if (key == UI_KEY_ESC || key == UI_CTRL('c') || key == UI_CTRL('g')) {
        a->mode = MODE_NORMAL;
        app_dirty_all(a);
        return;
    }
    if (key == UI_KEY_ENTER || key == KEY_ENTER || key == 13) {
        if (a->mode == MODE_COMMAND) {
            char *line = jv_xstrdup(le_text(&a->line));
            a->mode = MODE_NORMAL;
            cmd_history_add(a, line);
            a->msg[0] = '\0';
            cmd_execute(a, line);
            free(line);
            app_dirty_all(a);
        } else {
            prompt_done(a);
        }
        return;
    }
    if (a->mode == MODE_COMMAND && key == UI_KEY_TAB) {
        cmd_complete(a);
        return;
    }
    a->ncompletions = 0;
    if (a->mode == MODE_COMMAND && (key == KEY_UP || key == KEY_DOWN)) {
        prompt_history_move(a, key == KEY_UP ? -1 : 1);
        return;
    }
    if (key == KEY_BACKSPACE && a->line.len == 0) {
        a->mode = MODE_NORMAL;
        app_dirty_all(a);
        return;
    }
    le_key(&a->line, key);
}

static void prompt_line_char(dbg_app *a, const char *utf8, size_t n)
{
    a->ncompletions = 0;
    if (!le_insert(&a->line, utf8, n))
        app_message(a, true, "the line is full");
}

void prompt_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n)
{
    if (is_char && key >= 32 && key != 127)
        prompt_line_char(a, utf8, n);
    else
        prompt_line_key(a, key);
    app_dirty_all(a);
}
