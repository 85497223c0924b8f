/* pane_inspector — the state inspector: tabs Input, Stages, Output, Context, Vars,
 * Definition, Diff, Services over the subject (app.h), each a folding JSON tree (jsontree.h). */
#include "app.h"
#include "iterpick.h"
#include "uieval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choicerows.h"
#include "jv_text.h"
#include "stagechange.h"
#include "svctab.h"

/* The pane's private state (pane.priv): a tree per tab, the tab shown, the search. */
typedef struct {
    jsontree *tree[TAB_COUNT];
    insp_tab tab;
    insp_tab default_tab;             /* after a step */
    char search[256];
    bool services_stale;              /* the Services tree is filled when it is shown */
} insp_state;

static insp_state *insp_of(const dbg_app *a)
{
    return a->panes[PANE_INSPECTOR].priv;
}

static const char *const insp_names[TAB_COUNT] = {"Input", "Stages", "Output", "Context",
                                                   "Vars", "Definition", "Diff", "Services"};

const char *insp_tab_name(insp_tab t) { return insp_names[t]; }

bool insp_tab_by_name(const char *name, insp_tab *out)
{
    for (int i = 0; i < TAB_COUNT; i++)
        if (!strcasecmp(name, insp_names[i])) {
            *out = (insp_tab)i;
            return true;
        }
    return false;
}

static void *insp_create(dbg_app *a)
{
    insp_state *s = jv_xcalloc(1, sizeof *s);
    for (int i = 0; i < TAB_COUNT; i++)
        s->tree[i] = jt_new(i == TAB_STAGES || i == TAB_DIFF ? 0 : i == TAB_SERVICES ? 2 : 3);
    s->tab = TAB_INPUT;
    s->default_tab = TAB_STAGES;
    return s;
}

static void insp_destroy(void *priv)
{
    insp_state *s = priv;
    for (int i = 0; i < TAB_COUNT; i++)
        jt_free(s->tree[i]);
    free(s);
}

/* The tree of the tab shown; the Services tab's is filled when it is first shown after a
 * change (the others are filled at once: they cost little). */
static jsontree *insp_tree(dbg_app *a)
{
    insp_state *s = insp_of(a);
    if (s->tab == TAB_SERVICES && s->services_stale) {
        svctab_fill(a, s->tree[TAB_SERVICES]);
        s->services_stale = false;
    }
    return s->tree[s->tab];
}

void insp_pane_set_tab(dbg_app *a, insp_tab t)
{
    insp_of(a)->tab = t;
    app_dirty(a, PANE_INSPECTOR);
}

void insp_pane_show_step_tab(dbg_app *a)
{
    insp_pane_set_tab(a, insp_of(a)->default_tab);
}

void insp_pane_set_default_tab(dbg_app *a, insp_tab t)
{
    insp_of(a)->default_tab = t;
    insp_pane_set_tab(a, t);
}

void insp_pane_cycle_tab(dbg_app *a, int dir)
{
    insp_pane_set_tab(a, (insp_tab)((insp_of(a)->tab + TAB_COUNT + dir) % TAB_COUNT));
}

void insp_pane_set_search(dbg_app *a, const char *text)
{
    snprintf(insp_of(a)->search, sizeof insp_of(a)->search, "%s", text);
}

/* ---- filling the trees ---- */

/* What happened to the visit besides its stages, in words (never colour alone): its
 * retries, the error a catcher took, the error it failed with, a wait for an answer. */
