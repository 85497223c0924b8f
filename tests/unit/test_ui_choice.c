/*
 * test_ui_choice — what the debugger shows of a Choice's decision, headless: the Stages tab's
 * rows (ui/choicerows), a long note wrapped rather than cut (ui/jsontree), the edges the
 * execution went along and the one the selected visit took (ui/graphpath), drawn heavy with
 * junctions per arm (ui/canvas, ui/graphdraw).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "tap.h"
#include "ui/canvas.h"
#include "ui/choicerows.h"
#include "ui/graphdraw.h"
#include "ui/graphpath.h"
#include "ui/jsontree.h"
#include "ui/layout.h"

static const char *routing =
    "{\"StartAt\":\"Normalize\",\"States\":{"
    "\"Normalize\":{\"Type\":\"Pass\",\"Next\":\"Validate\"},"
    "\"Validate\":{\"Type\":\"Choice\",\"Choices\":["
    "{\"Or\":[{\"Variable\":\"$.amount\",\"IsNumeric\":false},"
    "{\"Variable\":\"$.amount\",\"NumericLessThanEquals\":0}],\"Next\":\"Rejected\"},"
    "{\"Variable\":\"$.amount\",\"NumericGreaterThanEquals\":1000,\"Next\":\"Large\"},"
    "{\"Variable\":\"$.customer\",\"StringMatches\":\"*@example.com\",\"Next\":\"Internal\"}],"
    "\"Default\":\"Accept\"},"
    "\"Large\":{\"Type\":\"Pass\",\"Next\":\"Accept\"},"
    "\"Internal\":{\"Type\":\"Pass\",\"Next\":\"Accept\"},"
    "\"Accept\":{\"Type\":\"Succeed\"},"
    "\"Rejected\":{\"Type\":\"Fail\",\"Error\":\"Order.Invalid\"}}}";

typedef struct {
    asl_definition *def;
    sfn_exec *ex;
    lay_graph *g;
} fixture;

/* Runs steps transitions (0: to the end) of the definition on input, tasks answered by r
 * (NULL: none), and lays it out. */
static fixture run_def(const char *definition, const char *input, long steps,
                       const task_resolver *r)
{
    fixture f = {defload(definition), NULL, NULL};
    exec_options o;
    exec_options_init(&o);
    o.has_seed = true;
    o.resolvers = r;
    o.nresolvers = r ? 1 : 0;
    jv *in = jv_parse(input, strlen(input), 0, NULL);
    f.ex = exec_new(f.def, in, &o);
    jv_unref(in);
    if (steps)
        for (long i = 0; i < steps; i++)
            exec_step(f.ex);
    else
        exec_run(f.ex, 0);
    const asl_machine *root = asl_definition_root(f.def);
    f.g = layout_compute(&root, 1, NULL);
    return f;
}

/* Runs steps transitions of routing on input. */
static fixture run(const char *input, long steps)
{
    return run_def(routing, input, steps, NULL);
}

static void done(fixture *f)
{
    layout_free(f->g);
    exec_free(f->ex);
    asl_definition_free(f->def);
}

static long visit_of(const fixture *f, const char *name)
{
    for (size_t i = 0; i < exec_visit_count(f->ex); i++)
        if (!strcmp(exec_visit_at(f->ex, i)->state->name, name))
            return (long)i;
    return -1;
}

/* The index of the edge from state a to state b of kind k, or -1. */
static long edge(const fixture *f, const char *a, const char *b, lay_edge_kind k)
{
    for (size_t i = 0; i < f->g->nedges; i++) {
        const lay_edge *e = &f->g->edges[i];
        if (e->kind == k && !strcmp(f->g->nodes[e->from].state->name, a) &&
            !strcmp(f->g->nodes[e->to].state->name, b))
            return (long)i;
    }
    return -1;
}

static int mark(const uint8_t *m, long e) { return e >= 0 ? m[e] : -1; }

/* The entry whose label is label (-1 none), for the rows' checks. */
static int entry(const jsontree *t, size_t n, const char *label)
{
    for (size_t i = 0; i < n; i++)
        if (jt_entry_label(t, (int)i) && !strcmp(jt_entry_label(t, (int)i), label))
            return (int)i;
    return -1;
}

/* The note of the entry labelled label, "" when there is none. */
static const char *note_of(const jsontree *t, size_t n, const char *label)
{
    int e = entry(t, n, label);
    return e >= 0 && jt_entry_note(t, e) ? jt_entry_note(t, e) : "";
}

