/* Unit tests: jsonloc (JSON Pointer -> text position, strict syntax check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonloc.h"
#include "tap.h"

/* Expects pointer to resolve to "line:column" in text, or "-" when it must not resolve. */
static void at(jsonloc *l, const char *pointer, const char *want)
{
    size_t off = 0;
    char got[32] = "-";
    if (jsonloc_find(l, pointer, &off)) {
        int line, col;
        jsonloc_position(l, off, &line, &col);
        snprintf(got, sizeof got, "%d:%d", line, col);
    }
    tap_is_str(got, want, "pointer '%s'", pointer);
}

static void test_find(void)
{
    const char *text = "{\n"
                       "  \"a\": {\"b\": [10, {\"c\": 1}, 30]},\n"
                       "  \"x/y\": 1, \"m~n\": 2,\n"
                       "  \"\\u00e9t\\u00e9\": 3, \"q\\\"\": 4,\n"
                       "  \"dup\": 1, \"dup\": 2,\n"
                       "  \"s\": \"{not: [a container]}\"\n"
                       "}";
    jsonloc *l = jsonloc_new(text, strlen(text));
    at(l, "", "1:1");
    at(l, "/a", "2:3");
    at(l, "/a/b", "2:9");
    at(l, "/a/b/0", "2:15");
    at(l, "/a/b/1", "2:19");
    at(l, "/a/b/1/c", "2:20");
    at(l, "/a/b/2", "2:29");
    at(l, "/a/b/3", "-");
    at(l, "/a/b/01", "-");
    at(l, "/a/b/x", "-");
    at(l, "/x~1y", "3:3");
    at(l, "/m~0n", "3:13");
    at(l, "/\xc3\xa9t\xc3\xa9", "4:3");
    at(l, "/q\"", "4:23");
    at(l, "/dup", "5:13"); /* the last duplicate, as in the parsed value */
    at(l, "/s", "6:3");
    at(l, "/s/not", "-");   /* a string is not a container */
    at(l, "/nope", "-");
    at(l, "a", "-");        /* not a pointer */
    /* looking up again uses the index built the first time */
    at(l, "/a/b/1/c", "2:20");
    jsonloc_free(l);

    const char *surrogate = "{\"\\ud83d\\ude00\": 1}";
    l = jsonloc_new(surrogate, strlen(surrogate));
    at(l, "/\xf0\x9f\x98\x80", "1:2");
    jsonloc_free(l);

    l = jsonloc_new("", 0);
    at(l, "", "-");
    jsonloc_free(l);

    const char *broken = "{\"a\": [1, 2";
    l = jsonloc_new(broken, strlen(broken));
    at(l, "/a/1", "1:11");
    at(l, "/a/2", "-");
    jsonloc_free(l);
}

static void syntax(const char *text, const char *want_pos, const char *want_msg)
{
    jsonloc *l = jsonloc_new(text, strlen(text));
    size_t off = 0;
    char msg[256] = "";
    bool ok = jsonloc_check_syntax(text, strlen(text), 1000, &off, msg, sizeof msg);
    char pos[32] = "ok";
    if (!ok) {
        int line, col;
        jsonloc_position(l, off, &line, &col);
        snprintf(pos, sizeof pos, "%d:%d", line, col);
    }
    tap_is_str(pos, want_pos, "syntax position of %s", text);
    if (want_msg)
        tap_is_str(msg, want_msg, "syntax message of %s", text);
    jsonloc_free(l);
}

