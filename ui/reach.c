/* reach — successors and reachability over the definition. See reach.h. */
#include "reach.h"

#include <stdlib.h>

#include "jv.h"

static size_t reach_add(const asl_state **out, size_t n, size_t max, const asl_state *t)
{
    if (!t)
        return n;
    for (size_t i = 0; i < n && i < max; i++)
        if (out[i] == t)
            return n;
    if (n < max)
        out[n] = t;
    return n + 1;
}

size_t reach_successors(const asl_state *s, const asl_state **out, size_t max)
{
    size_t n = 0;
    if (!s)
        return 0;
    n = reach_add(out, n, max, s->next);
    for (size_t k = 0; k < s->choice.nrules; k++)
        n = reach_add(out, n, max, s->choice.rules[k].next);
    n = reach_add(out, n, max, s->choice.default_state);
    for (size_t k = 0; k < s->ncatchers; k++)
        n = reach_add(out, n, max, s->catchers[k].next);
    return n;
}

static long reach_local(const asl_machine *m, const asl_state *s)
{
    for (size_t i = 0; i < m->nstates; i++)
        if (m->states[i] == s)
            return (long)i;
    return -1;
}

static size_t reach_fanout(const asl_state *s)
{
    return 2 + s->choice.nrules + s->ncatchers;
}

/* Breadth-first from from's successors over its machine: is target among them? */
static bool reach_walk(const asl_state *from, const asl_state *target)
{
    const asl_machine *m = from->owner;
    size_t n = m->nstates ? m->nstates : 1;
    bool *seen = jv_xcalloc(n, sizeof *seen);
    const asl_state **queue = jv_xcalloc(n, sizeof *queue);
    size_t head = 0, tail = 0;
    bool found = false;
    for (const asl_state *cur = from; cur && !found;
         cur = head < tail ? queue[head++] : NULL) {
        size_t max = reach_fanout(cur);
        const asl_state **succ = jv_xcalloc(max, sizeof *succ);
        size_t ns = reach_successors(cur, succ, max);
        for (size_t i = 0; i < ns && !found; i++) {
            long li = reach_local(m, succ[i]);
            found = succ[i] == target;
            if (!found && li >= 0 && !seen[li] && tail < n) {
                seen[li] = true;
                queue[tail++] = succ[i];
            }
        }
        free(succ);
    }
    free(seen);
    free(queue);
    return found;
}

reach_answer reach_can_reach(const asl_state *from, const asl_state *to)
{
    if (!from || !to || !from->owner || !to->owner)
        return REACH_UNKNOWN;
    /* a target inside a block: reached with the block that holds it in from's machine */
    const asl_state *t = to;
    while (t->owner != from->owner && t->owner->parent)
        t = t->owner->parent;
    if (t->owner != from->owner)
        return REACH_UNKNOWN;
    if (t != to && t == from)
        return REACH_YES;
    if (reach_walk(from, t))
        return REACH_YES;
    /* in a branch or iteration, another child of the same block may still get there */
    return from->owner->parent ? REACH_UNKNOWN : REACH_NO;
}
