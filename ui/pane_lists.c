/* pane_lists — the list panes: events (the history, with the user's edits in it; picking
 * a row shows the data as it was then), watches, and breakpoints. */
#include "app.h"
#include "layout.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uieval.h"

/* ---- shared list behaviour ---- */

/* Each list pane's private state (pane.priv). */
typedef struct {
    long cursor;                      /* row index; -1 follows the end */
    long top;
    long nrows;
} list_state;

static list_state *list_of(const dbg_app *a, pane_id id)
{
    return a->panes[id].priv;
}

static void *list_create(dbg_app *a)
{
    return jv_xcalloc(1, sizeof(list_state));
}

static void *events_create(dbg_app *a)
{
    list_state *l = list_create(a);
    l->cursor = -1;
    return l;
}

/* The cursor and the first row shown kept inside the list and the window. */
static void list_fix(list_state *l, long nrows, int height)
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


static bool list_move(list_state *l, ui_action act, int height)
{
    long cur = l->cursor < 0 ? l->nrows - 1 : l->cursor;
    switch (act) {
    case ACT_DOWN: cur++; break;
    case ACT_UP: cur--; break;
    case ACT_PAGE_DOWN: cur += height > 1 ? height - 1 : 1; break;
    case ACT_PAGE_UP: cur -= height > 1 ? height - 1 : 1; break;
    case ACT_HOME: cur = 0; break;
    case ACT_END: cur = l->nrows - 1; break;
    default: return false;
    }
    if (cur >= l->nrows)
        cur = l->nrows - 1;
    if (cur < 0)
        cur = 0;
    l->cursor = cur;
    return true;
}

static void list_row(dbg_app *a, pane *p, int y, const char *text, bool cur, attr_t at)
{
    int w = app_inner_w(p);
    if (cur)
        term_fill(p->win, y, 1, w, a->t.attr[TA_CURSOR]);
    term_text(&a->t, p->win, y, 1, text, w, cur ? a->t.attr[TA_CURSOR] : at);
}

/* ---- events ---- */

/* Row i of the events list: an event (>= 0: its index) or an edit (< 0: -(edit index) - 1). */
static long events_row(dbg_app *a, long i)
{
    const sfn_exec *ex = session_exec(a->sess);
    size_t ne = exec_event_count(ex), nd = session_edit_count(a->sess);
    long row = 0;
    size_t d = 0;
    for (size_t e = 0; e <= ne; e++) {
        for (; d < nd && session_edit_at(a->sess, d)->event_index == e; d++, row++)
            if (row == i)
                return -(long)d - 1;
        if (e < ne && row++ == i)
            return (long)e;
    }
    for (; d < nd; d++, row++)
        if (row == i)
            return -(long)d - 1;
    return LONG_MIN;
}

long events_row_count(dbg_app *a)
{
    if (rv_showing(a))
        return rv_row_count(a);
    return (long)(exec_event_count(session_exec(a->sess)) + session_edit_count(a->sess));
}

/* A row of the user's log: an input edit or an answer. */
static void events_log_text(dbg_app *a, const sess_edit *d, char *buf, size_t n)
{
    char prev[60];
    const char *dropped = d->remote ? (d->dropped ? " from another process (not replayed)"
                                                  : " from another process")
                          : d->dropped ? " (not replayed)" : "";
    switch (d->kind) {
    case SESS_EDIT_INPUT:
        jt_preview(d->after, prev, 50);
        snprintf(buf, n, "  \xe2\x9c\x8e input of %s edited at step %ld%s: %s", d->state, d->step,
                 dropped, prev);
        break;
    case SESS_EDIT_VARIABLE:
        jt_preview(d->after, prev, 50);
        snprintf(buf, n, "  \xe2\x9c\x8e $%s set at step %ld, before %s%s: %s", d->variable,
                 d->step, d->state, dropped, prev);
        break;
    case SESS_ANSWER_SUCCESS:
        jt_preview(d->after, prev, 50);
        snprintf(buf, n, "  \xe2\x86\xb5 %s answered at step %ld%s: success %s", d->state, d->step,
                 dropped, prev);
        break;
    case SESS_ANSWER_FAILURE:
        snprintf(buf, n, "  \xe2\x86\xb5 %s answered at step %ld%s: failure %s%s%s", d->state,
                 d->step, dropped, d->error ? d->error : "(no error)", d->cause ? ": " : "",
                 d->cause ? d->cause : "");
        break;
    case SESS_ANSWER_TIMEOUT:
        snprintf(buf, n, "  \xe2\x86\xb5 %s let time out at step %ld%s", d->state, d->step, dropped);
        break;
    }
}

