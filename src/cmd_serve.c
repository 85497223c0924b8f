/* cmd_serve — `sfdbg serve [options]`: the Step Functions API on localhost (DESIGN §4.1). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "httpd.h"
#include "options.h"
#include "resolvers.h"
#include "serve_exec.h"
#include "sfn_api.h"

#define SERVE_DEFAULT_PORT 8083

typedef struct {
    const char *host;
    unsigned port;
    size_t max_body;
    unsigned long max_connections, max_executions;
    unsigned long activity_poll_s;
    sfn_log_level log;
} serve_options;

enum {
    SOPT_HOST = OPTIONS_EXTRA_ID, SOPT_PORT, SOPT_MAX_BODY, SOPT_MAX_CONNECTIONS,
    SOPT_MAX_EXECUTIONS, SOPT_LOG_LEVEL, SOPT_ACTIVITY_POLL,
};

static const struct option serve_long[] = {
    {"host", required_argument, NULL, SOPT_HOST},
    {"port", required_argument, NULL, SOPT_PORT},
    {"max-body", required_argument, NULL, SOPT_MAX_BODY},
    {"max-connections", required_argument, NULL, SOPT_MAX_CONNECTIONS},
    {"max-executions", required_argument, NULL, SOPT_MAX_EXECUTIONS},
    {"log-level", required_argument, NULL, SOPT_LOG_LEVEL},
    {"activity-poll-seconds", required_argument, NULL, SOPT_ACTIVITY_POLL},
    {NULL, 0, NULL, 0},
};

static void serve_usage(FILE *out)
{
    fputs("usage: sfdbg serve [options]\n"
          "Serves the AWS Step Functions API (AWS JSON 1.0) for SDKs and the aws CLI:\n"
          "  aws stepfunctions --endpoint-url http://127.0.0.1:8083 ...\n"
          "State machines and executions live in memory until the server stops (SIGINT or\n"
          "SIGTERM). Wait states use the virtual clock unless --real-time; a task waiting\n"
          "for its token waits for real (docs/serve.md).\n\n"
          "Options of serve:\n"
          "  --host ADDRESS              numeric IPv4 address to listen on (default\n"
          "                              127.0.0.1; another one is reachable from elsewhere,\n"
          "                              with no authentication: a warning says so)\n"
          "  --port N                    (default 8083; 0: any free port, printed)\n"
          "  --max-body BYTES            largest request body (default 2097152)\n"
          "  --max-connections N         open connections at once (default 64)\n"
          "  --max-executions N          executions kept, running or finished (default\n"
          "                              10000; the oldest finished one is forgotten first)\n"
          "  --log-level warn|info|debug one line per request with info; debug adds the\n"
          "                              bodies (payloads and task tokens)\n"
          "  --activity-poll-seconds N   how long GetActivityTask waits for a task before\n"
          "                              it answers none (default 60, as AWS; 1..60)\n"
          "Options shared with run (--start-time, --seed, --real-time, --region,\n"
          "--account, --max-events, --max-payload, --max-memory, --handlers,\n"
          "--services-state, --save-services-state, --s3-dir) apply to every execution;\n"
          "--seed N seeds the n-th execution with N + n. --mock-config FILE (or\n"
          "$SFN_MOCK_CONFIG) is Step Functions Local's: StartExecution on\n"
          "STATE-MACHINE-ARN#TEST-CASE runs with that test case's mocks.\n",
          out);
}

static int serve_bad(const char *what, const char *v)
{
    fprintf(stderr, "sfdbg serve: %s: '%s'\n(sfdbg serve --help lists the options)\n", what, v);
    return 2;
}

static bool serve_number(const char *v, unsigned long lo, unsigned long hi, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (errno || end == v || *end || v[0] == '-' || n < lo || n > hi)
        return false;
    *out = n;
    return true;
}

static int serve_set(void *user, int id, const char *v)
{
    serve_options *s = user;
    unsigned long n;
    switch (id) {
    case SOPT_HOST: s->host = v; return 0;
    case SOPT_PORT:
        if (!serve_number(v, 0, 65535, &n))
            return serve_bad("--port must be 0..65535", v);
        s->port = (unsigned)n;
        return 0;
    case SOPT_MAX_BODY:
        if (!serve_number(v, 1024, 256ul << 20, &n))
            return serve_bad("--max-body must be 1024..268435456 bytes", v);
        s->max_body = n;
        return 0;
    case SOPT_MAX_CONNECTIONS:
        if (!serve_number(v, 1, 10000, &s->max_connections))
            return serve_bad("--max-connections must be 1..10000", v);
        return 0;
    case SOPT_MAX_EXECUTIONS:
        if (!serve_number(v, 1, 10000000, &s->max_executions))
            return serve_bad("--max-executions must be 1..10000000", v);
        return 0;
    case SOPT_ACTIVITY_POLL:
        if (!serve_number(v, 1, 60, &s->activity_poll_s))
            return serve_bad("--activity-poll-seconds must be 1..60", v);
        return 0;
    default:
        if (!strcmp(v, "warn") || !strcmp(v, "info") || !strcmp(v, "debug")) {
            s->log = !strcmp(v, "warn") ? SFN_LOG_WARN : !strcmp(v, "info") ? SFN_LOG_INFO
                                                                           : SFN_LOG_DEBUG;
            return 0;
        }
        return serve_bad("--log-level must be warn, info or debug", v);
    }
}

/* The run options that mean nothing to a server, refused rather than ignored. */
static int serve_check_run_options(const run_options *o)
{
    const char *bad = o->input ? "--input (StartExecution gives the input)"
        : o->execution_name ? "--execution-name (StartExecution names executions)"
        : o->state_machine_name ? "--state-machine-name (CreateStateMachine names them)"
        : o->history_file ? "--history (GetExecutionHistory gives it)"
        : o->nbreaks ? "--break (the debugger's)"
        : o->express ? "--type (CreateStateMachine gives each its type)"
        : o->test_case ? "--test-case (StartExecution picks one: STATE-MACHINE-ARN#TEST-CASE)"
        : o->workflows ? "--workflows (child executions are not served yet)"
        : NULL;
    if (!bad)
        return 0;
    fprintf(stderr, "sfdbg serve: %s is not an option of serve\n", bad);
    return 2;
}

