/* Unit tests: jv values, parsing, dumping, number formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "jv_text.h"
#include "numfmt.h"
#include "tap.h"

static void check_roundtrip(const char *in, const char *expected)
{
    jv_parse_error err;
    jv *v = jv_parse_cstr(in, &err);
    if (!tap_ok(v != NULL, "parse %s", in)) {
        tap_diag("error %d:%d %s", err.line, err.column, err.message);
        return;
    }
    char *s = jv_dump_string(v, 0);
    tap_is_str(s, expected, "dump %s", in);
    free(s);
    jv_unref(v);
}

static void check_number(double d, const char *expected)
{
    char buf[NUMFMT_BUFSZ];
    numfmt_double(d, buf);
    tap_is_str(buf, expected, "number %s", expected);
    tap_is_int((long)numfmt_length(d), (long)strlen(expected), "length of %s", expected);
}

static void check_parse_error(const char *in, int line, int col, const char *msg)
{
    jv_parse_error err;
    jv *v = jv_parse_cstr(in, &err);
    tap_ok(v == NULL, "rejects %s", msg);
    tap_is_int(err.line * 1000 + err.column, line * 1000 + col, "position of %s", msg);
    jv_unref(v);
}

/* "\u0000" is a character like any other: it neither ends a string nor merges keys. */
static void test_nul_in_strings(void)
{
    jv *v = jv_parse_cstr("{\"a\":\"\\u0000b\",\"k\\u0000\":1,\"k\":2,\"\\u00e9\\n\\u0000\":\"x\"}", NULL);
    const jv *a = jv_object_get(v, "a");
    tap_is_int((long long)jv_string_length(a), 2, "\"\\u0000b\" keeps both bytes");
    tap_ok(memcmp(jv_string_value(a), "\0b", 2) == 0, "\"\\u0000b\" bytes");
    tap_is_int((long long)jv_object_size(v), 4, "\"k\\u0000\" and \"k\" are two keys");
    const jv *knul = jv_object_get_n(v, "k\0", 2), *k = jv_object_get(v, "k");
    tap_is_int(knul ? (long long)jv_number_value(knul) : -1, 1, "key k NUL");
    tap_is_int(k ? (long long)jv_number_value(k) : -1, 2, "key k");
    tap_ok(jv_object_get_n(v, "\xc3\xa9\n\0", 4) != NULL, "an escaped key keeps its NUL");
    char *s = jv_dump_string(v, 0);
    tap_is_str(s, "{\"a\":\"\\u0000b\",\"k\\u0000\":1,\"k\":2,\"\xc3\xa9\\n\\u0000\":\"x\"}",
               "NUL is written back as \\u0000");
    free(s);
    jv_unref(v);
    /* a top-level number need not be followed by anything: parse an unterminated buffer */
    char num[] = {'1', '2', '.', '5', 'x'};
    v = jv_parse(num, 4, 0, NULL);
    tap_ok(v && jv_number_value(v) == 12.5, "number at the very end of the text");
    jv_unref(v);
}

/* jv_parse shares the repeated keys of a document; each object still owns its members */
static void test_shared_keys(void)
{
    jv_parse_error err;
    jv *doc = jv_parse_cstr("[{\"id\":1,\"n\\u0061me\":\"\\u00e9x\"},{\"id\":2,\"name\":\"y\"},"
                            "{\"id\":3,\"id\":4}]", &err);
    const jv *a = jv_array_get(doc, 0), *b = jv_array_get(doc, 1), *c = jv_array_get(doc, 2);
    tap_ok(jv_object_key_at(a, 0) == jv_object_key_at(b, 0), "a repeated key is one string");
    tap_ok(jv_object_key_at(a, 1) == jv_object_key_at(b, 1), "an escaped key is shared too");
    tap_is_str(jv_string_value(jv_object_key_at(a, 1)), "name", "the escaped key decoded");
    tap_is_str(jv_string_value(jv_object_get(a, "name")), "\u00e9x", "its value after it");
    tap_ok(jv_object_size(c) == 1 && jv_number_value(jv_object_get(c, "id")) == 4,
           "a duplicate key keeps the last value");
    jv *a2 = jv_object_set_take(jv_ref(a), "id", jv_number(9));
    a2 = jv_object_delete(a2, "name");
    tap_ok(jv_number_value(jv_object_get(b, "id")) == 2 && jv_object_get(b, "name") &&
           jv_number_value(jv_object_get(a, "id")) == 1, "editing one object leaves the others");
    jv_unref(a2);
    jv *big = jv_object();
    for (int i = 0; i < 40; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        big = jv_object_set_key_take(big, jv_string(k), jv_number(i));
    }
    big = jv_object_set_key_take(big, jv_string("k7"), jv_number(70));
    tap_ok(jv_object_size(big) == 40 && jv_number_value(jv_object_get(big, "k7")) == 70 &&
           jv_number_value(jv_object_get(big, "k39")) == 39, "jv_object_set_key_take");
    jv_unref(big);
    jv_unref(doc);
}

