/* libFuzzer target: read the input as an ItemReader object. The first byte picks the format
 * and its options (InputType, CSV header location and delimiter, an ItemsPointer, small
 * limits), the rest is the object, fed in reads of a size the first byte also picks. A
 * MANIFEST's data files are the same bytes again. Every item is dumped, so a value the
 * reader built wrongly shows up to the sanitizers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "itemreader.h"
#include "jv_text.h"

typedef struct {
    const uint8_t *data;
    size_t len, pos, chunk;
} fuzz_source;

static ssize_t fuzz_read(void *user, char *buf, size_t n)
{
    fuzz_source *s = user;
    size_t k = s->len - s->pos;
    if (k > s->chunk)
        k = s->chunk;
    if (k > n)
        k = n;
    memcpy(buf, s->data + s->pos, k);
    s->pos += k;
    return (ssize_t)k;
}

typedef struct {
    const uint8_t *data;
    size_t len;
    fuzz_source file;
} fuzz_store;

static int fuzz_open(void *user, const char *bucket, const char *key, itemreader_source *out,
                     asl_error *err)
{
    fuzz_store *st = user;
    st->file = (fuzz_source){st->data, st->len, 0, 7};
    *out = (itemreader_source){fuzz_read, &st->file};
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char delimiters[] = {',', '|', ';', ' '};
    uint8_t pick = data[0];
    itemreader_options o;
    memset(&o, 0, sizeof o);
    o.format = (itemreader_format)(pick % 4);
    o.header = (pick >> 2) & 1 ? ITEMREADER_HEADER_GIVEN : ITEMREADER_HEADER_FIRST_ROW;
    o.delimiter = delimiters[(pick >> 3) & 3];
    o.items_pointer = (pick >> 5) & 1 ? "/a/0" : NULL;
    o.limits.max_item_bytes = 512;
    o.limits.max_header_bytes = 64;
    o.limits.max_columns = 16;
    o.limits.max_total_bytes = 1 << 20;
    jv *headers = jv_parse_cstr("[\"a\",\"b\",\"c\"]", NULL);
    o.csv_headers = headers;
    fuzz_store store = {data + 1, size - 1, {0}};
    o.open = fuzz_open;
    o.open_user = &store;
    fuzz_source src = {data + 1, size - 1, 0, (size_t)((pick >> 6) * 5 + 1)};
    itemreader *r = itemreader_new(&o, (itemreader_source){fuzz_read, &src});
    jv_unref(headers);
    jv *item;
    asl_error err = ASL_ERROR_INIT;
    for (int i = 0; i < 10000 && itemreader_next(r, &item, &err) == ITEMREADER_ITEM; i++) {
        free(jv_dump_string(item, 0));
        jv_unref(item);
    }
    asl_error_clear(&err);
    itemreader_free(r);
    return 0;
}
