/*
 * base64 — Base64 text (RFC 4648) from bytes and back, through OpenSSL's block coder
 * (EVP_EncodeBlock / EVP_DecodeBlock; libcrypto is linked for the hashes and tokens).
 *
 * Encoding always pads with '='. Decoding knows the two readers sfdbg must imitate, which
 * disagree on what they accept:
 *   BASE64_STRICT   Java's Base64.getDecoder(), behind AWS's States.Base64Decode: the
 *                   standard alphabet only, no white space, the padding optional but
 *                   complete when present ("YQ", "YQ==" yes; "YQ=" no).
 *   BASE64_LENIENT  Node's Buffer.from(s, 'base64'), behind JSONata's $base64decode: the
 *                   standard and the URL alphabets, any other character skipped, the
 *                   first '=' ends the data; never an error.
 * EVP_DecodeBlock alone would take neither: it reads '=' anywhere as zero bits, wants a
 * multiple of 4 characters and returns the padding's zero bytes. So each dialect first
 * reduces the text to canonical padded Base64, which OpenSSL then decodes.
 *
 * Callers own every buffer; nothing here allocates.
 */
#ifndef SFDBG_BASE64_H
#define SFDBG_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* Room base64_encode needs for n bytes, its NUL included. */
#define BASE64_ENCODED_SIZE(n) (4 * (((n) + 2) / 3) + 1)
/* Room base64_decode needs for n characters of text. */
#define BASE64_DECODED_MAX(n) (3 * (((n) + 3) / 4))

typedef enum {
    BASE64_ALPHABET_STANDARD,   /* RFC 4648 section 4: '+' and '/' */
    BASE64_ALPHABET_URL,        /* section 5: '-' and '_' */
} base64_alphabet;

typedef enum {
    BASE64_STRICT,
    BASE64_LENIENT,
} base64_dialect;

/* Writes the padded Base64 of data[0..n) and a NUL to out (BASE64_ENCODED_SIZE(n) bytes);
 * returns its length. */
size_t base64_encode(const void *data, size_t n, base64_alphabet alphabet, char *out);

/* Decodes text[0..n) into out (BASE64_DECODED_MAX(n) bytes) and sets *out_len. Returns
 * false when the dialect refuses the text, with *bad the offset of the character at fault. */
bool base64_decode(const char *text, size_t n, base64_dialect dialect, unsigned char *out,
                   size_t *out_len, size_t *bad);

#endif