/* The Stages rows of the fixture's Validate visit (a new tree). */
static jsontree *rows_of(const fixture *f)
{
    jsontree *t = jt_new(0);
    long vi = visit_of(f, "Validate");
    if (vi >= 0)
        choice_rows_add(t, exec_visit_at(f->ex, (size_t)vi));
    return t;
}

static void test_rows(void)
{
    fixture f = run("{\"amount\":1250,\"customer\":\"ann@shop.test\"}", 2);
    long vi = visit_of(&f, "Validate");
    const exec_visit *v = vi >= 0 ? exec_visit_at(f.ex, (size_t)vi) : NULL;
    if (!tap_ok(v && exec_visit_choice(v), "the Choice ran and is explained")) {
        done(&f);
        return;
    }
    jsontree *t = jt_new(0);
    choice_rows_add(t, v);
    size_t n = jt_count(t);
    tap_is_str(jt_entry_label(t, 0), "taken", "the first row says what was taken");
    tap_is_str(jt_entry_note(t, 0), "rule 2 \xe2\x86\x92 Large", "rule 2 → Large");
    int r1 = entry(t, n, "\xe2\x9c\x97 rule 1"), r2 = entry(t, n, "\xe2\x9c\x93 rule 2");
    int r3 = entry(t, n, "  rule 3");
    tap_ok(r1 > 0 && r2 > r1 && r3 > r2, "the rules in order: ✗ rule 1, ✓ rule 2, rule 3");
    tap_is_str(r1 > 0 ? jt_entry_note(t, r1) : "", "Or (2 rules)  \xe2\x86\x92 Rejected",
               "rule 1's text and its Next");
    tap_is_str(r2 > 0 ? jt_entry_note(t, r2) : "",
               "$.amount NumericGreaterThanEquals 1000  \xe2\x86\x92 Large", "rule 2's text");
    tap_ok(r3 > 0 && !strncmp(jt_entry_note(t, r3), "(not evaluated) $.customer StringMatches", 40),
           "rule 3 is not evaluated");
    int sub = entry(t, n, "  \xe2\x9c\x97 1.1");
    tap_ok(sub == r1 + 1, "rule 1's first sub-rule follows it, indented: ✗ 1.1");
    int val = entry(t, n, "      value");
    tap_ok(val == sub + 1, "then the value its Variable had");
    const jt_row *row = NULL;
    for (size_t i = 0; i < n && !row; i++)
        if (jt_row_at(t, i)->entry == val)
            row = jt_row_at(t, i);
    char buf[64] = "";
    if (row && row->value)
        jt_preview(row->value, buf, sizeof buf);
    tap_is_str(buf, "1250", "value 1250");
    tap_is_str(note_of(t, n, "  Default"), "(not taken) \xe2\x86\x92 Accept", "the Default, not taken");
    jt_free(t);
    done(&f);

    fixture d = run("{\"amount\":10,\"customer\":\"bob@shop.test\"}", 2);
    t = rows_of(&d);
    n = jt_count(t);
    tap_is_str(jt_entry_note(t, 0), "no rule matched: Default \xe2\x86\x92 Accept", "Default → Accept");
    tap_ok(entry(t, n, "\xe2\x9c\x97 rule 3") > 0, "rule 3 evaluated, did not match");
    tap_is_str(note_of(t, n, "\xe2\x9c\x93 Default"), "\xe2\x86\x92 Accept", "✓ Default → Accept");
    jt_free(t);
    done(&d);

    fixture m = run("{\"customer\":\"x\"}", 2);
    t = rows_of(&m);
    n = jt_count(t);
    tap_is_str(jt_entry_note(t, 0), "rule 1 failed: States.Runtime", "a missing $.amount fails rule 1");
    tap_is_str(note_of(t, n, "      value"), "not present", "its value: not present");
    jt_free(t);
    done(&m);
}