static void insp_facts(dbg_app *a, jsontree *t, const exec_visit *v, long index)
{
    const sfn_exec *ex = session_exec(a->sess);
    char label[200], note[300];
    if (exec_visit_details(v)->retries > 0) {
        snprintf(note, sizeof note, "\xe2\x86\xbb%ld: retried %ld time%s ($$.State.RetryCount)",
                 exec_visit_details(v)->retries, exec_visit_details(v)->retries,
                 exec_visit_details(v)->retries == 1 ? "" : "s");
        jt_add(t, "retries", NULL, note);
    }
    if (exec_visit_details(v)->error) {
        jv *e = jv_object_set_take(jv_object(), "Error", jv_string(exec_visit_details(v)->error));
        if (exec_visit_details(v)->cause)
            e = jv_object_set_take(e, "Cause", jv_string(exec_visit_details(v)->cause));
        const exec_visit *next = exec_visit_at(ex, (size_t)index + 1);
        const asl_state *to = next ? next->state : exec_current_state(ex);
        if (exec_visit_details(v)->caught)
            snprintf(label, sizeof label, "caught \xe2\x86\x92 %s", to ? to->name : "?");
        else
            snprintf(label, sizeof label, "error");
        jt_add(t, label, e, NULL);
        jv_unref(e);
        char where[700];
        if (uieval_visit_failure(ex, (size_t)index, where, sizeof where))
            jt_add(t, "expression", NULL, where);
    }
    if (exec_visit_details(v)->waiting) {
        const exec_pending_task *p = exec_pending(ex);
        jt_add(t, "waiting", NULL, p && p->activity && !p->started
                                      ? "\xe2\x8f\xb8 for a worker's GetActivityTask (--listen): x gives its result here"
                                  : p && p->activity
                                      ? "\xe2\x8f\xb8 for its worker's answer: x gives it here"
                                  : p && p->needs_result
                                      ? "\xe2\x8f\xb8 for its result (nothing answered it): x gives it"
                                      : "\xe2\x8f\xb8 for its task token: x answers");
    }
}

/* ResultPath's effect: what it changed in the state's input ("+ $.validation {…}"), or that
 * ResultPath null discarded the result; the whole document follows on its own row. */
static void insp_result_path_row(jsontree *t, const exec_visit *v, const jv *val)
{
    char note[400];
    if (v->state->result_path.mode == ASL_PATH_NULL)
        snprintf(note, sizeof note, "result discarded (ResultPath: null)");
    else
        stage_change_text(exec_visit_stage(v, EXEC_STAGE_INPUT), val, 3, note, sizeof note);
    jt_add(t, exec_stage_name(EXEC_STAGE_AFTER_RESULT_PATH), NULL, note[0] ? note : "(unchanged)");
    jt_add(t, "  \xe2\x94\x94 document", val, NULL);
}

/* A Map's afterItemSelector for one iteration (the picker's, or the one the user is in): its
 * input as its first state got it, and its fate. */
static void insp_selected_child_row(dbg_app *a, jsontree *t, long index)
{
    const sfn_exec *ex = session_exec(a->sess);
    long child = iterpick_selected_child(a, index);
    const jv *in = child >= 0 ? iterpick_child_input(ex, index, (size_t)child) : NULL;
    exec_child_info c;
    if (!in || !exec_visit_child(ex, (size_t)index, (size_t)child, &c))
        return;
    char label[64], note[160];
    snprintf(label, sizeof label, "  \xe2\x94\x94 iteration %ld", child);
    snprintf(note, sizeof note, "$$.Map.Item.Index %ld \xc2\xb7 %s (I picks another)", child,
             exec_child_status_name(c.status));
    jt_add(t, label, in, note);
}

/* What became of a Parallel's branches or a Map's iterations: a count of each status, and the
 * failed ones with their error (the first 100; the picker lists them all). */
static void insp_children_rows(dbg_app *a, jsontree *t, long index)
{
    const sfn_exec *ex = session_exec(a->sess);
    size_t n = exec_visit_children(ex, (size_t)index);
    if (n == 0)
        return;
    char summary[240];
    iterpick_summary(ex, index, summary, sizeof summary);
    const char *counts = strchr(summary, ':');
    jt_add(t, exec_visit_at(ex, (size_t)index)->state->type == ASL_MAP ? "iterations" : "branches",
           NULL, counts ? counts + 2 : summary);
    size_t failed = exec_visit_failed_children(ex, (size_t)index);
    if (failed == 0)
        return;
    jv *list = jv_object();
    for (size_t i = 0; i < failed && i < 100; i++) {
        long child = exec_visit_failed_child(ex, (size_t)index, i);
        exec_child_info c;
        if (child < 0 || !exec_visit_child(ex, (size_t)index, (size_t)child, &c))
            continue;
        char key[32];
        snprintf(key, sizeof key, "%ld", child);
        jv *e = jv_object_set_take(jv_object(), "Error", c.error ? jv_string(c.error) : jv_null());
        e = jv_object_set_take(e, "Cause", c.cause ? jv_string(c.cause) : jv_null());
        list = jv_object_set_take(list, key, e);
    }
    char note[80];
    snprintf(note, sizeof note, "%zu failed%s", failed, failed > 100 ? " (the first 100)" : "");
    jt_add(t, "  \xe2\x94\x94 failed", list, note);
    jv_unref(list);
}

