/* jn_eval — the JSONata evaluator. See jn_eval.h. Mirrors the reference's
 * src/jsonata.js function by function (evaluatePath, evaluateStep, evaluateTupleStep,
 * evaluateFilter, evaluateGroupExpression, apply/applyInner, ...), so behaviour in the
 * corners (singleton sequences, flattening, tuple streams) matches it. */
#include "jn_eval.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jn_re.h"
#include "timeutil.h"

typedef struct {
    const char *name;
    size_t len;
    jn_val v;
} jn_binding;

struct jn_env {
    jn_env *parent;
    jn_binding *b;
    int n, cap;
};

static jn_val jn_eval(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env);
static jn_val jn_eval_function(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env,
                               const jn_val *applyto);

/* ---- errors ---- */

void jn_sb_init(jn_ctx *c, strbuf *sb, size_t limit)
{
    strbuf_init(sb, limit ? limit : c->h->limit);
    jn_live *l = jn_alloc(c->h, sizeof *l);
    l->sb = sb;
    l->prev = c->live;
    c->live = l;
}

void jn_sb_release(jn_ctx *c, strbuf *sb)
{
    for (jn_live **pp = &c->live; *pp; pp = &(*pp)->prev) {
        if ((*pp)->sb == sb) {
            *pp = (*pp)->prev;
            break;
        }
    }
    strbuf_cleanup(sb);
}

void jn_unwind(jn_ctx *c)
{
    for (jn_live *l = c->live; l; l = l->prev)
        strbuf_cleanup(l->sb);
    c->live = NULL;
    longjmp(*c->jb, 1);
}

void jn_throw(jn_ctx *c, const char *code, int pos)
{
    snprintf(c->err.code, sizeof c->err.code, "%s", code);
    if (c->err.pos < 0 || pos >= 0)
        c->err.pos = pos;
    jn_unwind(c);
}

void jn_throw_v(jn_ctx *c, const char *code, int pos, jn_val value)
{
    c->err.value = value;
    c->err.has_value = true;
    jn_throw(c, code, pos);
}

void jn_set_token(jn_ctx *c, const char *token)
{
    snprintf(c->err.token, sizeof c->err.token, "%s", token);
    c->op_token = NULL;
}

static void jn_throw_tok(jn_ctx *c, const char *code, int pos, const char *token)
    __attribute__((noreturn));
static void jn_throw_tok(jn_ctx *c, const char *code, int pos, const char *token)
{
    jn_set_token(c, token ? token : "");
    jn_throw(c, code, pos);
}

/* jn_count_steps past the budget, or past a multiple of 256 steps with a time limit */
static void jn_check_budget(jn_ctx *c, uint64_t before, int pos)
{
    if (c->max_steps && c->steps > c->max_steps) {
        c->err.message = "Expression evaluation timeout: Check for infinite loop";
        jn_throw(c, "U1001", pos);
    }
    if (c->deadline_ms && (before >> 8) != (c->steps >> 8)) {
        if (timeutil_monotonic_ms() > c->deadline_ms) {
            c->err.message = "Expression evaluation timeout: Check for infinite loop";
            jn_throw(c, "U1001", pos);
        }
    }
}

/* Counts k evaluation steps against the step budget, and reads the clock each time the
 * count passes a multiple of 256. */
static inline void jn_count_steps(jn_ctx *c, uint64_t k, int pos)
{
    uint64_t before = c->steps;
    c->steps += k;
    if ((c->max_steps && c->steps > c->max_steps) ||
        (c->deadline_ms && (before >> 8) != (c->steps >> 8)))
        jn_check_budget(c, before, pos);
}

static void jn_enter(jn_ctx *c, int pos)
{
    char here;
    c->depth++;
    if (c->depth > c->max_depth ||
        (c->stack_base && c->stack_base - (uintptr_t)&here > c->stack_limit)) {
        c->err.message = "Stack overflow error: Check for non-terminating recursive function.  "
                         "Consider rewriting as tail-recursive.";
        jn_throw(c, "U1001", pos);
    }
    jn_count_steps(c, 1, pos);
}

rng *jn_rng(jn_ctx *c)
{
    if (c->rnd)
        return c->rnd;
    if (!c->own_rng_seeded) {
        if (!rng_seed_os(&c->own_rng))
            rng_seed(&c->own_rng, (uint64_t)timeutil_now_ms());
        c->own_rng_seeded = true;
    }
    return &c->own_rng;
}

/* ---- environments ---- */

jn_env *jn_env_new(jn_ctx *c, jn_env *parent)
{
    /* most frames bind one or two names: room for two comes with the frame */
    jn_env *e = jn_alloc(c->h, sizeof *e + 2 * sizeof(jn_binding));
    e->parent = parent;
    e->b = (jn_binding *)(e + 1);
    e->n = 0;
    e->cap = 2;
    return e;
}

void jn_env_bind(jn_ctx *c, jn_env *env, const char *name, size_t len, jn_val v)
{
    for (int i = 0; i < env->n; i++) {
        if (env->b[i].len == len && memcmp(env->b[i].name, name, len) == 0) {
            env->b[i].v = v;
            return;
        }
    }
    if (env->n == env->cap) {
        int ncap = env->cap ? env->cap * 2 : 4;
        jn_binding *nb = jn_alloc(c->h, (size_t)ncap * sizeof *nb);
        if (env->n)
            memcpy(nb, env->b, (size_t)env->n * sizeof *nb);
        env->b = nb;
        env->cap = ncap;
    }
    env->b[env->n].name = name;
    env->b[env->n].len = len;
    env->b[env->n].v = v;
    env->n++;
}

/* lookups that fall off the outermost frame find the built-ins */
static jn_val jn_env_find(jn_ctx *c, jn_env *env, const char *name, size_t len)
{
    for (jn_env *e = env; e; e = e->parent) {
        for (int i = e->n - 1; i >= 0; i--)
            if (e->b[i].len == len && memcmp(e->b[i].name, name, len) == 0)
                return e->b[i].v;
    }
    if (!c)
        return jn_undef();
    int idx = jn_fn_find(name, len);
    if (idx < 0)
        return jn_undef();
    int nn;
    const jn_native *tab = jn_fn_table(&nn);
    jn_func *f = jn_zalloc(c->h, sizeof *f);
    f->kind = FN_NATIVE;
    f->native = &tab[idx];
    f->native_index = idx;
    if (!c->native_sigs[idx]) {
        char code[8];
        int off;
        c->native_sigs[idx] = jn_sig_parse(c->h, tab[idx].sig, strlen(tab[idx].sig), code, &off);
    }
    f->sig = c->native_sigs[idx];
    return jn_fn(f);
}

jn_val jn_env_lookup(jn_env *env, const char *name, size_t len)
{
    return jn_env_find(NULL, env, name, len);
}

static jn_env *jn_env_from_tuple(jn_ctx *c, jn_env *env, jn_val tuple)
{
    jn_env *e = jn_env_new(c, env);
    size_t n = jn_obj_size(tuple);
    for (size_t i = 0; i < n; i++) {
        jn_val k = jn_obj_key(tuple, i);
        jn_env_bind(c, e, k.u.s, k.len, jn_obj_value(tuple, i));
    }
    return e;
}

/* ---- sequences ---- */

static jn_val jn_seq_with(jn_ctx *c, jn_val item)
{
    jn_arr *a = jn_arr_new(c->h, 1);
    a->seq = true;
    jn_arr_push(c->h, a, item);   /* createSequence(x) keeps even undefined */
    return jn_arr_val(a);
}

/* fn.append: concat, so the result is a plain array */
jn_val jn_append(jn_ctx *c, jn_val a, jn_val b)
{
    if (jn_is_undef(a))
        return b;
    if (jn_is_undef(b))
        return a;
    size_t na = jn_is_arr(a) ? jn_len(a) : 1, nb = jn_is_arr(b) ? jn_len(b) : 1;
    jn_arr *r = jn_arr_new(c->h, (uint32_t)(na + nb));
    if (jn_is_arr(a))
        for (size_t i = 0; i < na; i++)
            r->items[r->n++] = jn_at(a, i);
    else
        r->items[r->n++] = a;
    if (jn_is_arr(b))
        for (size_t i = 0; i < nb; i++)
            r->items[r->n++] = jn_at(b, i);
    else
        r->items[r->n++] = b;
    return jn_arr_val(r);
}

static bool jn_is_array_of_numbers(jn_val v)
{
    if (!jn_is_arr(v))
        return false;
    size_t n = jn_len(v);
    for (size_t i = 0; i < n; i++)
        if (jn_at(v, i).t != JN_NUM)
            return false;
    return true;
}

