/* input — from a key to what it does. See input.h for the pipeline. */
#include "input.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "help.h"
#include "prompt.h"
#include "screen.h"

int input_read_key(int *key, bool *is_char, char *utf8, size_t *n)
{
    wint_t wc;
    int rc = get_wch(&wc);
    if (rc == ERR)
        return ERR;
    *key = (int)wc;
    *is_char = rc == OK;
    *n = 0;
    if (rc == OK) {
        if (wc < 0x80) {
            utf8[0] = (char)wc;
            *n = 1;
        } else {
            mbstate_t st;
            memset(&st, 0, sizeof st);
            size_t k = wcrtomb(utf8, (wchar_t)wc, &st);
            *n = k == (size_t)-1 ? 0 : k;
        }
    }
    return OK;
}

static void input_quit_now(dbg_app *a)
{
    a->quit = true;
}

/* Asks first when quitting would abandon the execution or breakpoints that are not saved. */
static void input_quit(dbg_app *a)
{
    bool running = session_running(a->sess), unsaved = a->bpf.unsaved[0] != '\0';
    if (!running && !unsaved) {
        a->quit = true;
        return;
    }
    char run[80] = "", t[sizeof a->confirm_text];
    if (running)
        snprintf(run, sizeof run, "The execution is still running (step %ld). ", session_steps(a->sess));
    if (unsaved)
        snprintf(t, sizeof t, "%sThe breakpoints are not saved (%s). Quit anyway? y/n · their file: %s", run,
                 a->bpf.unsaved, a->bpf.file[0] ? a->bpf.file : "none");
    else
        snprintf(t, sizeof t, "%sQuit and abandon it? y/n", run);
    app_confirm(a, t, input_quit_now);
}

static void input_cycle_focus(dbg_app *a, int dir)
{
    int f = (int)a->focus;
    for (int i = 0; i < PANE_COUNT; i++) {
        f = (f + dir + PANE_COUNT) % PANE_COUNT;
        if (a->narrow || a->panes[f].visible)
            break;
    }
    app_focus(a, (pane_id)f);
}

/* w: the watch prompt, with the expression refused last (the cursor where it is wrong). */
static void input_watch_prompt(dbg_app *a)
{
    size_t error_at;
    const char *draft = watches_draft(a, &error_at);
    prompt_open(a, PROMPT_WATCH, draft);
    if (draft)
        le_set_cursor(&a->line, error_at);
}

/* Step 5: the focused pane first, then what the app does with the actions the pane did not take. */
void input_do(dbg_app *a, ui_action act)
{
    pane *p = &a->panes[a->focus];
    if (p->ops->act && p->ops->act(a, p, act))
        return;
    switch (act) {
    case ACT_STEP: app_step(a); break;
    case ACT_STEP_INTO: app_step_into(a); break;
    case ACT_FINISH:
    case ACT_CONTINUE:
        app_start_run(a, act == ACT_FINISH ? RUN_FINISH : RUN_CONTINUE, NULL);
        break;
    case ACT_RUN_UNTIL:
        if (graph_pane_selected(a))
            app_start_run(a, RUN_UNTIL, graph_pane_selected(a));
        break;
    case ACT_STEP_BACK: app_step_back(a, 1); break;
    case ACT_CONTINUE_BACK: app_continue_back(a); break;
    case ACT_RESTART: app_restart(a, NULL); app_message(a, false, "restarted with the same input"); break;
    case ACT_ANSWER: answer_open(a, false); break;
    case ACT_CANCEL_TASK: app_cancel_task(a); break;
    case ACT_BREAK: app_toggle_break(a, graph_pane_selected(a)); break;
    case ACT_BREAK_LIST: app_focus(a, PANE_BREAKS); break;
    case ACT_WATCH: input_watch_prompt(a); break;
    case ACT_EDIT: editor_inline_open(a); break;
    case ACT_EDIT_EXTERNAL: editor_external(a); break;
    case ACT_FOCUS_NEXT: input_cycle_focus(a, 1); break;
    case ACT_FOCUS_PREV: input_cycle_focus(a, -1); break;
    case ACT_FOCUS_1: case ACT_FOCUS_2: case ACT_FOCUS_3: case ACT_FOCUS_4: case ACT_FOCUS_5:
        app_focus(a, (pane_id)(act - ACT_FOCUS_1));
        break;
    case ACT_TAB_PREV:
    case ACT_TAB_NEXT:
        insp_pane_cycle_tab(a, act == ACT_TAB_NEXT ? 1 : -1);
        break;
    case ACT_SEARCH: prompt_open(a, PROMPT_SEARCH, NULL); break;
    case ACT_COMMAND: prompt_open_command(a); break;
    case ACT_MOUSE:
        term_set_mouse(&a->t, !a->t.mouse);
        app_message(a, false, "mouse %s", a->t.mouse ? "on" : "off (the terminal selects text)");
        break;
    case ACT_REDRAW: clearok(curscr, TRUE); app_dirty_all(a); break;
    case ACT_HELP: help_open(a); break;
    case ACT_MESSAGES: messages_open(a); break;
    case ACT_ITERATIONS: iterpick_open(a); break;
    case ACT_QUIT: input_quit(a); break;
    case ACT_LEAVE:
        if (a->subj.event >= 0) {
            app_after_change(a, false);
            app_message(a, false, "back to the present");
        }
        break;
    case ACT_DELETE:
    case ACT_CONDITION:
        app_message(a, true, "select a breakpoint or watch first (4 / 3)");
        break;
    default:
        break;
    }
    app_dirty(a, PANE_EVENTS);
}

