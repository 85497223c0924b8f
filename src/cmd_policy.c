/* cmd_policy — `sfdbg policy WORKFLOW [--region R] [--account A] [--partition P] [--xray] [--logs]`:
 * the IAM policy document the state machine's role needs, on stdout (policy_build). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"
#include "commands.h"
#include "jv_text.h"
#include "options.h"
#include "policy_build.h"
#include "wfload.h"

static void policy_usage(FILE *out)
{
    fputs("usage: sfdbg policy WORKFLOW [--region R] [--account A] [--partition P] [--xray]\n"
          "                             [--logs] [--state-machine-name NAME]\n"
          "Prints the IAM policy document the workflow's execution role needs: for each Task\n"
          "state (in Parallel branches and Map processors too) the actions AWS documents for\n"
          "its integration and pattern, on the resources its parameters name (docs/policy.md).\n"
          "A resource computed at run time gets a wildcard and a warning on stderr naming the\n"
          "state and the field.\n"
          "  --region R, --account A   for the ARNs the definition does not spell out\n"
          "                            (default us-east-1 and 123456789012, with a note)\n"
          "  --partition P             aws (default), aws-cn, aws-us-gov\n"
          "  --xray                    add the statement X-Ray tracing needs\n"
          "  --logs                    add the statement logging to CloudWatch Logs needs\n"
          "  --state-machine-name NAME the state machine's name, for the HTTP tasks' and\n"
          "                            Distributed Maps' statements\n"
          "                            (default: the workflow file's base name)\n"
          "Exit status: 0 (warnings included), 2 usage error or invalid definition.\n",
          out);
}

enum { OPT_REGION = 256, OPT_ACCOUNT, OPT_PARTITION, OPT_XRAY, OPT_LOGS, OPT_NAME };

static const struct option policy_long[] = {
    {"region", required_argument, NULL, OPT_REGION},
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"partition", required_argument, NULL, OPT_PARTITION},
    {"xray", no_argument, NULL, OPT_XRAY},
    {"logs", no_argument, NULL, OPT_LOGS},
    {"state-machine-name", required_argument, NULL, OPT_NAME},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* A value for an ARN part: letters, digits and dashes. */
static bool policy_arn_part(const char *opt, const char *v)
{
    bool ok = *v && strlen(v) <= 64 && strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
                                           strlen(v);
    if (!ok)
        fprintf(stderr, "sfdbg policy: %s: expected lower-case letters, digits and dashes, "
                "got '%s'\n", opt, v);
    return ok;
}

static int policy_option(cliopt *p, int c, policy_opts *o)
{
    switch (c) {
    case 1:
        if (o->file) {
            fprintf(stderr, "sfdbg policy: one WORKFLOW at a time ('%s' and '%s')\n", o->file,
                    optarg);
            return 2;
        }
        o->file = optarg;
        return 0;
    case OPT_REGION:
        o->region = optarg;
        o->region_given = true;
        return policy_arn_part("--region", optarg) ? 0 : 2;
    case OPT_ACCOUNT:
        o->account = optarg;
        o->account_given = true;
        if (strlen(optarg) == 12 && strspn(optarg, "0123456789") == 12)
            return 0;
        fprintf(stderr, "sfdbg policy: --account: expected 12 digits, got '%s'\n", optarg);
        return 2;
    case OPT_PARTITION:
        o->partition = optarg;
        return policy_arn_part("--partition", optarg) ? 0 : 2;
    case OPT_XRAY: o->xray = true; return 0;
    case OPT_LOGS: o->logs = true; return 0;
    case OPT_NAME: o->machine = optarg; return 0;
    case ':':
        fprintf(stderr, "sfdbg policy: %s needs a value\n", p->name);
        return 2;
    default:
        fprintf(stderr, "sfdbg policy: unknown option '%s' (sfdbg policy --help)\n", p->arg);
        return 2;
    }
}

/* 0, 2 (usage error, message printed) or -1 for --help. */
static int policy_parse(int argc, char **argv, policy_opts *o)
{
    memset(o, 0, sizeof *o);
    o->partition = "aws";
    o->region = "us-east-1";
    o->account = "123456789012";
    o->warn = stderr;
    cliopt p;
    cliopt_init(&p, argc, argv, "-:h", policy_long);
    int c;
    while ((c = cliopt_next(&p)) != -1) {
        if (c == 'h')
            return -1;
        int rc = policy_option(&p, c, o);
        if (rc)
            return rc;
    }
    for (int i = cliopt_rest(&p); i < argc; i++) {
        optarg = argv[i];
        if (policy_option(&p, 1, o))
            return 2;
    }
    if (!o->file) {
        fputs("sfdbg policy: expected WORKFLOW (sfdbg policy --help)\n", stderr);
        return 2;
    }
    return 0;
}

int cmd_policy(int argc, char **argv)
{
    policy_opts o;
    int rc = policy_parse(argc, argv, &o);
    if (rc == -1) {
        policy_usage(stdout);
        return 0;
    }
    if (rc)
        return rc;
    run_options ro;
    memset(&ro, 0, sizeof ro);
    ro.workflow = o.file;
    asl_definition *def = wfload_definition(&ro);
    if (!def)
        return 2;
    char name[256];
    exec_options eo;
    options_to_exec(&ro, &eo, name, sizeof name);
    if (!o.machine)
        o.machine = name;
    size_t warnings;
    jv *doc = policy_build(def, &o, &warnings);
    char *text = jv_dump_string(doc, JV_DUMP_PRETTY);
    puts(text);
    free(text);
    jv_unref(doc);
    asl_definition_free(def);
    return 0;
}
