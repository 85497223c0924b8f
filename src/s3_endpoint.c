/* s3_endpoint — aws-sdk:s3 tasks as S3 REST requests. See s3_endpoint.h. */
#include "s3_endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "http_client.h"
#include "http_record.h"
#include "jv_text.h"
#include "s3_answer.h"
#include "services/s3_attrs.h"
#include "strbuf.h"
#include "timeutil.h"
#include "urlencode.h"

#define S3_ENDPOINT_MAX_RESPONSE (16u * 1024 * 1024)
#define S3_ENDPOINT_TIMEOUT_S 60
#define S3_ENDPOINT_CONNECT_TIMEOUT_MS 10000

static const struct {
    const char *action, *operation, *method;
    s3_op op;
} s3_actions[] = {
    {"getObject", "GetObject", "GET", S3_OP_GET},
    {"headObject", "HeadObject", "HEAD", S3_OP_HEAD},
    {"putObject", "PutObject", "PUT", S3_OP_PUT},
    {"deleteObject", "DeleteObject", "DELETE", S3_OP_DELETE},
    {"listObjectsV2", "ListObjectsV2", "GET", S3_OP_LIST_V2},
    {"listObjects", "ListObjects", "GET", S3_OP_LIST_V1},
};
#define S3_NACTIONS (sizeof s3_actions / sizeof s3_actions[0])

static int s3_action_index(const task_call *call)
{
    const asl_resource_info *in = &call->info;
    if (in->kind != ASL_RESOURCE_SDK || in->service_len != 10 ||
        memcmp(in->service, "aws-sdk:s3", 10) || in->pattern != ASL_PATTERN_REQUEST_RESPONSE)
        return -1;
    for (size_t i = 0; i < S3_NACTIONS; i++)
        if (strlen(s3_actions[i].action) == in->action_len &&
            !memcmp(s3_actions[i].action, in->action, in->action_len))
            return (int)i;
    return -1;
}

bool s3_endpoint_handles(const task_call *call)
{
    return s3_action_index(call) >= 0;
}

/* ---- the job ---- */

typedef struct {
    http_request *req;
    s3_op op;
    const char *operation;
    jv *record;                   /* what the debugger lists (http_record.h) */
    http_secrets secrets;
    char *source;
} s3_job;

static size_t s3_job_fds(void *self, task_wait_fd *out, size_t max)
{
    const s3_job *j = self;
    return http_request_fds(j->req, out, max);
}

static int64_t s3_job_deadline(void *self)
{
    const s3_job *j = self;
    return http_request_deadline(j->req);
}

static void s3_job_answer(const s3_job *j, const http_response *resp, task_answer *out)
{
    if (resp->fail == HTTP_FAIL_TIMEOUT) {
        out->kind = TASK_TIMEOUT;
        asl_error_set(&out->error, "States.Timeout", "s3.%s at --endpoint-url had no answer "
                      "within the task's timeout", j->operation);
    } else if (resp->fail != HTTP_OK) {
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, "S3.SdkClientException", "Unable to execute HTTP request to "
                      "--endpoint-url for s3.%s: %s", j->operation, resp->error);
    } else {
        s3_answer_of(j->op, resp, out);
    }
}

static bool s3_job_progress(void *self, task_answer *out)
{
    s3_job *j = self;
    if (!http_request_progress(j->req))
        return false;
    const http_response *resp = http_request_response(j->req);
    s3_job_answer(j, resp, out);
    http_record_add(out, http_record_finish(j->record, resp, &j->secrets, false));
    j->record = NULL;
    out->source = j->source;
    j->source = NULL;
    return true;
}

static void s3_job_cancel(void *self)
{
    s3_job *j = self;
    http_request_cancel(j->req);
}

static void s3_job_free(void *self)
{
    s3_job *j = self;
    http_request_free(j->req);
    jv_unref(j->record);
    free(j->source);
    free(j);
}

