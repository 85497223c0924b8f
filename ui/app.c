/* app — the debugger's main loop, screen layout, status bar, dispatch and run control.
 * See app.h for who owns what. */
#include "app.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jv_text.h"

/* ---- dirty marks and messages ---- */

void app_dirty(dbg_app *a, pane_id p)
{
    a->panes[p].dirty = true;
}

void app_dirty_all(dbg_app *a)
{
    a->all_dirty = true;
}

void app_message(dbg_app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_error = error;
}

int app_inner_h(const pane *p) { return p->r.h - 2 > 0 ? p->r.h - 2 : 0; }
int app_inner_w(const pane *p) { return p->r.w - 2 > 0 ? p->r.w - 2 : 0; }

void app_list_fix(list_state *l, long nrows, int height)
{
    l->nrows = nrows;
    if (height < 1)
        height = 1;
    long cur = l->cursor < 0 ? nrows - 1 : l->cursor;
    if (cur >= nrows)
        cur = nrows - 1;
    if (cur < 0)
        cur = 0;
    if (l->cursor >= 0)
        l->cursor = cur;
    if (cur < l->top)
        l->top = cur;
    if (cur >= l->top + height)
        l->top = cur - height + 1;
    if (l->top > nrows - height)
        l->top = nrows - height;
    if (l->top < 0)
        l->top = 0;
}

/* ---- the split tree ---- */

typedef enum { SPLIT_LEAF, SPLIT_ROWS, SPLIT_COLS } split_kind;

typedef struct split {
    split_kind kind;
    int size;           /* fixed cells (> 0), or percent of the rest when negative */
    int pane;           /* leaf: pane id, -1 status bar, -2 tabs bar */
    struct split *kids[4];
    int nkids;
} split;

static void split_place(dbg_app *a, const split *s, app_rect r)
{
    if (s->kind == SPLIT_LEAF) {
        if (s->pane >= 0) {
            a->panes[s->pane].r = r;
            a->panes[s->pane].visible = true;
        } else if (s->pane == -1) {
            a->status_win = newwin(r.h, r.w, r.y, r.x);
        } else {
            a->tabs_win = newwin(r.h, r.w, r.y, r.x);
        }
        return;
    }
    int total = s->kind == SPLIT_ROWS ? r.h : r.w;
    int fixed = 0, flex = 0;
    for (int i = 0; i < s->nkids; i++) {
        if (s->kids[i]->size > 0)
            fixed += s->kids[i]->size;
        else
            flex++;
    }
    int rest = total - fixed, pos = 0, given = 0;
    for (int i = 0; i < s->nkids; i++) {
        const split *k = s->kids[i];
        int n;
        if (k->size > 0)
            n = k->size;
        else if (--flex == 0)
            n = rest - given;
        else {
            n = rest * -k->size / 100;
            given += n;
        }
        if (n < 0)
            n = 0;
        app_rect kr = r;
        if (s->kind == SPLIT_ROWS) {
            kr.y = r.y + pos;
            kr.h = n;
        } else {
            kr.x = r.x + pos;
            kr.w = n;
        }
        pos += n;
        split_place(a, k, kr);
    }
}

static void app_free_windows(dbg_app *a)
{
    for (int i = 0; i < PANE_COUNT; i++) {
        if (a->panes[i].win)
            delwin(a->panes[i].win);
        a->panes[i].win = NULL;
        a->panes[i].visible = false;
    }
    if (a->status_win)
        delwin(a->status_win);
    if (a->tabs_win)
        delwin(a->tabs_win);
    a->status_win = a->tabs_win = NULL;
}

/* Recomputes the pane rectangles for the terminal size (on start and on every resize). */
static void app_layout(dbg_app *a)
{
    app_free_windows(a);
    getmaxyx(stdscr, a->rows, a->cols);
    a->too_small = a->rows < APP_MIN_ROWS || a->cols < APP_MIN_COLS;
    a->all_dirty = true;
    a->graph.relayout = true;
    if (a->too_small)
        return;
    a->narrow = a->cols < 100 || a->rows < 24;
    split leaf[PANE_COUNT], status = {SPLIT_LEAF, 1, -1, {0}, 0}, tabs = {SPLIT_LEAF, 1, -2, {0}, 0};
    for (int i = 0; i < PANE_COUNT; i++)
        leaf[i] = (split){SPLIT_LEAF, -100, i, {0}, 0};
    split root = {SPLIT_ROWS, 0, 0, {0}, 0};
    split main_row = {SPLIT_COLS, -100, 0, {0}, 0}, right = {SPLIT_ROWS, -55, 0, {0}, 0};
    split lists = {SPLIT_COLS, 0, 0, {0}, 0};
    if (a->narrow) {
        leaf[a->focus].size = -100;
        root.kids[root.nkids++] = &tabs;
        root.kids[root.nkids++] = &leaf[a->focus];
        root.kids[root.nkids++] = &status;
    } else {
        int events_h = a->rows / 6 < 5 ? 5 : a->rows / 6;
        int lists_h = a->rows / 5 < 5 ? 5 : a->rows / 5;
        leaf[PANE_GRAPH].size = -45;
        leaf[PANE_EVENTS].size = events_h;
        leaf[PANE_WATCHES].size = -50;
        lists.size = lists_h;
        lists.kids[lists.nkids++] = &leaf[PANE_WATCHES];
        lists.kids[lists.nkids++] = &leaf[PANE_BREAKS];
        right.kids[right.nkids++] = &leaf[PANE_INSPECTOR];
        right.kids[right.nkids++] = &lists;
        main_row.kids[main_row.nkids++] = &leaf[PANE_GRAPH];
        main_row.kids[main_row.nkids++] = &right;
        root.kids[root.nkids++] = &main_row;
        root.kids[root.nkids++] = &leaf[PANE_EVENTS];
        root.kids[root.nkids++] = &status;
    }
    split_place(a, &root, (app_rect){0, 0, a->rows, a->cols});
    for (int i = 0; i < PANE_COUNT; i++) {
        pane *p = &a->panes[i];
        if (p->visible && p->r.h > 0 && p->r.w > 0)
            p->win = newwin(p->r.h, p->r.w, p->r.y, p->r.x);
        else
            p->visible = false;
    }
}

