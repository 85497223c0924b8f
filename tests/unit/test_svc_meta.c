/* Unit tests: svc_meta (engine/services/svc_meta.c): an answer's SdkHttpMetadata and
 * SdkResponseMetadata built through a memo are exactly the ones built afresh (members,
 * values and their order), answer after answer, as the request id, the Date's second, the
 * Content-Length and the CRC change and as header shapes alternate (DynamoDB's getItem
 * spells its request id header apart); answers given earlier never change; the members
 * that stay the same are shared, not rebuilt. And svc_crc32 (svc_common.c), which fills
 * DynamoDB's x-amz-crc32. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "services/svc_meta.h"
#include "tap.h"

#define ANSWERS 40

static jv *result_of(int i)
{
    return jv_object_set_take(jv_object(), "MessageId", jv_string_fmt("m-%d", i));
}

/* The i-th answer's http: shapes alternate every 7 answers among three, the clock moves
 * 400 ms a step (the Date changes every second or third answer), the length every fifth. */
static svc_http http_of(int i, char *id, size_t n)
{
    snprintf(id, n, "REQ%05d", i % 9 == 8 ? i - 1 : i);   /* sometimes the same id twice */
    int shape = (i / 7) % 3;
    svc_http h = {"application/x-amz-json-1.0", id, "x-amzn-RequestId", (size_t)(100 + i / 5),
                  false, 0, false, "connection"};
    if (shape == 1)
        h = (svc_http){"application/x-amz-json-1.0", id, "x-amzn-requestid", (size_t)(2 + i % 2),
                       true, (uint32_t)(i % 3) * 1000003u, true, "Connection"};
    if (shape == 2)
        h = (svc_http){"text/xml", id, "x-amzn-RequestId", 294, false, 0, false, "connection"};
    return h;
}

static int64_t now_of(int i)
{
    return 1704164645000 + (int64_t)i * 400;
}

static void same_as_fresh(void)
{
    svc_meta *memo = svc_meta_new();
    jv *kept[ANSWERS];
    int bad = 0;
    for (int i = 0; i < ANSWERS; i++) {
        char id[32];
        svc_http h = http_of(i, id, sizeof id);
        kept[i] = svc_with_metadata(result_of(i), &h, now_of(i), memo);
        jv *fresh = svc_with_metadata(result_of(i), &h, now_of(i), NULL);
        char *a = jv_dump_string(kept[i], 0), *b = jv_dump_string(fresh, 0);
        if (strcmp(a, b) && bad++ < 3)
            tap_diag("answer %d: memo %s\n  fresh %s", i, a, b);
        engine_free(a);
        engine_free(b);
        jv_unref(fresh);
    }
    tap_ok(bad == 0, "%d answers through one memo: each the same text as built afresh", ANSWERS);
    svc_meta_free(memo);
    bad = 0;
    for (int i = 0; i < ANSWERS; i++) {
        char id[32];
        svc_http h = http_of(i, id, sizeof id);
        jv *fresh = svc_with_metadata(result_of(i), &h, now_of(i), NULL);
        char *a = jv_dump_string(kept[i], 0), *b = jv_dump_string(fresh, 0);
        bad += strcmp(a, b) != 0;
        engine_free(a);
        engine_free(b);
        jv_unref(fresh);
        jv_unref(kept[i]);
    }
    tap_ok(bad == 0, "the earlier answers unchanged by the later ones (and by freeing the memo)");
}

static const jv *headers_of(const jv *answer, const char *which)
{
    return jv_object_get(jv_object_get(answer, "SdkHttpMetadata"), which);
}

