/* cmd_send_task — `sfdbg send-task-success|send-task-failure|send-task-heartbeat`: small
 * clients of the Step Functions API (AWS JSON 1.0) that answer a task token waiting in a
 * running sfdbg (`sfdbg serve`, or a debugger started with --listen). One POST with
 * X-Amz-Target over src/http_client.c; AWS's error names printed as they come.
 * Exit: 0 accepted, 1 refused or unreachable, 2 usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"
#include "commands.h"
#include "http_client.h"
#include "jv.h"
#include "jv_text.h"

#define SEND_DEFAULT_ENDPOINT "http://127.0.0.1:8083"
#define SEND_MAX_OUTPUT 262144            /* the API's limit on output */

typedef enum { SEND_SUCCESS, SEND_FAILURE, SEND_HEARTBEAT } send_kind;

typedef struct {
    send_kind kind;
    const char *token, *output, *error, *cause, *endpoint;
} send_options;

enum { SEND_TOKEN = 256, SEND_OUTPUT, SEND_ERROR, SEND_CAUSE, SEND_ENDPOINT };

static const struct option send_long[] = {
    {"task-token", required_argument, NULL, SEND_TOKEN},
    {"output", required_argument, NULL, SEND_OUTPUT},
    {"task-output", required_argument, NULL, SEND_OUTPUT},   /* the aws CLI's spelling */
    {"error", required_argument, NULL, SEND_ERROR},
    {"cause", required_argument, NULL, SEND_CAUSE},
    {"endpoint-url", required_argument, NULL, SEND_ENDPOINT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static const char *const send_names[] = {"send-task-success", "send-task-failure",
                                         "send-task-heartbeat"};
static const char *const send_ops[] = {"SendTaskSuccess", "SendTaskFailure",
                                       "SendTaskHeartbeat"};

static void send_usage(FILE *out, send_kind k)
{
    static const char *const synopsis[] = {
        "--task-token T --output JSON [--endpoint-url URL]\n"
        "Completes the task waiting for token T with the result JSON (SendTaskSuccess).\n",
        "--task-token T [--error E] [--cause C] [--endpoint-url URL]\n"
        "Fails the task waiting for token T with error E and cause C (SendTaskFailure).\n",
        "--task-token T [--endpoint-url URL]\n"
        "Tells the task waiting for token T that its worker is alive (SendTaskHeartbeat).\n",
    };
    fprintf(out, "usage: sfdbg %s %s"
            "The task waits in a running sfdbg: `sfdbg serve`, or a debugger started with\n"
            "--listen [HOST:]PORT. --endpoint-url defaults to " SEND_DEFAULT_ENDPOINT ".\n"
            "Exit status: 0 accepted, 1 refused (the error's name and message on stderr) or\n"
            "unreachable, 2 usage.\n", send_names[k], synopsis[k]);
}

static int send_bad(send_kind k, const char *fmt, const char *what)
{
    fprintf(stderr, "sfdbg %s: ", send_names[k]);
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n(sfdbg %s --help)\n", send_names[k]);
    return 2;
}

/* The option that does not belong to this command, or NULL. */
static const char *send_misplaced(const send_options *s)
{
    if (s->kind != SEND_SUCCESS && s->output)
        return "--output";
    if (s->kind != SEND_FAILURE && (s->error || s->cause))
        return s->error ? "--error" : "--cause";
    return NULL;
}

static int send_check(const send_options *s)
{
    if (!s->token || !*s->token)
        return send_bad(s->kind, "%s is required", "--task-token T");
    if (s->kind == SEND_SUCCESS && !s->output)
        return send_bad(s->kind, "%s is required", "--output JSON");
    const char *m = send_misplaced(s);
    if (m)
        return send_bad(s->kind, "%s is not an option of this command", m);
    if (s->output) {
        jv_parse_error pe;
        jv *v = jv_parse(s->output, strlen(s->output), SEND_MAX_OUTPUT, &pe);
        if (!v) {
            fprintf(stderr, "sfdbg %s: --output is not JSON: %s at line %d, column %d\n",
                    send_names[s->kind], pe.message, pe.line, pe.column);
            return 2;
        }
        jv_unref(v);
    }
    return 0;
}

static int send_parse(int argc, char **argv, send_options *s, bool *help)
{
    cliopt p;
    cliopt_init(&p, argc, argv, "-:h", send_long);
    *help = false;
    for (int c; (c = cliopt_next(&p)) != -1;) {
        switch (c) {
        case SEND_TOKEN: s->token = optarg; break;
        case SEND_OUTPUT: s->output = optarg; break;
        case SEND_ERROR: s->error = optarg; break;
        case SEND_CAUSE: s->cause = optarg; break;
        case SEND_ENDPOINT: s->endpoint = optarg; break;
        case 'h': *help = true; return 0;
        case ':': return send_bad(s->kind, "%s needs a value", p.name);
        case 1: return send_bad(s->kind, "unexpected argument '%s'", optarg);
        default: return send_bad(s->kind, "unknown option %s", p.arg);
        }
    }
    if (cliopt_rest(&p) < argc)
        return send_bad(s->kind, "unexpected argument '%s'", argv[cliopt_rest(&p)]);
    return send_check(s);
}

static char *send_body(const send_options *s)
{
    jv *o = jv_object_set_take(jv_object(), "taskToken", jv_string(s->token));
    if (s->output)
        o = jv_object_set_take(o, "output", jv_string(s->output));
    if (s->error)
        o = jv_object_set_take(o, "error", jv_string(s->error));
    if (s->cause)
        o = jv_object_set_take(o, "cause", jv_string(s->cause));
    char *text = jv_dump_string(o, 0);
    jv_unref(o);
    return text;
}

/* An AWS JSON 1.0 error body: "NAME: message", the name without its namespace. */
static void send_print_error(const send_options *s, const http_response *r)
{
    jv *v = jv_parse(r->body.buf ? r->body.buf : "", r->body.len, 65536, NULL);
    const jv *type = v && jv_is_object(v) ? jv_object_get(v, "__type") : NULL;
    const jv *msg = v && jv_is_object(v) ? jv_object_get(v, "message") : NULL;
    if (!msg && v && jv_is_object(v))
        msg = jv_object_get(v, "Message");
    if (type && jv_is_string(type)) {
        const char *t = jv_string_value(type), *hash = strrchr(t, '#');
        fprintf(stderr, "sfdbg %s: %s: %s\n", send_names[s->kind], hash ? hash + 1 : t,
                msg && jv_is_string(msg) ? jv_string_value(msg) : "(no message)");
    } else {
        fprintf(stderr, "sfdbg %s: %s answered HTTP %ld %s (not a Step Functions API error: "
                "is it sfdbg serve or sfdbg --listen?)\n", send_names[s->kind], s->endpoint,
                r->status, r->status_text);
    }
    jv_unref(v);
}

static int send_run(const send_options *s)
{
    char target[64];
    snprintf(target, sizeof target, "AWSStepFunctions.%s", send_ops[s->kind]);
    const http_header headers[] = {{"Content-Type", "application/x-amz-json-1.0"},
                                   {"X-Amz-Target", target},
                                   {"Expect", NULL}};
    char *body = send_body(s);
    http_request_spec spec = {.method = "POST", .url = s->endpoint, .headers = headers,
                              .nheaders = 3, .body = body, .body_len = strlen(body),
                              .max_response = 1u << 20};
    http_request *r = http_request_run(&spec);
    free(body);
    const http_response *resp = http_request_response(r);
    int rc = 0;
    if (resp->fail == HTTP_FAIL_CONNECT)
        fprintf(stderr, "sfdbg %s: nothing answers at %s (%s): start `sfdbg serve` or the "
                "debugger with `--listen` there, or give --endpoint-url\n",
                send_names[s->kind], s->endpoint, resp->error), rc = 1;
    else if (resp->fail != HTTP_OK)
        fprintf(stderr, "sfdbg %s: %s: %s\n", send_names[s->kind], s->endpoint, resp->error),
            rc = 1;
    else if (resp->status != 200)
        send_print_error(s, resp), rc = 1;
    http_request_free(r);
    return rc;
}

static int send_main(send_kind k, int argc, char **argv)
{
    send_options s = {.kind = k, .endpoint = SEND_DEFAULT_ENDPOINT};
    bool help;
    int rc = send_parse(argc, argv, &s, &help);
    if (help) {
        send_usage(stdout, k);
        return 0;
    }
    return rc ? rc : send_run(&s);
}

int cmd_send_task_success(int argc, char **argv) { return send_main(SEND_SUCCESS, argc, argv); }
int cmd_send_task_failure(int argc, char **argv) { return send_main(SEND_FAILURE, argc, argv); }
int cmd_send_task_heartbeat(int argc, char **argv)
{
    return send_main(SEND_HEARTBEAT, argc, argv);
}
