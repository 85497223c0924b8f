/* svc_snapshot — the local services' contents as one value, and the Services tab's view of
 * it. See svc_snapshot.h. */
#include "services/svc_snapshot.h"

#include <stdio.h>
#include <string.h>

#include "timeutil.h"

jv *svc_snapshot_take(const svc_stores *st)
{
    jv *snap = jv_object();
    jv *s3 = st->s3 ? objstore_memory_snapshot(st->s3) : NULL;
    if (s3)
        snap = jv_object_set_take(snap, "s3", s3);
    if (st->dynamodb)
        snap = jv_object_set_take(snap, "dynamodb", ddb_store_snapshot(st->dynamodb));
    if (st->sqs)
        snap = jv_object_set_take(snap, "sqs", msg_store_snapshot(st->sqs));
    if (st->sns)
        snap = jv_object_set_take(snap, "sns", msg_store_snapshot(st->sns));
    if (st->events)
        snap = jv_object_set_take(snap, "events", msg_store_snapshot(st->events));
    if (st->jobs)
        snap = jv_object_set_take(snap, "jobs", jobs_store_snapshot(st->jobs));
    return snap;
}

void svc_snapshot_restore(const svc_stores *st, const jv *snap)
{
    const jv *v;
    if (st->s3 && (v = jv_object_get(snap, "s3")))
        objstore_memory_restore(st->s3, v);
    if (st->dynamodb && (v = jv_object_get(snap, "dynamodb")))
        ddb_store_restore(st->dynamodb, v);
    if (st->sqs && (v = jv_object_get(snap, "sqs")))
        msg_store_restore(st->sqs, v);
    if (st->sns && (v = jv_object_get(snap, "sns")))
        msg_store_restore(st->sns, v);
    if (st->events && (v = jv_object_get(snap, "events")))
        msg_store_restore(st->events, v);
    if (st->jobs && (v = jv_object_get(snap, "jobs")))
        jobs_store_restore(st->jobs, v);
}

bool svc_snapshot_same(const jv *a, const jv *b)
{
    if (a == b)
        return true;
    if (!a || !b || jv_object_size(a) != jv_object_size(b))
        return false;
    for (size_t i = 0; i < jv_object_size(a); i++)
        if (jv_object_get(b, jv_string_value(jv_object_key_at(a, i))) != jv_object_value_at(a, i))
            return false;
    return true;
}

/* ---- the view ---- */

/* A long list as pages {"1-100": [...], "101-200": [...]}; a short one as it is. */
static jv *svc_paged(const jv *list)
{
    size_t n = jv_array_length(list);
    if (n <= SVC_VIEW_PAGE)
        return jv_ref(list);
    jv *pages = jv_object();
    for (size_t from = 0; from < n; from += SVC_VIEW_PAGE) {
        size_t to = from + SVC_VIEW_PAGE < n ? from + SVC_VIEW_PAGE : n;
        jv *page = jv_array();
        for (size_t i = from; i < to; i++)
            page = jv_array_append(page, jv_array_get(list, i));
        char name[48];
        snprintf(name, sizeof name, "%zu-%zu", from + 1, to);
        pages = jv_object_set_take(pages, name, page);
    }
    return pages;
}

/* Every channel's records, paged. */
static jv *svc_view_channels(const jv *channels)
{
    jv *out = jv_object();
    for (size_t i = 0; i < jv_object_size(channels); i++)
        out = jv_object_set_take(out, jv_string_value(jv_object_key_at(channels, i)),
                                 svc_paged(jv_object_value_at(channels, i)));
    return out;
}

static jv *svc_view_tables(const jv *snapshot)
{
    ddb_store *tmp = ddb_store_new();
    ddb_store_restore(tmp, snapshot);
    jv *tables = ddb_store_save(tmp);
    ddb_store_free(tmp);
    jv *out = jv_object();
    for (size_t i = 0; i < jv_object_size(tables); i++) {
        const jv *t = jv_object_value_at(tables, i);
        jv *nt = jv_object_set(jv_object(), "KeySchema", jv_object_get(t, "KeySchema"));
        nt = jv_object_set_take(nt, "Items", svc_paged(jv_object_get(t, "Items")));
        out = jv_object_set_take(out, jv_string_value(jv_object_key_at(tables, i)), nt);
    }
    jv_unref(tables);
    return out;
}

