/*
 * bench_services — what an embedded service's Task costs over one answered in-process at
 * once (a mock's cost), for `make bench` (printed, never asserted): an inline Map of 20,000
 * Task iterations answered by an echo resolver, then by the embedded SQS (sendMessage), SNS
 * (publish), EventBridge (putEvents) and DynamoDB (putItem, a new key each), the same
 * Parameters both ways. The target is at most 5 µs per task over the echo.
 *
 * The machine a bench runs on is often shared: times are the thread's CPU time (what the
 * tasks cost, not how long other programs kept the CPU), each line is the best of
 * BENCH_ROUNDS rounds (echo and embedded alternating, so both see the same caches), and
 * an argument runs only the lines whose label contains it (`bench_services SQS`, for
 * perf).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "definition.h"
#include "exec.h"
#include "jv_text.h"
#include "services/dynamodb.h"
#include "services/events.h"
#include "services/sns.h"
#include "services/sqs.h"

#define BENCH_ITEMS 20000
#define BENCH_ROUNDS 3
#define BENCH_TARGET_US 5.0

/* Seconds of this thread's CPU time (user and system: page faults count). */
static double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
    double start = bench_cpu_now();
    sfn_exec *ex = exec_new(def, items, &eo);
    exec_run(ex, 0);
    double elapsed = bench_cpu_now() - start;
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

static const char *bench_only;

/* The stores of one round, new each round so that every round starts from the same state:
 * empty queues, topics and buses, and the table "Items" (key pk) holding k0 ... k(N-1)
 * when seeded (what getItem, updateItem and query read). */
typedef struct {
    msg_store *queues, *topics, *buses;
    ddb_store *tables;
} bench_stores;

typedef enum { B_SQS, B_SNS, B_EVENTS, B_DDB, B_DDB_SEEDED } bench_store_kind;

static jv *bench_table(bool seeded)
{
    jv *items = jv_array();
    for (int i = 0; seeded && i < BENCH_ITEMS; i++) {
        char key[32];
        snprintf(key, sizeof key, "k%d", i);
        jv *pk = jv_object_set_take(jv_object(), "S", jv_string(key));
        jv *n = jv_object_set_take(jv_object(), "N", jv_string("1"));
        jv *item = jv_object_set_take(jv_object(), "pk", pk);
        items = jv_array_append_take(items, jv_object_set_take(item, "n", n));
    }
    jv *schema = jv_parse_cstr("[{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}]", NULL);
    jv *table = jv_object_set_take(jv_object(), "KeySchema", schema);
    table = jv_object_set_take(table, "Items", items);
    return jv_object_set_take(jv_object(), "Items", table);
}

static void *bench_stores_new(bench_stores *st, bench_store_kind kind)
{
    st->queues = msg_store_new(sqs_spec());
    st->topics = msg_store_new(sns_spec());
    st->buses = msg_store_new(events_spec());
    st->tables = ddb_store_new();
    char err[256];
    jv *t = bench_table(kind == B_DDB_SEEDED);
    if (!ddb_store_load(st->tables, t, err, sizeof err)) {
        fprintf(stderr, "bench: %s\n", err);
        exit(1);
    }
    jv_unref(t);
    switch (kind) {
    case B_SQS:
        return st->queues;
    case B_SNS:
        return st->topics;
    case B_EVENTS:
        return st->buses;
    default:
        return st->tables;
    }
}

static void bench_stores_free(bench_stores *st)
{
    msg_store_free(st->queues);
    msg_store_free(st->topics);
    msg_store_free(st->buses);
    ddb_store_free(st->tables);
}

typedef struct {
    const char *label, *resource, *params;
    task_resolve_fn resolve;
    bench_store_kind store;
} bench_case;

static void bench_service(const bench_case *c)
{
    if (bench_only && !strstr(c->label, bench_only))
        return;
    char state[1024];
    snprintf(state, sizeof state, "{\"Type\":\"Task\",\"Resource\":\"%s\",\"Parameters\":%s,"
             "\"End\":true}", c->resource, c->params);
    double echo = 1e9, embedded = 1e9;
    for (int round = 0; round < BENCH_ROUNDS; round++) {
        double e = bench_run(state, (task_resolver){"echo", bench_echo, NULL});
        bench_stores st;
        void *user = bench_stores_new(&st, c->store);
        double s = bench_run(state, (task_resolver){c->label, c->resolve, user});
        bench_stores_free(&st);
        echo = e < echo ? e : echo;
        embedded = s < embedded ? s : embedded;
    }
    printf("%s: %.2f us (CPU) per task, %.2f us over an echo resolver (target <= %.0f us; %d tasks, "
           "best of %d)\n", c->label, embedded * 1e6 / BENCH_ITEMS,
           (embedded - echo) * 1e6 / BENCH_ITEMS, BENCH_TARGET_US, BENCH_ITEMS, BENCH_ROUNDS);
}

#define BENCH_KEY "{\"pk\":{\"S.$\":\"States.Format('k{}', $)\"}}"

static const bench_case bench_cases[] = {
    {"embedded SQS sendMessage", "arn:aws:states:::sqs:sendMessage",
     "{\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/1/q\","
     "\"MessageBody\":{\"item.$\":\"$\"}}", sqs_service_resolve, B_SQS},
    {"embedded SNS publish", "arn:aws:states:::sns:publish",
     "{\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\",\"Message\":{\"item.$\":\"$\"}}",
     sns_service_resolve, B_SNS},
    {"embedded EventBridge putEvents", "arn:aws:states:::events:putEvents",
     "{\"Entries\":[{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":{\"item.$\":\"$\"}}]}",
     events_service_resolve, B_EVENTS},
    {"embedded DynamoDB putItem", "arn:aws:states:::dynamodb:putItem",
     "{\"TableName\":\"Items\",\"Item\":" BENCH_KEY "}", dynamodb_service_resolve, B_DDB},
    {"embedded DynamoDB getItem", "arn:aws:states:::dynamodb:getItem",
     "{\"TableName\":\"Items\",\"Key\":" BENCH_KEY "}", dynamodb_service_resolve, B_DDB_SEEDED},
    {"embedded DynamoDB updateItem", "arn:aws:states:::dynamodb:updateItem",
     "{\"TableName\":\"Items\",\"Key\":" BENCH_KEY ",\"UpdateExpression\":\"SET n = n + :one\","
     "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}", dynamodb_service_resolve,
     B_DDB_SEEDED},
    {"embedded DynamoDB query", "arn:aws:states:::aws-sdk:dynamodb:query",
     "{\"TableName\":\"Items\",\"KeyConditionExpression\":\"pk = :k\","
     "\"ExpressionAttributeValues\":{\":k\":{\"S.$\":\"States.Format('k{}', $)\"}}}",
     dynamodb_service_resolve, B_DDB_SEEDED},
};

int main(int argc, char **argv)
{
    bench_only = argc > 1 ? argv[1] : NULL;
    for (size_t i = 0; i < sizeof bench_cases / sizeof bench_cases[0]; i++)
        bench_service(&bench_cases[i]);
    return 0;
}
