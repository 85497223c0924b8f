/* s3_answer — S3 REST answers as Step Functions task results. See s3_answer.h. */
#include "s3_answer.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jv_text.h"
#include "objstore.h"
#include "xmldoc.h"

/* The error codes botocore's s3 model (2006-03-01) declares as exceptions: the SDK names
 * them CODE + "Exception"; every other code is its generic S3Exception. */
static const char *const s3_modeled_errors[] = {
    "BucketAlreadyExists", "BucketAlreadyOwnedByYou", "EncryptionTypeMismatch",
    "IdempotencyParameterMismatch", "InvalidObjectState", "InvalidRequest",
    "InvalidWriteOffset", "NoSuchBucket", "NoSuchKey", "NoSuchUpload",
    "ObjectAlreadyInActiveTierError", "ObjectNotInActiveTierError", "TooManyParts", NULL};

static void s3_answer_fail(task_answer *out, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void s3_answer_fail(task_answer *out, const char *name, const char *fmt, ...)
{
    char cause[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cause, sizeof cause, fmt, ap);
    va_end(ap);
    out->kind = TASK_ERROR;
    asl_error_set(&out->error, name, "%s", cause);
}

/* ---- timestamps ---- */

static bool s3_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* "2024-01-02T03:04:05" then an optional fraction, then "Z". */
static bool s3_iso_timestamp(const char *t, char out[21])
{
    if (strlen(t) < 20 || !s3_digits(t, 4) || t[4] != '-' || !s3_digits(t + 5, 2) ||
        t[7] != '-' || !s3_digits(t + 8, 2) || t[10] != 'T' || !s3_digits(t + 11, 2) ||
        t[13] != ':' || !s3_digits(t + 14, 2) || t[16] != ':' || !s3_digits(t + 17, 2))
        return false;
    const char *z = t + 19;
    if (*z == '.') {
        z++;
        while (isdigit((unsigned char)*z))
            z++;
    }
    if (strcmp(z, "Z"))
        return false;
    snprintf(out, 21, "%.19sZ", t);
    return true;
}

/* RFC 7231's IMF-fixdate: "Tue, 02 Jan 2024 03:04:05 GMT". */
static bool s3_http_timestamp(const char *t, char out[21])
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char mon[4];
    int day, year, h, m, s, used = 0;
    if (sscanf(t, "%*3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", &day, mon, &year, &h, &m,
               &s, &used) != 6 || used == 0 || t[used] != '\0')
        return false;
    const char *at = strstr(months, mon);
    if (!at || (at - months) % 3 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60 ||
        year < 1000)
        return false;
    char text[64];
    snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", year,
             (int)(at - months) / 3 + 1, day, h, m, s);
    memcpy(out, text, 20);
    out[20] = '\0';
    return true;
}

bool s3_answer_timestamp(const char *text, char out[21])
{
    return text && (s3_iso_timestamp(text, out) || s3_http_timestamp(text, out));
}

/* ---- members from headers ---- */

/* The first header named name (case-insensitive): http_response_header's lookup, kept
 * here so this module links without libcurl (its unit test). */
static const char *s3_header(const http_response *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (!strcasecmp(resp->headers[i].name, name))
            return resp->headers[i].value;
    return NULL;
}

static jv *s3_header_member(jv *o, const http_response *resp, const char *header,
                            const char *member)
{
    const char *v = s3_header(resp, header);
    return v ? jv_object_set_take(o, member, jv_string(v)) : o;
}

static jv *s3_header_time(jv *o, const http_response *resp, const char *header,
                          const char *member)
{
    char ts[21];
    const char *v = s3_header(resp, header);
    if (!v)
        return o;
    return jv_object_set_take(o, member, jv_string(s3_answer_timestamp(v, ts) ? ts : v));
}

/* x-amz-meta-NAME headers: {"NAME": value}, names lower-cased as the SDK gives them. */
static jv *s3_metadata(const http_response *resp)
{
    jv *meta = jv_object();
    for (size_t i = 0; i < resp->nheaders; i++) {
        const char *name = resp->headers[i].name;
        if (strncasecmp(name, "x-amz-meta-", 11) || !name[11])
            continue;
        char key[256];
        size_t n = 0;
        for (const char *c = name + 11; *c && n + 1 < sizeof key; c++)
            key[n++] = (char)tolower((unsigned char)*c);
        key[n] = '\0';
        meta = jv_object_set_take(meta, key, jv_string(resp->headers[i].value));
    }
    return meta;
}

