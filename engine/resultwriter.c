/* resultwriter — a Distributed Map's result files and manifest, streamed (see resultwriter.h). */
#include "resultwriter.h"

#include <stdio.h>
#include <string.h>

#include "jv_text.h"
#include "strbuf.h"
#include "timeutil.h"

#define ERROR_NAME "States.ResultWriterFailed"

/* The three kinds of file, in the manifest's order of ResultFiles members. */
enum { FILE_FAILED, FILE_PENDING, FILE_SUCCEEDED, FILE_KINDS };
static const char *const file_labels[FILE_KINDS] = {"FAILED", "PENDING", "SUCCEEDED"};

typedef struct {
    bool open;
    int index;        /* the _n of the next file */
    char *key;        /* of the open file */
    uint64_t size;    /* bytes of the open file so far */
    uint64_t flushed; /* of which handed to put */
    size_t entries;
    strbuf pending; /* bytes not yet handed to put */
    jv *written;    /* [{"Key","Size"}] for the manifest */
} result_file;

/* The last date formatted: children of one Map mostly start and stop at one virtual
 * instant, and formatting is a fifth of a record's cost. */
typedef struct {
    bool valid;
    int64_t ms;
    char text[40];
} date_cache;

struct resultwriter {
    resultwriter_options o;
    char *bucket, *folder, *map_run_arn; /* folder: "<Prefix>/<uuid>/" */
    result_file files[FILE_KINDS];
    jv *preview;         /* no bucket: the entries */
    date_cache dates[2]; /* StartDate, StopDate */
    strbuf entry;        /* the entry being written */
    strbuf scratch;      /* an Input or Output's JSON text */
    bool failed;
    asl_error error;
};

/* Records the error (a printf-style cause) and returns false, for `return fail(w, ...)`. */
#define fail(w, ...) (asl_error_set(&(w)->error, ERROR_NAME, __VA_ARGS__), mark_failed(w))

static bool mark_failed(resultwriter *w)
{
    w->failed = true;
    return false;
}

static bool report(resultwriter *w, asl_error *err)
{
    if (w->failed)
        asl_error_set_raw(err, w->error.name, w->error.cause);
    return !w->failed;
}

/* ---- entries ---- */

static const char *status_name(resultwriter_status s)
{
    switch (s) {
        case RESULTWRITER_SUCCEEDED: return "SUCCEEDED";
        case RESULTWRITER_FAILED: return "FAILED";
        case RESULTWRITER_TIMED_OUT: return "TIMED_OUT";
        case RESULTWRITER_ABORTED: return "ABORTED";
        case RESULTWRITER_PENDING: return "PENDING";
    }
    return "FAILED";
}

/* Record members are written as text straight into the entry buffer: building a jv
 * object to dump it cost half of each record. */
/* `,"key":`, or `"key":` right after the record's '{'. */
static void member_key(strbuf *out, const char *key)
{
    if (strbuf_str(out)[out->len - 1] != '{')
        strbuf_putc(out, ',');
    jv_dump_cstring(key, strlen(key), out);
    strbuf_putc(out, ':');
}

static void member_string(strbuf *out, const char *key, const char *value)
{
    member_key(out, key);
    jv_dump_cstring(value ? value : "", value ? strlen(value) : 0, out);
}

/* key: the JSON text of v, as a string (how the API gives Input and Output). */
static void member_json_text(resultwriter *w, strbuf *out, const char *key, const jv *v)
{
    strbuf_reset(&w->scratch);
    jv_dump(v ? v : jv_null(), 0, &w->scratch);
    member_key(out, key);
    jv_dump_cstring(strbuf_str(&w->scratch), w->scratch.len, out);
}

static void member_included(strbuf *out, const char *key)
{
    member_key(out, key);
    strbuf_puts(out, "{\"Included\":true}");
}

static void member_date(strbuf *out, const char *key, date_cache *c, int64_t ms)
{
    if (!c->valid || c->ms != ms) {
        timeutil_format_ms(ms, c->text, sizeof c->text);
        c->ms = ms;
        c->valid = true;
    }
    member_string(out, key, c->text);
}

/* The child's execution record, members in the API's (alphabetical) order; a child that
 * never ran has only its input and status. */
