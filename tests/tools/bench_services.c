/*
 * bench_services — what an embedded service's Task costs over one answered in-process at
 * once (a mock's cost), for `make bench` (printed, never asserted): an inline Map of 20,000
 * Task iterations answered by an echo resolver, then by the embedded SQS (sendMessage), SNS
 * (publish), EventBridge (putEvents) and DynamoDB (putItem, a new key each), the same
 * Parameters both ways. The target is at most 5 µs per task over the echo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_clock.h"
#include "definition.h"
#include "exec.h"
#include "jv_text.h"
#include "services/dynamodb.h"
#include "services/events.h"
#include "services/sns.h"
#include "services/sqs.h"

#define BENCH_ITEMS 20000

static task_answer_kind bench_echo(void *user, const task_call *call, task_answer *out)
{
    out->kind = TASK_RESULT;
    out->result = jv_ref(call->input);
    return out->kind;
}

/* Seconds for a Map of BENCH_ITEMS iterations of the Task state, answered by r. */
static double bench_run(const char *task_state, task_resolver r)
{
    char text[2048];
    snprintf(text, sizeof text, "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\","
             "\"ItemProcessor\":{\"StartAt\":\"T\",\"States\":{\"T\":%s}},\"End\":true}}}",
             task_state);
    asl_diags diags;
    asl_diags_init(&diags);
    asl_validate_options vo = {.express = false};
    asl_definition *def = asl_definition_load(text, strlen(text), &vo, &diags);
    asl_diags_cleanup(&diags);
    if (!def) {
        fprintf(stderr, "bench: the definition did not load: %s\n", text);
        exit(1);
    }
    jv *items = jv_array();
    for (int i = 0; i < BENCH_ITEMS; i++)
        items = jv_array_append_take(items, jv_number(i));
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 7;
    eo.max_events = 0;
    eo.max_payload = 0;
    eo.resolvers = &r;
    eo.nresolvers = 1;
    double start = bench_now();
    sfn_exec *ex = exec_new(def, items, &eo);
    exec_run(ex, 0);
    double elapsed = bench_now() - start;
    if (exec_status_of(ex) != EXEC_SUCCEEDED) {
        fprintf(stderr, "bench: %s: %s\n", exec_status_name(exec_status_of(ex)),
                exec_cause(ex) ? exec_cause(ex) : "");
        exit(1);
    }
    exec_free(ex);
    jv_unref(items);
    asl_definition_free(def);
    return elapsed;
}

static void bench_service(const char *label, const char *resource, const char *params,
                          task_resolver service)
{
    char state[1024];
    snprintf(state, sizeof state, "{\"Type\":\"Task\",\"Resource\":\"%s\",\"Parameters\":%s,"
             "\"End\":true}", resource, params);
    double echo = bench_run(state, (task_resolver){"echo", bench_echo, NULL});
    double embedded = bench_run(state, service);
    printf("%s: %.2f us per task, %.2f us over an echo resolver (%d tasks)\n", label,
           embedded * 1e6 / BENCH_ITEMS, (embedded - echo) * 1e6 / BENCH_ITEMS, BENCH_ITEMS);
}

int main(void)
{
    msg_store *queues = msg_store_new(sqs_spec());
    msg_store *topics = msg_store_new(sns_spec());
    msg_store *buses = msg_store_new(events_spec());
    ddb_store *tables = ddb_store_new();
    char err[256];
    jv *t = jv_parse_cstr("{\"Items\": {\"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": "
                          "\"HASH\"}], \"Items\": []}}", NULL);
    if (!ddb_store_load(tables, t, err, sizeof err)) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    jv_unref(t);
    bench_service("embedded SQS sendMessage", "arn:aws:states:::sqs:sendMessage",
                  "{\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/1/q\","
                  "\"MessageBody\":{\"item.$\":\"$\"}}",
                  (task_resolver){"sqs", sqs_service_resolve, queues});
    bench_service("embedded SNS publish", "arn:aws:states:::sns:publish",
                  "{\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\",\"Message\":{\"item.$\":\"$\"}}",
                  (task_resolver){"sns", sns_service_resolve, topics});
    bench_service("embedded EventBridge putEvents", "arn:aws:states:::events:putEvents",
                  "{\"Entries\":[{\"Source\":\"s\",\"DetailType\":\"d\","
                  "\"Detail\":{\"item.$\":\"$\"}}]}",
                  (task_resolver){"events", events_service_resolve, buses});
    bench_service("embedded DynamoDB putItem", "arn:aws:states:::dynamodb:putItem",
                  "{\"TableName\":\"Items\","
                  "\"Item\":{\"pk\":{\"S.$\":\"States.Format('k{}', $)\"}}}",
                  (task_resolver){"dynamodb", dynamodb_service_resolve, tables});
    msg_store_free(queues);
    msg_store_free(topics);
    msg_store_free(buses);
    ddb_store_free(tables);
    return 0;
}
