/* Unit tests: the in-flight task protocol (task.h's task_job, exec.h's exec_task_*), with
 * a fake job whose answer arrives on a pipe, and the program's process job (procjob.h). */
#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "src/procjob.h"
#include "tap.h"
#include "timeutil.h"

/* A job that answers with the JSON written to its pipe, once the pipe closes. */
typedef struct {
    int fd;
    char buf[256];
    size_t len;
    int64_t deadline;
    int progress_calls, cancels, frees;
} fake_job;

static size_t fake_fds(void *self, task_wait_fd *out, size_t max)
{
    fake_job *j = self;
    if (max < 1)
        return 0;
    out[0] = (task_wait_fd){j->fd, POLLIN};
    return 1;
}

static int64_t fake_deadline(void *self)
{
    return ((fake_job *)self)->deadline;
}

static bool fake_progress(void *self, task_answer *out)
{
    fake_job *j = self;
    j->progress_calls++;
    ssize_t n = read(j->fd, j->buf + j->len, sizeof j->buf - 1 - j->len);
    if (n > 0) {
        j->len += (size_t)n;
        return false;
    }
    if (n < 0)
        return false;
    j->buf[j->len] = '\0';
    out->result = jv_parse(j->buf, j->len, 0, NULL);
    out->kind = out->result ? TASK_RESULT : TASK_ERROR;
    if (!out->result)
        asl_error_set(&out->error, "Fake.Bad", "not JSON: %s", j->buf);
    out->source = jv_xstrdup("fake job");
    return true;
}

static void fake_cancel(void *self) { ((fake_job *)self)->cancels++; }
static void fake_free(void *self) { ((fake_job *)self)->frees++; }

static const task_job_ops fake_ops = {fake_fds, fake_deadline, fake_progress, fake_cancel,
                                      fake_free};

typedef struct {
    fake_job job;
    int write_end;
    int calls;
} fake_resolver;

static task_answer_kind fake_resolve(void *user, const task_call *call, task_answer *out)
{
    fake_resolver *r = user;
    int p[2];
    if (pipe2(p, O_NONBLOCK) != 0)
        return TASK_NO_ANSWER;
    r->calls++;
    r->job = (fake_job){.fd = p[0], .deadline = 1234};
    r->write_end = p[1];
    out->kind = TASK_IN_FLIGHT;
    out->job = (task_job){&fake_ops, &r->job};
    return TASK_IN_FLIGHT;
}

static const char *TASK_DEF =
    "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
    "\"arn:aws:lambda:us-east-1:123456789012:function:f\",\"ResultPath\":\"$.r\","
    "\"Next\":\"P\"},\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

static sfn_exec *fake_exec(const asl_definition *def, fake_resolver *fr, task_resolver *tr,
                           bool defer)
{
    memset(fr, 0, sizeof *fr);
    *tr = (task_resolver){"fake", fake_resolve, fr};
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.resolvers = tr;
    eo.nresolvers = 1;
    eo.defer_unanswered = defer;
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, &eo);
    jv_unref(in);
    return ex;
}

static void test_in_flight(void)
{
    asl_definition *def = defload(TASK_DEF);
    fake_resolver fr;
    task_resolver tr;
    sfn_exec *ex = fake_exec(def, &fr, &tr, false);
    exec_step_result r = exec_step(ex);
    tap_is_int(r.kind, EXEC_STEP_IN_FLIGHT, "a job answer ends the step in flight");
    tap_ok(exec_task_in_flight(ex), "exec_task_in_flight says so");
    tap_is_int((long long)exec_event_count(ex), 4, "started, entered, scheduled, started: no more");
    tap_ok(exec_pending(ex) == NULL, "nothing is pending a token meanwhile");
    task_wait_fd fds[4];
    tap_is_int((long long)exec_task_fds(ex, fds, 4), 1, "the job's descriptor is exposed");
    tap_is_int(fds[0].fd, fr.job.fd, "... the pipe's read end");
    tap_is_int(fds[0].events, POLLIN, "... waited on for input");
    tap_is_int(exec_task_deadline(ex), 1234, "the job's deadline is exposed");
    tap_ok(!exec_task_progress(ex), "progress with nothing written: not done");
    tap_is_int(exec_step(ex).kind, EXEC_STEP_IN_FLIGHT, "a step meanwhile stays in flight");
    tap_is_int((long long)exec_event_count(ex), 4, "... and records nothing");
    tap_ok(write(fr.write_end, "{\"v\":", 5) == 5 && !exec_task_progress(ex),
           "part of the answer: still not done");
    tap_ok(write(fr.write_end, "1}", 2) == 2, "the rest written");
    close(fr.write_end);
    tap_ok(!exec_task_progress(ex) && exec_task_progress(ex),
           "the rest read, then the pipe's end: the answer is in");
    tap_is_int(fr.job.frees, 1, "the engine freed the job once its answer was in");
    tap_ok(!exec_task_in_flight(ex) || exec_task_fds(ex, fds, 4) == 0,
           "no descriptors once the answer is in");
    r = exec_step(ex);
    tap_is_int(r.kind, EXEC_STEP_STATE_DONE, "the next step applies the answer");
    exec_run(ex, 10);
    char *out = jv_dump_string(exec_output(ex), 0);
    tap_is_str(out, "{\"r\":{\"v\":1}}", "the job's result goes through ResultPath");
    free(out);
    const exec_visit *v = exec_visit_at(ex, 0);
    tap_is_str(v ? exec_visit_details(v)->task_source : NULL, "fake job",
               "the visit keeps what answered");
    tap_is_int(fr.job.cancels, 0, "a finished job is not cancelled");
    close(fr.job.fd);
    exec_free(ex);
    asl_definition_free(def);
}

