/* Unit tests: the aws-sdk:s3 resolver (engine/services/s3.c) on the memory store — the
 * result shapes and values AWS recorded (../shared/conformance/asl, test_aws_sdk_task_service
 * and test_aws_sdk: putObject's ETag and ChecksumCRC32 for each Body type, getObject's
 * members, the NoSuchKey / NoSuchBucket names and causes), listObjectsV2's pages and
 * tokens, and what it refuses or leaves to other resolvers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_text.h"
#include "jv_text.h"
#include "rng.h"
#include "services/s3.h"
#include "services/s3_attrs.h"
#include "tap.h"

static objstore *store;
static rng random_stream;

/* Calls the resolver for Resource "arn:aws:states:::aws-sdk:s3:ACTION" with input (JSON
 * text); returns the answer kind and fills *a. */
static task_answer_kind call(const char *action, const char *input, task_answer *a)
{
    char resource[128];
    snprintf(resource, sizeof resource, "arn:aws:states:::%s", action);
    return answer_call(s3_service_resolve, store, resource, input, NULL,
                       1704164645000 /* 2024-01-02T03:04:05Z */, &random_stream, a);
}

/* The result as compact JSON text (or "error NAME: CAUSE"). */
static char *answer_text(const char *action, const char *input)
{
    task_answer a;
    task_answer_kind k = call(action, input, &a);
    char *text = answer_text_of(k, &a, a.result);
    task_answer_cleanup(&a);
    return text;
}

static void is_answer(const char *action, const char *input, const char *want, const char *name)
{
    char *got = answer_text(action, input);
    tap_is_str(got, want, "%s", name);
    free(got);
}

static void starts_with(const char *action, const char *input, const char *want, const char *name)
{
    char *got = answer_text(action, input);
    if (!tap_ok(!strncmp(got, want, strlen(want)), "%s", name))
        tap_diag("got: %s", got);
    free(got);
}

/* A call that must give a result (a test of what follows it). */
static void call_ok(const char *action, const char *input)
{
    task_answer a;
    if (call(action, input, &a) != TASK_RESULT)
        tap_diag("%s %s: no result", action, input);
    task_answer_cleanup(&a);
}

/* putObject with Body, as AWS answered (test_s3_put_object_*): the ETag is the MD5 of Body
 * serialized as JSON, a string included. */
static void put_as_recorded(const char *body, const char *crc, const char *etag)
{
    char input[256], want[256];
    snprintf(input, sizeof input, "{\"Bucket\":\"bucket-name\",\"Key\":\"file-key\",\"Body\":%s}",
             body);
    snprintf(want, sizeof want, "{\"ChecksumCRC32\":\"%s\",\"ChecksumType\":\"FULL_OBJECT\","
             "\"ETag\":\"\\\"%s\\\"\",\"ServerSideEncryption\":\"AES256\"}", crc, etag);
    is_answer("aws-sdk:s3:putObject", input, want, body);
}

