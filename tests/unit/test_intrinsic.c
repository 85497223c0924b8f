/* Unit tests: the States.* intrinsic functions: parsing, results, limits and errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "intrinsic.h"
#include "jv.h"
#include "jv_text.h"
#include "rng.h"
#include "strbuf.h"
#include "tap.h"

#define FAILURE "States.IntrinsicFailure"

static jv *parse(const char *text)
{
    jv_parse_error err;
    jv *v = jv_parse_cstr(text, &err);
    if (!v) {
        fprintf(stderr, "test JSON does not parse: %s: %s\n", text, err.message);
        exit(2);
    }
    return v;
}

static const jv *lookup(void *user, const char *name) { return jv_object_get(user, name); }

/* Evaluates call against input; returns the compact JSON result (caller frees) or NULL with
 * err set. A compile failure is reported and gives NULL with err unset. */
static char *run(const char *input, const char *call, rng *random, asl_error *err)
{
    intrinsic_error cerr;
    intrinsic *f = intrinsic_compile(call, &cerr);
    if (!f) {
        tap_diag("does not compile: %s (at %zu: %s)", call, cerr.position, cerr.message);
        return NULL;
    }
    jv *in = parse(input);
    jv *ctx = parse("{\"StateMachine\":{\"Name\":\"my-machine-name\"},\"Map\":{\"Item\":{\"Index\":1}}}");
    jv *vars = parse("{\"n\":5,\"greeting\":\"Hi {}\"}");
    eval_env env = {in, ctx, lookup, vars, random};
    jv *r = intrinsic_eval(f, &env, "value.$", err);
    char *s = r ? jv_dump_string(r, 0) : NULL;
    jv_unref(r);
    jv_unref(in);
    jv_unref(ctx);
    jv_unref(vars);
    intrinsic_free(f);
    return s;
}