static void execution_record(resultwriter *w, const resultwriter_result *res, strbuf *out)
{
    bool ok = res->status == RESULTWRITER_SUCCEEDED, ran = res->status != RESULTWRITER_PENDING;
    strbuf_putc(out, '{');
    if (ran && !ok && res->cause)
        member_string(out, "Cause", res->cause);
    if (ran && !ok && res->error)
        member_string(out, "Error", res->error);
    if (ran)
        member_string(out, "ExecutionArn", res->execution_arn);
    member_json_text(w, out, "Input", res->input);
    member_included(out, "InputDetails");
    if (ran)
        member_string(out, "Name", res->name);
    if (ok) {
        member_json_text(w, out, "Output", res->output);
        member_included(out, "OutputDetails");
    }
    if (ran) {
        member_key(out, "RedriveCount");
        strbuf_putc(out, '0');
        member_string(out, "RedriveStatus", ok ? "NOT_REDRIVABLE" : "REDRIVABLE_BY_MAP_RUN");
    }
    if (ok)
        member_string(out, "RedriveStatusReason", "Execution is SUCCEEDED and cannot be redriven");
    if (ran) {
        member_date(out, "StartDate", &w->dates[0], res->start_ms);
        member_string(out, "StateMachineArn", res->state_machine_arn);
    }
    member_string(out, "Status", status_name(res->status));
    if (ran)
        member_date(out, "StopDate", &w->dates[1], res->stop_ms);
    strbuf_putc(out, '}');
}

/* ---- files ---- */

static bool json_output(const resultwriter *w) { return w->o.output == RESULTWRITER_JSON; }

static bool file_put(resultwriter *w, result_file *f, bool last)
{
    resultwriter_chunk c = {w->bucket,      f->key, f->flushed, strbuf_str(&f->pending),
                            f->pending.len, last};
    asl_error e = ASL_ERROR_INIT;
    if (!w->o.put || w->o.put(w->o.put_user, &c, &e) != 0) {
        fail(w, "Writing s3://%s/%s failed: %s", w->bucket, f->key,
             e.cause ? e.cause : "the store refused it.");
        asl_error_clear(&e);
        return false;
    }
    f->flushed += f->pending.len;
    strbuf_reset(&f->pending);
    return true;
}

static void file_open(resultwriter *w, result_file *f, int kind)
{
    size_t n = strlen(w->folder) + 40;
    f->key = engine_malloc(n);
    snprintf(f->key, n, "%s%s_%d.json", w->folder, file_labels[kind], f->index);
    f->open = true;
    f->size = f->flushed = 0;
    f->entries = 0;
    if (json_output(w)) {
        strbuf_putc(&f->pending, '[');
        f->size = 1;
    }
}

static bool file_close(resultwriter *w, result_file *f)
{
    if (json_output(w)) {
        strbuf_putc(&f->pending, ']');
        f->size++;
    }
    if (!file_put(w, f, true))
        return false;
    jv *entry = jv_object_set_take(jv_object(), "Key", jv_string(f->key));
    entry = jv_object_set_take(entry, "Size", jv_number((double)f->size));
    f->written = jv_array_append_take(f->written, entry);
    engine_free(f->key);
    f->key = NULL;
    f->open = false;
    f->index++;
    return true;
}

/* Appends one entry's text to the kind's file, starting the next file when it is full. */
static bool file_add(resultwriter *w, int kind, const char *text, size_t n)
{
    result_file *f = &w->files[kind];
    bool json = json_output(w);
    uint64_t sep = 1;                             /* "," before it, or "\n" after it */
    if (n + (json ? 2 : 1) > w->o.max_file_bytes) /* alone: "[" and "]", or its "\n" */
        return fail(w, "A result of %zu bytes does not fit in a result file of %llu bytes.", n,
                    (unsigned long long)w->o.max_file_bytes);
    if (f->open && f->size + sep + n + (json ? 1 : 0) > w->o.max_file_bytes && !file_close(w, f))
        return false;
    if (!f->open)
        file_open(w, f, kind);
    if (json && f->entries > 0) {
        strbuf_putc(&f->pending, ',');
        f->size++;
    }
    strbuf_append(&f->pending, text, n);
    f->size += n;
    if (!json) {
        strbuf_putc(&f->pending, '\n');
        f->size++;
    }
    f->entries++;
    return f->pending.len < w->o.chunk_bytes || file_put(w, f, false);
}

