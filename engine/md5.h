/*
 * md5 — MD5 (RFC 1321), for the digests AWS's answers carry: S3's ETag, SQS's
 * MD5OfMessageBody and MD5OfMessageAttributes. Not for security. Written here rather than
 * taken from libcrypto: EVP's per-digest context allocation and algorithm lookup (locks,
 * name comparisons) cost more than hashing a message, and a local SQS send hashes one per
 * task. No allocation; the context lives where the caller puts it.
 */
#ifndef SFDBG_MD5_H
#define SFDBG_MD5_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[4];
    uint64_t length;          /* bytes hashed so far */
    unsigned char block[64];  /* the partial block */
} md5_ctx;

void md5_init(md5_ctx *c);
void md5_update(md5_ctx *c, const void *data, size_t len);
void md5_final(md5_ctx *c, unsigned char digest[16]);
/* The digest as 32 lower-case hex digits and a NUL. */
void md5_hex_of(const unsigned char digest[16], char out[33]);
/* The MD5 of data, as hex, at once. */
void md5_hex(const void *data, size_t len, char out[33]);

#endif