/* What became of a task's failure (retried, caught) or a wait, in words: the events pane
 * says it by text, not by colour. */
static void events_fate(dbg_app *a, size_t i, char *buf, size_t n)
{
    const sfn_exec *ex = session_exec(a->sess);
    const exec_event *e = exec_event_at(ex, i);
    buf[0] = '\0';
    const exec_pending_task *p = exec_pending(ex);
    if (i + 1 == exec_event_count(ex) && p && !p->answered && p->state == e->state) {
        snprintf(buf, n, "  \xe2\x8f\xb8 waiting for its %s", session_wait_noun(p));
        return;
    }
    if (e->type != EV_TASK_FAILED && e->type != EV_TASK_TIMED_OUT)
        return;
    long vi = app_visit_of_event(a, e);
    const exec_visit *v = vi >= 0 ? exec_visit_at(ex, (size_t)vi) : NULL;
    long attempts = 0;
    const exec_event *after = NULL;
    /* event ids are 1, 2, ...: the visit's events start at index entered_event_id - 1 */
    size_t from = v && v->entered_event_id > 0 ? (size_t)v->entered_event_id - 1 : i;
    for (size_t k = from; k < exec_event_count(ex) && !after; k++) {
        const exec_event *x = exec_event_at(ex, k);
        if (x->id <= e->id && x->state == e->state && x->type == EV_TASK_SCHEDULED)
            attempts++;
        if (x->id > e->id && x->state == e->state)
            after = x;
    }
    bool in_flight = !after && vi >= 0 && vi == app_in_flight_visit(a);
    if ((after && after->type == EV_TASK_SCHEDULED) || in_flight) {
        snprintf(buf, n, "  \xe2\x86\xbb retry %ld", attempts);
    } else if (v && exec_visit_details(v)->caught) {
        const exec_visit *next = exec_visit_at(ex, (size_t)vi + 1);
        const asl_state *to = next ? next->state : exec_current_state(ex);
        snprintf(buf, n, "  \xe2\x86\xaf caught \xe2\x86\x92 %s", to ? to->name : "?");
    }
}

/* s in a column of `width` characters: padded, or cut (never inside a UTF-8 sequence)
 * with a mark in its last place. */
static void events_column(char *out, size_t n, const char *s, int width)
{
    size_t len = 0;
    int chars = 0;
    while (s[len] && chars < width && len + 8 < n) {
        len++;
        while ((s[len] & 0xC0) == 0x80)
            len++;
        chars++;
    }
    if (s[len] && len) {
        while (len > 0 && ((unsigned char)s[--len] & 0xC0) == 0x80)
            ;
        memcpy(out, s, len);
        memcpy(out + len, "\xe2\x80\xa6", 3);
        len += 3;
    } else {
        memcpy(out, s, len);
    }
    for (; chars < width && len + 1 < n; chars++)
        out[len++] = ' ';
    out[len] = '\0';
}

/* The event and state columns, 26 and 22 wide, narrowed together when the pane is, so
 * the time column stays in sight (60 columns keep it); the frame column ("iter 3",
 * "branch 1", 10 wide) only when everything fits at full width. */
static void events_widths(int width, int *namew, int *statew, int *framew)
{
    int room = width - 4 - 3 - 9; /* the id, the gaps, "+3600.000s" */
    *namew = 26;
    *statew = 22;
    *framew = room >= 26 + 22 + 11 ? 10 : 0;
    if (room >= *namew + *statew)
        return;
    *namew = room * 26 / 48 < 10 ? 10 : room * 26 / 48;
    *statew = room - *namew < 6 ? 6 : room - *namew;
}

