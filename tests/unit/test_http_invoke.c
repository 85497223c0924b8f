/* Unit tests: src/http_invoke — the HTTP task's parameters as a request (URL, headers,
 * body, the connection's authorization) and a response as the task's answer (AWS's
 * result shape and error names), with no network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "src/http_invoke.h"
#include "tap.h"

static const char *header(const http_invoke_request *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (!strcmp(r->headers[i].name, name))
            return r->headers[i].value;
    return NULL;
}

static connections *conns(void)
{
    jv *v = jv_parse_cstr("{\"k\": {\"Authorization\": \"ApiKey\", \"ApiKeyName\": \"x-key\","
                          " \"ApiKeyValue\": \"s1\", \"QueryParameters\": {\"cq\": \"a&b\"}},"
                          " \"b\": {\"Authorization\": \"Basic\", \"Username\": \"ann\","
                          " \"Password\": \"pw\"}}", NULL);
    char err[200];
    connections *c = connections_new(v, err, sizeof err);
    jv_unref(v);
    return c;
}

static void builds(void)
{
    connections *c = conns();
    jv *p = jv_parse_cstr("{\"ApiEndpoint\": \"https://h/p?x=1\", \"Method\": \"PUT\","
                          " \"Headers\": {\"X-A\": [\"1\", true]},"
                          " \"QueryParameters\": {\"q\": [\"a\", \"b c\"]},"
                          " \"RequestBody\": {\"z\": null},"
                          " \"Authentication\": {\"ConnectionArn\":"
                          " \"arn:aws:events:r:1:connection/k/u\"}}", NULL);
    http_invoke_request r;
    asl_error e = {0};
    tap_ok(http_invoke_build(p, c, "S", &r, &e), "a request is built (%s)", e.cause ? e.cause : "");
    tap_is_str(strbuf_str(&r.url), "https://h/p?x=1&q=a&q=b%20c&cq=a%26b",
               "the task's and the connection's query follow the URL's");
    tap_is_str(r.method, "PUT", "the method");
    tap_is_str(header(&r, "X-A"), "1, true", "a list header is one line");
    tap_is_str(header(&r, "x-key"), "s1", "ApiKey header");
    tap_is_str(header(&r, "Content-Type"), "application/json", "JSON body type");
    tap_is_str(strbuf_str(&r.body), "{\"z\":null}", "the body's JSON");
    http_invoke_request_cleanup(&r);
    jv_unref(p);

    p = jv_parse_cstr("{\"ApiEndpoint\": \"http://h\", \"Method\": \"POST\","
                      " \"Headers\": {\"content-type\": \"text/plain\"}, \"RequestBody\": \"raw\","
                      " \"InvocationConfig\": {\"ConnectionArn\": \"arn:aws:events:r:1:connection/b/u\"}}",
                      NULL);
    tap_ok(http_invoke_build(p, c, "S", &r, &e), "a string body");
    tap_is_str(strbuf_str(&r.body), "raw", "a string body is sent as it is");
    tap_is_str(header(&r, "content-type"), "text/plain", "the task's Content-Type is kept");
    tap_is_str(header(&r, "Authorization"), "Basic YW5uOnB3", "Basic from InvocationConfig");
    http_invoke_request_cleanup(&r);
    jv_unref(p);

    static const char *const bad[][2] = {
        {"{\"Method\": \"GET\"}", "'ApiEndpoint' must be a string"},
        {"{\"ApiEndpoint\": \"http://h\", \"Method\": \"get\"}", "'Method' must be one of"},
        {"{\"ApiEndpoint\": \"http://h x\", \"Method\": \"GET\"}", "must not contain spaces"},
        {"{\"ApiEndpoint\": \"http://h\", \"Method\": \"GET\", \"Headers\": {\"X-Amz-Date\": \"1\"}}",
         "'Headers.X-Amz-Date' is a header the HTTP task may not set"},
        {"{\"ApiEndpoint\": \"http://h\", \"Method\": \"GET\", \"Headers\": {\"X\": \"a\\r\\nB: c\"}}",
         "'Headers.X' must be a string"},
        {"{\"ApiEndpoint\": \"http://h\", \"Method\": \"GET\", \"Headers\": {\"X\": {}}}",
         "'Headers.X' must be a string"},
        {"{\"ApiEndpoint\": \"http://h\", \"Method\": \"GET\", \"QueryParameters\": 3}",
         "'QueryParameters' must be an object"},
        {"{\"ApiEndpoint\": \"http://h\", \"Method\": \"GET\", \"Transform\": {\"RequestBodyEncoding\": \"GZIP\"}}",
         "must be NONE or URL_ENCODED"},
        {"{\"ApiEndpoint\": \"http://h\", \"Method\": \"GET\", \"Authentication\": {\"ConnectionArn\": \"arn:aws:events:r:1:connection/zz/u\"}}",
         "the connection 'arn:aws:events:r:1:connection/zz/u' is not in the --connections file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        p = jv_parse_cstr(bad[i][0], NULL);
        asl_error err = {0};
        bool ok = http_invoke_build(p, c, "S", &r, &err);
        tap_ok(!ok && err.name && !strcmp(err.name, "States.Runtime") && err.cause &&
               strstr(err.cause, bad[i][1]) && strstr(err.cause, "'S'"),
               "refused, naming the state: %s", err.cause ? err.cause : "(no error)");
        asl_error_clear(&err);
        http_invoke_request_cleanup(&r);
        jv_unref(p);
    }
    connections_free(c);
}

static char *answer_text(const http_response *resp, bool task_timeout, task_answer *a)
{
    task_answer_init(a);
    http_invoke_answer(resp, "S", task_timeout, a);
    return a->result ? jv_dump_string(a->result, 0) : NULL;
}

static void answers(void)
{
    http_header h[] = {{"Content-Type", "application/json; charset=utf-8"}, {"Set-Cookie", "a"},
                       {"set-cookie", "b"}};
    http_response resp = {.fail = HTTP_OK, .status = 201, .headers = h, .nheaders = 3};
    snprintf(resp.status_text, sizeof resp.status_text, "Created");
    strbuf_init(&resp.body, 0);
    strbuf_puts(&resp.body, "{\"id\": 7}");
    task_answer a;
    char *text = answer_text(&resp, false, &a);
    tap_is_str(text, "{\"Headers\":{\"Content-Type\":[\"application/json; charset=utf-8\"],"
               "\"Set-Cookie\":[\"a\",\"b\"]},\"ResponseBody\":{\"id\":7},\"StatusCode\":201,"
               "\"StatusText\":\"Created\"}", "a 2xx is the result, JSON parsed, headers merged");
    free(text);
    task_answer_cleanup(&a);

    h[0].value = "text/plain";
    strbuf_reset(&resp.body);
    strbuf_append(&resp.body, "a\xff" "b", 3);
    text = answer_text(&resp, false, &a);
    tap_ok(text && strstr(text, "\"ResponseBody\":\"a\xef\xbf\xbd" "b\""),
           "a text body is a string, bad UTF-8 as U+FFFD");
    free(text);
    task_answer_cleanup(&a);

    resp.status = 418;
    snprintf(resp.status_text, sizeof resp.status_text, "I'm a teapot");
    answer_text(&resp, false, &a);
    tap_ok(a.kind == TASK_ERROR && !strcmp(a.error.name, "States.Http.StatusCode.418") &&
           !strcmp(a.error.cause, "I'm a teapot"), "another status: States.Http.StatusCode.418");
    task_answer_cleanup(&a);

    resp.fail = HTTP_FAIL_TIMEOUT;
    snprintf(resp.error, sizeof resp.error, "timeout: Operation timed out");
    answer_text(&resp, true, &a);
    tap_ok(a.kind == TASK_TIMEOUT && !strcmp(a.error.name, "States.Timeout"),
           "the task's own timeout: States.Timeout");
    task_answer_cleanup(&a);
    answer_text(&resp, false, &a);
    tap_ok(a.kind == TASK_ERROR && !strcmp(a.error.name, "States.Http.Socket") &&
           strstr(a.error.cause, "timeout: Operation timed out"), "the 60 s limit: States.Http.Socket");
    task_answer_cleanup(&a);
    strbuf_cleanup(&resp.body);
}

int main(void)
{
    builds();
    answers();
    return tap_done();
}