void app_focus(dbg_app *a, pane_id p)
{
    if (a->focus == p)
        return;
    a->focus = p;
    if (a->narrow)
        app_layout(a);
    app_dirty_all(a);
}

/* ---- the inspector's subject ---- */

long app_last_visit(dbg_app *a, const asl_state *s)
{
    const sfn_exec *ex = session_exec(a->sess);
    for (size_t i = exec_visit_count(ex); i-- > 0;)
        if (exec_visit_at(ex, i)->state == s)
            return (long)i;
    return -1;
}

long app_in_flight_visit(dbg_app *a)
{
    return runctl_started_visit(a->sess);
}

jv *app_subject_context(dbg_app *a)
{
    if (a->subj.kind == SUBJ_VISIT && a->subj.visit >= 0)
        return exec_visit_context(session_exec(a->sess), (size_t)a->subj.visit);
    return session_context(a->sess, NULL);
}

void app_set_subject_state(dbg_app *a, const asl_state *s)
{
    const sfn_exec *ex = session_exec(a->sess);
    a->subj.event = -1;
    a->subj.state = s;
    long fl = app_in_flight_visit(a);
    if (s && s == exec_current_state(ex) && fl >= 0) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = fl;
    } else if (s && s == exec_current_state(ex)) {
        a->subj.kind = SUBJ_PENDING;
    } else if (s && (a->subj.visit = app_last_visit(a, s)) >= 0) {
        a->subj.kind = SUBJ_VISIT;
    } else {
        a->subj.kind = SUBJ_STATE;
    }
    a->subj.stale = true;
    app_dirty(a, PANE_INSPECTOR);
    app_dirty(a, PANE_WATCHES);
}

/* The visit an event belongs to: the last visit of its state entered at or before it. */
static long app_visit_of_event(dbg_app *a, const exec_event *e)
{
    const sfn_exec *ex = session_exec(a->sess);
    if (!e->state)
        return -1;
    for (size_t i = exec_visit_count(ex); i-- > 0;) {
        const exec_visit *v = exec_visit_at(ex, i);
        if (v->state == e->state && v->entered_event_id <= e->id)
            return (long)i;
    }
    return -1;
}

void app_set_subject_event(dbg_app *a, long event_index)
{
    const sfn_exec *ex = session_exec(a->sess);
    const exec_event *e = exec_event_at(ex, (size_t)event_index);
    if (!e)
        return;
    a->subj.event = event_index;
    a->subj.state = e->state;
    a->subj.visit = app_visit_of_event(a, e);
    a->subj.kind = a->subj.visit >= 0 ? SUBJ_VISIT : e->state ? SUBJ_STATE : SUBJ_ENDED;
    a->subj.stale = true;
    app_dirty(a, PANE_INSPECTOR);
    app_dirty(a, PANE_WATCHES);
    app_dirty(a, PANE_GRAPH);
}

const jv *app_subject_input(dbg_app *a)
{
    const sfn_exec *ex = session_exec(a->sess);
    if (a->subj.kind == SUBJ_VISIT && a->subj.visit >= 0)
        return exec_visit_at(ex, (size_t)a->subj.visit)->stage[EXEC_STAGE_INPUT];
    if (a->subj.kind == SUBJ_ENDED)
        return exec_output(ex);
    return exec_current_input(ex);
}

/* After the execution moved (step, rewind, restart, edit): the view follows. */
void app_after_change(dbg_app *a, bool stepped)
{
    const sfn_exec *ex = session_exec(a->sess);
    const asl_state *cur = exec_current_state(ex);
    size_t nv = exec_visit_count(ex);
    long fl = app_in_flight_visit(a);
    a->subj.event = -1;
    if (fl >= 0 && !stepped) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = fl;
        a->subj.state = cur;
    } else if (stepped && nv > 0) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = (long)nv - 1;
        a->subj.state = exec_visit_at(ex, nv - 1)->state;
        a->insp.tab = a->insp.default_tab;
    } else if (cur) {
        a->subj.kind = SUBJ_PENDING;
        a->subj.state = cur;
    } else if (nv > 0) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = (long)nv - 1;
        a->subj.state = exec_visit_at(ex, nv - 1)->state;
    } else {
        a->subj.kind = SUBJ_ENDED;
        a->subj.state = NULL;
    }
    a->subj.stale = true;
    a->events.cursor = -1;
    graph_follow(a, cur ? cur : a->subj.state);
    app_dirty_all(a);
}

/* ---- breakpoints ---- */

/* Why the breakpoints cannot be saved now, or NULL once they are. */
static const char *app_save_failure(dbg_app *a)
{
    if (!a->persist)
        return "no config folder: set XDG_CONFIG_HOME or HOME";
    if (a->bp_keep_file)
        return "the file could not be read and is not written over";
    if (!a->cfg.write_file)
        return "no file writer (an embedding without one)";
    int rc = bp_save(&a->bps, a->bp_file, a->cfg.workflow_path, a->cfg.write_file);
    return rc ? strerror(rc) : NULL;
}

