/* Unit tests: the local services under time travel (engine/services/svc_snapshot.c, the
 * memory S3 store's snapshots in engine/objstore.c, ui/session.c and ui/journal.c): step
 * back and restart put the DynamoDB tables, the S3 memory store and the SQS queues back as
 * the step left them, without asking the services again; each visit's contents stay
 * visible; snapshots share and do not copy; the Services view pages long lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "jv_text.h"
#include "services/dynamodb.h"
#include "services/jobs.h"
#include "services/s3.h"
#include "services/sqs.h"
#include "services/svc_snapshot.h"
#include "tap.h"
#include "ui/session.h"

/* A DynamoDB put, an S3 put, an SQS send, then a Pass. */
static const char *DEF =
    "{\"StartAt\":\"Put\",\"States\":{"
    "\"Put\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::dynamodb:putItem\","
    "\"Parameters\":{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"}}},"
    "\"ResultPath\":null,\"Next\":\"Obj\"},"
    "\"Obj\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::aws-sdk:s3:putObject\","
    "\"Parameters\":{\"Bucket\":\"bkt\",\"Key\":\"k.txt\",\"Body\":\"hello\"},"
    "\"ResultPath\":null,\"Next\":\"Send\"},"
    "\"Send\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage\","
    "\"Parameters\":{\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/1/q\","
    "\"MessageBody\":\"m\"},\"ResultPath\":null,\"Next\":\"End\"},"
    "\"End\":{\"Type\":\"Pass\",\"End\":true}}}";

typedef struct {
    ddb_store *ddb;
    objstore *s3;
    msg_store *sqs;
    int calls;
    task_resolver inner[3];
} services;

/* Counts the services' answers (a replay from the journal does not ask them). */
static task_answer_kind counting_resolve(void *user, const task_call *call, task_answer *out)
{
    services *sv = user;
    for (int i = 0; i < 3; i++)
        if (sv->inner[i].resolve(sv->inner[i].user, call, out) != TASK_NO_ANSWER) {
            sv->calls++;
            return out->kind;
        }
    return TASK_NO_ANSWER;
}

static void services_init(services *sv)
{
    memset(sv, 0, sizeof *sv);
    sv->ddb = ddb_store_new();
    char err[256];
    jv *tables = jv_parse_cstr("{\"tbl\":{\"KeySchema\":[{\"AttributeName\":\"pk\","
                               "\"KeyType\":\"HASH\"}],\"Items\":[]}}", NULL);
    if (!ddb_store_load(sv->ddb, tables, err, sizeof err))
        tap_diag("load: %s", err);
    jv_unref(tables);
    sv->s3 = objstore_memory_new(0);
    objstore_memory_add_bucket(sv->s3, "bkt");
    sv->sqs = msg_store_new(sqs_spec());
    jv *queues = jv_parse_cstr("{\"q\":[]}", NULL);
    if (!msg_store_load(sv->sqs, queues, err, sizeof err))
        tap_diag("load: %s", err);
    jv_unref(queues);
    sv->inner[0] = (task_resolver){"dynamodb", dynamodb_service_resolve, sv->ddb};
    sv->inner[1] = (task_resolver){"s3", s3_service_resolve, sv->s3};
    sv->inner[2] = (task_resolver){"sqs", sqs_service_resolve, sv->sqs};
}

static void services_free(services *sv)
{
    ddb_store_free(sv->ddb);
    objstore_free(sv->s3);
    msg_store_free(sv->sqs);
}

/* o.a.b, NULL when some part is missing. */
static const jv *get2(const jv *o, const char *a, const char *b)
{
    const jv *x = o && jv_is_object(o) ? jv_object_get(o, a) : NULL;
    return x && jv_is_object(x) ? jv_object_get(x, b) : NULL;
}

/* "items=N objects=N messages=N" of a snapshot. */
static char *counts_of(jv *snap)
{
    jv *view = svc_snapshot_view(snap);
    const jv *t = get2(view, "DynamoDB", "tbl");
    const jv *b = get2(view, "S3", "bkt");
    const jv *q = get2(view, "SQS", "q");
    if (!t || !b || !q) {
        char *text = jv_dump_string(view, 0);
        tap_diag("view: %s", text);
        free(text);
    }
    char buf[100];
    snprintf(buf, sizeof buf, "items=%zu objects=%zu messages=%zu",
             t ? jv_array_length(jv_object_get(t, "Items")) : 0, b ? jv_object_size(b) : 0,
             q ? jv_array_length(q) : 0);
    jv_unref(view);
    jv_unref(snap);
    return jv_xstrdup(buf);
}

static void is_counts(jv *snap, const char *want, const char *name)
{
    char *got = counts_of(snap);
    tap_is_str(got, want, "%s", name);
    free(got);
}

/* A session on def with one resolver, its S3 store and services st (borrowed). */
static dbg_session *services_session(const asl_definition *def, const task_resolver *tr,
                                     const svc_stores *st)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.s3 = st->s3;
    eo.resolvers = tr;
    eo.nresolvers = 1;
    jv *in = jv_object();
    dbg_session *s = session_new(def, in, &eo);
    jv_unref(in);
    session_set_services(s, st);
    return s;
}

