/*
 * intrinsic_funcs — the States.* functions with AWS's results, limits and errors.
 * See intrinsic_funcs.h. Arguments are borrowed; results are new references.
 *
 * Numbers follow AWS's Java: "rounded" means Math.round (half up: 2.5 -> 3, -2.5 -> -2) and
 * integer arguments must fit a Java int. String lengths are counted in UTF-16 code units,
 * as Java's String.length() counts them.
 */
#include "intrinsic_funcs.h"

#include <limits.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "base64.h"
#include "jv_text.h"
#include "numfmt.h"
#include "rng.h"
#include "strbuf.h"

#define INTRINSIC_FAILURE "States.IntrinsicFailure"

/* ---- errors ---- */

static jv *fail(asl_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static jv *fail(asl_error *err, const char *fmt, ...)
{
    char buf[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    asl_error_set_raw(err, INTRINSIC_FAILURE, buf);
    return NULL;
}

static const char *kind_phrase(const jv *v)
{
    switch (jv_kind_of(v)) {
    case JV_NULL: return "null";
    case JV_TRUE:
    case JV_FALSE: return "a boolean";
    case JV_NUMBER: return "a number";
    case JV_STRING: return "a string";
    case JV_ARRAY: return "an array";
    case JV_OBJECT: return "an object";
    }
    return "a value";
}

/* "States.ArrayLength: argument 1 must be an array, but it is a string" */
static jv *bad_type(asl_error *err, const char *fn, size_t argno, const char *want, const jv *got)
{
    return fail(err, "%s: argument %zu must be %s, but it is %s", fn, argno, want, kind_phrase(got));
}

static bool want_kind(asl_error *err, const char *fn, jv *const *args, size_t i, jv_kind kind,
                      const char *phrase)
{
    if (jv_kind_of(args[i]) == kind)
        return true;
    bad_type(err, fn, i + 1, phrase, args[i]);
    return false;
}

#define WANT_ARRAY(fn, i) want_kind(err, fn, args, i, JV_ARRAY, "an array")
#define WANT_OBJECT(fn, i) want_kind(err, fn, args, i, JV_OBJECT, "an object")
#define WANT_STRING(fn, i) want_kind(err, fn, args, i, JV_STRING, "a string")

/* An integer argument in Java int range (1.0 counts as an integer). */
static bool want_int(asl_error *err, const char *fn, jv *const *args, size_t i, long *out)
{
    const jv *v = args[i];
    if (!jv_is_number(v)) {
        bad_type(err, fn, i + 1, "an integer", v);
        return false;
    }
    double d = jv_number_value(v);
    char buf[NUMFMT_BUFSZ];
    if (!jv_is_integer(v)) {
        numfmt_double(d, buf);
        fail(err, "%s: argument %zu must be an integer, but it is %s", fn, i + 1, buf);
        return false;
    }
    if (d < INT_MIN || d > INT_MAX) {
        numfmt_double(d, buf);
        fail(err, "%s: argument %zu (%s) is outside the integer range -2147483648..2147483647", fn,
             i + 1, buf);
        return false;
    }
    *out = (long)d;
    return true;
}

/* Java's Math.round: the nearest integer, halves rounded up. */
static double java_round(double x)
{
    double r = floor(x);
    return x - r >= 0.5 ? r + 1 : r;
}

/* A number argument rounded to an integer in Java int range. */
static bool want_rounded_int(asl_error *err, const char *fn, jv *const *args, size_t i, long *out)
{
    const jv *v = args[i];
    if (!jv_is_number(v)) {
        bad_type(err, fn, i + 1, "a number", v);
        return false;
    }
    double r = java_round(jv_number_value(v));
    if (!(r >= INT_MIN && r <= INT_MAX)) {
        char buf[NUMFMT_BUFSZ];
        numfmt_double(jv_number_value(v), buf);
        fail(err, "%s: argument %zu (%s) is outside the integer range -2147483648..2147483647", fn,
             i + 1, buf);
        return false;
    }
    *out = (long)r;
    return true;
}

/* Length in UTF-16 code units, as Java counts a string. */
static size_t utf16_length(const char *s, size_t n)
{
    size_t units = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80)
            units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

static bool want_short_string(asl_error *err, const char *fn, jv *const *args, size_t i)
{
    if (!WANT_STRING(fn, i))
        return false;
    size_t n = utf16_length(jv_string_value(args[i]), jv_string_length(args[i]));
    if (n > INTRINSIC_MAX_STRING_CHARS) {
        fail(err, "%s: argument %zu has %zu characters, more than the maximum of %d", fn, i + 1, n,
             INTRINSIC_MAX_STRING_CHARS);
        return false;
    }
    return true;
}

/* ---- States.Format ---- */

/* Java's toString of a JSON value: strings raw, maps {k=v, k2=v2}, lists [a, b]. */
static void render_java(const jv *v, strbuf *sb)
{
    char buf[NUMFMT_BUFSZ];
    switch (jv_kind_of(v)) {
    case JV_STRING: strbuf_append(sb, jv_string_value(v), jv_string_length(v)); break;
    case JV_NUMBER: strbuf_append(sb, buf, numfmt_double(jv_number_value(v), buf)); break;
    case JV_TRUE: strbuf_puts(sb, "true"); break;
    case JV_FALSE: strbuf_puts(sb, "false"); break;
    case JV_NULL: strbuf_puts(sb, "null"); break;
    case JV_ARRAY:
        strbuf_putc(sb, '[');
        for (size_t i = 0; i < jv_array_length(v); i++) {
            if (i)
                strbuf_puts(sb, ", ");
            render_java(jv_array_get(v, i), sb);
        }
        strbuf_putc(sb, ']');
        break;
    case JV_OBJECT:
        strbuf_putc(sb, '{');
        for (size_t i = 0; i < jv_object_size(v); i++) {
            if (i)
                strbuf_puts(sb, ", ");
            render_java(jv_object_key_at(v, i), sb);
            strbuf_putc(sb, '=');
            render_java(jv_object_value_at(v, i), sb);
        }
        strbuf_putc(sb, '}');
        break;
    }
}

/* Walks a template: calls out for each literal run and each `{}`. A literal template keeps
 * its escapes (\{ \} \' \\ stand for the character); a template from data has none. */
typedef struct {
    const char *s;
    size_t n;
    bool escapes;
} fmt_template;

static size_t format_walk(const fmt_template *t, strbuf *out, jv *const *vals, size_t nvals)
{
    size_t placeholders = 0;
    for (size_t i = 0; i < t->n; i++) {
        char c = t->s[i];
        if (t->escapes && c == '\\' && i + 1 < t->n) {
            if (out)
                strbuf_putc(out, t->s[i + 1]);
            i++;
        } else if (c == '{' && i + 1 < t->n && t->s[i + 1] == '}') {
            if (out && placeholders < nvals)
                render_java(vals[placeholders], out);
            placeholders++;
            i++;
        } else if (out) {
            strbuf_putc(out, c);
        }
    }
    return placeholders;
}

static jv *fn_format(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.Format";
    if (!WANT_STRING(fn, 0))
        return NULL;
    fmt_template t = {jv_string_value(args[0]), jv_string_length(args[0]), false};
    if (c->template_raw)
        t = (fmt_template){c->template_raw, c->template_rawlen, true};
    size_t want = format_walk(&t, NULL, NULL, 0);
    if (want != n - 1)
        return fail(err, "%s: the template has %zu placeholder%s but %zu argument%s followed it", fn,
                    want, want == 1 ? "" : "s", n - 1, n - 1 == 1 ? "" : "s");
    strbuf sb;
    strbuf_init(&sb, 0);
    format_walk(&t, &sb, args + 1, n - 1);
    jv *r = jv_string_n(sb.buf ? sb.buf : "", sb.len);
    strbuf_cleanup(&sb);
    return r;
}

/* ---- JSON ---- */

static jv *fn_string_to_json(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.StringToJson";
    if (!WANT_STRING(fn, 0))
        return NULL;
    const char *s = jv_string_value(args[0]);
    size_t len = jv_string_length(args[0]);
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i == len)
        return jv_null(); /* AWS: an empty or blank string gives null */
    jv_parse_error perr;
    jv *v = jv_parse(s, len, 0, &perr);
    if (!v)
        return fail(err, "%s: argument 1 is not valid JSON: %s at %d:%d", fn, perr.message, perr.line,
                    perr.column);
    return v;
}

static jv *fn_json_to_string(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    jv_dump(args[0], 0, &sb);
    jv *r = jv_string_n(strbuf_str(&sb), sb.len);
    strbuf_cleanup(&sb);
    return r;
}

static jv *fn_json_merge(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.JsonMerge";
    if (!WANT_OBJECT(fn, 0) || !WANT_OBJECT(fn, 1))
        return NULL;
    if (!jv_is_bool(args[2]))
        return bad_type(err, fn, 3, "the boolean false", args[2]);
    if (jv_is_true(args[2]))
        return fail(err, "%s: argument 3 must be false: only a shallow merge is supported", fn);
    /* copy-on-write: the inputs are shared, so setting copies and never mutates them */
    jv *r = jv_ref(args[0]);
    for (size_t i = 0; i < jv_object_size(args[1]); i++) {
        const jv *k = jv_object_key_at(args[1], i);
        r = jv_object_set_n_take(r, jv_string_value(k), jv_string_length(k),
                                 jv_ref(jv_object_value_at(args[1], i)));
    }
    return r;
}

/* ---- arrays ---- */

static jv *fn_array(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    jv *a = jv_array();
    for (size_t i = 0; i < n; i++)
        a = jv_array_append(a, args[i]);
    return a;
}

static jv *fn_array_partition(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.ArrayPartition";
    long size;
    if (!WANT_ARRAY(fn, 0) || !want_int(err, fn, args, 1, &size))
        return NULL;
    if (size <= 0)
        return fail(err, "%s: argument 2 (the chunk size) must be a positive integer, but it is %ld",
                    fn, size);
    jv *out = jv_array(), *chunk = NULL;
    for (size_t i = 0; i < jv_array_length(args[0]); i++) {
        if (!chunk)
            chunk = jv_array();
        chunk = jv_array_append(chunk, jv_array_get(args[0], i));
        if (jv_array_length(chunk) == (size_t)size) {
            out = jv_array_append_take(out, chunk);
            chunk = NULL;
        }
    }
    if (chunk)
        out = jv_array_append_take(out, chunk);
    return out;
}

static jv *fn_array_contains(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    if (!WANT_ARRAY("States.ArrayContains", 0))
        return NULL;
    for (size_t i = 0; i < jv_array_length(args[0]); i++)
        if (jv_equal(jv_array_get(args[0], i), args[1]))
            return jv_bool(true);
    return jv_bool(false);
}

static jv *fn_array_range(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.ArrayRange";
    long start, end, step;
    if (!want_int(err, fn, args, 0, &start) || !want_int(err, fn, args, 1, &end) ||
        !want_int(err, fn, args, 2, &step))
        return NULL;
    if (step == 0)
        return fail(err, "%s: argument 3 (the step) must not be 0", fn);
    long long count = 0;
    if ((step > 0 && start <= end) || (step < 0 && start >= end))
        count = ((long long)end - start) / step + 1;
    if (count > INTRINSIC_MAX_RANGE_ITEMS)
        return fail(err, "%s: the range would have %lld items, more than the maximum of %d", fn, count,
                    INTRINSIC_MAX_RANGE_ITEMS);
    jv *out = jv_array();
    for (long long i = 0; i < count; i++)
        out = jv_array_append_take(out, jv_number((double)(start + i * step)));
    return out;
}

static jv *fn_array_get_item(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.ArrayGetItem";
    long idx;
    if (!WANT_ARRAY(fn, 0) || !want_int(err, fn, args, 1, &idx))
        return NULL;
    size_t len = jv_array_length(args[0]);
    if (idx < 0 || (size_t)idx >= len)
        return fail(err, "%s: argument 2 (the index) is %ld, outside the array of %zu item%s", fn, idx,
                    len, len == 1 ? "" : "s");
    return jv_ref(jv_array_get(args[0], (size_t)idx));
}

static jv *fn_array_length(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    if (!WANT_ARRAY("States.ArrayLength", 0))
        return NULL;
    return jv_number((double)jv_array_length(args[0]));
}

/* splitmix64's finalizer: spreads every input bit over the low bits used for slots. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A structural hash consistent with jv_equal: object member order does not matter. */
static uint64_t value_hash(const jv *v)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)jv_kind_of(v);
    switch (jv_kind_of(v)) {
    case JV_NUMBER: {
        double d = jv_number_value(v);
        if (d == 0)
            d = 0; /* -0 equals 0 */
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        h ^= bits;
        h *= 1099511628211ULL;
        break;
    }
    case JV_STRING: {
        const unsigned char *s = (const unsigned char *)jv_string_value(v);
        for (size_t i = 0; i < jv_string_length(v); i++)
            h = (h ^ s[i]) * 1099511628211ULL;
        break;
    }
    case JV_ARRAY:
        for (size_t i = 0; i < jv_array_length(v); i++)
            h = (h ^ value_hash(jv_array_get(v, i))) * 1099511628211ULL;
        break;
    case JV_OBJECT: {
        uint64_t sum = 0;
        for (size_t i = 0; i < jv_object_size(v); i++)
            sum += value_hash(jv_object_key_at(v, i)) * 31 + value_hash(jv_object_value_at(v, i));
        h ^= sum;
        h *= 1099511628211ULL;
        break;
    }
    default: break;
    }
    return mix64(h);
}

