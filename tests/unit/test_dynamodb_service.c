/* Unit tests: the embedded DynamoDB (engine/services/dynamodb.c, ddb_store.c, ddb_value.c):
 * the optimized and aws-sdk shapes recorded in ../shared/conformance/asl
 * (test_dynamodb_task_service, test_aws_sdk_task_service: putItem {} , updateItem's
 * UPDATED_NEW Attributes, getItem's Item, Content-Length of the JSON body), the error names
 * and causes (DynamoDB.AmazonDynamoDBException for a validation error, DynamoDb.* for
 * aws-sdk), conditions, ReturnValues, query/scan pages, the 400 KB limit and snapshots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_text.h"
#include "jv_text.h"
#include "rng.h"
#include "services/dynamodb.h"
#include "tap.h"

static ddb_store *store;
static rng random_stream;

static task_answer_kind call(const char *resource, const char *input, task_answer *a)
{
    return answer_call(dynamodb_service_resolve, store, resource, input, NULL, 1704164645000,
                       &random_stream, a);
}

/* "sdk:ACTION" or "opt:ACTION": the answer as text; metadata dropped (checked apart). */
static char *answer(const char *which, const char *input)
{
    char resource[128];
    bool sdk = !strncmp(which, "sdk:", 4);
    snprintf(resource, sizeof resource, "arn:aws:states:::%s%s", sdk ? "aws-sdk:dynamodb:" :
             "dynamodb:", which + 4);
    task_answer a;
    task_answer_kind k = call(resource, input, &a);
    jv *r = k == TASK_RESULT ? jv_object_delete(jv_object_delete(jv_ref(a.result),
                                                                 "SdkHttpMetadata"),
                                                "SdkResponseMetadata") : NULL;
    char *text = answer_text_of(k, &a, r);
    jv_unref(r);
    task_answer_cleanup(&a);
    return text;
}

static void is(const char *which, const char *input, const char *want, const char *name)
{
    char *got = answer(which, input);
    tap_is_str(got, want, "%s", name);
    free(got);
}

static void starts(const char *which, const char *input, const char *want, const char *name)
{
    char *got = answer(which, input);
    if (!tap_ok(!strncmp(got, want, strlen(want)), "%s", name))
        tap_diag("got: %s", got);
    free(got);
}

static void reset(void)
{
    ddb_store_free(store);
    store = ddb_store_new();
    char err[256];
    jv *section = jv_parse_cstr(
        "{\"users\": {\"KeySchema\": [{\"AttributeName\": \"id\", \"KeyType\": \"HASH\"}],"
        "             \"Items\": [{\"id\": {\"S\": \"u1\"}, \"name\": {\"S\": \"Ann\"},"
        "                          \"visits\": {\"N\": \"1\"}}]},"
        " \"orders\": {\"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"},"
        "                             {\"AttributeName\": \"sk\", \"KeyType\": \"RANGE\"}]}}", NULL);
    tap_ok(ddb_store_load(store, section, err, sizeof err), "the state section loads");
    jv_unref(section);
}

static void test_recorded_shapes(void)
{
    reset();
    is("opt:putItem", "{\"TableName\":\"users\",\"Item\":{\"data\":{\"S\":\"HelloWorld\"},"
       "\"id\":{\"S\":\"id1\"}}}", "{}", "optimized putItem: {} and the metadata");
    is("opt:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"id1\"}},"
       "\"UpdateExpression\":\"set S=:r\",\"ExpressionAttributeValues\":{\":r\":{\"S\":"
       "\"HelloWorldUpdated\"}},\"ReturnValues\":\"UPDATED_NEW\"}",
       "{\"Attributes\":{\"S\":{\"S\":\"HelloWorldUpdated\"}}}", "updateItem UPDATED_NEW");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"id1\"}}}",
       "{\"Item\":{\"data\":{\"S\":\"HelloWorld\"},\"id\":{\"S\":\"id1\"},\"S\":{\"S\":"
       "\"HelloWorldUpdated\"}}}", "aws-sdk getItem: Item");

    task_answer a;
    call("arn:aws:states:::dynamodb:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":"
         "{\"S\":\"id1\"}},\"UpdateExpression\":\"set S=:r\",\"ExpressionAttributeValues\":"
         "{\":r\":{\"S\":\"HelloWorldUpdated\"}},\"ReturnValues\":\"UPDATED_NEW\"}", &a);
    const jv *h = jv_object_get(jv_object_get(a.result, "SdkHttpMetadata"), "HttpHeaders");
    tap_is_str(h ? jv_string_value(jv_object_get(h, "Content-Length")) : "", "46",
               "Content-Length is the JSON body's, as AWS recorded (46)");
    tap_is_str(h ? jv_string_value(jv_object_get(h, "Date")) : "", "Tue, 02 Jan 2024 03:04:05 GMT",
               "Date is the virtual clock's");
    tap_ok(jv_is_string(jv_object_get(jv_object_get(a.result, "SdkResponseMetadata"),
                                      "RequestId")), "SdkResponseMetadata.RequestId");
    task_answer_cleanup(&a);
    call("arn:aws:states:::aws-sdk:dynamodb:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":"
         "{\"S\":\"x\"}}}", &a);
    tap_ok(a.kind == TASK_RESULT && !jv_object_has(a.result, "SdkHttpMetadata"),
           "aws-sdk results carry no SdkHttpMetadata");
    task_answer_cleanup(&a);
}