static void events_text(dbg_app *a, long what, int width, char *buf, size_t n, attr_t *at)
{
    const sfn_exec *ex = session_exec(a->sess);
    *at = A_NORMAL;
    if (what < 0) {
        events_log_text(a, session_edit_at(a->sess, (size_t)(-what - 1)), buf, n);
        *at = a->t.attr[TA_NOTE];
        return;
    }
    const exec_event *e = exec_event_at(ex, (size_t)what);
    char name[64], fate[80];
    exec_event_name(e, name, sizeof name);
    events_fate(a, (size_t)what, fate, sizeof fate);
    double secs = (double)(e->timestamp_ms - session_options(a->sess)->start_time_ms) / 1000.0;
    char extra[300] = "";
    const exec_event_detail *d = exec_event_details(e);
    if (d->error)
        snprintf(extra, sizeof extra, "%s %s%s", fate[0] ? " ·" : " ", d->error,
                 d->cause && *d->cause ? ": " : "");
    int namew, statew, framew;
    events_widths(width, &namew, &statew, &framew);
    char frame[24] = "";
    sess_frame_label fl;
    if (framew && session_frame_label(a->sess, e->frame, &fl))
        snprintf(frame, sizeof frame, "%s %ld",
                 fl.kind == EXEC_FRAME_MAP_ITERATION ? "iter" : "branch", fl.index);
    char namecol[120], statecol[200], framecol[40];
    events_column(namecol, sizeof namecol, name, namew);
    events_column(statecol, sizeof statecol, e->state ? e->state->name : "", statew);
    events_column(framecol, sizeof framecol, frame, framew);
    bool diverged = rv_local_diverged(a, e->id);
    snprintf(buf, n, "%4ld %s %s %s%s+%.3fs%s%s%s%s", (long)e->id, namecol, statecol, framecol,
             framew ? " " : "", secs, diverged ? " \xe2\x89\xa0 the recorded run differs here" : "",
             fate, extra, d->error && d->cause ? d->cause : "");
    if (e->type == EV_EXECUTION_FAILED || e->type == EV_EXECUTION_TIMED_OUT || diverged)
        *at = a->t.attr[TA_ERROR];
}

void events_pane_follow_end(dbg_app *a)
{
    list_of(a, PANE_EVENTS)->cursor = -1;
    app_dirty(a, PANE_EVENTS);
}

void events_pane_set_cursor(dbg_app *a, long row)
{
    list_of(a, PANE_EVENTS)->cursor = row;
    app_dirty(a, PANE_EVENTS);
}

static void events_draw(dbg_app *a, pane *p)
{
    list_state *l = list_of(a, PANE_EVENTS);
    long n = events_row_count(a);
    char title[600];
    if (rv_showing(a))
        rv_title(a, title, sizeof title);
    else
        snprintf(title, sizeof title, "5 Events (%ld)%s%s ", n,
                 a->subj.event >= 0 ? " · Enter shows the data then, Esc the present" : "",
                 rv_on(a) ? " · :recorded: the recorded run" : "");
    term_frame(&a->t, p->win, title, a->focus == PANE_EVENTS);
    int h = app_inner_h(p);
    list_fix(l, n, h);
    long cur = l->cursor < 0 ? n - 1 : l->cursor;
    for (int i = 0; i < h && l->top + i < n; i++) {
        long r = l->top + i;
        char buf[600];
        attr_t at;
        if (rv_showing(a))
            rv_row_text(a, r, app_inner_w(p), buf, sizeof buf, &at);
        else
            events_text(a, events_row(a, r), app_inner_w(p), buf, sizeof buf, &at);
        list_row(a, p, 1 + i, buf, r == cur && a->focus == PANE_EVENTS, at);
    }
}

static void events_pick(dbg_app *a)
{
    list_state *l = list_of(a, PANE_EVENTS);
    long cur = l->cursor < 0 ? l->nrows - 1 : l->cursor;
    if (rv_showing(a))
        return rv_pick(a, cur);
    long what = events_row(a, cur);
    if (what == LONG_MIN)
        return;
    if (what < 0) {
        const sess_edit *d = session_edit_at(a->sess, (size_t)(-what - 1));
        app_message(a, false, "%s of %s at step %ld%s",
                    d->kind == SESS_EDIT_INPUT      ? "edit of the input"
                    : d->kind == SESS_EDIT_VARIABLE ? "variable set before"
                                                    : "answer to the task",
                    d->state, d->step, d->dropped ? " (no longer replayed)" : "");
        return;
    }
    app_set_subject_event(a, what);
    insp_pane_set_tab(a, TAB_INPUT);
}

static bool events_act(dbg_app *a, pane *p, ui_action act)
{
    list_state *l = list_of(a, PANE_EVENTS);
    if (list_move(l, act, app_inner_h(p))) {
        events_pick(a);
        app_dirty(a, PANE_EVENTS);
        return true;
    }
    if (act == ACT_ENTER) {
        events_pick(a);
        return true;
    }
    return false;
}