/* The call as a one-line test name (TAP names cannot hold newlines). */
static const char *name_of(const char *call, char *buf, size_t size)
{
    snprintf(buf, size, "%s", call);
    for (char *p = buf; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return buf;
}

static void ok(const char *input, const char *call, const char *expected)
{
    char name[512];
    asl_error err = ASL_ERROR_INIT;
    rng r;
    rng_seed(&r, 7);
    char *s = run(input, call, &r, &err);
    tap_is_str(s ? s : "(error)", expected, "%s", name_of(call, name, sizeof name));
    if (!s && err.name)
        tap_diag("%s: %s", err.name, err.cause ? err.cause : "");
    free(s);
    asl_error_clear(&err);
}

static void fails(const char *input, const char *call, const char *name, const char *cause)
{
    asl_error err = ASL_ERROR_INIT;
    rng r;
    rng_seed(&r, 7);
    char *s = run(input, call, &r, &err);
    tap_ok(s == NULL, "%s fails", call);
    tap_is_str(err.name ? err.name : "(none)", name, "error of %s", call);
    tap_is_str(err.cause ? err.cause : "(none)", cause, "cause of %s", call);
    free(s);
    asl_error_clear(&err);
}

static void bad(const char *call, size_t position, const char *message)
{
    intrinsic_error err = {0, ""};
    intrinsic *f = intrinsic_compile(call, &err);
    tap_ok(f == NULL, "rejects %s", call);
    tap_is_int((long long)err.position, (long long)position, "error position for %s", call);
    tap_is_str(err.message, message, "message for %s", call);
    intrinsic_free(f);
}

static void test_format(void)
{
    const char *in = "{\"who\":\"Ann\",\"amt\":12.5,\"n\":null,\"i\":3,\"b\":true,\"sp\":\" \","
                     "\"o\":{\"x\":1,\"y\":[true,null],\"z\":{\"s\":\"t\"}},\"l\":[1,\"a\",[]],"
                     "\"t\":\"{} and {}\",\"j\":\"{\\\"k\\\": 1}\"}";
    ok(in, "States.Format('{} owes {}', $.who, $.amt)", "\"Ann owes 12.5\"");
    ok(in, "States.Format('no placeholders')", "\"no placeholders\"");
    ok(in, "States.Format('[{}][{}][{}]', $.n, $.i, $.b)", "\"[null][3][true]\"");
    ok(in, "States.Format('x{}y', $.sp)", "\"x y\"");
    ok(in, "States.Format('{}', $.o)", "\"{x=1, y=[true, null], z={s=t}}\"");
    ok(in, "States.Format('{}', $.l)", "\"[1, a, []]\"");
    ok(in, "States.Format('{}', $.j)", "\"{\\\"k\\\": 1}\"");
    ok(in, "States.Format('\\{\\} {} it\\'s \\\\', $.who)", "\"{} Ann it's \\\\\"");
    ok(in, "States.Format('{ } {x} {}', 1)", "\"{ } {x} 1\"");
    ok(in, "States.Format('{}', '{}')", "\"{}\"");
    ok(in, "States.Format($.t, 1, 'b')", "\"1 and b\"");
    ok(in, "States.Format($greeting, $.who)", "\"Hi Ann\"");
    ok(in, "States.Format('{}{}', $$.StateMachine.Name, $$.Map.Item.Index)", "\"my-machine-name1\"");
    ok(in, "States.Format('a\nb {}', 1)", "\"a\\nb 1\"");
    fails(in, "States.Format('{} {}', $.who)", FAILURE,
          "States.Format: the template has 2 placeholders but 1 argument followed it");
    fails(in, "States.Format('{}', 1, 2)", FAILURE,
          "States.Format: the template has 1 placeholder but 2 arguments followed it");
    fails(in, "States.Format($.i)", FAILURE,
          "States.Format: argument 1 must be a string, but it is a number");
    fails(in, "States.Format('bad \\q {}', 1)", FAILURE,
          "States.Format: argument 1 has an invalid escape at position 19: only \\', \\{, \\} and "
          "\\\\ may follow a backslash");
}

static void test_json(void)
{
    const char *in = "{\"e\":\"\",\"b\":\"  \\n \",\"z\":\"-0\",\"a\":\"[1, 2, \\\"x\\\"]\","
                     "\"o\":{\"k\":[1,{\"q\":\"\\\"\"}]},\"s\":\"str\",\"bad\":\"{nope\"}";
    ok(in, "States.StringToJson($.e)", "null");
    ok(in, "States.StringToJson($.b)", "null");
    ok(in, "States.StringToJson($.z)", "0");
    ok(in, "States.StringToJson($.a)", "[1,2,\"x\"]");
    ok(in, "States.StringToJson('{\"m\": {\"n\": true}}')", "{\"m\":{\"n\":true}}");
    ok(in, "States.StringToJson('\"quoted\"')", "\"quoted\"");
    fails(in, "States.StringToJson($.bad)", FAILURE,
          "States.StringToJson: argument 1 is not valid JSON: Unexpected character ('n' "
          "(code 110)): was expecting double-quote to start field name at 1:2");
    fails(in, "States.StringToJson($.o)", FAILURE,
          "States.StringToJson: argument 1 must be a string, but it is an object");

    ok(in, "States.JsonToString($.o)", "\"{\\\"k\\\":[1,{\\\"q\\\":\\\"\\\\\\\"\\\"}]}\"");
    ok(in, "States.JsonToString($.s)", "\"\\\"str\\\"\"");
    ok(in, "States.JsonToString(null)", "\"null\"");
    ok(in, "States.JsonToString(2.50)", "\"2.5\"");
    ok(in, "States.StringToJson(States.JsonToString($.o))", "{\"k\":[1,{\"q\":\"\\\"\"}]}");

    const char *m = "{\"a\":{\"x\":1,\"y\":{\"d\":1},\"z\":3},\"b\":{\"y\":{\"e\":2},\"w\":4}}";
    ok(m, "States.JsonMerge($.a, $.b, false)", "{\"x\":1,\"y\":{\"e\":2},\"z\":3,\"w\":4}");
    ok(m, "States.JsonMerge($.a, States.StringToJson('{}'), false)", "{\"x\":1,\"y\":{\"d\":1},\"z\":3}");
    ok(m, "States.JsonMerge(States.JsonMerge($.a, $.b, false), $.a, false)",
       "{\"x\":1,\"y\":{\"d\":1},\"z\":3,\"w\":4}");
    fails(m, "States.JsonMerge($.a, $.b, true)", FAILURE,
          "States.JsonMerge: argument 3 must be false: only a shallow merge is supported");
    fails(m, "States.JsonMerge($.a, $.b, 'false')", FAILURE,
          "States.JsonMerge: argument 3 must be the boolean false, but it is a string");
    fails(m, "States.JsonMerge($.a, $.a.x, false)", FAILURE,
          "States.JsonMerge: argument 2 must be an object, but it is a number");
    fails(m, "States.JsonMerge(States.Array(), $.a, false)", FAILURE,
          "States.JsonMerge: argument 1 must be an object, but it is an array");

    /* the inputs are never mutated */
    intrinsic *f = intrinsic_compile("States.JsonMerge($.a, $.b, false)", NULL);
    jv *input = parse(m);
    eval_env env = {input, NULL, NULL, NULL, NULL};
    asl_error err = ASL_ERROR_INIT;
    jv *r = intrinsic_eval(f, &env, "v.$", &err);
    char *s = jv_dump_string(input, 0);
    tap_is_str(s, m, "JsonMerge leaves its input unchanged");
    tap_ok(r && jv_object_get(r, "x") == jv_object_get(jv_object_get(input, "a"), "x"),
           "JsonMerge shares the member values");
    free(s);
    jv_unref(r);
    jv_unref(input);
    intrinsic_free(f);
}

static void test_arrays(void)
{
    const char *in = "{\"l\":[1,2,3,4,5],\"e\":[],\"nested\":[[1,2,3],2],\"o\":{\"k\":1},"
                     "\"s\":\"x\",\"u\":[1,1,\"1\",{\"a\":1,\"b\":2},{\"b\":2,\"a\":1},[1],[1],null,"
                     "null,true,false,true,0,-0,1.5]}";
    ok(in, "States.Array()", "[]");
    ok(in, "States.Array(1, 'two', true, null, $.o, States.Array())",
       "[1,\"two\",true,null,{\"k\":1},[]]");

    ok(in, "States.ArrayPartition($.l, 2)", "[[1,2],[3,4],[5]]");
    ok(in, "States.ArrayPartition($.l, 5)", "[[1,2,3,4,5]]");
    ok(in, "States.ArrayPartition($.l, 9)", "[[1,2,3,4,5]]");
    ok(in, "States.ArrayPartition($.l, 1)", "[[1],[2],[3],[4],[5]]");
    ok(in, "States.ArrayPartition($.e, 3)", "[]");
    ok(in, "States.ArrayPartition($.l, 2.0)", "[[1,2],[3,4],[5]]");
    fails(in, "States.ArrayPartition($.l, 0)", FAILURE,
          "States.ArrayPartition: argument 2 (the chunk size) must be a positive integer, but it is 0");
    fails(in, "States.ArrayPartition($.l, -2)", FAILURE,
          "States.ArrayPartition: argument 2 (the chunk size) must be a positive integer, but it is -2");
    fails(in, "States.ArrayPartition($.l, 1.5)", FAILURE,
          "States.ArrayPartition: argument 2 must be an integer, but it is 1.5");
    fails(in, "States.ArrayPartition($.o, 1)", FAILURE,
          "States.ArrayPartition: argument 1 must be an array, but it is an object");
    fails(in, "States.ArrayPartition($.l, '2')", FAILURE,
          "States.ArrayPartition: argument 2 must be an integer, but it is a string");
    fails(in, "States.ArrayPartition($.l, 3000000000)", FAILURE,
          "States.ArrayPartition: argument 2 (3000000000) is outside the integer range "
          "-2147483648..2147483647");

    ok(in, "States.ArrayContains($.l, 3)", "true");
    ok(in, "States.ArrayContains($.l, 6)", "false");
    ok(in, "States.ArrayContains($.nested, States.Array(1, 2, 3))", "true");
    ok(in, "States.ArrayContains($.nested, States.Array(1, 2))", "false");
    ok(in, "States.ArrayContains($.u, $.o)", "false");
    ok(in, "States.ArrayContains($.u, States.StringToJson('{\"b\":2,\"a\":1}'))", "true");
    ok(in, "States.ArrayContains($.e, null)", "false");
    ok(in, "States.ArrayContains($.e, $.e)", "false");
    fails(in, "States.ArrayContains($.s, 'x')", FAILURE,
          "States.ArrayContains: argument 1 must be an array, but it is a string");

    ok(in, "States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]");
    ok(in, "States.ArrayRange(0, 10, 3)", "[0,3,6,9]");
    ok(in, "States.ArrayRange(1, 1, 5)", "[1]");
    ok(in, "States.ArrayRange(5, 1, -2)", "[5,3,1]");
    ok(in, "States.ArrayRange(1, 5, -1)", "[]");
    ok(in, "States.ArrayRange(-3, 0, 1)", "[-3,-2,-1,0]");
    ok(in, "States.ArrayLength(States.ArrayRange(1, 1000, 1))", "1000");
    ok(in, "States.ArrayLength(States.ArrayRange(-2147483648, 2147483647, 4294968))", "1000");
    fails(in, "States.ArrayRange(0, 1000, 1)", FAILURE,
          "States.ArrayRange: the range would have 1001 items, more than the maximum of 1000");
    fails(in, "States.ArrayRange(-2147483648, 2147483647, 1)", FAILURE,
          "States.ArrayRange: the range would have 4294967296 items, more than the maximum of 1000");
    fails(in, "States.ArrayRange(1, 9, 0)", FAILURE, "States.ArrayRange: argument 3 (the step) must not be 0");
    fails(in, "States.ArrayRange(1.5, 9, 1)", FAILURE,
          "States.ArrayRange: argument 1 must be an integer, but it is 1.5");
    fails(in, "States.ArrayRange(1, $.s, 1)", FAILURE,
          "States.ArrayRange: argument 2 must be an integer, but it is a string");

    ok(in, "States.ArrayGetItem($.l, 0)", "1");
    ok(in, "States.ArrayGetItem($.l, 4)", "5");
    ok(in, "States.ArrayGetItem($.nested, 0)", "[1,2,3]");
    fails(in, "States.ArrayGetItem($.l, 5)", FAILURE,
          "States.ArrayGetItem: argument 2 (the index) is 5, outside the array of 5 items");
    fails(in, "States.ArrayGetItem($.l, -1)", FAILURE,
          "States.ArrayGetItem: argument 2 (the index) is -1, outside the array of 5 items");
    fails(in, "States.ArrayGetItem($.e, 0)", FAILURE,
          "States.ArrayGetItem: argument 2 (the index) is 0, outside the array of 0 items");
    fails(in, "States.ArrayGetItem($.l, 0.5)", FAILURE,
          "States.ArrayGetItem: argument 2 must be an integer, but it is 0.5");
    fails(in, "States.ArrayGetItem($.o, 0)", FAILURE,
          "States.ArrayGetItem: argument 1 must be an array, but it is an object");

    ok(in, "States.ArrayLength($.l)", "5");
    ok(in, "States.ArrayLength($.e)", "0");
    ok(in, "States.ArrayLength($.u)", "15");
    fails(in, "States.ArrayLength($.s)", FAILURE,
          "States.ArrayLength: argument 1 must be an array, but it is a string");

    ok(in, "States.ArrayUnique($.u)", "[1,\"1\",{\"a\":1,\"b\":2},[1],null,true,false,0,1.5]");
    ok(in, "States.ArrayUnique($.e)", "[]");
    ok(in, "States.ArrayUnique($.l)", "[1,2,3,4,5]");
    fails(in, "States.ArrayUnique(null)", FAILURE,
          "States.ArrayUnique: argument 1 must be an array, but it is null");

    /* ArrayUnique stays linear on a large array */
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"big\":[");
    for (int i = 0; i < 50000; i++)
        strbuf_printf(&sb, "%s{\"v\":%d}", i ? "," : "", i % 25000);
    strbuf_puts(&sb, "]}");
    clock_t t0 = clock();
    asl_error err = ASL_ERROR_INIT;
    char *s = run(strbuf_str(&sb), "States.ArrayLength(States.ArrayUnique($.big))", NULL, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    tap_is_str(s ? s : "(error)", "25000", "ArrayUnique of 50,000 items");
    tap_ok(secs < 5, "ArrayUnique of 50,000 items is fast (%.2fs)", secs);
    free(s);
    strbuf_cleanup(&sb);
}

static void test_encoding(void)
{
    const char *in = "{\"d\":\"Data to encode\",\"u\":\"h\xc3\xa9llo w\xc3\xb6rld\",\"e\":\"\",\"n\":1}";
    ok(in, "States.Base64Encode($.d)", "\"RGF0YSB0byBlbmNvZGU=\"");
    ok(in, "States.Base64Encode($.u)", "\"aMOpbGxvIHfDtnJsZA==\"");
    ok(in, "States.Base64Encode($.e)", "\"\"");
    ok(in, "States.Base64Encode('ab')", "\"YWI=\"");
    ok(in, "States.Base64Encode('abc')", "\"YWJj\"");
    ok(in, "States.Base64Decode('aMOpbGxvIHfDtnJsZA==')", "\"h\xc3\xa9llo w\xc3\xb6rld\"");
    ok(in, "States.Base64Decode('YWI')", "\"ab\"");
    ok(in, "States.Base64Decode('YWJj')", "\"abc\"");
    ok(in, "States.Base64Decode($.e)", "\"\"");
    ok(in, "States.Base64Decode('/w==')", "\"\xef\xbf\xbd\"");
    ok(in, "States.Base64Decode(States.Base64Encode($.u))", "\"h\xc3\xa9llo w\xc3\xb6rld\"");
    fails(in, "States.Base64Decode('YW$j')", FAILURE,
          "States.Base64Decode: argument 1 is not valid Base64 (at character 3)");
    fails(in, "States.Base64Decode('YWJjZ')", FAILURE,
          "States.Base64Decode: argument 1 is not valid Base64 (at character 5)");
    fails(in, "States.Base64Decode('YW=')", FAILURE,
          "States.Base64Decode: argument 1 is not valid Base64 (at character 3)");
    fails(in, "States.Base64Decode('YW Jj')", FAILURE,
          "States.Base64Decode: argument 1 is not valid Base64 (at character 3)");
    fails(in, "States.Base64Decode('YW Jj==')", FAILURE,   /* the first fault in reading order */
          "States.Base64Decode: argument 1 is not valid Base64 (at character 3)");
    fails(in, "States.Base64Encode($.n)", FAILURE,
          "States.Base64Encode: argument 1 must be a string, but it is a number");

    /* 10,000 characters (Java counts UTF-16 units) is the limit for both */
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"ok\":\"");
    for (int i = 0; i < 9999; i++)
        strbuf_putc(&sb, 'a');
    strbuf_puts(&sb, "\xc3\xa9\",\"long\":\"");
    for (int i = 0; i < 10001; i++)
        strbuf_putc(&sb, 'a');
    strbuf_puts(&sb, "\",\"astral\":\"");
    for (int i = 0; i < 5001; i++)
        strbuf_puts(&sb, "\xf0\x9f\x98\x80");
    strbuf_puts(&sb, "\"}");
    asl_error err = ASL_ERROR_INIT;
    char *s = run(strbuf_str(&sb), "States.Hash($.ok, 'MD5')", NULL, &err);
    tap_ok(s != NULL, "Hash of exactly 10,000 characters works");
    free(s);
    const char *doc = strbuf_str(&sb);
    fails(doc, "States.Base64Encode($.long)", FAILURE,
          "States.Base64Encode: argument 1 has 10001 characters, more than the maximum of 10000");
    fails(doc, "States.Base64Decode($.long)", FAILURE,
          "States.Base64Decode: argument 1 has 10001 characters, more than the maximum of 10000");
    fails(doc, "States.Hash($.long, 'SHA-1')", FAILURE,
          "States.Hash: argument 1 has 10001 characters, more than the maximum of 10000");
    fails(doc, "States.Hash($.astral, 'SHA-1')", FAILURE,
          "States.Hash: argument 1 has 10002 characters, more than the maximum of 10000");
    strbuf_cleanup(&sb);
}