static jv *svc_view_object(const jv *entry)
{
    const jv *body = jv_object_get(entry, "Body");
    char when[40];
    timeutil_format_ms((int64_t)jv_number_value(jv_object_get(entry, "LastModified")), when,
                       sizeof when);
    jv *o = jv_object_set_take(jv_object(), "Size", jv_number((double)jv_string_length(body)));
    o = jv_object_set_take(o, "LastModified", jv_string(when));
    o = jv_object_set(o, "ETag", jv_object_get(entry, "ETag"));
    const jv *attrs = jv_object_get(entry, "Attributes");   /* what the put kept */
    if (attrs)
        o = jv_object_set(o, "Attributes", attrs);
    size_t len = jv_string_length(body), shown = len > SVC_VIEW_TEXT ? SVC_VIEW_TEXT : len;
    jv *text = objstore_text(jv_string_value(body), shown, NULL);
    if (shown < len) {
        jv *cut = jv_string_fmt("%s… (%zu bytes more)", jv_string_value(text), len - shown);
        jv_unref(text);
        text = cut;
    }
    return jv_object_set_take(o, "Text", text);
}

static jv *svc_view_buckets(const jv *s3)
{
    jv *out = jv_object();
    for (size_t i = 0; i < jv_object_size(s3); i++) {
        const jv *objects = jv_object_value_at(s3, i);
        jv *b = jv_object();
        for (size_t j = 0; j < jv_object_size(objects); j++)
            b = jv_object_set_take(b, jv_string_value(jv_object_key_at(objects, j)),
                                   svc_view_object(jv_object_value_at(objects, j)));
        out = jv_object_set_take(out, jv_string_value(jv_object_key_at(s3, i)), b);
    }
    return out;
}

/* Adds the section when it has something. */
static jv *svc_view_add(jv *view, const char *name, jv *section)
{
    if (section && jv_object_size(section) > 0)
        return jv_object_set_take(view, name, section);
    jv_unref(section);
    return view;
}

jv *svc_snapshot_view(const jv *snap)
{
    const jv *v;
    jv *view = jv_object();
    if ((v = jv_object_get(snap, "dynamodb")))
        view = svc_view_add(view, "DynamoDB", svc_view_tables(v));
    if ((v = jv_object_get(snap, "sqs")))
        view = svc_view_add(view, "SQS", svc_view_channels(v));
    if ((v = jv_object_get(snap, "sns")))
        view = svc_view_add(view, "SNS", svc_view_channels(v));
    if ((v = jv_object_get(snap, "events")))
        view = svc_view_add(view, "EventBridge", svc_view_channels(v));
    if ((v = jv_object_get(snap, "s3")))
        view = svc_view_add(view, "S3", svc_view_buckets(v));
    if ((v = jv_object_get(snap, "jobs")))
        view = svc_view_add(view, "Jobs", jv_ref(v));
    return view;
}

/* ---- a folder, listed now ---- */

typedef struct {
    objstore *s3;
    jv *out;
    size_t left;
    bool truncated;
} svc_lister;

static jv *svc_view_head(const objstore_head *h)
{
    char when[40];
    timeutil_format_ms(h->last_modified_ms, when, sizeof when);
    jv *o = jv_object_set_take(jv_object(), "Size", jv_number((double)h->size));
    return jv_object_set_take(o, "LastModified", jv_string(when));
}

static void svc_list_bucket(void *ud, const char *bucket)
{
    svc_lister *l = ud;
    jv *b = jv_object();
    char after[OBJSTORE_KEY_MAX + 1] = "";
    bool more = true;
    while (more && l->left > 0) {
        objstore_list_page page = {0};
        objstore_list_query q = {bucket, NULL, after,
                                 l->left < OBJSTORE_LIST_MAX ? l->left : OBJSTORE_LIST_MAX};
        objstore_error err;
        if (objstore_list(l->s3, &q, &page, &err) != OBJSTORE_OK) {
            b = jv_object_set_take(b, "(error)", jv_string(err.message));
            objstore_list_page_cleanup(&page);
            break;
        }
        for (size_t i = 0; i < page.count; i++)
            b = jv_object_set_take(b, page.entries[i].key, svc_view_head(&page.entries[i].head));
        l->left -= page.count;
        more = page.truncated;
        if (page.count)
            snprintf(after, sizeof after, "%s", page.entries[page.count - 1].key);
        objstore_list_page_cleanup(&page);
    }
    if (more)
        l->truncated = true;
    l->out = jv_object_set_take(l->out, bucket, b);
}

jv *svc_folder_view(objstore *s3, size_t max_keys, bool *truncated)
{
    svc_lister l = {s3, jv_object(), max_keys, false};
    objstore_each_bucket(s3, svc_list_bucket, &l);
    *truncated = l.truncated;
    return l.out;
}
