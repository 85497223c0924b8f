/* ddb_value — DynamoDB AttributeValues: checking, comparing, measuring. */
#include "services/ddb_value.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "numfmt.h"
#include "services/ddb_number.h"

static const char *const ddb_type_names[] = {"S", "N", "B", "BOOL", "NULL", "L", "M",
                                             "SS", "NS", "BS"};

const char *ddb_type_name(ddb_type t)
{
    return t < DDB_BAD ? ddb_type_names[t] : "?";
}

ddb_type ddb_type_named(const char *name)
{
    for (int t = 0; t < DDB_BAD; t++)
        if (!strcmp(name, ddb_type_names[t]))
            return (ddb_type)t;
    return DDB_BAD;
}

ddb_type ddb_type_of(const jv *av)
{
    if (!jv_is_object(av) || jv_object_size(av) != 1)
        return DDB_BAD;
    return ddb_type_named(jv_string_value(jv_object_key_at(av, 0)));
}

const jv *ddb_payload(const jv *av)
{
    return jv_object_value_at(av, 0);
}

/* The number of a text ddb_value_check accepted (zero for any other). */
static ddb_num number_of(const jv *text)
{
    ddb_num x;
    if (!jv_is_string(text) || ddb_num_parse(jv_string_value(text), &x) != DDB_NUM_OK)
        memset(&x, 0, sizeof x);
    return x;
}

static int numbers_order(const jv *a, const jv *b)
{
    ddb_num x = number_of(a), y = number_of(b);
    return ddb_num_cmp(&x, &y);
}

static bool number_check(const char *text, char *err, size_t n)
{
    ddb_num x;
    ddb_num_status st = ddb_num_parse(text, &x);
    if (st == DDB_NUM_OK)
        return true;
    ddb_num_message(st, text, err, n);
    return false;
}

jv *ddb_number_value(double d)
{
    char buf[NUMFMT_BUFSZ];
    numfmt_double(d, buf);
    return jv_object_set_take(jv_object(), "N", jv_string(buf));
}

static bool ddb_fail(char *err, size_t n, const char *msg, const char *arg)
{
    snprintf(err, n, msg, arg);
    return false;
}

/* A set's elements: strings, each valid for the element type, no duplicates. */
static bool ddb_set_check(ddb_type t, const jv *set, char *err, size_t n)
{
    static const char *const what[] = {[DDB_SS] = "string", [DDB_NS] = "number",
                                       [DDB_BS] = "binary"};
    if (!jv_is_array(set))
        return ddb_fail(err, n, "Supplied AttributeValue has an invalid %s set: not a list",
                        what[t]);
    if (jv_array_length(set) == 0)
        return ddb_fail(err, n, "One or more parameter values were invalid: An %s set  may not be "
                        "empty", what[t]);
    for (size_t i = 0; i < jv_array_length(set); i++) {
        const jv *e = jv_array_get(set, i);
        if (!jv_is_string(e))
            return ddb_fail(err, n, "Supplied AttributeValue has an invalid %s set: an element is "
                            "not a string", what[t]);
        if (t == DDB_NS && !number_check(jv_string_value(e), err, n))
            return false;
        for (size_t j = 0; j < i; j++) {
            const jv *o = jv_array_get(set, j);
            bool same = t == DDB_NS ? !numbers_order(o, e) : jv_equal(o, e);
            if (same)
                return ddb_fail(err, n, "Input collection contains duplicates: %s",
                                jv_string_value(e));
        }
    }
    return true;
}

static bool ddb_value_check_depth(const jv *av, int depth, char *err, size_t n);

static bool ddb_container_check(ddb_type t, const jv *v, int depth, char *err, size_t n)
{
    if (t == DDB_L && !jv_is_array(v))
        return ddb_fail(err, n, "Supplied AttributeValue has an invalid %s: not a list", "L");
    if (t == DDB_M && !jv_is_object(v))
        return ddb_fail(err, n, "Supplied AttributeValue has an invalid %s: not a map", "M");
    size_t count = t == DDB_L ? jv_array_length(v) : jv_object_size(v);
    for (size_t i = 0; i < count; i++)
        if (!ddb_value_check_depth(t == DDB_L ? jv_array_get(v, i) : jv_object_value_at(v, i),
                                   depth + 1, err, n))
            return false;
    return true;
}

