/* Unit tests: engine/base64 — RFC 4648's vectors, both alphabets, texts longer than one
 * OpenSSL chunk, and the two decoders' dialects (Java's strict one, Node's lenient one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "tap.h"

/* text for a test's name: bytes outside printable ASCII as \xNN, one TAP line per test */
static const char *shown(const char *text)
{
    static char buf[160];
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && k + 5 < sizeof buf; p++) {
        if (*p < 0x20 || *p >= 0x7f)
            k += (size_t)snprintf(buf + k, sizeof buf - k, "\\x%02x", *p);
        else
            buf[k++] = (char)*p;
    }
    buf[k] = '\0';
    return buf;
}

static void encodes(const char *bytes, base64_alphabet alphabet, const char *want)
{
    size_t n = strlen(bytes);
    char out[BASE64_ENCODED_SIZE(64)];
    size_t len = base64_encode(bytes, n, alphabet, out);
    tap_is_str(out, want, "\"%s\" encodes as %s", shown(bytes), want);
    tap_is_int((long long)len, (long long)strlen(want), "  and its length is returned");
}

/* Decodes text in dialect d; the bytes as a string, or "!N" for a refusal at offset N. */
static void decodes(const char *text, base64_dialect d, const char *want)
{
    unsigned char out[BASE64_DECODED_MAX(64) + 1];
    size_t n = 0, bad = 0;
    char got[80];
    if (base64_decode(text, strlen(text), d, out, &n, &bad)) {
        memcpy(got, out, n);
        got[n] = '\0';
    } else {
        snprintf(got, sizeof got, "!%zu", bad);
    }
    char want_shown[160];
    snprintf(want_shown, sizeof want_shown, "%s", shown(want));
    tap_is_str(got, want, "%s \"%s\" decodes as %s", d == BASE64_STRICT ? "strict" : "lenient",
               shown(text), want_shown);
}

static void test_encode(void)
{
    static const char *const rfc[][2] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (size_t i = 0; i < sizeof rfc / sizeof rfc[0]; i++)
        encodes(rfc[i][0], BASE64_ALPHABET_STANDARD, rfc[i][1]);
    encodes("\xfb\xff\xfe", BASE64_ALPHABET_STANDARD, "+//+");
    encodes("\xfb\xff\xfe", BASE64_ALPHABET_URL, "-__-");
}

static void test_decode_strict(void)
{
    decodes("Zm9vYmFy", BASE64_STRICT, "foobar");
    decodes("Zm9vYg==", BASE64_STRICT, "foob");
    decodes("Zm9vYg", BASE64_STRICT, "foob");          /* padding is optional ... */
    decodes("Zm9vYmE", BASE64_STRICT, "fooba");
    decodes("Zm9vYg=", BASE64_STRICT, "!6");           /* ... but complete when present */
    decodes("Zm9vY", BASE64_STRICT, "!4");             /* one character holds no byte */
    decodes("Zm9v=Yg=", BASE64_STRICT, "!4");          /* '=' only at the end */
    decodes("Zm9v Yg==", BASE64_STRICT, "!4");         /* no white space */
    decodes(" Zm9v", BASE64_STRICT, "!0");
    decodes("Zm9vYg==\n", BASE64_STRICT, "!6");
    decodes("-_8=", BASE64_STRICT, "!0");              /* no URL alphabet */
    decodes("", BASE64_STRICT, "");
}

static void test_decode_lenient(void)
{
    decodes("Zm9vYmFy", BASE64_LENIENT, "foobar");
    decodes("Zm9v\nYm Fy\t", BASE64_LENIENT, "foobar"); /* white space skipped */
    decodes("Zm9v*Yg!", BASE64_LENIENT, "foob");        /* so is anything else */
    decodes("Zm9vYg", BASE64_LENIENT, "foob");
    decodes("Zm8=Zm8=", BASE64_LENIENT, "fo");          /* the first '=' ends the data */
    decodes("Zm9vY", BASE64_LENIENT, "foo");            /* a lone last character is dropped */
    decodes("-_-_", BASE64_LENIENT, "\xfb\xff\xbf");   /* the URL alphabet too */
    decodes("+/+/", BASE64_LENIENT, "\xfb\xff\xbf");
    decodes("=", BASE64_LENIENT, "");
}

/* Longer than one OpenSSL chunk (4,096 characters), with the group cut at the seam. */
static void test_long(void)
{
    size_t n = 10000;
    unsigned char *bytes = malloc(n);
    for (size_t i = 0; i < n; i++)
        bytes[i] = (unsigned char)(i * 7 + i / 251);
    char *text = malloc(BASE64_ENCODED_SIZE(n));
    size_t len = base64_encode(bytes, n, BASE64_ALPHABET_STANDARD, text);
    tap_is_int((long long)len, 13336, "10,000 bytes encode as 13,336 characters");
    tap_ok(text[len - 1] == '=' && text[len - 2] == '=' && strchr(text, '=') == text + len - 2,
           "with padding only at the very end");
    unsigned char *back = malloc(BASE64_DECODED_MAX(len));
    size_t got = 0, bad = 0;
    tap_ok(base64_decode(text, len, BASE64_STRICT, back, &got, &bad) && got == n &&
               memcmp(back, bytes, n) == 0, "strict decoding gives them back");

    /* the same text with a space after every 10th character: lenient skips them all */
    char *spaced = malloc(len + len / 10 + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        spaced[k++] = text[i];
        if (i % 10 == 9)
            spaced[k++] = ' ';
    }
    memset(back, 0, BASE64_DECODED_MAX(len));
    base64_decode(spaced, k, BASE64_LENIENT, back, &got, &bad);
    tap_ok(got == n && memcmp(back, bytes, n) == 0, "lenient decoding skips the spaces");
    free(spaced);
    free(back);
    free(text);
    free(bytes);
}

int main(void)
{
    test_encode();
    test_decode_strict();
    test_decode_lenient();
    test_long();
    return tap_done();
}
