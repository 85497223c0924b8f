/* svc_common — request ids, dates, CRC-32 and HTTP metadata for the embedded services. */
#include "services/svc_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rng.h"
#include "timeutil.h"

uint32_t svc_crc32(const char *data, size_t len)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        c ^= (unsigned char)data[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

void svc_request_id(const task_call *call, char *out, size_t n)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (size_t i = 0; i < n; i++)
        out[i] = chars[call->random ? rng_below(call->random, 36) : 0];
    out[n] = '\0';
}

void svc_uuid(const task_call *call, char out[37])
{
    if (call->random)
        rng_uuid(call->random, out);
    else
        snprintf(out, 37, "00000000-0000-4000-8000-000000000000");
}

void svc_iso_time(int64_t ms, char *out, size_t n)
{
    if (ms < TIMEUTIL_MIN_MS)
        ms = TIMEUTIL_MIN_MS;
    if (ms > TIMEUTIL_MAX_MS)
        ms = TIMEUTIL_MAX_MS;
    timeutil_format_ms(ms, out, n);
}

const char *svc_arn_name(const char *arn)
{
    if (strncmp(arn, "arn:", 4))
        return NULL;
    const char *p = arn;
    for (int colons = 0; colons < 5; colons++) {
        p = strchr(p, ':');
        if (!p)
            return NULL;
        p++;
    }
    return *p ? p : NULL;
}

const jv *svc_param(const task_call *call, const char *name)
{
    return call->input && jv_is_object(call->input) ? jv_object_get(call->input, name) : NULL;
}

const char *svc_unknown_param(const task_call *call, const char *const *allowed)
{
    const jv *in = call->input && jv_is_object(call->input) ? call->input : NULL;
    for (size_t i = 0; in && i < jv_object_size(in); i++) {
        const char *name = jv_string_value(jv_object_key_at(in, i));
        const char *const *a = allowed;
        while (*a && strcmp(*a, name))
            a++;
        if (!*a)
            return name;
    }
    return NULL;
}

static bool svc_slice_is(const char *p, size_t n, const char *s)
{
    return strlen(s) == n && !memcmp(p, s, n);
}

int svc_action_find(const asl_resource_info *info, const char *opt, const char *sdk_service,
                    const svc_action *table, size_t n, bool *sdk, int unknown)
{
    bool is_opt = info->kind == ASL_RESOURCE_OPTIMIZED &&
                  svc_slice_is(info->service, info->service_len, opt);
    *sdk = info->kind == ASL_RESOURCE_SDK &&
           svc_slice_is(info->service, info->service_len, sdk_service);
    if (!is_opt && !*sdk)
        return unknown;
    for (size_t i = 0; i < n; i++)
        if (svc_slice_is(info->action, info->action_len, table[i].name) &&
            (*sdk || !table[i].sdk_only))
            return table[i].action;
    return unknown;
}

task_answer_kind svc_fail(task_answer *out, const svc_names *names, bool sdk,
                          const char *exception, int status, const char *code,
                          const char *request_id, const char *message)
{
    out->kind = TASK_ERROR;
    char name[160];
    if (sdk) {
        snprintf(name, sizeof name, "%s.%s", names->v2_prefix,
                 exception ? exception : names->v2_generic);
        asl_error_set(&out->error, name, "%s (Service: %s, Status Code: %d, Request ID: %s)",
                      message, names->v2_service, status, request_id);
    } else {
        snprintf(name, sizeof name, "%s.%s", names->v1_prefix,
                 exception ? exception : names->v1_generic);
        asl_error_set(&out->error, name, "%s (Service: %s; Status Code: %d; Error Code: %s; "
                      "Request ID: %s; Proxy: null)", message, names->v1_service, status, code,
                      request_id);
    }
    return TASK_ERROR;
}

void svc_http_date(int64_t ms, char *out, size_t n)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof tm);
    snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7], tm.tm_mday,
             months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
