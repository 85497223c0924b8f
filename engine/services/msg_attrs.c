/* msg_attrs — message attributes: the services' checks and SQS's digest. */
#include "services/msg_attrs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "objstore.h"

#define MSG_ATTR_NAME_MAX 256

static bool attr_name_ok(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > MSG_ATTR_NAME_MAX || name[0] == '.' || name[len - 1] == '.' ||
        strstr(name, ".."))
        return false;
    if (!strncasecmp(name, "AWS.", 4) || !strncasecmp(name, "Amazon.", 7))
        return false;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") ==
           len;
}

/* "String", "Number", "Binary", each optionally ".custom"; *binary set for Binary. */
static bool attr_type_ok(const char *type, bool string_array, bool *binary)
{
    static const char *const bases[] = {"String", "Number", "Binary"};
    if (string_array && !strcmp(type, "String.Array"))
        return !(*binary = false);
    for (size_t i = 0; i < 3; i++) {
        size_t bl = strlen(bases[i]);
        if (!strncmp(type, bases[i], bl) && (type[bl] == '\0' || (type[bl] == '.' && type[bl + 1]))) {
            *binary = i == 2;
            return true;
        }
    }
    return false;
}

static bool number_ok(const char *s)
{
    char *end;
    if (!*s)
        return false;
    strtod(s, &end);
    return *end == '\0';
}

static bool attr_value_check(const char *name, const jv *v, bool string_array, char *msg,
                             size_t n)
{
    const jv *type = jv_is_object(v) ? jv_object_get(v, "DataType") : NULL;
    bool binary = false;
    if (!type || !jv_is_string(type) || !jv_string_length(type)) {
        snprintf(msg, n, "The message attribute '%s' must contain non-empty message attribute "
                 "type.", name);
        return false;
    }
    if (!attr_type_ok(jv_string_value(type), string_array, &binary)) {
        snprintf(msg, n, "The type of message attribute '%s' is invalid. You must use only the "
                 "following supported type prefixes: Binary, Number, String%s.", name,
                 string_array ? ", String.Array" : "");
        return false;
    }
    const char *field = binary ? "BinaryValue" : "StringValue";
    const jv *value = jv_object_get(v, field);
    for (size_t i = 0; i < jv_object_size(v); i++) {
        const char *k = jv_string_value(jv_object_key_at(v, i));
        if (strcmp(k, "DataType") && strcmp(k, field)) {
            snprintf(msg, n, "Message attribute '%s' has an unexpected member '%s' for type '%s' "
                     "(it takes DataType and %s).", name, k, jv_string_value(type), field);
            return false;
        }
    }
    if (!value || !jv_is_string(value) || !jv_string_length(value)) {
        snprintf(msg, n, "The message attribute '%s' must contain non-empty message attribute "
                 "value for message attribute type '%s'.", name, jv_string_value(type));
        return false;
    }
    size_t got, bad;
    unsigned char *tmp = binary ? engine_malloc(BASE64_DECODED_MAX(jv_string_length(value)))
                                : NULL;
    bool ok = !binary || base64_decode(jv_string_value(value), jv_string_length(value),
                                       BASE64_STRICT, tmp, &got, &bad);
    engine_free(tmp);
    if (!ok) {
        snprintf(msg, n, "The message attribute '%s' has an invalid Base64 BinaryValue.", name);
        return false;
    }
    if (!strncmp(jv_string_value(type), "Number", 6) && !number_ok(jv_string_value(value))) {
        snprintf(msg, n, "Can't cast the value of message (user) attribute '%s' to a number.",
                 name);
        return false;
    }
    return true;
}

bool msg_attrs_check(const jv *attrs, bool string_array, char *msg, size_t n)
{
    if (!jv_is_object(attrs)) {
        snprintf(msg, n, "MessageAttributes must be a map of attribute name to value, not %s.",
                 jv_kind_name(jv_kind_of(attrs)));
        return false;
    }
    if (jv_object_size(attrs) > MSG_ATTRS_MAX) {
        snprintf(msg, n, "Number of message attributes [%zu] exceeds the allowed maximum [%d].",
                 jv_object_size(attrs), MSG_ATTRS_MAX);
        return false;
    }
    for (size_t i = 0; i < jv_object_size(attrs); i++) {
        const char *name = jv_string_value(jv_object_key_at(attrs, i));
        if (!attr_name_ok(name)) {
            snprintf(msg, n, "Message (user) attribute name '%s' is invalid: 1 to %d letters, "
                     "digits, '_', '-' or '.', not starting with AWS. or Amazon., no leading, "
                     "trailing or doubled '.'.", name, MSG_ATTR_NAME_MAX);
            return false;
        }
        if (!attr_value_check(name, jv_object_value_at(attrs, i), string_array, msg, n))
            return false;
    }
    return true;
}

static void md5_field(objstore_md5 *m, const void *data, size_t len)
{
    unsigned char be[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
                           (unsigned char)(len >> 8), (unsigned char)len};
    objstore_md5_update(m, be, 4);
    objstore_md5_update(m, data, len);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(jv_string_value(*(const jv *const *)a), jv_string_value(*(const jv *const *)b));
}

static void md5_attr(objstore_md5 *m, const char *name, const jv *v)
{
    const char *type = jv_string_value(jv_object_get(v, "DataType"));
    const jv *bin = jv_object_get(v, "BinaryValue");
    md5_field(m, name, strlen(name));
    md5_field(m, type, strlen(type));
    unsigned char transport = bin ? 2 : 1;
    objstore_md5_update(m, &transport, 1);
    if (!bin) {
        const jv *s = jv_object_get(v, "StringValue");
        md5_field(m, jv_string_value(s), jv_string_length(s));
        return;
    }
    size_t got = 0, bad;
    unsigned char *raw = engine_malloc(BASE64_DECODED_MAX(jv_string_length(bin)) + 1);
    base64_decode(jv_string_value(bin), jv_string_length(bin), BASE64_STRICT, raw, &got, &bad);
    md5_field(m, raw, got);
    engine_free(raw);
}

void msg_attrs_md5(const jv *attrs, char out[33])
{
    size_t count = jv_object_size(attrs);
    const jv **names = engine_calloc(count + 1, sizeof *names);
    for (size_t i = 0; i < count; i++)
        names[i] = jv_object_key_at(attrs, i);
    qsort(names, count, sizeof *names, name_cmp);
    objstore_md5 *m = objstore_md5_new();
    for (size_t i = 0; i < count; i++)
        md5_attr(m, jv_string_value(names[i]), jv_object_get(attrs, jv_string_value(names[i])));
    objstore_md5_final(m, out);
    engine_free(names);
}
