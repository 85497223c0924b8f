#!/usr/bin/env bash
# The S3 store from the command line: --services-state seeds it, aws-sdk:s3 tasks put and get,
# --save-services-state writes it back and feeds a second run; --s3-dir serves a folder.

cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

# put $.put.Body at $.put.Key, then get $.get.Key back
cat >"$tmp/putget.asl.json" <<'EOF'
{"StartAt": "Put", "States": {
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
          "Parameters": {"Bucket": "notes", "Key.$": "$.put", "Body.$": "$.body"},
          "ResultPath": "$.putResult", "Next": "Get"},
  "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
          "Parameters": {"Bucket": "notes", "Key.$": "$.get"},
          "ResultSelector": {"Body.$": "$.Body", "ETag.$": "$.ETag", "LastModified.$": "$.LastModified"},
          "ResultPath": "$.got", "End": true}}}
EOF
cat >"$tmp/get.asl.json" <<'EOF'
{"StartAt": "Get", "States": {
  "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
          "Parameters": {"Bucket.$": "$.bucket", "Key.$": "$.key"},
          "ResultSelector": {"Body.$": "$.Body"}, "End": true}}}
EOF
cat >"$tmp/list.asl.json" <<'EOF'
{"StartAt": "List", "States": {
  "List": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
           "Parameters": {"Bucket": "notes", "Prefix": "day/"},
           "ResultSelector": {"Keys.$": "$.Contents[*].Key", "KeyCount.$": "$.KeyCount"}, "End": true}}}
EOF
cat >"$tmp/state.json" <<'EOF'
{"dynamodb": {"Users": {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "Items": []}},
 "s3": {"notes": {"seed.txt": "seeded text"}, "empty-bucket": {}},
 "sqs": {"jobs": []}}
EOF
t0=2024-01-02T03:04:05Z

expect_run "a seeded object is read, and a put is read back in the same run" 0 \
    '"got":{"Body":"{\"n\":1}","ETag":"\"082c26c8a6bc75226a31da5495cc9292\"","LastModified":"2024-01-02T03:04:05Z"}' "" -- \
    run "$tmp/putget.asl.json" --services-state "$tmp/state.json" --start-time $t0 \
    --input '{"put": "day/1.json", "body": {"n": 1}, "get": "day/1.json"}' \
    --save-services-state "$tmp/saved.json"
expect_run "putObject's answer is AWS's shape" 0 \
    '"putResult":{"ChecksumCRC32":"1Es7fg==","ChecksumType":"FULL_OBJECT","ETag":"\"082c26c8a6bc75226a31da5495cc9292\"","ServerSideEncryption":"AES256"}' "" -- \
    run "$tmp/putget.asl.json" --services-state "$tmp/state.json" --start-time $t0 \
    --input '{"put": "day/1.json", "body": {"n": 1}, "get": "seed.txt"}'
saved=$(tr -d ' \n' <"$tmp/saved.json")
is '{"dynamodb":{"Users":{"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"Items":[]}},"s3":{"empty-bucket":{},"notes":{"day/1.json":"{\"n\":1}","seed.txt":"seededtext"}},"sqs":{"jobs":[]}}' \
   "$saved" "the saved state: the other sections unchanged and in place, the put object in s3"
expect_run "the saved state feeds a second run" 0 '{"status":"SUCCEEDED","output":{"Body":"{\"n\":1}"}}' "" -- \
    run "$tmp/get.asl.json" --services-state "$tmp/saved.json" --input '{"bucket": "notes", "key": "day/1.json"}'
expect_run "a missing key fails as AWS fails it" 1 \
    '"error":"S3.NoSuchKeyException","cause":"The specified key does not exist. (Service: S3, Status Code: 404, Request ID: ' "" -- \
    run "$tmp/get.asl.json" --services-state "$tmp/state.json" --input '{"bucket": "notes", "key": "nope"}'
expect_run "an undeclared bucket is refused as AWS refuses it" 1 \
    '"error":"S3.NoSuchBucketException","cause":"The specified bucket does not exist (Service: S3, Status Code: 404' "" -- \
    run "$tmp/get.asl.json" --services-state "$tmp/state.json" --input '{"bucket": "other", "key": "k"}'
expect_run "with no state file the store is empty (every bucket undeclared)" 1 '"error":"S3.NoSuchBucketException"' "" -- \
    run "$tmp/get.asl.json" --input '{"bucket": "notes", "key": "seed.txt"}'