static void time_travel(void)
{
    services sv;
    services_init(&sv);
    asl_definition *def = defload(DEF);
    task_resolver tr = {"services", counting_resolve, &sv};
    svc_stores st = {sv.s3, sv.ddb, sv.sqs, NULL, NULL, NULL};
    dbg_session *s = services_session(def, &tr, &st);
    for (int i = 0; i < 3; i++)
        session_step(s);
    is_counts(session_services(s, -1), "items=1 objects=1 messages=1", "three steps: all written");
    is_counts(session_services(s, 0), "items=1 objects=0 messages=0",
              "the first visit's contents: the item only");
    is_counts(session_services(s, 1), "items=1 objects=1 messages=0", "the second's");
    tap_is_int(sv.calls, 3, "the services answered three times");

    session_rewind(s, 1);
    is_counts(session_services(s, -1), "items=1 objects=0 messages=0",
              "step back to after the put: the object and the message are gone");
    session_rewind(s, 0);
    is_counts(session_services(s, -1), "items=0 objects=0 messages=0",
              "back at the start: the table is empty again");
    tap_is_int(sv.calls, 3, "rewinding asked no service");
    for (int i = 0; i < 2; i++)
        session_redo(s);
    is_counts(session_services(s, -1), "items=1 objects=1 messages=0",
              "stepping forward again replays the writes from the journal");
    tap_is_int(sv.calls, 3, "still from the journal, not the services");
    char *data;
    size_t len;
    objstore_error oerr;
    tap_ok(objstore_read_all(sv.s3, "bkt", "k.txt", 100, &data, &len, NULL, &oerr) == OBJSTORE_OK &&
           !strcmp(data, "\"hello\""), "the object reads back after the replay");
    if (data)
        free(data);

    session_restart(s, NULL);
    is_counts(session_services(s, -1), "items=0 objects=0 messages=0",
              "R starts from the contents the session began with");
    while (session_running(s))
        session_step(s);
    tap_is_int(sv.calls, 6, "after R the tasks run again, for real");
    is_counts(session_services(s, -1), "items=1 objects=1 messages=1", "and write again");
    session_free(s);
    asl_definition_free(def);
    services_free(&sv);
}

/* A simulated job's run record goes with step back, and the restored S3 store settles
 * lazily: a snapshot asked while a restore is pending is that restore. */
static void jobs_and_pending(void)
{
    jobs_store *jobs = jobs_store_new();
    char err[256];
    jobs_store_load(jobs, NULL, err, sizeof err);
    objstore *s3 = objstore_memory_new(0);
    objstore_memory_add_bucket(s3, "bkt");
    task_resolver tr = {"jobs", jobs_service_resolve, jobs};
    asl_definition *def = defload(
        "{\"StartAt\":\"Etl\",\"States\":{\"Etl\":{\"Type\":\"Task\","
        "\"Resource\":\"arn:aws:states:::glue:startJobRun.sync\","
        "\"Parameters\":{\"JobName\":\"etl\"},\"Next\":\"End\"},"
        "\"End\":{\"Type\":\"Pass\",\"End\":true}}}");
    svc_stores st = {s3, NULL, NULL, NULL, NULL, jobs};
    dbg_session *s = services_session(def, &tr, &st);
    session_step(s);
    jv *snap = session_services(s, -1), *view = svc_snapshot_view(snap);
    const jv *runs = get2(get2(view, "Jobs", "glue"), "etl", "Runs");
    tap_is_int(runs ? (long long)jv_array_length(runs) : -1, 1, "the job's run is recorded");
    jv_unref(view);
    jv_unref(snap);
    session_rewind(s, 0);
    snap = session_services(s, -1);
    view = svc_snapshot_view(snap);
    tap_ok(!jv_object_has(view, "Jobs"), "step back: the run is gone");
    jv_unref(view);
    jv_unref(snap);
    session_free(s);
    asl_definition_free(def);

    objstore_error oerr;
    jv *empty = objstore_memory_snapshot(s3);
    objstore_put(s3, "bkt", "k", "v", 1, 0, &oerr);
    objstore_memory_restore(s3, empty);
    jv *again = objstore_memory_snapshot(s3);
    tap_ok(again == empty, "a snapshot asked while a restore is pending is the restored one");
    objstore_head h;
    tap_ok(objstore_head_object(s3, "bkt", "k", &h, &oerr) == OBJSTORE_NO_SUCH_KEY,
           "the next read sees the restored contents");
    objstore_memory_restore(s3, again);
    jv *third = objstore_memory_snapshot(s3);
    tap_ok(third == again, "restoring what it holds changes nothing");
    jv_unref(third);
    jv_unref(again);
    jv_unref(empty);
    jobs_store_free(jobs);
    objstore_free(s3);
}

