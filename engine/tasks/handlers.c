/* handlers — local programs answering Task states. See handlers.h. */
#define _GNU_SOURCE /* pipe2, pidfd_open, sigabbrev_np */
#include "handlers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "jv_text.h"
#include "rng.h"
#include "strbuf.h"
#include "timeutil.h"

#define HANDLER_MAX_STDOUT (6u * 1024 * 1024)   /* Lambda's response payload limit */
#define HANDLER_MAX_STDERR (64u * 1024)
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

/* "name", "name:alias", "arn:aws:lambda:r:a:function:name[:q]" -> "name" */
static void handlers_function_name(const char *ref, char *out, size_t n)
{
    const char *p = strstr(ref, ":function:");
    p = p ? p + 10 : ref;
    size_t len = strcspn(p, ":");
    snprintf(out, n, "%.*s", (int)len, p);
}

static bool handlers_is_lambda_invoke(const task_call *call)
{
    return call->info.kind == ASL_RESOURCE_OPTIMIZED && call->info.service_len == 6 &&
           !strncmp(call->info.service, "lambda", 6) && call->info.action_len == 6 &&
           !strncmp(call->info.action, "invoke", 6);
}

/* The argv the call maps to, or NULL (borrowed from the map). */
static const jv *handlers_lookup(const handlers *h, const task_call *call)
{
    const jv *argv = call->resource ? jv_object_get(h->map, call->resource) : NULL;
    if (argv)
        return argv;
    char name[256] = "";
    if (call->info.kind == ASL_RESOURCE_LAMBDA) {
        handlers_function_name(call->resource, name, sizeof name);
    } else if (handlers_is_lambda_invoke(call) && jv_is_object(call->input)) {
        const jv *fn = jv_object_get(call->input, "FunctionName");
        if (fn && jv_is_string(fn))
            handlers_function_name(jv_string_value(fn), name, sizeof name);
    }
    return name[0] ? jv_object_get(h->map, name) : NULL;
}

/* ---- running the program ----
 *
 * Each handler runs in a process group of its own, so that whatever it starts in the
 * background can be stopped with it: the group is killed with SIGKILL when we are done,
 * whether the handler succeeded, failed, timed out or printed too much. Until then its
 * exit is only observed (waitid WNOWAIT, woken by a pidfd), not reaped, so its pid, and so
 * its group id, cannot pass to an unrelated process before the kill.
 */

/* After the handler exited, how much longer we read its stdout/stderr when they stay open
 * (a background child it left behind may hold them open forever). What the handler itself
 * wrote is already in the pipes when it exits, so this only bounds a drain. */
#define HANDLER_EXIT_GRACE_MS 200
/* Without a pidfd (old kernels), how often we look whether the handler exited. */
#define HANDLER_EXIT_CHECK_MS 50

typedef struct {
    strbuf out, err;
    int status;          /* exit status when it exited by itself */
    int killed_by;       /* else the signal that killed it (0: none) */
    bool timed_out;
    bool too_big;
    char fault[1024];    /* why it could not be run ("could not start: ..."), else "" */
} handler_run;

/* Our side of one running handler. */
typedef struct {
    pid_t pid;           /* also its process group; -1 when it did not start */
    int pidfd;           /* readable once it exits; -1 when the kernel has none */
    int in, out, err;    /* our pipe ends; -1 once closed */
    const char *payload;
    size_t len, sent;
    bool exited;         /* it ended (not yet reaped) */
    int64_t deadline;    /* the task's timeout */
    int64_t drain_until; /* after it exited: when we stop reading its output */
} handler_proc;

/* What the child sends back through its close-on-exec report pipe when exec fails. */
typedef struct {
    int in_chdir;        /* 1: entering the folder failed, 0: exec failed */
    int err;
} handler_start_failure;