/* The stages a visit's state has (exec_stage_applies), and of a Map's only those its fields
 * make (AWS's TestState lists no other): afterItemBatcher with an ItemBatcher,
 * afterParameters for the older Parameters alone. */
static bool insp_stage_shown(const asl_state *st, exec_stage s)
{
    if (!exec_stage_applies(st, s))
        return false;
    if (st->type != ASL_MAP)
        return true;
    if (s == EXEC_STAGE_AFTER_ITEM_BATCHER)
        return st->map.item_batcher != NULL;
    if (s == EXEC_STAGE_AFTER_PARAMETERS)
        return !st->map.item_selector && st->parameters;
    return true;
}

/* Each stage beside the one before it: the same node, or the same remembered size (jv.h:
 * free after the first frame) and then equal, is "(unchanged)"; jv_equal skips every
 * subtree the two share, so nothing here serializes a document. */
static void insp_stages(dbg_app *a, jsontree *t, const exec_visit *v, long index)
{
    const jv *prev = NULL;
    bool in_flight = index == app_in_flight_visit(a);
    bool map = v->state->type == ASL_MAP;
    for (int s = 0; s < EXEC_STAGE_COUNT; s++) {
        const jv *val = exec_visit_stage(v, s);
        const char *name = exec_stage_label(v->state, (exec_stage)s);
        if (map && s == EXEC_STAGE_AFTER_PARAMETERS) /* after the item stages */
            insp_selected_child_row(a, t, index);
        if (s == EXEC_STAGE_AFTER_RESULT_SELECTOR) /* after the children's results */
            insp_children_rows(a, t, index);
        if (!insp_stage_shown(v->state, (exec_stage)s))
            continue;
        if (s == EXEC_STAGE_OUTPUT) /* a Choice decides between its input and its output */
            choice_rows_add(t, v);
        if (!val)
            jt_add(t, name, NULL, in_flight && s >= EXEC_STAGE_RESULT ? "(not yet)" : "(did not run)");
        else if (s == EXEC_STAGE_AFTER_RESULT_PATH)
            insp_result_path_row(t, v, val);
        else if (prev && (val == prev || (jv_serialized_size(val) == jv_serialized_size(prev) &&
                                          jv_equal(val, prev))))
            jt_add(t, name, NULL, "(unchanged)");
        else
            jt_add(t, name, val, NULL);
        if (val)
            prev = val;
    }
    if (exec_visit_details(v)->assigned) /* TestState's "variables": what the state's Assign set */
        jt_add(t, "variables", exec_visit_details(v)->assigned,
               "set by Assign (Vars: before and after)");
    insp_facts(a, t, v, index);
}

/* A structural diff, input -> output, as tree entries "+ path", "- path", "~ path". */
static void insp_diff_walk(jsontree *t, const jv *a, const jv *b, const char *path, int *budget)
{
    if (*budget <= 0)
        return;
    char label[600];
    if (a && b && jv_is_object(a) && jv_is_object(b)) {
        for (size_t i = 0; i < jv_object_size(a) && *budget > 0; i++) {
            const jv *key = jv_object_key_at(a, i);
            const char *k = jv_string_value(key);
            char sub[512];
            snprintf(sub, sizeof sub, "%s.%s", path, k);
            insp_diff_walk(t, jv_object_value_at(a, i),
                           jv_object_get_n(b, k, jv_string_length(key)), sub, budget);
        }
        for (size_t i = 0; i < jv_object_size(b) && *budget > 0; i++) {
            const jv *key = jv_object_key_at(b, i);
            const char *k = jv_string_value(key);
            if (jv_object_get_n(a, k, jv_string_length(key)))
                continue;
            char sub[512];
            snprintf(sub, sizeof sub, "%s.%s", path, k);
            insp_diff_walk(t, NULL, jv_object_value_at(b, i), sub, budget);
        }
        return;
    }
    if (a && b && jv_equal(a, b))
        return;
    (*budget)--;
    if (!a) {
        snprintf(label, sizeof label, "+ %s", path);
        jt_add(t, label, b, NULL);
    } else if (!b) {
        snprintf(label, sizeof label, "- %s", path);
        jt_add(t, label, a, NULL);
    } else {
        char was[120], note[160];
        jt_preview(a, was, 60);
        snprintf(note, sizeof note, "was %s", was);
        snprintf(label, sizeof label, "~ %s", path);
        jt_add(t, label, b, note);
    }
}

