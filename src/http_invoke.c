/* http_invoke — the HTTP task's request and answer. See http_invoke.h. */
#include "http_invoke.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "jv_text.h"
#include "objstore.h"
#include "urlencode.h"

/* Headers a task may not set (Step Functions refuses them; the list of the reference's
 * 6.3), and the prefixes likewise refused. */
static const char *const http_invoke_forbidden[] = {
    "a-im", "accept-charset", "accept-datetime", "accept-encoding", "authorization",
    "cache-control", "connection", "content-encoding", "content-md5", "date", "expect",
    "forwarded", "from", "host", "http2-settings", "max-forwards", "origin", "pragma",
    "proxy-authorization", "referer", "server", "te", "trailer", "transfer-encoding",
    "upgrade", "via", "warning",
};
static const char *const http_invoke_forbidden_prefix[] = {"if-", "x-forwarded-", "x-amz-",
                                                           "x-amzn-"};

static bool http_invoke_header_forbidden(const char *name)
{
    for (size_t i = 0; i < sizeof http_invoke_forbidden / sizeof *http_invoke_forbidden; i++)
        if (!strcasecmp(name, http_invoke_forbidden[i]))
            return true;
    for (size_t i = 0; i < sizeof http_invoke_forbidden_prefix / sizeof(char *); i++)
        if (!strncasecmp(name, http_invoke_forbidden_prefix[i],
                         strlen(http_invoke_forbidden_prefix[i])))
            return true;
    return false;
}

void http_invoke_set_header(http_invoke_request *r, const char *name, const char *value)
{
    size_t i = 0;
    while (i < r->nheaders && strcasecmp(r->headers[i].name, name))
        i++;
    if (i == r->nheaders) {
        if (r->nheaders == HTTP_INVOKE_MAX_HEADERS)
            return;   /* http_invoke_build bounds the task's own; this is the backstop */
        r->headers[r->nheaders++].name = jv_xstrdup(name);
    } else {
        free((char *)r->headers[i].value);
    }
    r->headers[i].value = jv_xstrdup(value);
}

void http_invoke_request_cleanup(http_invoke_request *r)
{
    free(r->method);
    free(r->endpoint);
    free(r->conn_arn);
    strbuf_cleanup(&r->url);
    strbuf_cleanup(&r->body);
    for (size_t i = 0; i < r->nheaders; i++) {
        free((char *)r->headers[i].name);
        free((char *)r->headers[i].value);
    }
    memset(r, 0, sizeof *r);
}

/* ---- the parameters ---- */

static bool http_invoke_fail(asl_error *err, const char *state, const char *field,
                             const char *what)
{
    asl_error_set(err, "States.Runtime", "The HTTP task '%s': the field '%s' %s", state, field,
                  what);
    return false;
}

/* A header or query value as text: a string, a number, a boolean. NULL otherwise. */
static char *http_invoke_scalar_text(const jv *v)
{
    if (jv_is_string(v))
        return jv_xstrdup(jv_string_value(v));
    if (jv_is_number(v) || jv_is_bool(v))
        return jv_dump_string(v, 0);
    return NULL;
}

static bool http_invoke_method(const jv *params, const char *state, http_invoke_request *r,
                               asl_error *err)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
                                          "OPTIONS"};
    const jv *m = jv_object_get(params, "Method");
    for (size_t i = 0; m && jv_is_string(m) && i < sizeof methods / sizeof *methods; i++)
        if (!strcmp(jv_string_value(m), methods[i])) {
            r->method = jv_xstrdup(methods[i]);
            return true;
        }
    return http_invoke_fail(err, state, "Method", "must be one of GET, POST, PUT, DELETE, "
                            "PATCH, HEAD, OPTIONS");
}