static bool ddb_value_check_depth(const jv *av, int depth, char *err, size_t n)
{
    if (depth > DDB_DEPTH_MAX)
        return ddb_fail(err, n, "Nesting Levels have exceeded supported limits%s", "");
    if (!jv_is_object(av) || jv_object_size(av) == 0)
        return ddb_fail(err, n, "Supplied AttributeValue is empty, must contain exactly one of "
                        "the supported datatypes%s", "");
    if (jv_object_size(av) > 1)
        return ddb_fail(err, n, "Supplied AttributeValue has more than one datatypes set, must "
                        "contain exactly one of the supported datatypes%s", "");
    ddb_type t = ddb_type_of(av);
    const jv *v = ddb_payload(av);
    switch (t) {
    case DDB_S:
    case DDB_B:
        if (!jv_is_string(v))
            return ddb_fail(err, n, "Supplied AttributeValue has an invalid %s: not a string",
                            ddb_type_name(t));
        return true;
    case DDB_N:
        if (!jv_is_string(v))
            return ddb_fail(err, n, "Supplied AttributeValue has an invalid N: not a string "
                            "(write numbers as {\"N\": \"5\"})%s", "");
        return number_check(jv_string_value(v), err, n);
    case DDB_BOOL:
        return jv_is_bool(v) ? true : ddb_fail(err, n, "Supplied AttributeValue has an invalid "
                                               "BOOL: not true or false%s", "");
    case DDB_NULL:
        return jv_is_true(v) ? true : ddb_fail(err, n, "One or more parameter values were invalid: "
                                               "Null attribute value types must have the value "
                                               "of true%s", "");
    case DDB_L:
    case DDB_M:
        return ddb_container_check(t, v, depth, err, n);
    case DDB_SS:
    case DDB_NS:
    case DDB_BS:
        return ddb_set_check(t, v, err, n);
    default:
        return ddb_fail(err, n, "Supplied AttributeValue has an unknown datatype '%s'",
                        jv_string_value(jv_object_key_at(av, 0)));
    }
}

bool ddb_value_check(const jv *av, char *err, size_t n)
{
    return ddb_value_check_depth(av, 0, err, n);
}

bool ddb_item_check(const jv *item, char *err, size_t n)
{
    if (!jv_is_object(item))
        return ddb_fail(err, n, "One or more parameter values were invalid: an item is a map of "
                        "attribute names to AttributeValues, not %s", jv_kind_name(jv_kind_of(item)));
    for (size_t i = 0; i < jv_object_size(item); i++) {
        if (jv_string_length(jv_object_key_at(item, i)) == 0)
            return ddb_fail(err, n, "One or more parameter values were invalid: An attribute name "
                            "cannot be empty%s", "");
        if (!ddb_value_check(jv_object_value_at(item, i), err, n))
            return false;
    }
    if (ddb_item_size(item) > DDB_ITEM_MAX)
        return ddb_fail(err, n, "Item size has exceeded the maximum allowed size%s", "");
    return true;
}

/* DynamoDB's measure: a number about one byte per two significant digits plus one. */
static size_t ddb_number_size(const char *s)
{
    size_t digits = 0;
    for (const char *p = s; *p && *p != 'e' && *p != 'E'; p++)
        digits += isdigit((unsigned char)*p) != 0;
    return (digits + 1) / 2 + 1;
}

static size_t ddb_binary_size(const jv *s)
{
    return BASE64_DECODED_MAX(jv_string_length(s));
}

static size_t ddb_value_size(const jv *av)
{
    const jv *v = ddb_payload(av);
    size_t total = 0;
    switch (ddb_type_of(av)) {
    case DDB_S: return jv_string_length(v);
    case DDB_N: return ddb_number_size(jv_string_value(v));
    case DDB_B: return ddb_binary_size(v);
    case DDB_BOOL:
    case DDB_NULL: return 1;
    case DDB_L:
        for (size_t i = 0; i < jv_array_length(v); i++)
            total += 1 + ddb_value_size(jv_array_get(v, i));
        return total + 3;
    case DDB_M:
        return ddb_item_size(v) + jv_object_size(v) + 3;
    case DDB_SS:
    case DDB_NS:
    case DDB_BS:
        for (size_t i = 0; i < jv_array_length(v); i++) {
            const jv *e = jv_array_get(v, i);
            total += ddb_type_of(av) == DDB_NS ? ddb_number_size(jv_string_value(e))
                   : ddb_type_of(av) == DDB_BS ? ddb_binary_size(e) : jv_string_length(e);
        }
        return total;
    default:
        return 0;
    }
}