/* A failure stays flagged (breakpoints pane, quit prompt) until a save succeeds. */
void app_save_breakpoints(dbg_app *a)
{
    if (a->cfg.no_persist)
        return;
    const char *why = app_save_failure(a);
    snprintf(a->bp_unsaved, sizeof a->bp_unsaved, "%s", why ? why : "");
    if (why)
        app_message(a, true, "breakpoints not saved to %s: %s",
                    a->bp_file[0] ? a->bp_file : "any file", why);
    app_dirty(a, PANE_BREAKS);
}

void app_toggle_break(dbg_app *a, const asl_state *s)
{
    if (!s)
        return;
    breakpoint *bp = bp_find_state(&a->bps, s->name);
    if (bp) {
        app_message(a, false, "breakpoint %d on %s deleted", bp->id, s->name);
        bp_remove(&a->bps, bp->id);
    } else {
        char err[256];
        int id = bp_add(&a->bps, BP_STATE, s->name, NULL, err, sizeof err);
        if (id < 0)
            app_message(a, true, "%s", err);
        else
            app_message(a, false, "breakpoint %d on %s", id, s->name);
    }
    app_save_breakpoints(a);
    app_dirty(a, PANE_GRAPH);
    app_dirty(a, PANE_BREAKS);
}

const asl_state *app_find_state(dbg_app *a, const char *name)
{
    return asl_definition_find_state(a->cfg.def, name);
}

/* ---- running (ui/runctl.c decides; this renders what it reports) ---- */

static void app_run_report(dbg_app *a)
{
    runctl_report *r = &a->rc.report;
    if (r->msg[0])
        app_message(a, r->msg_error, "%s", r->msg);
    else if (r->clear_msg)
        a->msg[0] = '\0';
    if (r->changed)
        app_after_change(a, r->stepped);
    if (r->input_tab)
        a->insp.tab = TAB_INPUT;
    if (r->progress) {
        app_dirty(a, PANE_EVENTS);
        app_dirty(a, PANE_GRAPH);
    }
    if (r->open_result && a->mode == MODE_NORMAL)
        answer_open(a, true);
    memset(r, 0, sizeof *r);
}

static void app_run_tick(dbg_app *a)
{
    runctl_tick(&a->rc);
    app_run_report(a);
}

bool app_start_run(dbg_app *a, run_mode mode, const asl_state *until)
{
    bool started = runctl_start(&a->rc, mode, until);
    app_run_report(a);
    if (started)
        app_dirty_all(a);
    return started;
}

void app_step(dbg_app *a)
{
    runctl_step(&a->rc);
    app_run_report(a);
}

void app_apply_answer(dbg_app *a, const char *what)
{
    runctl_apply_answer(&a->rc, what);
    app_run_report(a);
}

void app_step_back(dbg_app *a, long n)
{
    runctl_step_back(&a->rc, n);
    app_run_report(a);
}

void app_continue_back(dbg_app *a)
{
    runctl_continue_back(&a->rc);
    app_run_report(a);
}

void app_restart(dbg_app *a, const jv *input)
{
    runctl_restart(&a->rc, input);
    app_run_report(a);
}

static void app_interrupt(dbg_app *a)
{
    if (runctl_interrupt(&a->rc))
        app_run_report(a);
}

static void app_cancel_task(dbg_app *a)
{
    runctl_cancel_task(&a->rc);
    app_run_report(a);
}

bool app_edit_apply(dbg_app *a, const char *text, char *err, size_t errn, size_t *err_off)
{
    if (!session_running(a->sess)) {
        snprintf(err, errn, "the execution has ended: nothing is about to run");
        return false;
    }
    if (app_in_flight_visit(a) >= 0) {
        snprintf(err, errn, "%s has started: its input can no longer change",
                 exec_current_state(session_exec(a->sess))->name);
        return false;
    }
    jv_parse_error pe;
    size_t limit = session_options(a->sess)->max_payload;
    jv *v = jv_parse(text, strlen(text), limit, &pe);
    if (!v) {
        snprintf(err, errn, "%d:%d: %s", pe.line, pe.column, pe.message);
        if (err_off)
            *err_off = pe.offset;
        return false;
    }
    session_edit(a->sess, v);
    jv_unref(v);
    app_after_change(a, false);
    a->insp.tab = TAB_INPUT;
    return true;
}

/* ---- confirm ---- */

void app_confirm(dbg_app *a, const char *text, void (*yes)(dbg_app *a))
{
    snprintf(a->confirm_text, sizeof a->confirm_text, "%s", text);
    a->confirm_yes = yes;
    a->mode = MODE_CONFIRM;
    app_dirty_all(a);
}

static void app_quit_now(dbg_app *a)
{
    a->quit = true;
}

/* ---- status bar ---- */

static void app_status_mode(dbg_app *a, char *buf, size_t n, term_attr *attr)
{
    const sfn_exec *ex = session_exec(a->sess);
    exec_status st = exec_status_of(ex);
    const asl_state *cur = exec_current_state(ex);
    *attr = TA_STATUS_MODE;
    if (a->rc.flight) {
        snprintf(buf, n, " RUNNING %s %ld s ", cur ? cur->name : "", runctl_flight_seconds(&a->rc));
    } else if (a->rc.run != RUN_IDLE && a->rc.wait_until_ms) {
        snprintf(buf, n, " WAITING %s ", a->rc.stop_reason);
    } else if (a->rc.run != RUN_IDLE) {
        snprintf(buf, n, " RUNNING ");
    } else if (st == EXEC_RUNNING && exec_pending(ex) && exec_pending(ex)->needs_result) {
        snprintf(buf, n, " WAITING FOR RESULT ");
    } else if (st == EXEC_RUNNING && exec_pending(ex)) {
        snprintf(buf, n, " WAITING FOR TOKEN ");
    } else if (st == EXEC_RUNNING) {
        snprintf(buf, n, " PAUSED ");
    } else {
        snprintf(buf, n, " %s ", exec_status_name(st));
        *attr = st == EXEC_SUCCEEDED ? TA_STATUS_GOOD : TA_STATUS_BAD;
    }
    (void)cur;
}