static void test_copy_on_write(void)
{
    jv *a = jv_object();
    a = jv_object_set_take(a, "x", jv_number(1));
    jv *shared = jv_ref(a);
    a = jv_object_set_take(a, "y", jv_number(2));
    tap_ok(a != shared, "setting on a shared object copies it");
    tap_is_int((long long)jv_object_size(shared), 1, "the shared original is unchanged");
    tap_is_int((long long)jv_object_size(a), 2, "the copy has the new member");
    jv_unref(shared);
    jv_unref(a);
}

/* The type of an expression as a word, so the test sees what the header promises (_Generic
 * does not evaluate it: no reference is taken). */
#define JV_CONSTNESS(e) _Generic((e), const jv *: "const", jv *: "mutable", default: "other")

/* A borrowed child is const; owning it with jv_ref and building on it copies, so the
 * parent keeps what it had. */
static void test_borrowed_children(void)
{
    jv_parse_error err;
    jv *doc = jv_parse_cstr("{\"a\":{\"b\":1},\"l\":[1]}", &err);
    jv_hint hint = {0};
    tap_is_str(JV_CONSTNESS(jv_object_get(doc, "a")), "const", "jv_object_get borrows const");
    tap_is_str(JV_CONSTNESS(jv_object_get_n(doc, "a", 1)), "const", "jv_object_get_n borrows const");
    tap_is_str(JV_CONSTNESS(jv_object_get_hinted(doc, "a", 1, &hint)), "const",
               "jv_object_get_hinted borrows const");
    tap_is_str(JV_CONSTNESS(jv_object_key_at(doc, 0)), "const", "jv_object_key_at borrows const");
    tap_is_str(JV_CONSTNESS(jv_object_value_at(doc, 0)), "const", "jv_object_value_at borrows const");
    tap_is_str(JV_CONSTNESS(jv_array_get(doc, 0)), "const", "jv_array_get borrows const");
    tap_is_str(JV_CONSTNESS(jv_ref(doc)), "mutable", "jv_ref returns an owned jv *");

    const jv *child = jv_object_get(doc, "a");
    jv *mine = jv_ref(child);
    mine = jv_object_set_take(mine, "b", jv_number(2));
    tap_ok(mine != child, "building on an owned reference to a borrowed child copies it");
    tap_is_int((long long)jv_number_value(jv_object_get(jv_object_get(doc, "a"), "b")), 1,
               "the parent still holds its child unchanged");
    jv_unref(mine);

    jv *list = jv_ref(jv_object_get(doc, "l"));
    list = jv_array_append_take(list, jv_number(2));
    tap_is_int((long long)jv_array_length(jv_object_get(doc, "l")), 1,
               "appending to an owned reference to a borrowed array leaves the parent's");
    jv_unref(list);
    jv_unref(doc);
}

