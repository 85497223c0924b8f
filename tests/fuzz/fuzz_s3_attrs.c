/* libFuzzer target: the checks of a putObject's kept parameters (engine/services/s3_attrs.h).
 * The input is JSON text: taken as a putObject's whole input, then as its Metadata, and the
 * attributes it gives (when taken) are checked to hold the bounds they promise. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "jv_text.h"
#include "services/s3_attrs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes of Metadata's names and values: at most S3_ATTRS_METADATA_MAX when taken. */
static void check_bounds(const jv *attrs)
{
    const jv *meta = jv_object_get(attrs, "Metadata");
    size_t bytes = 0;
    for (size_t i = 0; meta && i < jv_object_size(meta); i++)
        bytes += jv_string_length(jv_object_key_at(meta, i)) +
                 jv_string_length(jv_object_value_at(meta, i));
    if (bytes > S3_ATTRS_METADATA_MAX)
        abort();
}

static void as_put(const jv *input)
{
    s3_attrs_error err;
    jv *attrs = s3_attrs_from_put(input, &err);
    if (attrs)
        check_bounds(attrs);
    else if (!memchr(err.message, '\0', sizeof err.message) || !err.message[0])
        abort();   /* a refusal always says why */
    jv_unref(attrs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jv *doc = jv_parse((const char *)data, size, 1 << 20, NULL);
    if (!doc)
        return 0;
    as_put(doc);
    jv *wrapped = jv_object_set(jv_object(), "Metadata", doc);
    as_put(wrapped);
    jv_unref(wrapped);
    jv_unref(doc);
    return 0;
}
