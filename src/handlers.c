/* handlers — local programs answering Task states. See handlers.h. */
#define _GNU_SOURCE /* sigabbrev_np */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "lambda_shape.h"
#include "procjob.h"

#define HANDLER_MAX_STDOUT (6u * 1024 * 1024)   /* Lambda's response payload limit */
#define HANDLER_MAX_STDERR (64u * 1024)          /* the tail kept for the user */
#define HANDLER_DEFAULT_TIMEOUT 60              /* seconds, when the task sets none */
#define HANDLER_MAX_ARGS 64

struct handlers {
    jv *map;
    char *dir;
};

handlers *handlers_new(const jv *map, const char *dir, char *err, size_t errlen)
{
    if (!jv_is_object(map)) {
        snprintf(err, errlen, "a handler map is an object {\"NAME\": [\"program\", \"arg\", ...]}");
        return NULL;
    }
    for (size_t i = 0; i < jv_object_size(map); i++) {
        const jv *argv = jv_object_value_at(map, i);
        bool ok = jv_is_array(argv) && jv_array_length(argv) >= 1 &&
                  jv_array_length(argv) <= HANDLER_MAX_ARGS;
        for (size_t k = 0; ok && k < jv_array_length(argv); k++)
            ok = jv_is_string(jv_array_get(argv, k)) && jv_string_length(jv_array_get(argv, k));
        if (!ok) {
            snprintf(err, errlen, "handler \"%s\": must be a list of 1 to %d non-empty strings "
                     "(the program and its arguments)",
                     jv_string_value(jv_object_key_at(map, i)), HANDLER_MAX_ARGS);
            return NULL;
        }
    }
    handlers *h = engine_calloc(1, sizeof *h);
    h->map = jv_ref(map);
    h->dir = engine_strdup(dir && *dir ? dir : ".");
    return h;
}

void handlers_free(handlers *h)
{
    if (!h)
        return;
    jv_unref(h->map);
    engine_free(h->dir);
    engine_free(h);
}

/* ---- which handler, and what it gets ---- */

/* The argv the call maps to, or NULL (borrowed from the map). */
static const jv *handlers_lookup(const handlers *h, const task_call *call)
{
    const jv *argv = call->resource ? jv_object_get(h->map, call->resource) : NULL;
    if (argv)
        return argv;
    char name[256];
    return lambda_call_function(call, name, sizeof name) ? jv_object_get(h->map, name) : NULL;
}

/* ---- turning the run into an answer ---- */

/* What the answer needs from the task_call that started the job (the call itself is gone
 * by then; the random stream is the execution's, which outlives the job). */
typedef struct {
    bool lambda_invoke;
    int64_t now_ms;
    struct rng_state *random;
} handler_call;

/* A failed handler: Lambda's error shape when it printed one, Lambda.Unknown otherwise. */
static void handlers_failure(const procjob_result *run, const handler_call *call,
                             const char *name, task_answer *out)
{
    out->kind = TASK_ERROR;
    jv *printed = jv_parse(strbuf_str(&run->out), run->out.len, 0, NULL);
    const jv *type = printed && jv_is_object(printed) ? jv_object_get(printed, "errorType") : NULL;
    if (type && jv_is_string(type)) {
        const jv *msg = jv_object_get(printed, "errorMessage");
        jv *cause = lambda_error_cause(jv_string_value(type),
                                       msg && jv_is_string(msg) ? jv_string_value(msg) : "",
                                       jv_object_get(printed, "stackTrace"), call->random);
        char *text = lambda_error_cause_text(cause, call->lambda_invoke);
        asl_error_set_raw(&out->error, jv_string_value(type), text);
        engine_free(text);
        jv_unref(cause);
    } else {
        asl_error_set(&out->error, "Lambda.Unknown",
                      "The handler '%s' exited with status %d without printing "
                      "{\"errorType\", \"errorMessage\"}", name, run->status);
    }
    jv_unref(printed);
}

