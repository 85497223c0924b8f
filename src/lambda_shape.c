/* lambda_shape — Lambda's names and result shape, the SDK's HTTP metadata. See lambda_shape.h. */
#include "lambda_shape.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "jv_text.h"
#include "rng.h"
#include "strbuf.h"

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

/* A request id from the execution's stream, or a fixed one without a stream. */
static void lambda_request_id(struct rng_state *random, char out[37])
{
    if (random)
        rng_uuid(random, out);
    else
        snprintf(out, 37, "00000000-0000-4000-8000-000000000000");
}

jv *lambda_local_invoke_result(const jv *payload, int64_t now_ms, struct rng_state *random)
{
    char rid[37], date[64];
    lambda_request_id(random, rid);
    time_t secs = (time_t)(now_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    char length[32];
    snprintf(length, sizeof length, "%zu", jv_serialized_size(payload));
    const http_header headers[] = {{"Connection", "keep-alive"}, {"Content-Length", length},
                                   {"Content-Type", "application/json"}, {"Date", date},
                                   {"X-Amz-Executed-Version", "$LATEST"},
                                   {"x-amzn-Remapped-Content-Length", "0"},
                                   {"x-amzn-RequestId", rid}};
    return lambda_invoke_result(payload, headers, sizeof headers / sizeof headers[0], 200,
                                "$LATEST", rid);
}

jv *lambda_error_cause(const char *type, const char *message, const jv *stack_trace,
                       struct rng_state *random)
{
    char rid[37];
    lambda_request_id(random, rid);
    jv *cause = jv_object_set_take(jv_object(), "errorMessage", jv_string(message));
    cause = jv_object_set_take(cause, "errorType", jv_string(type));
    cause = jv_object_set_take(cause, "requestId", jv_string(rid));
    return jv_object_set_take(cause, "stackTrace", stack_trace ? jv_ref(stack_trace) : jv_array());
}

/* The code point of the UTF-8 sequence at s (valid UTF-8: jv strings are), and its length. */
static uint32_t utf8_code_point(const unsigned char *s, size_t left, size_t *used)
{
    size_t n = s[0] < 0x80 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
    if (n > left)
        n = left;
    uint32_t cp = n == 1 ? s[0] : s[0] & (0x3f >> (n - 1));
    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3f);
    *used = n;
    return cp;
}

/* A string as Python's json.dumps writes it (ensure_ascii): printable ASCII as is, the rest
 * as \uXXXX, with a surrogate pair past the BMP. */
static void python_json_string(const char *text, size_t len, strbuf *out)
{
    const unsigned char *s = (const unsigned char *)text;
    strbuf_putc(out, '"');
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = utf8_code_point(s + i, len - i, &used);
        i += used;
        const char *esc = cp == '"' ? "\\\"" : cp == '\\' ? "\\\\" : cp == '\n' ? "\\n"
                          : cp == '\r' ? "\\r" : cp == '\t' ? "\\t" : cp == '\b' ? "\\b"
                          : cp == '\f' ? "\\f" : NULL;
        if (esc)
            strbuf_puts(out, esc);
        else if (cp >= 0x20 && cp < 0x7f)
            strbuf_putc(out, (char)cp);
        else if (cp < 0x10000)
            strbuf_printf(out, "\\u%04x", (unsigned)cp);
        else
            strbuf_printf(out, "\\u%04x\\u%04x", (unsigned)(0xd800 + ((cp - 0x10000) >> 10)),
                          (unsigned)(0xdc00 + ((cp - 0x10000) & 0x3ff)));
    }
    strbuf_putc(out, '"');
}

static void python_json(const jv *v, strbuf *out)
{
    if (jv_is_string(v)) {
        size_t len;
        const char *s = jv_string_text(v, &len);
        python_json_string(s, len, out);
    } else if (jv_is_array(v)) {
        strbuf_putc(out, '[');
        for (size_t i = 0; i < jv_array_length(v); i++) {
            if (i)
                strbuf_puts(out, ", ");
            python_json(jv_array_get(v, i), out);
        }
        strbuf_putc(out, ']');
    } else if (jv_is_object(v)) {
        strbuf_putc(out, '{');
        for (size_t i = 0; i < jv_object_size(v); i++) {
            if (i)
                strbuf_puts(out, ", ");
            python_json(jv_object_key_at(v, i), out);
            strbuf_puts(out, ": ");
            python_json(jv_object_value_at(v, i), out);
        }
        strbuf_putc(out, '}');
    } else {
        jv_dump(v, 0, out);
    }
}

char *lambda_error_cause_text(const jv *cause, bool lambda_invoke)
{
    if (lambda_invoke)
        return jv_dump_string(cause, 0);
    strbuf out;
    strbuf_init(&out, 0);
    python_json(cause, &out);
    return strbuf_detach(&out);
}