static void test_errors(void)
{
    reset();
    starts("opt:putItem", "{\"TableName\":\"users\"}",
           "error DynamoDB.AmazonDynamoDBException: 1 validation error detected: Value null at "
           "'item' failed to satisfy constraint: Member must not be null (Service: AmazonDynamoDBv2; "
           "Status Code: 400; Error Code: ValidationException; Request ID: ", "missing Item");
    starts("opt:putItem", "{\"TableName\":\"/t\",\"Item\":{}}",
           "error DynamoDB.AmazonDynamoDBException: 1 validation error detected: Value '/t' at "
           "'tableName' failed to satisfy constraint: Member must satisfy regular expression "
           "pattern: [a-zA-Z0-9_.-]+ (Service: AmazonDynamoDBv2;", "a bad table name");
    starts("sdk:putItem", "{\"TableName\":\"nope\",\"Item\":{\"id\":{\"S\":\"a\"}}}",
           "error DynamoDb.ResourceNotFoundException: Requested resource not found (Service: "
           "DynamoDb, Status Code: 400, Request ID: ", "aws-sdk: no such table");
    starts("opt:getItem", "{\"TableName\":\"nope\",\"Key\":{\"id\":{\"S\":\"a\"}}}",
           "error DynamoDB.ResourceNotFoundException: Requested resource not found (Service: "
           "AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException;",
           "optimized: no such table");
    starts("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"name\":{\"S\":\"a\"}}}",
           "error DynamoDb.DynamoDbException: One or more parameter values were invalid: Missing "
           "the key id in the item", "an item without its key");
    starts("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"N\":\"1\"},\"x\":{\"S\":"
           "\"y\"}}}", "error DynamoDb.DynamoDbException: The provided key element does not match "
           "the schema", "a key with extra attributes");
    starts("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"\"}}}",
           "error DynamoDb.DynamoDbException: One or more parameter values are not valid. The "
           "AttributeValue for a key attribute cannot contain an empty string value. Key: id",
           "an empty key string");
    starts("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"a\"},\"n\":{\"N\":"
           "\"abc\"}}}", "error DynamoDb.DynamoDbException: The parameter cannot be converted to a "
           "numeric value: abc", "a bad number");
    starts("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"a\"},\"n\":{\"S\":"
           "\"a\",\"N\":\"1\"}}}", "error DynamoDb.DynamoDbException: Supplied AttributeValue has "
           "more than one datatypes set", "two types in one value");
    starts("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"a\"},\"s\":{\"SS\":"
           "[\"x\",\"x\"]}}}", "error DynamoDb.DynamoDbException: Input collection contains "
           "duplicates", "a set with duplicates");
    starts("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"a\"}},"
           "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"x\"}},\"ConditionExpression\":"
           "\"attribute_not_exists(id)\"}", "error DynamoDb.DynamoDbException: Value provided in "
           "ExpressionAttributeValues unused in expressions: keys: {:v}", "an unused value");
    starts("sdk:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}},"
           "\"UpdateExpression\":\"SET id = :v\",\"ExpressionAttributeValues\":{\":v\":{\"S\":"
           "\"x\"}}}", "error DynamoDb.DynamoDbException: One or more parameter values were invalid: "
           "Cannot update attribute id. This attribute is part of the key", "updating the key");
    starts("sdk:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}},"
           "\"UpdateExpression\":\"SET status = :v\",\"ExpressionAttributeValues\":{\":v\":{\"S\":"
           "\"x\"}}}", "error DynamoDb.DynamoDbException: Invalid UpdateExpression: Attribute name "
           "is a reserved keyword; reserved keyword: status", "a reserved word");
    /* the 400 KB limit */
    size_t big = 410 * 1024;
    char *input = malloc(big + 128);
    int w = snprintf(input, big + 128, "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"b\"},"
                     "\"blob\":{\"S\":\"");
    memset(input + w, 'x', big);
    strcpy(input + w + big, "\"}}}");
    starts("opt:putItem", input, "error DynamoDB.AmazonDynamoDBException: Item size has exceeded "
           "the maximum allowed size", "an item over 400 KB is refused");
    free(input);
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"b\"}}}", "{}",
       "and was not stored");
    is("sdk:batchGetItem", "{}", "no answer", "actions it does not serve are left to others");
    is("opt:query", "{}", "no answer", "dynamodb:query is no optimized integration");
}