size_t ddb_item_size(const jv *item)
{
    size_t total = 0;
    for (size_t i = 0; i < jv_object_size(item); i++)
        total += jv_string_length(jv_object_key_at(item, i)) +
                 ddb_value_size(jv_object_value_at(item, i));
    return total;
}

static bool ddb_numbers_equal(const jv *a, const jv *b)
{
    return !numbers_order(a, b);
}

bool ddb_set_has(const jv *set, const jv *elem)
{
    ddb_type st = ddb_type_of(set), et = ddb_type_of(elem);
    if (!((st == DDB_SS && et == DDB_S) || (st == DDB_NS && et == DDB_N) ||
          (st == DDB_BS && et == DDB_B)))
        return false;
    const jv *items = ddb_payload(set), *e = ddb_payload(elem);
    for (size_t i = 0; i < jv_array_length(items); i++)
        if (st == DDB_NS ? ddb_numbers_equal(jv_array_get(items, i), e)
                         : jv_equal(jv_array_get(items, i), e))
            return true;
    return false;
}

static bool ddb_sets_equal(const jv *a, const jv *b)
{
    const jv *x = ddb_payload(a);
    if (jv_array_length(x) != jv_array_length(ddb_payload(b)))
        return false;
    ddb_type et = ddb_type_of(a) == DDB_SS ? DDB_S : ddb_type_of(a) == DDB_NS ? DDB_N : DDB_B;
    for (size_t i = 0; i < jv_array_length(x); i++) {
        jv *elem = jv_object_set(jv_object(), ddb_type_name(et), jv_array_get(x, i));
        bool has = ddb_set_has(b, elem);
        jv_unref(elem);
        if (!has)
            return false;
    }
    return true;
}

bool ddb_value_equal(const jv *a, const jv *b)
{
    ddb_type t = ddb_type_of(a);
    if (t == DDB_BAD || t != ddb_type_of(b))
        return false;
    const jv *x = ddb_payload(a), *y = ddb_payload(b);
    switch (t) {
    case DDB_N: return ddb_numbers_equal(x, y);
    case DDB_L:
        if (jv_array_length(x) != jv_array_length(y))
            return false;
        for (size_t i = 0; i < jv_array_length(x); i++)
            if (!ddb_value_equal(jv_array_get(x, i), jv_array_get(y, i)))
                return false;
        return true;
    case DDB_M:
        if (jv_object_size(x) != jv_object_size(y))
            return false;
        for (size_t i = 0; i < jv_object_size(x); i++) {
            const jv *other = jv_object_get(y, jv_string_value(jv_object_key_at(x, i)));
            if (!other || !ddb_value_equal(jv_object_value_at(x, i), other))
                return false;
        }
        return true;
    case DDB_SS:
    case DDB_NS:
    case DDB_BS:
        return ddb_sets_equal(a, b);
    default:
        return jv_equal(x, y);
    }
}

/* Binary values compare by their bytes, as DynamoDB orders them. */
static int ddb_binary_order(const jv *x, const jv *y)
{
    size_t xl = jv_string_length(x), yl = jv_string_length(y), xg = 0, yg = 0, bad;
    unsigned char *xb = engine_malloc(BASE64_DECODED_MAX(xl) + 1);
    unsigned char *yb = engine_malloc(BASE64_DECODED_MAX(yl) + 1);
    if (!base64_decode(jv_string_value(x), xl, BASE64_LENIENT, xb, &xg, &bad))
        xg = 0;
    if (!base64_decode(jv_string_value(y), yl, BASE64_LENIENT, yb, &yg, &bad))
        yg = 0;
    size_t m = xg < yg ? xg : yg;
    int c = m ? memcmp(xb, yb, m) : 0;
    engine_free(xb);
    engine_free(yb);
    return c ? c : (xg > yg) - (xg < yg);
}

