/* statusbar — the bottom line, the narrow layout's tabs and the input field. See statusbar.h. */
#include "statusbar.h"

#include <stdio.h>
#include <string.h>

#include "app.h"

void statusbar_facts_of(dbg_app *a, statusbar_facts *f)
{
    const sfn_exec *ex = session_exec(a->sess);
    const exec_pending_task *p = exec_pending(ex);
    const asl_state *cur = session_current_state(a->sess); /* in the user's frame */
    memset(f, 0, sizeof *f);
    f->status = exec_status_of(ex);
    f->running = a->rc.run != RUN_IDLE;
    f->real_wait = f->running && a->rc.wait_until_ms;
    f->flight = a->rc.flight;
    f->flight_seconds = f->flight ? runctl_flight_seconds(&a->rc) : 0;
    f->pending = p != NULL;
    f->needs_result = p && p->needs_result;
    f->worker = p && p->activity && !p->started;
    f->answered = p && p->answered;
    f->current = cur ? cur->name : NULL;
    f->stop_reason = a->rc.stop_reason;
    f->error = exec_error(ex);
    f->cause = exec_cause(ex);
    f->steps = session_steps(a->sess);
    f->dialog_keys = a->mode == MODE_ANSWER     ? answer_page_keys(a)
                     : a->mode == MODE_MESSAGES ? MSG_OVERLAY_KEYS
                     : a->mode == MODE_PICKER   ? ITERPICK_KEYS
                                                : NULL;
}

term_attr statusbar_mode_text(const statusbar_facts *f, char *buf, size_t n)
{
    bool live = f->status == EXEC_RUNNING;
    if (f->flight)
        snprintf(buf, n, " RUNNING %s %ld s ", f->current ? f->current : "", f->flight_seconds);
    else if (f->real_wait)
        snprintf(buf, n, " WAITING %s ", f->stop_reason);
    else if (f->running)
        snprintf(buf, n, " RUNNING ");
    else if (live && f->pending && f->worker && !f->answered)
        snprintf(buf, n, " WAITING FOR WORKER ");
    else if (live && f->pending && f->needs_result)
        snprintf(buf, n, " WAITING FOR RESULT ");
    else if (live && f->pending)
        snprintf(buf, n, " WAITING FOR TOKEN ");
    else if (live)
        snprintf(buf, n, " PAUSED ");
    else {
        snprintf(buf, n, " %s ", exec_status_name(f->status));
        return f->status == EXEC_SUCCEEDED ? TA_STATUS_GOOD : TA_STATUS_BAD;
    }
    return TA_STATUS_MODE;
}

void statusbar_detail_text(const statusbar_facts *f, char *buf, size_t n)
{
    const char *r = f->stop_reason ? f->stop_reason : "";
    const char *open = r[0] ? " (" : "", *close = r[0] ? ")" : "";
    if (f->status == EXEC_RUNNING && f->current)
        snprintf(buf, n, " at %s%s%s%s · step %ld", f->current, open, r, close, f->steps);
    else if (f->status == EXEC_SUCCEEDED)
        snprintf(buf, n, " · step %ld%s%s%s", f->steps, open, r, close);
    else
        snprintf(buf, n, " %s%s%s · step %ld%s%s%s", f->error ? f->error : "", f->cause ? ": " : "",
                 f->cause ? f->cause : "", f->steps, open, r, close);
}

void statusbar_hints_text(const statusbar_facts *f, char *buf, size_t n)
{
    static const ui_action hints[] = {ACT_STEP, ACT_CONTINUE, ACT_STEP_BACK, ACT_BREAK, ACT_EDIT,
                                      ACT_HELP, ACT_QUIT};
    static const ui_action waiting_hints[] = {ACT_ANSWER, ACT_STEP_BACK, ACT_BREAK, ACT_HELP,
                                              ACT_QUIT};
    if (f->dialog_keys) {
        snprintf(buf, n, "%s  ", f->dialog_keys);
        return;
    }
    bool waiting = f->pending && !f->answered && !f->running;
    const ui_action *list = waiting ? waiting_hints : hints;
    size_t count = waiting ? sizeof waiting_hints / sizeof waiting_hints[0]
                           : sizeof hints / sizeof hints[0];
    buf[0] = '\0';
    for (size_t i = 0, l = 0; i < count && l < n; i++, l = strlen(buf)) {
        const ui_action_info *in = actions_info(list[i]);
        char key[16];
        actions_key_label(in->keys[0], key, sizeof key);
        snprintf(buf + l, n - l, "%s %s  ", key, in->hint);
    }
}

int statusbar_message_cells(const char *msg, bool cut, int room)
{
    if (!cut && layout_text_width(msg) <= room)
        return room;
    int cells = room - layout_text_width(STATUSBAR_MORE);
    return cells > 0 ? cells : 0;
}