static void app_status_detail(dbg_app *a, char *buf, size_t n)
{
    const sfn_exec *ex = session_exec(a->sess);
    const asl_state *cur = exec_current_state(ex);
    long steps = session_steps(a->sess);
    exec_status st = exec_status_of(ex);
    if (st == EXEC_RUNNING && cur)
        snprintf(buf, n, " at %s%s%s%s · step %ld", cur->name, a->rc.stop_reason[0] ? " (" : "",
                 a->rc.stop_reason, a->rc.stop_reason[0] ? ")" : "", steps);
    else if (st == EXEC_SUCCEEDED)
        snprintf(buf, n, " · step %ld%s%s%s", steps, a->rc.stop_reason[0] ? " (" : "",
                 a->rc.stop_reason, a->rc.stop_reason[0] ? ")" : "");
    else
        snprintf(buf, n, " %s%s%s · step %ld%s%s%s", exec_error(ex) ? exec_error(ex) : "",
                 exec_cause(ex) ? ": " : "", exec_cause(ex) ? exec_cause(ex) : "", steps,
                 a->rc.stop_reason[0] ? " (" : "", a->rc.stop_reason, a->rc.stop_reason[0] ? ")" : "");
}

static void app_draw_hints(dbg_app *a, WINDOW *w, int x, int width)
{
    static const ui_action hints[] = {ACT_STEP, ACT_CONTINUE, ACT_STEP_BACK, ACT_BREAK, ACT_EDIT,
                                      ACT_HELP, ACT_QUIT};
    static const ui_action waiting_hints[] = {ACT_ANSWER, ACT_STEP_BACK, ACT_BREAK, ACT_HELP,
                                              ACT_QUIT};
    const exec_pending_task *p = exec_pending(session_exec(a->sess));
    bool waiting = p && !p->answered && a->rc.run == RUN_IDLE;
    const ui_action *list = waiting ? waiting_hints : hints;
    size_t count = waiting ? sizeof waiting_hints / sizeof waiting_hints[0]
                           : sizeof hints / sizeof hints[0];
    char text[256] = "";
    for (size_t i = 0; i < count; i++) {
        const ui_action_info *in = actions_info(list[i]);
        char key[16];
        actions_key_label(in->keys[0], key, sizeof key);
        size_t l = strlen(text);
        snprintf(text + l, sizeof text - l, "%s %s  ", key, in->hint);
    }
    int tw = layout_text_width(text);
    if (tw <= width)
        term_text(&a->t, w, 0, x + width - tw, text, tw, a->t.attr[TA_STATUS]);
}

/* Cells of the UTF-8 text in [from, to), counting no further than limit cells. */
static int app_span_width(const char *buf, size_t from, size_t to, int limit)
{
    int w = 0;
    while (from < to && w <= limit) {
        size_t next = from + 1;
        while (next < to && ((unsigned char)buf[next] & 0xC0) == 0x80)
            next++;
        char one[8];
        size_t k = next - from < sizeof one - 1 ? next - from : sizeof one - 1;
        memcpy(one, buf + from, k);
        one[k] = '\0';
        w += layout_text_width(one);
        from = next;
    }
    return w;
}

/* Keeps the cursor in view: the first byte shown, found in O(room) whatever the length. */
static void app_field_scroll(lineedit *le, int room)
{
    if (le->cur < le->scroll)
        le->scroll = le->cur;
    if (app_span_width(le->buf, le->scroll, le->cur, room) < room)
        return;
    size_t start = le->cur;
    int w = 0;
    while (start > 0) {
        size_t prev = start - 1;
        while (prev > 0 && ((unsigned char)le->buf[prev] & 0xC0) == 0x80)
            prev--;
        int cw = app_span_width(le->buf, prev, start, room);
        if (w + cw >= room)
            break;
        w += cw;
        start = prev;
    }
    le->scroll = start;
}

void app_draw_field(dbg_app *a, WINDOW *w, int y, int x, int room, lineedit *le)
{
    if (room < 1)
        return;
    app_field_scroll(le, room);
    term_text(&a->t, w, y, x, le->buf + le->scroll, room, A_NORMAL);
    int cx = x + app_span_width(le->buf, le->scroll, le->cur, room);
    /* the cursor as a reverse cell (the real cursor stays hidden: no flicker) */
    chtype under = mvwinch(w, y, cx);
    mvwaddch(w, y, cx, ((under & A_CHARTEXT) ? under : ' ') | A_REVERSE);
}

static void app_draw_line_input(dbg_app *a, WINDOW *w, const char *prefix, lineedit *le)
{
    int width = getmaxx(w);
    term_fill(w, 0, 0, width, A_NORMAL);
    int px = term_text(&a->t, w, 0, 0, prefix, width, a->t.attr[TA_MESSAGE]);
    app_draw_field(a, w, 0, px, width - px - 1, le);
}

