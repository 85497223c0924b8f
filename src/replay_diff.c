/* replay_diff — the first divergence of a local run from a recorded one. See replay_diff.h. */
#include "replay_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "tokengen.h"

#define REPLAY_VALUE_MAX 400

typedef struct {
    const history *r, *l;
    replay_diff *d;
} replay_cmp;

/* A value as text for the report, cut at REPLAY_VALUE_MAX bytes. */
static char *replay_text(const jv *v)
{
    if (!v)
        return jv_xstrdup("(absent)");
    char *t = jv_dump_string(v, 0);
    if (strlen(t) > REPLAY_VALUE_MAX)
        strcpy(t + REPLAY_VALUE_MAX - 3, "...");
    return t;
}

static bool replay_diverge(replay_cmp *c, long rev, long lev, const char *state,
                           const char *field, char *recorded, char *local)
{
    replay_diff *d = c->d;
    d->diverged = true;
    d->recorded_event = rev;
    d->local_event = lev;
    d->state = state;
    snprintf(d->field, sizeof d->field, "%s", field);
    d->recorded = recorded;
    d->local = local;
    return true;
}

static bool replay_diverge_str(replay_cmp *c, long rev, long lev, const char *state,
                               const char *field, const char *recorded, const char *local)
{
    return replay_diverge(c, rev, lev, state, field,
                          jv_xstrdup(recorded ? recorded : "(none)"),
                          jv_xstrdup(local ? local : "(none)"));
}

typedef struct {
    char text[256];
    size_t len;
} replay_path;

static void replay_path_add(replay_path *p, const char *fmt, const char *key, size_t index)
{
    if (p->len >= sizeof p->text - 1)
        return;
    if (key)
        snprintf(p->text + p->len, sizeof p->text - p->len, fmt, key);
    else
        snprintf(p->text + p->len, sizeof p->text - p->len, fmt, index);
    p->len += strlen(p->text + p->len);
}

static void replay_path_key(replay_path *p, const char *key)
{
    bool plain = *key && !strpbrk(key, " .[]'\"\\") && !(*key >= '0' && *key <= '9');
    replay_path_add(p, plain ? ".%s" : "['%s']", key, 0);
}

/* Whether s looks like one of the local run's task tokens (tokengen.h: 40 URL-safe
 * Base64 characters). The recorded token is AWS's and cannot be reproduced. */
static bool replay_is_token(const jv *s)
{
    if (!jv_is_string(s) || jv_string_length(s) != TOKENGEN_TOKEN_CHARS)
        return false;
    const char *t = jv_string_value(s);
    return strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
           TOKENGEN_TOKEN_CHARS;
}

/* The first place a and b differ: false when equal; else *ra / *la are the differing
 * values there (NULL: absent on that side) and the path says where. With tokens, a
 * string of b that is a local task token matches any string of a. */
static bool replay_first_diff(const jv *a, const jv *b, replay_path *path, const jv **ra,
                              const jv **la, bool tokens)
{
    if (jv_equal(a, b))
        return false;
    if (tokens && jv_is_string(a) && replay_is_token(b))
        return false;
    *ra = a;
    *la = b;
    if (jv_kind_of(a) != jv_kind_of(b))
        return true;
    size_t mark = path->len;
    if (jv_is_object(a)) {
        for (size_t i = 0; i < jv_object_size(a); i++) {
            const char *k = jv_string_value(jv_object_key_at(a, i));
            const jv *bv = jv_object_get(b, k);
            replay_path_key(path, k);
            if (!bv) {
                *ra = jv_object_value_at(a, i);
                *la = NULL;
                return true;
            }
            if (replay_first_diff(jv_object_value_at(a, i), bv, path, ra, la, tokens))
                return true;
            path->text[path->len = mark] = '\0';
        }
        for (size_t i = 0; i < jv_object_size(b); i++) {
            const char *k = jv_string_value(jv_object_key_at(b, i));
            if (!jv_object_get(a, k)) {
                replay_path_key(path, k);
                *ra = NULL;
                *la = jv_object_value_at(b, i);
                return true;
            }
        }
        return false; /* only tokens differ */
    }
    if (jv_is_array(a)) {
        size_t na = jv_array_length(a), nb = jv_array_length(b);
        for (size_t i = 0; i < na && i < nb; i++) {
            replay_path_add(path, "[%zu]", NULL, i);
            if (replay_first_diff(jv_array_get(a, i), jv_array_get(b, i), path, ra, la, tokens))
                return true;
            path->text[path->len = mark] = '\0';
        }
        if (na != nb) {
            replay_path_add(path, "[%zu]", NULL, na < nb ? na : nb);
            *ra = na > nb ? jv_array_get(a, nb) : NULL;
            *la = nb > na ? jv_array_get(b, na) : NULL;
            return true;
        }
        return false; /* only tokens differ */
    }
    return true;
}