static bool http_invoke_endpoint(const jv *params, const char *state, http_invoke_request *r,
                                 asl_error *err)
{
    const jv *e = jv_object_get(params, "ApiEndpoint");
    if (!e || !jv_is_string(e))
        return http_invoke_fail(err, state, "ApiEndpoint", "must be a string (the URL)");
    const char *url = jv_string_value(e);
    if (strncasecmp(url, "https://", 8) && strncasecmp(url, "http://", 7))
        return http_invoke_fail(err, state, "ApiEndpoint", "must start with https:// "
                                "(or http:// for a local server)");
    if (strlen(url) != jv_string_length(e) || strpbrk(url, " \t\r\n"))
        return http_invoke_fail(err, state, "ApiEndpoint", "must not contain spaces, line "
                                "breaks or NUL characters");
    r->endpoint = jv_xstrdup(url);
    strbuf_puts(&r->url, url);
    return true;
}

static bool http_invoke_one_header(http_invoke_request *r, const char *name, const jv *v,
                                   const char *state, asl_error *err)
{
    char field[300];
    snprintf(field, sizeof field, "Headers.%s", name);
    if (!*name || strpbrk(name, ":\r\n \t"))
        return http_invoke_fail(err, state, field, "is not a header name");
    if (http_invoke_header_forbidden(name))
        return http_invoke_fail(err, state, field, "is a header the HTTP task may not set "
                                "(an authorization comes from the connection)");
    char *text = http_invoke_scalar_text(v);
    if (jv_is_array(v) && jv_array_length(v)) {   /* several values: joined as one line */
        strbuf all;
        strbuf_init(&all, 0);
        for (size_t i = 0; i < jv_array_length(v); i++) {
            char *one = http_invoke_scalar_text(jv_array_get(v, i));
            if (!one)
                break;
            strbuf_printf(&all, "%s%s", i ? ", " : "", one);
            free(one);
        }
        text = strbuf_detach(&all);
    }
    bool ok = text && !strpbrk(text, "\r\n");
    if (ok)
        http_invoke_set_header(r, name, text);
    free(text);
    return ok || http_invoke_fail(err, state, field, "must be a string, number or boolean "
                                  "(or a list of them) on one line");
}

static bool http_invoke_headers(const jv *params, const char *state, http_invoke_request *r,
                                asl_error *err)
{
    const jv *h = jv_object_get(params, "Headers");
    if (!h || jv_is_null(h))
        return true;
    if (!jv_is_object(h))
        return http_invoke_fail(err, state, "Headers", "must be an object");
    if (jv_object_size(h) > 56)
        return http_invoke_fail(err, state, "Headers", "has too many headers");
    for (size_t i = 0; i < jv_object_size(h); i++)
        if (!http_invoke_one_header(r, jv_string_value(jv_object_key_at(h, i)),
                                    jv_object_value_at(h, i), state, err))
            return false;
    return true;
}

/* Appends form pairs to the URL's query, after '?' or '&'. */
static bool http_invoke_query_add(http_invoke_request *r, const jv *pairs, char *why,
                                  size_t whylen)
{
    strbuf q;
    strbuf_init(&q, 0);
    bool ok = urlenc_form(&q, pairs, URLENC_REPEAT, why, whylen);
    if (ok && q.len) {
        strbuf_putc(&r->url, strchr(strbuf_str(&r->url), '?') ? '&' : '?');
        strbuf_append(&r->url, strbuf_str(&q), q.len);
    }
    strbuf_cleanup(&q);
    return ok;
}

static bool http_invoke_query(const jv *params, const char *state, http_invoke_request *r,
                              asl_error *err)
{
    const jv *q = jv_object_get(params, "QueryParameters");
    char why[200];
    if (!q || jv_is_null(q) || http_invoke_query_add(r, q, why, sizeof why))
        return true;
    return http_invoke_fail(err, state, "QueryParameters", why);
}