/* Writes the entry in w->entry (JSON text) to the kind's file, or to the preview. */
static bool emit(resultwriter *w, int kind)
{
    if (!w->bucket) {
        jv *v = jv_parse(strbuf_str(&w->entry), w->entry.len, 0, NULL);
        if (!v) /* a record is always JSON: this would be a bug of this module */
            return fail(w, "The ResultWriter built an entry that is not JSON.");
        w->preview = jv_array_append_take(w->preview, v);
        return true;
    }
    return file_add(w, kind, strbuf_str(&w->entry), w->entry.len);
}

static bool emit_value(resultwriter *w, int kind, const jv *v)
{
    strbuf_reset(&w->entry);
    jv_dump(v, 0, &w->entry);
    return emit(w, kind);
}

static int kind_of(resultwriter_status s)
{
    return s == RESULTWRITER_SUCCEEDED ? FILE_SUCCEEDED
           : s == RESULTWRITER_PENDING ? FILE_PENDING
                                       : FILE_FAILED;
}

bool resultwriter_add(resultwriter *w, const resultwriter_result *res, asl_error *err)
{
    if (w->failed)
        return report(w, err);
    int kind = kind_of(res->status);
    bool ok;
    if (kind != FILE_SUCCEEDED || w->o.transformation == RESULTWRITER_NONE) {
        strbuf_reset(&w->entry);
        execution_record(w, res, &w->entry);
        ok = emit(w, kind);
    } else if (w->o.transformation == RESULTWRITER_FLATTEN && res->output &&
               jv_is_array(res->output)) {
        ok = true;
        for (size_t i = 0; ok && i < jv_array_length(res->output); i++)
            ok = emit_value(w, kind, jv_array_get(res->output, i));
    } else {
        ok = emit_value(w, kind, res->output ? res->output : jv_null());
    }
    return ok || report(w, err);
}

/* ---- the manifest and the state's result ---- */

static char *manifest_key(const resultwriter *w)
{
    size_t n = strlen(w->folder) + sizeof "manifest.json";
    char *key = engine_malloc(n);
    snprintf(key, n, "%smanifest.json", w->folder);
    return key;
}

static bool put_manifest(resultwriter *w, const char *key)
{
    jv *files = jv_object();
    for (int k = 0; k < FILE_KINDS; k++)
        files = jv_object_set(files, file_labels[k], w->files[k].written);
    jv *m = jv_object_set_take(jv_object(), "DestinationBucket", jv_string(w->bucket));
    m = jv_object_set_take(m, "MapRunArn", jv_string(w->map_run_arn));
    m = jv_object_set_take(m, "ResultFiles", files);
    char *text = jv_dump_string(m, 0);
    jv_unref(m);
    resultwriter_chunk c = {w->bucket, key, 0, text, strlen(text), true};
    asl_error e = ASL_ERROR_INIT;
    bool ok = w->o.put && w->o.put(w->o.put_user, &c, &e) == 0;
    if (!ok)
        fail(w, "Writing s3://%s/%s failed: %s", w->bucket, key,
             e.cause ? e.cause : "the store refused it.");
    asl_error_clear(&e);
    engine_free(text);
    return ok;
}

jv *resultwriter_finish(resultwriter *w, asl_error *err)
{
    if (!w->bucket)
        return report(w, err) ? jv_ref(w->preview) : NULL;
    for (int k = 0; k < FILE_KINDS && !w->failed; k++)
        if (w->files[k].open)
            file_close(w, &w->files[k]);
    char *key = manifest_key(w);
    jv *result = NULL;
    if (!w->failed && put_manifest(w, key)) {
        jv *details = jv_object_set_take(jv_object(), "Bucket", jv_string(w->bucket));
        details = jv_object_set_take(details, "Key", jv_string(key));
        result = jv_object_set_take(jv_object(), "MapRunArn", jv_string(w->map_run_arn));
        result = jv_object_set_take(result, "ResultWriterDetails", details);
    }
    engine_free(key);
    report(w, err);
    return result;
}

/* ---- the writer ---- */

/* "<Prefix>/" (a "/" added unless empty or there) and the MapRun ARN's uuid, "/". */
static char *folder_of(const char *prefix, const char *map_run_arn)
{
    const char *colon = strrchr(map_run_arn, ':');
    const char *uuid = colon ? colon + 1 : map_run_arn;
    size_t plen = prefix ? strlen(prefix) : 0;
    bool slash = plen > 0 && prefix[plen - 1] != '/';
    size_t n = plen + 1 + strlen(uuid) + 2;
    char *folder = engine_malloc(n);
    snprintf(folder, n, "%s%s%s/", plen ? prefix : "", slash ? "/" : "", uuid);
    return folder;
}

