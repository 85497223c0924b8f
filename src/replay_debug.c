/* replay_debug — the recorded execution for the debugger. See replay_debug.h. */
#include "replay_debug.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "jv_text.h"
#include "strbuf.h"

/* One divergence with its strings owned. */
typedef struct {
    char *state, *recorded, *local;
    char field[32], path[256];
} replay_debug_div;

struct replay_debug {
    const history *rec;
    const asl_definition *def;
    debugger_replay cfg;
    debugger_recorded_event *events;
    debugger_recorded_visit *visits;
    char *note;
    replay_debug_div first, latest;   /* at the start; the debugger's last run */
};

static void replay_debug_div_free(replay_debug_div *o)
{
    free(o->state);
    free(o->recorded);
    free(o->local);
    memset(o, 0, sizeof *o);
}

/* d into out, its strings kept in o. */
static void replay_debug_div_take(replay_debug_div *o, const replay_diff *d,
                                  debugger_divergence *out)
{
    replay_debug_div_free(o);
    memset(out, 0, sizeof *out);
    out->diverged = d->diverged;
    out->visits = d->visits;
    if (!d->diverged)
        return;
    o->state = d->state ? jv_xstrdup(d->state) : NULL;
    o->recorded = jv_xstrdup(d->recorded ? d->recorded : "(none)");
    o->local = jv_xstrdup(d->local ? d->local : "(none)");
    snprintf(o->field, sizeof o->field, "%s", d->field);
    snprintf(o->path, sizeof o->path, "%s", strcmp(d->path, "$") ? d->path : "");
    *out = (debugger_divergence){true, d->recorded_event, d->local_event, o->state, o->field,
                                 o->path, o->recorded, o->local, d->visits};
}

static void replay_debug_part(strbuf *sb, const char *text)
{
    if (sb->len)
        strbuf_puts(sb, ", ");
    strbuf_puts(sb, text);
}

/* What the history lacks, in a few words for the screen. */
static void replay_debug_note(replay_debug *v)
{
    const history_notes *n = history_notes_of(v->rec);
    strbuf sb;
    strbuf_init(&sb, 0);
    if (n->no_data)
        strbuf_printf(&sb, "%zu fields without data (redacted, or recorded without execution "
                      "data)", n->no_data);
    if (n->truncated)
        strbuf_printf(&sb, "%s%zu truncated", sb.len ? ", " : "", n->truncated);
    if (n->masked)
        strbuf_printf(&sb, "%s%zu masked", sb.len ? ", " : "", n->masked);
    if (n->no_data || n->truncated || n->masked)
        strbuf_puts(&sb, ": not compared");
    if (n->more_pages)
        replay_debug_part(&sb, "the last page has a nextToken: later events are missing");
    if (!strcmp(history_execution_of(v->rec)->status, "RUNNING"))
        replay_debug_part(&sb, "no end event: the execution was still running");
    v->note = sb.len ? strbuf_detach(&sb) : NULL;
    v->cfg.note = v->note;
    strbuf_cleanup(&sb);
}

/* A Map iteration event's index (its thread is the Map's), NULL for other events. */
static const jv *replay_debug_iteration(const jv *ev)
{
    static const char *const keys[] = {"mapIterationStartedEventDetails",
                                       "mapIterationSucceededEventDetails",
                                       "mapIterationFailedEventDetails",
                                       "mapIterationAbortedEventDetails"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const jv *d = jv_object_get(ev, keys[i]);
        const jv *index = d && jv_is_object(d) ? jv_object_get(d, "index") : NULL;
        if (index && jv_is_number(index))
            return index;
    }
    return NULL;
}

static void replay_debug_events(replay_debug *v)
{
    size_t n = history_event_count(v->rec);
    v->events = jv_xcalloc(n ? n : 1, sizeof *v->events);
    for (size_t i = 0; i < n; i++) {
        long id = (long)i + 1;
        debugger_recorded_event *e = &v->events[i];
        e->event = history_event(v->rec, id);
        long vi = history_event_visit(v->rec, id);
        e->state = vi >= 0 ? history_visit_at(v->rec, (size_t)vi)->state : NULL;
        long ti = history_event_thread(v->rec, id);
        const history_thread *t = ti > 0 ? history_thread_at(v->rec, (size_t)ti) : NULL;
        const jv *index = replay_debug_iteration(e->event);
        if (t)
            snprintf(e->thread, sizeof e->thread, "%s %ld",
                     t->kind == HISTORY_THREAD_BRANCH ? "branch" : "iter", t->index);
        else if (index)
            snprintf(e->thread, sizeof e->thread, "iter %.0f", jv_number_value(index));
    }
    v->cfg.events = v->events;
    v->cfg.nevents = n;
    size_t nv = history_visit_count(v->rec);
    v->visits = jv_xcalloc(nv ? nv : 1, sizeof *v->visits);
    for (size_t i = 0; i < nv; i++) {
        const history_visit *hv = history_visit_at(v->rec, i);
        v->visits[i].state = hv->state;
        v->visits[i].entered_id = hv->entered_id;
        v->visits[i].exited_id = hv->exited_id;
        v->visits[i].retries = hv->nattempts > 1 ? (long)hv->nattempts - 1 : 0;
    }
    v->cfg.visits = v->visits;
    v->cfg.nvisits = nv;
}

/* debugger_replay.recheck: the debugger's run, read back and compared with the record. */
static void replay_debug_recheck(void *user, const sfn_exec *ex, debugger_divergence *out)
{
    replay_debug *v = user;
    jv *page = exec_history_json(ex);
    char err[512];
    history *local = history_from_page(page, "the debugger's run", v->def, err, sizeof err);
    jv_unref(page);
    if (!local) {
        *out = v->cfg.div;   /* cannot happen for the engine's own history; keep the first */
        return;
    }
    replay_diff d;
    replay_diff_run(v->rec, local, &d);
    replay_debug_div_take(&v->latest, &d, out);
    replay_diff_cleanup(&d);
    history_free(local);
}

replay_debug *replay_debug_new(const history *rec, const asl_definition *def, const char *name,
                               const replay_diff *d)
{
    replay_debug *v = jv_xcalloc(1, sizeof *v);
    v->rec = rec;
    v->def = def;
    v->cfg.on = true;
    const char *slash = strrchr(name, '/');
    v->cfg.name = slash && slash[1] ? slash + 1 : name;   /* the screen is narrow */
    replay_debug_note(v);
    replay_debug_events(v);
    if (d)
        replay_debug_div_take(&v->first, d, &v->cfg.div);
    v->cfg.recheck = replay_debug_recheck;
    v->cfg.user = v;
    return v;
}

const debugger_replay *replay_debug_config(const replay_debug *v)
{
    return &v->cfg;
}

void replay_debug_free(replay_debug *v)
{
    if (!v)
        return;
    replay_debug_div_free(&v->first);
    replay_debug_div_free(&v->latest);
    free(v->events);
    free(v->visits);
    free(v->note);
    free(v);
}