static const task_job_ops s3_job_ops = {s3_job_fds, s3_job_deadline, s3_job_progress,
                                        s3_job_cancel, s3_job_free};

/* ---- the request ---- */

static const char *s3_string_param(const task_call *call, const char *name)
{
    const jv *v = jv_is_object(call->input) ? jv_object_get(call->input, name) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

/* A required string parameter, or the SDK's client-side failure (as the embedded S3). */
static bool s3_required(const task_call *call, const char *name, const char **out,
                        task_answer *ans)
{
    const jv *v = jv_is_object(call->input) ? jv_object_get(call->input, name) : NULL;
    if (v && jv_is_string(v) && jv_string_length(v) > 0) {
        *out = jv_string_value(v);
        return true;
    }
    ans->kind = TASK_ERROR;
    asl_error_set(&ans->error, "S3.SdkClientException", "Parameter '%s' must not be %s", name,
                  v ? "empty or a non-string" : "null");
    return false;
}

/* A key in the path: every byte percent-encoded but S3's unreserved ones and '/'. */
static void s3_path_key(strbuf *url, const char *key)
{
    for (const char *seg = key;;) {
        size_t n = strcspn(seg, "/");
        urlenc_component(url, seg, n);
        if (!seg[n])
            return;
        strbuf_putc(url, '/');
        seg += n + 1;
    }
}

/* One query pair, already in canonical (sorted) order. */
static void s3_query_pair(strbuf *url, bool *first, const char *name, const char *value)
{
    if (!value)
        return;
    strbuf_putc(url, *first ? '?' : '&');
    *first = false;
    urlenc_component(url, name, strlen(name));
    strbuf_putc(url, '=');
    urlenc_component(url, value, strlen(value));
}

/* The list query, its names sorted as SigV4's canonical query wants them (curl signs the
 * query as it is sent). False when MaxKeys is not a whole number. */
static bool s3_list_query(strbuf *url, const task_call *call, bool v2, task_answer *ans)
{
    const jv *mk = jv_is_object(call->input) ? jv_object_get(call->input, "MaxKeys") : NULL;
    char max_keys[24];
    if (mk && (!jv_is_integer(mk) || jv_number_value(mk) < 0 ||
               jv_number_value(mk) > 2147483647.0)) {
        ans->kind = TASK_ERROR;
        asl_error_set(&ans->error, "S3.SdkClientException", "Parameter 'MaxKeys' must be a "
                      "whole number from 0 to 2147483647");
        return false;
    }
    if (mk)
        snprintf(max_keys, sizeof max_keys, "%.0f", jv_number_value(mk));
    bool first = true;
    if (v2)
        s3_query_pair(url, &first, "continuation-token",
                      s3_string_param(call, "ContinuationToken"));
    s3_query_pair(url, &first, "delimiter", s3_string_param(call, "Delimiter"));
    if (v2)
        s3_query_pair(url, &first, "list-type", "2");
    if (!v2)
        s3_query_pair(url, &first, "marker", s3_string_param(call, "Marker"));
    s3_query_pair(url, &first, "max-keys", mk ? max_keys : NULL);
    s3_query_pair(url, &first, "prefix", s3_string_param(call, "Prefix"));
    if (v2)
        s3_query_pair(url, &first, "start-after", s3_string_param(call, "StartAfter"));
    return true;
}

/* URL/BUCKET[/KEY][?query]; false (ans set) when a parameter is wrong. */
static bool s3_request_url(strbuf *url, const s3_endpoint_target *t, const task_call *call,
                           s3_op op, task_answer *ans)
{
    const char *bucket, *key = NULL;
    bool list = op == S3_OP_LIST_V2 || op == S3_OP_LIST_V1;
    if (!s3_required(call, "Bucket", &bucket, ans) ||
        (!list && !s3_required(call, "Key", &key, ans)))
        return false;
    size_t base = strlen(t->url);
    while (base && t->url[base - 1] == '/')
        base--;
    strbuf_append(url, t->url, base);
    strbuf_putc(url, '/');
    urlenc_component(url, bucket, strlen(bucket));
    if (key) {
        strbuf_putc(url, '/');
        s3_path_key(url, key);
    }
    return !list || s3_list_query(url, call, op == S3_OP_LIST_V2, ans);
}

static void s3_sha256_hex(const char *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL))
        n = 0;
    for (unsigned int i = 0; i < n && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    out[2 * (n < 32 ? n : 32)] = '\0';
}