static void handlers_close(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static int64_t handlers_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The forked child: becomes the handler, or reports through `report` why not. */
_Noreturn static void handlers_child(const char *dir, char *const *argv, const int fds[3],
                                     int report)
{
    setpgid(0, 0);
    handler_start_failure f = {0, 0};
    /* moved above 2 first, so no dup2 below can overwrite a descriptor still to be placed */
    int moved[3];
    for (int i = 0; i < 3 && !f.err; i++) {
        moved[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
        if (moved[i] < 0)
            f.err = errno;
    }
    for (int i = 0; i < 3 && !f.err; i++)
        if (dup2(moved[i], i) < 0) /* the copy on 0..2 is not close-on-exec */
            f.err = errno;
    if (!f.err && chdir(dir) != 0) {
        f.in_chdir = 1;
        f.err = errno;
    }
    if (!f.err) {
        execvp(argv[0], argv);
        f.err = errno;
    }
    ssize_t ignored = write(report, &f, sizeof f);
    (void)ignored;
    _exit(127);
}

/* Opens n pipes, all close-on-exec; false with run->fault set (and none left open). */
static bool handlers_open_pipes(int (*pipes)[2], size_t n, handler_run *run)
{
    for (size_t i = 0; i < n; i++) {
        if (pipe2(pipes[i], O_CLOEXEC) == 0)
            continue;
        snprintf(run->fault, sizeof run->fault, "could not start: pipe: %s", strerror(errno));
        while (i-- > 0) {
            close(pipes[i][0]);
            close(pipes[i][1]);
        }
        return false;
    }
    return true;
}

/* Waits for the child's report: EOF means exec succeeded. False with run->fault set. */
static bool handlers_started(int report, const char *dir, const char *prog, handler_run *run)
{
    handler_start_failure f;
    ssize_t n;
    while ((n = read(report, &f, sizeof f)) < 0 && errno == EINTR)
        ;
    if (n != (ssize_t)sizeof f)
        return true;
    if (f.in_chdir)
        snprintf(run->fault, sizeof run->fault, "could not start: cannot enter %s: %s", dir,
                 strerror(f.err));
    else if (!strchr(prog, '/'))
        snprintf(run->fault, sizeof run->fault, "could not start: cannot run %s (looked up "
                 "in PATH): %s", prog, strerror(f.err));
    else
        snprintf(run->fault, sizeof run->fault, "could not start: cannot run %s%s%s: %s",
                 prog[0] == '/' ? "" : dir, prog[0] == '/' ? "" : "/", prog, strerror(f.err));
    return false;
}

/* Forks and execs argv in dir, in its own process group. p->pid is set whenever a child
 * was forked (it must then be finished with handlers_finish); false with run->fault set
 * when the program did not start. */
static bool handlers_spawn(const char *dir, char *const *argv, handler_proc *p,
                           handler_run *run)
{
    int pipes[4][2]; /* stdin, stdout, stderr, the start report */
    if (!handlers_open_pipes(pipes, 4, run))
        return false;
    pid_t pid = fork();
    if (pid == 0) {
        const int child_fds[3] = {pipes[0][0], pipes[1][1], pipes[2][1]};
        handlers_child(dir, argv, child_fds, pipes[3][1]);
    }
    for (int i = 0; i < 4; i++)
        close(pipes[i][i == 0 ? 0 : 1]);
    p->in = pipes[0][1];
    p->out = pipes[1][0];
    p->err = pipes[2][0];
    bool started = false;
    if (pid < 0) {
        snprintf(run->fault, sizeof run->fault, "could not start: fork: %s", strerror(errno));
    } else {
        setpgid(pid, pid); /* as the child does: whichever runs first, the group exists */
        p->pid = pid;
        started = handlers_started(pipes[3][0], dir, argv[0], run);
    }
    close(pipes[3][0]);
    return started;
}

/* True once the handler has exited; it stays a zombie (WNOWAIT) until handlers_finish.
 * ECHILD (a host program that sets SIGCHLD to SIG_IGN has it reaped for us) counts as exited. */
static bool handlers_has_exited(pid_t pid)
{
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0)
        return errno == ECHILD;
    return info.si_pid == pid;
}

/* Reads what is there from *fd into sb, closing *fd at end of file. */
static void handlers_drain(int *fd, strbuf *sb, size_t keep_tail)
{
    char buf[16384];
    ssize_t n = read(*fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        handlers_close(fd);
        return;
    }
    if (keep_tail && sb->len + (size_t)n > keep_tail)
        strbuf_reset(sb); /* keep the last chunk: enough to see the end of a trace */
    strbuf_append(sb, buf, (size_t)n);
}

/* Writes what stdin takes of the payload; closes stdin when all is sent or it is gone. */
static void handlers_feed(handler_proc *p)
{
    ssize_t w = write(p->in, p->payload + p->sent, p->len - p->sent);
    if (w > 0)
        p->sent += (size_t)w;
    if ((w < 0 && errno != EAGAIN && errno != EINTR) || p->sent == p->len)
        handlers_close(&p->in);
}

/* How long the next poll may sleep, in ms. */
static int handlers_poll_ms(const handler_proc *p, int64_t now)
{
    int64_t until = p->deadline;
    if (p->exited && p->drain_until < until)
        until = p->drain_until;
    int64_t ms = until - now;
    if (!p->exited && p->pidfd < 0 && ms > HANDLER_EXIT_CHECK_MS)
        ms = HANDLER_EXIT_CHECK_MS;
    return (int)(ms < 0 ? 0 : ms > 60000 ? 60000 : ms);
}

/* One poll round: feeds stdin, collects stdout/stderr. False when poll itself failed. */
static bool handlers_pump_once(handler_proc *p, handler_run *run, int64_t now)
{
    struct pollfd fds[4] = {{p->out, POLLIN, 0}, {p->err, POLLIN, 0}, {p->in, POLLOUT, 0},
                            {p->exited ? -1 : p->pidfd, POLLIN, 0}};
    if (poll(fds, 4, handlers_poll_ms(p, now)) < 0) {
        if (errno == EINTR)
            return true;
        snprintf(run->fault, sizeof run->fault, "could not be watched: poll: %s", strerror(errno));
        return false;
    }
    if (fds[0].revents)
        handlers_drain(&p->out, &run->out, 0);
    if (fds[1].revents)
        handlers_drain(&p->err, &run->err, HANDLER_MAX_STDERR);
    if (p->in >= 0 && fds[2].revents)
        handlers_feed(p);
    return true;
}

/* Feeds stdin and collects stdout/stderr until the handler has exited and its output
 * closed (or the grace after its exit passed), its output passes the limit, or the
 * deadline passes. */
static void handlers_pump(handler_proc *p, handler_run *run)
{
    if (p->len == 0)
        handlers_close(&p->in);
    for (;;) {
        int64_t now = handlers_now_ms();
        if (!p->exited && handlers_has_exited(p->pid)) {
            p->exited = true;
            p->drain_until = now + HANDLER_EXIT_GRACE_MS;
            handlers_close(&p->in); /* nobody we wait for reads it any more */
        }
        bool output_open = p->out >= 0 || p->err >= 0;
        if (p->exited && (!output_open || now >= p->drain_until))
            return;
        if (now >= p->deadline) {
            run->timed_out = !p->exited; /* an exited handler is judged on what it printed */
            return;
        }
        if (!handlers_pump_once(p, run, now))
            return;
        if (run->out.toobig) {
            run->too_big = true;
            return;
        }
    }
}

/* Kills the handler's group, reaps the handler and closes our ends; fills status/signal. */
static void handlers_finish(handler_proc *p, handler_run *run)
{
    if (p->pid > 0) {
        kill(-p->pid, SIGKILL);
        int wstatus = 0;
        pid_t r;
        while ((r = waitpid(p->pid, &wstatus, 0)) < 0 && errno == EINTR)
            ;
        if (r == p->pid && WIFEXITED(wstatus))
            run->status = WEXITSTATUS(wstatus);
        else if (r == p->pid && WIFSIGNALED(wstatus))
            run->killed_by = WTERMSIG(wstatus);
    }
    handlers_close(&p->pidfd);
    handlers_close(&p->in);
    handlers_close(&p->out);
    handlers_close(&p->err);
}

static void handlers_run(const handlers *h, const jv *argv_json, const char *payload,
                         long timeout_s, handler_run *run)
{
    char *argv[HANDLER_MAX_ARGS + 1];
    size_t argc = jv_array_length(argv_json);
    for (size_t i = 0; i < argc; i++)
        argv[i] = (char *)jv_string_value(jv_array_get(argv_json, i));
    argv[argc] = NULL;
    handler_proc p = {.pid = -1, .pidfd = -1, .in = -1, .out = -1, .err = -1,
                      .payload = payload, .len = strlen(payload)};
    if (handlers_spawn(h->dir, argv, &p, run)) {
        p.pidfd = pidfd_open(p.pid, 0);
        p.deadline = handlers_now_ms() + (int64_t)timeout_s * 1000;
        fcntl(p.in, F_SETFL, O_NONBLOCK);
        fcntl(p.out, F_SETFL, O_NONBLOCK);
        fcntl(p.err, F_SETFL, O_NONBLOCK);
        /* a handler that stops reading must not kill us with SIGPIPE */
        struct sigaction ign = {0}, old;
        ign.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &ign, &old);
        handlers_pump(&p, run);
        sigaction(SIGPIPE, &old, NULL);
    }
    handlers_finish(&p, run);
}