/* Keeps the first occurrence of each value, in order; hashing keeps it linear. */
static jv *fn_array_unique(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    if (!WANT_ARRAY("States.ArrayUnique", 0))
        return NULL;
    const jv *arr = args[0];
    size_t len = jv_array_length(arr), cap = 16;
    while (cap < len * 2)
        cap *= 2;
    size_t *slots = engine_calloc(cap, sizeof *slots); /* item index + 1, 0 empty */
    jv *out = jv_array();
    for (size_t i = 0; i < len; i++) {
        const jv *item = jv_array_get(arr, i);
        size_t s = (size_t)value_hash(item) & (cap - 1);
        bool seen = false;
        for (; slots[s]; s = (s + 1) & (cap - 1))
            if (jv_equal(jv_array_get(arr, slots[s] - 1), item)) {
                seen = true;
                break;
            }
        if (!seen) {
            slots[s] = i + 1;
            out = jv_array_append(out, item);
        }
    }
    engine_free(slots);
    return out;
}

/* ---- encoding ---- */

static jv *fn_base64_encode(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    if (!want_short_string(err, "States.Base64Encode", args, 0))
        return NULL;
    size_t len = jv_string_length(args[0]);
    char *text = engine_malloc(BASE64_ENCODED_SIZE(len));
    size_t tlen = base64_encode(jv_string_value(args[0]), len, BASE64_ALPHABET_STANDARD, text);
    jv *r = jv_string_n(text, tlen);
    engine_free(text);
    return r;
}