static void events_click(dbg_app *a, pane *p, int y, int x)
{
    list_state *l = list_of(a, PANE_EVENTS);
    long r = l->top + y - 1;
    if (y >= 1 && r < events_row_count(a)) {
        l->cursor = r;
        events_pick(a);
    }
}

static void events_wheel(dbg_app *a, pane *p, int delta)
{
    list_state *l = list_of(a, PANE_EVENTS);
    if (l->cursor < 0)
        l->cursor = l->nrows - 1;
    l->cursor += delta;
    list_fix(l, events_row_count(a), app_inner_h(p));
}

const pane_ops pane_events_ops = {"events", events_create, free, events_draw, events_act,
                                  events_click, events_wheel};

/* ---- watches ---- */

#define WATCH_TEXT_MAX (BP_EXPR_MAX + 600)   /* an expression, " = " and its value */

/* The watches pane's state: its list, and an expression refused as typed (w offers it). */
typedef struct {
    list_state list;                  /* first: list_of() reads it */
    char *draft;
    size_t draft_error;               /* the byte the parser stopped at */
    int first_row;                    /* of the list, below what the watches look at */
} watch_state;

static void watches_destroy(void *priv)
{
    watch_state *w = priv;
    free(w->draft);
    free(w);
}

static void *watches_create(dbg_app *a)
{
    return jv_xcalloc(1, sizeof(watch_state));
}

static watch_state *watches_of(const dbg_app *a)
{
    return a->panes[PANE_WATCHES].priv;
}

/* The parser's message, with the position when the message does not say it. */
static void watch_parse_error(const jsonpath_error *pe, char *buf, size_t n)
{
    if (strstr(pe->message, "position"))
        snprintf(buf, n, "%s", pe->message);
    else
        snprintf(buf, n, "%s at position %zu", pe->message, pe->position + 1);
}

static bool watches_keep(dbg_app *a, watch_state *ws, const char *expr);

bool watches_add(dbg_app *a, const char *expr)
{
    watch_state *ws = watches_of(a);
    if (uieval_is_jsonata(expr)) {
        char err[400];
        jsonata_expr *e = uieval_compile(expr, err, sizeof err);
        if (!e) {
            free(ws->draft);
            ws->draft = jv_xstrdup(expr);
            ws->draft_error = 0;
            app_message(a, true, "not watched: %s (w brings it back)", err);
            return false;
        }
        jsonata_free(e);
        return watches_keep(a, ws, expr);
    }
    jsonpath_error pe;
    jsonpath *p = jsonpath_compile(expr, &pe);
    if (!p) {
        free(ws->draft);
        ws->draft = jv_xstrdup(expr);
        ws->draft_error = pe.position;
        char why[sizeof pe.message + 40];
        watch_parse_error(&pe, why, sizeof why);
        app_message(a, true, "not watched: %s is not a JSONPath: %s (w brings it back)", expr, why);
        return false;
    }
    jsonpath_free(p);
    return watches_keep(a, ws, expr);
}

/* Saves a checked watch expression. */
static bool watches_keep(dbg_app *a, watch_state *ws, const char *expr)
{
    if (!bp_watch_add(&a->bps, expr)) {
        app_message(a, true, "cannot add the watch (at most %d, each up to %d bytes)", BP_MAX_WATCHES,
                    BP_EXPR_MAX);
        return false;
    }
    free(ws->draft);
    ws->draft = NULL;
    ws->list.cursor = (long)a->bps.nwatches - 1; /* the new watch comes into view */
    bpp_save_now(a);
    app_message(a, false, "watching %s", expr);
    app_dirty(a, PANE_WATCHES);
    return true;
}

const char *watches_draft(dbg_app *a, size_t *error_at)
{
    *error_at = watches_of(a)->draft_error;
    return watches_of(a)->draft;
}

/* Did the user pick a past visit as the inspector's subject (a state in the graph, an
 * event), rather than a step moving it there? */
static bool watch_subject_picked(const dbg_app *a)
{
    return a->subj.picked && a->subj.kind == SUBJ_VISIT && a->subj.visit >= 0;
}

/* What the watches look at, like gdb's display: the input of the state about to run; when
 * the user picked a past visit (or the end), that one's. which says it, for the title. */