static void test_large_object_index(void)
{
    jv *o = jv_object();
    char key[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        o = jv_object_set_take(o, key, jv_number(i));
    }
    bool all = true;
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        const jv *v = jv_object_get(o, key);
        all = all && v && jv_number_value(v) == i;
    }
    tap_ok(all, "1000-member object finds every key");
    o = jv_object_delete(o, "k500");
    tap_ok(!jv_object_has(o, "k500") && jv_object_has(o, "k501"), "delete keeps the index right");
    tap_ok(!strcmp(jv_string_value(jv_object_key_at(o, 0)), "k0"), "insertion order kept");
    jv_unref(o);
}

static void test_equal(void)
{
    jv *a = jv_parse_cstr("{\"a\":[1,2,{\"b\":null}],\"c\":\"x\"}", NULL);
    jv *b = jv_parse_cstr("{\"c\":\"x\",\"a\":[1,2.0,{\"b\":null}]}", NULL);
    jv *c = jv_parse_cstr("{\"c\":\"x\",\"a\":[1,2,{\"b\":false}]}", NULL);
    tap_ok(jv_equal(a, b), "equal ignores member order and number spelling");
    tap_ok(!jv_equal(a, c), "equal sees a nested difference");
    tap_is_int((long long)jv_serialized_size(a), 30, "serialized size without dumping");
    jv_unref(a);
    jv_unref(b);
    jv_unref(c);
}

/* The remembered size stays true: a fresh value changed in place after it was asked, a
 * shared one changed by copy, a child changed through its parent's builder. */
static void test_size_cache(void)
{
    jv *o = jv_parse_cstr("{\"a\":[1,2],\"s\":\"x\"}", NULL);
    tap_is_int((long long)jv_serialized_size(o), 19, "size of a parsed object");
    o = jv_object_set_take(o, "b", jv_number(-12345));
    tap_is_int((long long)jv_serialized_size(o), 30, "asked again after an in-place set");
    jv *shared = jv_ref(o);
    jv *changed = jv_object_delete(jv_ref(o), "a");
    tap_is_int((long long)jv_serialized_size(shared), 30, "a shared value keeps its size when a copy changes");
    tap_is_int((long long)jv_serialized_size(changed), 20, "the copy has its own");
    jv *arr = jv_ref(jv_object_get(o, "a"));
    arr = jv_array_append_take(arr, jv_number(3.25));
    tap_is_int((long long)jv_serialized_size(arr), 10, "an array grown from a borrowed child");
    tap_is_int((long long)jv_serialized_size(jv_object_get(o, "a")), 5, "... leaves the child as it was");
    o = jv_object_set_take(o, "a", arr);
    char *dump = jv_dump_string(o, 0);
    tap_is_int((long long)jv_serialized_size(o), (long long)strlen(dump), "the size is the dump's length: %s", dump);
    free(dump);
    jv *a2 = jv_array_set_take(jv_ref(jv_object_get(o, "a")), 0, jv_string("\n\"q"));
    tap_is_int((long long)jv_serialized_size(a2), 16, "array set: escapes counted");
    tap_is_int((long long)jv_serialized_size(jv_null()) + (long long)jv_serialized_size(jv_bool(false)),
               9, "the immortals' sizes");
    jv_unref(a2);
    jv_unref(o);
    jv_unref(shared);
    jv_unref(changed);
}

/* A sized array starts empty and takes its items like any other. */
static void test_sized_array(void)
{
    jv *a = jv_array_sized(3);
    tap_is_int((long)jv_array_length(a), 0, "a sized array starts empty");
    for (int i = 1; i <= 4; i++) /* one past its room */
        a = jv_array_append_take(a, jv_number(i));
    char *s = jv_dump_string(a, 0);
    tap_is_str(s, "[1,2,3,4]", "a sized array takes its items and grows past its room");
    tap_is_int((long)jv_serialized_size(a), 9, "its size");
    free(s);
    jv_unref(a);
}

