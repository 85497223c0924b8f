/* iterpick — the iteration picker. See iterpick.h. */
#include "iterpick.h"

#include <stdio.h>
#include <string.h>

#include "app.h"

/* ---- the model (pure) ---- */

static bool iterpick_is_fanout(const asl_state *s)
{
    return s && (s->type == ASL_MAP || s->type == ASL_PARALLEL);
}

long iterpick_visit_for(const sfn_exec *ex, long user_frame, const asl_state *selected,
                        long selected_visit)
{
    if (iterpick_is_fanout(selected) && selected_visit >= 0 &&
        exec_visit_children(ex, (size_t)selected_visit) > 0)
        return selected_visit;
    exec_frame_info f;
    if (!exec_frame_get(ex, user_frame, &f))
        return -1;
    if (f.in_fanout && f.fanout_visit >= 0)
        return f.fanout_visit;
    exec_frame_info parent;
    if (f.parent >= 0 && exec_frame_get(ex, f.parent, &parent) && parent.in_fanout)
        return parent.fanout_visit;
    return -1;
}

size_t iterpick_rows(const sfn_exec *ex, const iterpick *p)
{
    if (p->visit < 0)
        return 0;
    return p->failed_only ? exec_visit_failed_children(ex, (size_t)p->visit)
                          : exec_visit_children(ex, (size_t)p->visit);
}

long iterpick_child_at(const sfn_exec *ex, const iterpick *p, size_t row)
{
    if (row >= iterpick_rows(ex, p))
        return -1;
    return p->failed_only ? exec_visit_failed_child(ex, (size_t)p->visit, row) : (long)row;
}

const jv *iterpick_child_input(const sfn_exec *ex, long visit, size_t child)
{
    const exec_visit *v = visit >= 0 ? exec_visit_at(ex, (size_t)visit) : NULL;
    if (!v)
        return NULL;
    static const exec_stage map_order[] = {EXEC_STAGE_AFTER_ITEM_BATCHER,
                                           EXEC_STAGE_AFTER_ITEM_SELECTOR,
                                           EXEC_STAGE_AFTER_PARAMETERS,
                                           EXEC_STAGE_AFTER_ITEMS_PATH};
    static const exec_stage parallel_order[] = {EXEC_STAGE_AFTER_PARAMETERS,
                                                EXEC_STAGE_AFTER_INPUT_PATH, EXEC_STAGE_INPUT};
    bool map = v->state->type == ASL_MAP;
    const exec_stage *order = map ? map_order : parallel_order;
    size_t n = map ? sizeof map_order / sizeof *map_order
                   : sizeof parallel_order / sizeof *parallel_order;
    for (size_t i = 0; i < n; i++) {
        const jv *s = exec_visit_stage(v, order[i]);
        if (s && !map)
            return s;
        if (s && jv_is_array(s))
            return jv_array_get(s, child);
    }
    return NULL;
}

static const char *iterpick_mark(exec_child_status st, bool ended)
{
    switch (st) {
    case EXEC_CHILD_SUCCEEDED: return "\xe2\x9c\x93 succeeded";
    case EXEC_CHILD_FAILED: return "\xe2\x9c\x97 failed   ";
    case EXEC_CHILD_RUNNING: return ended ? "\xe2\x96\xa0 stopped  " : "\xe2\x96\xb6 running  ";
    default: return "\xc2\xb7 not run  ";
    }
}

void iterpick_row_text(const sfn_exec *ex, long visit, size_t child, bool here, char *buf,
                       size_t n)
{
    exec_child_info c;
    if (n == 0)
        return;
    buf[0] = '\0';
    if (!exec_visit_child(ex, (size_t)visit, child, &c))
        return;
    bool ended = exec_status_of(ex) != EXEC_RUNNING;
    char what[300];
    if (c.status == EXEC_CHILD_FAILED) {
        snprintf(what, sizeof what, "%s%s%s", c.error ? c.error : "(no error name)",
                 c.cause ? ": " : "", c.cause ? c.cause : "");
    } else {
        const jv *in = iterpick_child_input(ex, visit, child);
        if (in)
            jt_preview(in, what, 120);
        else
            what[0] = '\0';
    }
    snprintf(buf, n, "%6zu  %s  %s%s%s", child, iterpick_mark(c.status, ended), what,
             c.dropped ? "  (states not kept)" : "", here ? "  \xe2\x97\x82 you are here" : "");
}