/* "the local S3 store"'s counterpart: "--endpoint-url s3.GetObject s3://b/k". */
static char *s3_source(const task_call *call, const char *operation)
{
    const char *bucket = s3_string_param(call, "Bucket");
    const char *path = s3_string_param(call, "Key");
    if (!path)
        path = s3_string_param(call, "Prefix");
    size_t n = 64 + strlen(operation) + (bucket ? strlen(bucket) : 1) + (path ? strlen(path) : 0);
    char *s = jv_xmalloc(n);
    snprintf(s, n, "--endpoint-url s3.%s s3://%s/%s", operation, bucket ? bucket : "?",
             path ? path : "");
    return s;
}

/* The object's bytes: Body serialized as JSON, as the embedded S3 stores it. */
static char *s3_put_body(const task_call *call)
{
    const jv *body = jv_is_object(call->input) ? jv_object_get(call->input, "Body") : NULL;
    return body ? jv_dump_string(body, 0) : jv_xstrdup("");
}

/* ---- a put's headers ---- */

/* The headers a request sends: the list, and the names and values made for it. */
typedef struct {
    http_header *list;
    size_t count;
    char **owned;
    size_t nowned;
} s3_headers;

static void s3_headers_add(s3_headers *h, const char *name, const char *value)
{
    h->list = jv_xrealloc(h->list, (h->count + 1) * sizeof *h->list);
    h->list[h->count++] = (http_header){name, value};
}

/* Keeps text (malloc'd) until s3_headers_cleanup; returns it. */
static const char *s3_headers_own(s3_headers *h, char *text)
{
    h->owned = jv_xrealloc(h->owned, (h->nowned + 1) * sizeof *h->owned);
    h->owned[h->nowned++] = text;
    return text;
}

static void s3_headers_cleanup(s3_headers *h)
{
    for (size_t i = 0; i < h->nowned; i++)
        free(h->owned[i]);
    free(h->owned);
    free(h->list);
}

/* An instant as HTTP dates are written ("Wed, 02 Jan 2030 03:04:05 GMT"), as the SDK sends
 * Expires. */
static char *s3_http_date(const char *iso)
{
    static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    asl_instant when;
    struct tm tm;
    if (!timeutil_parse(iso, &when))
        return jv_xstrdup(iso);
    time_t t = (time_t)when.sec;
    if (!gmtime_r(&t, &tm))
        return jv_xstrdup(iso);
    char *out = jv_xmalloc(40);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return out;
}

/* The attributes S3 keeps of a put, as S3's REST API takes them: Cache-Control,
 * Content-Disposition, ..., x-amz-meta-NAME, x-amz-storage-class, x-amz-tagging. The values
 * were checked by s3_attrs_from_put (no control character can split a header). */
