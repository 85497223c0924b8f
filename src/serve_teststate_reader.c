/* serve_teststate_reader — stateConfiguration.mapItemReaderData under TestState: a mocked
 * Map's ItemReader reads the data given instead of an S3 object (serve_teststate.h). */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "itemreader.h"
#include "serve_teststate.h"

/* The data as a byte source: read from the start, once. */
typedef struct {
    const char *data;
    size_t len, at;
} ts_bytes;

static ssize_t ts_bytes_read(void *user, char *buf, size_t n)
{
    ts_bytes *b = user;
    size_t k = b->len - b->at < n ? b->len - b->at : n;
    memcpy(buf, b->data + b->at, k);
    b->at += k;
    return (ssize_t)k;
}

/* The ItemReader's options from its literal fields; false with e filled (the request's
 * fault), or with *failed set (the reader's: States.ItemReaderFailed at run time). */
static bool ts_reader_options(const jv *reader, itemreader_options *o, asl_error *failed,
                              serve_error *e)
{
    const jv *config = jv_object_get(reader, "ReaderConfig");
    const jv *resource = jv_object_get(reader, "Resource");
    if (config && jv_object_get(config, "MaxItemsPath"))
        return serve_fail(e, "ValidationException", "stateConfiguration.mapItemReaderData: "
                          "the ItemReader's ReaderConfig.MaxItemsPath is not evaluated under "
                          "TestState (give MaxItems)"), false;
    if (!itemreader_options_from_json(o, resource && jv_is_string(resource)
                                              ? jv_string_value(resource) : NULL,
                                      config, failed))
        return true;
    if (o->format == ITEMREADER_LISTING || o->format == ITEMREADER_MANIFEST)
        return serve_fail(e, "ValidationException", "stateConfiguration.mapItemReaderData is "
                          "read as JSON, JSONL or CSV; this ItemReader %s",
                          o->format == ITEMREADER_LISTING ? "lists objects (s3:listObjectsV2)"
                                                          : "reads a MANIFEST"), false;
    return true;
}

/* Reads every item; the count, or the reader's error in failed. */
static void ts_read_all(const itemreader_options *o, const char *data, long *count,
                        asl_error *failed)
{
    ts_bytes bytes = {data, strlen(data), 0};
    itemreader *rd = itemreader_new(o, (itemreader_source){ts_bytes_read, &bytes});
    jv *item = NULL;
    itemreader_status st;
    while ((st = itemreader_next(rd, &item, failed)) == ITEMREADER_ITEM)
        jv_unref(item);
    *count = (long)itemreader_items_read(rd);
    itemreader_free(rd);
}

bool ts_read_items(const jv *map, ts_request *t, serve_error *e)
{
    if (!t->reader_data)
        return true;
    const jv *reader = jv_object_get(map, "ItemReader");
    if (!reader || !jv_is_object(reader))
        return serve_fail(e, "ValidationException", "stateConfiguration.mapItemReaderData is "
                          "for a Map state with an ItemReader"), false;
    itemreader_options o;
    asl_error failed = ASL_ERROR_INIT;
    bool ok = ts_reader_options(reader, &o, &failed, e);
    if (ok && !failed.name)
        ts_read_all(&o, t->reader_data, &t->reader_items, &failed);
    if (ok && failed.name) { /* the Map fails as it would reading that object */
        t->mock_error = true;
        t->mock_error_name = "States.ItemReaderFailed";
        snprintf(t->reader_cause, sizeof t->reader_cause, "%s", failed.cause ? failed.cause : "");
        t->mock_cause = t->reader_cause;
    }
    asl_error_clear(&failed);
    return ok;
}