static void app_draw_status(dbg_app *a)
{
    WINDOW *w = a->status_win;
    if (!w)
        return;
    werase(w);
    int width = getmaxx(w);
    if (a->mode == MODE_COMMAND) {
        app_draw_line_input(a, w, ":", &a->line);
    } else if (a->mode == MODE_PROMPT) {
        const char *p = a->prompt == PROMPT_SEARCH ? "/" : a->prompt == PROMPT_WATCH ? "watch: "
                                                                                    : "condition: ";
        app_draw_line_input(a, w, p, &a->line);
    } else if (a->mode == MODE_CONFIRM) {
        term_fill(w, 0, 0, width, a->t.attr[TA_STATUS_BAD]);
        term_text(&a->t, w, 0, 1, a->confirm_text, width - 2, a->t.attr[TA_STATUS_BAD]);
    } else {
        term_fill(w, 0, 0, width, a->t.attr[TA_STATUS]);
        char mode[400], detail[800];
        term_attr ma;
        app_status_mode(a, mode, sizeof mode, &ma);
        int x = term_text(&a->t, w, 0, 0, mode, width, a->t.attr[ma]);
        app_status_detail(a, detail, sizeof detail);
        int used = term_text(&a->t, w, 0, x, detail, width - x, a->t.attr[TA_STATUS]);
        if (a->msg[0]) {
            int mx = x + used + 2;
            if (mx < width - 1) {
                term_text(&a->t, w, 0, mx, "│ ", width - mx, a->t.attr[TA_STATUS]);
                term_text(&a->t, w, 0, mx + 2, a->msg, width - mx - 2,
                          a->msg_error ? a->t.attr[TA_STATUS_BAD] : a->t.attr[TA_STATUS]);
            }
        } else {
            app_draw_hints(a, w, x + used + 2, width - x - used - 2);
        }
    }
    wnoutrefresh(w);
}

static void app_draw_tabs(dbg_app *a)
{
    WINDOW *w = a->tabs_win;
    if (!w)
        return;
    werase(w);
    static const char *const names[] = {"1 Graph", "2 State", "3 Watches", "4 Breaks", "5 Events"};
    int x = 0, width = getmaxx(w);
    for (int i = 0; i < PANE_COUNT && x < width; i++) {
        bool on = a->focus == (pane_id)i;
        char t[32];
        snprintf(t, sizeof t, on ? "[%s]" : " %s ", names[i]);
        x += term_text(&a->t, w, 0, x, t, width - x, on ? a->t.attr[TA_TITLE_FOCUS] : A_NORMAL);
        x++;
    }
    wnoutrefresh(w);
}

static void app_draw_too_small(dbg_app *a)
{
    erase();
    const char *l1 = "terminal too small";
    char l2[80];
    snprintf(l2, sizeof l2, "%dx%d, needs %dx%d", a->cols, a->rows, APP_MIN_COLS, APP_MIN_ROWS);
    int y = a->rows / 2 - 1;
    if (y < 0)
        y = 0;
    int x1 = (a->cols - (int)strlen(l1)) / 2, x2 = (a->cols - (int)strlen(l2)) / 2;
    term_text(&a->t, stdscr, y, x1 < 0 ? 0 : x1, l1, a->cols, A_BOLD);
    if (y + 1 < a->rows)
        term_text(&a->t, stdscr, y + 1, x2 < 0 ? 0 : x2, l2, a->cols, A_NORMAL);
    if (y + 2 < a->rows)
        term_text(&a->t, stdscr, y + 2, 0, "q quits", a->cols, A_DIM);
    wnoutrefresh(stdscr);
}

/* ---- help overlay ---- */

static int app_help_lines(char lines[][200], int max)
{
    int n = 0;
    const char *groups[] = {UI_GROUP_RUN, UI_GROUP_BREAK, UI_GROUP_MOVE, UI_GROUP_APP};
    for (int g = 0; g < 4 && n < max; g++) {
        snprintf(lines[n++], 200, "%s", groups[g]);
        for (size_t i = 0; i < actions_count() && n < max; i++) {
            const ui_action_info *in = actions_at(i);
            if (strcmp(in->group, groups[g]))
                continue;
            char keys[64];
            actions_keys_text(in, keys, sizeof keys);
            snprintf(lines[n++], 200, "  %-16s %s", keys, in->help);
        }
        if (n < max)
            lines[n++][0] = '\0';
    }
    if (n < max)
        snprintf(lines[n++], 200, "Commands: :break STATE [if EXPR] · :break error · :break retry · "
                 ":delete N · :watch EXPR · :goto STATE · :input JSON");
    if (n < max)
        snprintf(lines[n++], 200, "  :send-success JSON · :send-failure ERROR [CAUSE] · :heartbeat · "
                 ":time-out · :run [FILE] · :history FILE · :q");
    if (n < max)
        snprintf(lines[n++], 200, "Answering a task (x)");
    size_t nk;
    const ui_answer_key *k = actions_answer_keys(&nk);
    for (size_t i = 0; i < nk && n < max; i++)
        snprintf(lines[n++], 200, "  %-16s %s", k[i].label, k[i].help);
    if (n < max)
        lines[n++][0] = '\0';
    if (n < max)
        snprintf(lines[n++], 200, "Marks: ▶ current · ✓ visited · ✗ failed · ↯ caught · "
                 "⏸ waiting · ↻n retrying · ● breakpoint · ○ disabled");
    return n;
}

static void app_draw_help(dbg_app *a)
{
    static char lines[120][200];
    int n = app_help_lines(lines, 120);
    int h = a->rows - 2, w = a->cols - 4 > 100 ? 100 : a->cols - 4;
    if (h < 5 || w < 20)
        return;
    WINDOW *win = newwin(h, w, 1, (a->cols - w) / 2);
    werase(win);
    term_frame(&a->t, win, " Help · j/k scroll · any other key closes ", true);
    int body = h - 2;
    if (a->help_top > n - body)
        a->help_top = n - body;
    if (a->help_top < 0)
        a->help_top = 0;
    for (int i = 0; i < body && a->help_top + i < n; i++) {
        const char *l = lines[a->help_top + i];
        bool heading = l[0] && l[0] != ' ';
        term_text(&a->t, win, 1 + i, 2, l, w - 4, heading ? A_BOLD | A_UNDERLINE : A_NORMAL);
    }
    wnoutrefresh(win);
    delwin(win);
}

