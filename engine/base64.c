/* base64 — Base64 through OpenSSL's block coder, in AWS's and JSONata's dialects. See base64.h. */
#include "base64.h"

#include <openssl/evp.h>

/* Text characters handed to OpenSSL at a time (a multiple of 4, so only the last call sees
 * padding), and the bytes that encode to that many. */
#define BASE64_CHUNK_CHARS 4096
#define BASE64_CHUNK_BYTES (BASE64_CHUNK_CHARS / 4 * 3)

size_t base64_encode(const void *data, size_t n, base64_alphabet alphabet, char *out)
{
    const unsigned char *in = data;
    size_t len = 0;
    for (size_t i = 0; i < n; i += BASE64_CHUNK_BYTES) {
        size_t take = n - i < BASE64_CHUNK_BYTES ? n - i : BASE64_CHUNK_BYTES;
        len += (size_t)EVP_EncodeBlock((unsigned char *)out + len, in + i, (int)take);
    }
    out[len] = '\0';
    if (alphabet == BASE64_ALPHABET_URL)
        for (size_t i = 0; i < len; i++)
            out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
    return len;
}

/* ---- decoding: canonical text gathered in chunks, then decoded by OpenSSL ---- */

typedef struct {
    char text[BASE64_CHUNK_CHARS];
    size_t n;               /* characters waiting in text */
    size_t total;           /* characters taken so far */
    unsigned char *out;
    size_t out_len;
} base64_sink;

static bool base64_in_alphabet(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
}

/* Decodes the waiting text: whole groups of canonical Base64, which OpenSSL cannot refuse. */
static void base64_sink_flush(base64_sink *k)
{
    if (!k->n)
        return;
    int got = EVP_DecodeBlock(k->out + k->out_len, (const unsigned char *)k->text, (int)k->n);
    k->out_len += got > 0 ? (size_t)got : 0;
    k->n = 0;
}

static void base64_sink_put(base64_sink *k, char c)
{
    k->text[k->n++] = c;
    k->total++;
    if (k->n == sizeof k->text)
        base64_sink_flush(k);
}

/* Pads the last group (2 or 3 characters; never 1), decodes it and drops the zero bytes
 * OpenSSL returns for the padding. */
static size_t base64_sink_finish(base64_sink *k)
{
    size_t pad = k->n % 4 ? 4 - k->n % 4 : 0;
    for (size_t i = 0; i < pad; i++)
        k->text[k->n++] = '=';
    base64_sink_flush(k);
    return k->out_len - pad;
}

/* Java's basic decoder: every character from the alphabet but up to two '=' at the end,
 * and those only with the length a multiple of 4; no group of a single character. The
 * first fault in reading order is reported. */
static bool base64_gather_strict(base64_sink *k, const char *s, size_t len, size_t *bad)
{
    size_t end = len;
    while (end > 0 && s[end - 1] == '=' && len - end < 2)
        end--;
    for (size_t i = 0; i < end; i++) {
        if (!base64_in_alphabet(s[i])) {
            *bad = i;
            return false;
        }
        base64_sink_put(k, s[i]);
    }
    if (end < len && len % 4 != 0) {
        *bad = end;
        return false;
    }
    if (end % 4 == 1) {
        *bad = end - 1;
        return false;
    }
    return true;
}

/* Node's decoder: '-' and '_' as '+' and '/', other characters skipped, '=' ends the data;
 * a lone last character holds no whole byte and is dropped. */
static void base64_gather_lenient(base64_sink *k, const char *s, size_t len)
{
    for (size_t i = 0; i < len && s[i] != '='; i++) {
        char c = s[i] == '-' ? '+' : s[i] == '_' ? '/' : s[i];
        if (base64_in_alphabet(c))
            base64_sink_put(k, c);
    }
    if (k->total % 4 == 1)
        k->n--;
}

bool base64_decode(const char *text, size_t n, base64_dialect dialect, unsigned char *out,
                   size_t *out_len, size_t *bad)
{
    base64_sink k;
    k.n = k.total = k.out_len = 0;
    k.out = out;
    if (dialect == BASE64_STRICT) {
        if (!base64_gather_strict(&k, text, n, bad))
            return false;
    } else {
        base64_gather_lenient(&k, text, n);
    }
    *out_len = base64_sink_finish(&k);
    return true;
}