static void values_and_sharing(void)
{
    svc_meta *memo = svc_meta_new();
    svc_http h = {"application/x-amz-json-1.0", "AAA", "x-amzn-RequestId", 106, false, 0, false,
                  "connection"};
    jv *first = svc_with_metadata(result_of(1), &h, 1704164645000, memo);
    h.request_id = "BBB";
    jv *second = svc_with_metadata(result_of(2), &h, 1704164645900, memo);
    const jv *one1 = headers_of(first, "HttpHeaders"), *one2 = headers_of(second, "HttpHeaders");
    tap_is_str(jv_string_value(jv_object_get(one1, "x-amzn-RequestId")), "AAA", "first id");
    tap_is_str(jv_string_value(jv_object_get(one2, "x-amzn-RequestId")), "BBB", "second id");
    tap_is_str(jv_string_value(jv_object_get(jv_object_get(second, "SdkResponseMetadata"),
                                             "RequestId")), "BBB", "SdkResponseMetadata's id");
    tap_is_str(jv_string_value(jv_object_get(one2, "Date")), "Tue, 02 Jan 2024 03:04:05 GMT",
               "the Date of the virtual clock");
    tap_ok(jv_object_get(one1, "Date") == jv_object_get(one2, "Date") &&
               jv_object_get(one1, "Content-Type") == jv_object_get(one2, "Content-Type") &&
               jv_object_get(headers_of(first, "AllHttpHeaders"), "connection") ==
                   jv_object_get(headers_of(second, "AllHttpHeaders"), "connection"),
           "the values that did not change are shared by the two answers");
    h.request_id = "CCC";
    jv *third = svc_with_metadata(result_of(3), &h, 1704164646000, memo);
    tap_is_str(jv_string_value(jv_object_get(headers_of(third, "HttpHeaders"), "Date")),
               "Tue, 02 Jan 2024 03:04:06 GMT", "a new second: a new Date");
    tap_is_str(jv_string_value(jv_object_get(one2, "Date")), "Tue, 02 Jan 2024 03:04:05 GMT",
               "the second answer's Date unchanged");
    jv_unref(first);
    jv_unref(second);
    jv_unref(third);
    svc_meta_free(memo);
    svc_meta_free(NULL);
    tap_ok(true, "svc_meta_free(NULL) is a no-op");
}

/* The shape AWS's SDK v1 gives (the order of the headers included), as before the memo. */
static void shape_literal(void)
{
    svc_http h = {"application/x-amz-json-1.0", "RID", "x-amzn-RequestId", 2, true, 2745614147u,
                  true, "Connection"};
    svc_meta *memo = svc_meta_new();
    jv *a = svc_with_metadata(jv_object(), &h, 1704164645000, memo);
    char *text = jv_dump_string(a, 0);
    tap_is_str(text, "{\"SdkHttpMetadata\":{\"AllHttpHeaders\":{\"Connection\":[\"keep-alive\"],"
               "\"Content-Length\":[\"2\"],\"Content-Type\":[\"application/x-amz-json-1.0\"],"
               "\"Date\":[\"Tue, 02 Jan 2024 03:04:05 GMT\"],\"Server\":[\"Server\"],"
               "\"x-amz-crc32\":[\"2745614147\"],\"x-amzn-RequestId\":[\"RID\"]},"
               "\"HttpHeaders\":{\"Connection\":\"keep-alive\",\"Content-Length\":\"2\","
               "\"Content-Type\":\"application/x-amz-json-1.0\","
               "\"Date\":\"Tue, 02 Jan 2024 03:04:05 GMT\",\"Server\":\"Server\","
               "\"x-amz-crc32\":\"2745614147\",\"x-amzn-RequestId\":\"RID\"},"
               "\"HttpStatusCode\":200},\"SdkResponseMetadata\":{\"RequestId\":\"RID\"}}",
               "DynamoDB's headers in AWS's order");
    engine_free(text);
    jv_unref(a);
    svc_meta_free(memo);
}

int main(void)
{
    tap_is_int(svc_crc32("123456789", 9), 0xCBF43926, "svc_crc32: the CRC-32 check value");
    tap_is_int(svc_crc32("", 0), 0, "svc_crc32 of nothing");
    shape_literal();
    same_as_fresh();
    values_and_sharing();
    return tap_done();
}
