/* tokengen — task tokens as HMAC-SHA256(key, counter). See tokengen.h. */
#include "tokengen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base64.h"

#define TOKENGEN_DIGEST_BYTES 32 /* SHA-256 */
/* A token shows the digest's first 240 bits: 30 bytes are 40 characters, with no padding. */
#define TOKENGEN_TOKEN_BYTES (TOKENGEN_TOKEN_CHARS / 4 * 3)

/* Changing the label changes every seeded token: keep it. */
static const char tokengen_seed_label[] = "sfdbg task token key v1";

static void tokengen_fatal(const char *what)
{
    fprintf(stderr, "sfdbg: %s: task tokens cannot be made\n", what);
    abort();
}

static int tokengen_read_urandom(uint8_t *buf, size_t n)
{
    FILE *f = fopen("/dev/urandom", "rb");
    int ok = f && fread(buf, n, 1, f) == 1;
    if (f)
        fclose(f);
    return ok;
}

void tokengen_key_from_os(uint8_t key[TOKENGEN_KEY_BYTES])
{
    ssize_t got;
    do
        got = getrandom(key, TOKENGEN_KEY_BYTES, 0);
    while (got < 0 && errno == EINTR);
    if (got == TOKENGEN_KEY_BYTES)
        return;
    if (!tokengen_read_urandom(key, TOKENGEN_KEY_BYTES))
        tokengen_fatal("the operating system gave no random bytes (getrandom, /dev/urandom)");
}

void tokengen_key_from_seed(uint8_t key[TOKENGEN_KEY_BYTES], uint64_t seed)
{
    size_t label = sizeof tokengen_seed_label - 1; /* the text, not its NUL */
    uint8_t msg[sizeof tokengen_seed_label - 1 + 8];
    memcpy(msg, tokengen_seed_label, label);
    for (int i = 0; i < 8; i++)
        msg[label + i] = (uint8_t)(seed >> (8 * i)); /* little-endian */
    unsigned int len = 0;
    if (!EVP_Digest(msg, sizeof msg, key, &len, EVP_sha256(), NULL) ||
        len != TOKENGEN_KEY_BYTES)
        tokengen_fatal("SHA-256 failed");
}

void tokengen_init(tokengen *g, const uint8_t key[TOKENGEN_KEY_BYTES])
{
    memcpy(g->key, key, TOKENGEN_KEY_BYTES);
    g->counter = 0;
}

void tokengen_next(tokengen *g, char *out, size_t n)
{
    if (!n)
        return;
    uint8_t msg[8], digest[EVP_MAX_MD_SIZE];
    for (int i = 0; i < 8; i++)
        msg[i] = (uint8_t)(g->counter >> (56 - 8 * i));
    g->counter++;
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), g->key, TOKENGEN_KEY_BYTES, msg, sizeof msg, digest, &len) ||
        len != TOKENGEN_DIGEST_BYTES)
        tokengen_fatal("HMAC-SHA256 failed");
    char text[BASE64_ENCODED_SIZE(TOKENGEN_TOKEN_BYTES)];
    base64_encode(digest, TOKENGEN_TOKEN_BYTES, BASE64_ALPHABET_URL, text);
    size_t chars = n - 1 < TOKENGEN_TOKEN_CHARS ? n - 1 : TOKENGEN_TOKEN_CHARS;
    memcpy(out, text, chars);
    out[chars] = '\0';
}
