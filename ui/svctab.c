/* svctab — the Services tab. See svctab.h. */
#include "svctab.h"

#include <stdio.h>

#include "services/svc_snapshot.h"

/* The sections of the view, each an entry of its own (folded below its names). */
static void svctab_sections(jsontree *t, const jv *view)
{
    for (size_t i = 0; i < jv_object_size(view); i++)
        jt_add(t, jv_string_value(jv_object_key_at(view, i)), jv_object_value_at(view, i), NULL);
}

static void svctab_folder(jsontree *t, objstore *s3)
{
    bool truncated = false;
    jv *folder = svc_folder_view(s3, SVCTAB_FOLDER_KEYS, &truncated);
    char note[160];
    snprintf(note, sizeof note, "now: step back keeps its writes%s",
             truncated ? " (1,000 keys shown)" : "");
    jt_add(t, "S3 (--s3-dir)", NULL, note);
    jt_add(t, "S3", folder, NULL);
    jv_unref(folder);
}

/* The requests to real endpoints up to the subject's step. */
static void svctab_requests(jsontree *t, const dbg_session *s, long visit)
{
    jv *reqs = session_requests(s, visit);
    if (jv_array_length(reqs) > 0)
        jt_add(t, "Requests", reqs, "sent to real endpoints (secrets masked)");
    jv_unref(reqs);
}

void svctab_fill(dbg_app *a, jsontree *t)
{
    long visit = a->subj.kind == SUBJ_VISIT ? a->subj.visit : -1;
    jt_add(t, "as of", NULL, visit >= 0 ? "the end of this visit's step" : "now");
    jv *snap = session_services(a->sess, visit);
    svctab_requests(t, a->sess, visit);
    if (!snap) {
        jt_add(t, NULL, NULL, "(no local services in this session)");
        return;
    }
    jv *view = svc_snapshot_view(snap);
    svctab_sections(t, view);
    const svc_stores *st = session_services_stores(a->sess);
    if (st && st->s3 && !objstore_is_memory(st->s3))
        svctab_folder(t, st->s3);
    if (jv_object_size(view) == 0 && !(st && st->s3 && !objstore_is_memory(st->s3)))
        jt_add(t, "(empty)", NULL, "no table, queue, topic, bus, bucket or job yet");
    jv_unref(view);
    jv_unref(snap);
}