/* an array flag can only be set on a heap array: copy a borrowed jv array first */
static jn_arr *jn_mutable_arr(jn_ctx *c, jn_val *v)
{
    if (v->t == JN_JARR)
        *v = jn_arr_val(jn_arr_copy(c->h, *v));
    return v->u.a;
}

/* ---- paths ---- */

/* A predicate whose value does not depend on the item, evaluated once: the same selection
 * as evaluating it per item (each item kept once per index naming it), in O(n + m). */
static jn_val jn_filter_constant(jn_ctx *c, jn_val r, jn_val input, jn_arr *res)
{
    size_t n = jn_len(input);
    if (r.t == JN_NUM) {
        jn_arr *one = jn_arr_new(c->h, 1);
        jn_arr_push(c->h, one, r);
        r = jn_arr_val(one);
    }
    if (!jn_is_array_of_numbers(r)) {
        if (jn_truthy(r))
            for (size_t i = 0; i < n; i++)
                jn_arr_push(c->h, res, jn_at(input, i));
        return jn_arr_val(res);
    }
    uint32_t *count = jn_zalloc(c->h, n * sizeof(uint32_t));
    size_t m = jn_len(r);
    for (size_t k = 0; k < m; k++) {
        double ii = floor(jn_at(r, k).u.n);
        if (ii < 0)
            ii += (double)n;
        if (ii >= 0 && ii < (double)n)
            count[(size_t)ii]++;
    }
    for (size_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < count[i]; k++)
            jn_arr_push(c->h, res, jn_at(input, i));
    return jn_arr_val(res);
}

static jn_val jn_eval_filter(jn_ctx *c, const jn_node *pred, jn_val input, jn_env *env)
{
    jn_arr *res = jn_arr_new(c->h, 0);
    res->seq = true;
    bool tuple = input.t == JN_ARR && input.u.a->tuple;
    res->tuple = tuple;
    if (!jn_is_arr(input))
        input = jn_seq_with(c, input);
    size_t n = jn_len(input);
    if (pred->type == N_NUMBER) {
        double idx = floor(pred->lit.u.n);
        if (idx < 0)
            idx += (double)n;
        if (idx >= 0 && idx < (double)n) {
            jn_val item = jn_at(input, (size_t)idx);
            if (!jn_is_undef(item)) {
                if (jn_is_arr(item))
                    return item;
                jn_arr_push(c->h, res, item);
            }
        }
        return jn_arr_val(res);
    }
    if (pred->constant && n > 0)
        return jn_filter_constant(c, jn_eval(c, pred, jn_at(input, 0), env), input, res);
    for (size_t i = 0; i < n; i++) {
        jn_val item = jn_at(input, i), context = item;
        jn_env *e = env;
        if (tuple) {
            context = jn_obj_get(item, "@", 1);
            e = jn_env_from_tuple(c, env, item);
        }
        jn_val r = jn_eval(c, pred, context, e);
        if (r.t == JN_NUM)
            r = jn_seq_with(c, r);
        if (jn_is_array_of_numbers(r)) {
            size_t m = jn_len(r);
            for (size_t k = 0; k < m; k++) {
                double ii = floor(jn_at(r, k).u.n);
                if (ii < 0)
                    ii += (double)n;
                if (ii == (double)i)
                    jn_arr_push(c->h, res, item);
            }
        } else if (jn_truthy(r)) {
            jn_arr_push(c->h, res, item);
        }
    }
    return jn_arr_val(res);
}

static jn_val jn_eval_sort(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env);

static jn_val jn_eval_stages(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env)
{
    jn_val r = input;
    for (int s = 0; s < n->nstages; s++) {
        const jn_stage *st = &n->stages[s];
        if (!st->is_index) {
            r = jn_eval_filter(c, st->expr, r, env);
        } else if (jn_is_arr(r)) {
            size_t m = jn_len(r);
            for (size_t i = 0; i < m; i++) {
                jn_val t = jn_at(r, i);
                if (t.t == JN_OBJ)
                    jn_obj_set(c->h, t.u.o, jn_cstr(st->var), jn_num((double)i));
            }
        }
    }
    return r;
}


/* A step with no stages, predicates, grouping or bindings. */
static bool jn_step_is_plain(const jn_node *step)
{
    return !step->nstages && !step->npreds && !step->group && !step->keep_array && !step->focus &&
           !step->index_var && !step->ancestor && !step->tuple && !step->consarray;
}

/* a plain step that is only a field name: the `a.b.c` of most paths */
static bool jn_step_is_plain_name(const jn_node *step)
{
    return step->type == N_NAME && jn_step_is_plain(step);
}

/* evaluateStep's flattening: an array result (not one an array constructor built) joins
 * the step's sequence item by item */
static void jn_push_flat(jn_ctx *c, jn_arr *out, jn_val r)
{
    if (!jn_is_arr(r) || (r.t == JN_ARR && r.u.a->cons)) {
        jn_arr_push(c->h, out, r);
        return;
    }
    size_t m = jn_len(r);
    for (size_t k = 0; k < m; k++)
        jn_arr_push(c->h, out, jn_at(r, k));
}

/* A run of plain name steps (`a.b.c`) evaluated depth first: each item of a step's result
 * goes straight on to the next step, so no sequence is built between the steps. The same
 * result as jn_eval_step step after step (flattening is concatenation, and concatenating
 * depth first keeps the order); a document object looks the name up directly (one counted
 * step, as jn_eval would count), any other item takes the general way. */
typedef struct {
    const jn_node *const *steps;
    int nsteps;
    jn_env *env;
    jn_arr *out;             /* the last step's sequence, from its second result on */
    size_t cap;              /* out's first capacity */
    size_t nresults, direct; /* the last step's defined results; direct lookups made */
    jn_val first;            /* the last step's first result */
} jn_name_run;

/* longest run evaluated in one descent (bounds its recursion) */
#define JN_NAME_RUN_MAX 64

static void jn_name_run_item(jn_ctx *c, jn_name_run *run, int k, jn_val item);
static const jv *jn_jobj_member(jn_ctx *c, const jv *o, const jn_node *name);

/* the last step's result joins the run's sequence (made when a second one comes: most
 * lookups in one object find one value) */
static void jn_name_run_start_out(jn_ctx *c, jn_name_run *run)
{
    run->out = jn_arr_new(c->h, run->nresults ? (uint32_t)run->cap : 0);
    run->out->seq = true;
    if (run->nresults)
        jn_push_flat(c, run->out, run->first);
}

static inline void jn_name_run_emit(jn_ctx *c, jn_name_run *run, jn_val r)
{
    if (run->nresults == 0) {
        run->first = r;
    } else {
        if (!run->out)
            jn_name_run_start_out(c, run);
        if (r.t == JN_ARR || r.t == JN_JARR)
            jn_push_flat(c, run->out, r);
        else
            jn_arr_push(c->h, run->out, r);
    }
    run->nresults++;
}

/* step k over a document object: found members go on without becoming jn_val (objects,
 * and the objects of arrays, which the step would flatten into the next one's input) */
static void jn_name_run_object(jn_ctx *c, jn_name_run *run, int k, const jv *o)
{
    run->direct++;
    const jv *m = jn_jobj_member(c, o, run->steps[k]);
    if (!m)
        return;
    if (k == run->nsteps - 1) {
        jn_name_run_emit(c, run, jn_from_jv(m));
        return;
    }
    jv_kind kind = jv_kind_of(m);
    if (kind == JV_OBJECT) {
        jn_name_run_object(c, run, k + 1, m);
    } else if (kind == JV_ARRAY) {
        size_t n = jv_array_length(m);
        for (size_t i = 0; i < n; i++) {
            const jv *e = jv_array_get(m, i);
            if (jv_kind_of(e) == JV_OBJECT)
                jn_name_run_object(c, run, k + 1, e);
            else
                jn_name_run_item(c, run, k + 1, jn_from_jv(e));
        }
    } else {
        jn_name_run_item(c, run, k + 1, jn_from_jv(m));
    }
}

static void jn_name_run_item(jn_ctx *c, jn_name_run *run, int k, jn_val item)
{
    if (item.t == JN_JOBJ) {
        jn_name_run_object(c, run, k, item.u.j);
        return;
    }
    if (!jn_is_arr(item) && !jn_is_obj(item)) {
        run->direct++;   /* a name in a scalar: undefined */
        return;
    }
    jn_val r = jn_eval(c, run->steps[k], item, run->env);
    if (jn_is_undef(r))
        return;
    if (k == run->nsteps - 1) {
        jn_name_run_emit(c, run, r);
    } else if (!jn_is_arr(r) || (r.t == JN_ARR && r.u.a->cons)) {
        jn_name_run_item(c, run, k + 1, r);
    } else {
        size_t m = jn_len(r);
        for (size_t i = 0; i < m; i++)
            jn_name_run_item(c, run, k + 1, jn_at(r, i));
    }
}