/* The Variables tab: what the state's Assign set ("= name"), then every variable in scope
 * (before the state's own Assign, which is what its expressions saw). */
static void insp_fill_vars(jsontree *t, const jv *assigned, const jv *scope, const char *when)
{
    char label[160], note[200];
    for (size_t i = 0; assigned && i < jv_object_size(assigned); i++) {
        const char *name = jv_string_value(jv_object_key_at(assigned, i));
        const jv *was = scope ? jv_object_get(scope, name) : NULL;
        char old[120];
        if (was)
            jt_preview(was, old, 80);
        snprintf(note, sizeof note, "set by this state's Assign (%s%s)", was ? "was " : "new",
                 was ? old : "");
        snprintf(label, sizeof label, "= $%s", name);
        jt_add(t, label, jv_object_value_at(assigned, i), note);
    }
    for (size_t i = 0; scope && i < jv_object_size(scope); i++) {
        snprintf(label, sizeof label, "$%s", jv_string_value(jv_object_key_at(scope, i)));
        jt_add(t, label, jv_object_value_at(scope, i), when);
    }
    if (jt_count(t) == 0)
        jt_add(t, NULL, NULL, "(no variables in scope)");
}

static void insp_fill_visit(dbg_app *a, const exec_visit *v, long index)
{
    insp_state *s = insp_of(a);
    const exec_visit_detail *d = exec_visit_details(v);
    const exec_event *ev = a->subj.event >= 0
                               ? exec_event_at(session_exec(a->sess), (size_t)a->subj.event) : NULL;
    if (ev && ev->data) {
        char name[80], label[120];
        exec_event_name(ev, name, sizeof name);
        snprintf(label, sizeof label, "event %ld %s", (long)ev->id, name);
        jt_add(s->tree[TAB_INPUT], label, ev->data, NULL);
    }
    jt_add(s->tree[TAB_INPUT], NULL, exec_visit_stage(v, EXEC_STAGE_INPUT), NULL);
    insp_stages(a, s->tree[TAB_STAGES], v, index);
    if (exec_visit_stage(v, EXEC_STAGE_OUTPUT))
        jt_add(s->tree[TAB_OUTPUT], NULL, exec_visit_stage(v, EXEC_STAGE_OUTPUT), NULL);
    else
        jt_add(s->tree[TAB_OUTPUT], NULL, NULL,
               d->error && !d->caught ? "(the state failed: see Stages)"
               : d->waiting ? "(waiting for its answer)" : "(no output)");
    jv *ctx = exec_visit_context(session_exec(a->sess), (size_t)index);
    jt_add(s->tree[TAB_CONTEXT], NULL, ctx, NULL);
    jv_unref(ctx);
    int budget = 500;
    if (exec_visit_stage(v, EXEC_STAGE_OUTPUT))
        insp_diff_walk(s->tree[TAB_DIFF], exec_visit_stage(v, EXEC_STAGE_INPUT),
                       exec_visit_stage(v, EXEC_STAGE_OUTPUT), "$", &budget);
    else
        jt_add(s->tree[TAB_DIFF], NULL, NULL, "(no output to compare)");
    insp_fill_vars(s->tree[TAB_VARS], d->assigned, v->variables, "in scope when it ran");
}