static void test_hash(void)
{
    const char *in = "{\"u\":\"h\xc3\xa9llo w\xc3\xb6rld\",\"alg\":\"SHA-256\"}";
    ok(in, "States.Hash($.u, 'MD5')", "\"ed0c22cc110ede12327851863c078138\"");
    ok(in, "States.Hash($.u, 'SHA-1')", "\"24e9f5c07847ff8a2a9fa77456655792f5bc7f9f\"");
    ok(in, "States.Hash($.u, $.alg)",
       "\"a1003f7d04a4115711d0b48a2eaf1359ce565d2d2a6fd65098dfcffadeeef59f\"");
    ok(in, "States.Hash($.u, 'SHA-384')",
       "\"0ae7fb364d4a1c32722e35dd2abe2eba049d63883e63b30cf1c510a6923c49676f41d1b6765c7c63a15f8c3"
       "69289a313\"");
    ok(in, "States.Hash($.u, 'SHA-512')",
       "\"aacc881944f9ae7084649c91609b436444d66f289fca3bc4214e465e99f256efa8a8dc447e41660087c1081"
       "e4718419a94eee3d6b536b46bb764cdd7f747fe38\"");
    ok(in, "States.Hash('', 'MD5')", "\"d41d8cd98f00b204e9800998ecf8427e\"");
    fails(in, "States.Hash($.u, 'sha-256')", FAILURE,
          "States.Hash: argument 2 (the algorithm) is 'sha-256'; it must be one of MD5, SHA-1, "
          "SHA-256, SHA-384, SHA-512");
    fails(in, "States.Hash($.u, 'SHA256')", FAILURE,
          "States.Hash: argument 2 (the algorithm) is 'SHA256'; it must be one of MD5, SHA-1, "
          "SHA-256, SHA-384, SHA-512");
    fails(in, "States.Hash(1, 'MD5')", FAILURE, "States.Hash: argument 1 must be a string, but it is a number");
    fails(in, "States.Hash($.u, null)", FAILURE, "States.Hash: argument 2 must be a string, but it is null");
}