static const jv *watch_input(dbg_app *a, char *which, size_t n)
{
    const sfn_exec *ex = session_exec(a->sess);
    const asl_state *cur = session_current_state(a->sess); /* in the user's frame */
    if (watch_subject_picked(a)) {
        const exec_visit *v = exec_visit_at(ex, (size_t)a->subj.visit);
        long nth = 0;
        for (long i = 0; i <= a->subj.visit; i++)
            nth += exec_visit_at(ex, (size_t)i)->state == v->state;
        snprintf(which, n, "input of %s, visit %ld (picked)", v->state->name, nth);
        return exec_visit_stage(v, EXEC_STAGE_INPUT);
    }
    if (cur) {
        snprintf(which, n, "input of %s (about to run)", cur->name);
        return session_current_input(a->sess);
    }
    snprintf(which, n, "the execution's output");
    return exec_output(ex);
}

/* The context object ($$) beside watch_input's: the picked visit's, or the one the state
 * about to run will see. New reference. */
static jv *watch_context(dbg_app *a)
{
    if (watch_subject_picked(a))
        return exec_visit_context(session_exec(a->sess), (size_t)a->subj.visit);
    return session_context(a->sess, NULL);
}

/* The variables the watched state sees: those in scope when the picked visit ran, or the
 * user's frame's now. New reference, or NULL. */
static jv *watch_variables(dbg_app *a)
{
    const sfn_exec *ex = session_exec(a->sess);
    if (watch_subject_picked(a)) {
        const exec_visit *v = exec_visit_at(ex, (size_t)a->subj.visit);
        return v && v->variables ? jv_ref(v->variables) : jv_object();
    }
    return exec_frame_variables(ex, session_frame(a->sess));
}

/* A "{% %}" watch: the JSONata expression over the state about to run (or the visit picked). */
static void watch_jsonata_value(dbg_app *a, const char *expr, const jv *input, char *buf, size_t n)
{
    char err[400];
    jsonata_expr *e = uieval_compile(expr, err, sizeof err);
    if (!e) {
        snprintf(buf, n, "(not JSONata: %s)", err);
        return;
    }
    jv *ctx = watch_context(a), *vars = watch_variables(a), *v = NULL;
    uieval_scope sc = {input, ctx, vars, NULL, NULL};
    jsonata_status st = uieval_eval(e, expr, &sc, &v, err, sizeof err);
    if (st == JSONATA_OK)
        jt_preview(v, buf, n);
    else if (st == JSONATA_UNDEFINED)
        snprintf(buf, n, "(undefined)");
    else
        snprintf(buf, n, "(error: %s)", err);
    jv_unref(v);
    jv_unref(ctx);
    jv_unref(vars);
    jsonata_free(e);
}

static void watch_value(dbg_app *a, const char *expr, const jv *input, char *buf, size_t n)
{
    if (uieval_is_jsonata(expr)) {
        watch_jsonata_value(a, expr, input, buf, n);
        return;
    }
    jsonpath_error pe;
    jsonpath *p = jsonpath_compile(expr, &pe);
    if (!p) {
        char why[sizeof pe.message + 40];
        watch_parse_error(&pe, why, sizeof why);
        snprintf(buf, n, "(not a JSONPath: %s)", why);
        return;
    }
    jsonpath_miss miss;
    jv *v = NULL;
    if (!input)
        snprintf(buf, n, "(no input here)");
    else if (jsonpath_root_kind(p) == JSONPATH_ROOT_CONTEXT) {
        jv *ctx = watch_context(a);
        v = jsonpath_eval_on(p, ctx, &miss);
        jv_unref(ctx);
    } else if (jsonpath_root_kind(p) == JSONPATH_ROOT_VARIABLE) {
        jv *vars = watch_variables(a);
        const jv *var = vars ? jv_object_get(vars, jsonpath_variable_name(p)) : NULL;
        v = var ? jsonpath_eval_on(p, var, &miss) : NULL;
        jv_unref(vars);
    } else {
        v = jsonpath_eval_on(p, input, &miss);
    }
    if (v)
        jt_preview(v, buf, n);
    else if (input)
        snprintf(buf, n, "(no match)");
    jv_unref(v);
    jsonpath_free(p);
}