static void insp_refresh(dbg_app *a)
{
    insp_state *s = insp_of(a);
    const sfn_exec *ex = session_exec(a->sess);
    for (int i = 0; i < TAB_COUNT; i++)
        jt_clear(s->tree[i]);
    if (rv_fill_inspector(a, s->tree)) {
        a->subj.stale = false;
        return;
    }
    const asl_state *st = a->subj.state;
    if (a->subj.kind == SUBJ_VISIT && a->subj.visit >= 0) {
        insp_fill_visit(a, exec_visit_at(ex, (size_t)a->subj.visit), a->subj.visit);
    } else if (a->subj.kind == SUBJ_PENDING) {
        jt_add(s->tree[TAB_INPUT], NULL, session_current_input(a->sess), NULL);
        jt_add(s->tree[TAB_STAGES], NULL, NULL, "(not run yet: n runs it)");
        jt_add(s->tree[TAB_OUTPUT], NULL, NULL, "(not run yet)");
        jv *ctx = session_context(a->sess, NULL);
        jt_add(s->tree[TAB_CONTEXT], NULL, ctx, NULL);
        jv_unref(ctx);
        jt_add(s->tree[TAB_DIFF], NULL, NULL, "(not run yet)");
        jv *vars = exec_frame_variables(ex, session_frame(a->sess));
        insp_fill_vars(s->tree[TAB_VARS], NULL, vars, NULL);
        jv_unref(vars);
    } else if (a->subj.kind == SUBJ_ENDED) {
        const exec_event *ev = a->subj.event >= 0 ? exec_event_at(ex, (size_t)a->subj.event) : NULL;
        const jv *data = ev ? ev->data : exec_output(ex);
        if (data)
            jt_add(s->tree[TAB_INPUT], NULL, data, NULL);
        if (exec_output(ex))
            jt_add(s->tree[TAB_OUTPUT], NULL, exec_output(ex), NULL);
        const exec_event_detail *evd = ev ? exec_event_details(ev) : &exec_event_no_detail;
        if (exec_error(ex) || evd->error) {
            jv *e = jv_object_set_take(jv_object(), "Error",
                                       jv_string(evd->error ? evd->error : exec_error(ex)));
            const char *cause = evd->cause ? evd->cause : exec_cause(ex);
            if (cause)
                e = jv_object_set_take(e, "Cause", jv_string(cause));
            jt_add(s->tree[TAB_OUTPUT], "error", e, NULL);
            jv_unref(e);
        }
    } else {
        jt_add(s->tree[TAB_INPUT], NULL, NULL, "(this state has not run)");
    }
    for (int i = 0; i < TAB_COUNT; i++)
        if (jt_count(s->tree[i]) == 0 && i != TAB_DEFINITION && i != TAB_VARS &&
            i != TAB_SERVICES)
            jt_add(s->tree[i], NULL, NULL, "(nothing)");
    if (st)
        jt_add(s->tree[TAB_DEFINITION], NULL, st->json, NULL);
    else
        jt_add(s->tree[TAB_DEFINITION], NULL, asl_definition_json(a->cfg.def), NULL);
    if (jt_count(s->tree[TAB_VARS]) == 0)
        jt_add(s->tree[TAB_VARS], NULL, NULL, "(no variables in scope)");
    s->services_stale = true;
    a->subj.stale = false;
}

/* ---- drawing ---- */

static attr_t insp_value_attr(const term *t, const jv *v)
{
    switch (jv_kind_of(v)) {
    case JV_STRING: return t->attr[TA_JSON_STRING];
    case JV_NUMBER: return t->attr[TA_JSON_NUMBER];
    case JV_OBJECT: case JV_ARRAY: return A_NORMAL;
    default: return t->attr[TA_JSON_LITERAL];
    }
}

/* The value part of a row at (y, x), room cells: an open container's size, or a preview
 * (a closed container's size after it). Returns the cells used. */
static int insp_draw_value(const term *tm, WINDOW *w, const jt_row *r, int y, int x, int room,
                           attr_t base)
{
    char buf[1024], size[64];
    if (r->open) {
        jt_size_text(r->value, size, sizeof size);
        if (r->container)
            snprintf(buf, sizeof buf, "%s %s", jv_is_array(r->value) ? "[" : "{", size);
        else
            snprintf(buf, sizeof buf, "%s", size);
        return term_text(tm, w, y, x, buf, room, tm->attr[TA_DIM] | base);
    }
    size_t max = (size_t)room + 3 < sizeof buf ? (size_t)room + 3 : sizeof buf;
    jt_preview(r->value, buf, max);
    int used = term_text(tm, w, y, x, buf, room, insp_value_attr(tm, r->value) | base);
    if (r->container && used + 2 < room) {
        jt_size_text(r->value, size, sizeof size);
        char tail[80];
        snprintf(tail, sizeof tail, "  %s", size);
        used += term_text(tm, w, y, x + used, tail, room - used, tm->attr[TA_DIM] | base);
    }
    return used;
}

