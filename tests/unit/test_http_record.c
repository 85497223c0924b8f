/* Unit tests: the records of requests to real endpoints the debugger lists (src/http_record.c):
 * method, URL, status, time and bodies kept; every secret masked — Authorization and the
 * other credential headers by name, a password in the URL, SigV4 and Basic shown by their
 * scheme only, the AWS keys and a connection's secret wherever they appear (URL, headers,
 * bodies, the error); long bodies cut with a note; an OAuth token answer hidden whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/http_record.h"
#include "jv_text.h"
#include "tap.h"

static char *text_of(const jv *v)
{
    return v ? jv_dump_string(v, 0) : jv_xstrdup("(none)");
}

static void no_secret(const jv *rec, const char *secret, const char *name)
{
    char *t = text_of(rec);
    tap_ok(!strstr(t, secret), "%s: '%s' appears nowhere", name, secret);
    free(t);
}

static const jv *get(const jv *o, const char *path)
{
    char buf[200];
    snprintf(buf, sizeof buf, "%s", path);
    const jv *v = o;
    for (char *part = strtok(buf, "."); part && v; part = strtok(NULL, "."))
        v = jv_is_object(v) ? jv_object_get(v, part) : NULL;
    return v;
}

static void is_text(const jv *rec, const char *path, const char *want, const char *name)
{
    const jv *v = get(rec, path);
    tap_is_str(v && jv_is_string(v) ? jv_string_value(v) : "(none)", want, "%s", name);
}

static void headers_and_url(void)
{
    http_header h[] = {{"Authorization", "Bearer TOKEN-A"}, {"X-Amz-Security-Token", "SESS-B"},
                       {"X-Custom", "has CONN-C inside"}, {"Accept", "application/json"},
                       {"Expect", NULL}};
    const char body[] = "{\"client\":\"CONN-C\",\"n\":1}";
    http_request_spec spec = {.method = "POST", .url = "https://ann:PW-D@api.example.com/x?k=CONN-C",
                              .headers = h, .nheaders = 5, .body = body,
                              .body_len = sizeof body - 1};
    http_secrets extra = {{0}, 0};
    http_secrets_add(&extra, "CONN-C");
    http_secrets_add(&extra, NULL);
    http_secrets_add(&extra, "");
    tap_is_int((long long)extra.n, 1, "NULL and empty secrets are not kept");
    jv *start = http_record_start(&spec, &extra);
    http_header rh[] = {{"Set-Cookie", "sid=COOKIE-E"}, {"Content-Type", "application/json"}};
    http_response resp = {.fail = HTTP_OK, .status = 201, .headers = rh, .nheaders = 2,
                          .elapsed_ms = 42};
    snprintf(resp.status_text, sizeof resp.status_text, "Created");
    strbuf_init(&resp.body, 0);
    strbuf_puts(&resp.body, "{\"echo\":\"CONN-C\"}");
    jv *rec = http_record_finish(start, &resp, &extra, false);
    strbuf_cleanup(&resp.body);
    is_text(rec, "Method", "POST", "the method");
    is_text(rec, "URL", "https://ann:****@api.example.com/x?k=****",
            "the URL: its password and the connection's secret masked");
    tap_is_int((long long)jv_number_value(get(rec, "Status")), 201, "the status");
    is_text(rec, "StatusText", "Created", "the status text");
    tap_is_int((long long)jv_number_value(get(rec, "DurationMs")), 42, "the time it took");
    tap_ok(get(rec, "Time") && jv_string_length(get(rec, "Time")) == 24, "when it was sent (ISO)");
    is_text(rec, "Request.Headers.Authorization", "****", "Authorization masked by name");
    is_text(rec, "Request.Headers.X-Amz-Security-Token", "****", "the session token masked");
    is_text(rec, "Request.Headers.X-Custom", "has **** inside", "a secret inside a header value");
    is_text(rec, "Request.Headers.Accept", "application/json", "other headers as sent");
    tap_ok(!get(rec, "Request.Headers.Expect"), "a header curl was told to drop is not listed");
    is_text(rec, "Request.Body", "{\"client\":\"****\",\"n\":1}", "the secret in the request body");
    is_text(rec, "Response.Headers.Set-Cookie", "****", "Set-Cookie masked");
    is_text(rec, "Response.Body", "{\"echo\":\"****\"}", "the secret echoed in the response body");
    tap_is_str(jv_string_value(jv_object_key_at(rec, 2)), "Status",
               "the summary comes first (Method, URL, Status)");
    no_secret(rec, "CONN-C", "connection secret");
    no_secret(rec, "PW-D", "URL password");
    no_secret(rec, "TOKEN-A", "bearer token");
    no_secret(rec, "COOKIE-E", "cookie");
    jv_unref(rec);
}

static void signed_and_failed(void)
{
    http_header h[] = {{"X-Amz-Target", "DynamoDB_20120810.PutItem"}};
    http_request_spec spec = {.method = "POST", .url = "http://127.0.0.1:1/", .headers = h,
                              .nheaders = 1, .aws_sigv4 = "aws:amz:us-east-1:dynamodb",
                              .aws_key_id = "AKIDKEY", .aws_secret = "SECRETKEY"};
    jv *start = http_record_start(&spec, NULL);
    http_response resp = {.fail = HTTP_FAIL_CONNECT, .status = 0, .elapsed_ms = 3};
    snprintf(resp.error, sizeof resp.error, "connection failed: refused (key AKIDKEY)");
    strbuf_init(&resp.body, 0);
    jv *rec = http_record_finish(start, &resp, NULL, false);
    strbuf_cleanup(&resp.body);
    is_text(rec, "Request.Headers.Authorization", "AWS4-HMAC-SHA256 **** (SigV4, by curl)",
            "SigV4: the scheme only");
    tap_is_int((long long)jv_number_value(get(rec, "Status")), 0, "no response: status 0");
    tap_ok(get(rec, "Error") != NULL, "  and the error");
    tap_ok(!get(rec, "Response"), "  and no response part");
    tap_ok(!get(rec, "Request.Body"), "no body sent: none listed");
    jv_unref(rec);

    http_request_spec basic = {.method = "POST", .url = "http://127.0.0.1:1/token",
                               .basic_user = "cid", .basic_password = "CLIENT-SECRET",
                               .body = "grant_type=client_credentials", .body_len = 29};
    start = http_record_start(&basic, NULL);
    http_response ok = {.fail = HTTP_OK, .status = 200};
    strbuf_init(&ok.body, 0);
    strbuf_puts(&ok.body, "{\"access_token\":\"TOKEN-F\"}");
    rec = http_record_finish(start, &ok, NULL, true);
    strbuf_cleanup(&ok.body);
    is_text(rec, "Request.Headers.Authorization", "Basic **** (by curl)", "Basic: the scheme only");
    is_text(rec, "Response.Body", "**** (a token answer)", "an OAuth token answer is hidden whole");
    no_secret(rec, "TOKEN-F", "OAuth token");
    no_secret(rec, "CLIENT-SECRET", "client secret");
    jv_unref(rec);
}

static void long_bodies(void)
{
    size_t n = HTTP_RECORD_BODY_MAX + 1000;
    char *big = malloc(n);
    memset(big, 'a', n);
    memcpy(big + HTTP_RECORD_BODY_MAX - 2, "SECRETX", 7);   /* across the cut */
    http_secrets extra = {{0}, 0};
    http_secrets_add(&extra, "SECRETX");
    http_request_spec spec = {.method = "PUT", .url = "http://h/", .body = big, .body_len = n};
    jv *start = http_record_start(&spec, &extra);
    http_response resp = {.fail = HTTP_OK, .status = 204};
    strbuf_init(&resp.body, 0);
    jv *rec = http_record_finish(start, &resp, &extra, false);
    const jv *body = get(rec, "Request.Body");
    tap_ok(body && jv_string_length(body) < HTTP_RECORD_BODY_MAX + 100, "a long body is cut");
    tap_ok(body && strstr(jv_string_value(body), "… (1000 bytes more)") != NULL,
           "  with a note of how much more there was");
    no_secret(rec, "SECRET", "a secret across the cut");
    task_answer a;
    task_answer_init(&a);
    http_record_add(&a, rec);
    tap_is_int((long long)jv_array_length(a.requests), 1, "the record goes into the answer");
    task_answer_cleanup(&a);
    strbuf_cleanup(&resp.body);
    free(big);
}

int main(void)
{
    headers_and_url();
    signed_and_failed();
    long_bodies();
    return tap_done();
}