expect_run "--seed reproduces the request ids in a cause" 1 '' "" -- \
    run "$tmp/get.asl.json" --seed 5 --input '{"bucket": "notes", "key": "k"}'
first=$(cat "$tmp/out")
"$sfdbg" run "$tmp/get.asl.json" --seed 5 --input '{"bucket": "notes", "key": "k"}' >"$tmp/out2" 2>/dev/null
is "$first" "$(cat "$tmp/out2")" "  the same cause twice"

cat >"$tmp/mocks.json" <<'EOF'
{"StateMachines": {"get": {"TestCases": {"Mocked": {"Get": "Body"}}}},
 "MockedResponses": {"Body": {"0": {"Return": {"Body": "from the mock"}}}}}
EOF
expect_run "a mock config answering the task wins over the store" 0 '"output":{"Body":"from the mock"}' "" -- \
    run "$tmp/get.asl.json" --services-state "$tmp/state.json" --mock-config "$tmp/mocks.json" \
    --test-case Mocked --input '{"bucket": "notes", "key": "seed.txt"}'

# --s3-dir
mkdir -p "$tmp/s3/notes/day" "$tmp/outside"
printf 'from the folder' >"$tmp/s3/notes/day/0.txt"
expect_run "--s3-dir: getObject reads DIR/BUCKET/KEY" 0 '"output":{"Body":"from the folder"}' "" -- \
    run "$tmp/get.asl.json" --s3-dir "$tmp/s3" --input '{"bucket": "notes", "key": "day/0.txt"}'
expect_run "--s3-dir: putObject writes there (a key's '/' makes folders)" 0 '"Body":"\"hello\""' "" -- \
    run "$tmp/putget.asl.json" --s3-dir "$tmp/s3" --input '{"put": "day/new/1.json", "body": "hello", "get": "day/new/1.json"}' \
    --save-services-state "$tmp/saved-dir.json"
is '"hello"' "$(cat "$tmp/s3/notes/day/new/1.json")" "  the file holds the object's bytes"
is '{}' "$(tr -d ' \n' <"$tmp/saved-dir.json")" "  and the saved state has no s3 section: the folder holds it"
# what a put keeps besides the body: read back in the run, not saved in the state file
cat >"$tmp/typed.asl.json" <<'EOF'
{"StartAt": "Put", "States": {
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
          "Parameters": {"Bucket": "notes", "Key": "page.html", "Body": "<p>", "ContentType": "text/html",
                         "Metadata": {"Owner": "ann"}},
          "ResultPath": null, "Next": "Head"},
  "Head": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:headObject",
           "Parameters": {"Bucket": "notes", "Key": "page.html"},
           "ResultSelector": {"ContentType.$": "$.ContentType", "Metadata.$": "$.Metadata"}, "End": true}}}
EOF
expect_run "putObject's ContentType and Metadata are read back in the run" 0 \
    '"output":{"ContentType":"text/html","Metadata":{"owner":"ann"}}' "" -- \
    run "$tmp/typed.asl.json" --services-state "$tmp/state.json" --save-services-state "$tmp/typed.json"
grep -qF '"page.html": "\"<p>\""' "$tmp/typed.json" && ! grep -q 'text/html' "$tmp/typed.json"
ok $? "  the saved state holds the object's text only (DESIGN 3.1's format)"
expect_run "--s3-dir: they are kept for the run" 0 \
    '"output":{"ContentType":"text/html","Metadata":{"owner":"ann"}}' "" -- \
    run "$tmp/typed.asl.json" --s3-dir "$tmp/s3"
sed 's/getObject/headObject/; s/"Body.\$": "\$.Body"/"ContentType.$": "$.ContentType"/' "$tmp/get.asl.json" >"$tmp/type.asl.json"
expect_run "  a later run reads the file without them" 0 '"output":{"ContentType":"binary/octet-stream"}' "" -- \
    run "$tmp/type.asl.json" --s3-dir "$tmp/s3" --input '{"bucket": "notes", "key": "page.html"}'
expect_run "--s3-dir: listObjectsV2 in key order" 0 '"output":{"Keys":["day/0.txt","day/new/1.json"],"KeyCount":2}' "" -- \
    run "$tmp/list.asl.json" --s3-dir "$tmp/s3"