static bool http_invoke_transform(const jv *params, const char *state, bool *url_encoded,
                                  urlenc_array_format *fmt, asl_error *err)
{
    *url_encoded = false;
    *fmt = URLENC_INDICES;
    const jv *t = jv_object_get(params, "Transform");
    if (!t || jv_is_null(t))
        return true;
    const jv *enc = jv_is_object(t) ? jv_object_get(t, "RequestBodyEncoding") : NULL;
    if (!jv_is_object(t) || (enc && (!jv_is_string(enc) ||
                                     (strcmp(jv_string_value(enc), "NONE") &&
                                      strcmp(jv_string_value(enc), "URL_ENCODED")))))
        return http_invoke_fail(err, state, "Transform.RequestBodyEncoding",
                                "must be NONE or URL_ENCODED");
    *url_encoded = enc && !strcmp(jv_string_value(enc), "URL_ENCODED");
    const jv *opts = jv_object_get(t, "RequestEncodingOptions");
    const jv *af = opts && jv_is_object(opts) ? jv_object_get(opts, "ArrayFormat") : NULL;
    if ((opts && !jv_is_object(opts)) ||
        (af && (!jv_is_string(af) || !urlenc_array_format_parse(jv_string_value(af), fmt))))
        return http_invoke_fail(err, state, "Transform.RequestEncodingOptions.ArrayFormat",
                                "must be INDICES, REPEAT, COMMAS or BRACKETS");
    return true;
}

static bool http_invoke_body(const jv *params, const char *state, http_invoke_request *r,
                             asl_error *err)
{
    bool url_encoded;
    urlenc_array_format fmt;
    if (!http_invoke_transform(params, state, &url_encoded, &fmt, err))
        return false;
    const jv *b = jv_object_get(params, "RequestBody");
    if (!b)
        return true;
    r->has_body = true;
    const char *type = "application/json";
    if (url_encoded) {
        char why[200];
        if (!urlenc_form(&r->body, b, fmt, why, sizeof why))
            return http_invoke_fail(err, state, "RequestBody", why);
        type = "application/x-www-form-urlencoded";
    } else if (jv_is_string(b)) {
        strbuf_append(&r->body, jv_string_value(b), jv_string_length(b));
    } else {
        jv_dump(b, 0, &r->body);
    }
    bool typed = false;
    for (size_t i = 0; i < r->nheaders; i++)
        typed |= !strcasecmp(r->headers[i].name, "Content-Type");
    if (!typed || url_encoded)
        http_invoke_set_header(r, "Content-Type", type);
    return true;
}

/* ---- the connection ---- */

static const char *http_invoke_conn_arn(const jv *params)
{
    static const char *const holders[] = {"Authentication", "InvocationConfig"};
    for (size_t i = 0; i < 2; i++) {
        const jv *h = jv_object_get(params, holders[i]);
        const jv *arn = h && jv_is_object(h) ? jv_object_get(h, "ConnectionArn") : NULL;
        if (arn && jv_is_string(arn))
            return jv_string_value(arn);
    }
    return NULL;
}

static void http_invoke_basic(http_invoke_request *r, const connection *c)
{
    size_t n = strlen(c->key) + strlen(c->secret) + 2;
    char *plain = jv_xmalloc(n);
    snprintf(plain, n, "%s:%s", c->key, c->secret);
    char *enc = jv_xmalloc(BASE64_ENCODED_SIZE(n) + 8);
    memcpy(enc, "Basic ", 6);
    base64_encode(plain, n - 1, BASE64_ALPHABET_STANDARD, enc + 6);
    http_invoke_set_header(r, "Authorization", enc);
    memset(plain, 0, n);
    memset(enc, 0, strlen(enc));
    free(plain);
    free(enc);
}

static bool http_invoke_connection(const jv *params, const connections *conns,
                                   const char *state, http_invoke_request *r, asl_error *err)
{
    const char *arn = http_invoke_conn_arn(params);
    if (!arn || !conns)
        return true;   /* no --connections: sent without the connection's authorization */
    r->conn_arn = jv_xstrdup(arn);
    r->conn = connections_find(conns, arn);
    if (!r->conn) {
        asl_error_set(err, "States.Runtime", "The HTTP task '%s': the connection '%s' is not "
                      "in the --connections file", state, arn);
        return false;
    }
    const connection *c = r->conn;
    for (size_t i = 0; c->headers && i < jv_object_size(c->headers); i++)
        http_invoke_set_header(r, jv_string_value(jv_object_key_at(c->headers, i)),
                               jv_string_value(jv_object_value_at(c->headers, i)));
    char why[200];
    if (c->query)
        http_invoke_query_add(r, c->query, why, sizeof why);
    if (c->auth == CONN_API_KEY)
        http_invoke_set_header(r, c->key, c->secret);
    else if (c->auth == CONN_BASIC)
        http_invoke_basic(r, c);
    return true;   /* OAuth: the token is fetched first (http_task.c) */
}

