/* Helpers of the serve unit tests (test_serve.c, test_serve_ops.c): sfn_api_handle called
 * as the HTTP server calls it, and the answer parsed. Static: each test program has its own
 * copy. */
#ifndef SFDBG_TEST_SERVE_CALL_H
#define SFDBG_TEST_SERVE_CALL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jv_text.h"
#include "src/sfn_api.h"
#include "tap.h"

#define ROLE "arn:aws:iam::123456789012:role/r"
#define SM "arn:aws:states:us-east-1:123456789012:stateMachine:"
#define EX "arn:aws:states:us-east-1:123456789012:execution:"

typedef struct {
    int status;
    jv *body;      /* the answer, parsed */
} answer;

static inline answer call(sfn_api *api, const char *op, const char *body)
{
    char target[128];
    snprintf(target, sizeof target, "AWSStepFunctions.%s", op);
    httpd_request req = {"POST", "/", target, "application/x-amz-json-1.0", body, strlen(body)};
    httpd_response resp = {0};
    sfn_api_handle(api, &req, &resp);
    jv_parse_error err;
    answer a = {resp.status, resp.body ? jv_parse(resp.body, resp.len, 0, &err) : NULL};
    free(resp.body);
    return a;
}

static inline const char *str(const answer *a, const char *key)
{
    const jv *v = a->body ? jv_object_get(a->body, key) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : "";
}

static inline void done(answer *a) { jv_unref(a->body); }

/* DescribeExecution until it is not RUNNING (2 s at most). */
static inline answer describe_when_done(sfn_api *api, const char *arn)
{
    char body[512];
    snprintf(body, sizeof body, "{\"executionArn\": \"%s\"}", arn);
    for (int i = 0;; i++) {
        answer a = call(api, "DescribeExecution", body);
        if (strcmp(str(&a, "status"), "RUNNING") || i == 200)
            return a;
        done(&a);
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
}

static inline void expect_error(sfn_api *api, const char *op, const char *body, const char *type,
                         const char *what)
{
    answer a = call(api, op, body);
    tap_ok(a.status == 400 && !strcmp(str(&a, "__type"), type), "%s: %s (got %d %s: %s)", what,
           type, a.status, str(&a, "__type"), str(&a, "message"));
    done(&a);
}

/* The definition text of a state machine written with ' for " (readable in C). */
static inline char *quoted(const char *s)
{
    char *t = jv_xstrdup(s);
    for (char *p = t; *p; p++)
        if (*p == '\'')
            *p = '"';
    return t;
}

/* A request body: pairs of member names and string values, NULL-terminated; values are
 * written with ' for " (quoted) and sent as JSON strings. */
static inline char *request(const char *key, ...)
{
    va_list ap;
    va_start(ap, key);
    jv *o = jv_object();
    for (const char *k = key; k; k = va_arg(ap, const char *)) {
        char *v = quoted(va_arg(ap, const char *));
        o = jv_object_set_take(o, k, jv_string(v));
        free(v);
    }
    va_end(ap);
    char *text = jv_dump_string(o, 0);
    jv_unref(o);
    return text;
}

/* call() with a request() body (taken). */
static inline answer call_take(sfn_api *api, const char *op, char *body)
{
    answer a = call(api, op, body);
    free(body);
    return a;
}

/* expect_error() with a request() body (taken). */
static inline void expect_error_take(sfn_api *api, const char *op, char *body, const char *type,
                                     const char *what)
{
    expect_error(api, op, body, type, what);
    free(body);
}

/* A registry for the tests: the virtual clock from 2023-11-14, no tasks answered. */
static inline serve_config test_serve_config(void)
{
    serve_config c;
    memset(&c, 0, sizeof c);
    c.region = "us-east-1";
    c.account = "123456789012";
    c.has_start_time = true;
    c.start_time_ms = 1700000000000;
    c.max_events = 25000;
    c.max_payload = 262144;
    c.max_executions = 100;
    c.max_state_machines = 100;
    c.max_activities = 100;
    c.activity_poll_ms = 300;
    c.max_pollers = 4;
    return c;
}

/* A registry of test_serve_config's behind an API (serve_registry_free(api.registry)). */
static inline sfn_api test_api_start(void)
{
    serve_config c = test_serve_config();
    char err[256];
    serve_registry *r = serve_registry_new(&c, err, sizeof err);
    tap_ok(r != NULL, "a registry and its driver thread start%s%s", r ? "" : ": ", r ? "" : err);
    return (sfn_api){r, SFN_LOG_WARN};
}

#endif