static void insp_draw_row(dbg_app *a, pane *p, jsontree *t, const jt_row *r, int y, bool cur)
{
    const term *tm = &a->t;
    WINDOW *w = p->win;
    int width = app_inner_w(p), x = 1;
    attr_t base = cur ? tm->attr[TA_CURSOR] : A_NORMAL;
    if (cur)
        term_fill(w, y, 1, width, base);
    const char *label = jt_entry_label(t, r->entry), *note = jt_entry_note(t, r->entry);
    if (r->kind == JT_ROW_LIMIT) {
        term_text(tm, w, y, x, "… (too many rows: fold something)", width, tm->attr[TA_NOTE] | base);
        return;
    }
    if (r->kind == JT_ROW_EMPTY) {
        if (label && r->cont_off == 0) {
            char l[300];
            int pad = 20 - layout_text_width(label);
            snprintf(l, sizeof l, "  %s%*s", label, pad > 0 ? pad : 0, "");
            term_text(tm, w, y, x, l, width, base | A_BOLD);
        }
        /* the note's part on this row (a long note wraps: jt_note_column) */
        char part[1024];
        size_t n = r->cont_len < sizeof part ? r->cont_len : sizeof part - 1;
        memcpy(part, note ? note + r->cont_off : "", note ? n : 0);
        part[note ? n : 0] = '\0';
        x = jt_note_column(label);
        const char *shown = part;
        while (r->cont_off > 0 && *shown == ' ') /* a wrapped row starts at its word */
            shown++;
        term_text(tm, w, y, x, shown, width - x + 1, tm->attr[TA_NOTE] | base);
        return;
    }
    x += 2 * r->depth;
    if (r->kind == JT_ROW_CONT) {
        const char *s = jv_string_value(r->value) + r->cont_off;
        term_text(tm, w, y, x + 2, s, width - x - 2, tm->attr[TA_JSON_STRING] | base);
        return;
    }
    bool foldable = r->container || r->open || (jv_is_string(r->value) && jv_string_length(r->value) > 40);
    term_glyph(tm, w, y, x, foldable ? (r->open ? 0x25BE : 0x25B8) : ' ', base);
    x += 2;
    char keybuf[300];
    if (r->depth == 0 && label) {
        int pad = 21 - layout_text_width(label); /* labels may hold glyphs: pad by cells */
        snprintf(keybuf, sizeof keybuf, "%s%*s", label, pad > 1 ? pad : 1, "");
        x += term_text(tm, w, y, x, keybuf, width - x, base | A_BOLD);
    } else if (r->key) {
        snprintf(keybuf, sizeof keybuf, "%s: ", r->key);
        x += term_text(tm, w, y, x, keybuf, width - x, tm->attr[TA_JSON_KEY] | base);
    } else if (r->index >= 0) {
        snprintf(keybuf, sizeof keybuf, "%ld: ", r->index);
        x += term_text(tm, w, y, x, keybuf, width - x, tm->attr[TA_DIM] | base);
    }
    int room = width - x;
    if (room <= 0)
        return;
    int used = insp_draw_value(tm, w, r, y, x, room, base);
    /* a top-level note after the value: the Diff tab's "was ..." */
    if (note && r->depth == 0 && used + 2 < room) {
        char after[300];
        snprintf(after, sizeof after, "  %s", note);
        term_text(tm, w, y, x + used, after, room - used, tm->attr[TA_NOTE] | base);
    }
}