static void input_mouse(dbg_app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || a->too_small)
        return;
    int i = screen_pane_at(a, ev.y, ev.x);
    if (i < 0)
        return;
    pane *p = &a->panes[i];
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        if (p->ops->wheel)
            p->ops->wheel(a, p, ev.bstate & BUTTON4_PRESSED ? -3 : 3);
    } else {
        app_focus(a, (pane_id)i);
        if (p->ops->click)
            p->ops->click(a, p, ev.y - p->r.y, ev.x - p->r.x);
    }
    app_dirty(a, (pane_id)i);
}

/* Step 3: the open mode takes the key (true), or normal mode goes on (false). */
static bool input_mode_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n)
{
    switch (a->mode) {
    case MODE_COMMAND:
    case MODE_PROMPT:
        prompt_key(a, key, is_char, utf8, n);
        return true;
    case MODE_EDIT:
        editor_inline_key(a, key, is_char, utf8, n);
        return true;
    case MODE_ANSWER:
        answer_key(a, key, is_char, utf8, n);
        return true;
    case MODE_CONFIRM:
        a->mode = MODE_NORMAL;
        if (is_char && (key == 'y' || key == 'Y') && a->confirm_yes)
            a->confirm_yes(a);
        else
            app_message(a, false, "cancelled");
        app_dirty_all(a);
        return true;
    case MODE_HELP:
        help_key(a, key);
        return true;
    case MODE_MESSAGES:
        messages_key(a, key);
        return true;
    case MODE_PICKER:
        iterpick_key(a, key);
        return true;
    default:
        return false;
    }
}

void input_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n)
{
    /* step 1 */
    if (!is_char && key == KEY_RESIZE) {
        screen_layout(a);
        return;
    }
    if (!is_char && key == KEY_MOUSE) {
        if (a->mode == MODE_NORMAL)
            input_mouse(a);
        return;
    }
    /* step 2 */
    if (a->too_small) {
        if (is_char && key == 'q')
            input_quit(a);
        else if (a->mode == MODE_CONFIRM && is_char && (key == 'y' || key == 'Y'))
            a->quit = true;
        return;
    }
    /* step 3 */
    if (input_mode_key(a, key, is_char, utf8, n))
        return;
    /* step 4 */
    a->msg[0] = '\0';
    if (a->rc.run != RUN_IDLE && (!a->rc.flight || key == UI_KEY_ESC)) {
        /* a running continue: any key interrupts (Esc only, while a task runs) */
        app_interrupt(a);
        return;
    }
    ui_action act = actions_for_key(key);
    if (act != ACT_NONE)
        input_do(a, act);
    app_dirty(a, PANE_EVENTS);
}

void input_signal(dbg_app *a)
{
    int sig = term_peek_signal();
    if (!sig)
        return;
    if (sig == SIGINT && a->rc.run != RUN_IDLE) {
        term_take_signal();
        app_interrupt(a);
        return;
    }
    term_take_signal();
    a->quit = true;
    a->exit_status = sig == SIGINT ? 130 : 128 + sig;
}