static void list_pages(void)
{
    for (int i = 0; i < 5; i++) {
        char in[128];
        snprintf(in, sizeof in, "{\"Bucket\":\"pages\",\"Key\":\"k%d\",\"Body\":%d}", i, i);
        task_answer a;
        call("aws-sdk:s3:putObject", in, &a);
        task_answer_cleanup(&a);
    }
    task_answer a;
    call("aws-sdk:s3:listObjectsV2", "{\"Bucket\":\"pages\",\"MaxKeys\":2}", &a);
    const jv *token = jv_object_get(a.result, "NextContinuationToken");
    tap_ok(token && jv_is_true(jv_object_get(a.result, "IsTruncated")),
           "page 1 of 2 keys is truncated, with a NextContinuationToken");
    tap_is_int((long long)jv_number_value(jv_object_get(a.result, "KeyCount")), 2, "  KeyCount 2");
    char in[256];
    int pages = 1;
    size_t keys = 2;
    while (token) {
        char *sent = strdup(jv_string_value(token));
        snprintf(in, sizeof in, "{\"Bucket\":\"pages\",\"MaxKeys\":2,\"ContinuationToken\":\"%s\"}",
                 sent);
        task_answer next;
        call("aws-sdk:s3:listObjectsV2", in, &next);
        task_answer_cleanup(&a);
        a = next;
        tap_is_str(jv_string_value(jv_object_get(a.result, "ContinuationToken")), sent,
                   "  page %d echoes its ContinuationToken", pages + 1);
        free(sent);
        keys += (size_t)jv_number_value(jv_object_get(a.result, "KeyCount"));
        token = jv_object_get(a.result, "NextContinuationToken");
        pages++;
    }
    tap_is_int(pages, 3, "5 keys in pages of 2 are 3 pages");
    tap_is_int((long long)keys, 5, "  holding every key once");
    const jv *last = jv_array_get(jv_object_get(a.result, "Contents"), 0);
    tap_is_str(jv_string_value(jv_object_get(last, "Key")), "k4", "  the last page holds k4");
    task_answer_cleanup(&a);
    starts_with("aws-sdk:s3:listObjectsV2", "{\"Bucket\":\"pages\",\"ContinuationToken\":\"!!\"}",
                "error S3.S3Exception: The continuation token provided is incorrect (Service: S3, "
                "Status Code: 400", "a token that is not one is refused as S3 refuses it");
    is_answer("aws-sdk:s3:listObjectsV2", "{\"Bucket\":\"pages\",\"StartAfter\":\"k3\"}",
              "{\"Contents\":[{\"ETag\":\"\\\"a87ff679a2f3e71d9181a67b7542122c\\\"\",\"Key\":\"k4\","
              "\"LastModified\":\"2024-01-02T03:04:05Z\",\"Size\":1,\"StorageClass\":\"STANDARD\"}],"
              "\"IsTruncated\":false,\"KeyCount\":1,\"MaxKeys\":1000,\"Name\":\"pages\","
              "\"Prefix\":\"\",\"StartAfter\":\"k3\"}", "listObjectsV2 StartAfter, the whole shape");
    is_answer("aws-sdk:s3:listObjectsV2", "{\"Bucket\":\"pages\",\"Prefix\":\"zz\"}",
              "{\"IsTruncated\":false,\"KeyCount\":0,\"MaxKeys\":1000,\"Name\":\"pages\","
              "\"Prefix\":\"zz\"}", "an empty listing has no Contents");
    starts_with("aws-sdk:s3:listObjects", "{\"Bucket\":\"pages\",\"Marker\":\"k3\"}",
                "{\"Contents\":[{\"ETag\":\"\\\"a87ff679a2f3e71d9181a67b7542122c\\\"\",\"Key\":\"k4\"",
                "listObjects (v1) with Marker");
    starts_with("aws-sdk:s3:listObjectsV2", "{\"Bucket\":\"pages\",\"MaxKeys\":-1}",
                "error S3.S3Exception: Provided max-keys not an integer", "MaxKeys -1");
}

/* The names listed, "Contents: a z | CommonPrefixes: docs/ | truncated" */
static const char *listed(const char *input, char *token, size_t n)
{
    static char buf[512];
    task_answer a;
    if (call("aws-sdk:s3:listObjectsV2", input, &a) != TASK_RESULT) {
        task_answer_cleanup(&a);
        return "error";
    }
    static const char *const lists[][2] = {{"Contents", "Key"}, {"CommonPrefixes", "Prefix"}};
    buf[0] = '\0';
    for (size_t l = 0; l < 2; l++) {
        const jv *arr = jv_object_get(a.result, lists[l][0]);
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s:", l ? " | " : "", lists[l][0]);
        for (size_t i = 0; arr && i < jv_array_length(arr); i++)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %s",
                     jv_string_value(jv_object_get(jv_array_get(arr, i), lists[l][1])));
    }
    const jv *next = jv_object_get(a.result, "NextContinuationToken");
    if (next)
        strcat(buf, " | truncated");
    if (token)
        snprintf(token, n, "%s", next ? jv_string_value(next) : "");
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " (%g)",
             jv_number_value(jv_object_get(a.result, "KeyCount")));
    task_answer_cleanup(&a);
    return buf;
}