/* " · ↻2 · ↯ caught · ⏸ waiting": the visit's facts for the title. */
static void insp_title_facts(dbg_app *a, char *buf, size_t n)
{
    buf[0] = '\0';
    if (a->subj.kind != SUBJ_VISIT || a->subj.visit < 0)
        return;
    const sfn_exec *ex = session_exec(a->sess);
    const exec_visit *v = exec_visit_at(ex, (size_t)a->subj.visit);
    size_t l = 0;
    long nth = 0, count = 0; /* a loop's state: which of its visits this is */
    for (size_t i = 0; i < exec_visit_count(ex); i++)
        if (exec_visit_at(ex, i)->state == v->state) {
            count++;
            nth += i <= (size_t)a->subj.visit;
        }
    if (count > 1)
        l += (size_t)snprintf(buf, n, " · visit %ld of %ld", nth, count);
    if (exec_visit_details(v)->retries > 0 && l < n)
        l += (size_t)snprintf(buf + l, n - l, " · \xe2\x86\xbb%ld retried",
                              exec_visit_details(v)->retries);
    if (exec_visit_details(v)->caught && l < n)
        l += (size_t)snprintf(buf + l, n - l, " · \xe2\x86\xaf caught");
    else if (exec_visit_details(v)->error && l < n)
        l += (size_t)snprintf(buf + l, n - l, " · \xe2\x9c\x97 failed");
    if (exec_visit_details(v)->waiting && l < n)
        snprintf(buf + l, n - l, " · \xe2\x8f\xb8 waiting");
}

static void insp_title(dbg_app *a, char *buf, size_t n)
{
    if (rv_inspector_title(a, buf, n))
        return;
    const asl_state *s = a->subj.state;
    bool in_flight = a->subj.kind == SUBJ_VISIT && a->subj.visit == app_in_flight_visit(a);
    const char *how = a->subj.event >= 0 ? " · as of this event (Esc: now)"
                      : a->subj.kind == SUBJ_PENDING ? " · about to run"
                      : in_flight ? " · running"
                      : a->subj.kind == SUBJ_VISIT ? " · ran" : "";
    char facts[120];
    insp_title_facts(a, facts, sizeof facts);
    if (s)
        snprintf(buf, n, "2 State: %s · %s%s%s ", s->name, asl_state_type_name(s->type), how, facts);
    else
        snprintf(buf, n, "2 Execution: %s%s ", exec_status_name(exec_status_of(session_exec(a->sess))), how);
}

/* Where each tab's label starts (x from 1; -1: not shown) in a strip of width cells: " Name "
 * each when they all fit, else "Name" with one space between (true), and when even that is
 * too wide, from the first tab that lets the active one show. */
static bool insp_tab_layout(insp_tab active, int width, int xs[TAB_COUNT])
{
    int full = 0;
    for (int i = 0; i < TAB_COUNT; i++)
        full += (int)strlen(insp_names[i]) + 2;
    bool compact = full > width;
    for (int first = 0; first < TAB_COUNT; first++) {
        int x = 1;
        bool shown = false;
        for (int i = 0; i < TAB_COUNT; i++) {
            int w = (int)strlen(insp_names[i]) + (compact && (insp_tab)i != active ? 0 : 2);
            xs[i] = i >= first && x + w - 1 <= width ? x : -1;
            if (xs[i] >= 0)
                x += w + (compact ? 1 : 0);
            shown |= (insp_tab)i == active && xs[i] >= 0;
        }
        if (shown || first == (int)active)
            break;
    }
    return compact;
}

static void insp_draw(dbg_app *a, pane *p)
{
    if (a->subj.stale)
        insp_refresh(a);
    char title[400];
    insp_title(a, title, sizeof title);
    term_frame(&a->t, p->win, title, a->focus == PANE_INSPECTOR);
    int width = app_inner_w(p), h = app_inner_h(p);
    if (h < 2)
        return;
    /* the tab strip: the active tab bracketed and underlined (not colour alone) */
    int xs[TAB_COUNT];
    bool compact = insp_tab_layout(insp_of(a)->tab, width, xs);
    for (int i = 0; i < TAB_COUNT; i++) {
        bool on = insp_of(a)->tab == (insp_tab)i;
        if (xs[i] < 0)
            continue;
        char tab[32];
        snprintf(tab, sizeof tab, on ? "[%s]" : compact ? "%s" : " %s ", insp_names[i]);
        term_text(&a->t, p->win, 1, xs[i], tab, width - xs[i] + 1, on ? a->t.attr[TA_TAB_ACTIVE] : a->t.attr[TA_DIM]);
    }
    jsontree *t = insp_tree(a);
    jt_set_width(t, width);
    int body = h - 1;
    size_t top = jt_top(t, body), cur = jt_cursor(t), n = jt_count(t);
    for (int i = 0; i < body && top + (size_t)i < n; i++)
        insp_draw_row(a, p, t, jt_row_at(t, top + (size_t)i), 2 + i,
                      a->focus == PANE_INSPECTOR && top + (size_t)i == cur);
}

