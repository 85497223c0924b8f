/*
 * dynamodb — the DynamoDB Task integrations answered from the embedded tables (ddb_store.h):
 * the optimized arn:aws:states:::dynamodb:getItem / putItem / updateItem / deleteItem (results
 * with SdkHttpMetadata and SdkResponseMetadata, as AWS's SDK v1 fills them) and
 * arn:aws:states:::aws-sdk:dynamodb: getItem, putItem, updateItem, deleteItem, query, scan,
 * batchWriteItem and transactWriteItems (ddb_batch.c) (the SDK v2 shapes: no metadata).
 * Expressions: ddb_expr.h.
 *
 * Errors as Step Functions reports them (checked against the recorded executions):
 * optimized: DynamoDB.ConditionalCheckFailedException, DynamoDB.ResourceNotFoundException,
 * and DynamoDB.AmazonDynamoDBException for a ValidationException, with causes ending
 * "(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: CODE; Request ID: ID; Proxy:
 * null)"; aws-sdk: DynamoDb.ConditionalCheckFailedException, DynamoDb.ResourceNotFoundException,
 * DynamoDb.DynamoDbException, causes ending "(Service: DynamoDb, Status Code: 400, Request ID:
 * ID)". A table the services state does not declare does not exist (ResourceNotFound).
 *
 * The store is borrowed and must outlive the executions that use it.
 */
#ifndef SFDBG_SERVICES_DYNAMODB_H
#define SFDBG_SERVICES_DYNAMODB_H

#include "services/ddb_store.h"
#include "task.h"

/* task_resolve_fn; user is the ddb_store *. */
task_answer_kind dynamodb_service_resolve(void *user, const task_call *call, task_answer *out);

#endif
