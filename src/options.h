/*
 * options — the options `sfdbg run` and the debugger share (DESIGN §4), parsed into one
 * struct, and turned into the engine's exec_options. Every value is checked here, so a bad
 * option is a usage error (exit 2) with a message that names the option.
 */
#ifndef SFDBG_OPTIONS_H
#define SFDBG_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <getopt.h>

#include "exec.h"

#define OPTIONS_MAX_BREAKS 64

typedef struct {
    const char *workflow;            /* the definition file */
    const char *input;               /* JSON text or file://PATH; NULL: {} */
    const char *state_machine_name;  /* NULL: the workflow file's base name */
    const char *execution_name;
    const char *region, *account;
    const char *history_file;
    const char *mock_config;         /* --mock-config, else $SFN_MOCK_CONFIG */
    const char *test_case;
    const char *handlers;
    const char *services_state;      /* --services-state FILE */
    const char *save_services_state; /* --save-services-state FILE */
    const char *s3_dir;              /* --s3-dir DIR */
    const char *connections;         /* --connections FILE (the HTTP task's) */
    const char *workflows;           /* --workflows DIR (states:startExecution children) */
    const char *lambda_endpoint;     /* --lambda-endpoint URL */
    const char *endpoint_urls[16];   /* --endpoint-url [SERVICE=]URL, repeatable */
    size_t nendpoint_urls;
    const char *breaks[OPTIONS_MAX_BREAKS];
    size_t nbreaks;
    bool express;
    bool real_time;
    bool has_start_time;
    int64_t start_time_ms;
    bool has_seed;
    uint64_t seed;
    long max_events;
    long max_payload;                /* -1: default */
    bool has_max_memory;             /* else the engine's default */
    size_t max_memory;
    /* Not an option: a caller that runs many executions in one process (`sfdbg test`)
     * lends its record pool (exec_options.record_pool); NULL: none. */
    record_pool *record_pool;
} run_options;

/* Parses the arguments after argv[0] (getopt_long, through cliopt: `--opt value` and
 * `--opt=value`, in any order around the workflow, `--` ending the options); first is 0
 * when argv[0] is itself the workflow (the debugger's `sfdbg WORKFLOW ...`), 1 when it is
 * the command's name. Returns 0, or 2 after printing a usage error to stderr. Sets *help
 * when --help was given. */
int options_parse(int argc, char **argv, int first, run_options *o, bool *help);

/* For a command with options of its own besides these (`sfdbg serve`): its table (vals
 * from OPTIONS_EXTRA_ID up, ended by a {NULL} entry) and what sets them (0, or 2 after a
 * usage error). */
#define OPTIONS_EXTRA_ID 1024
typedef struct {
    const struct option *longopts;
    int (*set)(void *user, int id, const char *value);
    void *user;
} options_extra;

/* As options_parse for a command that takes no operand (argv[0] is its name), with x's
 * options too; the mock config is not checked for a test case (the caller picks it). */
int options_parse_extra(int argc, char **argv, const options_extra *x, run_options *o,
                        bool *help);

/* The engine options for o (strings borrowed from o / argv). The state machine name
 * defaults to the workflow's base name without .json / .asl.json; buf holds it. */
void options_to_exec(const run_options *o, exec_options *eo, char *namebuf, size_t n);

/* Whether the option NAME (without "--") takes a value in the next argument: for commands
 * that pass some of their arguments on to options_parse (`sfdbg replay`). */
bool options_takes_value(const char *name);

/* The option lines shared by `run --help` and `sfdbg --help`. */
extern const char options_help[];

#endif