static void test_conditions_and_returns(void)
{
    reset();
    const char *put_new = "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"u1\"}},"
                          "\"ConditionExpression\":\"attribute_not_exists(id)\"}";
    starts("opt:putItem", put_new, "error DynamoDB.ConditionalCheckFailedException: The "
           "conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: "
           "ConditionalCheckFailedException;", "put if absent on an existing item fails");
    starts("sdk:putItem", put_new, "error DynamoDb.ConditionalCheckFailedException: The "
           "conditional request failed (Service: DynamoDb, Status Code: 400", "aws-sdk's name");
    const char *bump = "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}},"
                       "\"UpdateExpression\":\"SET visits = visits + :one ADD tags :t REMOVE "
                       "#n\",\"ConditionExpression\":\"visits < :max\",\"ExpressionAttributeNames\":"
                       "{\"#n\":\"name\"},\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},"
                       "\":max\":{\"N\":\"3\"},\":t\":{\"SS\":[\"a\"]}},\"ReturnValues\":\"ALL_NEW\"}";
    is("sdk:updateItem", bump, "{\"Attributes\":{\"id\":{\"S\":\"u1\"},\"visits\":{\"N\":\"2\"},"
       "\"tags\":{\"SS\":[\"a\"]}}}", "SET +, ADD to a set, REMOVE, ALL_NEW");
    is("sdk:updateItem", bump, "{\"Attributes\":{\"id\":{\"S\":\"u1\"},\"visits\":{\"N\":\"3\"},"
       "\"tags\":{\"SS\":[\"a\"]}}}", "again: the set has its element once");
    starts("sdk:updateItem", bump, "error DynamoDb.ConditionalCheckFailedException",
           "the condition stops the third");
    is("sdk:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u2\"}},"
       "\"UpdateExpression\":\"SET c = if_not_exists(c, :z) + :one, l = list_append(if_not_exists"
       "(l, :e), :one_l)\",\"ExpressionAttributeValues\":{\":z\":{\"N\":\"0\"},\":one\":{\"N\":"
       "\"1\"},\":e\":{\"L\":[]},\":one_l\":{\"L\":[{\"S\":\"x\"}]}},\"ReturnValues\":"
       "\"UPDATED_NEW\"}", "{\"Attributes\":{\"c\":{\"N\":\"1\"},\"l\":{\"L\":[{\"S\":\"x\"}]}}}",
       "updateItem on a new item: if_not_exists, list_append");
    is("sdk:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u2\"}},"
       "\"UpdateExpression\":\"ADD c :five\",\"ExpressionAttributeValues\":{\":five\":{\"N\":"
       "\"5\"}},\"ReturnValues\":\"UPDATED_OLD\"}", "{\"Attributes\":{\"c\":{\"N\":\"1\"}}}",
       "ADD to a number, UPDATED_OLD");
    is("sdk:deleteItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u2\"}},"
       "\"ReturnValues\":\"ALL_OLD\"}", "{\"Attributes\":{\"id\":{\"S\":\"u2\"},\"c\":{\"N\":\"6\"},"
       "\"l\":{\"L\":[{\"S\":\"x\"}]}}}", "deleteItem ALL_OLD");
    is("sdk:deleteItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u2\"}}}", "{}",
       "deleting a missing item is no error");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}},"
       "\"ProjectionExpression\":\"visits, #t\",\"ExpressionAttributeNames\":{\"#t\":\"tags\"}}",
       "{\"Item\":{\"visits\":{\"N\":\"3\"},\"tags\":{\"SS\":[\"a\"]}}}", "ProjectionExpression");
}

static void put_order(const char *pk, const char *sk, const char *amount)
{
    char input[256];
    snprintf(input, sizeof input, "{\"TableName\":\"orders\",\"Item\":{\"pk\":{\"S\":\"%s\"},"
             "\"sk\":{\"N\":\"%s\"},\"amount\":{\"N\":\"%s\"}}}", pk, sk, amount);
    is("sdk:putItem", input, "{}", "put an order");
}

