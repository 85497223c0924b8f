/* Unit tests: md5 (engine/md5.c) against RFC 1321's test suite (appendix A.5), input fed
 * in pieces of every size (block boundaries), and lengths around the padding's edges
 * checked against the one-shot digest of the same bytes. */
#include <stdio.h>
#include <string.h>

#include "md5.h"
#include "tap.h"

static void hex_of(const char *s, size_t len, char out[33])
{
    md5_hex(s, len, out);
}

static void rfc_suite(void)
{
    static const char *const cases[][2] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
         "d174ab98d277d9f5a5611c2c9f419d9f"},
        {"1234567890123456789012345678901234567890123456789012345678901234567890123456789"
         "0", "57edf4a22be3c955ac49da2e2107b67a"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hex[33];
        hex_of(cases[i][0], strlen(cases[i][0]), hex);
        tap_is_str(hex, cases[i][1], "RFC 1321: MD5 (\"%.20s%s\")", cases[i][0],
                   strlen(cases[i][0]) > 20 ? "..." : "");
    }
}

/* 200 bytes hashed in pieces of size 1..70: the same digest as at once. */
static void pieces(void)
{
    char text[200];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)('!' + (i * 7) % 90);
    char whole[33];
    hex_of(text, sizeof text, whole);
    int bad = 0;
    for (size_t piece = 1; piece <= 70; piece++) {
        md5_ctx c;
        unsigned char d[16];
        char hex[33];
        md5_init(&c);
        for (size_t at = 0; at < sizeof text; at += piece)
            md5_update(&c, text + at, sizeof text - at < piece ? sizeof text - at : piece);
        md5_final(&c, d);
        md5_hex_of(d, hex);
        bad += strcmp(hex, whole) != 0;
    }
    tap_is_int(bad, 0, "200 bytes in pieces of 1 to 70 bytes: the digest of the whole");
    /* 55, 56, 63, 64, 65 bytes: the padding fits in the block, or needs another */
    static const char *const edges[][2] = {
        {"55", "ef1772b6dff9a122358552954ad0df65"},
        {"56", "3b0c8ac703f828b04c6c197006d17218"},
        {"64", "014842d480b571495a4a0363793f7367"},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        size_t n = (size_t)(edges[i][0][0] - '0') * 10 + (size_t)(edges[i][0][1] - '0');
        char a[64], hex[33];
        memset(a, 'a', n);
        hex_of(a, n, hex);
        tap_is_str(hex, edges[i][1], "%zu times 'a'", n);
    }
}

int main(void)
{
    rfc_suite();
    pieces();
    return tap_done();
}