resultwriter *resultwriter_new(const resultwriter_options *o)
{
    resultwriter *w = engine_calloc(1, sizeof *w);
    w->o = *o;
    if (!w->o.max_file_bytes)
        w->o.max_file_bytes = RESULTWRITER_DEFAULT_MAX_FILE_BYTES;
    if (!w->o.chunk_bytes)
        w->o.chunk_bytes = RESULTWRITER_DEFAULT_CHUNK_BYTES;
    if (!o->has_transformation)
        w->o.transformation = o->bucket ? RESULTWRITER_NONE : RESULTWRITER_COMPACT;
    w->map_run_arn = engine_strdup(o->map_run_arn ? o->map_run_arn : "");
    w->folder = folder_of(o->prefix, w->map_run_arn);
    if (o->bucket)
        w->bucket = engine_strdup(o->bucket);
    else
        w->preview = jv_array();
    strbuf_init(&w->entry, 0);
    strbuf_init(&w->scratch, 0);
    for (int k = 0; k < FILE_KINDS; k++) {
        strbuf_init(&w->files[k].pending, 0);
        w->files[k].written = jv_array();
    }
    w->o.bucket = w->o.prefix = w->o.map_run_arn = NULL; /* the copies above are used */
    if (o->bucket && !o->map_run_arn)
        fail(w, "The ResultWriter needs the Map Run's ARN.");
    return w;
}

void resultwriter_free(resultwriter *w)
{
    if (!w)
        return;
    for (int k = 0; k < FILE_KINDS; k++) {
        engine_free(w->files[k].key);
        strbuf_cleanup(&w->files[k].pending);
        jv_unref(w->files[k].written);
    }
    jv_unref(w->preview);
    strbuf_cleanup(&w->entry);
    strbuf_cleanup(&w->scratch);
    engine_free(w->bucket);
    engine_free(w->folder);
    engine_free(w->map_run_arn);
    asl_error_clear(&w->error);
    engine_free(w);
}

/* ---- options from the definition ---- */

static bool options_fail(asl_error *err, const char *cause)
{
    asl_error_set_raw(err, ERROR_NAME, cause);
    return false;
}

static const jv *member(const jv *o, const char *name)
{
    return o && jv_is_object(o) ? jv_object_get(o, name) : NULL;
}

/* name's value among names[] (its index), -1 when absent; false for another value. */
static bool pick(const jv *o, const char *name, const char *const *names, size_t n, int *out)
{
    const jv *v = member(o, name);
    *out = -1;
    if (!v)
        return true;
    for (size_t i = 0; jv_is_string(v) && i < n; i++) {
        if (strcmp(jv_string_value(v), names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    }
    return false;
}

bool resultwriter_options_from_json(resultwriter_options *o, const jv *result_writer,
                                    asl_error *err)
{
    static const char *const outputs[] = {"JSON", "JSONL"};
    static const char *const transformations[] = {"NONE", "COMPACT", "FLATTEN"};
    memset(o, 0, sizeof *o);
    const jv *params = member(result_writer, "Parameters");
    if (!params)
        params = member(result_writer, "Arguments");
    const jv *bucket = member(params, "Bucket"), *prefix = member(params, "Prefix");
    if ((bucket && !jv_is_string(bucket)) || (prefix && !jv_is_string(prefix)))
        return options_fail(err, "The ResultWriter's Bucket and Prefix must be strings.");
    o->bucket = bucket ? jv_string_value(bucket) : NULL;
    o->prefix = prefix ? jv_string_value(prefix) : NULL;
    const jv *wc = member(result_writer, "WriterConfig");
    int output, transformation;
    if (!pick(wc, "OutputType", outputs, 2, &output))
        return options_fail(err, "WriterConfig.OutputType must be JSON or JSONL.");
    if (!pick(wc, "Transformation", transformations, 3, &transformation))
        return options_fail(err, "WriterConfig.Transformation must be NONE, COMPACT or FLATTEN.");
    o->output = output == 1 ? RESULTWRITER_JSONL : RESULTWRITER_JSON;
    o->has_transformation = transformation >= 0;
    if (o->has_transformation)
        o->transformation = (resultwriter_transformation)transformation;
    return true;
}