/* ---- actions ---- */

static void insp_copy(dbg_app *a, bool path)
{
    jsontree *t = insp_tree(a);
    const jt_row *r = jt_row_at(t, jt_cursor(t));
    if (!r || r->kind == JT_ROW_EMPTY || r->kind == JT_ROW_LIMIT) {
        app_message(a, true, "nothing to copy here");
        return;
    }
    char *text = path ? jv_xstrdup(jt_row_path(t, r)) : jv_dump_string(r->value, 0);
    size_t len = strlen(text);
    if (term_osc52(&a->t, text, len))
        app_message(a, false, "copied %s (%zu bytes, OSC 52)", path ? jt_row_path(t, r) : "the value", len);
    else
        app_message(a, true, "cannot copy: %zu bytes is more than OSC 52 carries (512 KiB)", len);
    free(text);
}

/* . and , : the next or previous match, said as "match 2 of 5". */
static void insp_search(dbg_app *a, jsontree *t, bool forward)
{
    const char *needle = insp_of(a)->search;
    jt_match m;
    if (!needle[0])
        app_message(a, true, "no search: / searches keys and values");
    else if (!jt_search(t, needle, forward, &m))
        app_message(a, true, "'%s' not found", needle);
    else
        app_message(a, false, "'%s': match %zu of %zu%s", needle, m.index, m.total,
                    m.wrapped ? (forward ? " (from the top)" : " (from the bottom)") : "");
}

static bool insp_act(dbg_app *a, pane *p, ui_action act)
{
    jsontree *t = insp_tree(a);
    int h = app_inner_h(p) - 1;
    switch (act) {
    case ACT_DOWN: jt_move(t, 1); break;
    case ACT_UP: jt_move(t, -1); break;
    case ACT_PAGE_DOWN: jt_move(t, h > 1 ? h - 1 : 1); break;
    case ACT_PAGE_UP: jt_move(t, -(h > 1 ? h - 1 : 1)); break;
    case ACT_HOME: jt_set_cursor(t, 0); break;
    case ACT_END: jt_set_cursor(t, (long)jt_count(t) - 1); break;
    case ACT_ENTER: case ACT_FOLD: jt_toggle(t); break;
    case ACT_RIGHT: jt_set_open(t, true); break;
    case ACT_LEFT: jt_set_open(t, false); break;
    case ACT_SEARCH_NEXT:
    case ACT_SEARCH_PREV:
        insp_search(a, t, act == ACT_SEARCH_NEXT);
        break;
    case ACT_COPY: insp_copy(a, false); break;
    case ACT_COPY_PATH: insp_copy(a, true); break;
    default: return false;
    }
    app_dirty(a, PANE_INSPECTOR);
    return true;
}

static void insp_click(dbg_app *a, pane *p, int y, int x)
{
    if (y == 1) { /* the tab strip */
        int xs[TAB_COUNT];
        bool compact = insp_tab_layout(insp_of(a)->tab, app_inner_w(p), xs);
        for (int i = 0; i < TAB_COUNT; i++) {
            int w = (int)strlen(insp_names[i]) + (compact && (insp_tab)i != insp_of(a)->tab ? 0 : 2);
            if (xs[i] >= 0 && x >= xs[i] && x < xs[i] + w) {
                insp_pane_set_tab(a, (insp_tab)i);
                return;
            }
        }
        return;
    }
    jsontree *t = insp_tree(a);
    size_t top = jt_top(t, app_inner_h(p) - 1);
    long row = (long)top + y - 2;
    if (row >= 0 && (size_t)row < jt_count(t)) {
        if ((size_t)row == jt_cursor(t))
            jt_toggle(t);
        else
            jt_set_cursor(t, row);
    }
}

static void insp_wheel(dbg_app *a, pane *p, int delta)
{
    jt_scroll(insp_tree(a), delta, app_inner_h(p) - 1);
}

const pane_ops pane_inspector_ops = {"inspector", insp_create, insp_destroy, insp_draw, insp_act,
                                     insp_click, insp_wheel};