/* A JSONata rule's row is its Condition, and what it returned is its value row. */
static void test_jsonata_rows(void)
{
    const char *def =
        "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"Validate\",\"States\":{\"Validate\":{"
        "\"Type\":\"Choice\",\"Choices\":[{\"Condition\":\"{% $states.input.total > 100 %}\","
        "\"Next\":\"Big\"}],\"Default\":\"Small\"},\"Big\":{\"Type\":\"Succeed\"},"
        "\"Small\":{\"Type\":\"Succeed\"}}}";
    fixture f = run_def(def, "{\"total\":5}", 0, NULL);
    jsontree *t = rows_of(&f);
    size_t n = jt_count(t);
    int r1 = entry(t, n, "\xe2\x9c\x97 rule 1"), ret = entry(t, n, "    returned");
    tap_is_str(r1 > 0 ? jt_entry_note(t, r1) : "", "{% $states.input.total > 100 %}  \xe2\x86\x92 Big",
               "a JSONata rule is its Condition");
    char buf[16] = "";
    for (size_t i = 0; i < n; i++)
        if (jt_row_at(t, i)->entry == ret && jt_row_at(t, i)->value)
            jt_preview(jt_row_at(t, i)->value, buf, sizeof buf);
    tap_is_str(buf, "false", "and what it returned");
    tap_is_str(jt_entry_note(t, 0), "no rule matched: Default \xe2\x86\x92 Small", "Default → Small");
    jt_free(t);
    done(&f);
}

static void test_note_wrap(void)
{
    jsontree *t = jt_new(0);
    const char *note = "(not evaluated) $.customer.address.country StringEquals "
                       "\"a rather long operand that cannot fit on one row\"  \xe2\x86\x92 Internal";
    jt_add(t, "  rule 3", NULL, note);
    jt_set_width(t, 60);
    size_t n = jt_count(t);
    int room = 60 - jt_note_column("  rule 3") + 1;
    bool fits = true, words = true;
    char whole[400] = "";
    for (size_t i = 0; i < n; i++) {
        const jt_row *r = jt_row_at(t, i);
        fits = fits && r->kind == JT_ROW_EMPTY && (int)r->cont_len <= room;
        strncat(whole, note + r->cont_off, r->cont_len);
        if (i + 1 < n)
            words = words && note[r->cont_off + r->cont_len - 1] == ' ';
    }
    tap_ok(n >= 2, "a long note takes more than one row (%zu)", n);
    tap_ok(fits, "each row fits the pane");
    tap_ok(words, "rows break after a space, not inside a word");
    tap_is_str(whole, note, "the rows together hold the whole note: nothing cut");
    tap_is_int(jt_row_at(t, 1)->cont_off > 0, 1, "the continuation row starts past the label");
    jt_free(t);
}

static void test_path(void)
{
    fixture f = run("{\"amount\":1250,\"customer\":\"ann@shop.test\"}", 2);
    long vi = visit_of(&f, "Validate");
    uint8_t *m = graph_path_marks(f.g, f.ex, vi);
    tap_is_int(mark(m, edge(&f, "Normalize", "Validate", LAY_EDGE_NEXT)), GD_EDGE_PATH,
               "Normalize → Validate is on the path");
    tap_is_int(mark(m, edge(&f, "Validate", "Large", LAY_EDGE_CHOICE)), GD_EDGE_TAKEN,
               "the selected Choice's rule 2 edge (→ Large, the state about to run) is the one taken");
    tap_is_int(mark(m, edge(&f, "Validate", "Internal", LAY_EDGE_CHOICE)), GD_EDGE_PLAIN,
               "rule 3's edge is not");
    tap_is_int(mark(m, edge(&f, "Validate", "Accept", LAY_EDGE_DEFAULT)), GD_EDGE_PLAIN,
               "nor the Default's");
    tap_is_int(mark(m, edge(&f, "Large", "Accept", LAY_EDGE_NEXT)), GD_EDGE_PLAIN,
               "nor what has not run yet");
    free(m);
    m = graph_path_marks(f.g, f.ex, -1);
    tap_is_int(mark(m, edge(&f, "Validate", "Large", LAY_EDGE_CHOICE)), GD_EDGE_PATH,
               "no visit selected: the same edge is on the path");
    canvas *cv = graphdraw_render_path(f.g, NULL, NULL, m);
    char *text = canvas_to_text(cv, false), *ascii = canvas_to_text(cv, true);
    tap_ok(strstr(text, "\xe2\x94\x83") != NULL, "the path is drawn with heavy lines (┃)");
    tap_ok(strstr(text, "\xe2\x94\x82") != NULL, "the other edges stay light (│)");
    tap_ok(strchr(ascii, '=') || strchr(ascii, 'H'), "the ASCII fallback marks it too (= / H)");
    free(text);
    free(ascii);
    canvas_free(cv);
    free(m);
    exec_run(f.ex, 0);
    m = graph_path_marks(f.g, f.ex, visit_of(&f, "Large"));
    tap_is_int(mark(m, edge(&f, "Large", "Accept", LAY_EDGE_NEXT)), GD_EDGE_TAKEN,
               "at the end: Large's visit took Large → Accept");
    tap_is_int(mark(m, edge(&f, "Validate", "Large", LAY_EDGE_CHOICE)), GD_EDGE_PATH,
               "and the Choice's edge stays on the path");
    free(m);
    long vn = visit_of(&f, "Normalize");
    m = graph_path_marks_upto(f.g, f.ex, vn, vn);
    tap_is_int(mark(m, edge(&f, "Normalize", "Validate", LAY_EDGE_NEXT)), GD_EDGE_TAKEN,
               "as of Normalize's visit: the edge it took");
    tap_is_int(mark(m, edge(&f, "Validate", "Large", LAY_EDGE_CHOICE)), GD_EDGE_PLAIN,
               "and none made after it");
    tap_is_int(mark(m, edge(&f, "Large", "Accept", LAY_EDGE_NEXT)), GD_EDGE_PLAIN,
               "nor the last one");
    free(m);
    long vv = visit_of(&f, "Validate");
    m = graph_path_marks_upto(f.g, f.ex, -1, vv);
    tap_is_int(mark(m, edge(&f, "Validate", "Large", LAY_EDGE_CHOICE)), GD_EDGE_PATH,
               "as of the Choice: its rule's edge is on the path");
    tap_is_int(mark(m, edge(&f, "Large", "Accept", LAY_EDGE_NEXT)), GD_EDGE_PLAIN,
               "the transition after it is not");
    free(m);
    done(&f);

    fixture d = run("{\"amount\":10,\"customer\":\"bob@shop.test\"}", 2);
    m = graph_path_marks(d.g, d.ex, visit_of(&d, "Validate"));
    tap_is_int(mark(m, edge(&d, "Validate", "Accept", LAY_EDGE_DEFAULT)), GD_EDGE_TAKEN,
               "a Default taken: its edge");
    free(m);
    done(&d);
}

