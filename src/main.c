/* sfdbg — a terminal debugger for AWS Step Functions workflows. The program's entry:
 * dispatches to the subcommands (commands.h). */
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cliopt.h"
#include "commands.h"
#include "http_client.h"
#include "options.h"

#define SFDBG_VERSION "0.1.0"

static void main_usage(FILE *out)
{
    fputs("sfdbg " SFDBG_VERSION " - run and debug AWS Step Functions workflows locally\n\n"
          "usage:\n"
          "  sfdbg WORKFLOW [options]          open the debugger (paused before the first state)\n"
          "  sfdbg run WORKFLOW [options]      run headless; print one JSON result object\n"
          "  sfdbg validate WORKFLOW...        check definitions; compiler-style diagnostics\n"
          "  sfdbg eval EXPR [--jsonpath|--jsonata] [--input JSON] [--context JSON] [--envelope]\n"
          "                                    evaluate a JSONPath, intrinsic or JSONata expression\n"
          "  sfdbg serve [--host H] [--port P] [options]\n"
          "                                    the Step Functions API on localhost (docs/serve.md)\n"
          "  sfdbg test SUITE.json... [--test NAME] [--junit FILE] [-j N]\n"
          "                                    run test suites (docs/testing.md); TAP on stdout\n"
          "  sfdbg test MOCKCONFIG --workflow F [--test-case NAME] [--input JSON]\n"
          "                                    run every test case of a mock config as a smoke test\n"
          "  sfdbg policy WORKFLOW [--region R] [--account A] [--partition P] [--xray] [--logs]\n"
          "                                    the IAM policy the workflow's role needs (docs/policy.md)\n"
          "  sfdbg replay HISTORY.json [--definition WORKFLOW] [--rerun]  a recorded execution\n"
          "  sfdbg send-task-success --task-token T --output JSON [--endpoint-url URL]\n"
          "  sfdbg send-task-failure --task-token T [--error E] [--cause C] [--endpoint-url URL]\n"
          "  sfdbg send-task-heartbeat --task-token T [--endpoint-url URL]\n"
          "                                    answer a task waiting in sfdbg serve or --listen\n"
          "  sfdbg --help | --version\n\n"
          "Options of run:\n",
          out);
    fputs(options_help, out);
    fputs("\nsfdbg COMMAND --help describes a command; sfdbg WORKFLOW --help the debugger.\n",
          out);
}

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
} main_command;

static const main_command main_commands[] = {
    {"run", cmd_run},
    {"validate", cmd_validate},
    {"eval", cmd_eval},
    {"serve", cmd_serve},
    {"test", cmd_test},
    {"policy", cmd_policy},
    {"replay", cmd_replay},
    {"send-task-success", cmd_send_task_success},
    {"send-task-failure", cmd_send_task_failure},
    {"send-task-heartbeat", cmd_send_task_heartbeat},
};

/* argv[0] is a command's name or the workflow to debug. */
static int main_dispatch(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof main_commands / sizeof main_commands[0]; i++)
        if (!strcmp(argv[0], main_commands[i].name))
            return main_commands[i].run(argc, argv);
    return cmd_debug(argc, argv);
}

enum { MAIN_VERSION = 256 };

/* The program's own options: only before a command or workflow, and only one. */
static const struct option main_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, MAIN_VERSION},
    {NULL, 0, NULL, 0},
};

int main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "");
    /* A handler that stops reading its stdin makes our write fail with EPIPE, which its
     * job reports, instead of killing us (the one place a signal disposition is set). */
    signal(SIGPIPE, SIG_IGN);
    /* libcurl's one global init (the HTTP task); a failure shows on each request */
    if (http_client_global_init())
        atexit(http_client_global_cleanup);
    if (argc < 2) {
        main_usage(stderr);
        return 2;
    }
    cliopt p;
    cliopt_init(&p, argc, argv, "-:h", main_options);
    int first;
    switch (cliopt_next(&p)) {
    case 'h':
        main_usage(stdout);
        return 0;
    case MAIN_VERSION:
        puts("sfdbg " SFDBG_VERSION);
        return 0;
    case 1:
        first = cliopt_rest(&p) - 1;
        return main_dispatch(argc - first, argv + first);
    case -1: /* "--": what follows is the workflow to debug, whatever its name */
        first = cliopt_rest(&p);
        if (first >= argc) {
            main_usage(stderr);
            return 2;
        }
        return cmd_debug(argc - first, argv + first);
    default:
        fprintf(stderr, "sfdbg: unknown option %s (sfdbg --help lists the commands)\n", p.arg);
        return 2;
    }
}
