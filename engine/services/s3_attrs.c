/* s3_attrs — a putObject's headers as S3 keeps them. */
#include "services/s3_attrs.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "timeutil.h"

/* The string parameters kept as sent, in the results' order. */
static const char *const s3_attrs_strings[] = {
    "CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "ContentType",
};

/* S3's storage classes (botocore's s3 model, StorageClass enum). */
static const char *const s3_attrs_classes[] = {
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE",
    "FSX_OPENZFS", "FSX_ONTAP", "AWS_BACKUP_WARM", "AWS_BACKUP_LOW_COST_WARM",
};

static jv *s3_attrs_fail(s3_attrs_error *err, bool sdk, jv *partial, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static jv *s3_attrs_fail(s3_attrs_error *err, bool sdk, jv *partial, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->sdk = sdk;
    jv_unref(partial);
    return NULL;
}

/* A header value HTTP can carry: no control character but tab. */
static bool s3_attrs_header_value(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
            return false;
    return true;
}

/* A header name's character (RFC 9110's tchar). */
static bool s3_attrs_token_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* The parameter name of input, when present: a string (*out), or false with err set. */
static bool s3_attrs_string(const jv *input, const char *name, const char **out,
                            s3_attrs_error *err)
{
    const jv *v = jv_object_get(input, name);
    *out = NULL;
    if (!v)
        return true;
    if (!jv_is_string(v) || !s3_attrs_header_value(jv_string_value(v))) {
        s3_attrs_fail(err, true, NULL, "Parameter '%s' must be a string without control "
                      "characters", name);
        return false;
    }
    *out = jv_string_value(v);
    return true;
}

/* Metadata: {"name": "value"} with names lower-cased; *bytes counts names and values. Names
 * that differ in case only are one header: S3 joins their values with commas. */
static jv *s3_attrs_metadata(const jv *meta, size_t *bytes, s3_attrs_error *err)
{
    if (!jv_is_object(meta))
        return s3_attrs_fail(err, true, NULL, "Parameter 'Metadata' must be an object of "
                             "strings, not %s", jv_kind_name(jv_kind_of(meta)));
    jv *out = jv_object();
    *bytes = 0;
    for (size_t i = 0; i < jv_object_size(meta); i++) {
        const char *name = jv_string_value(jv_object_key_at(meta, i));
        const jv *value = jv_object_value_at(meta, i);
        char lower[S3_ATTRS_METADATA_MAX + 1];
        size_t n = strlen(name);
        bool token = n > 0 && n <= S3_ATTRS_METADATA_MAX;
        for (size_t j = 0; token && j < n; j++) {
            token = s3_attrs_token_char((unsigned char)name[j]);
            lower[j] = name[j] >= 'A' && name[j] <= 'Z' ? (char)(name[j] - 'A' + 'a') : name[j];
        }
        if (!token)
            return s3_attrs_fail(err, true, out, "Parameter 'Metadata': '%.64s' is not a "
                                 "header name (letters, digits and !#$%%&'*+-.^_`|~)", name);
        lower[n] = '\0';
        if (!jv_is_string(value) || !s3_attrs_header_value(jv_string_value(value)))
            return s3_attrs_fail(err, true, out, "Parameter 'Metadata': '%s' must be a string "
                                 "without control characters", lower);
        *bytes += n + jv_string_length(value);
        const jv *same = jv_object_get(out, lower);   /* "A" and "a": one header for S3 */
        if (same)
            out = jv_object_set_take(out, lower, jv_string_fmt("%s,%s", jv_string_value(same),
                                                               jv_string_value(value)));
        else
            out = jv_object_set(out, lower, value);
    }
    if (*bytes > S3_ATTRS_METADATA_MAX)
        return s3_attrs_fail(err, false, out, "Your metadata headers exceed the maximum "
                             "allowed metadata size.");
    return out;
}

/* The number of tags of a Tagging query string ("k=v&k2=v2"; "" has none). */
static size_t s3_attrs_tag_count(const char *tagging)
{
    size_t count = 0;
    for (const char *p = tagging; *p;) {
        const char *amp = strchr(p, '&');
        size_t n = amp ? (size_t)(amp - p) : strlen(p);
        count += n > 0;
        p += n + (amp != NULL);
    }
    return count;
}

static bool s3_attrs_class_known(const char *cls)
{
    for (size_t i = 0; i < sizeof s3_attrs_classes / sizeof s3_attrs_classes[0]; i++)
        if (!strcmp(cls, s3_attrs_classes[i]))
            return true;
    return false;
}

/* Adds the strings kept as sent; *bytes counts them. */
static jv *s3_attrs_add_strings(jv *attrs, const jv *input, size_t *bytes, s3_attrs_error *err)
{
    for (size_t i = 0; i < sizeof s3_attrs_strings / sizeof s3_attrs_strings[0]; i++) {
        const char *v;
        if (!s3_attrs_string(input, s3_attrs_strings[i], &v, err)) {
            jv_unref(attrs);
            return NULL;
        }
        if (v) {
            attrs = jv_object_set_take(attrs, s3_attrs_strings[i], jv_string(v));
            *bytes += strlen(v);
        }
    }
    return attrs;
}

/* Adds Expires, StorageClass and TagCount. */
static jv *s3_attrs_add_special(jv *attrs, const jv *input, size_t *bytes, s3_attrs_error *err)
{
    const char *expires, *cls, *tagging;
    if (!s3_attrs_string(input, "Expires", &expires, err) ||
        !s3_attrs_string(input, "StorageClass", &cls, err) ||
        !s3_attrs_string(input, "Tagging", &tagging, err)) {
        jv_unref(attrs);
        return NULL;
    }
    asl_instant when;
    if (expires && (!timeutil_parse(expires, &when) ||
                    !timeutil_ms_in_range(timeutil_to_ms(when))))
        return s3_attrs_fail(err, true, attrs, "Parameter 'Expires': '%.64s' is not a "
                             "timestamp (ISO 8601, as 2024-01-02T03:04:05Z)", expires);
    if (expires)
        attrs = jv_object_set_take(attrs, "Expires", jv_number((double)timeutil_to_ms(when)));
    if (cls && !s3_attrs_class_known(cls))
        return s3_attrs_fail(err, false, attrs, "The storage class you specified is not "
                             "valid");
    if (cls && strcmp(cls, "STANDARD"))
        attrs = jv_object_set_take(attrs, "StorageClass", jv_string(cls));
    size_t tags = tagging ? s3_attrs_tag_count(tagging) : 0;
    if (tags > S3_ATTRS_TAGS_MAX)
        return s3_attrs_fail(err, false, attrs, "Object tags cannot be greater than %d",
                             S3_ATTRS_TAGS_MAX);
    if (tags)
        attrs = jv_object_set_take(attrs, "TagCount", jv_number((double)tags));
    *bytes += (expires ? strlen(expires) : 0) + (cls ? strlen(cls) : 0) +
              (tagging ? strlen(tagging) : 0);
    return attrs;
}

jv *s3_attrs_from_put(const jv *input, s3_attrs_error *err)
{
    if (!jv_is_object(input))
        return jv_object();
    size_t bytes = 0, meta_bytes = 0;
    jv *attrs = s3_attrs_add_strings(jv_object(), input, &bytes, err);
    attrs = attrs ? s3_attrs_add_special(attrs, input, &bytes, err) : NULL;
    const jv *meta = jv_object_get(input, "Metadata");
    if (attrs && meta) {
        jv *m = s3_attrs_metadata(meta, &meta_bytes, err);
        if (!m) {
            jv_unref(attrs);
            return NULL;
        }
        if (jv_object_size(m))
            attrs = jv_object_set_take(attrs, "Metadata", m);
        else
            jv_unref(m);
    }
    if (attrs && bytes + meta_bytes > S3_ATTRS_HEADERS_MAX)
        return s3_attrs_fail(err, false, attrs, "Your request header section exceeds the "
                             "maximum allowed size.");
    return attrs;
}