static void test_hinted_lookup(void)
{
    jv *a = jv_parse_cstr("{\"x\":1,\"y\":2,\"z\":3}", NULL);
    jv *b = jv_parse_cstr("{\"z\":30,\"y\":20}", NULL);
    jv_hint hint = {0};
    const jv *v = jv_object_get_hinted(a, "z", 1, &hint);
    tap_ok(v && jv_number_value(v) == 3 && hint.pos == 2,
           "a hinted lookup finds the key and moves the hint");
    tap_ok(hint.key == jv_object_key_at(a, 2), "the hint remembers the key node");
    v = jv_object_get_hinted(a, "z", 1, &hint);
    tap_ok(v && jv_number_value(v) == 3 && hint.pos == 2, "the hint hits the next time");
    v = jv_object_get_hinted(b, "z", 1, &hint);
    tap_ok(v && jv_number_value(v) == 30 && hint.pos == 0, "another shape: found, hint moved");
    jv_hint hx = hint;
    tap_ok(jv_object_get_hinted(a, "x", 1, &hx) && jv_object_get_hinted(b, "x", 1, &hx) == NULL &&
               hx.pos == 0,
           "a missing key leaves the hint");
    jv_hint hy = {99, NULL};
    v = jv_object_get_hinted(b, "y", 1, &hy);
    tap_ok(v && jv_number_value(v) == 20, "a hint past the end is ignored");
    /* records of one parsed document share their key strings: the hint compares addresses */
    jv *recs = jv_parse_cstr("[{\"k\":1,\"v\":\"a\"},{\"k\":2,\"v\":\"b\"}]", NULL);
    jv_hint h2 = {0};
    const jv *v0 = jv_object_get_hinted(jv_array_get(recs, 0), "v", 1, &h2);
    const jv *key0 = h2.key;
    const jv *v1 = jv_object_get_hinted(jv_array_get(recs, 1), "v", 1, &h2);
    tap_ok(v0 && v1 && !strcmp(jv_string_value(v0), "a") && !strcmp(jv_string_value(v1), "b") &&
               h2.key == key0 && key0 == jv_object_key_at(jv_array_get(recs, 1), 1),
           "a shared key string hits by address");
    /* an object whose key at the hinted position is another string is not confused */
    jv *other = jv_parse_cstr("{\"k\":3,\"w\":4}", NULL);
    tap_ok(jv_object_get_hinted(other, "v", 1, &h2) == NULL,
           "another key at the hinted position: not found");
    jv_unref(other);
    jv_unref(recs);
    jv *arr = jv_array();
    tap_ok(jv_object_get_hinted(arr, "y", 1, &hy) == NULL, "not an object: nothing");
    jv_unref(arr);
    jv_unref(a);
    jv_unref(b);
}

/* A reader holding a string's text gets the string back; sized containers build values
 * equal to grown ones. */
static void test_text_owner_and_sized(void)
{
    jv *s = jv_string_n("a\0b", 3);
    const jv *back = jv_string_of_text(jv_string_value(s));
    tap_ok(back == s, "jv_string_of_text gives back the string of its text");
    size_t len = 0;
    const char *text = jv_string_text(s, &len);
    tap_ok(text == jv_string_value(s) && len == 3, "jv_string_text: the text and its length");
    jv *a = jv_array_sized(3), *grown = jv_array();
    for (int i = 0; i < 5; i++) {   /* past the room it was given, too */
        a = jv_array_append_take(a, jv_number(i));
        grown = jv_array_append_take(grown, jv_number(i));
    }
    tap_ok(jv_equal(a, grown) && jv_array_length(a) == 5,
           "a sized array holds what a grown one holds");
    jv *o = jv_object_sized(2);
    o = jv_object_set_key_take(o, jv_ref(s), jv_number(1));
    o = jv_object_set_take(o, "x", jv_number(2));
    o = jv_object_set_take(o, "y", jv_number(3));
    tap_ok(jv_object_size(o) == 3 && jv_object_key_at(o, 0) == s &&
               jv_number_value(jv_object_get(o, "y")) == 3,
           "a sized object shares a given key and grows past its room");
    /* parsed containers hold their members in the node: growing moves them out */
    jv *pa = jv_parse_cstr("[1,2]", NULL), *want = jv_parse_cstr("[1,2,3,4,5,6]", NULL);
    for (int i = 3; i <= 6; i++)
        pa = jv_array_append_take(pa, jv_number(i));
    tap_ok(jv_equal(pa, want), "a parsed array grows past its parsed size");
    jv *po = jv_parse_cstr("{\"a\":1}", NULL);
    const char *names[] = {"b", "c", "d", "e", "f"};
    for (int i = 0; i < 5; i++)
        po = jv_object_set_take(po, names[i], jv_number(i));
    po = jv_object_delete(po, "a");
    tap_ok(jv_object_size(po) == 5 && jv_number_value(jv_object_get(po, "f")) == 4 &&
               !jv_object_get(po, "a"),
           "a parsed object grows past its parsed size and deletes");
    jv_unref(pa);
    jv_unref(want);
    jv_unref(po);
    jv *empty = jv_object_sized(0);
    tap_is_int((long long)jv_serialized_size(empty), 2, "a sized empty object is {}");
    jv_unref(empty);
    jv_unref(o);
    jv_unref(a);
    jv_unref(grown);
    jv_unref(s);
}