void iterpick_summary(const sfn_exec *ex, long visit, char *buf, size_t n)
{
    const exec_visit *v = exec_visit_at(ex, (size_t)visit);
    size_t count = exec_visit_children(ex, (size_t)visit);
    size_t counts[4] = {0};
    exec_child_info c;
    for (size_t i = 0; i < count; i++) /* a byte each: no text is made */
        if (exec_visit_child(ex, (size_t)visit, i, &c))
            counts[c.status]++;
    bool map = v && v->state->type == ASL_MAP;
    char running[48] = "";
    if (counts[EXEC_CHILD_RUNNING])
        snprintf(running, sizeof running, " \xc2\xb7 %zu \xe2\x96\xb6", counts[EXEC_CHILD_RUNNING]);
    snprintf(buf, n, "%s: %zu %s%s \xc2\xb7 %zu \xe2\x9c\x93 \xc2\xb7 %zu \xe2\x9c\x97%s \xc2\xb7 %zu not run",
             v ? v->state->name : "?", count, map ? "iteration" : "branch",
             count == 1 ? "" : (map ? "s" : "es"), counts[EXEC_CHILD_SUCCEEDED],
             counts[EXEC_CHILD_FAILED], running, counts[EXEC_CHILD_NOT_RUN]);
}

long iterpick_first_visit(const sfn_exec *ex, long visit, size_t child)
{
    exec_child_info c;
    if (!exec_visit_child(ex, (size_t)visit, child, &c) || c.frame < 0)
        return -1;
    for (size_t i = (size_t)visit + 1; i < exec_visit_count(ex); i++)
        if (exec_visit_at(ex, i)->frame == c.frame)
            return (long)i;
    return -1;
}

/* ---- the overlay ---- */

long iterpick_user_child(const dbg_app *a, long visit)
{
    const sfn_exec *ex = session_exec(a->sess);
    exec_frame_info f, parent;
    for (long id = session_frame(a->sess); exec_frame_get(ex, id, &f) && f.parent >= 0;
         id = f.parent)
        if (exec_frame_get(ex, f.parent, &parent) && parent.fanout_visit == visit)
            return f.index;
    return -1;
}

long iterpick_selected_child(const dbg_app *a, long visit)
{
    const sfn_exec *ex = session_exec(a->sess);
    if (exec_visit_children(ex, (size_t)visit) == 0)
        return -1;
    if (a->pick.visit == visit) {
        long child = iterpick_child_at(ex, &a->pick, (size_t)a->pick.cursor);
        if (child >= 0)
            return child;
    }
    long here = iterpick_user_child(a, visit);
    return here >= 0 ? here : 0;
}

void iterpick_open(dbg_app *a)
{
    const sfn_exec *ex = session_exec(a->sess);
    const asl_state *sel = graph_pane_selected(a);
    long visit = iterpick_visit_for(ex, session_frame(a->sess), sel, sel ? app_last_visit(a, sel) : -1);
    if (visit < 0) {
        if (sel && iterpick_is_fanout(sel))
            app_message(a, true, "%s has not started its %s yet: s steps into it", sel->name,
                        sel->type == ASL_MAP ? "iterations" : "branches");
        else
            app_message(a, true, "no Parallel or Map here: select one that has run, or step into one");
        return;
    }
    long here = iterpick_user_child(a, visit);
    a->pick = (iterpick){visit, false, here >= 0 ? here : 0, 0};
    a->mode = MODE_PICKER;
    app_dirty_all(a);
}

/* n with thousands separators: 4,213 */
static void iterpick_grouped(long n, char *buf, size_t len)
{
    char digits[24];
    int nd = snprintf(digits, sizeof digits, "%ld", n < 0 ? -n : n);
    size_t at = 0;
    if (n < 0 && at + 1 < len)
        buf[at++] = '-';
    for (int i = 0; i < nd && at + 1 < len; i++) {
        if (i > 0 && (nd - i) % 3 == 0 && at + 2 < len)
            buf[at++] = ',';
        buf[at++] = digits[i];
    }
    buf[at] = '\0';
}

void iterpick_not_kept_text(const char *kind, long child, char *buf, size_t n)
{
    char index[32], first[32], failed[32];
    iterpick_grouped(child, index, sizeof index);
    iterpick_grouped(EXEC_KEEP_CHILDREN, first, sizeof first);
    iterpick_grouped(EXEC_KEEP_FAILED, failed, sizeof failed);
    snprintf(buf, n, "%s %s's states were not kept: sfdbg keeps the first %s %ss of a "
             "distributed Map, its first %s failed ones and those you stopped in",
             kind, index, first, kind, failed);
}