static void test_cancel(void)
{
    asl_definition *def = defload(TASK_DEF);
    fake_resolver fr;
    task_resolver tr;
    sfn_exec *ex = fake_exec(def, &fr, &tr, false);
    exec_step(ex);
    tap_ok(exec_task_cancel(ex), "a job in flight can be cancelled");
    tap_ok(fr.job.cancels == 1 && fr.job.frees == 1, "cancel stops and frees the job");
    tap_ok(!exec_task_cancel(ex), "a second cancel has nothing to cancel");
    exec_run(ex, 10);
    tap_is_str(exec_status_name(exec_status_of(ex)), "FAILED", "without defer the task fails");
    tap_is_str(exec_error(ex), "States.Runtime", "with States.Runtime");
    tap_ok(exec_cause(ex) && strstr(exec_cause(ex), "cancelled"), "naming the cancel: %s",
           exec_cause(ex) ? exec_cause(ex) : "(none)");
    close(fr.job.fd);
    close(fr.write_end);
    exec_free(ex);

    ex = fake_exec(def, &fr, &tr, true);
    exec_step(ex);
    exec_task_cancel(ex);
    tap_is_int(exec_step(ex).kind, EXEC_STEP_WAITING, "under defer_unanswered it waits instead");
    const exec_pending_task *p = exec_pending(ex);
    tap_ok(p && p->needs_result, "for the caller's answer (the result dialog)");
    char err[128];
    tap_ok(p && exec_send_task_success(ex, p->token, "{\"u\":2}", err, sizeof err) == EXEC_SEND_OK,
           "which it takes");
    exec_run(ex, 10);
    char *out = jv_dump_string(exec_output(ex), 0);
    tap_is_str(out, "{\"r\":{\"u\":2}}", "and applies as the task's result");
    free(out);
    close(fr.job.fd);
    close(fr.write_end);
    exec_free(ex);

    ex = fake_exec(def, &fr, &tr, false);
    exec_step(ex);
    exec_free(ex);
    tap_ok(fr.job.frees == 1, "exec_free frees a job still in flight");
    close(fr.job.fd);
    close(fr.write_end);
    asl_definition_free(def);
}

static procjob *run_sh(const char *script, const char *input, int64_t timeout_ms)
{
    char *argv[] = {"sh", "-c", (char *)script, NULL};
    procjob_spec spec = {".", argv, input, strlen(input), timeout_ms, 1 << 20, 16};
    return procjob_start(&spec);
}

static void procjob_wait(procjob *j)
{
    while (!procjob_progress(j)) {
        task_wait_fd fds[4];
        struct pollfd pfd[4];
        size_t n = procjob_fds(j, fds, 4);
        for (size_t i = 0; i < n; i++)
            pfd[i] = (struct pollfd){fds[i].fd, fds[i].events, 0};
        int64_t ms = procjob_deadline(j) - timeutil_monotonic_ms();
        poll(pfd, n, ms < 0 ? 0 : (int)ms);
    }
}

static void test_procjob(void)
{
    procjob *j = run_sh("sleep 0.3; cat; echo 0123456789abcdefXYZ >&2", "hello", 5000);
    int64_t t0 = timeutil_monotonic_ms();
    tap_ok(!procjob_progress(j) && timeutil_monotonic_ms() - t0 < 200,
           "progress while the child runs returns at once, not done");
    procjob_wait(j);
    const procjob_result *r = procjob_result_of(j);
    tap_is_str(strbuf_str(&r->out), "hello", "stdin reaches the child, stdout comes back");
    tap_is_int(r->status, 0, "its exit status");
    tap_is_str(strbuf_str(&r->err), "456789abcdefXYZ\n", "stderr keeps its last 16 bytes (the tail)");
    procjob_free(j);

    t0 = timeutil_monotonic_ms();
    j = run_sh("sleep 5", "", 300);
    procjob_wait(j);
    tap_ok(procjob_result_of(j)->timed_out, "a child still running at its timeout times out");
    tap_ok(timeutil_monotonic_ms() - t0 < 2000, "... at the timeout, not at its end");
    procjob_free(j);

    j = run_sh("sleep 5", "", 10000);
    t0 = timeutil_monotonic_ms();
    procjob_stop(j);
    tap_ok(timeutil_monotonic_ms() - t0 < 1000 && procjob_result_of(j)->killed_by == 9,
           "stop kills it at once (SIGKILL)");
    tap_ok(procjob_progress(j), "a stopped job is over");
    procjob_free(j);

    char *argv[] = {"./no-such-program", NULL};
    procjob_spec spec = {".", argv, "", 0, 1000, 100, 100};
    j = procjob_start(&spec);
    tap_ok(procjob_progress(j) && strstr(procjob_result_of(j)->fault, "could not start"),
           "a program that cannot start is over at once, with the reason");
    procjob_free(j);
}

int main(void)
{
    test_in_flight();
    test_cancel();
    test_procjob();
    return tap_done();
}