static void list_delimiter(void)
{
    objstore_memory_add_bucket(store, "tree");
    static const char *const keys[] = {"a.txt", "docs/1", "docs/2", "docs/sub/3", "img/x", "z"};
    objstore_error err;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        objstore_put(store, "tree", keys[i], "x", 1, 0, &err);
    tap_is_str(listed("{\"Bucket\":\"tree\",\"Delimiter\":\"/\"}", NULL, 0),
               "Contents: a.txt z | CommonPrefixes: docs/ img/ (4)",
               "Delimiter groups keys into CommonPrefixes, each counted once");
    tap_is_str(listed("{\"Bucket\":\"tree\",\"Delimiter\":\"/\",\"Prefix\":\"docs/\"}", NULL, 0),
               "Contents: docs/1 docs/2 | CommonPrefixes: docs/sub/ (3)",
               "  after a Prefix, one level down");
    char token[256], in[512];
    tap_is_str(listed("{\"Bucket\":\"tree\",\"Delimiter\":\"/\",\"MaxKeys\":2}", token,
                      sizeof token),
               "Contents: a.txt | CommonPrefixes: docs/ | truncated (2)", "  pages of 2: the first");
    snprintf(in, sizeof in, "{\"Bucket\":\"tree\",\"Delimiter\":\"/\",\"MaxKeys\":2,"
             "\"ContinuationToken\":\"%s\"}", token);
    tap_is_str(listed(in, NULL, 0), "Contents: z | CommonPrefixes: img/ (2)",
               "  the second skips the keys under docs/ and ends");
}

/* What S3 keeps of a put besides the body (s3_attrs.h), given back by get and head. */
static void put_attributes(void)
{
    is_answer("aws-sdk:s3:putObject",
              "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\",\"Body\":\"<p>\","
              "\"ContentType\":\"text/html\",\"CacheControl\":\"max-age=60\","
              "\"ContentDisposition\":\"inline\",\"ContentEncoding\":\"identity\","
              "\"ContentLanguage\":\"en\",\"Expires\":\"2030-01-02T03:04:05Z\","
              "\"Metadata\":{\"Owner\":\"ann\",\"x-trace\":\"7\"},\"StorageClass\":\"GLACIER\","
              "\"Tagging\":\"team=a&env=dev\"}",
              "{\"ChecksumCRC32\":\"B4r+qQ==\",\"ChecksumType\":\"FULL_OBJECT\","
              "\"ETag\":\"\\\"96fe34f46084699530cb8cbd35895dda\\\"\","
              "\"ServerSideEncryption\":\"AES256\"}",
              "putObject with ContentType, Metadata, ...: the result does not change");
    /* the members get and head share */
#define PAGE_HEAD "{\"AcceptRanges\":\"bytes\",\"CacheControl\":\"max-age=60\"," \
    "\"ContentDisposition\":\"inline\",\"ContentEncoding\":\"identity\"," \
    "\"ContentLanguage\":\"en\",\"ContentLength\":5,\"ContentType\":\"text/html\"," \
    "\"ETag\":\"\\\"96fe34f46084699530cb8cbd35895dda\\\"\"," \
    "\"Expires\":\"2030-01-02T03:04:05Z\",\"LastModified\":\"2024-01-02T03:04:05Z\"," \
    "\"Metadata\":{\"owner\":\"ann\",\"x-trace\":\"7\"}," \
    "\"ServerSideEncryption\":\"AES256\",\"StorageClass\":\"GLACIER\""
    is_answer("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\"}",
              PAGE_HEAD ",\"TagCount\":2,\"Body\":\"\\\"<p>\\\"\"}",
              "getObject gives them back (Metadata names lower-cased, the tags counted)");
    is_answer("aws-sdk:s3:headObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\"}",
              PAGE_HEAD "}", "headObject too, without TagCount (HeadObjectOutput has none)");
#undef PAGE_HEAD
    char *list = answer_text("aws-sdk:s3:listObjectsV2",
                             "{\"Bucket\":\"bucket-name\",\"Prefix\":\"page.\"}");
    tap_ok(list && strstr(list, "\"Key\":\"page.html\"") &&
               strstr(list, "\"StorageClass\":\"GLACIER\""),
           "listObjectsV2 lists it with its StorageClass");
    if (list && !strstr(list, "GLACIER"))
        tap_diag("%s", list);
    free(list);

    jv *before = objstore_memory_snapshot(store);
    call_ok("aws-sdk:s3:putObject",
            "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\",\"Body\":\"<p>\","
            "\"StorageClass\":\"STANDARD\"}");
    is_answer("aws-sdk:s3:headObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\"}",
              "{\"AcceptRanges\":\"bytes\",\"ContentLength\":5,"
              "\"ContentType\":\"binary/octet-stream\","
              "\"ETag\":\"\\\"96fe34f46084699530cb8cbd35895dda\\\"\","
              "\"LastModified\":\"2024-01-02T03:04:05Z\",\"Metadata\":{},"
              "\"ServerSideEncryption\":\"AES256\"}",
              "a put without them replaces them (STANDARD is not returned, as S3's)");
    objstore_memory_restore(store, before);
    jv_unref(before);
    starts_with("aws-sdk:s3:headObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\"}",
                "{\"AcceptRanges\":\"bytes\",\"CacheControl\":\"max-age=60\",",
                "a snapshot restored (step back) brings them back");
    call_ok("aws-sdk:s3:deleteObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\"}");
    call_ok("aws-sdk:s3:putObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\"}");
    starts_with("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"page.html\"}",
                "{\"AcceptRanges\":\"bytes\",\"ContentLength\":0,"
                "\"ContentType\":\"binary/octet-stream\",",
                "a deleted object's attributes go with it");
}