/* ---- painting ---- */

static void app_paint(dbg_app *a)
{
    if (a->too_small) {
        if (a->all_dirty)
            app_draw_too_small(a);
        a->all_dirty = false;
        doupdate();
        return;
    }
    bool any = a->all_dirty;
    if (a->all_dirty) {
        werase(stdscr);
        wnoutrefresh(stdscr);
    }
    for (int i = 0; i < PANE_COUNT; i++) {
        pane *p = &a->panes[i];
        if (!p->visible || !p->win || (!p->dirty && !a->all_dirty))
            continue;
        werase(p->win);
        p->ops->draw(a, p);
        wnoutrefresh(p->win);
        p->dirty = false;
        any = true;
    }
    app_draw_tabs(a);
    app_draw_status(a);
    if (a->mode == MODE_EDIT)
        editor_inline_draw(a);
    if (a->mode == MODE_ANSWER)
        answer_draw(a);
    if (a->mode == MODE_HELP)
        app_draw_help(a);
    a->all_dirty = false;
    (void)any;
    doupdate();
}

/* ---- input ---- */

static void app_cycle_focus(dbg_app *a, int dir)
{
    int f = (int)a->focus;
    for (int i = 0; i < PANE_COUNT; i++) {
        f = (f + dir + PANE_COUNT) % PANE_COUNT;
        if (a->narrow || a->panes[f].visible)
            break;
    }
    app_focus(a, (pane_id)f);
}

static void app_open_prompt(dbg_app *a, prompt_kind k, const char *initial)
{
    a->mode = MODE_PROMPT;
    a->prompt = k;
    le_set(&a->line, initial ? initial : "");
    app_dirty_all(a);
}

/* Asks first when quitting would abandon the execution or breakpoints that are not saved. */
static void app_quit(dbg_app *a)
{
    bool running = session_running(a->sess), unsaved = a->bp_unsaved[0] != '\0';
    if (!running && !unsaved) {
        a->quit = true;
        return;
    }
    char run[80] = "", t[sizeof a->confirm_text];
    if (running)
        snprintf(run, sizeof run, "The execution is still running (step %ld). ", session_steps(a->sess));
    if (unsaved)
        snprintf(t, sizeof t, "%sThe breakpoints are not saved (%s). Quit anyway? y/n · their file: %s", run,
                 a->bp_unsaved, a->bp_file[0] ? a->bp_file : "none");
    else
        snprintf(t, sizeof t, "%sQuit and abandon it? y/n", run);
    app_confirm(a, t, app_quit_now);
}

/* Actions the focused pane did not take. */
void app_do(dbg_app *a, ui_action act)
{
    pane *p = &a->panes[a->focus];
    if (p->ops->act && p->ops->act(a, p, act))
        return;
    switch (act) {
    case ACT_STEP:
    case ACT_STEP_INTO:
        if (act == ACT_STEP_INTO)
            app_message(a, false, "no branch or iteration to step into here: stepped over");
        app_step(a);
        break;
    case ACT_FINISH:
    case ACT_CONTINUE:
        app_start_run(a, act == ACT_FINISH ? RUN_FINISH : RUN_CONTINUE, NULL);
        break;
    case ACT_RUN_UNTIL:
        if (a->graph.sel)
            app_start_run(a, RUN_UNTIL, a->graph.sel);
        break;
    case ACT_STEP_BACK: app_step_back(a, 1); break;
    case ACT_CANCEL_TASK: app_cancel_task(a); break;
    case ACT_CONTINUE_BACK: app_continue_back(a); break;
    case ACT_RESTART: app_restart(a, NULL); app_message(a, false, "restarted with the same input"); break;
    case ACT_ANSWER: answer_open(a, false); break;
    case ACT_BREAK: app_toggle_break(a, a->graph.sel); break;
    case ACT_BREAK_LIST: app_focus(a, PANE_BREAKS); break;
    case ACT_WATCH: app_open_prompt(a, PROMPT_WATCH, NULL); break;
    case ACT_EDIT: editor_inline_open(a); break;
    case ACT_EDIT_EXTERNAL: editor_external(a); break;
    case ACT_FOCUS_NEXT: app_cycle_focus(a, 1); break;
    case ACT_FOCUS_PREV: app_cycle_focus(a, -1); break;
    case ACT_FOCUS_1: case ACT_FOCUS_2: case ACT_FOCUS_3: case ACT_FOCUS_4: case ACT_FOCUS_5:
        app_focus(a, (pane_id)(act - ACT_FOCUS_1));
        break;
    case ACT_TAB_PREV:
    case ACT_TAB_NEXT:
        a->insp.tab = (insp_tab)((a->insp.tab + (act == ACT_TAB_NEXT ? 1 : TAB_COUNT - 1)) % TAB_COUNT);
        app_dirty(a, PANE_INSPECTOR);
        break;
    case ACT_SEARCH: app_open_prompt(a, PROMPT_SEARCH, NULL); break;
    case ACT_COMMAND:
        a->mode = MODE_COMMAND;
        le_clear(&a->line);
        a->hist_pos = a->nhistory;
        app_dirty_all(a);
        break;
    case ACT_MOUSE:
        term_set_mouse(&a->t, !a->t.mouse);
        app_message(a, false, "mouse %s", a->t.mouse ? "on" : "off (the terminal selects text)");
        break;
    case ACT_REDRAW: clearok(curscr, TRUE); app_dirty_all(a); break;
    case ACT_HELP: a->mode = MODE_HELP; a->help_top = 0; app_dirty_all(a); break;
    case ACT_QUIT: app_quit(a); break;
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

static void app_prompt_done(dbg_app *a)
{
    const char *text = le_text(&a->line);
    if (a->prompt == PROMPT_WATCH) {
        if (*text) {
            if (bp_watch_add(&a->bps, text)) {
                app_save_breakpoints(a);
                app_message(a, false, "watching %s", text);
            } else {
                app_message(a, true, "cannot add the watch (at most %d)", BP_MAX_WATCHES);
            }
        }
    } else if (a->prompt == PROMPT_CONDITION) {
        breakpoint *bp = a->breaks.cursor >= 0 && a->breaks.cursor < (long)a->bps.n
                             ? &a->bps.items[a->breaks.cursor] : NULL;
        char err[256];
        if (bp && bp_set_cond(bp, text, err, sizeof err)) {
            app_save_breakpoints(a);
            app_message(a, false, "breakpoint %d: %s", bp->id, *text ? text : "no condition");
        } else if (bp) {
            app_message(a, true, "%s", err);
        }
    } else {
        pane *p = &a->panes[a->focus];
        if (a->focus == PANE_GRAPH) {
            snprintf(a->graph.search, sizeof a->graph.search, "%s", text);
        } else {
            snprintf(a->insp.search, sizeof a->insp.search, "%s", text);
        }
        a->mode = MODE_NORMAL;
        if (*text && p->ops->act)
            p->ops->act(a, p, ACT_SEARCH_NEXT);
    }
    a->mode = MODE_NORMAL;
    app_dirty_all(a);
}

static void app_history_move(dbg_app *a, int dir)
{
    int pos = a->hist_pos + dir;
    if (pos < 0 || pos > a->nhistory)
        return;
    a->hist_pos = pos;
    le_set(&a->line, pos == a->nhistory ? "" : a->history[pos]);
}

static void app_line_key(dbg_app *a, int key)
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
            app_prompt_done(a);
        }
        return;
    }
    if (a->mode == MODE_COMMAND && key == UI_KEY_TAB) {
        cmd_complete(a);
        return;
    }
    a->ncompletions = 0;
    if (a->mode == MODE_COMMAND && (key == KEY_UP || key == KEY_DOWN)) {
        app_history_move(a, key == KEY_UP ? -1 : 1);
        return;
    }
    if (key == KEY_BACKSPACE && a->line.len == 0) {
        a->mode = MODE_NORMAL;
        app_dirty_all(a);
        return;
    }
    le_key(&a->line, key);
}