/* ---- turning the run into an answer ---- */

static jv *handlers_lambda_response(const task_call *call, const jv *payload)
{
    char rid[37], date[64];
    if (call->random)
        rng_uuid(call->random, rid);
    else
        snprintf(rid, sizeof rid, "00000000-0000-4000-8000-000000000000");
    time_t secs = (time_t)(call->now_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    char length[32];
    snprintf(length, sizeof length, "%zu", jv_serialized_size(payload));
    jv *all = jv_object(), *plain = jv_object();
    const char *headers[][2] = {{"Connection", "keep-alive"}, {"Content-Length", length},
                                {"Content-Type", "application/json"}, {"Date", date},
                                {"X-Amz-Executed-Version", "$LATEST"},
                                {"x-amzn-Remapped-Content-Length", "0"},
                                {"x-amzn-RequestId", rid}};
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        all = jv_object_set_take(all, headers[i][0],
                                 jv_array_append_take(jv_array(), jv_string(headers[i][1])));
        plain = jv_object_set_take(plain, headers[i][0], jv_string(headers[i][1]));
    }
    jv *meta = jv_object_set_take(jv_object(), "AllHttpHeaders", all);
    meta = jv_object_set_take(meta, "HttpHeaders", plain);
    meta = jv_object_set_take(meta, "HttpStatusCode", jv_number(200));
    jv *r = jv_object_set_take(jv_object(), "ExecutedVersion", jv_string("$LATEST"));
    r = jv_object_set(r, "Payload", payload);
    r = jv_object_set_take(r, "SdkHttpMetadata", meta);
    r = jv_object_set_take(r, "SdkResponseMetadata",
                           jv_object_set_take(jv_object(), "RequestId", jv_string(rid)));
    return jv_object_set_take(r, "StatusCode", jv_number(200));
}