bool http_invoke_build(const jv *params, const connections *conns, const char *state,
                       http_invoke_request *out, asl_error *err)
{
    memset(out, 0, sizeof *out);
    strbuf_init(&out->url, 0);
    strbuf_init(&out->body, 0);
    if (!jv_is_object(params)) {
        http_invoke_fail(err, state, "Parameters", "must be an object");
        return false;
    }
    return http_invoke_endpoint(params, state, out, err) &&
           http_invoke_method(params, state, out, err) &&
           http_invoke_headers(params, state, out, err) &&
           http_invoke_query(params, state, out, err) &&
           http_invoke_body(params, state, out, err) &&
           http_invoke_connection(params, conns, state, out, err);
}

/* ---- the answer ---- */

static jv *http_invoke_headers_json(const http_response *resp)
{
    jv *h = jv_object();
    for (size_t i = 0; i < resp->nheaders; i++) {
        const char *name = resp->headers[i].name;
        const jv *have = NULL;
        for (size_t k = 0; !have && k < jv_object_size(h); k++)
            if (!strcasecmp(jv_string_value(jv_object_key_at(h, k)), name))
                have = jv_object_key_at(h, k);
        const char *key = have ? jv_string_value(have) : name;
        const jv *list = jv_object_get(h, key);
        jv *values = list ? jv_ref(list) : jv_array();
        values = jv_array_append_take(values, objstore_text(resp->headers[i].value,
                                                            strlen(resp->headers[i].value),
                                                            NULL));
        h = jv_object_set_take(h, key, values);
    }
    return h;
}

static bool http_invoke_is_json(const http_response *resp)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (!strcasecmp(resp->headers[i].name, "Content-Type"))
            return strstr(resp->headers[i].value, "json") != NULL;
    return false;
}

static jv *http_invoke_body_json(const http_response *resp)
{
    jv *parsed = NULL;
    if (http_invoke_is_json(resp) && resp->body.len)
        parsed = jv_parse(strbuf_str(&resp->body), resp->body.len, 0, NULL);
    return parsed ? parsed : objstore_text(strbuf_str(&resp->body), resp->body.len, NULL);
}

static void http_invoke_result(const http_response *resp, task_answer *out)
{
    jv *r = jv_object_set_take(jv_object(), "Headers", http_invoke_headers_json(resp));
    r = jv_object_set_take(r, "ResponseBody", http_invoke_body_json(resp));
    r = jv_object_set_take(r, "StatusCode", jv_number((double)resp->status));
    r = jv_object_set_take(r, "StatusText", jv_string(resp->status_text));
    out->kind = TASK_RESULT;
    out->result = r;
}

void http_invoke_answer(const http_response *resp, const char *state, bool task_timeout,
                        task_answer *out)
{
    if (resp->fail == HTTP_OK && resp->status >= 200 && resp->status < 300) {
        http_invoke_result(resp, out);
        return;
    }
    out->kind = TASK_ERROR;
    if (resp->fail == HTTP_OK) {
        char name[64];
        snprintf(name, sizeof name, "States.Http.StatusCode.%ld", resp->status);
        asl_error_set_raw(&out->error, name, resp->status_text);
    } else if (resp->fail == HTTP_FAIL_TIMEOUT && task_timeout) {
        out->kind = TASK_TIMEOUT;
        asl_error_set(&out->error, "States.Timeout", "The HTTP task '%s' had no answer "
                      "within its TimeoutSeconds", state);
    } else {
        asl_error_set(&out->error, "States.Http.Socket", "The HTTP task '%s': %s", state,
                      resp->error);
    }
}