/* `**` before a run: each descendant goes into the run as the walk finds it, in the order
 * jn_descend would list them (a value before its members; arrays are walked, not listed),
 * so the descendants are never collected into a sequence. */
static void jn_name_run_descend_jv(jn_ctx *c, jn_name_run *run, const jv *v, int depth)
{
    if (depth > JN_MAX_NESTING)
        jn_throw(c, "U1001", -1);
    jv_kind kind = jv_kind_of(v);
    if (kind == JV_ARRAY) {
        size_t n = jv_array_length(v);
        for (size_t i = 0; i < n; i++)
            jn_name_run_descend_jv(c, run, jv_array_get(v, i), depth + 1);
    } else if (kind == JV_OBJECT) {
        jn_name_run_object(c, run, 0, v);
        size_t n = jv_object_size(v);
        for (size_t i = 0; i < n; i++)
            jn_name_run_descend_jv(c, run, jv_object_value_at(v, i), depth + 1);
    } else {
        run->direct++;   /* a name in a scalar: undefined */
    }
}

static void jn_name_run_descend(jn_ctx *c, jn_name_run *run, jn_val v, int depth)
{
    if (v.t == JN_JOBJ || v.t == JN_JARR) {
        jn_name_run_descend_jv(c, run, v.u.j, depth);
        return;
    }
    if (depth > JN_MAX_NESTING)
        jn_throw(c, "U1001", -1);
    if (!jn_is_arr(v))
        jn_name_run_item(c, run, 0, v);
    if (jn_is_arr(v)) {
        size_t n = jn_len(v);
        for (size_t i = 0; i < n; i++)
            jn_name_run_descend(c, run, jn_at(v, i), depth + 1);
    } else if (jn_is_obj(v)) {
        size_t n = jn_obj_size(v);
        for (size_t i = 0; i < n; i++)
            jn_name_run_descend(c, run, jn_obj_value(v, i), depth + 1);
    }
}

/* How the run's result is used. */
typedef struct {
    bool last;      /* the run ends the path (evaluateStep's lastStep rule for its final step) */
    bool bare;      /* ... and the path would unwrap a one-item result: return the item */
    bool descend;   /* a plain `**` step comes first, and the run reads its descendants */
    bool single;    /* input is one item, not a sequence of them */
} jn_run_use;

static jn_val jn_eval_name_run(jn_ctx *c, const jn_node *const *steps, int nsteps, jn_val input,
                               jn_env *env, jn_run_use use)
{
    size_t n = use.single ? 1 : jn_len(input);
    jn_name_run run = {steps, nsteps, env, NULL, n ? n : 1, 0, 0, jn_undef()};
    for (size_t i = 0; i < n; i++) {
        jn_val item = use.single ? input : jn_at(input, i);
        if (!use.descend)
            jn_name_run_item(c, &run, 0, item);
        else if (!jn_is_undef(item))
            jn_name_run_descend(c, &run, item, 0);
    }
    if (use.descend)
        run.direct += n;   /* the `**` step itself, once per item */
    jn_count_steps(c, run.direct, steps[0]->pos);
    if (run.nresults == 1) {
        bool arr = jn_is_arr(run.first);
        if ((arr && use.last && !jn_is_seq(run.first)) || (!arr && use.bare))
            return run.first;
    }
    if (!run.out)
        jn_name_run_start_out(c, &run);
    return jn_arr_val(run.out);
}

/* How many plain name steps make a run at steps[0] (at most JN_NAME_RUN_MAX), after a
 * plain `**` there (*descend) if there is one; 0: no run. */
static int jn_name_run_at(const jn_node *const *steps, int nsteps, bool *descend)
{
    *descend = steps[0]->type == N_DESCENDANT && jn_step_is_plain(steps[0]);
    int k = *descend;
    while (k < nsteps && k - *descend < JN_NAME_RUN_MAX && jn_step_is_plain_name(steps[k]))
        k++;
    return k - *descend;
}