static void test_syntax(void)
{
    syntax("{\"a\": [1, -2.5e+3, true, false, null, \"\\u00e9\\n\"], \"b\": {}}", "ok", NULL);
    syntax("  [] ", "ok", NULL);
    syntax("{\"a\":1,}", "1:8",
           "Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
    syntax("{\"a\" 1}", "1:6",
           "Unexpected character ('1' (code 49)): was expecting a colon to separate field name "
           "and value");
    syntax("[1 2]", "1:4",
           "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries");
    syntax("{\"a\":1 \"b\":2}", "1:8",
           "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries");
    syntax("{\"a\":tru}", "1:6",
           "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token "
           "'null', 'true' or 'false')");
    syntax("{\"a\":01}", "1:6", "Invalid numeric value: Leading zeroes not allowed");
    syntax("{\"a\":\"x\\q\"}", "1:9", "Unrecognized character escape 'q' (code 113)");
    syntax("\"abc", "1:5", "Unexpected end-of-input: was expecting closing quote for a string value");
    syntax("{\"a\":\n\"b\n\"}", "2:3",
           "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash "
           "to be included in string value");
    syntax("[1,2", "1:5", "Unexpected end-of-input");
    syntax("{} x", "1:4", "Unexpected character ('x' (code 120)): expected end of input");
    syntax("[1,]", "1:4",
           "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, "
           "Array, Object or token 'null', 'true' or 'false')");
    syntax("[-]", "1:3",
           "Unexpected character (']' (code 93)): expected digit (0-9) to follow minus sign, for "
           "valid numeric value");
    syntax("[1.]", "1:4", "Unexpected character (']' (code 93)): Decimal point not followed by a digit");
    syntax("[1e]", "1:4",
           "Unexpected character (']' (code 93)): Exponent indicator not followed by a digit");
    syntax("/* c */ {}", "1:1", NULL);

    /* RFC 8259 text is UTF-8: ill-formed bytes are refused where they are, in strings and
     * out of them; a surrogate escape must come as a pair */
    syntax("{\"a\":\"\xc3\xa9\xf0\x9f\x98\x80\"}", "ok", NULL);
    syntax("{\"a\":\"x\xffy\"}", "1:8", "Invalid UTF-8 start byte 0xff (byte 7)");
    syntax("[\"\xc3\"]", "1:4", "Invalid UTF-8 middle byte 0x22 (byte 3)");
    syntax("[\"\xe0\x80\x80\"]", "1:4", "Invalid UTF-8 middle byte 0x80 (byte 3)"); /* overlong */
    syntax("[\"\xed\xa0\x80\"]", "1:4", "Invalid UTF-8 middle byte 0xa0 (byte 3)"); /* surrogate */
    syntax("[\"\xf4\x90\x80\x80\"]", "1:4", "Invalid UTF-8 middle byte 0x90 (byte 3)");
    syntax("\"\xe2\x82", "1:4",
           "Invalid UTF-8: the input ends inside a multi-byte sequence (byte 3)");
    syntax("[1,\xfe]", "1:4", "Invalid UTF-8 start byte 0xfe (byte 3)");
    syntax("[\"\\ud83d\\ude00\"]", "ok", NULL);
    syntax("[\"a\\ud800\"]", "1:4",
           "Lone surrogate \\ud800: a high surrogate escape must be followed by a low surrogate "
           "escape (\\udc00-\\udfff)");
    syntax("[\"\\ud800\\u0041\"]", "1:3",
           "Lone surrogate \\ud800: a high surrogate escape must be followed by a low surrogate "
           "escape (\\udc00-\\udfff)");
    syntax("[\"\\uDC00\"]", "1:3",
           "Lone surrogate \\udc00: a low surrogate escape must follow a high surrogate "
           "(\\ud800-\\udbff)");
    syntax("[\"\\ud800", "1:3",
           "Lone surrogate \\ud800: a high surrogate escape must be followed by a low surrogate "
           "escape (\\udc00-\\udfff)");
    syntax("[\"\\u12\"]", "1:5", "Unexpected character in a \\u escape: expected a hex-digit");

    char deep[2100];
    memset(deep, '[', 1001);
    memset(deep + 1001, ']', 1001);
    deep[2002] = '\0';
    syntax(deep, "1:1001", "JSON nested deeper than 1000 levels");
    memset(deep, '[', 1000); /* exactly the limit */
    memset(deep + 1000, ']', 1000);
    deep[2000] = '\0';
    syntax(deep, "ok", NULL);
}

int main(void)
{
    test_find();
    test_syntax();
    return tap_done();
}