static void snapshots_share(void)
{
    objstore *s3 = objstore_memory_new(0);
    objstore_memory_add_bucket(s3, "bkt");
    objstore_error err;
    objstore_put(s3, "bkt", "x", "one", 3, 1000, &err);
    jv *a = objstore_memory_snapshot(s3), *b = objstore_memory_snapshot(s3);
    tap_ok(a == b, "no change: the same snapshot again");
    objstore_reader *r = NULL;
    objstore_open(s3, "bkt", "x", &r, NULL, &err);
    objstore_put(s3, "bkt", "x", "two!", 4, 2000, &err);
    objstore_put(s3, "bkt", "y", "new", 3, 2000, &err);
    jv *c = objstore_memory_snapshot(s3);
    tap_ok(c != a, "a put makes a new one");
    objstore_memory_restore(s3, a);
    objstore_head h;
    tap_ok(objstore_head_object(s3, "bkt", "x", &h, &err) == OBJSTORE_OK && h.size == 3 &&
           h.last_modified_ms == 1000, "restored: the first object's size and time");
    tap_ok(objstore_head_object(s3, "bkt", "y", &h, &err) == OBJSTORE_NO_SUCH_KEY,
           "restored: the later key is gone");
    char buf[16] = "";
    size_t got = 0;
    objstore_reader_read(r, buf, sizeof buf - 1, &got, &err);
    buf[got] = '\0';
    tap_is_str(buf, "one", "a reader opened before keeps reading what it opened");
    objstore_reader_close(r);
    objstore_memory_restore(s3, c);
    char *data;
    size_t len;
    objstore_read_all(s3, "bkt", "x", 100, &data, &len, NULL, &err);
    tap_is_str(data, "two!", "and forward again");
    free(data);
    tap_ok(objstore_put(s3, "bkt", "x", "three", 5, 3000, &err) == OBJSTORE_OK,
           "a restored store takes puts");
    jv *d = objstore_memory_snapshot(s3);
    tap_ok(jv_object_value_at(jv_object_get(c, "bkt"), 0) !=
           jv_object_value_at(jv_object_get(d, "bkt"), 0), "the replaced object is a new entry");
    tap_ok(jv_object_value_at(jv_object_get(c, "bkt"), 1) ==
           jv_object_value_at(jv_object_get(d, "bkt"), 1), "the other is shared, not copied");
    jv_unref(a);
    jv_unref(b);
    jv_unref(c);
    jv_unref(d);
    objstore_free(s3);
}

static void view_pages(void)
{
    msg_store *q = msg_store_new(sqs_spec());
    jv *list = jv_array();
    for (int i = 0; i < 250; i++) {
        jv *m = jv_object_set_take(jv_object(), "MessageId", jv_string_fmt("m-%d", i));
        list = jv_array_append_take(list, jv_object_set_take(m, "Body", jv_string("b")));
    }
    jv *section = jv_object_set_take(jv_object(), "big", list);
    char err[256];
    if (!msg_store_load(q, section, err, sizeof err))
        tap_diag("load: %s", err);
    jv_unref(section);
    svc_stores st = {NULL, NULL, q, NULL, NULL, NULL};
    jv *snap = svc_snapshot_take(&st), *view = svc_snapshot_view(snap);
    const jv *pages = jv_object_get(jv_object_get(view, "SQS"), "big");
    tap_is_int((long long)jv_object_size(pages), 3, "250 messages: three pages");
    tap_is_str(jv_string_value(jv_object_key_at(pages, 2)), "201-250", "the last page's name");
    tap_is_str(jv_string_value(jv_object_get(
                   jv_array_get(jv_object_value_at(pages, 1), 0), "MessageId")),
               "m-100", "the second page starts at the 101st");
    tap_ok(!jv_object_has(view, "DynamoDB") && !jv_object_has(view, "S3"),
           "services without contents are left out");
    jv_unref(view);
    jv_unref(snap);
    msg_store_free(q);
}

/* An object's attributes (what its put kept) are in the Services tab's view. */
static void view_attributes(void)
{
    objstore *s3 = objstore_memory_new(0);
    objstore_memory_add_bucket(s3, "bkt");
    jv *attrs = jv_object_set_take(jv_object(), "ContentType", jv_string("text/plain"));
    objstore_error err;
    objstore_put_with_attrs(s3, "bkt", "k", "v", 1, attrs, 0, &err);
    objstore_put(s3, "bkt", "plain", "v", 1, 0, &err);
    jv_unref(attrs);
    svc_stores st = {s3, NULL, NULL, NULL, NULL, NULL};
    jv *snap = svc_snapshot_take(&st), *view = svc_snapshot_view(snap);
    const jv *bkt = jv_object_get(jv_object_get(view, "S3"), "bkt");
    const jv *k = jv_object_get(bkt, "k");
    tap_is_str(jv_string_value(jv_object_get(jv_object_get(k, "Attributes"), "ContentType")),
               "text/plain", "the view shows an object's attributes");
    tap_ok(k && !jv_object_has(jv_object_get(bkt, "plain"), "Attributes"),
           "  and none for an object without");
    jv_unref(view);
    jv_unref(snap);
    objstore_free(s3);
}

int main(void)
{
    time_travel();
    jobs_and_pending();
    snapshots_share();
    view_pages();
    view_attributes();
    return tap_done();
}
