/* svc_common — request ids, dates, CRC-32 and HTTP metadata for the embedded services. */
#include "services/svc_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rng.h"

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

typedef struct {
    jv *all, *one;
} headers;

static void header(headers *h, const char *name, const char *value)
{
    h->all = jv_object_set_take(h->all, name,
                                jv_array_append_take(jv_array(), jv_string(value)));
    h->one = jv_object_set_take(h->one, name, jv_string(value));
}

jv *svc_with_metadata(jv *result, const svc_http *h, int64_t now_ms)
{
    char date[64], len[32], crc[16];
    svc_http_date(now_ms, date, sizeof date);
    snprintf(len, sizeof len, "%zu", h->content_length);
    headers hd = {jv_object(), jv_object()};
    header(&hd, h->connection_header, "keep-alive");
    header(&hd, "Content-Length", len);
    header(&hd, "Content-Type", h->content_type);
    header(&hd, "Date", date);
    if (h->server)
        header(&hd, "Server", "Server");
    if (h->crc32) {
        snprintf(crc, sizeof crc, "%u", (unsigned)h->crc);
        header(&hd, "x-amz-crc32", crc);
    }
    header(&hd, h->request_id_header, h->request_id);
    jv *meta = jv_object_set_take(jv_object(), "AllHttpHeaders", hd.all);
    meta = jv_object_set_take(meta, "HttpHeaders", hd.one);
    meta = jv_object_set_take(meta, "HttpStatusCode", jv_number(200));
    result = jv_object_set_take(result, "SdkHttpMetadata", meta);
    return jv_object_set_take(result, "SdkResponseMetadata",
                              jv_object_set_take(jv_object(), "RequestId",
                                                 jv_string(h->request_id)));
}