static void test_math(void)
{
    const char *in = "{\"a\":-9,\"b\":3}";
    ok(in, "States.MathAdd($.a, $.b)", "-6");
    ok(in, "States.MathAdd(2.5, 0)", "3");
    ok(in, "States.MathAdd(-2.5, 0)", "-2");
    ok(in, "States.MathAdd(3.5, 0)", "4");
    ok(in, "States.MathAdd(-3.5, 0)", "-3");
    ok(in, "States.MathAdd(1.4, 1.6)", "3");
    ok(in, "States.MathAdd(-1.51, 0)", "-2");
    ok(in, "States.MathAdd(1.49, -1.49)", "0");
    ok(in, "States.MathAdd(2147483646, 1)", "2147483647");
    ok(in, "States.MathAdd(-2147483648, 0)", "-2147483648");
    ok(in, "States.MathAdd($n, -1)", "4");
    fails(in, "States.MathAdd(2147483647, 1)", FAILURE,
          "States.MathAdd: the sum 2147483648 is outside the integer range -2147483648..2147483647");
    fails(in, "States.MathAdd(2147483648, 0)", FAILURE,
          "States.MathAdd: argument 1 (2147483648) is outside the integer range -2147483648..2147483647");
    fails(in, "States.MathAdd(1, '2')", FAILURE, "States.MathAdd: argument 2 must be a number, but it is a string");

    /* seeded: java.util.Random(seed).nextInt(end - start) + start */
    ok(in, "States.MathRandom(0, 10, 42)", "0");
    ok(in, "States.MathRandom(0, 100, 42)", "30");
    ok(in, "States.MathRandom(5, 105, 42)", "35");
    ok(in, "States.MathRandom(0, 16, 42)", "11");
    ok(in, "States.MathRandom(0.4, 10.4, 42)", "0");
    fails(in, "States.MathRandom(5, 5)", FAILURE,
          "States.MathRandom: argument 1 (the start, 5) must be less than argument 2 (the end, 5)");
    fails(in, "States.MathRandom(1, 'x')", FAILURE,
          "States.MathRandom: argument 2 must be a number, but it is a string");
    fails(in, "States.MathRandom(1, 5, 'x')", FAILURE,
          "States.MathRandom: argument 3 must be a number (the seed), but it is a string");

    /* unseeded: from the execution's generator, deterministic under a seed */
    bool in_range = true, varied = false;
    char first[32] = "";
    rng r1, r2;
    rng_seed(&r1, 99);
    rng_seed(&r2, 99);
    for (int i = 0; i < 200; i++) {
        asl_error err = ASL_ERROR_INIT;
        char *s1 = run(in, "States.MathRandom(-5, 5)", &r1, &err);
        char *s2 = run(in, "States.MathRandom(-5, 5)", &r2, &err);
        long v = s1 ? strtol(s1, NULL, 10) : 99;
        in_range = in_range && s1 && v >= -5 && v < 5 && s2 && strcmp(s1, s2) == 0;
        if (i == 0 && s1)
            snprintf(first, sizeof first, "%s", s1);
        else if (s1 && strcmp(first, s1) != 0)
            varied = true;
        free(s1);
        free(s2);
    }
    tap_ok(in_range, "MathRandom(-5, 5) stays in [-5, 5) and repeats under the same seed");
    tap_ok(varied, "MathRandom varies from call to call");
    asl_error err = ASL_ERROR_INIT;
    char *s = run(in, "States.MathRandom(1, 5)", NULL, &err);
    tap_ok(s == NULL && err.name && strcmp(err.name, FAILURE) == 0, "MathRandom without a generator fails");
    free(s);
    asl_error_clear(&err);
}

