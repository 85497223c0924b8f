/* options — shared options of `sfdbg run` and the debugger. */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"
#include "timeutil.h"

const char options_help[] =
    "  --input JSON | file://PATH  execution input (default {})\n"
    "  --state-machine-name NAME   (default: the workflow file's base name)\n"
    "  --execution-name NAME       (default: a UUID)\n"
    "  --start-time ISO8601        the virtual clock's start (default: now)\n"
    "  --seed N                    fixes UUIDs, random numbers and task tokens (which\n"
    "                              then anyone who knows N can predict)\n"
    "  --real-time                 Wait states wait for real\n"
    "  --type STANDARD|EXPRESS     (default STANDARD)\n"
    "  --region R                  (default us-east-1)\n"
    "  --account A                 (default 123456789012)\n"
    "  --max-events N              history event limit (default 25000, 0 = none)\n"
    "  --max-payload BYTES         payload size limit (default 262144, 0 = none)\n"
    "  --max-memory BYTES|NKiB|NMiB|NGiB\n"
    "                              memory the history and state records may take\n"
    "                              (default 1GiB, 0 = none)\n"
    "  --mock-config FILE          answer tasks from a Step Functions Local mock config\n"
    "                              (also $SFN_MOCK_CONFIG); needs --test-case NAME\n"
    "  --test-case NAME            the mock config's test case to run\n"
    "  --handlers FILE             answer tasks with local programs ({\"NAME\": [argv...]})\n"
    "  --services-state FILE       seed the local services: S3, DynamoDB, SQS, SNS,\n"
    "                              EventBridge, jobs ({\"s3\": ..., \"dynamodb\": ...,\n"
    "                              \"sqs\": ..., \"jobs\": ...}); see docs/services.md\n"
    "  --save-services-state FILE  write the services' contents there when the execution\n"
    "                              ends (the debugger: when it quits)\n"
    "  --s3-dir DIR                serve S3 from a folder: s3://BUCKET/KEY is DIR/BUCKET/KEY\n"
    "  --connections FILE          the HTTP task's connections (ApiKey, Basic, OAuth), by\n"
    "                              name; see docs/tasks.md\n"
    "  --workflows DIR             run states:startExecution tasks' state machines from\n"
    "                              DIR/NAME.asl.json as child executions; see\n"
    "                              docs/services.md\n"
    "  --lambda-endpoint URL       send Lambda tasks to a Lambda-compatible Invoke API\n"
    "                              (URL/2015-03-31/functions/NAME/invocations)\n"
    "  --endpoint-url [SERVICE=]URL  send aws-sdk and service tasks (DynamoDB, SQS, SFN,\n"
    "                              EventBridge, S3, ...) to an AWS-compatible endpoint, signed\n"
    "                              with SigV4 from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY\n"
    "  --history FILE              write the execution history ({\"events\": [...]})\n"
    "  --break STATE               stop at STATE in the debugger (repeatable)\n";

static int options_usage(const char *fmt, const char *arg)
{
    fputs("sfdbg: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(sfdbg run --help lists the options)\n", stderr);
    return 2;
}

static bool options_parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return false;
    *out = v;
    return true;
}

static bool options_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-')
        return false;
    *out = v;
    return true;
}

/* BYTES, or a number with a KiB, MiB or GiB suffix. */
static bool options_parse_bytes(const char *s, size_t *out)
{
    static const struct { const char *suffix; unsigned shift; } units[] = {
        {"", 0}, {"KiB", 10}, {"MiB", 20}, {"GiB", 30},
    };
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-')
        return false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].suffix) != 0)
            continue;
        if (v > (unsigned long long)(SIZE_MAX >> units[i].shift))
            return false;
        *out = (size_t)v << units[i].shift;
        return true;
    }
    return false;
}

enum {
    OPT_INPUT = 256, OPT_STATE_MACHINE_NAME, OPT_EXECUTION_NAME, OPT_REGION, OPT_ACCOUNT,
    OPT_HISTORY, OPT_BREAK, OPT_TYPE, OPT_START_TIME, OPT_SEED, OPT_MAX_EVENTS,
    OPT_MAX_PAYLOAD, OPT_MAX_MEMORY, OPT_MOCK_CONFIG, OPT_TEST_CASE, OPT_HANDLERS,
    OPT_REAL_TIME, OPT_SERVICES_STATE, OPT_SAVE_SERVICES_STATE, OPT_S3_DIR, OPT_CONNECTIONS,
    OPT_LAMBDA_ENDPOINT, OPT_ENDPOINT_URL, OPT_WORKFLOWS,
};

