/* cmd_debug — `sfdbg WORKFLOW [options]`: the interactive debugger. Loads the workflow and
 * its input as `sfdbg run` does (wfload.h), then hands them to the front end (ui/debugger.h),
 * which owns the terminal until it returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "debug_session.h"
#include "fileio.h"
#include "listen.h"
#include "options.h"
#include "resolvers.h"
#include "ui/debugger.h"
#include "wfload.h"

static void debug_usage(FILE *out)
{
    fputs("usage: sfdbg WORKFLOW [options]\n"
          "Opens the debugger on WORKFLOW, paused before the first state.\n"
          "Keys: n step, c continue, N step back, b breakpoint, e edit the input, x answer a\n"
          "task that waits (its token, or its result when nothing answered it), K cancel a task\n"
          "whose handler is still running, ? help, q quit.\n"
          "Breakpoints and watches are kept per workflow in $XDG_CONFIG_HOME/sfdbg/\n"
          "(~/.config/sfdbg/). NO_COLOR turns colours off; SFDBG_MONO=1 picks the\n"
          "monochrome theme; SFDBG_NO_MOUSE=1 leaves the mouse to the terminal.\n\n"
          "--listen [HOST:]PORT serves SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat,\n"
          "DescribeExecution, GetExecutionHistory and GetActivityTask for this execution\n"
          "(AWS JSON 1.0, as sfdbg serve): a worker using an AWS SDK, or sfdbg\n"
          "send-task-success, answers the tokens shown here; an activity Task waits for a\n"
          "worker's GetActivityTask. HOST defaults to 127.0.0.1; another address is reachable from\n"
          "elsewhere, with no authentication (a warning says so).\n\n"
          "Options (the same as sfdbg run):\n",
          out);
    fputs(options_help, out);
}

/* The debugger on o, with --listen's server (listen NULL: none). */
static int debug_session_listen(const run_options *o, const asl_definition *def,
                                const jv *input, const task_resolver *first,
                                const debugger_replay *replay, const char *listen);

int cmd_debug_session(const run_options *o, const asl_definition *def, const jv *input,
                      const task_resolver *first, const debugger_replay *replay)
{
    return debug_session_listen(o, def, input, first, replay, NULL);
}

static int debug_session_listen(const run_options *o, const asl_definition *def,
                                const jv *input, const task_resolver *first,
                                const debugger_replay *replay, const char *listen)
{
    debugger_config c;
    memset(&c, 0, sizeof c);
    char name[256];
    options_to_exec(o, &c.eo, name, sizeof name);
    c.eo.record_history = true;
    c.workflow_path = o->workflow;
    c.def = def;
    c.input = input;
    c.real_time = o->real_time;
    c.breaks = o->breaks;
    c.nbreaks = o->nbreaks;
    c.history_file = o->history_file;
    c.max_input = o->max_payload > 0 ? (size_t)o->max_payload
                  : o->max_payload == 0 ? RUN_MAX_UNLIMITED_INPUT : c.eo.max_payload;
    c.monochrome = getenv("SFDBG_MONO") && *getenv("SFDBG_MONO") && strcmp(getenv("SFDBG_MONO"), "0");
    c.no_mouse = getenv("SFDBG_NO_MOUSE") && *getenv("SFDBG_NO_MOUSE") && strcmp(getenv("SFDBG_NO_MOUSE"), "0");
    c.read_file = fileio_read;
    c.write_file = fileio_write;
    if (replay)
        c.replay = *replay;
    resolver_set rs;
    if (resolvers_setup(&rs, o, def, &c.eo)) {
        resolvers_cleanup(&rs);
        return 2;
    }
    task_resolver list[RESOLVERS_MAX + 1];
    size_t n = 0;
    if (first)
        list[n++] = *first;
    memcpy(list + n, rs.list, rs.count * sizeof *list);
    c.eo.resolvers = list;
    c.eo.nresolvers = n + rs.count;
    svc_stores stores;
    if (rs.services) {
        services_state_stores(rs.services, &stores);
        c.services = &stores;
    }
    char err[600], note[300];
    listen_server *srv = listen ? listen_start(listen, err, sizeof err) : NULL;
    if (listen && !srv) {
        fprintf(stderr, "sfdbg: %s\n", err);
        resolvers_cleanup(&rs);
        return 1;
    }
    if (srv) {
        listen_remote(srv, &c.remote, note, sizeof note);
        c.eo.activities = listen_activities(); /* a worker may poll for them */
        if (!listen_loopback(srv))
            fprintf(stderr, "sfdbg: %s\n", note);
    }
    int rc = debugger_run(&c);
    listen_stop(srv);
    if (resolvers_save_services(&rs, o) && !rc)
        rc = 2;
    resolvers_cleanup(&rs);
    return rc;
}

/* Takes --listen [HOST:]PORT (or --listen=...) out of argv (the debugger's alone, so not in
 * the options shared with run): *listen its value; the other arguments stay in order, the
 * values of options that take one stepped over, nothing after `--` looked at (nor argv[0],
 * the workflow). 0, or 2 after a usage error. */
static int debug_take_listen(int *argc, char **argv, const char **listen)
{
    int out = 0;
    bool rest = false;
    for (int i = 0; i < *argc; i++) {
        const char *arg = argv[i];
        if (!rest && i > 0 && !strcmp(arg, "--listen")) {
            if (i + 1 >= *argc) {
                fputs("sfdbg: --listen needs a value ([HOST:]PORT)\n", stderr);
                return 2;
            }
            *listen = argv[++i];
            continue;
        }
        if (!rest && i > 0 && !strncmp(arg, "--listen=", 9)) {
            *listen = arg + 9;
            continue;
        }
        argv[out++] = argv[i];
        if (!rest && !strcmp(arg, "--"))
            rest = true;
        else if (!rest && i > 0 && !strncmp(arg, "--", 2) && !strchr(arg, '=') &&
                 options_takes_value(arg + 2) && i + 1 < *argc)
            argv[out++] = argv[++i];
    }
    *argc = out;
    return 0;
}

int cmd_debug(int argc, char **argv)
{
    run_options o;
    bool help;
    const char *listen = NULL;
    char host[64], err[300];
    unsigned port;
    if (debug_take_listen(&argc, argv, &listen))
        return 2;
    if (listen && !listen_parse_address(listen, host, sizeof host, &port, err, sizeof err)) {
        fprintf(stderr, "sfdbg: %s\n", err);
        return 2;
    }
    int rc = options_parse(argc, argv, 0, &o, &help);
    if (help) {
        debug_usage(stdout);
        return 0;
    }
    if (rc)
        return rc;
    asl_definition *def;
    jv *input;
    if ((rc = wfload_all(&o, &def, &input)) != 0)
        return rc;
    rc = debug_session_listen(&o, def, input, NULL, NULL, listen);
    jv_unref(input);
    asl_definition_free(def);
    return rc;
}