/* A failed handler: Lambda's error shape when it printed one, Lambda.Unknown otherwise. */
static void handlers_failure(const handler_run *run, const task_call *call, const char *name,
                             task_answer *out)
{
    out->kind = TASK_ERROR;
    jv *printed = jv_parse(strbuf_str(&run->out), run->out.len, 0, NULL);
    const jv *type = printed && jv_is_object(printed) ? jv_object_get(printed, "errorType") : NULL;
    if (type && jv_is_string(type)) {
        const jv *msg = jv_object_get(printed, "errorMessage");
        jv *cause = jv_object_set_take(jv_object(), "errorMessage",
                                       jv_string(msg && jv_is_string(msg) ? jv_string_value(msg) : ""));
        cause = jv_object_set(cause, "errorType", type);
        char rid[37] = "00000000-0000-4000-8000-000000000000";
        if (call->random)
            rng_uuid(call->random, rid);
        cause = jv_object_set_take(cause, "requestId", jv_string(rid));
        const jv *trace = jv_object_get(printed, "stackTrace");
        cause = jv_object_set_take(cause, "stackTrace", trace ? jv_ref(trace) : jv_array());
        char *text = jv_dump_string(cause, 0);
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

static void handlers_answer(const handler_run *run, const task_call *call, const char *name,
                            task_answer *out)
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
        out->result = handlers_is_lambda_invoke(call) ? handlers_lambda_response(call, result)
                                                      : jv_ref(result);
        jv_unref(result);
    }
}

task_answer_kind handlers_resolve(void *user, const task_call *call, task_answer *out)
{
    const handlers *h = user;
    const jv *argv = handlers_lookup(h, call);
    if (!argv)
        return TASK_NO_ANSWER;
    const jv *payload = call->input;
    if (handlers_is_lambda_invoke(call) && jv_is_object(call->input)) {
        payload = jv_object_get(call->input, "Payload");
        if (!payload)
            payload = jv_null();
    }
    char *text = jv_dump_string(payload, 0);
    long timeout = call->has_timeout ? call->timeout_seconds : HANDLER_DEFAULT_TIMEOUT;
    handler_run run = {.status = -1};
    strbuf_init(&run.out, HANDLER_MAX_STDOUT);
    strbuf_init(&run.err, 0);
    const char *name = jv_string_value(jv_array_get(argv, 0));
    handlers_run(h, argv, text, timeout, &run);
    handlers_answer(&run, call, name, out);
    char source[512];
    snprintf(source, sizeof source, "handler %s", name);
    out->source = engine_strdup(source);
    strbuf_cleanup(&run.out);
    strbuf_cleanup(&run.err);
    engine_free(text);
    return out->kind;
}
