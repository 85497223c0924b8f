/* replay_report — `sfdbg replay`'s text. See replay_report.h. */
#include "replay_report.h"

#include <stdlib.h>
#include <string.h>

#include "jv_text.h"

static void replay_report_data(FILE *out, const char *label, history_data d)
{
    if (d.kind != HISTORY_DATA_OK) {
        fprintf(out, " %s (%s)", label, history_data_kind_name(d.kind));
        return;
    }
    char *t = jv_dump_string(d.value, 0);
    size_t n = strlen(t);
    fprintf(out, " %s %.*s%s", label, n > 60 ? 57 : (int)n, t, n > 60 ? "..." : "");
    free(t);
}

static void replay_report_thread(FILE *out, const history *h, long t, int depth);

static void replay_report_visit(FILE *out, const history *h, const history_visit *v, int depth)
{
    fprintf(out, "%*s%ld %s (%s)", depth * 2, "", v->entered_id, v->state, v->type);
    replay_report_data(out, "in", v->input);
    for (size_t i = 0; i < v->nattempts; i++) {
        const history_attempt *a = &v->attempts[i];
        if (a->outcome == HISTORY_OUTCOME_FAILED || a->outcome == HISTORY_OUTCOME_TIMED_OUT)
            fprintf(out, " | attempt %zu %s %s", i + 1,
                    a->outcome == HISTORY_OUTCOME_FAILED ? "failed" : "timed out",
                    a->error ? a->error : "");
    }
    if (v->exited_id)
        replay_report_data(out, "out", v->output);
    else
        fputs(v->end_type ? " (aborted)" : " (not exited)", out);
    fputc('\n', out);
    for (size_t i = 0; i < v->nchildren; i++) {
        const history_thread *c = history_thread_at(h, (size_t)v->children[i]);
        fprintf(out, "%*s%s %ld%s\n", depth * 2 + 2, "",
                c->kind == HISTORY_THREAD_BRANCH ? "branch" : "iteration", c->index,
                c->end_type && strstr(c->end_type, "Failed") ? " (failed)" : "");
        replay_report_thread(out, h, c->id, depth + 2);
    }
}

static void replay_report_thread(FILE *out, const history *h, long t, int depth)
{
    const history_thread *th = history_thread_at(h, (size_t)t);
    for (size_t i = 0; i < th->nvisits; i++)
        replay_report_visit(out, h, history_visit_at(h, th->visits[i]), depth);
}

void replay_report_listing(FILE *out, const history *h)
{
    const history_execution *x = history_execution_of(h);
    fprintf(out, "execution %s, %zu events, %zu state visits\n", x->status,
            history_event_count(h), history_visit_count(h));
    replay_report_thread(out, h, 0, 1);
    if (x->error)
        fprintf(out, "error %s: %s\n", x->error, x->cause ? x->cause : "");
}

void replay_report_notes(FILE *out, const history *h, const char *name)
{
    const history_notes *n = history_notes_of(h);
    if (n->no_data)
        fprintf(out, "note: %s: %zu input/output fields have no data (recorded without "
                "execution data, or redacted): they are not compared\n", name, n->no_data);
    if (n->truncated)
        fprintf(out, "note: %s: %zu values are truncated: they are not compared\n", name,
                n->truncated);
    if (n->masked)
        fprintf(out, "note: %s: %zu values are masked (not JSON): they are not compared\n",
                name, n->masked);
    if (n->more_pages)
        fprintf(out, "note: %s: the last page has a nextToken: the events after it are "
                "missing (give every page)\n", name);
    if (n->reversed)
        fprintf(out, "note: %s: the events are newest first (--reverse-order): read oldest "
                "first\n", name);
    if (!strcmp(history_execution_of(h)->status, "RUNNING"))
        fprintf(out, "note: %s: the history has no end: the execution was still running, "
                "or pages are missing\n", name);
}

void replay_report_diff(FILE *out, const replay_diff *d, const history *recorded,
                        const history *local)
{
    if (!d->diverged) {
        fprintf(out, "reproduced: the local run agrees with the recorded one (%s; %zu state "
                "visits, %zu task attempts compared", history_execution_of(local)->status,
                d->visits, d->attempts);
        if (d->skipped)
            fprintf(out, ", %zu fields without recorded data skipped", d->skipped);
        fputs(")\n", out);
        return;
    }
    fprintf(out, "diverged at recorded event %ld (%s), local event %ld (%s): ",
            d->recorded_event, d->recorded_event ? history_event_type(recorded, d->recorded_event)
                                                 : "none",
            d->local_event, d->local_event ? history_event_type(local, d->local_event) : "none");
    if (d->state)
        fprintf(out, "state '%s', ", d->state);
    else
        fputs("the execution's ", out);
    fprintf(out, "field %s%s%s\n", d->field, d->path[0] && strcmp(d->path, "$") ? " at " : "",
            d->path[0] && strcmp(d->path, "$") ? d->path : "");
    fprintf(out, "  recorded: %s\n  local:    %s\n", d->recorded, d->local);
    fprintf(out, "(%zu state visits and %zu task attempts agreed before it)\n", d->visits,
            d->attempts);
}