static void test_strings(void)
{
    const char *in = "{\"s\":\"This.is+a,test=string\",\"d\":\".+,=\"}";
    ok(in, "States.StringSplit($.s, $.d)", "[\"This\",\"is\",\"a\",\"test\",\"string\"]");
    ok(in, "States.StringSplit('1,2,3', ',')", "[\"1\",\"2\",\"3\"]");
    ok(in, "States.StringSplit(',,a,,b,', ',')", "[\"a\",\"b\"]");
    ok(in, "States.StringSplit(', , ,', ',')", "[\" \",\" \"]");
    ok(in, "States.StringSplit(',,,', ',')", "[]");
    ok(in, "States.StringSplit('', ',')", "[]");
    ok(in, "States.StringSplit('abc', '')", "[\"abc\"]");
    ok(in, "States.StringSplit('one two\nthree', ' \n')", "[\"one\",\"two\",\"three\"]");
    ok(in, "States.StringSplit('a\xe2\x86\x92" "b\xe2\x86\x92" "c', '\xe2\x86\x92')", "[\"a\",\"b\",\"c\"]");
    ok(in, "States.StringSplit('x\xc3\xa9y', '\xc3\xa8')", "[\"x\xc3\xa9y\"]");
    ok(in, "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 1)", "\"machine\"");
    fails(in, "States.StringSplit($.s, 1)", FAILURE,
          "States.StringSplit: argument 2 must be a string, but it is a number");

    /* UUID: v4 shape, reproducible under a seed */
    rng r1, r2;
    rng_seed(&r1, 5);
    rng_seed(&r2, 5);
    asl_error err = ASL_ERROR_INIT;
    char *u1 = run("{}", "States.UUID()", &r1, &err);
    char *u2 = run("{}", "States.UUID()", &r2, &err);
    char *u3 = run("{}", "States.UUID()", &r2, &err);
    tap_ok(u1 && strlen(u1) == 38 && u1[15] == '4' && strchr("89ab", u1[20]), "UUID is a v4 UUID: %s",
           u1 ? u1 : "(none)");
    tap_ok(u1 && u2 && strcmp(u1, u2) == 0, "UUID repeats under the same seed");
    tap_ok(u2 && u3 && strcmp(u2, u3) != 0, "successive UUIDs differ");
    free(u1);
    free(u2);
    free(u3);
    char *u4 = run("{}", "States.UUID()", NULL, &err);
    tap_ok(u4 == NULL && err.name && strcmp(err.name, FAILURE) == 0, "UUID without a generator fails");
    free(u4);
    asl_error_clear(&err);
}

