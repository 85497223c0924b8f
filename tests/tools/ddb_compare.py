#!/usr/bin/env python3
"""The DynamoDB operation script that tests/cli/dynalite.t runs twice, on the embedded
DynamoDB and on dynalite (--endpoint-url), to compare their answers.

  ddb_compare.py workflow            the workflow: one aws-sdk Task per operation, each
                                     result at $.r.NAME, each error caught at $.e.NAME
  ddb_compare.py state               the services state that declares the table (embedded)
  ddb_compare.py create              a workflow that creates the table (dynalite)
  ddb_compare.py transact-workflow   the same for the transactWriteItems operations
  ddb_compare.py [transact-]steps OUTPUT.json
                                     one line per operation: NAME, then its result, or its
                                     error's name and the message before "(Service: ...",
                                     without the values a validation message quotes
"""
import json
import re
import sys

TABLE = "cmp"
SDK = "arn:aws:states:::aws-sdk:dynamodb:"


def put(pk, sk, **attrs):
    item = {"pk": {"S": pk}, "sk": {"N": str(sk)}}
    item.update(attrs)
    return {"PutRequest": {"Item": item}}


def key(pk, sk):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


BIG = "12345678901234567890123456789012345678"
OPS = [
    ("batchPut", "batchWriteItem", {"RequestItems": {TABLE: [
        put("a", 1, n={"N": "10"}), put("a", 2, n={"N": "20"}), put("a", 3, n={"N": BIG}),
        put("b", 1, n={"N": "0.000000000000000000000000000000000001"})]}}),
    ("batchDelete", "batchWriteItem", {"RequestItems": {TABLE: [
        {"DeleteRequest": {"Key": key("a", 2)}}, {"DeleteRequest": {"Key": key("zz", 9)}}]}}),
    ("batchDuplicate", "batchWriteItem", {"RequestItems": {TABLE: [
        put("c", 1), {"DeleteRequest": {"Key": key("c", 1)}}]}}),
    ("batchTooMany", "batchWriteItem", {"RequestItems": {TABLE: [put("d", i) for i in range(26)]}}),
    ("batchNoTable", "batchWriteItem", {"RequestItems": {"nosuchtable": [put("a", 1)]}}),
    ("batchEmptyRequest", "batchWriteItem", {"RequestItems": {TABLE: [{}]}}),
    ("batchBadKey", "batchWriteItem", {"RequestItems": {TABLE: [
        {"PutRequest": {"Item": {"pk": {"S": "e"}}}}]}}),
    ("queryA", "query", {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                         "ExpressionAttributeValues": {":p": {"S": "a"}}}),
    ("getDuplicate", "getItem", {"TableName": TABLE, "Key": key("c", 1)}),
    ("addBig", "updateItem", {"TableName": TABLE, "Key": key("a", 3),
                              "UpdateExpression": "ADD n :one",
                              "ExpressionAttributeValues": {":one": {"N": "1"}},
                              "ReturnValues": "UPDATED_NEW"}),
    ("addTiny", "updateItem", {"TableName": TABLE, "Key": key("b", 1),
                               "UpdateExpression": "SET n = n + :one",
                               "ExpressionAttributeValues": {":one": {"N": "1"}},
                               "ReturnValues": "UPDATED_NEW"}),
    ("compareBig", "query", {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                             "FilterExpression": "n > :lo",
                             "ExpressionAttributeValues": {":p": {"S": "a"},
                                                           ":lo": {"N": BIG}}}),
    ("putTooPrecise", "putItem", {"TableName": TABLE, "Item": {
        "pk": {"S": "f"}, "sk": {"N": "1"}, "n": {"N": "1234567890123456789012345678901234567891"}}}),
    ("putTooLarge", "putItem", {"TableName": TABLE, "Item": {
        "pk": {"S": "f"}, "sk": {"N": "1"}, "n": {"N": "1E+126"}}}),
    ("putTooSmall", "putItem", {"TableName": TABLE, "Item": {
        "pk": {"S": "f"}, "sk": {"N": "1"}, "n": {"N": "1E-131"}}}),
    ("sortKeys", "batchWriteItem", {"RequestItems": {TABLE: [
        put("s", "-1E+125"), put("s", "9.9999999999999999999999999999999999999E+125"),
        put("s", "1E-130"), put("s", "-0.5"), put("s", "10000000000000000000000000000000000001")]}}),
    ("querySorted", "query", {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                              "ProjectionExpression": "sk",
                              "ExpressionAttributeValues": {":p": {"S": "s"}}}),
]

# transactWriteItems (dynalite 4.0.0 has none: the test skips them, saying so, until it has)
OPS_TRANSACT = [
    ("transactPut", "transactWriteItems", {"TransactItems": [
        {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "t"}, "sk": {"N": "1"}}}},
        {"Update": {"TableName": TABLE, "Key": key("t", 2), "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}}]}),
    ("transactCancelled", "transactWriteItems", {"TransactItems": [
        {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "t"}, "sk": {"N": "3"}}}},
        {"ConditionCheck": {"TableName": TABLE, "Key": key("t", 1),
                            "ConditionExpression": "attribute_not_exists(pk)"}}]}),
    ("transactSameItem", "transactWriteItems", {"TransactItems": [
        {"Delete": {"TableName": TABLE, "Key": key("t", 1)}},
        {"Delete": {"TableName": TABLE, "Key": key("t", 1)}}]}),
    ("queryT", "query", {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                         "ExpressionAttributeValues": {":p": {"S": "t"}}}),
]


def workflow(ops):
    states = {}
    for i, (name, action, params) in enumerate(ops):
        nxt = ops[i + 1][0] if i + 1 < len(ops) else "Done"
        states[name] = {"Type": "Task", "Resource": SDK + action, "Parameters": params,
                        "ResultPath": "$.r." + name, "Next": nxt,
                        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.e." + name,
                                   "Next": nxt}]}
    states["Done"] = {"Type": "Pass", "End": True}
    return {"StartAt": ops[0][0], "States": states}


def schema():
    return [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]


def steps(path, ops):
    out = json.load(open(path))
    out = out.get("output", out)
    lines = []
    for name, _, _ in ops:
        if name in out.get("e", {}):
            err = out["e"][name]
            cause = err.get("Cause", "").split(" (Service: ")[0]
            # the request's values that DynamoDB quotes in a validation message
            cause = re.sub(r"Value '.*' at '", "Value at '", cause)
            lines.append("%s: error %s: %s" % (name, err.get("Error"), cause))
        else:
            lines.append("%s: %s" % (name, json.dumps(out.get("r", {}).get(name), sort_keys=True)))
    return "\n".join(lines)


def main():
    what = sys.argv[1]
    if what == "workflow":
        print(json.dumps(workflow(OPS)))
    elif what == "transact-workflow":
        print(json.dumps(workflow(OPS_TRANSACT)))
    elif what == "state":
        print(json.dumps({"dynamodb": {TABLE: {"KeySchema": schema(), "Items": []}}}))
    elif what == "create":
        create = {"Type": "Task", "Resource": SDK + "createTable", "End": True,
                  "Parameters": {"TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
                                 "KeySchema": schema(),
                                 "AttributeDefinitions": [
                                     {"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "N"}]}}
        print(json.dumps({"StartAt": "Create", "States": {"Create": create}}))
    else:
        print(steps(sys.argv[2], OPS_TRANSACT if what == "transact-steps" else OPS))


main()