static void test_query_scan(void)
{
    reset();
    put_order("a", "3", "30");
    put_order("a", "1", "10");
    put_order("b", "1", "5");
    put_order("a", "2", "20");
    is("sdk:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"pk = :p\","
       "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"}},\"ProjectionExpression\":\"sk\"}",
       "{\"Count\":3,\"Items\":[{\"sk\":{\"N\":\"1\"}},{\"sk\":{\"N\":\"2\"}},{\"sk\":{\"N\":\"3\"}}],"
       "\"ScannedCount\":3}", "query: sorted by the range key");
    is("sdk:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"pk = :p AND sk "
       "BETWEEN :lo AND :hi\",\"FilterExpression\":\"amount > :min\",\"ScanIndexForward\":false,"
       "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"},\":lo\":{\"N\":\"1\"},\":hi\":{\"N\":"
       "\"2\"},\":min\":{\"N\":\"15\"}},\"ProjectionExpression\":\"sk\"}",
       "{\"Count\":1,\"Items\":[{\"sk\":{\"N\":\"2\"}}],\"ScannedCount\":2}",
       "BETWEEN, a filter, backwards");
    is("sdk:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"pk = :p\",\"Limit\":2,"
       "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"}},\"ProjectionExpression\":\"sk\"}",
       "{\"Count\":2,\"Items\":[{\"sk\":{\"N\":\"1\"}},{\"sk\":{\"N\":\"2\"}}],\"LastEvaluatedKey\":"
       "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"}},\"ScannedCount\":2}", "Limit: a page");
    is("sdk:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"pk = :p\",\"Limit\":2,"
       "\"ExclusiveStartKey\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"}},"
       "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"}},\"ProjectionExpression\":\"sk\"}",
       "{\"Count\":1,\"Items\":[{\"sk\":{\"N\":\"3\"}}],\"ScannedCount\":1}",
       "ExclusiveStartKey: the next page");
    starts("sdk:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"amount = :p\","
           "\"ExpressionAttributeValues\":{\":p\":{\"N\":\"1\"}}}",
           "error DynamoDb.DynamoDbException: Query condition missed key schema element",
           "a key condition on a non-key attribute");
    is("sdk:scan", "{\"TableName\":\"orders\",\"FilterExpression\":\"pk IN (:b, :c)\","
       "\"ExpressionAttributeValues\":{\":b\":{\"S\":\"b\"},\":c\":{\"S\":\"c\"}}}",
       "{\"Count\":1,\"Items\":[{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"1\"},\"amount\":{\"N\":"
       "\"5\"}}],\"ScannedCount\":4}", "scan with IN");
    is("sdk:scan", "{\"TableName\":\"orders\",\"Select\":\"COUNT\"}",
       "{\"Count\":4,\"ScannedCount\":4}", "scan Select COUNT");
    /* the hash key selects the items read: a prefix of another hash key is another key */
    put_order("ab", "1", "7");
    is("sdk:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"pk = :p\","
       "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"b\"}},\"ProjectionExpression\":\"sk, pk\"}",
       "{\"Count\":1,\"Items\":[{\"sk\":{\"N\":\"1\"},\"pk\":{\"S\":\"b\"}}],\"ScannedCount\":1}",
       "query: the items of its hash key only");
    is("sdk:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"sk > :z AND pk = :p\","
       "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"},\":z\":{\"N\":\"2\"}},"
       "\"ProjectionExpression\":\"sk\"}",
       "{\"Count\":1,\"Items\":[{\"sk\":{\"N\":\"3\"}}],\"ScannedCount\":1}",
       "query: the hash key's part second");
    /* a table with no range key: the one item of the key, or none */
    is("sdk:query", "{\"TableName\":\"users\",\"KeyConditionExpression\":\"#i = :u\","
       "\"ExpressionAttributeNames\":{\"#i\":\"id\"},"
       "\"ExpressionAttributeValues\":{\":u\":{\"S\":\"u1\"}},\"ProjectionExpression\":\"#i\"}",
       "{\"Count\":1,\"Items\":[{\"id\":{\"S\":\"u1\"}}],\"ScannedCount\":1}",
       "query on a table with no range key");
    is("sdk:query", "{\"TableName\":\"users\",\"KeyConditionExpression\":\"id = :u\","
       "\"ExpressionAttributeValues\":{\":u\":{\"S\":\"u9\"}}}",
       "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}", "query: no item under the key");
    is("sdk:query", "{\"TableName\":\"users\",\"KeyConditionExpression\":\"id = :u\","
       "\"ExclusiveStartKey\":{\"id\":{\"S\":\"u1\"}},"
       "\"ExpressionAttributeValues\":{\":u\":{\"S\":\"u1\"}}}",
       "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}", "query: after its one item, nothing");
    is("sdk:query", "{\"TableName\":\"users\",\"KeyConditionExpression\":\"id = :u\","
       "\"ExpressionAttributeValues\":{\":u\":{\"N\":\"1\"}}}",
       "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}", "query: a key of another type");
}