static void handlers_answer(const procjob_result *run, const handler_call *call,
                            const char *name, task_answer *out)
{
    if (run->err.len)
        out->log = engine_strdup(strbuf_str(&run->err));
    if (run->fault[0]) {
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, "Lambda.Unknown", "The handler '%s' %s", name, run->fault);
    } else if (run->timed_out) {
        out->kind = TASK_TIMEOUT;
        asl_error_set(&out->error, "States.Timeout", "The handler '%s' was still running at the "
                      "task's timeout and was stopped", name);
    } else if (run->too_big) {
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, "Lambda.Unknown", "The handler '%s' printed more than %u bytes",
                      name, HANDLER_MAX_STDOUT);
    } else if (run->killed_by) {
        out->kind = TASK_ERROR;
        const char *abbrev = sigabbrev_np(run->killed_by);
        asl_error_set(&out->error, "Lambda.Unknown", "The handler '%s' was killed by signal "
                      "SIG%s (%d)", name, abbrev ? abbrev : "?", run->killed_by);
    } else if (run->status != 0) {
        handlers_failure(run, call, name, out);
    } else {
        jv_parse_error perr;
        jv *result = jv_parse(strbuf_str(&run->out), run->out.len, 0, &perr);
        if (!result) {
            out->kind = TASK_ERROR;
            asl_error_set(&out->error, "Lambda.Unknown", "The handler '%s' printed no JSON on "
                          "stdout (%d:%d: %s)", name, perr.line, perr.column, perr.message);
            return;
        }
        out->kind = TASK_RESULT;
        out->result = call->lambda_invoke
                          ? lambda_local_invoke_result(result, call->now_ms, call->random)
                          : jv_ref(result);
        jv_unref(result);
    }
}

/* ---- the handler as a task job ---- */

typedef struct {
    procjob *proc;
    handler_call call;
    char *name;            /* the program, for messages */
} handler_job;

static size_t handler_job_fds(void *self, task_wait_fd *out, size_t max)
{
    const handler_job *j = self;
    return procjob_fds(j->proc, out, max);
}

static int64_t handler_job_deadline(void *self)
{
    const handler_job *j = self;
    return procjob_deadline(j->proc);
}

static bool handler_job_progress(void *self, task_answer *out)
{
    handler_job *j = self;
    if (!procjob_progress(j->proc))
        return false;
    handlers_answer(procjob_result_of(j->proc), &j->call, j->name, out);
    char source[512];
    snprintf(source, sizeof source, "handler %s", j->name);
    out->source = engine_strdup(source);
    return true;
}

static void handler_job_cancel(void *self)
{
    handler_job *j = self;
    procjob_stop(j->proc);
}

static void handler_job_free(void *self)
{
    handler_job *j = self;
    procjob_free(j->proc);
    free(j->name);
    free(j);
}

static const task_job_ops handler_job_ops = {handler_job_fds, handler_job_deadline,
                                             handler_job_progress, handler_job_cancel,
                                             handler_job_free};

task_answer_kind handlers_resolve(void *user, const task_call *call, task_answer *out)
{
    const handlers *h = user;
    const jv *argv_json = handlers_lookup(h, call);
    if (!argv_json)
        return TASK_NO_ANSWER;
    const jv *payload = call->input;
    if (lambda_is_invoke(call) && jv_is_object(call->input)) {
        payload = jv_object_get(call->input, "Payload");
        if (!payload)
            payload = jv_null();
    }
    char *text = jv_dump_string(payload, 0);
    char *argv[HANDLER_MAX_ARGS + 1];
    size_t argc = jv_array_length(argv_json);
    for (size_t i = 0; i < argc; i++)
        argv[i] = (char *)jv_string_value(jv_array_get(argv_json, i));
    argv[argc] = NULL;
    long timeout = call->has_timeout ? call->timeout_seconds : HANDLER_DEFAULT_TIMEOUT;
    procjob_spec spec = {h->dir, argv, text, strlen(text), (int64_t)timeout * 1000,
                         HANDLER_MAX_STDOUT, HANDLER_MAX_STDERR};
    handler_job *j = jv_xcalloc(1, sizeof *j);
    j->proc = procjob_start(&spec);
    j->call = (handler_call){lambda_is_invoke(call), call->now_ms, call->random};
    j->name = jv_xstrdup(argv[0]);
    free(text);
    out->kind = TASK_IN_FLIGHT;
    out->job = (task_job){&handler_job_ops, j};
    return out->kind;
}
