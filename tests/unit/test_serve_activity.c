/* Unit tests: activities in `sfdbg serve` — CreateActivity, DescribeActivity,
 * DeleteActivity, ListActivities — through the protocol handler (serve_call.h), no
 * network. */
#include "serve_call.h"

#define ACT "arn:aws:states:us-east-1:123456789012:activity:"

static void test_create(sfn_api *api)
{
    answer a = call(api, "CreateActivity", "{\"name\": \"work\"}");
    tap_is_int(a.status, 200, "CreateActivity answers");
    tap_is_str(str(&a, "activityArn"), ACT "work", "the activity's ARN is AWS's");
    const jv *date = jv_object_get(a.body, "creationDate");
    tap_ok(date && jv_is_number(date) && jv_number_value(date) == 1700000000.0,
           "creationDate is a timestamp of the start time");
    done(&a);
    a = call(api, "CreateActivity",
             "{\"name\": \"work\", \"tags\": [{\"key\": \"k\", \"value\": \"v\"}]}");
    tap_ok(a.status == 200 && !strcmp(str(&a, "activityArn"), ACT "work"),
           "the same name with other tags answers the same ARN (AWS ignores the tags)");
    done(&a);
    expect_error(api, "CreateActivity",
                 "{\"name\": \"work\", \"encryptionConfiguration\": {\"type\": \"CUSTOMER_MANAGED_KMS_KEY\"}}",
                 "ActivityAlreadyExists", "the same name with another encryptionConfiguration");
    expect_error(api, "CreateActivity", "{\"name\": \"a b\"}", "InvalidName",
                 "a name with white space");
    expect_error(api, "CreateActivity", "{\"name\": \"a:b\"}", "InvalidName", "a name with ':'");
    expect_error(api, "CreateActivity", "{}", "ValidationException", "no name");
    expect_error(api, "CreateActivity", "{\"name\": 3}", "SerializationException",
                 "a name that is not a string");
    char *many = jv_xstrdup("{\"name\": \"tagged\", \"tags\": [");
    for (int i = 0; i < 51; i++) {
        char item[64];
        snprintf(item, sizeof item, "%s{\"key\": \"k%d\", \"value\": \"v\"}", i ? "," : "", i);
        many = jv_xrealloc(many, strlen(many) + strlen(item) + 4);
        strcat(many, item);
    }
    strcat(many, "]}");
    expect_error(api, "CreateActivity", many, "TooManyTags", "51 tags");
    free(many);
}

static void test_describe_delete(sfn_api *api)
{
    answer a = call(api, "DescribeActivity", "{\"activityArn\": \"" ACT "work\"}");
    tap_ok(a.status == 200 && !strcmp(str(&a, "name"), "work") &&
               !strcmp(str(&a, "activityArn"), ACT "work") &&
               jv_object_get(a.body, "creationDate"),
           "DescribeActivity: name, ARN and creationDate");
    done(&a);
    expect_error(api, "DescribeActivity", "{\"activityArn\": \"" ACT "nothing\"}",
                 "ActivityDoesNotExist", "DescribeActivity of an activity that is not there");
    expect_error(api, "DescribeActivity", "{\"activityArn\": \"work\"}", "InvalidArn",
                 "DescribeActivity of something that is not an ARN");
    a = call(api, "CreateActivity", "{\"name\": \"gone\"}");
    done(&a);
    a = call(api, "DeleteActivity", "{\"activityArn\": \"" ACT "gone\"}");
    tap_is_int(a.status, 200, "DeleteActivity answers");
    done(&a);
    expect_error(api, "DescribeActivity", "{\"activityArn\": \"" ACT "gone\"}",
                 "ActivityDoesNotExist", "a deleted activity is gone");
    a = call(api, "DeleteActivity", "{\"activityArn\": \"" ACT "gone\"}");
    tap_is_int(a.status, 200, "deleting it again succeeds, as on AWS");
    done(&a);
    expect_error(api, "DeleteActivity", "{\"activityArn\": \"gone\"}", "InvalidArn",
                 "DeleteActivity of something that is not an ARN");
}

static void test_list(sfn_api *api)
{
    for (int i = 0; i < 3; i++) {
        char body[64];
        snprintf(body, sizeof body, "{\"name\": \"listed-%d\"}", i);
        answer a = call(api, "CreateActivity", body);
        done(&a);
    }
    answer a = call(api, "ListActivities", "{\"maxResults\": 2}");
    const jv *list = jv_object_get(a.body, "activities");
    tap_ok(list && jv_array_length(list) == 2, "ListActivities: maxResults 2 gives 2");
    const jv *first = list ? jv_array_get(list, 0) : NULL;
    tap_is_str(first ? jv_string_value(jv_object_get(first, "name")) : "", "work",
               "in creation order");
    tap_ok(first && jv_object_get(first, "activityArn") && jv_object_get(first, "creationDate"),
           "each with its ARN and creationDate");
    char body[128];
    snprintf(body, sizeof body, "{\"maxResults\": 2, \"nextToken\": \"%s\"}", str(&a, "nextToken"));
    done(&a);
    a = call(api, "ListActivities", body);
    list = jv_object_get(a.body, "activities");
    tap_ok(list && jv_array_length(list) == 2 && !jv_object_get(a.body, "nextToken"),
           "the next page has the other 2 and no nextToken");
    done(&a);
    expect_error(api, "ListActivities", "{\"nextToken\": \"sm-1\"}", "InvalidToken",
                 "a nextToken that is not ListActivities'");
}

int main(void)
{
    sfn_api api = test_api_start();
    if (!api.registry)
        return tap_done();
    test_create(&api);
    test_describe_delete(&api);
    test_list(&api);
    serve_registry_free(api.registry);
    return tap_done();
}
