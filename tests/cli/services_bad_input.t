#!/usr/bin/env bash
# Bad input to the embedded DynamoDB (issue 13, "Bad input"): a services state file whose
# "dynamodb" section has wrong types, is refused naming the file, table, item and what is
# wrong (exit 2, nothing runs); at run time, expressions that are not DynamoDB's syntax and
# items over 400 KB fail the task with DynamoDB's error as Step Functions names it.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

cat >"$tmp/get.asl.json" <<'JSON'
{"StartAt": "Get", "States": {"Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
  "Parameters": {"TableName": "Orders", "Key": {"id": {"S": "o-1"}}}, "End": true}}}
JSON
schema='"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]'
# bad NAME TABLES_JSON STDERR: the state file {"dynamodb": TABLES_JSON} is refused
bad() {
    printf '{"dynamodb": %s}' "$2" >"$tmp/bad.json"
    expect_run "$1" 2 "" "$tmp/bad.json: $3" -- run "$tmp/get.asl.json" --services-state "$tmp/bad.json"
}
bad "a table that is not an object" '{"Orders": []}' "dynamodb: table 'Orders': a table is an object"
bad "KeySchema that is a string" '{"Orders": {"KeySchema": "id"}}' \
    "dynamodb: table 'Orders': KeySchema must be a list of one HASH key and an optional RANGE key"
bad "a RANGE key first" '{"Orders": {"KeySchema": [{"AttributeName": "id", "KeyType": "RANGE"}]}}' \
    "dynamodb: table 'Orders': each KeySchema entry has an AttributeName and a KeyType: HASH first, then RANGE"
bad "Items that is an object" "{\"Orders\": {$schema, \"Items\": {}}}" "dynamodb: table 'Orders': Items must be a list of items"
bad "a string attribute holding a number" "{\"Orders\": {$schema, \"Items\": [{\"id\": {\"S\": 5}}]}}" \
    "dynamodb: table 'Orders': item 1: Supplied AttributeValue has an invalid S: not a string"
bad "an unknown datatype" "{\"Orders\": {$schema, \"Items\": [{\"id\": {\"S\": \"o-1\"}, \"n\": {\"Q\": \"1\"}}]}}" \
    "dynamodb: table 'Orders': item 1: Supplied AttributeValue has an unknown datatype 'Q'"
bad "an item without its key" "{\"Orders\": {$schema, \"Items\": [{\"id\": {\"S\": \"o-1\"}}, {\"n\": {\"N\": \"1\"}}]}}" \
    "dynamodb: table 'Orders': item 2: One or more parameter values were invalid: Missing the key id in the item"
bad "a key of the wrong type" "{\"Orders\": {$schema, \"Items\": [{\"id\": {\"BOOL\": true}}]}}" \
    "dynamodb: table 'Orders': item 1: One or more parameter values were invalid: Type mismatch for key id expected: S, N or B actual: BOOL"
bad "a number out of DynamoDB's range" "{\"Orders\": {$schema, \"Items\": [{\"id\": {\"N\": \"1e999\"}}]}}" \
    "dynamodb: table 'Orders': item 1: Number overflow."
bad "two items with one key (the second would silently replace the first)" \
    "{\"Orders\": {$schema, \"Items\": [{\"id\": {\"S\": \"o-1\"}}, {\"id\": {\"S\": \"o-2\"}}, {\"id\": {\"S\": \"o-1\"}, \"v\": {\"N\": \"2\"}}]}}" \
    "dynamodb: table 'Orders': item 3: an earlier item has the same key"
bad "two items whose number keys are one value (10.0 is 10)" \
    "{\"Orders\": {$schema, \"Items\": [{\"id\": {\"N\": \"10\"}}, {\"id\": {\"N\": \"10.0\"}}]}}" \
    "dynamodb: table 'Orders': item 2: an earlier item has the same key"
python3 -c "print('{\"Orders\": {$schema, \"Items\": [{\"id\": {\"S\": \"o-1\"}, \"v\": {\"S\": \"' + 'x' * 420000 + '\"}}]}}')" >"$tmp/big"
bad "a seeded item over 400 KB" "$(cat "$tmp/big")" "dynamodb: table 'Orders': item 1: Item size has exceeded the maximum allowed size"

# at run time
printf '{"dynamodb": {"Orders": {%s, "Items": [{"id": {"S": "o-1"}}]}}}' "$schema" >"$tmp/state.json"
update() {
    printf '{"StartAt": "U", "States": {"U": {"Type": "Task", "Resource": "arn:aws:states:::%s:updateItem",
      "Parameters": {"TableName": "Orders", "Key": {"id": {"S": "o-1"}}, "UpdateExpression": "%s",
                     "ExpressionAttributeValues": {":v": {"S": "x"}}}, "End": true}}}' "$1" "$2" >"$tmp/u.json"
}
run_update() { expect_run "$1" 1 "$2" "" -- run "$tmp/u.json" --services-state "$tmp/state.json"; }
update dynamodb 'UPDATE Orders SET a = :v'
run_update "SQL is no UpdateExpression: DynamoDB's syntax error, optimized names" \
    '"error":"DynamoDB.AmazonDynamoDBException","cause":"Invalid UpdateExpression: Syntax error; token: \"UPDATE\", near: \"UPDATE\" (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException;'
update aws-sdk:dynamodb '$.a = :v'
run_update "a JSONPath is no UpdateExpression: aws-sdk names" \
    '"error":"DynamoDb.DynamoDbException","cause":"Invalid UpdateExpression: Syntax error; token: \"$\", near: \"$\" (Service: DynamoDb, Status Code: 400'
update dynamodb 'SET a = :v, a = :v'
run_update "two SETs of one path" 'Two document paths overlap with each other'
update dynamodb "SET a = :v$(printf ' , b%d = :v' $(seq 1 700))"
run_update "an expression over 4 KB" '"error":"DynamoDB.AmazonDynamoDBException"'
grep -q 'Expression size has exceeded the maximum allowed size' "$tmp/out"; ok $? "  ... says the expression is too long"

cat >"$tmp/put.asl.json" <<'JSON'
{"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
  "Parameters": {"TableName": "Orders", "Item": {"id": {"S": "o-2"}, "v": {"S.$": "$.big"}}}, "ResultPath": null, "End": true}}}
JSON
python3 -c "print('{\"big\": \"' + 'x' * 420000 + '\"}')" >"$tmp/big.json"
expect_run "a put of an item over 400 KB fails as DynamoDB refuses it" 1 \
    '"error":"DynamoDB.AmazonDynamoDBException","cause":"Item size has exceeded the maximum allowed size (Service: AmazonDynamoDBv2;' "" -- \
    run "$tmp/put.asl.json" --services-state "$tmp/state.json" --input "file://$tmp/big.json" --max-payload 0 \
    --save-services-state "$tmp/saved.json"
grep -q '"o-1"' "$tmp/saved.json" && ! grep -q '"o-2"' "$tmp/saved.json"
ok $? "  ... and nothing was written (the saved table has o-1 alone)"
done_testing