static jn_val jn_eval_step(jn_ctx *c, const jn_node *step, jn_val input, jn_env *env, bool last)
{
    if (step->type == N_SORT) {
        jn_val r = jn_eval_sort(c, step, input, env);
        if (step->nstages)
            r = jn_eval_stages(c, step, r, env);
        return r;
    }
    size_t n = jn_len(input);
    jn_arr *results = jn_arr_new(c->h, (uint32_t)(n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        jn_val r = jn_eval(c, step, jn_at(input, i), env);
        for (int s = 0; s < step->nstages; s++)
            if (!step->stages[s].is_index)
                r = jn_eval_filter(c, step->stages[s].expr, r, env);
        if (!jn_is_undef(r))
            jn_arr_push(c->h, results, r);
    }
    if (last && results->n == 1 && jn_is_arr(results->items[0]) && !jn_is_seq(results->items[0]))
        return results->items[0];
    jn_arr *out = jn_arr_new(c->h, results->n);
    out->seq = true;
    for (uint32_t i = 0; i < results->n; i++)
        jn_push_flat(c, out, results->items[i]);
    return jn_arr_val(out);
}

static jn_val jn_tuple_new(jn_ctx *c, jn_val at)
{
    jn_obj *o = jn_obj_new(c->h, 2);
    jn_obj_set(c->h, o, jn_cstr("@"), at);
    return jn_obj_val(o);
}

static jn_val jn_eval_tuple_step(jn_ctx *c, const jn_node *step, jn_val input, jn_val tuples,
                                 bool have_tuples, jn_env *env)
{
    jn_val result;
    if (step->type == N_SORT) {
        if (have_tuples) {
            result = jn_eval_sort(c, step, tuples, env);
            if (result.t == JN_ARR)
                result.u.a->tuple = true;
        } else {
            jn_val sorted = jn_eval_sort(c, step, input, env);
            jn_arr *r = jn_arr_new(c->h, 0);
            r->seq = r->tuple = true;
            size_t n = jn_len(sorted);
            for (size_t i = 0; i < n; i++) {
                jn_val t = jn_tuple_new(c, jn_at(sorted, i));
                if (step->index_var)
                    jn_obj_set(c->h, t.u.o, jn_cstr(step->index_var), jn_num((double)i));
                jn_arr_push(c->h, r, t);
            }
            result = jn_arr_val(r);
        }
        if (step->nstages)
            result = jn_eval_stages(c, step, result, env);
        return result;
    }
    jn_arr *r = jn_arr_new(c->h, 0);
    r->seq = r->tuple = true;
    if (!have_tuples) {
        size_t n = jn_len(input);
        jn_arr *tb = jn_arr_new(c->h, (uint32_t)(n ? n : 1));
        for (size_t i = 0; i < n; i++)
            jn_arr_push(c->h, tb, jn_tuple_new(c, jn_at(input, i)));
        tuples = jn_arr_val(tb);
    }
    size_t nt = jn_len(tuples);
    for (size_t e = 0; e < nt; e++) {
        jn_val tup = jn_at(tuples, e);
        jn_env *stepenv = jn_env_from_tuple(c, env, tup);
        jn_val at = jn_obj_get(tup, "@", 1);
        jn_val res = jn_eval(c, step, at, stepenv);
        if (jn_is_undef(res))
            continue;
        bool res_tuple = res.t == JN_ARR && res.u.a->tuple;
        if (!jn_is_arr(res))
            res = jn_seq_with(c, res);
        size_t m = jn_len(res);
        for (size_t b = 0; b < m; b++) {
            jn_obj *t = jn_obj_copy(c->h, tup);
            jn_val rb = jn_at(res, b);
            if (res_tuple) {
                size_t k = jn_obj_size(rb);
                for (size_t q = 0; q < k; q++)
                    jn_obj_set(c->h, t, jn_obj_key(rb, q), jn_obj_value(rb, q));
            } else {
                if (step->focus) {
                    jn_obj_set(c->h, t, jn_cstr(step->focus), rb);
                    jn_obj_set(c->h, t, jn_cstr("@"), at);
                } else {
                    jn_obj_set(c->h, t, jn_cstr("@"), rb);
                }
                if (step->index_var)
                    jn_obj_set(c->h, t, jn_cstr(step->index_var), jn_num((double)b));
                if (step->ancestor)
                    jn_obj_set(c->h, t, jn_cstr(step->ancestor->label), at);
            }
            jn_arr_push(c->h, r, jn_obj_val(t));
        }
    }
    result = jn_arr_val(r);
    if (step->nstages)
        result = jn_eval_stages(c, step, result, env);
    return result;
}

static jn_val jn_eval_group(jn_ctx *c, const jn_node *const *keys, const jn_node *const *vals,
                            int npairs, int pos, jn_val input, jn_env *env);

static jn_val jn_eval_path(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env)
{
    const jn_node *const *steps = (const jn_node *const *)n->items;
    bool descend0, descend;
    int run0 = jn_name_run_at(steps, n->nitems, &descend0);   /* the first step's, once */
    jn_val inseq = input;
    /* one input item is a singleton sequence, except to a run of names, which takes it as is */
    bool single = !jn_is_arr(input) || steps[0]->type == N_VARIABLE;
    if (single && run0 == 0) {
        inseq = jn_seq_with(c, input);
        single = false;
    }
    jn_val result = jn_undef(), tuples = jn_undef();
    bool tuple_stream = false, have_tuples = false;
    for (int i = 0; i < n->nitems; i++) {
        const jn_node *step = n->items[i];
        if (step->tuple)
            tuple_stream = true;
        if (i == 0 && step->consarray) {
            result = jn_eval(c, step, inseq, env);
        } else if (tuple_stream) {
            tuples = jn_eval_tuple_step(c, step, inseq, tuples, have_tuples, env);
            have_tuples = true;
        } else {
            jn_val in = single || jn_is_arr(inseq) ? inseq : jn_arr_val(jn_arr_new(c->h, 0));
            int run = run0;
            descend = descend0;
            if (i > 0)
                run = jn_name_run_at(steps + i, n->nitems - i, &descend);
            if (run > 0) {
                bool last = i + descend + run == n->nitems;
                bool bare = last && !n->keep_singleton && !n->keep_array;
                jn_run_use use = {last, bare, descend, single};
                result = jn_eval_name_run(c, steps + i + descend, run, in, env, use);
                i += descend + run - 1;
                step = steps[i];
                single = false;
            } else {
                result = jn_eval_step(c, step, in, env, i == n->nitems - 1);
            }
        }
        if (!tuple_stream && (jn_is_undef(result) || (jn_is_arr(result) && jn_len(result) == 0)))
            break;
        if (!step->focus)
            inseq = result;
    }
    if (tuple_stream) {
        if (n->tuple) {
            result = tuples;
        } else {
            size_t nt = jn_len(tuples);
            jn_arr *r = jn_arr_new(c->h, (uint32_t)(nt ? nt : 1));
            r->seq = true;
            for (size_t i = 0; i < nt; i++)
                jn_arr_push(c->h, r, jn_obj_get(jn_at(tuples, i), "@", 1));
            result = jn_arr_val(r);
        }
    }
    if (n->keep_singleton && jn_is_arr(result)) {
        if (result.t == JN_ARR && result.u.a->cons && !result.u.a->seq)
            result = jn_seq_with(c, result);
        jn_mutable_arr(c, &result)->keep = true;
    }
    if (n->group) {
        const jn_group *g = n->group;
        result = jn_eval_group(c, (const jn_node *const *)g->keys, (const jn_node *const *)g->vals,
                               g->n, g->pos, tuple_stream ? tuples : result, env);
    }
    return result;
}

/* ---- grouping ---- */

static jn_val jn_reduce_tuples(jn_ctx *c, jn_val ts)
{
    if (!jn_is_arr(ts))
        return jn_obj_val(jn_obj_copy(c->h, ts));
    jn_obj *r = jn_obj_copy(c->h, jn_at(ts, 0));
    size_t n = jn_len(ts);
    for (size_t i = 1; i < n; i++) {
        jn_val t = jn_at(ts, i);
        size_t k = jn_obj_size(t);
        for (size_t q = 0; q < k; q++) {
            jn_val key = jn_obj_key(t, q);
            jn_val prev = jn_obj_get(jn_obj_val(r), key.u.s, key.len);
            jn_obj_set(c->h, r, key, jn_append(c, prev, jn_obj_value(t, q)));
        }
    }
    return jn_obj_val(r);
}

static jn_val jn_eval_group(jn_ctx *c, const jn_node *const *keys, const jn_node *const *vals,
                            int npairs, int pos, jn_val input, jn_env *env)
{
    bool reduce = input.t == JN_ARR && input.u.a->tuple;
    if (!jn_is_arr(input))
        input = jn_seq_with(c, input);
    size_t n = jn_len(input);
    if (n == 0) {
        input = jn_seq_with(c, jn_undef());
        n = 1;
    }
    /* groups: key -> (data, expr index), in first-seen order */
    jn_obj *groups = jn_obj_new(c->h, 4);
    jn_arr *gidx = jn_arr_new(c->h, 4);
    for (size_t i = 0; i < n; i++) {
        jn_val item = jn_at(input, i);
        jn_env *e = reduce ? jn_env_from_tuple(c, env, item) : env;
        jn_val ctxv = reduce ? jn_obj_get(item, "@", 1) : item;
        for (int p = 0; p < npairs; p++) {
            jn_val key = jn_eval(c, keys[p], ctxv, e);
            if (jn_is_undef(key))
                continue;
            if (key.t != JN_STR)
                jn_throw_v(c, "T1003", pos, key);
            jn_val prev = jn_obj_get(jn_obj_val(groups), key.u.s, key.len);
            if (!jn_is_undef(prev)) {
                size_t slot = (size_t)prev.u.n;
                if ((int)gidx->items[slot].u.n != p)
                    jn_throw_v(c, "D1009", pos, key);
                jn_val *data = &gidx->items[slot + 1];
                jn_val *owned = &gidx->items[slot + 2];
                /* fn.append, but growing the group's own array in place */
                if (!owned->b) {
                    jn_val before = *data;
                    *data = jn_append(c, before, item);
                    /* ours only if append built a new array */
                    *owned = jn_bool(data->t == JN_ARR && !(before.t == JN_ARR && before.u.a == data->u.a) &&
                                     !(item.t == JN_ARR && item.u.a == data->u.a));
                } else if (jn_is_arr(item)) {
                    for (size_t k = 0; k < jn_len(item); k++)
                        jn_arr_push(c->h, data->u.a, jn_at(item, k));
                } else {
                    jn_arr_push(c->h, data->u.a, item);
                }
            } else {
                jn_obj_set(c->h, groups, key, jn_num((double)gidx->n));
                jn_arr_push(c->h, gidx, jn_num(p));
                jn_arr_push(c->h, gidx, item);
                jn_arr_push(c->h, gidx, jn_bool(false));   /* data is not our array yet */
            }
        }
    }
    jn_obj *result = jn_obj_new(c->h, groups->n);
    for (uint32_t g = 0; g < groups->n; g++) {
        size_t slot = (size_t)groups->vals[g].u.n;
        int p = (int)gidx->items[slot].u.n;
        jn_val data = gidx->items[slot + 1];
        jn_env *e = env;
        jn_val ctxv = data;
        if (reduce) {
            jn_val t = jn_reduce_tuples(c, data);
            ctxv = jn_obj_get(t, "@", 1);
            jn_obj_del(t.u.o, "@", 1);
            e = jn_env_from_tuple(c, env, t);
        }
        jn_val v = jn_eval(c, vals[p], ctxv, e);
        if (!jn_is_undef(v))
            jn_obj_set(c->h, result, groups->keys[g], v);
    }
    return jn_obj_val(result);
}

/* ---- order-by ---- */

typedef struct {
    jn_ctx *c;
    const jn_node *n;
    jn_env *env;
    bool tuple;
} jn_sort_cmp;

/* the reference's comparator: true when a must come after b */
static bool jn_sort_swap(jn_sort_cmp *s, jn_val a, jn_val b)
{
    int comp = 0;
    for (int i = 0; comp == 0 && i < s->n->nterms; i++) {
        const jn_node *term = s->n->terms[i];
        jn_val ca = a, cb = b;
        jn_env *ea = s->env, *eb = s->env;
        if (s->tuple) {
            ca = jn_obj_get(a, "@", 1);
            ea = jn_env_from_tuple(s->c, s->env, a);
            cb = jn_obj_get(b, "@", 1);
            eb = jn_env_from_tuple(s->c, s->env, b);
        }
        jn_val aa = jn_eval(s->c, term, ca, ea);
        jn_val bb = jn_eval(s->c, term, cb, eb);
        if (jn_is_undef(aa)) {
            comp = jn_is_undef(bb) ? 0 : 1;
            continue;
        }
        if (jn_is_undef(bb)) {
            comp = -1;
            continue;
        }
        bool aok = aa.t == JN_STR || aa.t == JN_NUM, bok = bb.t == JN_STR || bb.t == JN_NUM;
        if (!aok || !bok)
            jn_throw_v(s->c, "T2008", s->n->pos, !aok ? aa : bb);
        if (aa.t != bb.t) {
            s->c->err.value2 = bb;
            s->c->err.has_value2 = true;
            jn_throw_v(s->c, "T2007", s->n->pos, aa);
        }
        if (aa.t == JN_NUM) {
            if (aa.u.n == bb.u.n)
                continue;
            comp = aa.u.n < bb.u.n ? -1 : 1;
        } else {
            size_t m = aa.len < bb.len ? aa.len : bb.len;
            int r = memcmp(aa.u.s, bb.u.s, m);
            if (r == 0 && aa.len == bb.len)
                continue;
            comp = r < 0 || (r == 0 && aa.len < bb.len) ? -1 : 1;
        }
        if (s->n->desc[i])
            comp = -comp;
    }
    return comp == 1;
}

/* stable merge sort (the reference's msort) */
static void jn_msort(jn_val *items, jn_val *tmp, size_t n, jn_swap_fn swap, void *user)
{
    if (n <= 1)
        return;
    size_t mid = n / 2;
    jn_msort(items, tmp, mid, swap, user);
    jn_msort(items + mid, tmp, n - mid, swap, user);
    size_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        if (swap(user, items[i], items[j]))
            tmp[k++] = items[j++];
        else
            tmp[k++] = items[i++];
    }
    while (i < mid)
        tmp[k++] = items[i++];
    while (j < n)
        tmp[k++] = items[j++];
    memcpy(items, tmp, n * sizeof(jn_val));
}