static void app_line_char(dbg_app *a, const char *utf8, size_t n)
{
    a->ncompletions = 0;
    if (!le_insert(&a->line, utf8, n))
        app_message(a, true, "the line is full");
}

static void app_mouse(dbg_app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || a->too_small)
        return;
    for (int i = 0; i < PANE_COUNT; i++) {
        pane *p = &a->panes[i];
        if (!p->visible || ev.y < p->r.y || ev.y >= p->r.y + p->r.h || ev.x < p->r.x ||
            ev.x >= p->r.x + p->r.w)
            continue;
        if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
            if (p->ops->wheel)
                p->ops->wheel(a, p, ev.bstate & BUTTON4_PRESSED ? -3 : 3);
        } else {
            app_focus(a, (pane_id)i);
            if (p->ops->click)
                p->ops->click(a, p, ev.y - p->r.y, ev.x - p->r.x);
        }
        app_dirty(a, (pane_id)i);
        return;
    }
}

static void app_key(dbg_app *a, int key, bool is_char, const char *utf8, size_t n)
{
    if (!is_char && key == KEY_RESIZE) {
        app_layout(a);
        return;
    }
    if (!is_char && key == KEY_MOUSE) {
        if (a->mode == MODE_NORMAL)
            app_mouse(a);
        return;
    }
    if (a->too_small) {
        if (is_char && key == 'q')
            app_quit(a);
        else if (a->mode == MODE_CONFIRM && is_char && (key == 'y' || key == 'Y'))
            a->quit = true;
        return;
    }
    switch (a->mode) {
    case MODE_COMMAND:
    case MODE_PROMPT:
        if (is_char && key >= 32 && key != 127)
            app_line_char(a, utf8, n);
        else
            app_line_key(a, key);
        app_dirty_all(a);
        return;
    case MODE_EDIT:
        editor_inline_key(a, is_char && key >= 32 && key != 127 ? -1 : key);
        if (is_char && key >= 32 && key != 127)
            le_insert(&a->edit, utf8, n);
        app_dirty_all(a);
        return;
    case MODE_ANSWER:
        answer_key(a, key, is_char, utf8, n);
        return;
    case MODE_CONFIRM:
        a->mode = MODE_NORMAL;
        if (is_char && (key == 'y' || key == 'Y') && a->confirm_yes)
            a->confirm_yes(a);
        else
            app_message(a, false, "cancelled");
        app_dirty_all(a);
        return;
    case MODE_HELP:
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
        return;
    default:
        break;
    }
    a->msg[0] = '\0';
    if (a->rc.run != RUN_IDLE && (!a->rc.flight || key == UI_KEY_ESC)) {
        /* a running continue: any key interrupts (Esc only, while a task runs) */
        app_interrupt(a);
        return;
    }
    ui_action act = actions_for_key(key);
    if (act != ACT_NONE)
        app_do(a, act);
    app_dirty(a, PANE_EVENTS);
}