printf 'SECRET' >"$tmp/outside/secret"
ln -s "$tmp/outside/secret" "$tmp/s3/notes/leak"
expect_run "--s3-dir: a symbolic link out of DIR is not followed" 1 \
    'is a symbolic link under --s3-dir: links are not followed' "" -- \
    run "$tmp/get.asl.json" --s3-dir "$tmp/s3" --input '{"bucket": "notes", "key": "leak"}'
grep -q SECRET "$tmp/out"; ok $((1 - $?)) "  and the file it names is not shown"
expect_run "--s3-dir: a '..' key is refused" 1 "cannot be a file under --s3-dir: a '.' or '..' segment" "" -- \
    run "$tmp/putget.asl.json" --s3-dir "$tmp/s3" --input '{"put": "../../outside/x", "body": 1, "get": "x"}'
[ ! -e "$tmp/outside/x" ]; ok $? "  and nothing was written outside"
expect_run "--s3-dir on a missing folder" 2 "" "--s3-dir $tmp/none: No such file or directory" -- \
    run "$tmp/get.asl.json" --s3-dir "$tmp/none"
expect_run "--s3-dir with a state file's s3 section is refused" 2 "" \
    "$tmp/state.json has an \"s3\" section and --s3-dir $tmp/s3 was given" -- \
    run "$tmp/get.asl.json" --s3-dir "$tmp/s3" --services-state "$tmp/state.json"

python3 -c "print('{\"s3\": {\"notes\": {\"big\": \"' + 'x' * 300000 + '\"}}}')" >"$tmp/big.json"
expect_run "a getObject past the payload limit fails as AWS fails it" 1 '"error":"States.DataLimitExceeded"' "" -- \
    run "$tmp/get.asl.json" --services-state "$tmp/big.json" --input '{"bucket": "notes", "key": "big"}'
expect_run "  and succeeds with --max-payload 0" 0 '"status":"SUCCEEDED"' "" -- \
    run "$tmp/get.asl.json" --services-state "$tmp/big.json" --input '{"bucket": "notes", "key": "big"}' --max-payload 0

# bad state files and unsafe keys fail clearly, naming the file, section and key
bad() { printf '%s' "$2" >"$tmp/bad.json"; expect_run "$1" 2 "" "$3" -- run "$tmp/get.asl.json" --services-state "$tmp/bad.json"; }
bad "a state file that is not an object" '["s3"]' "$tmp/bad.json: a services state file is a JSON object"
bad "an object's text that is not a string" '{"s3": {"notes": {"a.json": {"x": 1}}}}' \
    "$tmp/bad.json: s3: bucket 'notes': key 'a.json': the object's text must be a string, not object"
bad "a bucket that is not an object" '{"s3": {"notes": ["a"]}}' "$tmp/bad.json: s3: bucket 'notes' must be an object"
bad "a bad bucket name" '{"s3": {"No/Pe": {}}}' "$tmp/bad.json: s3: 'No/Pe' is not a bucket name"
bad "an unknown section" '{"s3": {}, "dynamo": {}}' "$tmp/bad.json: unknown section 'dynamo'"
bad "a section that is not an object" '{"sqs": []}' "$tmp/bad.json: section 'sqs' must be an object, not array"
bad "invalid JSON, with line:column" '{"s3": {,}}' "$tmp/bad.json:1:9: error: invalid JSON"
truncate -s 2G "$tmp/huge.json"
expect_run "a 2 GB state file is refused by its size, not read" 2 "" "larger than" -- \
    run "$tmp/get.asl.json" --services-state "$tmp/huge.json"
rm -f "$tmp/huge.json"
expect_run "a missing state file" 2 "" "--services-state: " -- run "$tmp/get.asl.json" --services-state "$tmp/none.json"
expect_run "--save-services-state into a missing folder fails, naming it" 2 "" "--save-services-state: cannot write $tmp/no/dir.json" -- \
    run "$tmp/get.asl.json" --services-state "$tmp/state.json" --input '{"bucket": "notes", "key": "seed.txt"}' \
    --save-services-state "$tmp/no/dir.json"

"$sfdbg" run --help | grep -q -- '--save-services-state FILE'; ok $? "run --help lists --save-services-state"
"$sfdbg" --help | grep -q -- '--s3-dir DIR'; ok $? "sfdbg --help lists --s3-dir"
done_testing