static jv *s3_object_head(const http_response *resp, bool get)
{
    jv *o = s3_header_member(jv_object(), resp, "accept-ranges", "AcceptRanges");
    o = s3_header_member(o, resp, "cache-control", "CacheControl");
    o = s3_header_member(o, resp, "content-disposition", "ContentDisposition");
    o = s3_header_member(o, resp, "content-encoding", "ContentEncoding");
    o = s3_header_member(o, resp, "content-language", "ContentLanguage");
    const char *len = s3_header(resp, "content-length");
    if (len && *len && s3_digits(len, strlen(len)))
        o = jv_object_set_take(o, "ContentLength", jv_number(strtod(len, NULL)));
    else if (get)
        o = jv_object_set_take(o, "ContentLength", jv_number((double)resp->body.len));
    o = s3_header_member(o, resp, "content-type", "ContentType");
    o = s3_header_member(o, resp, "etag", "ETag");
    o = s3_header_time(o, resp, "expires", "Expires");
    o = s3_header_time(o, resp, "last-modified", "LastModified");
    o = jv_object_set_take(o, "Metadata", s3_metadata(resp));
    o = s3_header_member(o, resp, "x-amz-server-side-encryption", "ServerSideEncryption");
    o = s3_header_member(o, resp, "x-amz-storage-class", "StorageClass");
    const char *tags = get ? s3_header(resp, "x-amz-tagging-count") : NULL;
    if (tags && *tags && s3_digits(tags, strlen(tags)))
        o = jv_object_set_take(o, "TagCount", jv_number(strtod(tags, NULL)));
    return s3_header_member(o, resp, "x-amz-version-id", "VersionId");
}

static jv *s3_put_result(const http_response *resp)
{
    jv *o = s3_header_member(jv_object(), resp, "x-amz-checksum-crc32", "ChecksumCRC32");
    o = s3_header_member(o, resp, "x-amz-checksum-type", "ChecksumType");
    o = s3_header_member(o, resp, "etag", "ETag");
    o = s3_header_member(o, resp, "x-amz-server-side-encryption", "ServerSideEncryption");
    return s3_header_member(o, resp, "x-amz-version-id", "VersionId");
}

static jv *s3_delete_result(const http_response *resp)
{
    const char *marker = s3_header(resp, "x-amz-delete-marker");
    jv *o = jv_object();
    if (marker)
        o = jv_object_set_take(o, "DeleteMarker", jv_bool(!strcasecmp(marker, "true")));
    return s3_header_member(o, resp, "x-amz-version-id", "VersionId");
}

/* ---- ListBucketResult ---- */

/* Reading one listing: the first problem found (why[0] != 0) wins. */
typedef struct {
    const xmldoc_node *root;
    char why[200];
} s3_list_reader;

static jv *s3_xml_string(s3_list_reader *r, jv *o, const xmldoc_node *n, const char *name)
{
    const char *t = xmldoc_child_text(n, name);
    return t ? jv_object_set_take(o, name, jv_string_n(t, xmldoc_text_len(xmldoc_child(n, name))))
             : o;
}

static jv *s3_xml_number(s3_list_reader *r, jv *o, const xmldoc_node *n, const char *name)
{
    const char *t = xmldoc_child_text(n, name);
    if (!t)
        return o;
    if (!*t || strlen(t) > 15 || !s3_digits(t, strlen(t))) {
        if (!r->why[0])
            snprintf(r->why, sizeof r->why, "<%s> is not a whole number", name);
        return o;
    }
    return jv_object_set_take(o, name, jv_number(strtod(t, NULL)));
}

static jv *s3_xml_bool(s3_list_reader *r, jv *o, const xmldoc_node *n, const char *name)
{
    const char *t = xmldoc_child_text(n, name);
    if (!t)
        return o;
    if (strcmp(t, "true") && strcmp(t, "false")) {
        if (!r->why[0])
            snprintf(r->why, sizeof r->why, "<%s> is not true or false", name);
        return o;
    }
    return jv_object_set_take(o, name, jv_bool(!strcmp(t, "true")));
}

static jv *s3_xml_time(s3_list_reader *r, jv *o, const xmldoc_node *n, const char *name)
{
    const char *t = xmldoc_child_text(n, name);
    char ts[21];
    if (!t)
        return o;
    if (!s3_answer_timestamp(t, ts)) {
        if (!r->why[0])
            snprintf(r->why, sizeof r->why, "<%s> is not a timestamp", name);
        return o;
    }
    return jv_object_set_take(o, name, jv_string(ts));
}

static jv *s3_list_content(s3_list_reader *r, const xmldoc_node *c)
{
    jv *o = s3_xml_string(r, jv_object(), c, "ETag");
    o = s3_xml_string(r, o, c, "Key");
    o = s3_xml_time(r, o, c, "LastModified");
    o = s3_xml_number(r, o, c, "Size");
    return s3_xml_string(r, o, c, "StorageClass");
}

/* The array of each child named name, built by fn; NULL when there is none. */
static jv *s3_list_array(s3_list_reader *r, const char *name,
                         jv *(*fn)(s3_list_reader *r, const xmldoc_node *c))
{
    const xmldoc_node *c = xmldoc_child(r->root, name);
    if (!c)
        return NULL;
    jv *a = jv_array();
    for (; c; c = xmldoc_next(c, name))
        a = jv_array_append_take(a, fn(r, c));
    return a;
}

static jv *s3_list_prefix(s3_list_reader *r, const xmldoc_node *c)
{
    return s3_xml_string(r, jv_object(), c, "Prefix");
}

static jv *s3_list_take(jv *o, const char *name, jv *v)
{
    return v ? jv_object_set_take(o, name, v) : o;
}