static void test_snapshot(void)
{
    reset();
    jv *snap = ddb_store_snapshot(store);
    is("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"new\"}}}", "{}", "a put");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"new\"}}}",
       "{\"Item\":{\"id\":{\"S\":\"new\"}}}", "is there");
    ddb_store_restore(store, snap);
    jv_unref(snap);
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"new\"}}}", "{}",
       "restoring the snapshot takes it back");
    jv *saved = ddb_store_save(store);
    char *text = jv_dump_string(saved, 0);
    tap_is_str(text, "{\"users\":{\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
               "\"Items\":[{\"id\":{\"S\":\"u1\"},\"name\":{\"S\":\"Ann\"},\"visits\":{\"N\":\"1\"}}]},"
               "\"orders\":{\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
               "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],\"Items\":[]}}",
               "the saved section has the state file's format");
    free(text);
    jv_unref(saved);
    char err[256];
    jv *bad = jv_parse_cstr("{\"t1x\": {\"KeySchema\": [{\"AttributeName\": \"id\", \"KeyType\": "
                            "\"HASH\"}], \"Items\": [{\"id\": {\"N\": \"x\"}}]}}", NULL);
    ddb_store *s = ddb_store_new();
    tap_ok(!ddb_store_load(s, bad, err, sizeof err), "a bad item in the state is refused");
    tap_is_str(err, "dynamodb: table 't1x': item 1: The parameter cannot be converted to a numeric "
               "value: x", "naming the table and the item");
    ddb_store_free(s);
    jv_unref(bad);
}

/* {"RequestItems": {"users": [n puts of ids p0, p1, ...]}} (text owned) */
static char *batch_of(size_t n, const char *id)
{
    size_t cap = 64 + n * 64;
    char *text = malloc(cap);
    size_t used = (size_t)snprintf(text, cap, "{\"RequestItems\":{\"users\":[");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, "%s{\"PutRequest\":{\"Item\":{\"id\":"
                                 "{\"S\":\"%s%zu\"}}}}", i ? "," : "", id, i);
    snprintf(text + used, cap - used, "]}}");
    return text;
}

static void test_batch_write(void)
{
    reset();
    is("sdk:batchWriteItem", "{\"RequestItems\":{\"users\":[{\"PutRequest\":{\"Item\":{\"id\":"
       "{\"S\":\"b1\"},\"n\":{\"N\":\"1\"}}}},{\"DeleteRequest\":{\"Key\":{\"id\":{\"S\":\"u1\"}}}}],"
       "\"orders\":[{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"o\"},\"sk\":{\"N\":\"1\"}}}}]}}",
       "{\"UnprocessedItems\":{}}", "batchWriteItem: puts and deletes in two tables");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"b1\"}}}",
       "{\"Item\":{\"id\":{\"S\":\"b1\"},\"n\":{\"N\":\"1\"}}}", "the put is there");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}}}", "{}",
       "the deleted item is gone");
    is("sdk:getItem", "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"o\"},\"sk\":{\"N\":\"1\"}}}",
       "{\"Item\":{\"pk\":{\"S\":\"o\"},\"sk\":{\"N\":\"1\"}}}", "the other table's put too");
    char *big = batch_of(25, "p");
    is("sdk:batchWriteItem", big, "{\"UnprocessedItems\":{}}", "25 requests are allowed");
    free(big);
    big = batch_of(26, "q");
    starts("sdk:batchWriteItem", big, "error DynamoDb.DynamoDbException: 1 validation error detected: "
           "Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
           "[Member must have length less than or equal to 25", "26 requests in one table");
    free(big);
    big = batch_of(20, "r");
    char *two = malloc(strlen(big) + 600);
    sprintf(two, "%.*s,\"orders\":[", (int)(strlen(big) - 2), big);
    for (int i = 0; i < 6; i++)
        sprintf(two + strlen(two), "%s{\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"x\"},\"sk\":"
                "{\"N\":\"%d\"}}}}", i ? "," : "", i);
    strcat(two, "]}}");
    starts("sdk:batchWriteItem", two, "error DynamoDb.DynamoDbException: Too many items requested "
           "for the BatchWriteItem call (Service: DynamoDb", "26 requests in two tables");
    free(two);
    free(big);
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"r0\"}}}", "{}",
       "a refused batch writes nothing");
    starts("sdk:batchWriteItem", "{\"RequestItems\":{\"users\":[{\"PutRequest\":{\"Item\":{\"id\":"
           "{\"S\":\"d\"}}}},{\"DeleteRequest\":{\"Key\":{\"id\":{\"S\":\"d\"}}}}]}}",
           "error DynamoDb.DynamoDbException: Provided list of item keys contains duplicates",
           "a key twice in one table");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"d\"}}}", "{}",
       "nothing of it written");
    starts("sdk:batchWriteItem", "{\"RequestItems\":{\"nope\":[{\"DeleteRequest\":{\"Key\":{\"id\":"
           "{\"S\":\"d\"}}}}]}}", "error DynamoDb.ResourceNotFoundException: Requested resource "
           "not found", "no such table");
    starts("sdk:batchWriteItem", "{\"RequestItems\":{\"users\":[{}]}}",
           "error DynamoDb.DynamoDbException: Supplied AttributeValue has more than one datatypes "
           "set, must contain exactly one of the supported datatypes", "an empty write request");
    starts("sdk:batchWriteItem", "{\"RequestItems\":{\"users\":[{\"PutRequest\":{\"Item\":{\"x\":"
           "{\"S\":\"d\"}}}}]}}", "error DynamoDb.DynamoDbException: The provided key element "
           "does not match the schema", "a put without the key");
    starts("sdk:batchWriteItem", "{\"RequestItems\":{}}", "error DynamoDb.DynamoDbException: 1 "
           "validation error detected: Value at 'requestItems' failed to satisfy constraint: "
           "Member must have length greater than or equal to 1", "no tables");
    starts("sdk:batchWriteItem", "{}", "error DynamoDb.DynamoDbException: 1 validation error "
           "detected: Value null at 'requestItems' failed to satisfy constraint: Member must not "
           "be null", "no RequestItems");
    starts("sdk:batchWriteItem", "{\"RequestItems\":{\"users\":[{\"PutRequest\":{\"Item\":{\"id\":"
           "{\"S\":\"d\"}}}}]},\"ReturnConsumedCapacity\":\"ALL\"}", "error DynamoDb.DynamoDbException: "
           "1 validation error detected: Value 'ALL' at 'returnConsumedCapacity'",
           "ReturnConsumedCapacity outside its enum");
    task_answer a;
    tap_ok(call("arn:aws:states:::dynamodb:batchWriteItem", "{\"RequestItems\":{}}", &a) ==
           TASK_NO_ANSWER, "no optimized batchWriteItem (Step Functions has none)");
    task_answer_cleanup(&a);
}