/* Enter: into a child not run yet (as :iteration N does), or a run child's first visit. */
static void iterpick_jump(dbg_app *a, long child)
{
    const sfn_exec *ex = session_exec(a->sess);
    exec_child_info c;
    if (child < 0 || !exec_visit_child(ex, (size_t)a->pick.visit, (size_t)child, &c))
        return;
    const exec_visit *v = exec_visit_at(ex, (size_t)a->pick.visit);
    const char *kind = v->state->type == ASL_MAP ? "iteration" : "branch";
    bool live = c.status == EXEC_CHILD_NOT_RUN || c.status == EXEC_CHILD_RUNNING;
    if (live && session_running(a->sess)) {
        exec_frame_info f = {.parent = -1, .fanout_visit = -1}, parent;
        bool here = session_frame_info(a->sess, &f) && f.fanout_visit == a->pick.visit;
        bool above = !here && f.parent >= 0 && exec_frame_get(ex, f.parent, &parent) &&
                     parent.fanout_visit == a->pick.visit;
        if (!here && !above) {
            app_message(a, true, "%s %ld of %s is not where you are: step to that %s first",
                        kind, child, v->state->name, v->state->name);
            return;
        }
        app_child(a, child, here);
        return;
    }
    long first = iterpick_first_visit(ex, a->pick.visit, (size_t)child);
    if (first < 0 && c.dropped) {
        char why[200];
        iterpick_not_kept_text(kind, child, why, sizeof why);
        app_message(a, true, "%s", why);
        return;
    }
    if (first < 0) {
        app_message(a, true, "%s %ld of %s did not run", kind, child, v->state->name);
        return;
    }
    const exec_visit *fv = exec_visit_at(ex, (size_t)first);
    graph_pane_reveal(a, fv->state);
    a->subj.kind = SUBJ_VISIT;
    a->subj.visit = first;
    a->subj.picked = true;
    a->subj.stale = true;
    app_message(a, false, "viewing %s › %s %ld (%s) from %s", v->state->name, kind, child,
                exec_child_status_name(c.status), fv->state->name);
}

void iterpick_key(dbg_app *a, int key)
{
    const sfn_exec *ex = session_exec(a->sess);
    iterpick *p = &a->pick;
    long rows = (long)iterpick_rows(ex, p);
    switch (key) {
    case 'j': case KEY_DOWN: p->cursor++; break;
    case 'k': case KEY_UP: p->cursor--; break;
    case ' ': case KEY_NPAGE: case UI_CTRL('d'): p->cursor += 10; break;
    case KEY_PPAGE: case UI_CTRL('u'): p->cursor -= 10; break;
    case 'g': case KEY_HOME: p->cursor = 0; break;
    case 'G': case KEY_END: p->cursor = rows - 1; break;
    case 'f': {
        long child = iterpick_child_at(ex, p, p->cursor > 0 ? (size_t)p->cursor : 0);
        p->failed_only = !p->failed_only;
        /* back to all: on the failure it was on; to the failures: the first */
        p->cursor = !p->failed_only && child > 0 ? child : 0;
        p->top = 0;
        break;
    }
    case UI_KEY_ENTER: case KEY_ENTER: case 13: {
        long child = iterpick_child_at(ex, p, p->cursor >= 0 ? (size_t)p->cursor : 0);
        a->mode = MODE_NORMAL;
        iterpick_jump(a, child);
        break;
    }
    default:
        a->mode = MODE_NORMAL;
        break;
    }
    if (a->mode != MODE_PICKER)
        a->subj.stale = true; /* the Stages tab shows the row it closed on */
    rows = (long)iterpick_rows(ex, p);
    if (p->cursor >= rows)
        p->cursor = rows - 1;
    if (p->cursor < 0)
        p->cursor = 0;
    app_dirty_all(a);
}

void iterpick_draw(dbg_app *a)
{
    const sfn_exec *ex = session_exec(a->sess);
    iterpick *p = &a->pick;
    int h = a->rows - 2, w = a->cols - 4 > 120 ? 120 : a->cols - 4;
    if (h < 6 || w < 30)
        return;
    WINDOW *win = newwin(h, w, 1, (a->cols - w) / 2);
    werase(win);
    char title[300], summary[200];
    iterpick_summary(ex, p->visit, summary, sizeof summary);
    snprintf(title, sizeof title, " %s%s ", summary, p->failed_only ? " · failed only" : "");
    term_frame(&a->t, win, title, true);
    int body = h - 3;
    long rows = (long)iterpick_rows(ex, p);
    if (p->cursor < p->top)
        p->top = p->cursor;
    if (p->cursor >= p->top + body)
        p->top = p->cursor - body + 1;
    long here = iterpick_user_child(a, p->visit);
    if (rows == 0)
        term_text(&a->t, win, 1, 2, p->failed_only ? "no failed children" : "no children",
                  w - 4, a->t.attr[TA_DIM]);
    for (long r = p->top; r < rows && r < p->top + body; r++) {
        long child = iterpick_child_at(ex, p, (size_t)r);
        char text[600];
        iterpick_row_text(ex, p->visit, (size_t)child, child == here, text, sizeof text);
        exec_child_info c;
        exec_visit_child(ex, (size_t)p->visit, (size_t)child, &c);
        attr_t at = r == p->cursor ? a->t.attr[TA_CURSOR]
                    : c.status == EXEC_CHILD_FAILED ? a->t.attr[TA_ERROR]
                    : c.status == EXEC_CHILD_NOT_RUN ? a->t.attr[TA_DIM] : A_NORMAL;
        term_text(&a->t, win, 1 + (int)(r - p->top), 1, text, w - 2, at);
    }
    char foot[200];
    snprintf(foot, sizeof foot, "row %ld of %ld · %s", rows ? p->cursor + 1 : 0, rows,
             ITERPICK_KEYS);
    term_text(&a->t, win, h - 2, 2, foot, w - 4, a->t.attr[TA_DIM]);
    wnoutrefresh(win);
    delwin(win);
}
