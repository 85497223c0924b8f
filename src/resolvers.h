/*
 * resolvers — the task answerers `sfdbg run` and the debugger set up from their options,
 * in DESIGN §3's order: the mock config (--mock-config / SFN_MOCK_CONFIG with --test-case),
 * then the handler map (--handlers), then --lambda-endpoint and --endpoint-url, then the
 * HTTP task's real endpoint (with the
 * connections of --connections), then the local services (the S3 store of
 * --services-state / --s3-dir, always there: without either it is empty), then the
 * child workflows of --workflows (states:startExecution). Files are read
 * and checked here, and every problem is reported with the file, the entry and what was
 * expected.
 */
#ifndef SFDBG_RESOLVERS_H
#define SFDBG_RESOLVERS_H

#include "definition.h"
#include "mockconfig.h"
#include "options.h"
#include "task.h"
#include "aws_endpoint.h"
#include "child_workflows.h"
#include "connections.h"
#include "handlers.h"
#include "lambda_remote.h"
#include "services_state.h"

/* Room for every resolver the program sets up: mock config, handlers, S3, DynamoDB, SQS,
 * SNS, EventBridge and those to come (resolvers_add checks it). */
#define RESOLVERS_MAX 12

typedef struct {
    mock_config *mocks;
    handlers *handlers;
    connections *connections;
    lambda_remote *lambda;
    aws_endpoint *aws;
    services_state *services;
    child_workflows *workflows;     /* --workflows */
    struct sfn_children *children;
    task_resolver list[RESOLVERS_MAX];
    size_t count;
} resolver_set;

/* 0, or 2 after printing what is wrong. eo's state machine name selects the mock config's
 * state machine and its start time is the seeded objects' LastModified; eo->s3 is set to
 * the S3 store. */
int resolvers_setup(resolver_set *rs, const run_options *o, const asl_definition *def,
                    exec_options *eo);
/* Reads and checks a mock config file: NULL after printing what is wrong. */
mock_config *resolvers_load_mocks(const char *path);
/* --save-services-state, when given: 0, or 2 after printing what is wrong. */
int resolvers_save_services(const resolver_set *rs, const run_options *o);
void resolvers_cleanup(resolver_set *rs);

#endif
