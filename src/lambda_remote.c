/* lambda_remote — Lambda tasks sent to a Lambda-compatible endpoint. See lambda_remote.h. */
#include "lambda_remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http_client.h"
#include "http_record.h"
#include "jv_text.h"
#include "lambda_shape.h"
#include "objstore.h"
#include "rng.h"
#include "strbuf.h"
#include "urlencode.h"

#define LAMBDA_REMOTE_MAX_RESPONSE (6u * 1024 * 1024)   /* Lambda's response payload limit */
#define LAMBDA_REMOTE_TIMEOUT_S 60
#define LAMBDA_REMOTE_CONNECT_TIMEOUT_MS 10000
#define LAMBDA_REMOTE_MAX_HEADERS 6

struct lambda_remote {
    char *endpoint;
};

lambda_remote *lambda_remote_new(const char *endpoint)
{
    lambda_remote *l = jv_xcalloc(1, sizeof *l);
    l->endpoint = jv_xstrdup(endpoint);
    size_t n = strlen(l->endpoint);
    while (n && l->endpoint[n - 1] == '/')
        l->endpoint[--n] = '\0';
    return l;
}

void lambda_remote_free(lambda_remote *l)
{
    if (!l)
        return;
    free(l->endpoint);
    free(l);
}

/* ---- the job ---- */

typedef struct {
    http_request *req;
    bool invoke;                  /* lambda:invoke (shaped result), else a Lambda ARN */
    char function[256];
    char request_id[37];          /* when the endpoint sends none */
    jv *record;                   /* what the debugger lists (http_record.h) */
} lambda_job;

static size_t lambda_job_fds(void *self, task_wait_fd *out, size_t max)
{
    const lambda_job *j = self;
    return http_request_fds(j->req, out, max);
}

static int64_t lambda_job_deadline(void *self)
{
    const lambda_job *j = self;
    return http_request_deadline(j->req);
}

/* The error code of an API error: x-amzn-ErrorType ("Code:http://..."), else the body's
 * "__type" / "Type"... falling back to AWSLambdaException. */
static void lambda_api_error(const lambda_job *j, const http_response *resp, task_answer *out)
{
    char code[128] = "AWSLambdaException";
    const char *h = http_response_header(resp, "x-amzn-ErrorType");
    if (h && *h)
        snprintf(code, sizeof code, "%.*s", (int)strcspn(h, ":"), h);
    jv *body = jv_parse(strbuf_str(&resp->body), resp->body.len, 0, NULL);
    const jv *msg = body && jv_is_object(body) ? jv_object_get(body, "message") : NULL;
    if (!msg && body && jv_is_object(body))
        msg = jv_object_get(body, "Message");
    const char *rid = http_response_header(resp, "x-amzn-RequestId");
    char name[160];
    snprintf(name, sizeof name, "Lambda.%s", code);
    out->kind = TASK_ERROR;
    asl_error_set(&out->error, name, "%s (Service: AWSLambda; Status Code: %ld; Error Code: %s; "
                  "Request ID: %s; Proxy: null)",
                  msg && jv_is_string(msg) ? jv_string_value(msg) : resp->status_text,
                  resp->status, code, rid ? rid : j->request_id);
    jv_unref(body);
}

/* X-Amz-Function-Error: the function failed; the payload says how. */
static void lambda_function_error(const http_response *resp, task_answer *out)
{
    jv *body = jv_parse(strbuf_str(&resp->body), resp->body.len, 0, NULL);
    const jv *type = body && jv_is_object(body) ? jv_object_get(body, "errorType") : NULL;
    out->kind = TASK_ERROR;
    asl_error_set_raw(&out->error, type && jv_is_string(type) ? jv_string_value(type)
                                                              : "Lambda.Unknown",
                      strbuf_str(&resp->body));
    jv_unref(body);
}

static void lambda_result(const lambda_job *j, const http_response *resp, task_answer *out)
{
    jv *payload = resp->body.len ? jv_parse(strbuf_str(&resp->body), resp->body.len, 0, NULL)
                                 : NULL;
    if (!payload)
        payload = objstore_text(strbuf_str(&resp->body), resp->body.len, NULL);
    out->kind = TASK_RESULT;
    if (!j->invoke) {
        out->result = payload;
        return;
    }
    const char *version = http_response_header(resp, "X-Amz-Executed-Version");
    const char *rid = http_response_header(resp, "x-amzn-RequestId");
    out->result = lambda_invoke_result(payload, resp->headers, resp->nheaders, resp->status,
                                       version ? version : "$LATEST", rid ? rid : j->request_id);
    jv_unref(payload);
}

static void lambda_answer(const lambda_job *j, const http_response *resp, task_answer *out)
{
    if (resp->fail == HTTP_FAIL_TIMEOUT) {
        out->kind = TASK_TIMEOUT;
        asl_error_set(&out->error, "States.Timeout", "The function '%s' (--lambda-endpoint) "
                      "did not answer within the task's timeout", j->function);
    } else if (resp->fail != HTTP_OK) {
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, "Lambda.SdkClientException", "Unable to execute HTTP "
                      "request to --lambda-endpoint for the function '%s': %s", j->function,
                      resp->error);
    } else if (resp->status < 200 || resp->status >= 300) {
        lambda_api_error(j, resp, out);
    } else if (http_response_header(resp, "X-Amz-Function-Error")) {
        lambda_function_error(resp, out);
    } else {
        lambda_result(j, resp, out);
    }
}