/* Length of the valid UTF-8 sequence at s (0 when malformed). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t want = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (want == 0 || want > n)
        return 0;
    for (size_t k = 1; k < want; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    uint32_t cp = want == 2 ? (s[0] & 0x1Fu) : want == 3 ? (s[0] & 0x0Fu) : (s[0] & 0x07u);
    for (size_t k = 1; k < want; k++)
        cp = (cp << 6) | (s[k] & 0x3Fu);
    if ((want == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
        (want == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return want;
}

/* Java's new String(bytes, UTF_8): malformed bytes become U+FFFD. */
static jv *utf8_string_lossy(const char *s, size_t n)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq((const unsigned char *)s + i, n - i);
        if (k) {
            strbuf_append(&sb, s + i, k);
            i += k;
        } else {
            strbuf_puts(&sb, "\xEF\xBF\xBD");
            i++;
        }
    }
    jv *r = jv_string_n(strbuf_str(&sb), sb.len);
    strbuf_cleanup(&sb);
    return r;
}

static jv *fn_base64_decode(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.Base64Decode";
    if (!want_short_string(err, fn, args, 0))
        return NULL;
    size_t len = jv_string_length(args[0]), bytes_len = 0, bad = 0;
    unsigned char *bytes = engine_malloc(BASE64_DECODED_MAX(len) + 1);
    jv *r = NULL;
    if (base64_decode(jv_string_value(args[0]), len, BASE64_STRICT, bytes, &bytes_len, &bad))
        r = utf8_string_lossy((const char *)bytes, bytes_len);
    else
        fail(err, "%s: argument 1 is not valid Base64 (at character %zu)", fn, bad + 1);
    engine_free(bytes);
    return r;
}

