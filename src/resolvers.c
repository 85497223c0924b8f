/* resolvers — mock config, handler map and local services, from the command line's files. */
#include "resolvers.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "http_task.h"
#include "jv_text.h"
#include "services/dynamodb.h"
#include "services/events.h"
#include "services/jobs.h"
#include "services/s3.h"
#include "services/sfn_child.h"
#include "services/sns.h"
#include "services/sqs.h"

#define RESOLVERS_MAX_FILE (16u * 1024 * 1024)

/* Appends a resolver; the list is sized for every one the program has (abort otherwise:
 * a programming error, not an input). */
static void resolvers_add(resolver_set *rs, task_resolver r)
{
    if (rs->count >= RESOLVERS_MAX) {
        fprintf(stderr, "sfdbg: internal error: more than %d task resolvers\n", RESOLVERS_MAX);
        abort();
    }
    rs->list[rs->count++] = r;
}

mock_config *resolvers_load_mocks(const char *path)
{
    char err[1024];
    size_t len;
    char *text = fileio_read(path, RESOLVERS_MAX_FILE, &len, err, sizeof err);
    if (!text) {
        fprintf(stderr, "sfdbg: --mock-config: %s\n", err);
        return NULL;
    }
    mock_config *m = mock_config_parse(text, len, err, sizeof err);
    free(text);
    if (!m)
        fprintf(stderr, "sfdbg: %s: %s\n", path, err);
    return m;
}

static int resolvers_mocks(resolver_set *rs, const run_options *o, const asl_definition *def,
                           const char *sm_name)
{
    char err[1024];
    if (!(rs->mocks = resolvers_load_mocks(o->mock_config)))
        return 2;
    const mock_case *c = mock_config_case(rs->mocks, sm_name, o->test_case, err, sizeof err);
    if (!c) {
        fprintf(stderr, "sfdbg: %s: %s\n", o->mock_config, err);
        return 2;
    }
    for (size_t i = 0; i < mock_case_state_count(c); i++) {
        const char *state = mock_case_state_at(c, i);
        const asl_state *s = asl_definition_find_state(def, state);
        if (!s || s->type != ASL_TASK) {
            fprintf(stderr, "sfdbg: %s: test case '%s' mocks '%s', which is %s in %s\n",
                    o->mock_config, o->test_case, state, s ? "not a Task state" : "no state",
                    o->workflow);
            return 2;
        }
    }
    resolvers_add(rs, (task_resolver){"mock-config", mock_case_resolve, (void *)c});
    return 0;
}

static int resolvers_handlers(resolver_set *rs, const run_options *o)
{
    char err[1024];
    size_t len;
    char *text = fileio_read(o->handlers, RESOLVERS_MAX_FILE, &len, err, sizeof err);
    if (!text) {
        fprintf(stderr, "sfdbg: --handlers: %s\n", err);
        return 2;
    }
    jv_parse_error perr;
    jv *map = jv_parse(text, len, 0, &perr);
    free(text);
    if (!map) {
        fprintf(stderr, "%s:%d:%d: error: invalid JSON: %s\n", o->handlers, perr.line,
                perr.column, perr.message);
        return 2;
    }
    char *path = jv_xstrdup(o->handlers);
    rs->handlers = handlers_new(map, dirname(path), err, sizeof err);
    free(path);
    jv_unref(map);
    if (!rs->handlers) {
        fprintf(stderr, "sfdbg: %s: %s\n", o->handlers, err);
        return 2;
    }
    resolvers_add(rs, (task_resolver){"handlers", handlers_resolve, rs->handlers});
    return 0;
}

/* --connections FILE (optional) and the HTTP task's resolver, always there. */
static int resolvers_http(resolver_set *rs, const run_options *o)
{
    if (o->connections) {
        char err[1024];
        size_t len;
        char *text = fileio_read(o->connections, RESOLVERS_MAX_FILE, &len, err, sizeof err);
        if (!text) {
            fprintf(stderr, "sfdbg: --connections: %s\n", err);
            return 2;
        }
        jv_parse_error perr;
        jv *map = jv_parse(text, len, 0, &perr);
        memset(text, 0, len);   /* secrets: not left in freed memory */
        free(text);
        if (!map) {
            fprintf(stderr, "%s:%d:%d: error: invalid JSON: %s\n", o->connections, perr.line,
                    perr.column, perr.message);
            return 2;
        }
        rs->connections = connections_new(map, err, sizeof err);
        jv_unref(map);
        if (!rs->connections) {
            fprintf(stderr, "sfdbg: %s: %s\n", o->connections, err);
            return 2;
        }
    }
    resolvers_add(rs, (task_resolver){"http", http_task_resolve, rs->connections});
    return 0;
}