static bool serve_loopback(const char *host) { return !strncmp(host, "127.", 4); }

static void serve_config_from(const run_options *o, const serve_options *s,
                              const resolver_set *rs, const exec_options *eo, serve_config *c)
{
    memset(c, 0, sizeof *c);
    c->region = o->region ? o->region : "us-east-1";
    c->account = o->account ? o->account : "123456789012";
    c->real_time = o->real_time;
    c->has_start_time = o->has_start_time;
    c->start_time_ms = o->start_time_ms;
    c->has_seed = o->has_seed;
    c->seed = o->seed;
    c->max_events = o->max_events;
    c->max_payload = o->max_payload >= 0 ? (size_t)o->max_payload : 262144;
    c->max_memory = o->has_max_memory ? o->max_memory : 0;
    c->max_executions = s->max_executions;
    c->max_state_machines = 10000;
    c->max_activities = 10000;
    c->activity_poll_ms = (int64_t)s->activity_poll_s * 1000;
    /* a quarter of the connections stays free for the workers' answers */
    c->max_pollers = s->max_connections > 1 ? s->max_connections * 3 / 4 : 1;
    c->resolvers = rs->list;
    c->nresolvers = rs->count;
    c->s3 = eo->s3;
}

/* Until SIGINT or SIGTERM (blocked in every thread, taken here). */
static void serve_wait_for_signal(const sigset_t *set)
{
    int sig;
    while (sigwait(set, &sig) != 0)
        ;
}

static int serve_run(const run_options *o, const serve_options *s)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.start_time_ms = o->start_time_ms;
    mock_config *mocks = NULL;
    if (o->mock_config && !(mocks = resolvers_load_mocks(o->mock_config)))
        return 2;
    run_options shared = *o;
    shared.mock_config = NULL; /* the test case comes with each StartExecution */
    resolver_set rs;
    if (resolvers_setup(&rs, &shared, NULL, &eo)) {
        resolvers_cleanup(&rs);
        mock_config_free(mocks);
        return 2;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    serve_config c;
    serve_config_from(o, s, &rs, &eo, &c);
    c.mocks = mocks;
    char err[512];
    serve_registry *reg = serve_registry_new(&c, err, sizeof err);
    sfn_api api = {reg, s->log};
    httpd_config hc = {s->host, s->port, s->max_body, (unsigned)s->max_connections, 60};
    httpd *d = reg ? httpd_start(&hc, sfn_api_handle, &api, err, sizeof err) : NULL;
    int rc = 0;
    if (!d) {
        fprintf(stderr, "sfdbg serve: %s\n", err);
        rc = 1;
    } else {
        if (!serve_loopback(s->host))
            fprintf(stderr, "sfdbg serve: warning: listening on %s, not a loopback address: "
                    "anyone who can reach it can create and run workflows and answer tasks "
                    "(the API has no authentication)\n", s->host);
        fprintf(stderr, "sfdbg serve: listening on http://%s:%u\n", s->host, httpd_port(d));
        serve_wait_for_signal(&set);
        serve_registry_stop(reg);
        httpd_stop(d);
    }
    serve_registry_free(reg);
    if (resolvers_save_services(&rs, o))
        rc = 2;
    resolvers_cleanup(&rs);
    mock_config_free(mocks);
    return rc;
}

int cmd_serve(int argc, char **argv)
{
    serve_options s = {"127.0.0.1", SERVE_DEFAULT_PORT, 2u << 20, 64, 10000, 60, SFN_LOG_WARN};
    options_extra x = {serve_long, serve_set, &s};
    run_options o;
    bool help;
    int rc = options_parse_extra(argc, argv, &x, &o, &help);
    if (help) {
        serve_usage(stdout);
        return 0;
    }
    if (rc || (rc = serve_check_run_options(&o)) != 0)
        return rc;
    return serve_run(&o, &s);
}