int statusbar_hints_fit(char *hints, int room)
{
    int w = layout_text_width(hints);
    while (w > room) {
        size_t l = strlen(hints);
        if (l >= 2)
            hints[l - 2] = '\0'; /* the last hint's own "  " */
        char *sep = NULL;     /* the "  " that ends the hint before it */
        for (char *p = strstr(hints, "  "); p; p = strstr(p + 2, "  "))
            sep = p;
        if (!sep) {
            hints[0] = '\0';
            return 0;
        }
        sep[2] = '\0';
        w = layout_text_width(hints);
    }
    return w;
}

/* ---- the input field ---- */

int statusbar_span_width(const char *buf, size_t from, size_t to, int limit)
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

size_t statusbar_field_scroll(const char *buf, size_t cur, size_t scroll, int room)
{
    if (cur < scroll)
        scroll = cur;
    if (statusbar_span_width(buf, scroll, cur, room) < room)
        return scroll;
    size_t start = cur;
    int w = 0;
    while (start > 0) {
        size_t prev = start - 1;
        while (prev > 0 && ((unsigned char)buf[prev] & 0xC0) == 0x80)
            prev--;
        int cw = statusbar_span_width(buf, prev, start, room);
        if (w + cw >= room)
            break;
        w += cw;
        start = prev;
    }
    return start;
}

void statusbar_draw_field(dbg_app *a, WINDOW *w, int y, int x, int room, lineedit *le)
{
    if (room < 1)
        return;
    le->scroll = statusbar_field_scroll(le->buf, le->cur, le->scroll, room);
    term_text(&a->t, w, y, x, le->buf + le->scroll, room, A_NORMAL);
    int cx = x + statusbar_span_width(le->buf, le->scroll, le->cur, room);
    /* the cursor as a reverse cell (the real cursor stays hidden: no flicker) */
    chtype under = mvwinch(w, y, cx);
    mvwaddch(w, y, cx, ((under & A_CHARTEXT) ? under : ' ') | A_REVERSE);
}

/* ---- drawing ---- */

static void statusbar_draw_line_input(dbg_app *a, WINDOW *w, const char *prefix, lineedit *le)
{
    int width = getmaxx(w);
    term_fill(w, 0, 0, width, A_NORMAL);
    int px = term_text(&a->t, w, 0, 0, prefix, width, a->t.attr[TA_MESSAGE]);
    statusbar_draw_field(a, w, 0, px, width - px - 1, le);
}

static const char *statusbar_prompt_prefix(prompt_kind k)
{
    return k == PROMPT_SEARCH ? "/" : k == PROMPT_WATCH ? "watch: " : "condition: ";
}

/* Mode, detail, then the message, or the hints right-aligned when there is none. */
static void statusbar_draw_facts(dbg_app *a, WINDOW *w, int width)
{
    statusbar_facts f;
    statusbar_facts_of(a, &f);
    term_fill(w, 0, 0, width, a->t.attr[TA_STATUS]);
    char mode[400], detail[800], hints[256];
    term_attr ma = statusbar_mode_text(&f, mode, sizeof mode);
    int x = term_text(&a->t, w, 0, 0, mode, width, a->t.attr[ma]);
    statusbar_detail_text(&f, detail, sizeof detail);
    x += term_text(&a->t, w, 0, x, detail, width - x, a->t.attr[TA_STATUS]) + 2;
    if (a->msg[0]) {
        if (x < width - 1) {
            term_text(&a->t, w, 0, x, "│ ", width - x, a->t.attr[TA_STATUS]);
            int room = width - x - 2, cells = statusbar_message_cells(a->msg, a->msg_cut, room);
            int used = term_text(&a->t, w, 0, x + 2, a->msg, cells,
                                 a->msg_error ? a->t.attr[TA_STATUS_BAD] : a->t.attr[TA_STATUS]);
            if (cells < room)
                term_text(&a->t, w, 0, x + 2 + used, STATUSBAR_MORE, room - used,
                          a->t.attr[TA_STATUS]);
        }
        return;
    }
    statusbar_hints_text(&f, hints, sizeof hints);
    int tw = statusbar_hints_fit(hints, width - x);
    if (tw > 0)
        term_text(&a->t, w, 0, width - tw, hints, tw, a->t.attr[TA_STATUS]);
}

void statusbar_draw(dbg_app *a)
{
    WINDOW *w = a->status_win;
    if (!w)
        return;
    werase(w);
    int width = getmaxx(w);
    if (a->mode == MODE_COMMAND) {
        statusbar_draw_line_input(a, w, ":", &a->line);
    } else if (a->mode == MODE_PROMPT) {
        statusbar_draw_line_input(a, w, statusbar_prompt_prefix(a->prompt), &a->line);
    } else if (a->mode == MODE_CONFIRM) {
        term_fill(w, 0, 0, width, a->t.attr[TA_STATUS_BAD]);
        term_text(&a->t, w, 0, 1, a->confirm_text, width - 2, a->t.attr[TA_STATUS_BAD]);
    } else {
        statusbar_draw_facts(a, w, width);
    }
    wnoutrefresh(w);
}

void statusbar_draw_tabs(dbg_app *a)
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