int main(void)
{
    test_text_owner_and_sized();
    test_hinted_lookup();
    test_size_cache();
    test_sized_array();
    check_roundtrip("{ \"a\" : 1, \"b\": [true, false, null], \"c\": \"x\\ny\" }",
                    "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\\ny\"}");
    check_roundtrip("\"\\u00e9\\ud83d\\ude00\"", "\"\xc3\xa9\xf0\x9f\x98\x80\"");
    check_roundtrip("[1.5, -0.0, 1e21, 1e-7, 123456789012, 0.1]",
                    "[1.5,0,1e+21,1e-7,123456789012,0.1]");
    check_roundtrip("  42 ", "42");
    check_number(100, "100");
    check_number(0, "0");
    check_number(-0.0, "0");
    check_number(9, "9");
    check_number(10, "10");
    check_number(-10, "-10");
    check_number(999999999999999.0, "999999999999999");
    check_number(1000000000000000.0, "1000000000000000");
    check_number(9007199254740992.0, "9007199254740992");
    check_number(-9007199254740992.0, "-9007199254740992");
    check_number(1e21, "1e+21");
    check_number(1.5e300, "1.5e+300");
    check_number(0.000001, "0.000001");
    check_number(1.2e-7, "1.2e-7");
    check_number(123.456, "123.456");
    check_number(-2.5, "-2.5");
    check_number(9007199254740993.0, "9007199254740992");
    check_number(1e20, "100000000000000000000");
    check_number(-7, "-7");
    check_number(9007199254740991.0, "9007199254740991");
    check_number(-9007199254740991.0, "-9007199254740991");
    check_number(0.1 + 0.2, "0.30000000000000004");
    check_number(19.99, "19.99");
    check_number(5e-324, "5e-324");
    check_number(-1.5e-320, "-1.5e-320");
    check_number(2.2250738585072014e-308, "2.2250738585072014e-308");
    check_number(1.7976931348623157e308, "1.7976931348623157e+308");
    check_number(1.0 / 3, "0.3333333333333333");
    check_number(123456789.12345678, "123456789.12345678");
    check_parse_error("{\"a\": }", 1, 7, "a missing value");
    check_parse_error("{\"a\": 1}\n x", 2, 2, "trailing garbage");
    check_parse_error("[1,\n2,\n", 3, 1, "truncated input");

    char *deep = malloc(3000);
    memset(deep, '[', 1500);
    memset(deep + 1500, ']', 1499);
    deep[2999] = '\0';
    check_parse_error(deep, 1, 1001, "nesting past the limit");
    free(deep);

    jv_parse_error err;
    tap_ok(jv_parse("{\"a\":1}", 7, 5, &err) == NULL && strstr(err.message, "exceeds"),
           "size limit enforced");

    check_parse_error("{\"a\":\"\xff\"}", 1, 7, "invalid UTF-8");
    check_parse_error("[\"\\udc00\"]", 1, 3, "a lone surrogate");

    test_nul_in_strings();
    test_copy_on_write();
    test_shared_keys();
    test_borrowed_children();
    test_large_object_index();
    test_equal();
    return tap_done();
}
