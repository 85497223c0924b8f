/* http_record — masked records of requests to real endpoints. See http_record.h. */
#include "http_record.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "objstore.h"
#include "strbuf.h"
#include "timeutil.h"

void http_secrets_add(http_secrets *s, const char *value)
{
    if (value && *value && s->n < HTTP_RECORD_SECRETS)
        s->values[s->n++] = value;
}

static const char *const http_secret_headers[] = {
    "authorization", "proxy-authorization", "cookie", "set-cookie", "x-amz-security-token",
    "x-api-key", NULL};

static bool http_secret_header(const char *name)
{
    for (size_t i = 0; http_secret_headers[i]; i++)
        if (!strcasecmp(name, http_secret_headers[i]))
            return true;
    return false;
}

/* The first n bytes of needle in [s, s+len), or NULL. */
static const char *http_find(const char *s, size_t len, const char *needle, size_t n)
{
    for (const char *p = s; n && (size_t)(s + len - p) >= n; p++) {
        p = memchr(p, needle[0], (size_t)(s + len - p) - n + 1);
        if (!p)
            return NULL;
        if (!memcmp(p, needle, n))
            return p;
    }
    return NULL;
}

/* The earliest occurrence of a secret in [s, s+len): its position and length. */
static const char *http_find_secret(const char *s, size_t len, const http_secrets *a,
                                    const http_secrets *b, size_t *found_len)
{
    const char *best = NULL;
    const http_secrets *sets[2] = {a, b};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; sets[k] && i < sets[k]->n; i++) {
            size_t n = strlen(sets[k]->values[i]);
            const char *p = http_find(s, len, sets[k]->values[i], n);
            if (p && (!best || p < best || (p == best && n > *found_len))) {
                best = p;
                *found_len = n;
            }
        }
    return best;
}

/* The text with every secret replaced by the mask, cut at max bytes (a note says how many
 * more there were), as a JSON string (invalid UTF-8 as U+FFFD). */
static jv *http_masked(const char *s, size_t len, size_t max, const http_secrets *a,
                       const http_secrets *b)
{
    strbuf out;
    strbuf_init(&out, 0);
    size_t pos = 0, cut = len > max ? max : len;
    while (pos < len) {
        size_t n = 0;
        const char *p = http_find_secret(s + pos, len - pos, a, b, &n);
        size_t plain = p ? (size_t)(p - (s + pos)) : len - pos;
        if (pos + plain > cut)
            plain = cut > pos ? cut - pos : 0;
        strbuf_append(&out, s + pos, plain);
        if (!p || (size_t)(p - s) >= cut)
            break;
        strbuf_puts(&out, HTTP_RECORD_MASK);
        pos = (size_t)(p - s) + n;
    }
    jv *text = objstore_text(strbuf_str(&out), out.len, NULL);
    strbuf_cleanup(&out);
    if (len > max) {
        jv *whole = jv_string_fmt("%s… (%zu bytes more)", jv_string_value(text), len - max);
        jv_unref(text);
        return whole;
    }
    return text;
}

/* "http://user:****@host/...": a password in the URL masked. */
static jv *http_masked_url(const char *url, const http_secrets *a, const http_secrets *b)
{
    const char *scheme = strstr(url, "://");
    const char *host = scheme ? scheme + 3 : url;
    const char *at = strchr(host, '@'), *slash = strchr(host, '/');
    const char *colon = at ? memchr(host, ':', (size_t)(at - host)) : NULL;
    if (!at || (slash && slash < at) || !colon)
        return http_masked(url, strlen(url), 8192, a, b);
    strbuf s;
    strbuf_init(&s, 0);
    strbuf_append(&s, url, (size_t)(colon - url) + 1);
    strbuf_puts(&s, HTTP_RECORD_MASK);
    strbuf_puts(&s, at);
    jv *out = http_masked(strbuf_str(&s), s.len, 8192, a, b);
    strbuf_cleanup(&s);
    return out;
}