/* Reads one key as a wide character; fills utf8 for text keys. Returns ERR on timeout. */
static int app_read_key(int *key, bool *is_char, char *utf8, size_t *n)
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

static void app_handle_signal(dbg_app *a)
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

/* ---- lifetime ---- */

/* A file that is not a breakpoint file is moved aside, not saved over: what it held stays.
 * One that cannot be read, or moved, is left where it is and never written. */
static void app_read_breakpoint_file(dbg_app *a)
{
    char err[APP_MSG_MAX] = "", aside[sizeof a->bp_file + 32];
    int rc = bp_load(&a->bps, a->bp_file, err, sizeof err);
    if (!rc)
        return;
    if (rc == EINVAL || rc == EFBIG) {
        int moved = bp_set_aside(a->bp_file, aside, sizeof aside);
        if (!moved) {
            app_message(a, true, "breakpoints not loaded (%s); their file is kept as %s", err, aside);
            return;
        }
        snprintf(err + strlen(err), sizeof err - strlen(err), "; it cannot be moved aside: %s",
                 strerror(moved));
    }
    a->bp_keep_file = true;
    app_message(a, true, "breakpoints not loaded (%s); their file is not saved over: %s", err, a->bp_file);
}

static void app_load_breakpoints(dbg_app *a)
{
    a->persist = !a->cfg.no_persist && bp_file_for(a->cfg.workflow_path, a->bp_file, sizeof a->bp_file);
    if (a->persist)
        app_read_breakpoint_file(a);
    for (size_t i = 0; i < a->cfg.nbreaks; i++)
        if (!bp_find_state(&a->bps, a->cfg.breaks[i])) {
            char err[128];
            bp_add(&a->bps, BP_STATE, a->cfg.breaks[i], NULL, err, sizeof err);
        }
}

dbg_app *debugger_open(const debugger_config *cfg)
{
    dbg_app *a = jv_xcalloc(1, sizeof *a);
    a->cfg = *cfg;
    term_options to = {cfg->monochrome, cfg->no_mouse, cfg->term_out, cfg->term_in};
    if (!term_init(&a->t, &to)) {
        free(a);
        return NULL;
    }
    for (int i = 0; i < PANE_COUNT; i++)
        a->panes[i].id = (pane_id)i;
    a->panes[PANE_GRAPH].ops = &pane_graph_ops;
    a->panes[PANE_INSPECTOR].ops = &pane_inspector_ops;
    a->panes[PANE_WATCHES].ops = &pane_watches_ops;
    a->panes[PANE_BREAKS].ops = &pane_breaks_ops;
    a->panes[PANE_EVENTS].ops = &pane_events_ops;
    a->focus = PANE_GRAPH;
    bp_init(&a->bps);
    le_init(&a->line, APP_CMD_MAX);
    le_init(&a->edit, APP_EDIT_MAX);
    answer_init(&a->answer);
    a->events.cursor = -1;
    a->sess = session_new(cfg->def, cfg->input, &cfg->eo);
    app_load_breakpoints(a);
    graph_init(a);
    insp_init(a);
    app_layout(a);
    runctl_init(&a->rc, a->sess, &a->bps, cfg->real_time);
    app_after_change(a, false);
    return a;
}

static void app_write_history(dbg_app *a)
{
    if (!a->cfg.history_file || !a->cfg.write_file)
        return;
    jv *h = exec_history_json(session_exec(a->sess));
    char *text = jv_dump_string(h, JV_DUMP_PRETTY);
    jv_unref(h);
    char err[1024];
    /* the terminal is restored by now, so the failure can go to stderr */
    if (a->cfg.write_file(a->cfg.history_file, text, strlen(text), err, sizeof err))
        fprintf(stderr, "sfdbg: --history: %s\n", err);
    free(text);
}

void debugger_close(dbg_app *a)
{
    if (!a)
        return;
    app_free_windows(a);
    term_shutdown(&a->t);
    app_write_history(a);
    graph_cleanup(a);
    insp_cleanup(a);
    session_free(a->sess);
    bp_cleanup(&a->bps);
    le_free(&a->line);
    le_free(&a->edit);
    answer_cleanup(&a->answer);
    free(a->edit_draft);
    free(a->external_draft);
    for (int i = 0; i < a->nhistory; i++)
        free(a->history[i]);
    for (int i = 0; i < a->ncompletions; i++)
        free(a->completions[i]);
    free(a->completions);
    free(a);
}

void debugger_command(dbg_app *a, const char *line)
{
    cmd_execute(a, line);
    app_run_tick(a);
    while (a->rc.run != RUN_IDLE || a->rc.flight) {
        runctl_poll(&a->rc, -1, 250);
        app_run_tick(a);
    }
}

void debugger_frame(dbg_app *a, bool everything)
{
    if (everything)
        app_dirty_all(a);
    app_paint(a);
}

void debugger_resize(dbg_app *a, int rows, int cols)
{
    resizeterm(rows, cols);
    app_layout(a);
}

int debugger_run(const debugger_config *cfg)
{
    dbg_app *a = debugger_open(cfg);
    if (!a)
        return 1;
    /* one wait for the terminal and a task in flight alike, then every key that came */
    int input_fd = fileno(cfg->term_in ? cfg->term_in : stdin);
    timeout(0);
    while (!a->quit) {
        app_paint(a);
        runctl_poll(&a->rc, input_fd, 250);
        int key;
        bool is_char;
        char utf8[8];
        size_t n;
        while (!a->quit && app_read_key(&key, &is_char, utf8, &n) == OK)
            app_key(a, key, is_char, utf8, n);
        app_handle_signal(a);
        app_run_tick(a);
    }
    int rc = a->exit_status;
    debugger_close(a);
    return rc;
}