static const struct option options_long[] = {
    {"help", no_argument, NULL, 'h'},
    {"real-time", no_argument, NULL, OPT_REAL_TIME},
    {"input", required_argument, NULL, OPT_INPUT},
    {"state-machine-name", required_argument, NULL, OPT_STATE_MACHINE_NAME},
    {"execution-name", required_argument, NULL, OPT_EXECUTION_NAME},
    {"region", required_argument, NULL, OPT_REGION},
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"break", required_argument, NULL, OPT_BREAK},
    {"type", required_argument, NULL, OPT_TYPE},
    {"start-time", required_argument, NULL, OPT_START_TIME},
    {"seed", required_argument, NULL, OPT_SEED},
    {"max-events", required_argument, NULL, OPT_MAX_EVENTS},
    {"max-payload", required_argument, NULL, OPT_MAX_PAYLOAD},
    {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
    {"mock-config", required_argument, NULL, OPT_MOCK_CONFIG},
    {"test-case", required_argument, NULL, OPT_TEST_CASE},
    {"handlers", required_argument, NULL, OPT_HANDLERS},
    {"services-state", required_argument, NULL, OPT_SERVICES_STATE},
    {"save-services-state", required_argument, NULL, OPT_SAVE_SERVICES_STATE},
    {"s3-dir", required_argument, NULL, OPT_S3_DIR},
    {"connections", required_argument, NULL, OPT_CONNECTIONS},
    {"lambda-endpoint", required_argument, NULL, OPT_LAMBDA_ENDPOINT},
    {"endpoint-url", required_argument, NULL, OPT_ENDPOINT_URL},
    {"workflows", required_argument, NULL, OPT_WORKFLOWS},
    {NULL, 0, NULL, 0},
};

static int options_set_start_time(run_options *o, const char *v)
{
    asl_instant t;
    if (!timeutil_parse(v, &t))
        return options_usage("--start-time: '%s' is not an ISO-8601 date-time with offset "
                             "(e.g. 2024-01-01T00:00:00Z)", v);
    o->start_time_ms = timeutil_to_ms(t);
    if (!timeutil_ms_in_range(o->start_time_ms))
        return options_usage("--start-time: '%s' is outside 0000-01-01T00:00:00Z.."
                             TIMEUTIL_MAX_TEXT " (timestamps have four-digit years)", v);
    o->has_start_time = true;
    return 0;
}

/* Option id with its value v: 0, or 2 after a usage error. */
static int options_set(run_options *o, int id, const char *v)
{
    switch (id) {
    case OPT_INPUT: o->input = v; break;
    case OPT_STATE_MACHINE_NAME: o->state_machine_name = v; break;
    case OPT_EXECUTION_NAME: o->execution_name = v; break;
    case OPT_REGION: o->region = v; break;
    case OPT_ACCOUNT: o->account = v; break;
    case OPT_HISTORY: o->history_file = v; break;
    case OPT_MOCK_CONFIG: o->mock_config = v; break;
    case OPT_TEST_CASE: o->test_case = v; break;
    case OPT_HANDLERS: o->handlers = v; break;
    case OPT_SERVICES_STATE: o->services_state = v; break;
    case OPT_SAVE_SERVICES_STATE: o->save_services_state = v; break;
    case OPT_S3_DIR: o->s3_dir = v; break;
    case OPT_CONNECTIONS: o->connections = v; break;
    case OPT_WORKFLOWS: o->workflows = v; break;
    case OPT_LAMBDA_ENDPOINT:
        if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
            return options_usage("--lambda-endpoint: '%s' is not an http:// or https:// URL", v);
        o->lambda_endpoint = v;
        break;
    case OPT_ENDPOINT_URL:
        if (o->nendpoint_urls == sizeof o->endpoint_urls / sizeof o->endpoint_urls[0])
            return options_usage("too many --endpoint-url options (at most 16)", "");
        o->endpoint_urls[o->nendpoint_urls++] = v;
        break;
    case OPT_REAL_TIME: o->real_time = true; break;
    case OPT_BREAK:
        if (o->nbreaks == OPTIONS_MAX_BREAKS)
            return options_usage("too many --break options (at most 64)", "");
        o->breaks[o->nbreaks++] = v;
        break;
    case OPT_TYPE:
        if (strcmp(v, "STANDARD") && strcmp(v, "EXPRESS"))
            return options_usage("--type must be STANDARD or EXPRESS, not '%s'", v);
        o->express = !strcmp(v, "EXPRESS");
        break;
    case OPT_START_TIME:
        return options_set_start_time(o, v);
    case OPT_SEED:
        if (!options_parse_u64(v, &o->seed))
            return options_usage("--seed: '%s' is not a non-negative integer", v);
        o->has_seed = true;
        break;
    case OPT_MAX_EVENTS:
        if (!options_parse_long(v, &o->max_events))
            return options_usage("--max-events: '%s' is not a non-negative integer", v);
        break;
    case OPT_MAX_PAYLOAD:
        if (!options_parse_long(v, &o->max_payload))
            return options_usage("--max-payload: '%s' is not a non-negative integer", v);
        break;
    case OPT_MAX_MEMORY:
        if (!options_parse_bytes(v, &o->max_memory))
            return options_usage("--max-memory: '%s' is not a byte count (BYTES, or N with "
                                 "KiB, MiB or GiB, e.g. 512MiB; 0 = none)", v);
        o->has_max_memory = true;
        break;
    }
    return 0;
}

