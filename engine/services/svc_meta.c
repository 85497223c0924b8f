/* svc_meta — SdkHttpMetadata / SdkResponseMetadata, sharing members between answers. */
#include "services/svc_meta.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Header shapes a memo keeps (DynamoDB's getItem spells its request id header apart). */
#define SVC_META_SHAPES 4

/* One header shape's last answer. */
typedef struct {
    bool used;
    const char *content_type, *request_id_header, *connection_header;
    bool crc32, server;
    jv *all, *one;            /* AllHttpHeaders ({NAME: [VALUE]}) and HttpHeaders */
    jv *http;                 /* SdkHttpMetadata */
    jv *response;             /* SdkResponseMetadata */
    int64_t date_s;           /* the second the Date header says */
    size_t length;            /* what Content-Length says */
    uint32_t crc;             /* what x-amz-crc32 says */
} svc_meta_shape;

struct svc_meta {
    svc_meta_shape shapes[SVC_META_SHAPES];
    size_t next;              /* the shape replaced when all are in use */
};

svc_meta *svc_meta_new(void)
{
    return engine_calloc(1, sizeof(svc_meta));
}

static void shape_clear(svc_meta_shape *s)
{
    jv_unref(s->all);
    jv_unref(s->one);
    jv_unref(s->http);
    jv_unref(s->response);
    memset(s, 0, sizeof *s);
}

void svc_meta_free(svc_meta *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < SVC_META_SHAPES; i++)
        shape_clear(&m->shapes[i]);
    engine_free(m);
}

static bool shape_is(const svc_meta_shape *s, const svc_http *h)
{
    return s->used && !strcmp(s->content_type, h->content_type) &&
           !strcmp(s->request_id_header, h->request_id_header) &&
           !strcmp(s->connection_header, h->connection_header) && s->crc32 == h->crc32 &&
           s->server == h->server;
}

/* The header name's value set to text in both maps, unless it is text already (a new
 * header goes last: the order of the first answer's calls is the maps' order). */
static void header_set(svc_meta_shape *s, const char *name, const char *text)
{
    const jv *have = jv_object_get(s->one, name);
    if (have && !strcmp(jv_string_value(have), text))
        return;
    jv *v = jv_string(text);
    s->all = jv_object_set_take(s->all, name, jv_array_append(jv_array(), v));
    s->one = jv_object_set_take(s->one, name, v);
}

/* The shape's members for this answer: the first answer of a shape sets every header,
 * in AWS's order; a later one only those whose values can differ. */
static void shape_update(svc_meta_shape *s, const svc_http *h, int64_t now_ms, bool fresh)
{
    char text[64];
    if (fresh)
        header_set(s, h->connection_header, "keep-alive");
    if (fresh || h->content_length != s->length) {
        snprintf(text, sizeof text, "%zu", h->content_length);
        header_set(s, "Content-Length", text);
        s->length = h->content_length;
    }
    if (fresh)
        header_set(s, "Content-Type", h->content_type);
    int64_t second = now_ms / 1000;   /* what svc_http_date shows */
    if (fresh || second != s->date_s) {
        svc_http_date(now_ms, text, sizeof text);
        header_set(s, "Date", text);
        s->date_s = second;
    }
    if (fresh && h->server)
        header_set(s, "Server", "Server");
    if (h->crc32 && (fresh || h->crc != s->crc)) {
        snprintf(text, sizeof text, "%u", (unsigned)h->crc);
        header_set(s, "x-amz-crc32", text);
        s->crc = h->crc;
    }
    header_set(s, h->request_id_header, h->request_id);
}

static svc_meta_shape *shape_for(svc_meta *m, const svc_http *h, bool *fresh)
{
    for (size_t i = 0; i < SVC_META_SHAPES; i++)
        if (shape_is(&m->shapes[i], h)) {
            *fresh = false;
            return &m->shapes[i];
        }
    svc_meta_shape *s = &m->shapes[m->next];
    m->next = (m->next + 1) % SVC_META_SHAPES;
    shape_clear(s);
    *s = (svc_meta_shape){.used = true, .content_type = h->content_type,
                          .request_id_header = h->request_id_header,
                          .connection_header = h->connection_header, .crc32 = h->crc32,
                          .server = h->server, .all = jv_object(), .one = jv_object()};
    s->http = jv_object_set_take(jv_object(), "AllHttpHeaders", jv_null());
    s->http = jv_object_set_take(s->http, "HttpHeaders", jv_null());
    s->http = jv_object_set_take(s->http, "HttpStatusCode", jv_number(200));
    s->response = jv_object_set_take(jv_object(), "RequestId", jv_null());
    *fresh = true;
    return s;
}

static jv *metadata_apply(jv *result, svc_meta *m, const svc_http *h, int64_t now_ms)
{
    bool fresh;
    svc_meta_shape *s = shape_for(m, h, &fresh);
    const jv *all = s->all, *one = s->one;
    shape_update(s, h, now_ms, fresh);
    if (fresh || s->all != all || s->one != one) {
        s->http = jv_object_set(s->http, "AllHttpHeaders", s->all);
        s->http = jv_object_set(s->http, "HttpHeaders", s->one);
    }
    const jv *id = jv_object_get(s->one, h->request_id_header);
    const jv *had = jv_object_get(s->response, "RequestId");
    if (!jv_is_string(had) || strcmp(jv_string_value(had), h->request_id))
        s->response = jv_object_set(s->response, "RequestId", id);
    result = jv_object_set(result, "SdkHttpMetadata", s->http);
    return jv_object_set(result, "SdkResponseMetadata", s->response);
}

jv *svc_with_metadata(jv *result, const svc_http *h, int64_t now_ms, svc_meta *memo)
{
    if (memo)
        return metadata_apply(result, memo, h, now_ms);
    svc_meta once = {0};
    result = metadata_apply(result, &once, h, now_ms);
    shape_clear(&once.shapes[0]);
    return result;
}
