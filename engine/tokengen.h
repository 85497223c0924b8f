/*
 * tokengen — task tokens, from a keyed CSPRNG stream of their own.
 *
 * Token n of an execution is HMAC-SHA256(key, n) written as 40 characters of the base64url
 * alphabet (240 bits). The stream shares nothing with the execution's xoshiro stream (rng),
 * so no UUID, execution name or random number a workflow can see tells anything about a
 * token. The key is 256 bits: from the operating system (getrandom), or derived from a
 * --seed, which makes tokens reproducible and therefore predictable by anyone who knows
 * the seed. Replaying an execution with the same key gives the same tokens in order
 * (the debugger's step back relies on this).
 *
 * A plain value type; nothing here allocates.
 */
#ifndef SFDBG_TOKENGEN_H
#define SFDBG_TOKENGEN_H

#include <stddef.h>
#include <stdint.h>

#define TOKENGEN_KEY_BYTES 32
#define TOKENGEN_TOKEN_CHARS 40

typedef struct {
    uint8_t key[TOKENGEN_KEY_BYTES];
    uint64_t counter;   /* tokens issued so far */
} tokengen;

/* 256 bits from getrandom(2) (or /dev/urandom). A system that gives neither cannot make
 * unguessable tokens: the process stops with a message, as it does when out of memory. */
void tokengen_key_from_os(uint8_t key[TOKENGEN_KEY_BYTES]);
/* SHA-256 of a fixed label and the seed: reproducible, so predictable. */
void tokengen_key_from_seed(uint8_t key[TOKENGEN_KEY_BYTES], uint64_t seed);

void tokengen_init(tokengen *g, const uint8_t key[TOKENGEN_KEY_BYTES]);
/* Writes the next token into out: min(n - 1, TOKENGEN_TOKEN_CHARS) characters and a NUL. */
void tokengen_next(tokengen *g, char *out, size_t n);

#endif