/* A watch's row text: its expression whole, then its value or why there is none. */
static void watch_text(dbg_app *a, size_t i, const jv *input, int width, char *buf, size_t n)
{
    char val[512];
    /* a value is previewed in about two lines; the expression and errors are whole */
    size_t room = width > 0 && (size_t)width * 2 < sizeof val ? (size_t)width * 2 : sizeof val;
    watch_value(a, a->bps.watches[i], input, val, room);
    snprintf(buf, n, "%s = %s", a->bps.watches[i], val);
}

/* Draws text from row y, wrapped to the pane (its next lines indented), no further than
 * row last; the rows it takes come back. */
static int watch_draw_wrapped(dbg_app *a, pane *p, int y, int last, const char *s, bool cur,
                              attr_t at)
{
    int w = app_inner_w(p), rows = 0;
    for (bool more = true; more && y + rows <= last; rows++) {
        size_t len = msg_wrap_line(s, w - 2);
        char part[WATCH_TEXT_MAX];
        snprintf(part, sizeof part, "%s%.*s", rows ? "  " : "", (int)len, s);
        list_row(a, p, y + rows, part, cur, at);
        more = s[len] != '\0';
        s += len;
        if (*s == ' ' || *s == '\n')
            s++;
    }
    return rows;
}

/* The first row shown keeps the cursor's watch (all its lines) in view. */
static void watches_scroll(dbg_app *a, list_state *l, const int *lines, int h)
{
    if (l->cursor < l->top)
        l->top = l->cursor;
    int used = 0;
    for (long i = l->top; i <= l->cursor; i++)
        used += lines[i];
    while (l->top < l->cursor && used > h)
        used -= lines[l->top++];
}

static void watches_draw(dbg_app *a, pane *p)
{
    list_state *l = list_of(a, PANE_WATCHES);
    char which[300];
    const jv *input = watch_input(a, which, sizeof which);
    long n = (long)a->bps.nwatches;
    term_frame(&a->t, p->win, "3 Watches ", a->focus == PANE_WATCHES);
    int w = app_inner_w(p);
    if (n == 0) {
        term_text(&a->t, p->win, 1, 1, "w adds a watch ($.path)", w, a->t.attr[TA_DIM]);
        return;
    }
    int first = 1 + watch_draw_wrapped(a, p, 1, app_inner_h(p), which, false, a->t.attr[TA_DIM]);
    int h = app_inner_h(p) - (first - 1);
    if (l->cursor < 0)
        l->cursor = 0;
    if (l->cursor >= n)
        l->cursor = n - 1;
    l->nrows = n;
    char (*texts)[WATCH_TEXT_MAX] = jv_xmalloc((size_t)n * sizeof *texts);
    int lines[BP_MAX_WATCHES];
    for (long i = 0; i < n; i++) {
        watch_text(a, (size_t)i, input, w, texts[i], sizeof texts[i]);
        lines[i] = msg_wrap_count(texts[i], w - 2);
    }
    watches_scroll(a, l, lines, h);
    watches_of(a)->first_row = first;
    for (long r = l->top, y = first; r < n && y <= app_inner_h(p); r++)
        y += watch_draw_wrapped(a, p, (int)y, app_inner_h(p), texts[r],
                                r == l->cursor && a->focus == PANE_WATCHES, A_NORMAL);
    free(texts);
}

static bool watches_act(dbg_app *a, pane *p, ui_action act)
{
    list_state *l = list_of(a, PANE_WATCHES);
    if (list_move(l, act, app_inner_h(p)))
        return app_dirty(a, PANE_WATCHES), true;
    if (act == ACT_DELETE && a->bps.nwatches) {
        bp_watch_remove(&a->bps, (size_t)l->cursor);
        bpp_save_now(a);
        app_dirty(a, PANE_WATCHES);
        return true;
    }
    return false;
}

/* A click on row y: the watch drawn there. */
static void watches_click(dbg_app *a, pane *p, int y, int x)
{
    list_state *l = list_of(a, PANE_WATCHES);
    int w = app_inner_w(p), row = watches_of(a)->first_row;
    for (long r = l->top; r < (long)a->bps.nwatches && y >= row; r++) {
        char text[WATCH_TEXT_MAX], which[300];
        watch_text(a, (size_t)r, watch_input(a, which, sizeof which), w, text, sizeof text);
        row += msg_wrap_count(text, w - 2);
        if (y < row) {
            l->cursor = r;
            return;
        }
    }
}