static bool jn_sort_swap_cb(void *user, jn_val a, jn_val b) { return jn_sort_swap(user, a, b); }

jn_val jn_sort_values(jn_ctx *c, jn_val arr, jn_swap_fn swap, void *user)
{
    size_t n = jn_len(arr);
    if (n <= 1)
        return arr;
    jn_arr *r = jn_arr_copy(c->h, arr);
    jn_val *tmp = jn_alloc(c->h, n * sizeof(jn_val));
    jn_msort(r->items, tmp, n, swap, user);
    return jn_arr_val(r);
}

static jn_val jn_eval_sort(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env)
{
    jn_sort_cmp s = {c, n, env, input.t == JN_ARR && input.u.a->tuple};
    if (!jn_is_arr(input))
        return input;
    return jn_sort_values(c, input, jn_sort_swap_cb, &s);
}

/* ---- operators ---- */

static bool jn_numeric(jn_ctx *c, jn_val v, int pos)
{
    if (v.t != JN_NUM || isnan(v.u.n))
        return false;
    if (!isfinite(v.u.n))
        jn_throw_v(c, "D1001", pos, v);
    return true;
}

static jn_val jn_eval_numeric(jn_ctx *c, jn_op op, jn_val l, jn_val r, int pos)
{
    if (!jn_is_undef(l) && !jn_numeric(c, l, pos))
        jn_throw_v(c, "T2001", pos, l);
    if (!jn_is_undef(r) && !jn_numeric(c, r, pos))
        jn_throw_v(c, "T2002", pos, r);
    if (jn_is_undef(l) || jn_is_undef(r))
        return jn_undef();
    double a = l.u.n, b = r.u.n;
    switch (op) {
    case OP_ADD: return jn_num(a + b);
    case OP_SUB: return jn_num(a - b);
    case OP_MUL: return jn_num(a * b);
    case OP_DIV: return jn_num(a / b);
    default: return jn_num(fmod(a, b));
    }
}