/* Compares JSON data; true on a divergence. Data the recorded side lacks is skipped. */
static bool replay_cmp_data_tokens(replay_cmp *c, history_data r, history_data l, long rev,
                                   long lev, const char *state, const char *field, bool tokens)
{
    if (r.kind != HISTORY_DATA_OK || l.kind != HISTORY_DATA_OK) {
        c->d->skipped++;
        return false;
    }
    replay_path path = {"", 0};
    const jv *ra = NULL, *la = NULL;
    bool differs = replay_first_diff(r.value, l.value, &path, &ra, &la, tokens);
    if (differs) {
        replay_diverge(c, rev, lev, state, field, replay_text(ra), replay_text(la));
        snprintf(c->d->path, sizeof c->d->path, "$%s", path.text);
    }
    return differs;
}

static bool replay_cmp_data(replay_cmp *c, history_data r, history_data l, long rev, long lev,
                            const char *state, const char *field)
{
    return replay_cmp_data_tokens(c, r, l, rev, lev, state, field, false);
}

static bool replay_cmp_str(replay_cmp *c, const char *r, const char *l, long rev, long lev,
                           const char *state, const char *field)
{
    if ((!r && !l) || (r && l && !strcmp(r, l)))
        return false;
    return replay_diverge_str(c, rev, lev, state, field, r, l);
}

static const char *replay_outcome_name(history_outcome o, bool local)
{
    static const char *const names[] = {"no outcome (the history ends first)", "succeeded",
                                        "failed", "timed out"};
    return o == HISTORY_OUTCOME_NONE && local
               ? "no outcome (the run failed first: nothing answered the task)" : names[o];
}

static bool replay_cmp_attempt(replay_cmp *c, const history_visit *rv, const history_attempt *r,
                               const history_attempt *l)
{
    const char *s = rv->state;
    bool callback = r->resource && strstr(r->resource, ".waitForTaskToken");
    if (replay_cmp_data_tokens(c, r->parameters, l->parameters, r->scheduled_id, l->scheduled_id,
                               s, "parameters", callback))
        return true;
    if (r->outcome != l->outcome)
        return replay_diverge_str(c, r->outcome_id ? r->outcome_id : r->scheduled_id,
                                  l->outcome_id ? l->outcome_id : l->scheduled_id, s, "outcome",
                                  replay_outcome_name(r->outcome, false),
                                  replay_outcome_name(l->outcome, true));
    if (replay_cmp_str(c, r->error, l->error, r->outcome_id, l->outcome_id, s, "error") ||
        replay_cmp_str(c, r->cause, l->cause, r->outcome_id, l->outcome_id, s, "cause"))
        return true;
    if (r->outcome == HISTORY_OUTCOME_SUCCEEDED &&
        replay_cmp_data(c, r->output, l->output, r->outcome_id, l->outcome_id, s, "result"))
        return true;
    c->d->attempts++;
    return false;
}

static bool replay_cmp_thread(replay_cmp *c, long rt, long lt);

static int replay_child_index(const void *a, const void *b)
{
    const history_thread *x = *(const history_thread *const *)a;
    const history_thread *y = *(const history_thread *const *)b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* A visit's children in index order (qsort is not stable: ties keep their start order by
 * the id as the second key). */
static const history_thread **replay_children(const history *h, const history_visit *v)
{
    const history_thread **t = jv_xcalloc(v->nchildren + 1, sizeof *t);
    for (size_t i = 0; i < v->nchildren; i++)
        t[i] = history_thread_at(h, (size_t)v->children[i]);
    for (size_t i = 1; i < v->nchildren; i++) /* insertion sort: stable */
        for (size_t j = i; j > 0 && replay_child_index(&t[j - 1], &t[j]) > 0; j--) {
            const history_thread *x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
        }
    return t;
}

static bool replay_cmp_children(replay_cmp *c, const history_visit *rv, const history_visit *lv)
{
    const history_thread **r = replay_children(c->r, rv), **l = replay_children(c->l, lv);
    bool diverged = false;
    size_t n = rv->nchildren > lv->nchildren ? rv->nchildren : lv->nchildren;
    bool map = !strcmp(rv->type, "Map");
    for (size_t i = 0; i < n && !diverged; i++) {
        if (i >= rv->nchildren || i >= lv->nchildren || r[i]->index != l[i]->index) {
            char rs[64], ls[64];
            snprintf(rs, sizeof rs, i < rv->nchildren ? "%s %ld" : "no more %ss",
                     map ? "iteration" : "branch", i < rv->nchildren ? r[i]->index : 0);
            snprintf(ls, sizeof ls, i < lv->nchildren ? "%s %ld" : "no more %ss",
                     map ? "iteration" : "branch", i < lv->nchildren ? l[i]->index : 0);
            diverged = replay_diverge_str(c, i < rv->nchildren ? r[i]->first_event : rv->exited_id,
                                          i < lv->nchildren ? l[i]->first_event : lv->exited_id,
                                          rv->state, map ? "iterations" : "branches", rs, ls);
        } else {
            diverged = replay_cmp_thread(c, r[i]->id, l[i]->id);
        }
    }
    free(r);
    free(l);
    return diverged;
}

