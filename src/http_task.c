/* http_task — the HTTP task as a job on an http_client request. See http_task.h. */
#include "http_task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_client.h"
#include "http_invoke.h"
#include "http_record.h"
#include "jv_text.h"

#define HTTP_TASK_MAX_TOKEN_RESPONSE (64u * 1024)

typedef struct {
    http_invoke_request req;
    http_request *token;          /* OAuth: the token request, while it runs */
    http_request *main;           /* the task's request, once sent */
    char *state;
    int64_t timeout_ms;
    bool task_timeout;            /* the time limit is the task's TimeoutSeconds */
    jv *token_record, *main_record; /* what the debugger lists of each (http_record.h) */
    http_secrets secrets;         /* the connection's secret, masked in the records */
} http_task_job;

static http_request *http_task_active(const http_task_job *j)
{
    return j->main ? j->main : j->token;
}

static void http_task_send(http_task_job *j)
{
    http_request_spec spec = {
        .method = j->req.method, .url = strbuf_str(&j->req.url),
        .headers = j->req.headers, .nheaders = j->req.nheaders,
        .body = j->req.has_body ? strbuf_str(&j->req.body) : NULL, .body_len = j->req.body.len,
        .connect_timeout_ms = HTTP_TASK_CONNECT_TIMEOUT_MS, .total_timeout_ms = j->timeout_ms,
        .max_response = HTTP_TASK_MAX_RESPONSE, .max_redirects = HTTP_TASK_MAX_REDIRECTS,
    };
    j->main = http_request_start(&spec);
    j->main_record = http_record_start(&spec, &j->secrets);
}

/* OAuth client credentials (RFC 6749 §4.4): grant_type=client_credentials, the client's id
 * and secret as Basic authorization. */
static void http_task_fetch_token(http_task_job *j)
{
    const connection *c = j->req.conn;
    static const char form[] = "grant_type=client_credentials";
    http_header headers[] = {{"Content-Type", "application/x-www-form-urlencoded"},
                             {"Accept", "application/json"}};
    http_request_spec spec = {
        .method = c->token_method, .url = c->token_url, .headers = headers, .nheaders = 2,
        .body = form, .body_len = sizeof form - 1,
        .connect_timeout_ms = HTTP_TASK_CONNECT_TIMEOUT_MS, .total_timeout_ms = j->timeout_ms,
        .max_response = HTTP_TASK_MAX_TOKEN_RESPONSE,
        .basic_user = c->key, .basic_password = c->secret,
    };
    j->token = http_request_start(&spec);
    j->token_record = http_record_start(&spec, &j->secrets);
}

/* The task's request's record, finished, into the answer. */
static void http_task_record(http_task_job *j, task_answer *out)
{
    http_record_add(out, http_record_finish(j->main_record, http_request_response(j->main),
                                            &j->secrets, false));
    j->main_record = NULL;
}

/* The token request is over: on success the task's request goes with "Bearer TOKEN";
 * false with the error in out when there is no token. */
static bool http_task_use_token(http_task_job *j, task_answer *out)
{
    const http_response *resp = http_request_response(j->token);
    const char *why = NULL;
    jv *body = NULL;
    const jv *tok = NULL;
    if (resp->fail != HTTP_OK) {
        why = resp->error;
    } else if (resp->status < 200 || resp->status >= 300) {
        why = resp->status_text[0] ? resp->status_text : "a status that is not 2xx";
    } else {
        body = jv_parse(strbuf_str(&resp->body), resp->body.len, 0, NULL);
        tok = body && jv_is_object(body) ? jv_object_get(body, "access_token") : NULL;
        if (!tok || !jv_is_string(tok) || !jv_string_length(tok) ||
            strpbrk(jv_string_value(tok), "\r\n"))
            why = "the answer has no \"access_token\" string";
    }
    if (why) {
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, "States.Http.Socket", "The HTTP task '%s': the OAuth token "
                      "request of the connection '%s' failed (status %ld): %s", j->state,
                      j->req.conn->name, resp->status, why);
    } else {
        size_t n = jv_string_length(tok) + 8;
        char *value = jv_xmalloc(n);
        snprintf(value, n, "Bearer %s", jv_string_value(tok));
        http_invoke_set_header(&j->req, "Authorization", value);
        memset(value, 0, n);
        free(value);
    }
    jv_unref(body);
    http_request_free(j->token);
    j->token = NULL;
    return why == NULL;
}

/* ---- the job ---- */

static size_t http_task_fds(void *self, task_wait_fd *out, size_t max)
{
    return http_request_fds(http_task_active(self), out, max);
}

static int64_t http_task_deadline(void *self)
{
    return http_request_deadline(http_task_active(self));
}

static bool http_task_progress(void *self, task_answer *out)
{
    http_task_job *j = self;
    if (!http_request_progress(http_task_active(j)))
        return false;
    if (j->token) {
        jv *token_rec = j->token_record;   /* finished now: the token request goes next */
        j->token_record = NULL;
        token_rec = http_record_finish(token_rec, http_request_response(j->token), &j->secrets,
                                       true);
        if (!http_task_use_token(j, out)) {
            http_record_add(out, token_rec);
            return true;
        }
        j->token_record = token_rec;
        http_task_send(j);
        return false;
    }
    http_invoke_answer(http_request_response(j->main), j->state, j->task_timeout, out);
    if (j->token_record) {
        http_record_add(out, j->token_record);
        j->token_record = NULL;
    }
    http_task_record(j, out);
    char source[600];
    snprintf(source, sizeof source, "http %s %s", j->req.method, j->req.endpoint);
    out->source = jv_xstrdup(source);
    return true;
}

static void http_task_cancel(void *self)
{
    http_request_cancel(http_task_active(self));
}

static void http_task_free(void *self)
{
    http_task_job *j = self;
    http_request_free(j->token);
    http_request_free(j->main);
    http_invoke_request_cleanup(&j->req);
    jv_unref(j->token_record);
    jv_unref(j->main_record);
    free(j->state);
    free(j);
}

static const task_job_ops http_task_ops = {http_task_fds, http_task_deadline,
                                           http_task_progress, http_task_cancel,
                                           http_task_free};

task_answer_kind http_task_resolve(void *user, const task_call *call, task_answer *out)
{
    if (call->info.kind != ASL_RESOURCE_HTTP)
        return TASK_NO_ANSWER;
    const connections *conns = user;
    http_task_job *j = jv_xcalloc(1, sizeof *j);
    j->state = jv_xstrdup(call->state_name ? call->state_name : "");
    if (!http_invoke_build(call->input, conns, j->state, &j->req, &out->error)) {
        out->kind = TASK_ERROR;
        http_task_free(j);
        return out->kind;
    }
    if (j->req.conn)
        http_secrets_add(&j->secrets, j->req.conn->secret);
    j->task_timeout = call->has_timeout && call->timeout_seconds < HTTP_TASK_TIMEOUT_S;
    j->timeout_ms = (int64_t)(j->task_timeout ? call->timeout_seconds : HTTP_TASK_TIMEOUT_S) *
                    1000;
    if (j->req.conn && j->req.conn->auth == CONN_OAUTH)
        http_task_fetch_token(j);
    else
        http_task_send(j);
    out->kind = TASK_IN_FLIGHT;
    out->job = (task_job){&http_task_ops, j};
    return out->kind;
}
