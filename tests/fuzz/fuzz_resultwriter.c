/* libFuzzer target: a ResultWriter fed results made from the input. The first bytes pick
 * the OutputType, Transformation, a file limit and a chunk size (both small, so files
 * split and chunks break anywhere); each following line is one child's output (JSON, or
 * a string when it does not parse), its status from the line's first byte. The store
 * checks what a store may rely on: each object's chunks come in order at the offsets that
 * follow, an object completes once, nothing is written to it afterwards, and no file but
 * the manifest passes the limit. A breach aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "resultwriter.h"

#define OBJECTS 64

typedef struct {
    char *keys[OBJECTS];
    uint64_t sizes[OBJECTS];
    int complete[OBJECTS];
    int n;
    uint64_t limit;
} check_store;

static int check_put(void *user, const resultwriter_chunk *c, asl_error *err)
{
    check_store *s = user;
    int i = 0;
    while (i < s->n && strcmp(s->keys[i], c->key) != 0)
        i++;
    if (i == s->n) {
        if (s->n == OBJECTS) {
            asl_error_set(err, "S3.Full", "the test store is full");
            return -1;
        }
        s->keys[s->n++] = strdup(c->key);
    }
    if (s->complete[i] || c->offset != s->sizes[i])
        abort();
    s->sizes[i] += c->len;
    s->complete[i] = c->last;
    if (!strstr(c->key, "manifest.json") && s->sizes[i] > s->limit)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    check_store store = {{0}, {0}, {0}, 0, 0};
    resultwriter_options o;
    memset(&o, 0, sizeof o);
    o.bucket = data[0] & 1 ? "b" : NULL;
    o.prefix = data[0] & 2 ? "p" : "";
    o.output = data[0] & 4 ? RESULTWRITER_JSONL : RESULTWRITER_JSON;
    o.has_transformation = data[0] & 8;
    o.transformation = (resultwriter_transformation)((data[0] >> 4) % 3);
    o.map_run_arn = "arn:aws:states:us-east-1:111111111111:mapRun:sm/m:uuid";
    o.max_file_bytes = 8 + data[1];
    o.chunk_bytes = 1 + data[2] % 16;
    o.put = check_put;
    o.put_user = &store;
    store.limit = o.max_file_bytes;
    resultwriter *w = resultwriter_new(&o);
    asl_error err = ASL_ERROR_INIT;
    const char *p = (const char *)data + 3, *end = (const char *)data + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        jv *v = n > 1 ? jv_parse(p + 1, n - 1, 0, NULL) : NULL;
        if (!v)
            v = jv_string_n(p, n);
        resultwriter_result r = {n ? (resultwriter_status)((unsigned char)p[0] % 5) : 0,
                                 "arn:x", "name", "arn:sm", v, v, "E", "C", 0, 1};
        bool ok = resultwriter_add(w, &r, &err);
        jv_unref(v);
        if (!ok)
            break;
        p += n + 1;
    }
    asl_error_clear(&err);
    jv_unref(resultwriter_finish(w, &err));
    asl_error_clear(&err);
    resultwriter_free(w);
    for (int i = 0; i < store.n; i++)
        free(store.keys[i]);
    return 0;
}