static int options_workflow(run_options *o, const char *a)
{
    if (o->workflow)
        return options_usage("more than one workflow given ('%s')", a);
    o->workflow = a;
    return 0;
}

/* The options and the workflow operand (x: a command's own options too, and no operand);
 * 0, or 2 after a usage error. */
static int options_scan(int argc, char **argv, int first, const struct option *longopts,
                        const options_extra *x, run_options *o, bool *help)
{
    if (first == 0 && argc > 0 && options_workflow(o, argv[0]))
        return 2;
    cliopt p;
    cliopt_init(&p, argc, argv, "-:h", longopts);
    int c, rc = 0;
    while (!rc && (c = cliopt_next(&p)) != -1) {
        if (c == 'h') {
            *help = true;
            return 0;
        } else if (c == 1 && x) {
            rc = options_usage("unexpected argument '%s'", optarg);
        } else if (c == 1) {
            rc = options_workflow(o, optarg);
        } else if (x && c >= OPTIONS_EXTRA_ID) {
            rc = x->set(x->user, c, optarg);
        } else if (c == '?') {
            rc = options_usage("unknown option %s", p.name);
        } else if (c == ':') {
            rc = options_usage("%s needs a value", p.name);
        } else {
            rc = options_set(o, c, optarg);
        }
    }
    for (int i = cliopt_rest(&p); !rc && i < argc; i++) /* after "--": operands only */
        rc = x ? options_usage("unexpected argument '%s'", argv[i]) : options_workflow(o, argv[i]);
    return rc;
}

static void options_defaults(run_options *o, bool *help)
{
    memset(o, 0, sizeof *o);
    o->max_events = 25000;
    o->max_payload = -1;
    *help = false;
}

int options_parse(int argc, char **argv, int first, run_options *o, bool *help)
{
    options_defaults(o, help);
    int rc = options_scan(argc, argv, first, options_long, NULL, o, help);
    if (rc || *help)
        return rc;
    if (!o->workflow)
        return options_usage("no workflow file given%s", "");
    if (!o->mock_config && getenv("SFN_MOCK_CONFIG") && *getenv("SFN_MOCK_CONFIG"))
        o->mock_config = getenv("SFN_MOCK_CONFIG");
    if (o->mock_config && !o->test_case)
        return options_usage("--mock-config %s needs --test-case NAME", o->mock_config);
    if (o->test_case && !o->mock_config)
        return options_usage("--test-case %s needs --mock-config FILE (or SFN_MOCK_CONFIG)",
                             o->test_case);
    return 0;
}

void options_to_exec(const run_options *o, exec_options *eo, char *namebuf, size_t n)
{
    exec_options_init(eo);
    const char *base = strrchr(o->workflow, '/');
    base = base ? base + 1 : o->workflow;
    snprintf(namebuf, n, "%s", base);
    static const char *const suffixes[] = {".asl.json", ".json", ".asl"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t bl = strlen(namebuf), sl = strlen(suffixes[i]);
        if (bl > sl && !strcmp(namebuf + bl - sl, suffixes[i])) {
            namebuf[bl - sl] = '\0';
            break;
        }
    }
    eo->state_machine_name = o->state_machine_name ? o->state_machine_name : namebuf;
    eo->execution_name = o->execution_name;
    if (o->region)
        eo->region = o->region;
    if (o->account)
        eo->account = o->account;
    eo->express = o->express;
    eo->start_time_ms = o->has_start_time ? o->start_time_ms : timeutil_now_ms();
    eo->has_seed = o->has_seed;
    eo->seed = o->seed;
    eo->max_events = o->max_events;
    if (o->max_payload >= 0)
        eo->max_payload = (size_t)o->max_payload;
    if (o->has_max_memory)
        eo->max_memory = o->max_memory;
    eo->record_history = o->history_file != NULL;
    eo->record_pool = o->record_pool;
}

int options_parse_extra(int argc, char **argv, const options_extra *x, run_options *o,
                        bool *help)
{
    options_defaults(o, help);
    size_t n = sizeof options_long / sizeof options_long[0] - 1, k = 0;
    while (x->longopts[k].name)
        k++;
    struct option *all = jv_xcalloc(n + k + 1, sizeof *all);
    memcpy(all, options_long, n * sizeof *all);
    memcpy(all + n, x->longopts, k * sizeof *all);
    int rc = options_scan(argc, argv, 1, all, x, o, help);
    free(all);
    if (!rc && !o->mock_config && getenv("SFN_MOCK_CONFIG") && *getenv("SFN_MOCK_CONFIG"))
        o->mock_config = getenv("SFN_MOCK_CONFIG");
    return rc;
}

bool options_takes_value(const char *name)
{
    for (const struct option *o = options_long; o->name; o++)
        if (!strcmp(o->name, name))
            return o->has_arg == required_argument;
    return false;
}
