/* s3_answer (src/s3_answer.h): S3 REST answers as the results and errors of aws-sdk:s3
 * tasks: a ListBucketResult, object headers, error codes modeled and not, a HEAD with no
 * body, answers that are not S3's XML, and the two timestamp forms. */
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "src/s3_answer.h"
#include "tap.h"

static task_answer answer(s3_op op, long status, const char *body, http_header *h, size_t nh)
{
    http_response resp = {.fail = HTTP_OK, .status = status, .headers = h, .nheaders = nh};
    strbuf_init(&resp.body, 0);
    strbuf_puts(&resp.body, body);
    task_answer out;
    task_answer_init(&out);
    s3_answer_of(op, &resp, &out);
    strbuf_cleanup(&resp.body);
    return out;
}

static void is_result(task_answer *out, const char *want, const char *name)
{
    char *got = out->kind == TASK_RESULT ? jv_dump_string(out->result, 0) : NULL;
    tap_is_str(got ? got : out->error.cause, want, "%s", name);
    free(got);
    task_answer_cleanup(out);
}

static void is_error(task_answer *out, const char *name_want, const char *cause_part,
                     const char *name)
{
    tap_ok(out->kind == TASK_ERROR && !strcmp(out->error.name, name_want) &&
           strstr(out->error.cause, cause_part), "%s (%s: %s)", name, out->error.name,
           out->error.cause);
    task_answer_cleanup(out);
}

static void test_list(void)
{
    const char *xml =
        "<?xml version=\"1.0\"?><ListBucketResult><Name>b</Name><Prefix>d/</Prefix>"
        "<MaxKeys>2</MaxKeys><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>"
        "<NextContinuationToken>tok</NextContinuationToken>"
        "<Contents><Key>d/a</Key><LastModified>2024-01-02T03:04:05.123Z</LastModified>"
        "<ETag>&quot;e1&quot;</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass>"
        "<Owner><ID>x</ID></Owner></Contents>"
        "<CommonPrefixes><Prefix>d/s/</Prefix></CommonPrefixes></ListBucketResult>";
    task_answer out = answer(S3_OP_LIST_V2, 200, xml, NULL, 0);
    is_result(&out, "{\"CommonPrefixes\":[{\"Prefix\":\"d/s/\"}],\"Contents\":[{\"ETag\":\"\\\"e1\\\"\","
              "\"Key\":\"d/a\",\"LastModified\":\"2024-01-02T03:04:05Z\",\"Size\":12,"
              "\"StorageClass\":\"STANDARD\"}],\"IsTruncated\":true,\"KeyCount\":2,\"MaxKeys\":2,"
              "\"Name\":\"b\",\"NextContinuationToken\":\"tok\",\"Prefix\":\"d/\"}",
              "ListObjectsV2: the embedded S3's shape, the members it does not have left out");
    out = answer(S3_OP_LIST_V2, 200, "<ListBucketResult><Size>x</Size><Contents><Size>1e3</Size>"
                 "</Contents></ListBucketResult>", NULL, 0);
    is_error(&out, "S3.SdkClientException", "<Size> is not a whole number", "a bad Size");
    out = answer(S3_OP_LIST_V2, 200, "<ListBucketResult><IsTruncated>yes</IsTruncated>"
                 "</ListBucketResult>", NULL, 0);
    is_error(&out, "S3.SdkClientException", "not true or false", "a bad IsTruncated");
    out = answer(S3_OP_LIST_V2, 200, "<Other/>", NULL, 0);
    is_error(&out, "S3.SdkClientException", "<Other> where <ListBucketResult>", "another root");
    out = answer(S3_OP_LIST_V1, 200, "{\"json\": true}", NULL, 0);
    is_error(&out, "S3.SdkClientException", "the XML is not valid", "an answer that is not XML");
}