static void s3_put_attr_headers(s3_headers *h, const task_call *call)
{
    static const char *const plain[][2] = {
        {"CacheControl", "Cache-Control"}, {"ContentDisposition", "Content-Disposition"},
        {"ContentEncoding", "Content-Encoding"}, {"ContentLanguage", "Content-Language"},
        {"StorageClass", "x-amz-storage-class"}, {"Tagging", "x-amz-tagging"},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        const char *v = s3_string_param(call, plain[i][0]);
        if (v)
            s3_headers_add(h, plain[i][1], v);
    }
    const char *expires = s3_string_param(call, "Expires");
    if (expires)
        s3_headers_add(h, "Expires", s3_headers_own(h, s3_http_date(expires)));
    const jv *meta = jv_object_get(call->input, "Metadata");
    for (size_t i = 0; meta && jv_is_object(meta) && i < jv_object_size(meta); i++) {
        const char *name = jv_string_value(jv_object_key_at(meta, i));
        char *header = jv_xmalloc(strlen(name) + 12);
        snprintf(header, strlen(name) + 12, "x-amz-meta-%s", name);
        s3_headers_add(h, s3_headers_own(h, header),
                       jv_string_value(jv_object_value_at(meta, i)));
    }
}

/* A put's parameters the SDK refuses before sending (as the embedded S3 does); S3's own
 * bounds (2 KB of Metadata, ...) are the endpoint's to apply. */
static bool s3_put_checked(const task_call *call, task_answer *out)
{
    s3_attrs_error aerr;
    jv *attrs = s3_attrs_from_put(call->input, &aerr);
    jv_unref(attrs);
    if (attrs || !aerr.sdk)
        return true;
    out->kind = TASK_ERROR;
    asl_error_set(&out->error, "S3.SdkClientException", "%s", aerr.message);
    return false;
}

task_answer_kind s3_endpoint_start(const s3_endpoint_target *t, const task_call *call,
                                   task_answer *out)
{
    int i = s3_action_index(call);
    if (i < 0)
        return TASK_NO_ANSWER;
    s3_op op = s3_actions[i].op;
    out->source = s3_source(call, s3_actions[i].operation);
    strbuf url;
    strbuf_init(&url, 0);
    if (!s3_request_url(&url, t, call, op, out) ||
        (op == S3_OP_PUT && !s3_put_checked(call, out))) {
        strbuf_cleanup(&url);
        return out->kind;
    }
    char *body = op == S3_OP_PUT ? s3_put_body(call) : NULL;
    size_t body_len = body ? strlen(body) : 0;
    char hash[65], sigv4[160];
    s3_sha256_hex(body ? body : "", body_len, hash);
    snprintf(sigv4, sizeof sigv4, "aws:amz:%s:s3", t->region);
    s3_headers headers = {0};
    s3_headers_add(&headers, "x-amz-content-sha256", hash);
    s3_headers_add(&headers, "Content-Type", s3_string_param(call, "ContentType"));
    if (t->token)
        s3_headers_add(&headers, "X-Amz-Security-Token", t->token);
    if (op == S3_OP_PUT)
        s3_put_attr_headers(&headers, call);
    long timeout = call->has_timeout ? call->timeout_seconds : S3_ENDPOINT_TIMEOUT_S;
    http_request_spec spec = {
        .method = s3_actions[i].method, .url = strbuf_str(&url), .headers = headers.list,
        .nheaders = headers.count, .body = body, .body_len = body_len,
        .connect_timeout_ms = S3_ENDPOINT_CONNECT_TIMEOUT_MS,
        .total_timeout_ms = (int64_t)timeout * 1000, .max_response = S3_ENDPOINT_MAX_RESPONSE,
        .path_as_is = true,
        .aws_sigv4 = sigv4, .aws_key_id = t->key_id, .aws_secret = t->secret,
    };
    s3_job *j = jv_xcalloc(1, sizeof *j);
    j->op = op;
    j->operation = s3_actions[i].operation;
    j->req = http_request_start(&spec);
    http_secrets_add(&j->secrets, t->token);
    j->record = http_record_start(&spec, &j->secrets);
    j->source = out->source;   /* given with the answer, when it comes */
    out->source = NULL;
    strbuf_cleanup(&url);
    s3_headers_cleanup(&headers);
    free(body);
    out->kind = TASK_IN_FLIGHT;
    out->job = (task_job){&s3_job_ops, j};
    return out->kind;
}