int ddb_value_order(const jv *a, const jv *b, bool *ok)
{
    ddb_type t = ddb_type_of(a);
    *ok = (t == DDB_N || t == DDB_S || t == DDB_B) && t == ddb_type_of(b);
    if (!*ok)
        return 0;
    const jv *x = ddb_payload(a), *y = ddb_payload(b);
    if (t == DDB_N)
        return numbers_order(x, y);
    if (t == DDB_B)
        return ddb_binary_order(x, y);
    size_t xl = jv_string_length(x), yl = jv_string_length(y), m = xl < yl ? xl : yl;
    int c = memcmp(jv_string_value(x), jv_string_value(y), m);
    return c ? c : (xl > yl) - (xl < yl);
}

/* v in decimal at out (no NUL); returns the digits written. */
static size_t key_decimal(char *out, size_t v)
{
    char d[24];
    size_t nd = 0;
    do
        d[nd++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    for (size_t i = 0; i < nd; i++)
        out[i] = d[nd - 1 - i];
    return nd;
}

/* What of text fits before buf's last byte (n bytes), at *used. */
static void key_append(char *buf, size_t n, size_t *used, const char *text, size_t len)
{
    size_t room = n - 1 - *used, take = len < room ? len : room;
    memcpy(buf + *used, text, take);
    *used += take;
}

void ddb_key_text(const jv *av, char *buf, size_t n)
{
    size_t used = strlen(buf);
    ddb_type t = ddb_type_of(av);
    const jv *v = ddb_payload(av);
    char num[DDB_NUM_TEXT_MAX];
    const char *text = jv_is_string(v) ? jv_string_value(v) : "";
    if (t == DDB_N) {
        ddb_num x = number_of(v);
        ddb_num_format(&x, num);
        text = num;
    }
    if (used >= n)
        return;
    /* TYPE LENGTH ':' TEXT, as snprintf("%s%zu:%s") writes it (cut to fit), without it */
    const char *type = ddb_type_name(t);
    size_t type_len = strlen(type), len = strlen(text);
    char head[32];   /* a type name has at most 4 bytes, a length at most 20 digits */
    memcpy(head, type, type_len);
    size_t h = type_len + key_decimal(head + type_len, len);
    head[h++] = ':';
    key_append(buf, n, &used, head, h);
    key_append(buf, n, &used, text, len);
    buf[used] = '\0';
}

/* ---- numbers as DynamoDB answers them ---- */

static jv *normalized_value(const jv *av);

/* The canonical text of a number's text, or NULL when it is already canonical. */
static jv *normalized_number(const jv *text)
{
    char buf[DDB_NUM_TEXT_MAX];
    ddb_num x = number_of(text);
    ddb_num_format(&x, buf);
    return strcmp(buf, jv_string_value(text)) ? jv_string(buf) : NULL;
}

/* A list (of AttributeValues, or a number set's texts) with its members normalized, or
 * NULL when none changed. */
static jv *normalized_list(const jv *list, bool numbers)
{
    jv *out = NULL;
    for (size_t i = 0; i < jv_array_length(list); i++) {
        const jv *e = jv_array_get(list, i);
        jv *ne = numbers ? normalized_number(e) : normalized_value(e);
        if (ne && !out) {
            out = jv_array();
            for (size_t j = 0; j < i; j++)
                out = jv_array_append(out, jv_array_get(list, j));
        }
        if (out)
            out = ne ? jv_array_append_take(out, ne) : jv_array_append(out, e);
    }
    return out;
}

/* A map's (or an item's) values normalized, or NULL when none changed. */
static jv *normalized_map(const jv *map)
{
    jv *out = NULL;
    for (size_t i = 0; i < jv_object_size(map); i++) {
        jv *nv = normalized_value(jv_object_value_at(map, i));
        if (nv && !out)
            out = jv_ref(map);
        if (nv)
            out = jv_object_set_take(out, jv_string_value(jv_object_key_at(map, i)), nv);
    }
    return out;
}

static jv *normalized_value(const jv *av)
{
    ddb_type t = ddb_type_of(av);
    const jv *v = ddb_payload(av);
    jv *inner = t == DDB_N ? normalized_number(v) : t == DDB_NS ? normalized_list(v, true)
              : t == DDB_L ? normalized_list(v, false) : t == DDB_M ? normalized_map(v) : NULL;
    return inner ? jv_object_set_take(jv_object(), ddb_type_name(t), inner) : NULL;
}

jv *ddb_item_normalized(const jv *item)
{
    jv *out = normalized_map(item);
    return out ? out : jv_ref(item);
}