const pane_ops pane_watches_ops = {"watches", watches_create, watches_destroy, watches_draw,
                                   watches_act, watches_click, NULL};

/* ---- breakpoints ---- */

/* The first row of the list: below the "not saved" line while a save has failed. */
static int breaks_first_row(const dbg_app *a)
{
    return a->bpf.unsaved[0] ? 2 : 1;
}

/* One breakpoint's row: its mark, number and description, cut (with …) so that the hit
 * count at its end always shows whole in w cells. */
static void breaks_line(const breakpoint *bp, int w, char *line, size_t n)
{
    char desc[600], hits[48];
    bp_describe(bp, desc, sizeof desc);
    snprintf(hits, sizeof hits, "  hit %ld", bp->hits);
    snprintf(line, n, "%s %d %s%s", bp->enabled ? "\xe2\x97\x8f" : "\xe2\x97\x8b", bp->id, desc,
             bp->enabled ? "" : " (disabled)");
    int room = w - layout_text_width(hits);
    if (room >= 4)
        layout_cut(line, room);
    size_t len = strlen(line);
    snprintf(line + len, n - len, "%s", hits);
}

static void breaks_draw(dbg_app *a, pane *p)
{
    list_state *l = list_of(a, PANE_BREAKS);
    bool unsaved = a->bpf.unsaved[0] != '\0';
    term_frame(&a->t, p->win, unsaved ? "4 Breakpoints (not saved) " : "4 Breakpoints ",
               a->focus == PANE_BREAKS);
    int y0 = breaks_first_row(a), h = app_inner_h(p) - (y0 - 1), w = app_inner_w(p);
    if (unsaved) {
        char flag[sizeof a->bpf.unsaved + 32];
        snprintf(flag, sizeof flag, "! not saved: %s", a->bpf.unsaved);
        term_text(&a->t, p->win, 1, 1, flag, w, a->t.attr[TA_ERROR]);
    }
    long n = (long)a->bps.n;
    if (n == 0) {
        term_text(&a->t, p->win, y0, 1, "b on a state, or :break", w, a->t.attr[TA_DIM]);
        return;
    }
    if (l->cursor < 0)
        l->cursor = 0;
    list_fix(l, n, h);
    for (int i = 0; i < h && l->top + i < n; i++) {
        long r = l->top + i;
        const breakpoint *bp = &a->bps.items[r];
        char line[800];
        breaks_line(bp, w, line, sizeof line);
        list_row(a, p, y0 + i, line, r == l->cursor && a->focus == PANE_BREAKS,
                 bp->enabled ? a->t.role[ROLE_BP_ON] : a->t.role[ROLE_BP_OFF]);
    }
}

breakpoint *breaks_pane_selected(dbg_app *a)
{
    const list_state *l = list_of(a, PANE_BREAKS);
    return l->cursor >= 0 && l->cursor < (long)a->bps.n ? &a->bps.items[l->cursor] : NULL;
}

static bool breaks_act(dbg_app *a, pane *p, ui_action act)
{
    if (list_move(list_of(a, PANE_BREAKS), act, app_inner_h(p)))
        return app_dirty(a, PANE_BREAKS), true;
    breakpoint *bp = breaks_pane_selected(a);
    if (!bp)
        return false;
    switch (act) {
    case ACT_FOLD:
        bp->enabled = !bp->enabled;
        break;
    case ACT_DELETE:
        bp_remove(&a->bps, bp->id);
        break;
    case ACT_CONDITION:
        prompt_open(a, PROMPT_CONDITION, bp->cond);
        return true;
    case ACT_ENTER:
        if (bp->kind == BP_STATE && app_find_state(a, bp->target))
            graph_pane_select(a, app_find_state(a, bp->target));
        return true;
    default:
        return false;
    }
    bpp_save_now(a);
    app_dirty(a, PANE_BREAKS);
    app_dirty(a, PANE_GRAPH);
    return true;
}

static void breaks_click(dbg_app *a, pane *p, int y, int x)
{
    list_state *l = list_of(a, PANE_BREAKS);
    long r = l->top + y - breaks_first_row(a);
    if (y >= breaks_first_row(a) && r < (long)a->bps.n)
        l->cursor = r;
}

const pane_ops pane_breaks_ops = {"breakpoints", list_create, free, breaks_draw, breaks_act,
                                  breaks_click, NULL};
