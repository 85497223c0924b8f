/* services_state — the services state file, loaded, checked, and written back. */
#include "services_state.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "jv_text.h"
#include "s3dir.h"
#include "services/ddb_store.h"
#include "services/events.h"
#include "services/jobs.h"
#include "services/sns.h"
#include "services/sqs.h"

/* The messaging services' sections, in the order of services_state's channels[]. */
static const msg_spec *(*const services_channel_specs[SERVICES_CHANNELS])(void) = {
    sqs_spec, sns_spec, events_spec};

struct services_state {
    jv *file;          /* the file as read (an object; {} without one): the kept sections */
    objstore *s3;
    bool s3_is_dir;    /* --s3-dir: the "s3" section is not written back */
    ddb_store *dynamodb;
    msg_store *channels[SERVICES_CHANNELS];   /* sqs, sns, events */
    jobs_store *jobs;
};

/* The sections besides "s3"; the services that serve them load and save them. */
static const char *const services_kept[] = {"dynamodb", "sqs", "sns", "events", "jobs"};

static bool services_kept_section(const char *name)
{
    for (size_t i = 0; i < sizeof services_kept / sizeof services_kept[0]; i++)
        if (!strcmp(name, services_kept[i]))
            return true;
    return false;
}

static bool services_fail(char *err, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool services_fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return false;
}

/* One bucket of the "s3" section into the memory store. */
static bool services_seed_bucket(objstore *s3, const char *file, const char *bucket,
                                 const jv *objects, int64_t start_ms, char *err, size_t n)
{
    if (!objstore_bucket_name_valid(bucket))
        return services_fail(err, n, "%s: s3: '%s' is not a bucket name (3 to 63 letters, digits, "
                             "'.', '-' or '_', starting and ending with a letter or digit)",
                             file, bucket);
    if (!jv_is_object(objects))
        return services_fail(err, n, "%s: s3: bucket '%s' must be an object {\"KEY\": \"text\"}, "
                             "not %s", file, bucket, jv_kind_name(jv_kind_of(objects)));
    objstore_memory_add_bucket(s3, bucket);
    for (size_t i = 0; i < jv_object_size(objects); i++) {
        const char *key = jv_string_value(jv_object_key_at(objects, i));
        const jv *text = jv_object_value_at(objects, i);
        if (!objstore_key_valid(key))
            return services_fail(err, n, "%s: s3: bucket '%s': a key is 1 to %d bytes of UTF-8",
                                 file, bucket, OBJSTORE_KEY_MAX);
        if (!jv_is_string(text))
            return services_fail(err, n, "%s: s3: bucket '%s': key '%s': the object's text must be "
                                 "a string, not %s", file, bucket, key,
                                 jv_kind_name(jv_kind_of(text)));
        objstore_error oerr;
        if (objstore_put(s3, bucket, key, jv_string_value(text), jv_string_length(text), start_ms,
                         &oerr) != OBJSTORE_OK)
            return services_fail(err, n, "%s: s3: bucket '%s': key '%s': %s", file, bucket, key,
                                 oerr.message);
    }
    return true;
}

static bool services_check_sections(const char *file, const jv *doc, char *err, size_t n)
{
    for (size_t i = 0; i < jv_object_size(doc); i++) {
        const char *name = jv_string_value(jv_object_key_at(doc, i));
        const jv *v = jv_object_value_at(doc, i);
        if (strcmp(name, "s3") && !services_kept_section(name))
            return services_fail(err, n, "%s: unknown section '%s' (the sections are s3, "
                                 "dynamodb, sqs, sns, events and jobs)", file, name);
        if (!jv_is_object(v))
            return services_fail(err, n, "%s: section '%s' must be an object, not %s", file, name,
                                 jv_kind_name(jv_kind_of(v)));
    }
    return true;
}