/* Metadata with names and values of n bytes in all (one name "m", the value n - 1 bytes). */
static char *metadata_of(size_t n)
{
    char *in = malloc(n + 128);
    int at = sprintf(in, "{\"Bucket\":\"bucket-name\",\"Key\":\"meta\",\"Metadata\":{\"m\":\"");
    memset(in + at, 'v', n - 1);
    strcpy(in + at + n - 1, "\"}}");
    return in;
}

static void put_attribute_bounds(void)
{
    char *in = metadata_of(S3_ATTRS_METADATA_MAX);
    starts_with("aws-sdk:s3:putObject", in, "{\"ChecksumCRC32\":", "2 KB of Metadata is taken");
    free(in);
    in = metadata_of(S3_ATTRS_METADATA_MAX + 1);
    starts_with("aws-sdk:s3:putObject", in,
                "error S3.S3Exception: Your metadata headers exceed the maximum allowed metadata "
                "size. (Service: S3, Status Code: 400, Request ID: ",
                "one byte more is S3's MetadataTooLarge");
    free(in);
    call_ok("aws-sdk:s3:putObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"meta\","
            "\"Metadata\":{\"Tag\":\"a\",\"tag\":\"b\"}}");
    starts_with("aws-sdk:s3:headObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"meta\"}",
                "{\"AcceptRanges\":\"bytes\",\"ContentLength\":0,"
                "\"ContentType\":\"binary/octet-stream\",\"ETag\":\"\\\"d41d8cd98f00b204e9800998ecf8427e\\\"\","
                "\"LastModified\":\"2024-01-02T03:04:05Z\",\"Metadata\":{\"tag\":\"a,b\"}",
                "Metadata names that differ in case only: one header, the values joined as S3 does");
    static const struct { const char *params, *want, *name; } bad[] = {
        {"\"Metadata\":{\"a\":1}", "error S3.SdkClientException: Parameter 'Metadata': 'a' must "
         "be a string without control characters", "a Metadata value that is no string"},
        {"\"Metadata\":[\"a\"]", "error S3.SdkClientException: Parameter 'Metadata' must be an "
         "object of strings, not array", "Metadata that is no object"},
        {"\"Metadata\":{\"a b\":\"x\"}", "error S3.SdkClientException: Parameter 'Metadata': "
         "'a b' is not a header name", "a Metadata name that is no header name"},
        {"\"ContentType\":7", "error S3.SdkClientException: Parameter 'ContentType' must be a "
         "string", "a ContentType that is no string"},
        {"\"CacheControl\":\"a\\r\\nX-Evil: 1\"", "error S3.SdkClientException: Parameter "
         "'CacheControl' must be a string without control characters", "a header split"},
        {"\"Expires\":\"tomorrow\"", "error S3.SdkClientException: Parameter 'Expires': "
         "'tomorrow' is not a timestamp", "an Expires that is no timestamp"},
        {"\"StorageClass\":\"COLD\"", "error S3.S3Exception: The storage class you specified is "
         "not valid (Service: S3, Status Code: 400", "an unknown StorageClass"},
        {"\"Tagging\":\"a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11\"", "error S3.S3Exception: "
         "Object tags cannot be greater than 10 (Service: S3", "11 tags"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char input[256];
        snprintf(input, sizeof input, "{\"Bucket\":\"bucket-name\",\"Key\":\"bad\",%s}",
                 bad[i].params);
        starts_with("aws-sdk:s3:putObject", input, bad[i].want, bad[i].name);
    }
    starts_with("aws-sdk:s3:headObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"bad\"}",
                "error S3.NoSuchKeyException: null", "  a refused put writes nothing");
}

int main(void)
{
    rng_seed(&random_stream, 7);
    store = objstore_memory_new(0);
    objstore_memory_add_bucket(store, "bucket-name");
    objstore_memory_add_bucket(store, "pages");
    objstore_error err;
    objstore_put(store, "bucket-name", "file_key", "text data", 9, 1704164645000, &err);

    tap_diag("putObject as AWS recorded it");
    put_as_recorded("\"text data\"", "KUmHvQ==", "2b5df3712557f503a9977a8ea893b2c9");
    put_as_recorded("false", "K81oMA==", "68934a3e9455fa72420237eb05902327");
    put_as_recorded("0", "9NvfIQ==", "cfcd208495d565ef66e7dff9f98764da");
    put_as_recorded("[\"List\",\"Data\"]", "1F2MPA==", "6b23860357f6e63a0272b7f1143a663a");
    put_as_recorded("{\"Dict\":\"Value\"}", "hnEfWw==", "49e31cee5aec8faf3345893addb14346");

    tap_diag("getObject and headObject");
    is_answer("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"file_key\"}",
              "{\"AcceptRanges\":\"bytes\",\"ContentLength\":9,\"ContentType\":\"binary/octet-stream\","
              "\"ETag\":\"\\\"332eec544317a6d340b8e77da7fe54ad\\\"\",\"LastModified\":"
              "\"2024-01-02T03:04:05Z\",\"Metadata\":{},\"ServerSideEncryption\":\"AES256\","
              "\"Body\":\"text data\"}", "getObject: AWS's members, in AWS's order");
    is_answer("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"file-key\"}",
              "{\"AcceptRanges\":\"bytes\",\"ContentLength\":16,\"ContentType\":\"binary/octet-stream\","
              "\"ETag\":\"\\\"49e31cee5aec8faf3345893addb14346\\\"\",\"LastModified\":"
              "\"2024-01-02T03:04:05Z\",\"Metadata\":{},\"ServerSideEncryption\":\"AES256\","
              "\"Body\":\"{\\\"Dict\\\":\\\"Value\\\"}\"}", "getObject of what putObject wrote");
    objstore_put(store, "bucket-name", "binary", "a\xff" "b", 3, 0, &err);
    starts_with("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"binary\"}",
                "{\"AcceptRanges\":\"bytes\",\"ContentLength\":3,", "a body that is not UTF-8");
    char *bin = answer_text("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"binary\"}");
    tap_ok(strstr(bin, "\"Body\":\"a\xef\xbf\xbd" "b\"") != NULL, "  has U+FFFD for the bad byte");
    free(bin);
    is_answer("aws-sdk:s3:headObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"file_key\"}",
              "{\"AcceptRanges\":\"bytes\",\"ContentLength\":9,\"ContentType\":\"binary/octet-stream\","
              "\"ETag\":\"\\\"332eec544317a6d340b8e77da7fe54ad\\\"\",\"LastModified\":"
              "\"2024-01-02T03:04:05Z\",\"Metadata\":{},\"ServerSideEncryption\":\"AES256\"}",
              "headObject");

    objstore_put(store, "bucket-name", "doomed", "x", 1, 0, &err);
    is_answer("aws-sdk:s3:deleteObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"doomed\"}", "{}",
              "deleteObject answers {} (S3's 204 with no body)");
    objstore_head h;
    tap_is_int(objstore_head_object(store, "bucket-name", "doomed", &h, &err), OBJSTORE_NO_SUCH_KEY,
               "  and the object is gone");
    is_answer("aws-sdk:s3:deleteObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"doomed\"}", "{}",
              "  deleting it again is no error");
    starts_with("aws-sdk:s3:deleteObject", "{\"Bucket\":\"not-declared\",\"Key\":\"k\"}",
                "error S3.NoSuchBucketException: ", "deleteObject in an undeclared bucket");

    tap_diag("errors, as AWS names them");
    starts_with("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"no_such_key.json\"}",
                "error S3.NoSuchKeyException: The specified key does not exist. (Service: S3, "
                "Status Code: 404, Request ID: ", "getObject of a missing key");
    char *e = answer_text("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"nope\"}");
    tap_ok(strstr(e, ", Extended Request ID: ") && e[strlen(e) - 1] == ')',
           "  the cause ends with the extended request id, as AWS's");
    free(e);
    starts_with("aws-sdk:s3:listObjects", "{\"Bucket\":\"someNonexistentBucketName\"}",
                "error S3.NoSuchBucketException: The specified bucket does not exist (Service: S3, "
                "Status Code: 404, ", "listObjects of a missing bucket (test_no_such_bucket)");
    starts_with("aws-sdk:s3:putObject", "{\"Bucket\":\"not-declared\",\"Key\":\"k\",\"Body\":1}",
                "error S3.NoSuchBucketException: ", "putObject into an undeclared bucket");
    starts_with("aws-sdk:s3:headObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"nope\"}",
                "error S3.NoSuchKeyException: null (Service: S3, Status Code: 404",
                "headObject of a missing key: HEAD has no message");
    is_answer("aws-sdk:s3:getObject", "{\"Key\":\"k\"}",
              "error S3.SdkClientException: Parameter 'Bucket' must not be null", "no Bucket");
    is_answer("aws-sdk:s3:getObject", "{\"Bucket\":\"bucket-name\",\"Key\":5}",
              "error S3.SdkClientException: Parameter 'Key' must not be empty or a non-string",
              "a Key that is no string");
    char longkey[1100 + 64];
    snprintf(longkey, sizeof longkey, "{\"Bucket\":\"bucket-name\",\"Key\":\"%01025d\"}", 0);
    starts_with("aws-sdk:s3:putObject", longkey, "error S3.S3Exception: a key is 1 to 1024 bytes",
                "a Key over 1024 bytes");

    tap_diag("what it leaves to others");
    is_answer("aws-sdk:s3:copyObject", "{\"Bucket\":\"bucket-name\",\"Key\":\"k\"}", "no answer",
              "an S3 action the store does not do");
    is_answer("aws-sdk:dynamodb:getItem", "{}", "no answer", "another service");
    is_answer("sqs:sendMessage", "{}", "no answer", "an optimized integration");

    tap_diag("what a put keeps besides the body");
    put_attributes();
    put_attribute_bounds();

    tap_diag("listObjectsV2 pages");
    list_pages();
    list_delimiter();
    objstore_free(store);
    return tap_done();
}