static int jn_strcmp(jn_val a, jn_val b)
{
    size_t m = a.len < b.len ? a.len : b.len;
    int r = memcmp(a.u.s, b.u.s, m);
    if (r)
        return r;
    return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

static jn_val jn_eval_compare(jn_ctx *c, jn_op op, jn_val l, jn_val r, int pos)
{
    bool lc = l.t == JN_UNDEF || l.t == JN_STR || l.t == JN_NUM;
    bool rc = r.t == JN_UNDEF || r.t == JN_STR || r.t == JN_NUM;
    if (!lc || !rc)
        jn_throw_v(c, "T2010", pos, !(l.t == JN_STR || l.t == JN_NUM) ? l : r);
    if (jn_is_undef(l) || jn_is_undef(r))
        return jn_undef();
    if (l.t != r.t) {
        c->err.value2 = r;
        c->err.has_value2 = true;
        jn_throw_v(c, "T2009", pos, l);
    }
    int cmp;
    if (l.t == JN_NUM) {
        if (isnan(l.u.n) || isnan(r.u.n))
            return jn_bool(false);
        cmp = l.u.n < r.u.n ? -1 : l.u.n > r.u.n ? 1 : 0;
    } else {
        cmp = jn_strcmp(l, r);
    }
    switch (op) {
    case OP_LT: return jn_bool(cmp < 0);
    case OP_LE: return jn_bool(cmp <= 0);
    case OP_GT: return jn_bool(cmp > 0);
    default: return jn_bool(cmp >= 0);
    }
}

/* JavaScript === on JSONata values (arrays and objects by identity) */
static bool jn_strict_equal(jn_val a, jn_val b)
{
    if (a.t != b.t)
        return false;
    switch (a.t) {
    case JN_NULL: return true;
    case JN_BOOL: return a.b == b.b;
    case JN_NUM: return a.u.n == b.u.n;
    case JN_STR: return a.len == b.len && memcmp(a.u.s, b.u.s, a.len) == 0;
    case JN_ARR: return a.u.a == b.u.a;
    case JN_OBJ: return a.u.o == b.u.o;
    case JN_JARR:
    case JN_JOBJ: return a.u.j == b.u.j;
    case JN_FUNC: return a.u.f == b.u.f;
    default: return false;
    }
}

jn_val jn_string_of(jn_ctx *c, jn_val v, bool pretty, int pos)
{
    v = jn_outer_unwrap(v);   /* $string() of the root array: the reference's string() */
    if (jn_is_undef(v) || v.t == JN_STR)
        return v;
    if (v.t == JN_FUNC)
        return jn_cstr("");
    if (v.t == JN_NUM && !isfinite(v.u.n))
        jn_throw_v(c, "D3001", pos, v);
    strbuf sb;
    jn_sb_init(c, &sb, 0);
    if (!jn_stringify(v, pretty ? 2 : 0, &sb)) {
        jn_sb_release(c, &sb);
        jn_throw(c, "D1001", pos);
    }
    jn_val r = jn_str_copy(c->h, strbuf_str(&sb), sb.len);
    jn_sb_release(c, &sb);
    return r;
}

static jn_val jn_concat(jn_ctx *c, jn_val l, jn_val r, int pos)
{
    jn_val a = jn_is_undef(l) ? jn_cstr("") : jn_string_of(c, l, false, pos);
    jn_val b = jn_is_undef(r) ? jn_cstr("") : jn_string_of(c, r, false, pos);
    char *s = jn_alloc(c->h, (size_t)a.len + b.len + 1);
    memcpy(s, a.u.s, a.len);
    memcpy(s + a.len, b.u.s, b.len);
    s[a.len + b.len] = 0;
    return jn_str(s, (size_t)a.len + b.len);
}

static bool jn_is_integer_val(jn_val v)
{
    return v.t == JN_NUM && isfinite(v.u.n) && floor(v.u.n) == v.u.n;
}

static jn_val jn_eval_range(jn_ctx *c, jn_val l, jn_val r, int pos)
{
    if (!jn_is_undef(l) && !jn_is_integer_val(l))
        jn_throw_v(c, "T2003", pos, l);
    if (!jn_is_undef(r) && !jn_is_integer_val(r))
        jn_throw_v(c, "T2004", pos, r);
    if (jn_is_undef(l) || jn_is_undef(r) || l.u.n > r.u.n)
        return jn_undef();
    double size = r.u.n - l.u.n + 1;
    if (size > 1e7)
        jn_throw_v(c, "D2014", pos, jn_num(size));
    jn_arr *a = jn_arr_new(c->h, (uint32_t)size);
    a->seq = true;
    for (uint32_t i = 0; i < (uint32_t)size; i++)
        a->items[i] = jn_num(l.u.n + i);
    a->n = (uint32_t)size;
    return jn_arr_val(a);
}

static jn_val jn_eval_binary(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env)
{
    static const char *const opnames[] = {
        "", "+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "&", "and", "or", "in", "..",
    };
    jn_val l = jn_eval(c, n->lhs, input, env);
    if (n->op == OP_AND || n->op == OP_OR) {
        bool lb = jn_truthy(l);
        if (n->op == OP_AND && !lb)
            return jn_bool(false);
        if (n->op == OP_OR && lb)
            return jn_bool(true);
        return jn_bool(jn_truthy(jn_eval(c, n->rhs, input, env)));
    }
    jn_val r = jn_eval(c, n->rhs, input, env);
    if (n->op <= OP_RANGE)
        c->op_token = opnames[n->op];
    jn_val res;
    switch (n->op) {
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
        res = jn_eval_numeric(c, n->op, l, r, n->pos);
        break;
    case OP_EQ:
    case OP_NE:
        if (jn_is_undef(l) || jn_is_undef(r))
            res = jn_bool(false);
        else
            res = jn_bool(jn_deep_equal(l, r) == (n->op == OP_EQ));
        break;
    case OP_LT: case OP_LE: case OP_GT: case OP_GE:
        res = jn_eval_compare(c, n->op, l, r, n->pos);
        break;
    case OP_CONCAT:
        res = jn_concat(c, l, r, n->pos);
        break;
    case OP_RANGE:
        res = jn_eval_range(c, l, r, n->pos);
        break;
    case OP_IN: {
        res = jn_bool(false);
        if (jn_is_undef(l) || jn_is_undef(r))
            break;
        if (!jn_is_arr(r)) {
            res = jn_bool(jn_strict_equal(l, r));
            break;
        }
        size_t m = jn_len(r);
        for (size_t i = 0; i < m; i++)
            if (jn_strict_equal(jn_at(r, i), l)) {
                res = jn_bool(true);
                break;
            }
        break;
    }
    default:
        res = jn_undef();
    }
    c->op_token = NULL;   /* done: no token (without formatting an empty one) */
    c->err.token[0] = 0;
    return res;
}

static jn_val jn_eval_wildcard(jn_ctx *c, jn_val input)
{
    jn_arr *r = jn_arr_new(c->h, 0);
    r->seq = true;
    input = jn_outer_unwrap(input);
    size_t n;
    bool arr = jn_is_arr(input);
    if (arr)
        n = jn_len(input);
    else if (jn_is_obj(input))
        n = jn_obj_size(input);
    else
        return jn_arr_val(r);
    for (size_t i = 0; i < n; i++) {
        jn_val v = arr ? jn_at(input, i) : jn_obj_value(input, i);
        if (jn_is_arr(v)) {
            /* flatten nested arrays, then append: the result is no longer a sequence */
            jn_arr *stack = jn_arr_new(c->h, 4);
            jn_arr_push(c->h, stack, v);
            jn_arr *flat = jn_arr_new(c->h, 4);
            while (stack->n) {
                jn_val x = stack->items[--stack->n];
                if (jn_is_arr(x)) {
                    for (size_t k = jn_len(x); k-- > 0;)
                        jn_arr_push(c->h, stack, jn_at(x, k));
                } else {
                    jn_arr_push(c->h, flat, x);
                }
            }
            for (uint32_t k = 0; k < flat->n; k++)
                jn_arr_push(c->h, r, flat->items[k]);
            r->seq = false;
        } else if (!jn_is_undef(v)) {
            jn_arr_push(c->h, r, v);
        }
    }
    return jn_arr_val(r);
}

static void jn_descend(jn_ctx *c, jn_val v, jn_arr *out, int depth)
{
    if (depth > JN_MAX_NESTING)
        jn_throw(c, "U1001", -1);
    if (!jn_is_arr(v))
        jn_arr_push(c->h, out, v);
    if (jn_is_arr(v)) {
        size_t n = jn_len(v);
        for (size_t i = 0; i < n; i++)
            jn_descend(c, jn_at(v, i), out, depth + 1);
    } else if (jn_is_obj(v)) {
        size_t n = jn_obj_size(v);
        for (size_t i = 0; i < n; i++)
            jn_descend(c, jn_obj_value(v, i), out, depth + 1);
    }
}

static jn_val jn_eval_descendants(jn_ctx *c, jn_val input)
{
    if (jn_is_undef(input))
        return input;
    jn_arr *r = jn_arr_new(c->h, 8);
    r->seq = true;
    jn_descend(c, input, r, 0);
    if (r->n == 1)
        return r->items[0];
    return jn_arr_val(r);
}

/* The member a name node names in a jv object, trying first where this node found it last
 * time: arrays of records usually keep their keys in the same order. */
static const jv *jn_jobj_member(jn_ctx *c, const jv *o, const jn_node *name)
{
    if (name->id >= 0 && name->id < c->nhints)
        return jv_object_get_hinted(o, name->str, name->slen, &c->hints[name->id]);
    return jv_object_get_n(o, name->str, name->slen);
}

/* fn.lookup */
static jn_val jn_lookup(jn_ctx *c, jn_val input, const jn_node *name)
{
    if (jn_is_arr(input)) {
        jn_arr *r = jn_arr_new(c->h, 0);
        r->seq = true;
        size_t n = jn_len(input);
        for (size_t i = 0; i < n; i++) {
            jn_val v = jn_lookup(c, jn_at(input, i), name);
            if (jn_is_undef(v))
                continue;
            if (jn_is_arr(v)) {
                size_t m = jn_len(v);
                for (size_t k = 0; k < m; k++)
                    jn_arr_push(c->h, r, jn_at(v, k));
            } else {
                jn_arr_push(c->h, r, v);
            }
        }
        return jn_arr_val(r);
    }
    if (input.t == JN_JOBJ) {
        const jv *m = jn_jobj_member(c, input.u.j, name);
        return m ? jn_from_jv(m) : jn_undef();
    }
    return jn_obj_get(input, name->str, name->slen);
}

/* ---- functions ---- */

int jn_arity(jn_val fn)
{
    if (fn.t != JN_FUNC)
        return 0;
    jn_func *f = fn.u.f;
    switch (f->kind) {
    case FN_LAMBDA: return f->nparams;
    case FN_NATIVE: return f->native->arity;
    case FN_PARTIAL: {
        int holes = 0;
        for (int i = 0; i < f->nargs; i++)
            holes += f->holes[i];
        return holes;   /* unfilled trailing parameters are bound to undefined */
    }
    default: return 1;
    }
}

static jn_val jn_apply_inner(jn_ctx *c, jn_val proc, jn_val *args, int nargs, jn_val input,
                             int pos, const char *token);

static jn_val jn_transform_call(jn_ctx *c, jn_func *f, jn_val obj);

static jn_val jn_apply_pos(jn_ctx *c, jn_val proc, jn_val *args, int nargs, jn_val input, int pos,
                           const char *token)
{
    jn_val result = jn_apply_inner(c, proc, args, nargs, input, pos, token);
    while (result.t == JN_FUNC && result.u.f->kind == FN_LAMBDA && result.u.f->thunk) {
        /* the thunk may be the context's reusable one: take what it holds first */
        const jn_node *call = result.u.f->node->body;
        jn_val tin = result.u.f->input;
        jn_env *tenv = result.u.f->env;
        jn_val next = jn_eval(c, call->procedure, tin, tenv);
        int na = call->nitems;
        jn_val *ev = jn_alloc(c->h, (size_t)(na + 1) * sizeof(jn_val));
        for (int i = 0; i < na; i++)
            ev[i] = jn_eval(c, call->items[i], tin, tenv);
        const char *tok = call->procedure->type == N_VARIABLE ? call->procedure->str : token;
        result = jn_apply_inner(c, next, ev, na, input, call->procedure->pos, tok);
    }
    return result;
}

jn_val jn_apply(jn_ctx *c, jn_val fn, jn_val *args, int nargs, jn_val input)
{
    return jn_apply_pos(c, fn, args, nargs, input, -1, NULL);
}

static jn_val jn_apply_lambda(jn_ctx *c, jn_func *f, jn_val *args, int nargs)
{
    jn_env *env = jn_env_new(c, f->env);
    for (int i = 0; i < f->nparams; i++) {
        const jn_node *p = f->params[i];
        jn_env_bind(c, env, p->str, p->slen, i < nargs ? args[i] : jn_undef());
    }
    return jn_eval(c, f->node->body, f->input, env);
}

/* the one place the reference's "undefined inputs always return undefined" is applied */
static bool jn_native_undefined(const jn_native *nat, const jn_val *args, int nargs)
{
    int checked = nat->undef == JN_UNDEF_OWN ? 0 : nat->undef == JN_UNDEF_FIRST_TWO ? 2 : 1;
    for (int i = 0; i < checked; i++)
        if (i >= nargs || jn_is_undef(args[i]))
            return true;
    return false;
}

static jn_val jn_apply_inner(jn_ctx *c, jn_val proc, jn_val *args, int nargs, jn_val input,
                             int pos, const char *token)
{
    if (proc.t != JN_FUNC) {
        jn_set_token(c, token ? token : "");
        jn_throw(c, "T1006", pos);
    }
    jn_func *f = proc.u.f;
    if (f->sig) {
        jn_sig_error se;
        memset(&se, 0, sizeof se);
        jn_val *vargs;
        int nv;
        if (!jn_sig_validate(c->h, f->sig, args, nargs, input, &vargs, &nv, &se)) {
            jn_set_token(c, f->kind == FN_NATIVE ? f->native->name : token ? token : "");
            c->err.index = se.index;
            snprintf(c->err.type, sizeof c->err.type, "%s", se.type);
            if (se.index >= 1 && se.index <= nargs) {
                c->err.value = args[se.index - 1];
                c->err.has_value = true;
            }
            jn_throw(c, se.code, pos);
        }
        args = vargs;
        nargs = nv;
    }
    switch (f->kind) {
    case FN_LAMBDA:
        return jn_apply_lambda(c, f, args, nargs);
    case FN_NATIVE:
        if (jn_native_undefined(f->native, args, nargs))
            return jn_undef();
        return f->native->fn(c, args, nargs, input);
    case FN_PARTIAL: {
        int total = f->nargs;
        jn_val *full = jn_alloc(c->h, (size_t)(total + nargs + 1) * sizeof(jn_val));
        int k = 0;
        for (int i = 0; i < total; i++)
            full[i] = f->holes[i] ? (k < nargs ? args[k++] : jn_undef()) : f->args[i];
        int nfull = total;
        while (k < nargs)
            full[nfull++] = args[k++];
        return jn_apply_inner(c, jn_fn(f->target), full, nfull, input, pos, token);
    }
    case FN_REGEX:
    case FN_REGEX_NEXT:
        return jn_regex_call(c, f, nargs > 0 ? args[0] : jn_undef());
    case FN_TRANSFORM:
        return jn_transform_call(c, f, nargs > 0 ? args[0] : jn_undef());
    }
    return jn_undef();
}

static const char *jn_proc_name(const jn_node *n)
{
    if (n->procedure->type == N_PATH && n->procedure->nitems > 0)
        return n->procedure->items[0]->str;
    return n->procedure->str;
}

static jn_val jn_eval_function(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env,
                               const jn_val *applyto)
{
    jn_val proc = jn_eval(c, n->procedure, input, env);
    if (jn_is_undef(proc) && n->procedure->type == N_PATH && n->procedure->items[0]->str) {
        const jn_node *s0 = n->procedure->items[0];
        if (!jn_is_undef(jn_env_find(c, env, s0->str, strlen(s0->str))))
            jn_throw_tok(c, "T1005", n->pos, s0->str);
    }
    int na = n->nitems + (applyto ? 1 : 0);
    jn_val *args = jn_alloc(c->h, (size_t)(na + 1) * sizeof(jn_val));
    int k = 0;
    if (applyto)
        args[k++] = *applyto;
    for (int i = 0; i < n->nitems; i++)
        args[k++] = jn_eval(c, n->items[i], input, env);
    return jn_apply_pos(c, proc, args, na, input, n->pos, jn_proc_name(n));
}

static jn_val jn_eval_partial(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env)
{
    int na = n->nitems;
    jn_val *args = jn_alloc(c->h, (size_t)(na + 1) * sizeof(jn_val));
    bool *holes = jn_zalloc(c->h, (size_t)(na + 1) * sizeof(bool));
    for (int i = 0; i < na; i++) {
        if (n->items[i]->type == N_PLACEHOLDER)
            holes[i] = true;
        else
            args[i] = jn_eval(c, n->items[i], input, env);
    }
    jn_val proc = jn_eval(c, n->procedure, input, env);
    if (jn_is_undef(proc) && n->procedure->type == N_PATH && n->procedure->items[0]->str) {
        const jn_node *s0 = n->procedure->items[0];
        if (!jn_is_undef(jn_env_find(c, env, s0->str, strlen(s0->str))))
            jn_throw_tok(c, "T1007", n->pos, s0->str);
    }
    if (proc.t != JN_FUNC)
        jn_throw_tok(c, "T1008", n->pos, jn_proc_name(n));
    jn_func *f = proc.u.f;
    if (f->kind == FN_LAMBDA) {
        jn_env *e = jn_env_new(c, f->env);
        jn_func *nf = jn_zalloc(c->h, sizeof *nf);
        *nf = *f;
        nf->sig = NULL;
        nf->thunk = false;
        nf->env = e;
        nf->params = jn_alloc(c->h, (size_t)(f->nparams + 1) * sizeof(jn_node *));
        nf->nparams = 0;
        for (int i = 0; i < f->nparams; i++) {
            const jn_node *p = f->params[i];
            if (i < na && holes[i])
                nf->params[nf->nparams++] = (jn_node *)p;
            else
                jn_env_bind(c, e, p->str, p->slen, i < na ? args[i] : jn_undef());
        }
        return jn_fn(nf);
    }
    jn_func *pf = jn_zalloc(c->h, sizeof *pf);
    pf->kind = FN_PARTIAL;
    pf->target = f;
    pf->args = args;
    pf->holes = holes;
    pf->nargs = na;
    return jn_fn(pf);
}

static jn_val jn_eval_apply(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env)
{
    jn_val lhs = jn_eval(c, n->lhs, input, env);
    if (n->rhs->type == N_FUNCTION) {
        jn_val r = jn_eval_function(c, n->rhs, input, env, &lhs);
        if (n->rhs->keep_array && r.t == JN_ARR && r.u.a->seq)
            r.u.a->keep = true;
        return r;
    }
    jn_val func = jn_eval(c, n->rhs, input, env);
    if (func.t != JN_FUNC)
        jn_throw_v(c, "T2006", n->pos, func);
    if (lhs.t == JN_FUNC) {
        if (!c->chain_ast)
            c->chain_ast = jn_parse_chain_ast(c->h);
        jn_val chain = jn_eval(c, c->chain_ast, jn_undef(), c->global);
        jn_val args[2] = {lhs, func};
        return jn_apply(c, chain, args, 2, jn_undef());
    }
    return jn_apply(c, func, &lhs, 1, jn_undef());
}

/* ---- transform ---- */

static jn_val jn_deep_clone_at(jn_ctx *c, jn_val v, int depth)
{
    if (depth > JN_MAX_NESTING) {
        c->err.message = "Value nested too deeply";
        jn_throw(c, "U1001", -1);
    }
    if (jn_is_arr(v)) {
        size_t n = jn_len(v);
        jn_arr *a = jn_arr_new(c->h, (uint32_t)(n ? n : 1));
        for (size_t i = 0; i < n; i++)
            jn_arr_push(c->h, a, jn_deep_clone_at(c, jn_at(v, i), depth + 1));
        return jn_arr_val(a);
    }
    if (jn_is_obj(v)) {
        size_t n = jn_obj_size(v);
        jn_obj *o = jn_obj_new(c->h, (uint32_t)(n ? n : 1));
        for (size_t i = 0; i < n; i++) {
            jn_val x = jn_obj_value(v, i);
            if (x.t == JN_FUNC || jn_is_undef(x))
                continue;
            jn_obj_set(c->h, o, jn_obj_key(v, i), jn_deep_clone_at(c, x, depth + 1));
        }
        return jn_obj_val(o);
    }
    return v;
}

jn_val jn_deep_clone(jn_ctx *c, jn_val v)
{
    return jn_deep_clone_at(c, v, 0);
}

static jn_val jn_transform_call(jn_ctx *c, jn_func *f, jn_val obj)
{
    if (jn_is_undef(obj))
        return obj;
    const jn_node *n = f->node;
    jn_val clone = jn_env_find(c, f->env, "clone", 5);
    if (clone.t != JN_FUNC)
        jn_throw(c, "T2013", n->pos);
    jn_val result = jn_apply(c, clone, &obj, 1, jn_undef());
    jn_val matches = jn_eval(c, n->pattern, result, f->env);
    if (jn_is_undef(matches))
        return result;
    if (!jn_is_arr(matches))
        matches = jn_seq_with(c, matches);
    size_t nm = jn_len(matches);
    for (size_t i = 0; i < nm; i++) {
        jn_val match = jn_at(matches, i);
        jn_val update = jn_eval(c, n->update, match, f->env);
        if (!jn_is_undef(update)) {
            if (!jn_is_obj(update))
                jn_throw_v(c, "T2011", n->update->pos, update);
            if (match.t == JN_OBJ) {
                size_t k = jn_obj_size(update);
                for (size_t q = 0; q < k; q++)
                    jn_obj_set(c->h, match.u.o, jn_obj_key(update, q), jn_obj_value(update, q));
            }
        }
        if (n->del) {
            jn_val dels = jn_eval(c, n->del, match, f->env);
            if (jn_is_undef(dels))
                continue;
            jn_val val = dels;
            if (!jn_is_arr(dels))
                dels = jn_seq_with(c, dels);
            size_t nd = jn_len(dels);
            for (size_t q = 0; q < nd; q++)
                if (jn_at(dels, q).t != JN_STR)
                    jn_throw_v(c, "T2012", n->del->pos, val);
            if (match.t == JN_OBJ)
                for (size_t q = 0; q < nd; q++) {
                    jn_val d = jn_at(dels, q);
                    jn_obj_del(match.u.o, d.u.s, d.len);
                }
        }
    }
    return result;
}

/* ---- regex as a function: the reference's matcher protocol ---- */

jn_val jn_regex_call(jn_ctx *c, jn_func *f, jn_val str)
{
    if (str.t != JN_STR)
        return jn_undef();
    size_t start = f->kind == FN_REGEX_NEXT ? f->offset : 0;
    if (f->kind == FN_REGEX_NEXT && start >= str.len)
        return jn_undef();
    int ng = jn_re_ngroups(f->re);
    size_t *ov = jn_alloc(c->h, sizeof(size_t) * 2 * (size_t)(ng + 1));
    int rc = jn_re_exec(f->re, str.u.s, str.len, start, ov);
    if (rc < 0) {
        c->err.message = "Regular expression match limit exceeded";
        jn_throw(c, "U1002", -1);
    }
    if (rc == 0)
        return jn_undef();
    if (f->kind == FN_REGEX_NEXT && ov[0] == ov[1])
        jn_throw_v(c, "D1004", -1, jn_cstr(jn_re_source(f->re)));
    jn_obj *o = jn_obj_new(c->h, 5);
    jn_obj_set(c->h, o, jn_cstr("match"), jn_str(str.u.s + ov[0], ov[1] - ov[0]));
    jn_obj_set(c->h, o, jn_cstr("start"), jn_num((double)jn_utf8_count(str.u.s, ov[0])));
    jn_obj_set(c->h, o, jn_cstr("end"), jn_num((double)jn_utf8_count(str.u.s, ov[1])));
    jn_arr *groups = jn_arr_new(c->h, (uint32_t)(ng ? ng : 1));
    for (int g = 1; g <= ng; g++) {
        if (ov[2 * g] == JN_RE_NOMATCH)
            jn_arr_push(c->h, groups, jn_cstr(""));
        else
            jn_arr_push(c->h, groups, jn_str(str.u.s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]));
    }
    jn_obj_set(c->h, o, jn_cstr("groups"), jn_arr_val(groups));
    jn_func *next = jn_zalloc(c->h, sizeof *next);
    next->kind = FN_REGEX_NEXT;
    next->re = f->re;
    /* JavaScript's lastIndex after an empty match stays put; the next call then finds
     * the same empty match, which the reference reports as D1004 */
    next->offset = ov[1];
    jn_obj_set(c->h, o, jn_cstr("next"), jn_fn(next));
    return jn_obj_val(o);
}