static jv *s3_list_result(s3_list_reader *r, bool v2)
{
    const xmldoc_node *n = r->root;
    jv *o = s3_list_take(jv_object(), "CommonPrefixes",
                         s3_list_array(r, "CommonPrefixes", s3_list_prefix));
    o = s3_list_take(o, "Contents", s3_list_array(r, "Contents", s3_list_content));
    if (v2)
        o = s3_xml_string(r, o, n, "ContinuationToken");
    o = s3_xml_string(r, o, n, "Delimiter");
    o = s3_xml_bool(r, o, n, "IsTruncated");
    if (v2)
        o = s3_xml_number(r, o, n, "KeyCount");
    else
        o = s3_xml_string(r, o, n, "Marker");
    o = s3_xml_number(r, o, n, "MaxKeys");
    o = s3_xml_string(r, o, n, "Name");
    o = s3_xml_string(r, o, n, v2 ? "NextContinuationToken" : "NextMarker");
    o = s3_xml_string(r, o, n, "Prefix");
    if (v2)
        o = s3_xml_string(r, o, n, "StartAfter");
    return o;
}

static void s3_list_answer(bool v2, const http_response *resp, task_answer *out)
{
    char err[256];
    xmldoc *doc = xmldoc_parse(strbuf_str(&resp->body), resp->body.len, err, sizeof err);
    s3_list_reader r = {xmldoc_root(doc), ""};
    if (!doc) {
        s3_answer_fail(out, "S3.SdkClientException", "Unable to unmarshall the response of "
                       "--endpoint-url: the XML is not valid: %s", err);
        return;
    }
    if (strcmp(xmldoc_local_name(r.root), "ListBucketResult")) {
        s3_answer_fail(out, "S3.SdkClientException", "Unable to unmarshall the response of "
                       "--endpoint-url: <%s> where <ListBucketResult> was expected",
                       xmldoc_name(r.root));
        xmldoc_free(doc);
        return;
    }
    jv *result = s3_list_result(&r, v2);
    xmldoc_free(doc);
    if (r.why[0]) {
        jv_unref(result);
        s3_answer_fail(out, "S3.SdkClientException", "Unable to unmarshall the response of "
                       "--endpoint-url: %s", r.why);
        return;
    }
    out->kind = TASK_RESULT;
    out->result = result;
}

/* ---- errors ---- */

static const char *s3_error_name(const char *code, char *buf, size_t n)
{
    for (const char *const *m = s3_modeled_errors; code && *m; m++)
        if (!strcmp(*m, code)) {
            snprintf(buf, n, "S3.%sException", code);
            return buf;
        }
    return "S3.S3Exception";
}

/* <Error><Code/><Message/><RequestId/><HostId/></Error>, or only a status (a HEAD has no
 * body: the SDK names a 404 NoSuchKey, and has no message: Java prints "null"). */
static void s3_error_answer(s3_op op, const http_response *resp, task_answer *out)
{
    char err[256], name[160];
    xmldoc *doc = op != S3_OP_HEAD && resp->body.len
                      ? xmldoc_parse(strbuf_str(&resp->body), resp->body.len, err, sizeof err)
                      : NULL;
    const xmldoc_node *e = xmldoc_root(doc);
    if (e && strcmp(xmldoc_local_name(e), "Error"))
        e = NULL;
    const char *code = e ? xmldoc_child_text(e, "Code") : NULL;
    const char *msg = e ? xmldoc_child_text(e, "Message") : NULL;
    const char *rid = e ? xmldoc_child_text(e, "RequestId") : NULL;
    const char *host = e ? xmldoc_child_text(e, "HostId") : NULL;
    if (!code && op == S3_OP_HEAD && resp->status == 404)
        code = "NoSuchKey";
    if (!rid)
        rid = s3_header(resp, "x-amz-request-id");
    if (!host)
        host = s3_header(resp, "x-amz-id-2");
    s3_answer_fail(out, s3_error_name(code, name, sizeof name),
                   "%.600s (Service: S3, Status Code: %ld, Request ID: %.100s, Extended Request "
                   "ID: %.200s)", msg && *msg ? msg : "null", resp->status, rid ? rid : "null",
                   host ? host : "null");
    xmldoc_free(doc);
}

void s3_answer_of(s3_op op, const http_response *resp, task_answer *out)
{
    if (resp->status < 200 || resp->status >= 300) {
        s3_error_answer(op, resp, out);
        return;
    }
    switch (op) {
    case S3_OP_LIST_V2:
    case S3_OP_LIST_V1:
        s3_list_answer(op == S3_OP_LIST_V2, resp, out);
        return;
    case S3_OP_GET:
        out->result = jv_object_set_take(s3_object_head(resp, true), "Body",
                                         objstore_text(strbuf_str(&resp->body), resp->body.len,
                                                       NULL));
        break;
    case S3_OP_HEAD: out->result = s3_object_head(resp, false); break;
    case S3_OP_PUT: out->result = s3_put_result(resp); break;
    case S3_OP_DELETE: out->result = s3_delete_result(resp); break;
    }
    out->kind = TASK_RESULT;
}