static jv *http_masked_headers(const http_header *h, size_t n, const http_secrets *a,
                               const http_secrets *b)
{
    jv *out = jv_object();
    for (size_t i = 0; i < n; i++) {
        if (!h[i].value)
            continue;   /* a header curl was told not to send */
        jv *v = http_secret_header(h[i].name)
                    ? jv_string(HTTP_RECORD_MASK)
                    : http_masked(h[i].value, strlen(h[i].value), 8192, a, b);
        out = jv_object_set_take(out, h[i].name, v);
    }
    return out;
}

jv *http_record_start(const http_request_spec *spec, const http_secrets *extra)
{
    http_secrets own = {{0}, 0};
    http_secrets_add(&own, spec->aws_key_id);
    http_secrets_add(&own, spec->aws_secret);
    http_secrets_add(&own, spec->basic_password);
    char when[40];
    timeutil_format_ms(timeutil_now_ms(), when, sizeof when);
    jv *rec = jv_object_set_take(jv_object(), "Method", jv_string(spec->method));
    rec = jv_object_set_take(rec, "URL", http_masked_url(spec->url, &own, extra));
    rec = jv_object_set_take(rec, "Time", jv_string(when));
    jv *headers = http_masked_headers(spec->headers, spec->nheaders, &own, extra);
    if (spec->aws_sigv4)
        headers = jv_object_set_take(headers, "Authorization",
                                     jv_string("AWS4-HMAC-SHA256 " HTTP_RECORD_MASK " (SigV4, by curl)"));
    else if (spec->basic_user)
        headers = jv_object_set_take(headers, "Authorization",
                                     jv_string("Basic " HTTP_RECORD_MASK " (by curl)"));
    jv *req = jv_object_set_take(jv_object(), "Headers", headers);
    if (spec->body)
        req = jv_object_set_take(req, "Body", http_masked(spec->body, spec->body_len,
                                                          HTTP_RECORD_BODY_MAX, &own, extra));
    return jv_object_set_take(rec, "Request", req);
}

jv *http_record_finish(jv *start, const http_response *resp, const http_secrets *extra,
                       bool hide_body)
{
    /* the summary first (a folded record's preview shows it), then the rest */
    jv *rec = jv_object_set(jv_object(), "Method", jv_object_get(start, "Method"));
    rec = jv_object_set(rec, "URL", jv_object_get(start, "URL"));
    rec = jv_object_set_take(rec, "Status", jv_number((double)resp->status));
    if (resp->status_text[0])
        rec = jv_object_set_take(rec, "StatusText", jv_string(resp->status_text));
    if (resp->fail != HTTP_OK)
        rec = jv_object_set_take(rec, "Error", http_masked(resp->error, strlen(resp->error),
                                                           8192, extra, NULL));
    rec = jv_object_set_take(rec, "DurationMs", jv_number((double)resp->elapsed_ms));
    rec = jv_object_set(rec, "Time", jv_object_get(start, "Time"));
    rec = jv_object_set(rec, "Request", jv_object_get(start, "Request"));
    jv_unref(start);
    if (resp->fail != HTTP_OK && resp->status == 0)
        return rec;
    jv *r = jv_object_set_take(jv_object(), "Headers",
                               http_masked_headers(resp->headers, resp->nheaders, extra, NULL));
    r = jv_object_set_take(r, "Body", hide_body
                                          ? jv_string(HTTP_RECORD_MASK " (a token answer)")
                                          : http_masked(strbuf_str(&resp->body), resp->body.len,
                                                        HTTP_RECORD_BODY_MAX, extra, NULL));
    return jv_object_set_take(rec, "Response", r);
}

void http_record_add(task_answer *out, jv *rec)
{
    if (!out->requests)
        out->requests = jv_array();
    out->requests = jv_array_append_take(out->requests, rec);
}