/* ---- the dispatcher ---- */

static jn_val jn_eval_inner(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env)
{
    switch (n->type) {
    case N_PATH:
        return jn_eval_path(c, n, input, env);
    case N_BINARY:
        return jn_eval_binary(c, n, input, env);
    case N_NEG: {
        jn_val v = jn_eval(c, n->expr, input, env);
        if (jn_is_undef(v))
            return v;
        if (jn_numeric(c, v, n->pos))
            return jn_num(-v.u.n);
        jn_set_token(c, "-");
        jn_throw_v(c, "D1002", n->pos, v);
    }
    case N_ARRAY: {
        jn_val result = jn_arr_val(jn_arr_new(c->h, (uint32_t)(n->nitems ? n->nitems : 1)));
        for (int i = 0; i < n->nitems; i++) {
            const jn_node *item = n->items[i];
            jn_val v = jn_eval(c, item, input, env);
            if (jn_is_undef(v))
                continue;
            if (item->type == N_ARRAY)
                jn_arr_push(c->h, result.u.a, v);
            else
                result = jn_append(c, result, v);
        }
        if (n->consarray)
            result.u.a->cons = true;
        return result;
    }
    case N_OBJECT:
        return jn_eval_group(c, (const jn_node *const *)n->keys, (const jn_node *const *)n->vals,
                             n->npairs, n->pos, input, env);
    case N_NAME:
        return jn_lookup(c, input, n);
    case N_STRING:
    case N_NUMBER:
    case N_VALUE:
        return n->lit;
    case N_WILDCARD:
        return jn_eval_wildcard(c, input);
    case N_DESCENDANT:
        return jn_eval_descendants(c, input);
    case N_PARENT:
        return jn_env_find(c, env, n->slot->label, strlen(n->slot->label));
    case N_CONDITION: {
        jn_val cond = jn_eval(c, n->cond, input, env);
        if (jn_truthy(cond))
            return jn_eval(c, n->then, input, env);
        if (n->els)
            return jn_eval(c, n->els, input, env);
        return jn_undef();
    }
    case N_COALESCE: {
        jn_val v = jn_eval(c, n->cond, input, env);
        return jn_is_undef(v) ? jn_eval(c, n->els, input, env) : v;
    }
    case N_ELVIS: {
        jn_val v = jn_eval(c, n->cond, input, env);
        return jn_truthy(v) ? v : jn_eval(c, n->els, input, env);
    }
    case N_BLOCK: {
        jn_env *frame = jn_env_new(c, env);
        jn_val r = jn_undef();
        for (int i = 0; i < n->nitems; i++)
            r = jn_eval(c, n->items[i], input, frame);
        return r;
    }
    case N_BIND: {
        jn_val v = jn_eval(c, n->rhs, input, env);
        jn_env_bind(c, env, n->lhs->str, n->lhs->slen, v);
        return v;
    }
    case N_REGEX: {
        jn_func *f = jn_zalloc(c->h, sizeof *f);
        f->kind = FN_REGEX;
        f->re = n->re;
        return jn_fn(f);
    }
    case N_FUNCTION:
        return jn_eval_function(c, n, input, env, NULL);
    case N_VARIABLE:
        if (n->slen == 0)
            return jn_outer_unwrap(input);
        return jn_env_find(c, env, n->str, n->slen);
    case N_LAMBDA: {
        if (n->thunk) {
            /* a tail call: the trampoline in jn_apply_pos consumes it at once, so one
             * thunk per context is enough and a tail-recursive loop allocates less */
            jn_func *t = &c->tail;
            memset(t, 0, sizeof *t);
            t->kind = FN_LAMBDA;
            t->thunk = true;
            t->node = n;
            t->env = env;
            t->input = input;
            return jn_fn(t);
        }
        jn_func *f = jn_zalloc(c->h, sizeof *f);
        f->kind = FN_LAMBDA;
        f->node = n;
        f->params = n->items;
        f->nparams = n->nitems;
        f->sig = n->sig;
        f->env = env;
        f->input = input;
        f->thunk = n->thunk;
        return jn_fn(f);
    }
    case N_PARTIAL:
        return jn_eval_partial(c, n, input, env);
    case N_APPLY:
        return jn_eval_apply(c, n, input, env);
    case N_SORT:
        return jn_eval_sort(c, n, input, env);
    case N_TRANSFORM: {
        jn_func *f = jn_zalloc(c->h, sizeof *f);
        f->kind = FN_TRANSFORM;
        f->node = n;
        f->env = env;
        char code[8];
        int off;
        f->sig = jn_sig_parse(c->h, "<(oa):o>", 8, code, &off);
        return jn_fn(f);
    }
    default:
        return jn_undef();
    }
}