static const char PUT_T1[] = "{\"Put\":{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"t1\"}},"
                             "\"ConditionExpression\":\"attribute_not_exists(id)\"}}";

static void test_transact_write(void)
{
    reset();
    char in[2048];
    snprintf(in, sizeof in, "{\"TransactItems\":[%s,{\"Update\":{\"TableName\":\"users\",\"Key\":"
             "{\"id\":{\"S\":\"u1\"}},\"UpdateExpression\":\"ADD visits :one\","
             "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}},{\"ConditionCheck\":"
             "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
             "\"ConditionExpression\":\"attribute_not_exists(#n) OR #n = :ann\","
             "\"ExpressionAttributeNames\":{\"#n\":\"name\"},\"ExpressionAttributeValues\":"
             "{\":ann\":{\"S\":\"Ann\"}}}},{\"Delete\":{\"TableName\":\"users\",\"Key\":"
             "{\"id\":{\"S\":\"gone\"}}}}]}", PUT_T1);
    is("sdk:transactWriteItems", in, "{}", "transactWriteItems: Put, Update, ConditionCheck, Delete");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}}}",
       "{\"Item\":{\"id\":{\"S\":\"u1\"},\"name\":{\"S\":\"Ann\"},\"visits\":{\"N\":\"2\"}}}",
       "the update is written");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"t1\"}}}",
       "{\"Item\":{\"id\":{\"S\":\"t1\"}}}", "the put is written");

    snprintf(in, sizeof in, "{\"TransactItems\":[{\"Put\":{\"TableName\":\"users\",\"Item\":{\"id\":"
             "{\"S\":\"t2\"}}}},%s]}", PUT_T1);
    starts("sdk:transactWriteItems", in, "error DynamoDb.TransactionCanceledException: Transaction "
           "cancelled, please refer cancellation reasons for specific reasons [None, "
           "ConditionalCheckFailed] (Service: DynamoDb, Status Code: 400, Request ID: ",
           "a failed condition cancels the transaction, one code per item");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"t2\"}}}", "{}",
       "all or nothing: the other put is not written");
    snprintf(in, sizeof in, "{\"TransactItems\":[{\"Update\":{\"TableName\":\"users\",\"Key\":"
             "{\"id\":{\"S\":\"u1\"}},\"UpdateExpression\":\"ADD #n :one\",\"ExpressionAttributeNames\":"
             "{\"#n\":\"name\"},\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}}]}");
    starts("sdk:transactWriteItems", in, "error DynamoDb.TransactionCanceledException: Transaction "
           "cancelled, please refer cancellation reasons for specific reasons [ValidationError]",
           "an update that cannot apply: ValidationError");
    snprintf(in, sizeof in, "{\"TransactItems\":[%s,{\"Delete\":{\"TableName\":\"users\",\"Key\":"
             "{\"id\":{\"S\":\"t1\"}}}}]}", PUT_T1);
    starts("sdk:transactWriteItems", in, "error DynamoDb.DynamoDbException: Transaction request "
           "cannot include multiple operations on one item", "one item twice");
    starts("sdk:transactWriteItems", "{\"TransactItems\":[{\"Put\":{\"TableName\":\"users\","
           "\"Item\":{\"id\":{\"S\":\"z\"}}},\"Delete\":{\"TableName\":\"users\",\"Key\":{\"id\":"
           "{\"S\":\"z\"}}}}]}", "error DynamoDb.DynamoDbException: TransactItems can only contain "
           "one of Check, Put, Update or Delete", "two actions in one item");
    starts("sdk:transactWriteItems", "{\"TransactItems\":[{\"ConditionCheck\":{\"TableName\":"
           "\"users\",\"Key\":{\"id\":{\"S\":\"z\"}}}}]}", "error DynamoDb.DynamoDbException: 1 "
           "validation error detected: Value null at 'conditionExpression'",
           "a ConditionCheck without its condition");
    starts("sdk:transactWriteItems", "{\"TransactItems\":[{\"Delete\":{\"TableName\":\"users\","
           "\"Key\":{\"id\":{\"S\":\"z\"}},\"ExpressionAttributeValues\":{\":v\":{\"S\":\"x\"}}}}]}",
           "error DynamoDb.DynamoDbException: Value provided in ExpressionAttributeValues unused "
           "in expressions: keys: {:v}", "an unused value in one action");
    starts("sdk:transactWriteItems", "{\"TransactItems\":[{\"Delete\":{\"TableName\":\"nope\","
           "\"Key\":{\"id\":{\"S\":\"z\"}}}}]}", "error DynamoDb.ResourceNotFoundException: "
           "Requested resource not found", "no such table");
    starts("sdk:transactWriteItems", "{\"TransactItems\":[]}", "error DynamoDb.DynamoDbException: 1 "
           "validation error detected: Value at 'transactItems' failed to satisfy constraint: "
           "Member must have length greater than or equal to 1", "no items");
    size_t cap = 101 * 80 + 64;
    char *many = malloc(cap);
    size_t used = (size_t)snprintf(many, cap, "{\"TransactItems\":[");
    for (int i = 0; i < 101; i++)
        used += (size_t)snprintf(many + used, cap - used, "%s{\"Delete\":{\"TableName\":\"users\","
                                 "\"Key\":{\"id\":{\"S\":\"m%d\"}}}}", i ? "," : "", i);
    snprintf(many + used, cap - used, "]}");
    starts("sdk:transactWriteItems", many, "error DynamoDb.DynamoDbException: 1 validation error "
           "detected: Value at 'transactItems' failed to satisfy constraint: Member must have "
           "length less than or equal to 100", "101 items");
    free(many);
}