static void test_paths_in_args(void)
{
    const char *in = "{\"l\":[{\"a\":1},{\"a\":2},{\"a\":3}],\"k\":{\"x,y\":4}}";
    ok(in, "States.ArrayLength($.l[?(@.a in [1, 2])])", "2");
    ok(in, "States.Array($.k['x,y'], $.l[0].a)", "[4,1]");
    ok(in, "States.ArrayLength($.l[*].a)", "3");
    ok(in, "States.Array( $.l[0].a ,  2 )", "[1,2]");
    fails(in, "States.ArrayLength($.nope)", "States.Runtime",
          "The JSONPath '$.nope' specified for the field 'value.$' could not be found in the input "
          "'{\"l\":[{\"a\":1},{\"a\":2},{\"a\":3}],\"k\":{\"x,y\":4}}'");
    fails(in, "States.Format('{}', $$.Nope)", "States.Runtime",
          "The JSONPath '$$.Nope' specified for the field 'value.$' could not be found in the input "
          "'{\"StateMachine\":{\"Name\":\"my-machine-name\"},\"Map\":{\"Item\":{\"Index\":1}}}'");
}

static void test_parser(void)
{
    tap_ok(intrinsic_looks_like_call("States.Format('x')"), "looks like a call: Format");
    tap_ok(intrinsic_looks_like_call("States.UUID()"), "looks like a call: UUID");
    tap_ok(intrinsic_looks_like_call("States.Nope(1)"), "looks like a call: unknown name");
    tap_ok(!intrinsic_looks_like_call("$.States"), "a path is not a call");
    tap_ok(!intrinsic_looks_like_call("States.Format"), "no parenthesis: not a call");
    tap_ok(!intrinsic_looks_like_call("States.('x')"), "no name: not a call");
    tap_ok(!intrinsic_looks_like_call(" States.UUID()"), "leading blank: not a call");
    tap_ok(!intrinsic_looks_like_call(NULL), "NULL: not a call");

    const char *ten = "States.Array(States.Array(States.Array(States.Array(States.Array("
                      "States.Array(States.Array(States.Array(States.Array(States.Array())))))))))";
    ok("{}", ten, "[[[[[[[[[[]]]]]]]]]]");
    bad("States.Array(States.Array(States.Array(States.Array(States.Array(States.Array("
        "States.Array(States.Array(States.Array(States.Array(States.Array()))))))))))",
        130, "more than 10 intrinsic function calls in one field (position 130)");
    bad("States.Array(1, 2, States.Array(), States.Array(), States.Array(), States.Array(), "
        "States.Array(), States.Array(), States.Array(), States.Array(), States.Array(), "
        "States.Array())",
        163, "more than 10 intrinsic function calls in one field (position 163)");

    bad("States.Nope(1)", 0, "unknown intrinsic function 'States.Nope' at position 0");
    bad("States.format('x')", 0, "unknown intrinsic function 'States.format' at position 0");
    bad("States.Array(States.Nope())", 13, "unknown intrinsic function 'States.Nope' at position 13");
    bad("States.UUID(1)", 0, "States.UUID takes 0 arguments but 1 was given (position 0)");
    bad("States.ArrayGetItem($.a)", 0,
        "States.ArrayGetItem takes 2 arguments but 1 was given (position 0)");
    bad("States.Format()", 0, "States.Format takes at least 1 argument but 0 were given (position 0)");
    bad("States.MathRandom(1)", 0, "States.MathRandom takes 2 to 3 arguments but 1 was given (position 0)");
    bad("States.Array(1, 2", 17, "States.Array: missing ')' at the end of the call");
    bad("States.Array(1 2)", 15, "States.Array: expected ',' or ')' at position 15, found '2'");
    bad("States.Array(1,)", 15, "States.Array: unexpected character ')' at position 15");
    bad("States.Array('abc)", 13, "States.Array: unterminated string starting at position 13");
    bad("States.Array(1.2.3)", 13, "States.Array: invalid number '1.2.3' at position 13");
    bad("States.Array(tru)", 13, "States.Array: unexpected character 't' at position 13");
    bad("States.Array(\"x\")", 13, "States.Array: unexpected character '\"' at position 13");
    bad("States.Array($.a[)", 17,
        "States.Array: invalid path argument at position 17: unexpected character ')' at position 4");
    bad("States.Array()[0]", 14, "States.Array: unexpected text after the call at position 14");
    bad("States.Array() x", 15, "States.Array: unexpected text after the call at position 15");
    bad("States.Format", 0, "not an intrinsic function call: expected States.Name(...)");
    bad("$.x", 0, "not an intrinsic function call: expected States.Name(...)");

    intrinsic *f = intrinsic_compile("States.Format('x')", NULL);
    tap_ok(f && intrinsic_returns_string(f), "Format returns a string");
    intrinsic_free(f);
    static const char *const strings[] = {"States.JsonToString(1)", "States.ArrayGetItem($.a, 0)",
                                          "States.Base64Encode('a')", "States.Base64Decode('YQ==')",
                                          "States.Hash('a', 'MD5')", "States.UUID()"};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        f = intrinsic_compile(strings[i], NULL);
        tap_ok(f && intrinsic_returns_string(f), "%s returns a string", strings[i]);
        intrinsic_free(f);
    }
    static const char *const others[] = {"States.Array()", "States.MathAdd(1, 2)",
                                         "States.StringSplit('a', 'b')", "States.StringToJson('1')"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        f = intrinsic_compile(others[i], NULL);
        tap_ok(f && !intrinsic_returns_string(f), "%s does not return a string", others[i]);
        intrinsic_free(f);
    }

    ok("{}", "States.Array(-1, 1e2, 0.5, true, false, null)", "[-1,100,0.5,true,false,null]");
    ok("{}", "States.Array('it\\'s', '\\\\', '\\{\\}')", "[\"it's\",\"\\\\\",\"{}\"]");
    fails("{}", "States.Array('a\\nb')", FAILURE,
          "States.Array: argument 1 has an invalid escape at position 15: only \\', \\{, \\} and \\\\ "
          "may follow a backslash");
}