static int resolvers_services(resolver_set *rs, const run_options *o, exec_options *eo)
{
    char err[1024];
    rs->services = services_state_load(o->services_state, o->s3_dir, eo->start_time_ms, err,
                                       sizeof err);
    if (!rs->services) {
        fprintf(stderr, "sfdbg: %s\n", err);
        return 2;
    }
    eo->s3 = services_state_s3(rs->services);
    resolvers_add(rs, (task_resolver){"s3", s3_service_resolve, eo->s3});
    resolvers_add(rs, (task_resolver){"dynamodb", dynamodb_service_resolve,
                                      services_state_dynamodb(rs->services)});
    resolvers_add(rs, (task_resolver){"sqs", sqs_service_resolve,
                                      services_state_sqs(rs->services)});
    resolvers_add(rs, (task_resolver){"sns", sns_service_resolve,
                                      services_state_sns(rs->services)});
    resolvers_add(rs, (task_resolver){"events", events_service_resolve,
                                      services_state_events(rs->services)});
    resolvers_add(rs, (task_resolver){"jobs", jobs_service_resolve,
                                      services_state_jobs(rs->services)});
    return 0;
}

/* --workflows DIR: states:startExecution as child executions, with the options and
 * resolvers of the parent (eo as set up so far). */
static int resolvers_workflows(resolver_set *rs, const run_options *o, const exec_options *eo)
{
    char err[1024];
    if (!(rs->workflows = child_workflows_new(o->workflows, err, sizeof err))) {
        fprintf(stderr, "sfdbg: %s\n", err);
        return 2;
    }
    rs->children = sfn_children_new(child_workflows_lookup, rs->workflows, eo);
    resolvers_add(rs, (task_resolver){"workflows", sfn_child_resolve,
                                      sfn_children_user(rs->children)});
    sfn_children_set_resolvers(rs->children, rs->list, rs->count);
    return 0;
}

int resolvers_setup(resolver_set *rs, const run_options *o, const asl_definition *def,
                    exec_options *eo)
{
    memset(rs, 0, sizeof *rs);
    int rc = 0;
    if (o->mock_config)
        rc = resolvers_mocks(rs, o, def, eo->state_machine_name);
    if (!rc && o->handlers)
        rc = resolvers_handlers(rs, o);
    if (!rc && o->lambda_endpoint) {
        rs->lambda = lambda_remote_new(o->lambda_endpoint);
        resolvers_add(rs, (task_resolver){"lambda-endpoint", lambda_remote_resolve, rs->lambda});
    }
    if (!rc && o->nendpoint_urls) {
        char err[512];
        rs->aws = aws_endpoint_new(o->endpoint_urls, o->nendpoint_urls, eo->region, err,
                                   sizeof err);
        if (!rs->aws) {
            fprintf(stderr, "sfdbg: %s\n", err);
            rc = 2;
        } else {
            resolvers_add(rs, (task_resolver){"endpoint-url", aws_endpoint_resolve, rs->aws});
        }
    }
    if (!rc)
        rc = resolvers_http(rs, o);
    if (!rc)
        rc = resolvers_services(rs, o, eo);
    if (!rc && o->workflows)
        rc = resolvers_workflows(rs, o, eo);
    return rc;
}

int resolvers_save_services(const resolver_set *rs, const run_options *o)
{
    char err[1024];
    if (!o->save_services_state || !rs->services)
        return 0;
    if (services_state_save(rs->services, o->save_services_state, err, sizeof err)) {
        fprintf(stderr, "sfdbg: --save-services-state: %s\n", err);
        return 2;
    }
    return 0;
}

void resolvers_cleanup(resolver_set *rs)
{
    mock_config_free(rs->mocks);
    handlers_free(rs->handlers);
    connections_free(rs->connections);
    lambda_remote_free(rs->lambda);
    aws_endpoint_free(rs->aws);
    services_state_free(rs->services);
    sfn_children_free(rs->children);
    child_workflows_free(rs->workflows);
    memset(rs, 0, sizeof *rs);
}