static jv *fn_hash(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.Hash";
    static const struct {
        const char *name;
        const EVP_MD *(*md)(void);
    } algs[] = {
        {"MD5", EVP_md5}, {"SHA-1", EVP_sha1}, {"SHA-256", EVP_sha256},
        {"SHA-384", EVP_sha384}, {"SHA-512", EVP_sha512},
    };
    if (!want_short_string(err, fn, args, 0) || !WANT_STRING(fn, 1))
        return NULL;
    const EVP_MD *md = NULL;
    for (size_t i = 0; i < sizeof algs / sizeof algs[0] && !md; i++)
        if (strcmp(jv_string_value(args[1]), algs[i].name) == 0 &&
            strlen(algs[i].name) == jv_string_length(args[1]))
            md = algs[i].md();
    if (!md)
        return fail(err, "%s: argument 2 (the algorithm) is '%.100s'; it must be one of MD5, SHA-1, "
                         "SHA-256, SHA-384, SHA-512", fn, jv_string_value(args[1]));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (!EVP_Digest(jv_string_value(args[0]), jv_string_length(args[0]), digest, &dlen, md, NULL))
        return fail(err, "%s: the digest could not be computed", fn);
    char hex[EVP_MAX_MD_SIZE * 2 + 1];
    for (unsigned int i = 0; i < dlen; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return jv_string_n(hex, 2 * (size_t)dlen);
}

/* ---- math ---- */

/* java.util.Random(seed).nextInt(bound): AWS runs Java, and a seeded call must repeat. */
static int32_t java_random_next_int(int64_t seed, int32_t bound)
{
    const uint64_t mult = 0x5DEECE66DULL, mask = (1ULL << 48) - 1;
    uint64_t s = ((uint64_t)seed ^ mult) & mask;
#define JR_NEXT31() (s = (s * mult + 0xBULL) & mask, (int32_t)(s >> 17))
    if ((bound & -bound) == bound)
        return (int32_t)(((int64_t)bound * (int64_t)JR_NEXT31()) >> 31);
    int32_t bits, val;
    do {
        bits = JR_NEXT31();
        val = bits % bound;
    } while ((int64_t)bits - val + (bound - 1) > INT32_MAX);
#undef JR_NEXT31
    return val;
}

static jv *fn_math_random(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.MathRandom";
    long start, end;
    if (!want_rounded_int(err, fn, args, 0, &start) || !want_rounded_int(err, fn, args, 1, &end))
        return NULL;
    if (start >= end)
        return fail(err, "%s: argument 1 (the start, %ld) must be less than argument 2 (the end, %ld)",
                    fn, start, end);
    long long span = (long long)end - start;
    if (span > INT32_MAX)
        return fail(err, "%s: the range %ld..%ld is wider than the integer range", fn, start, end);
    if (n == 3) {
        if (!jv_is_number(args[2]))
            return bad_type(err, fn, 3, "a number (the seed)", args[2]);
        int64_t seed = (int64_t)java_round(fmax(fmin(jv_number_value(args[2]), 9.2e18), -9.2e18));
        return jv_number((double)(start + java_random_next_int(seed, (int32_t)span)));
    }
    if (!c->env->random)
        return fail(err, "%s: no random number source is available", fn);
    return jv_number((double)(start + (long long)rng_below(c->env->random, (uint64_t)span)));
}

static jv *fn_math_add(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.MathAdd";
    long a, b;
    if (!want_rounded_int(err, fn, args, 0, &a) || !want_rounded_int(err, fn, args, 1, &b))
        return NULL;
    long long sum = (long long)a + b;
    if (sum < INT_MIN || sum > INT_MAX)
        return fail(err, "%s: the sum %lld is outside the integer range -2147483648..2147483647", fn,
                    sum);
    return jv_number((double)sum);
}

/* ---- strings ---- */

/* Decodes one code point at s[*i] (malformed bytes count as themselves). */
static uint32_t next_cp(const char *s, size_t n, size_t *i)
{
    size_t k = utf8_seq((const unsigned char *)s + *i, n - *i);
    const unsigned char *u = (const unsigned char *)s + *i;
    uint32_t cp;
    if (k <= 1)
        cp = u[0] | (k ? 0 : 0x80000000u);
    else {
        cp = k == 2 ? (u[0] & 0x1Fu) : k == 3 ? (u[0] & 0x0Fu) : (u[0] & 0x07u);
        for (size_t j = 1; j < k; j++)
            cp = (cp << 6) | (u[j] & 0x3Fu);
    }
    *i += k ? k : 1;
    return cp;
}

static bool is_delimiter(uint32_t cp, const char *d, size_t dn)
{
    for (size_t i = 0; i < dn;)
        if (next_cp(d, dn, &i) == cp)
            return true;
    return false;
}

/* Every character of the delimiter string separates; empty tokens are dropped. */
static jv *fn_string_split(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    const char *fn = "States.StringSplit";
    if (!WANT_STRING(fn, 0) || !WANT_STRING(fn, 1))
        return NULL;
    const char *s = jv_string_value(args[0]), *d = jv_string_value(args[1]);
    size_t sn = jv_string_length(args[0]), dn = jv_string_length(args[1]);
    jv *out = jv_array();
    size_t tok = 0;
    for (size_t i = 0; i < sn;) {
        size_t at = i;
        uint32_t cp = next_cp(s, sn, &i);
        if (!is_delimiter(cp, d, dn))
            continue;
        if (at > tok)
            out = jv_array_append_take(out, jv_string_n(s + tok, at - tok));
        tok = i;
    }
    if (sn > tok)
        out = jv_array_append_take(out, jv_string_n(s + tok, sn - tok));
    return out;
}

static jv *fn_uuid(const intrinsic_fn_ctx *c, jv *const *args, size_t n, asl_error *err)
{
    if (!c->env->random)
        return fail(err, "States.UUID: no random number source is available");
    char buf[37];
    rng_uuid(c->env->random, buf);
    return jv_string(buf);
}

/* ---- the table ---- */

static const intrinsic_fn FUNCTIONS[] = {
    {"States.Format", 1, -1, true, fn_format},
    {"States.StringToJson", 1, 1, false, fn_string_to_json},
    {"States.JsonToString", 1, 1, true, fn_json_to_string},
    {"States.Array", 0, -1, false, fn_array},
    {"States.ArrayPartition", 2, 2, false, fn_array_partition},
    {"States.ArrayContains", 2, 2, false, fn_array_contains},
    {"States.ArrayRange", 3, 3, false, fn_array_range},
    {"States.ArrayGetItem", 2, 2, true, fn_array_get_item},
    {"States.ArrayLength", 1, 1, false, fn_array_length},
    {"States.ArrayUnique", 1, 1, false, fn_array_unique},
    {"States.Base64Encode", 1, 1, true, fn_base64_encode},
    {"States.Base64Decode", 1, 1, true, fn_base64_decode},
    {"States.Hash", 2, 2, true, fn_hash},
    {"States.JsonMerge", 3, 3, false, fn_json_merge},
    {"States.MathRandom", 2, 3, false, fn_math_random},
    {"States.MathAdd", 2, 2, false, fn_math_add},
    {"States.StringSplit", 2, 2, false, fn_string_split},
    {"States.UUID", 0, 0, true, fn_uuid},
};

const intrinsic_fn *intrinsic_fn_lookup(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof FUNCTIONS / sizeof FUNCTIONS[0]; i++)
        if (strlen(FUNCTIONS[i].name) == len && memcmp(FUNCTIONS[i].name, name, len) == 0)
            return &FUNCTIONS[i];
    return NULL;
}