/* A NUL byte in a string argument or in the call's own text is a character, not an end. */
static void test_nul(void)
{
    const char *in = "{\"s\":\"x\\u0000y\",\"j\":\"{\\\"k\\\\u0000\\\":1,\\\"k\\\":2}\",\"alg\":\"SHA-1\\u0000x\"}";
    ok(in, "States.JsonToString($.s)", "\"\\\"x\\\\u0000y\\\"\"");
    ok(in, "States.StringToJson($.j)", "{\"k\\u0000\":1,\"k\":2}");
    ok(in, "States.StringSplit($.s, $.s)", "[]");
    ok(in, "States.Base64Encode($.s)", "\"eAB5\"");
    ok(in, "States.Base64Decode('eAB5')", "\"x\\u0000y\"");
    ok(in, "States.Hash($.s, 'MD5')", "\"d0052f619b09de75e087155859875c3e\"");
    ok(in, "States.ArrayContains(States.Array('x'), $.s)", "false");
    ok(in, "States.ArrayUnique(States.Array($.s, 'x', $.s))", "[\"x\\u0000y\",\"x\"]");
    fails(in, "States.Hash($.s, $.alg)", FAILURE,
          "States.Hash: argument 2 (the algorithm) is 'SHA-1'; it must be one of MD5, SHA-1, "
          "SHA-256, SHA-384, SHA-512");

    static const char call[] = "States.Format('<\0{}>', $.s)";
    intrinsic *f = intrinsic_compile_n(call, sizeof call - 1, NULL);
    jv *input = parse(in);
    eval_env env = {input, NULL, NULL, NULL, NULL};
    asl_error err = ASL_ERROR_INIT;
    jv *r = f ? intrinsic_eval(f, &env, "value.$", &err) : NULL;
    char *s = r ? jv_dump_string(r, 0) : NULL;
    tap_is_str(s ? s : "(error)", "\"<\\u0000x\\u0000y>\"", "a NUL in a Format literal");
    free(s);
    jv_unref(r);
    jv_unref(input);
    intrinsic_free(f);
    asl_error_clear(&err);
}

int main(void)
{
    test_format();
    test_json();
    test_arrays();
    test_encoding();
    test_hash();
    test_math();
    test_strings();
    test_paths_in_args();
    test_parser();
    test_nul();
    return tap_done();
}