static void test_transact_token(void)
{
    reset();
    static const char upd[] = "{\"ClientRequestToken\":\"tok-1\",\"TransactItems\":[{\"Update\":"
        "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}},\"UpdateExpression\":\"ADD "
        "visits :one\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}}]}";
    is("sdk:transactWriteItems", upd, "{}", "a transaction with a ClientRequestToken");
    is("sdk:transactWriteItems", upd, "{}", "the same request again answers {}");
    is("sdk:getItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}},"
       "\"ProjectionExpression\":\"visits\"}", "{\"Item\":{\"visits\":{\"N\":\"2\"}}}",
       "and does not write again (idempotent)");
    starts("sdk:transactWriteItems", "{\"ClientRequestToken\":\"tok-1\",\"TransactItems\":["
           "{\"Delete\":{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}}}}]}",
           "error DynamoDb.IdempotentParameterMismatchException: ", "the token with another request");
    starts("sdk:transactWriteItems", "{\"ClientRequestToken\":\"0123456789012345678901234567890123456\","
           "\"TransactItems\":[{\"Delete\":{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"u1\"}}}}]}",
           "error DynamoDb.DynamoDbException: 1 validation error detected: Value "
           "'0123456789012345678901234567890123456' at 'clientRequestToken' failed to satisfy "
           "constraint: Member must have length less than or equal to 36", "a token over 36");
    tap_ok(ddb_store_token(store, "tok-1", "x", 1704164645000 + 600000) == DDB_TOKEN_NEW,
           "a token is forgotten after 10 minutes");
}