static jv *services_read(const char *file, char *err, size_t n)
{
    size_t len;
    char ferr[1024];
    char *text = fileio_read(file, SERVICES_STATE_MAX, &len, ferr, sizeof ferr);
    if (!text) {
        snprintf(err, n, "--services-state: %s", ferr);
        return NULL;
    }
    jv_parse_error perr;
    jv *doc = jv_parse(text, len, 0, &perr);
    free(text);
    if (!doc) {
        snprintf(err, n, "%s:%d:%d: error: invalid JSON: %s", file, perr.line, perr.column,
                 perr.message);
        return NULL;
    }
    if (!jv_is_object(doc)) {
        snprintf(err, n, "%s: a services state file is a JSON object ({\"s3\": ..., ...}), not %s",
                 file, jv_kind_name(jv_kind_of(doc)));
        jv_unref(doc);
        return NULL;
    }
    if (!services_check_sections(file, doc, err, n)) {
        jv_unref(doc);
        return NULL;
    }
    return doc;
}

/* The S3 store: the folder, or the memory store seeded from the file's section. */
static bool services_open_s3(services_state *s, const char *file, const char *s3_dir,
                             int64_t start_ms, char *err, size_t n)
{
    const jv *section = jv_object_get(s->file, "s3");
    if (s3_dir && section)
        return services_fail(err, n, "%s has an \"s3\" section and --s3-dir %s was given: S3 is "
                             "served from one or the other", file, s3_dir);
    if (s3_dir) {
        s->s3_is_dir = true;
        return (s->s3 = s3dir_open(s3_dir, err, n)) != NULL;
    }
    s->s3 = objstore_memory_new(SERVICES_STATE_MAX);
    for (size_t i = 0; section && i < jv_object_size(section); i++)
        if (!services_seed_bucket(s->s3, file, jv_string_value(jv_object_key_at(section, i)),
                                  jv_object_value_at(section, i), start_ms, err, n))
            return false;
    return true;
}

/* The queues, topics and buses, each from its section when the file has one. */
static bool services_open_channels(services_state *s, const char *file, char *err, size_t n)
{
    for (size_t i = 0; i < SERVICES_CHANNELS; i++) {
        const msg_spec *spec = services_channel_specs[i]();
        s->channels[i] = msg_store_new(spec);
        char merr[1024];
        if (!msg_store_load(s->channels[i], jv_object_get(s->file, spec->section), merr,
                            sizeof merr))
            return services_fail(err, n, "%s: %s", file, merr);
    }
    return true;
}

static bool services_open_jobs(services_state *s, const char *file, char *err, size_t n)
{
    char jerr[1024];
    if (jobs_store_load(s->jobs, jv_object_get(s->file, "jobs"), jerr, sizeof jerr))
        return true;
    return services_fail(err, n, "%s: section 'jobs': %s", file, jerr);
}

services_state *services_state_load(const char *file, const char *s3_dir, int64_t start_ms,
                                    char *err, size_t errlen)
{
    services_state *s = jv_xcalloc(1, sizeof *s);
    s->file = file ? services_read(file, err, errlen) : jv_object();
    s->dynamodb = ddb_store_new();
    const jv *tables = s->file ? jv_object_get(s->file, "dynamodb") : NULL;
    char derr[1024];
    if (s->file && tables && !ddb_store_load(s->dynamodb, tables, derr, sizeof derr)) {
        snprintf(err, errlen, "%s: %s", file, derr);
        services_state_free(s);
        return NULL;
    }
    s->jobs = jobs_store_new();
    if (!s->file || !services_open_s3(s, file, s3_dir, start_ms, err, errlen) ||
        !services_open_channels(s, file, err, errlen) ||
        !services_open_jobs(s, file, err, errlen)) {
        services_state_free(s);
        return NULL;
    }
    return s;
}

objstore *services_state_s3(const services_state *s)
{
    return s->s3;
}

ddb_store *services_state_dynamodb(const services_state *s)
{
    return s->dynamodb;
}

msg_store *services_state_sqs(const services_state *s)
{
    return s->channels[0];
}

msg_store *services_state_sns(const services_state *s)
{
    return s->channels[1];
}

jobs_store *services_state_jobs(const services_state *s)
{
    return s->jobs;
}

msg_store *services_state_events(const services_state *s)
{
    return s->channels[2];
}

void services_state_stores(const services_state *s, svc_stores *out)
{
    *out = (svc_stores){s->s3, s->dynamodb, s->channels[0], s->channels[1], s->channels[2],
                        s->jobs};
}

/* ---- saving ---- */

typedef struct {
    objstore *store;
    jv *section;
    bool failed;
    char *err;
    size_t errlen;
} services_saver;