static bool replay_cmp_attempts(replay_cmp *c, const history_visit *rv, const history_visit *lv)
{
    size_t n = rv->nattempts < lv->nattempts ? rv->nattempts : lv->nattempts;
    for (size_t i = 0; i < n; i++)
        if (replay_cmp_attempt(c, rv, &rv->attempts[i], &lv->attempts[i]))
            return true;
    if (rv->nattempts == lv->nattempts)
        return false;
    char rs[32], ls[32];
    snprintf(rs, sizeof rs, "%zu", rv->nattempts);
    snprintf(ls, sizeof ls, "%zu", lv->nattempts);
    return replay_diverge_str(c, rv->nattempts > n ? rv->attempts[n].scheduled_id : rv->exited_id,
                              lv->nattempts > n ? lv->attempts[n].scheduled_id : lv->exited_id,
                              rv->state, "attempts", rs, ls);
}

static bool replay_cmp_visit(replay_cmp *c, const history_visit *rv, const history_visit *lv)
{
    if (strcmp(rv->state, lv->state))
        return replay_diverge_str(c, rv->entered_id, lv->entered_id, rv->state, "state",
                                  rv->state, lv->state);
    if (replay_cmp_data(c, rv->input, lv->input, rv->entered_id, lv->entered_id, rv->state,
                        "input") ||
        replay_cmp_attempts(c, rv, lv) || replay_cmp_children(c, rv, lv) ||
        replay_cmp_str(c, rv->end_type, lv->end_type, rv->exited_id, lv->exited_id, rv->state,
                       "end"))
        return true;
    if (!rv->exited_id != !lv->exited_id)
        return replay_diverge_str(c, rv->exited_id, lv->exited_id, rv->state, "exit",
                                  rv->exited_id ? "exited" : "not exited",
                                  lv->exited_id ? "exited" : "not exited");
    if (replay_cmp_data(c, rv->output, lv->output, rv->exited_id, lv->exited_id, rv->state,
                        "output"))
        return true;
    c->d->visits++;
    return false;
}

static bool replay_cmp_thread(replay_cmp *c, long rt, long lt)
{
    const history_thread *r = history_thread_at(c->r, (size_t)rt);
    const history_thread *l = history_thread_at(c->l, (size_t)lt);
    size_t n = r->nvisits > l->nvisits ? r->nvisits : l->nvisits;
    for (size_t i = 0; i < n; i++) {
        const history_visit *rv = i < r->nvisits ? history_visit_at(c->r, r->visits[i]) : NULL;
        const history_visit *lv = i < l->nvisits ? history_visit_at(c->l, l->visits[i]) : NULL;
        if (!rv || !lv)
            return replay_diverge_str(c, rv ? rv->entered_id : 0, lv ? lv->entered_id : 0,
                                      rv ? rv->state : lv->state, "state",
                                      rv ? rv->state : "(no further state)",
                                      lv ? lv->state : "(no further state)");
        if (replay_cmp_visit(c, rv, lv))
            return true;
    }
    return false;
}

static bool replay_cmp_execution(replay_cmp *c)
{
    const history_execution *r = history_execution_of(c->r), *l = history_execution_of(c->l);
    long rend = (long)history_event_count(c->r), lend = (long)history_event_count(c->l);
    if (replay_cmp_data(c, r->input, l->input, 1, 1, NULL, "input"))
        return true;
    if (replay_cmp_thread(c, 0, 0))
        return true;
    return replay_cmp_str(c, r->status, l->status, rend, lend, NULL, "status") ||
           replay_cmp_str(c, r->error, l->error, rend, lend, NULL, "error") ||
           replay_cmp_str(c, r->cause, l->cause, rend, lend, NULL, "cause") ||
           replay_cmp_data(c, r->output, l->output, rend, lend, NULL, "output");
}

void replay_diff_run(const history *recorded, const history *local, replay_diff *d)
{
    memset(d, 0, sizeof *d);
    replay_cmp c = {recorded, local, d};
    replay_cmp_execution(&c);
}

void replay_diff_cleanup(replay_diff *d)
{
    free(d->recorded);
    free(d->local);
    d->recorded = d->local = NULL;
}