static jn_val jn_eval(jn_ctx *c, const jn_node *n, jn_val input, jn_env *env)
{
    jn_enter(c, n->pos);
    jn_val r = jn_eval_inner(c, n, input, env);
    for (int i = 0; i < n->npreds; i++)
        r = jn_eval_filter(c, n->preds[i], r, env);
    if (n->type != N_PATH && n->group)
        r = jn_eval_group(c, (const jn_node *const *)n->group->keys,
                          (const jn_node *const *)n->group->vals, n->group->n, n->group->pos, r, env);
    if (r.t == JN_ARR && r.u.a->seq && !r.u.a->tuple) {
        if (n->keep_array)
            r.u.a->keep = true;
        if (r.u.a->n == 0)
            r = jn_undef();
        else if (r.u.a->n == 1 && !r.u.a->keep)
            r = r.u.a->items[0];
    }
    c->depth--;
    return r;
}

jn_val jn_eval_root(jn_ctx *c, const jn_node *expr, jn_val input)
{
    char here;
    if (!c->stack_base)
        c->stack_base = (uintptr_t)&here;
    /* a root array is wrapped in a singleton sequence so it is treated as one input */
    if (jn_is_arr(input) && !jn_is_seq(input)) {
        jn_arr *w = jn_arr_new(c->h, 1);
        w->seq = true;
        w->outer = true;
        jn_arr_push(c->h, w, input);
        input = jn_arr_val(w);
    }
    return jn_eval(c, expr, input, c->global);
}