static bool lambda_job_progress(void *self, task_answer *out)
{
    lambda_job *j = self;
    if (!http_request_progress(j->req))
        return false;
    lambda_answer(j, http_request_response(j->req), out);
    http_record_add(out, http_record_finish(j->record, http_request_response(j->req), NULL,
                                            false));
    j->record = NULL;
    char source[400];
    snprintf(source, sizeof source, "--lambda-endpoint function %s", j->function);
    out->source = jv_xstrdup(source);
    return true;
}

static void lambda_job_cancel(void *self)
{
    lambda_job *j = self;
    http_request_cancel(j->req);
}

static void lambda_job_free(void *self)
{
    lambda_job *j = self;
    http_request_free(j->req);
    jv_unref(j->record);
    free(j);
}

static const task_job_ops lambda_job_ops = {lambda_job_fds, lambda_job_deadline,
                                            lambda_job_progress, lambda_job_cancel,
                                            lambda_job_free};

/* ---- the request ---- */

/* lambda:invoke's optional string parameter as a header. */
static void lambda_param_header(const task_call *call, const char *param, const char *header,
                                http_header *headers, size_t *n)
{
    const jv *v = lambda_is_invoke(call) && jv_is_object(call->input)
                      ? jv_object_get(call->input, param) : NULL;
    if (v && jv_is_string(v) && !strpbrk(jv_string_value(v), "\r\n"))
        headers[(*n)++] = (http_header){header, jv_string_value(v)};
}

/* The qualifier: lambda:invoke's Qualifier, or the part after the name in FunctionName /
 * the Resource ("name:alias", "arn:...:function:name:alias"). */
static void lambda_qualifier(const task_call *call, char *out, size_t n)
{
    out[0] = '\0';
    const jv *q = lambda_is_invoke(call) && jv_is_object(call->input)
                      ? jv_object_get(call->input, "Qualifier") : NULL;
    if (q && jv_is_string(q)) {
        snprintf(out, n, "%s", jv_string_value(q));
        return;
    }
    const char *ref = call->resource;
    if (lambda_is_invoke(call)) {
        const jv *fn = jv_is_object(call->input) ? jv_object_get(call->input, "FunctionName")
                                                 : NULL;
        ref = fn && jv_is_string(fn) ? jv_string_value(fn) : "";
    }
    const char *p = strstr(ref, ":function:");
    p = p ? p + 10 : ref;
    const char *colon = strchr(p, ':');
    if (colon && (lambda_is_invoke(call) || strstr(ref, ":function:")))
        snprintf(out, n, "%s", colon + 1);
}

static void lambda_url(const lambda_remote *l, const task_call *call, const char *function,
                       strbuf *url)
{
    strbuf_printf(url, "%s/2015-03-31/functions/", l->endpoint);
    urlenc_component(url, function, strlen(function));
    strbuf_puts(url, "/invocations");
    char qualifier[128];
    lambda_qualifier(call, qualifier, sizeof qualifier);
    if (qualifier[0]) {
        strbuf_puts(url, "?Qualifier=");
        urlenc_component(url, qualifier, strlen(qualifier));
    }
}

task_answer_kind lambda_remote_resolve(void *user, const task_call *call, task_answer *out)
{
    const lambda_remote *l = user;
    char function[256];
    if (!lambda_call_function(call, function, sizeof function))
        return TASK_NO_ANSWER;
    const jv *payload = call->input;
    if (lambda_is_invoke(call))
        payload = jv_is_object(call->input) ? jv_object_get(call->input, "Payload") : NULL;
    char *body = payload ? jv_dump_string(payload, 0) : jv_xstrdup("{}");
    strbuf url;
    strbuf_init(&url, 0);
    lambda_url(l, call, function, &url);
    http_header headers[LAMBDA_REMOTE_MAX_HEADERS] = {{"Content-Type", "application/json"}};
    size_t nh = 1;
    lambda_param_header(call, "InvocationType", "X-Amz-Invocation-Type", headers, &nh);
    lambda_param_header(call, "ClientContext", "X-Amz-Client-Context", headers, &nh);
    lambda_param_header(call, "LogType", "X-Amz-Log-Type", headers, &nh);
    long timeout = call->has_timeout ? call->timeout_seconds : LAMBDA_REMOTE_TIMEOUT_S;
    http_request_spec spec = {
        .method = "POST", .url = strbuf_str(&url), .headers = headers, .nheaders = nh,
        .body = body, .body_len = strlen(body),
        .connect_timeout_ms = LAMBDA_REMOTE_CONNECT_TIMEOUT_MS,
        .total_timeout_ms = (int64_t)timeout * 1000,
        .max_response = LAMBDA_REMOTE_MAX_RESPONSE,
    };
    lambda_job *j = jv_xcalloc(1, sizeof *j);
    j->invoke = lambda_is_invoke(call);
    snprintf(j->function, sizeof j->function, "%s", function);
    snprintf(j->request_id, sizeof j->request_id, "00000000-0000-4000-8000-000000000000");
    if (call->random)
        rng_uuid(call->random, j->request_id);
    j->req = http_request_start(&spec);
    j->record = http_record_start(&spec, NULL);
    strbuf_cleanup(&url);
    free(body);
    out->kind = TASK_IN_FLIGHT;
    out->job = (task_job){&lambda_job_ops, j};
    return out->kind;
}
