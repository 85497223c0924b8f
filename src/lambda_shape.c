/* lambda_shape — Lambda's names and result shape, the SDK's HTTP metadata. See lambda_shape.h. */
#include "lambda_shape.h"

#include <stdio.h>
#include <string.h>

void lambda_function_name(const char *ref, char *out, size_t n)
{
    const char *p = strstr(ref, ":function:");
    p = p ? p + 10 : ref;
    size_t len = strcspn(p, ":");
    snprintf(out, n, "%.*s", (int)len, p);
}

bool lambda_is_invoke(const task_call *call)
{
    return call->info.kind == ASL_RESOURCE_OPTIMIZED && call->info.service_len == 6 &&
           !strncmp(call->info.service, "lambda", 6) && call->info.action_len == 6 &&
           !strncmp(call->info.action, "invoke", 6);
}

bool lambda_call_function(const task_call *call, char *out, size_t n)
{
    out[0] = '\0';
    if (call->info.kind == ASL_RESOURCE_LAMBDA && call->resource) {
        lambda_function_name(call->resource, out, n);
    } else if (lambda_is_invoke(call) && jv_is_object(call->input)) {
        const jv *fn = jv_object_get(call->input, "FunctionName");
        if (fn && jv_is_string(fn))
            lambda_function_name(jv_string_value(fn), out, n);
    }
    return out[0] != '\0';
}

jv *sdk_http_metadata(const http_header *headers, size_t nheaders, long status)
{
    jv *all = jv_object(), *plain = jv_object();
    for (size_t i = 0; i < nheaders; i++) {
        const jv *have = jv_object_get(all, headers[i].name);
        jv *list = have ? jv_ref(have) : jv_array();
        all = jv_object_set_take(all, headers[i].name,
                                 jv_array_append_take(list, jv_string(headers[i].value)));
        plain = jv_object_set_take(plain, headers[i].name, jv_string(headers[i].value));
    }
    jv *meta = jv_object_set_take(jv_object(), "AllHttpHeaders", all);
    meta = jv_object_set_take(meta, "HttpHeaders", plain);
    return jv_object_set_take(meta, "HttpStatusCode", jv_number((double)status));
}

jv *lambda_invoke_result(const jv *payload, const http_header *headers, size_t nheaders,
                         long status, const char *executed_version, const char *request_id)
{
    jv *r = jv_object_set_take(jv_object(), "ExecutedVersion", jv_string(executed_version));
    r = jv_object_set(r, "Payload", payload);
    r = jv_object_set_take(r, "SdkHttpMetadata", sdk_http_metadata(headers, nheaders, status));
    r = jv_object_set_take(r, "SdkResponseMetadata",
                           jv_object_set_take(jv_object(), "RequestId", jv_string(request_id)));
    return jv_object_set_take(r, "StatusCode", jv_number((double)status));
}