static void test_numbers(void)
{
    reset();
    is("sdk:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"n\"}},\"UpdateExpression\":"
       "\"SET big = :big ADD c :c\",\"ExpressionAttributeValues\":{\":big\":{\"N\":"
       "\"12345678901234567890123456789012345678\"},\":c\":{\"N\":\"1.50\"}},\"ReturnValues\":"
       "\"ALL_NEW\"}", "{\"Attributes\":{\"id\":{\"S\":\"n\"},\"big\":{\"N\":"
       "\"12345678901234567890123456789012345678\"},\"c\":{\"N\":\"1.5\"}}}",
       "38 digits kept; numbers written as DynamoDB answers them (1.50 -> 1.5)");
    is("sdk:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"n\"}},\"UpdateExpression\":"
       "\"ADD big :one SET c = c - :tiny\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},"
       "\":tiny\":{\"N\":\"1E-36\"}},\"ReturnValues\":\"UPDATED_NEW\"}",
       "{\"Attributes\":{\"big\":{\"N\":\"12345678901234567890123456789012345679\"},\"c\":{\"N\":"
       "\"1.499999999999999999999999999999999999\"}}}", "ADD and SET - are exact");
    is("sdk:scan", "{\"TableName\":\"users\",\"FilterExpression\":\"big > :b\",\"ProjectionExpression\":"
       "\"id\",\"ExpressionAttributeValues\":{\":b\":{\"N\":\"12345678901234567890123456789012345678\"}}}",
       "{\"Count\":1,\"Items\":[{\"id\":{\"S\":\"n\"}}],\"ScannedCount\":2}",
       "a filter tells 38-digit numbers one apart");
    starts("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"x\"},\"v\":{\"N\":"
           "\"123456789012345678901234567890123456789\"}}}", "error DynamoDb.DynamoDbException: "
           "Attempting to store more than 38 significant digits in a Number", "39 digits refused");
    starts("sdk:putItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"x\"},\"v\":{\"NS\":"
           "[\"1\",\"1E+126\"]}}}", "error DynamoDb.DynamoDbException: Number overflow. Attempting "
           "to store a number with magnitude larger than supported range", "in a set too");
    starts("sdk:updateItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"n\"}},"
           "\"UpdateExpression\":\"ADD big :b\",\"ExpressionAttributeValues\":{\":b\":{\"N\":"
           "\"0.1\"}}}", "error DynamoDb.DynamoDbException: Attempting to store more than 38 "
           "significant digits in a Number", "an ADD whose sum needs 39 digits");
    is("sdk:batchWriteItem", "{\"RequestItems\":{\"orders\":[{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":"
       "\"s\"},\"sk\":{\"N\":\"10000000000000000000000000000000000001\"}}}},{\"PutRequest\":{\"Item\":"
       "{\"pk\":{\"S\":\"s\"},\"sk\":{\"N\":\"10000000000000000000000000000000000000\"}}}},"
       "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"s\"},\"sk\":{\"N\":\"-1E-130\"}}}},"
       "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"s\"},\"sk\":{\"N\":\"1E+1\"}}}}]}}",
       "{\"UnprocessedItems\":{}}", "range keys of 38 digits");
    is("sdk:query", "{\"TableName\":\"orders\",\"KeyConditionExpression\":\"pk = :p AND sk > :z\","
       "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"s\"},\":z\":{\"N\":\"0\"}}}",
       "{\"Count\":3,\"Items\":[{\"pk\":{\"S\":\"s\"},\"sk\":{\"N\":\"10\"}},{\"pk\":{\"S\":\"s\"},"
       "\"sk\":{\"N\":\"10000000000000000000000000000000000000\"}},{\"pk\":{\"S\":\"s\"},\"sk\":{\"N\":"
       "\"10000000000000000000000000000000000001\"}}],\"ScannedCount\":3}",
       "a query sorts and compares them exactly");
    is("sdk:getItem", "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"s\"},\"sk\":{\"N\":\"10.0\"}}}",
       "{\"Item\":{\"pk\":{\"S\":\"s\"},\"sk\":{\"N\":\"10\"}}}", "a key is found by value (10.0 = 1E+1)");
}

int main(void)
{
    rng_seed(&random_stream, 7);
    test_recorded_shapes();
    test_errors();
    test_conditions_and_returns();
    test_query_scan();
    test_snapshot();
    test_batch_write();
    test_transact_write();
    test_transact_token();
    test_numbers();
    ddb_store_free(store);
    return tap_done();
}
