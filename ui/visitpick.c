/* visitpick — :visit N. See visitpick.h. */
#include "visitpick.h"

#include <errno.h>
#include <stdlib.h>

#include "app.h"

/* The index of the n-th (1-based) visit of s, -1 if none; *count gets how many it has. */
static long visit_nth(const sfn_exec *ex, const asl_state *s, long n, long *count)
{
    long found = -1;
    *count = 0;
    for (size_t i = 0; i < exec_visit_count(ex); i++)
        if (exec_visit_at(ex, i)->state == s && ++*count == n)
            found = (long)i;
    return found;
}

void visit_pick(dbg_app *a, const char *args)
{
    const asl_state *s = graph_pane_selected(a);
    char *end;
    errno = 0;
    long n = strtol(args, &end, 10);
    bool number = end != args && !*end && errno == 0 && n > 0;
    if (!s) {
        app_message(a, true, "no state selected: select one in the graph, then :visit N");
        return;
    }
    long count;
    long idx = visit_nth(session_exec(a->sess), s, number ? n : 0, &count);
    if (count == 0) {
        app_message(a, true, "%s has not run yet", s->name);
        return;
    }
    if (!number || idx < 0) {
        app_message(a, true, "usage: visit N (%s ran %ld time%s: 1 to %ld)", s->name, count,
                    count == 1 ? "" : "s", count);
        return;
    }
    app_set_subject_state(a, s);
    a->subj.kind = SUBJ_VISIT;
    a->subj.visit = idx;
    app_message(a, false, "%s: visit %ld of %ld", s->name, n, count);
}