/* Every task fails with Boom. */
static task_answer_kind fail_all(void *user, const task_call *call, task_answer *out)
{
    asl_error_set_raw(&out->error, "Boom", "it broke");
    return out->kind = TASK_ERROR;
}

/* A caught error's edge is its Catch, not the Next to the same state. */
static void test_caught_edge(void)
{
    const char *def =
        "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:lambda:us-east-1:123456789012:function:w\",\"Next\":\"Done\","
        "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Done\"}]},"
        "\"Done\":{\"Type\":\"Succeed\"}}}";
    task_resolver r = {"fail", fail_all, NULL};
    fixture f = run_def(def, "{}", 0, &r);
    uint8_t *m = graph_path_marks(f.g, f.ex, visit_of(&f, "Work"));
    tap_is_int(mark(m, edge(&f, "Work", "Done", LAY_EDGE_CATCH)), GD_EDGE_TAKEN,
               "the error was caught: the Catch edge is the one taken");
    tap_is_int(mark(m, edge(&f, "Work", "Done", LAY_EDGE_NEXT)), GD_EDGE_PLAIN,
               "not the Next to the same state");
    free(m);
    done(&f);
}

static void test_heavy_junctions(void)
{
    canvas *cv = canvas_new(5, 5);
    canvas_line(cv, 0, 2, 4, 2, false, ROLE_EDGE);   /* ─ across */
    canvas_line(cv, 2, 0, 2, 2, false, ROLE_EDGE);   /* │ down into it: ┴ */
    canvas_heavy_line(cv, 2, 0, 2, 2, ROLE_EDGE_PATH);
    canvas_heavy_line(cv, 2, 2, 0, 2, ROLE_EDGE_PATH);
    tap_is_int(canvas_glyph(cv, 2, 2), 0x2539, "up and left heavy, right light: ┹");
    tap_is_int(canvas_glyph(cv, 3, 2), 0x2500, "the light arm goes on light");
    tap_is_int(canvas_glyph(cv, 1, 2), 0x2501, "the heavy arm goes on heavy: ━");
    tap_is_int(canvas_at(cv, 1, 2)->role, ROLE_EDGE_PATH, "with the path's role");
    canvas_heavy_line(cv, 2, 2, 4, 2, ROLE_EDGE_TAKEN);
    tap_is_int(canvas_glyph(cv, 2, 2), 0x253B, "all three heavy: ┻");
    canvas_free(cv);
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    test_rows();
    test_jsonata_rows();
    test_note_wrap();
    test_path();
    test_caught_edge();
    test_heavy_junctions();
    return tap_done();
}
