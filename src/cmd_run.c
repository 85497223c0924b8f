/* cmd_run — `sfdbg run WORKFLOW [options]`: run headless, print one JSON result object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "definition.h"
#include "exec.h"
#include "fileio.h"
#include "jv_text.h"
#include "options.h"
#include "wfload.h"
#include "resolvers.h"
#include "runexec.h"
#include "taskwait.h"

static void run_usage(FILE *out)
{
    fputs("usage: sfdbg run WORKFLOW [options]\n"
          "Runs WORKFLOW headless and prints one JSON object:\n"
          "  {\"status\": \"SUCCEEDED\", \"output\": ...} or\n"
          "  {\"status\": \"FAILED\"|\"TIMED_OUT\"|\"ABORTED\", \"error\": ..., \"cause\": ...}\n"
          "Exit status: 0 SUCCEEDED, 1 otherwise, 2 usage or definition errors,\n"
          "70 out of memory.\n\n"
          "Options:\n",
          out);
    fputs(options_help, out);
}

static void run_sleep_ms(int64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static void run_print_result(const sfn_exec *ex)
{
    exec_status st = exec_status_of(ex);
    jv *r = jv_object_set_take(jv_object(), "status", jv_string(exec_status_name(st)));
    if (st == EXEC_SUCCEEDED) {
        r = jv_object_set(r, "output", exec_output(ex));
    } else {
        if (exec_error(ex))
            r = jv_object_set_take(r, "error", jv_string(exec_error(ex)));
        if (exec_cause(ex))
            r = jv_object_set_take(r, "cause", jv_string(exec_cause(ex)));
    }
    char *text = jv_dump_string(r, 0);
    puts(text);
    free(text);
    jv_unref(r);
}

static int run_write_history(const sfn_exec *ex, const char *path)
{
    jv *h = exec_history_json(ex);
    char *text = jv_dump_string(h, JV_DUMP_PRETTY);
    jv_unref(h);
    size_t n = strlen(text);
    text[n] = '\n';
    char err[1024];
    int rc = fileio_write(path, text, n + 1, err, sizeof err);
    free(text);
    if (rc) {
        fprintf(stderr, "sfdbg: --history: %s\n", err);
        return 2;
    }
    return 0;
}

/* Headless, nothing can send a token (no control socket yet): a waiting task times out,
 * after the real time it would take with --real-time. */
static void run_expire_wait(sfn_exec *ex, bool real_time)
{
    const exec_pending_task *p = exec_pending(ex);
    if (p)
        fprintf(stderr, "sfdbg: task '%s' waits for its task token and nothing in a headless "
                "run can send it: it times out (TimeoutSeconds / HeartbeatSeconds, on the "
                "%s clock)\n", p->state->name, real_time ? "real" : "virtual");
    int64_t before = exec_clock_ms(ex);
    exec_expire_wait(ex);
    if (real_time && exec_clock_ms(ex) > before)
        run_sleep_ms(exec_clock_ms(ex) - before);
}

/* A handler's stderr, kept by the engine on the visit, is passed on to ours once. */
static const char *run_show_task_log(const sfn_exec *ex, long visit, const char *shown)
{
    const exec_visit *v = visit >= 0 ? exec_visit_at(ex, (size_t)visit) : NULL;
    const exec_visit_detail *d = v ? exec_visit_details(v) : NULL;
    if (!d || !d->task_log || d->task_log == shown)
        return shown;
    size_t n = strlen(d->task_log);
    fprintf(stderr, "sfdbg: %s (%s) wrote:\n%s%s", v->state->name,
            d->task_source ? d->task_source : "task", d->task_log,
            n && d->task_log[n - 1] == '\n' ? "" : "\n");
    return d->task_log;
}

int run_execute_with(const run_options *o, const asl_definition *def, const jv *input,
                     run_finish_fn finish, void *ctx)
{
    exec_options eo;
    char name[256];
    options_to_exec(o, &eo, name, sizeof name);
    resolver_set rs;
    if (resolvers_setup(&rs, o, def, &eo)) {
        resolvers_cleanup(&rs);
        return 2;
    }
    eo.resolvers = rs.list;
    eo.nresolvers = rs.count;
    sfn_exec *ex = exec_new(def, input, &eo);
    const char *shown_log = NULL;
    while (exec_status_of(ex) == EXEC_RUNNING) {
        exec_step_result r = exec_step(ex);
        if (r.kind == EXEC_STEP_IN_FLIGHT) {
            taskwait_answer(ex);
            continue;
        }
        shown_log = run_show_task_log(ex, r.visit, shown_log);
        if (r.kind == EXEC_STEP_WAITING)
            run_expire_wait(ex, o->real_time);
        if (o->real_time && r.waited_ms > 0)
            run_sleep_ms(r.waited_ms);
    }
    int rc = finish(ex, ctx);
    if (o->history_file && run_write_history(ex, o->history_file))
        rc = 2;
    if (resolvers_save_services(&rs, o))
        rc = 2;
    exec_free(ex);
    resolvers_cleanup(&rs);
    return rc;
}

static int run_finish_print(const sfn_exec *ex, void *ctx)
{
    (void)ctx;
    run_print_result(ex);
    return exec_status_of(ex) == EXEC_SUCCEEDED ? 0 : 1;
}

int cmd_run(int argc, char **argv)
{
    run_options o;
    bool help;
    int rc = options_parse(argc, argv, 1, &o, &help);
    if (help) {
        run_usage(stdout);
        return 0;
    }
    if (rc)
        return rc;
    asl_definition *def;
    jv *input;
    if ((rc = wfload_all(&o, &def, &input)) != 0)
        return rc;
    rc = run_execute_with(&o, def, input, run_finish_print, NULL);
    jv_unref(input);
    asl_definition_free(def);
    return rc;
}