/* Every object of one bucket, page by page. */
static void services_save_bucket(void *ud, const char *bucket)
{
    services_saver *sv = ud;
    jv *objects = jv_object();
    char after[OBJSTORE_KEY_MAX + 1] = "";
    objstore_list_page page = {0};
    bool more = true;
    while (more && !sv->failed) {
        objstore_list_query q = {bucket, NULL, after, OBJSTORE_LIST_MAX};
        objstore_error oerr;
        if (objstore_list(sv->store, &q, &page, &oerr) != OBJSTORE_OK) {
            services_fail(sv->err, sv->errlen, "s3: bucket '%s': %s", bucket, oerr.message);
            sv->failed = true;
            break;
        }
        for (size_t i = 0; i < page.count && !sv->failed; i++) {
            char *data;
            size_t len;
            bool lossy;
            const char *key = page.entries[i].key;
            if (objstore_read_all(sv->store, bucket, key, SERVICES_STATE_MAX, &data, &len, NULL,
                                  &oerr) != OBJSTORE_OK) {
                services_fail(sv->err, sv->errlen, "s3: %s", oerr.message);
                sv->failed = true;
                break;
            }
            objects = jv_object_set_take(objects, key, objstore_text(data, len, &lossy));
            if (lossy)
                fprintf(stderr, "sfdbg: --save-services-state: s3://%s/%s is not UTF-8 text: "
                        "its invalid bytes are saved as U+FFFD\n", bucket, key);
            free(data);
        }
        more = page.truncated;
        if (page.count)
            snprintf(after, sizeof after, "%s", page.entries[page.count - 1].key);
        objstore_list_page_cleanup(&page);
    }
    sv->section = jv_object_set_take(sv->section, bucket, objects);
}

/* The file's sections in their order, "s3" (first when the file had none) rebuilt. */
static jv *services_document(const services_state *s, jv *s3)
{
    jv *doc = jv_object();
    if (s3 && !jv_object_has(s->file, "s3"))
        doc = jv_object_set(doc, "s3", s3);
    for (size_t i = 0; i < jv_object_size(s->file); i++) {
        const char *name = jv_string_value(jv_object_key_at(s->file, i));
        if (strcmp(name, "s3"))
            doc = jv_object_set(doc, name, jv_object_value_at(s->file, i));
        else if (s3)
            doc = jv_object_set(doc, name, s3);
    }
    return doc;
}

int services_state_save(const services_state *s, const char *path, char *err, size_t errlen)
{
    services_saver sv = {s->s3, jv_object(), false, err, errlen};
    if (!s->s3_is_dir)
        objstore_each_bucket(s->s3, services_save_bucket, &sv);
    if (sv.failed) {
        jv_unref(sv.section);
        return EIO;
    }
    jv *doc = services_document(s, s->s3_is_dir ? NULL : sv.section);
    jv_unref(sv.section);
    if (jv_object_has(doc, "dynamodb"))   /* the tables as the execution left them */
        doc = jv_object_set_take(doc, "dynamodb", ddb_store_save(s->dynamodb));
    for (size_t i = 0; i < SERVICES_CHANNELS; i++)   /* declared, or created by use */
        if (msg_store_used(s->channels[i]))
            doc = jv_object_set_take(doc, services_channel_specs[i]()->section,
                                     msg_store_save(s->channels[i]));
    jv *jobs = jobs_store_section(s->jobs);   /* the outcomes, and the runs */
    if (jobs)
        doc = jv_object_set_take(doc, "jobs", jobs);
    char *text = jv_dump_string(doc, JV_DUMP_PRETTY);
    jv_unref(doc);
    size_t n = strlen(text);
    text = jv_xrealloc(text, n + 2);
    text[n] = '\n';
    int rc = fileio_write(path, text, n + 1, err, errlen);
    free(text);
    return rc;
}

void services_state_free(services_state *s)
{
    if (!s)
        return;
    objstore_free(s->s3);
    ddb_store_free(s->dynamodb);
    jobs_store_free(s->jobs);
    for (size_t i = 0; i < SERVICES_CHANNELS; i++)
        msg_store_free(s->channels[i]);
    jv_unref(s->file);
    free(s);
}