static void test_objects(void)
{
    http_header h[] = {{"Content-Length", "5"}, {"Content-Type", "text/plain"},
                       {"ETag", "\"abc\""}, {"Last-Modified", "Tue, 02 Jan 2024 03:04:05 GMT"},
                       {"x-amz-meta-Owner", "ann"}, {"Accept-Ranges", "bytes"}};
    task_answer out = answer(S3_OP_GET, 200, "hello", h, 6);
    is_result(&out, "{\"AcceptRanges\":\"bytes\",\"ContentLength\":5,\"ContentType\":\"text/plain\","
              "\"ETag\":\"\\\"abc\\\"\",\"LastModified\":\"2024-01-02T03:04:05Z\","
              "\"Metadata\":{\"owner\":\"ann\"},\"Body\":\"hello\"}", "getObject from the headers");
    out = answer(S3_OP_GET, 200, "\xff", NULL, 0);
    is_result(&out, "{\"ContentLength\":1,\"Metadata\":{},\"Body\":\"\xEF\xBF\xBD\"}",
              "a body that is not UTF-8 becomes U+FFFD, as the embedded S3 gives it");
    http_header a[] = {{"Cache-Control", "max-age=60"}, {"Content-Disposition", "inline"},
                       {"Content-Encoding", "gzip"}, {"Content-Language", "en"},
                       {"Expires", "Wed, 02 Jan 2030 03:04:05 GMT"},
                       {"x-amz-storage-class", "GLACIER"}, {"x-amz-tagging-count", "2"}};
    out = answer(S3_OP_GET, 200, "", a, 7);
    is_result(&out, "{\"CacheControl\":\"max-age=60\",\"ContentDisposition\":\"inline\","
              "\"ContentEncoding\":\"gzip\",\"ContentLanguage\":\"en\",\"ContentLength\":0,"
              "\"Expires\":\"2030-01-02T03:04:05Z\",\"Metadata\":{},\"StorageClass\":\"GLACIER\","
              "\"TagCount\":2,\"Body\":\"\"}",
              "what a put kept, from the headers, in the embedded S3's order");
    out = answer(S3_OP_HEAD, 200, "", a, 7);
    is_result(&out, "{\"CacheControl\":\"max-age=60\",\"ContentDisposition\":\"inline\","
              "\"ContentEncoding\":\"gzip\",\"ContentLanguage\":\"en\","
              "\"Expires\":\"2030-01-02T03:04:05Z\",\"Metadata\":{},\"StorageClass\":\"GLACIER\"}",
              "  headObject has no TagCount");
    http_header d[] = {{"x-amz-delete-marker", "true"}, {"x-amz-version-id", "v1"}};
    out = answer(S3_OP_DELETE, 204, "", d, 2);
    is_result(&out, "{\"DeleteMarker\":true,\"VersionId\":\"v1\"}", "deleteObject's headers");
}

static void test_errors(void)
{
    http_header h[] = {{"x-amz-request-id", "RID"}, {"x-amz-id-2", "HOST"}};
    task_answer out = answer(S3_OP_GET, 404, "<Error><Code>NoSuchKey</Code><Message>The specified "
                             "key does not exist.</Message></Error>", h, 2);
    is_error(&out, "S3.NoSuchKeyException", "The specified key does not exist. (Service: S3, "
             "Status Code: 404, Request ID: RID, Extended Request ID: HOST)", "NoSuchKey");
    out = answer(S3_OP_PUT, 403, "<Error><Code>AccessDenied</Code><Message>no</Message>"
                 "<RequestId>R2</RequestId><HostId>H2</HostId></Error>", NULL, 0);
    is_error(&out, "S3.S3Exception", "no (Service: S3, Status Code: 403, Request ID: R2, "
             "Extended Request ID: H2)", "a code the model declares no exception for");
    out = answer(S3_OP_HEAD, 404, "", NULL, 0);
    is_error(&out, "S3.NoSuchKeyException", "null (Service: S3, Status Code: 404, Request ID: "
             "null", "a HEAD 404 has no body: NoSuchKey, message null");
    out = answer(S3_OP_GET, 500, "<html>oops", NULL, 0);
    is_error(&out, "S3.S3Exception", "null (Service: S3, Status Code: 500", "an error page");
    out = answer(S3_OP_GET, 404, "<Error><Code>NoSuchBucket</Code><Code>x</Code></Error>", NULL, 0);
    is_error(&out, "S3.NoSuchBucketException", "null (Service", "NoSuchBucket without a message");
}

static void test_timestamps(void)
{
    char ts[21];
    tap_ok(s3_answer_timestamp("2024-01-02T03:04:05Z", ts) && !strcmp(ts, "2024-01-02T03:04:05Z"),
           "ISO without a fraction");
    tap_ok(s3_answer_timestamp("Sun, 06 Nov 1994 08:49:37 GMT", ts) &&
           !strcmp(ts, "1994-11-06T08:49:37Z"), "an HTTP date");
    tap_ok(!s3_answer_timestamp("Sun, 06 Foo 1994 08:49:37 GMT", ts), "a bad month");
    tap_ok(!s3_answer_timestamp("Sun, 06 Nov 1994 08:49:37 GMT junk", ts), "trailing text");
    tap_ok(!s3_answer_timestamp("2024-01-02T03:04:05+01:00", ts), "an offset is not S3's");
    tap_ok(!s3_answer_timestamp("", ts) && !s3_answer_timestamp(NULL, ts), "empty and NULL");
}

int main(void)
{
    test_list();
    test_objects();
    test_errors();
    test_timestamps();
    return tap_done();
}
