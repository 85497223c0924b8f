/* rng — xoshiro256** seeded through splitmix64. */
#include "rng.h"

#include <stdio.h>
#include <sys/random.h>

static uint64_t rng_splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = rng_splitmix(&seed);
}

bool rng_seed_os(rng *r)
{
    uint64_t seed[4];
    if (getrandom(seed, sizeof seed, 0) != (ssize_t)sizeof seed) {
        FILE *f = fopen("/dev/urandom", "rb");
        bool ok = f && fread(seed, sizeof seed, 1, f) == 1;
        if (f)
            fclose(f);
        if (!ok)
            return false;
    }
    for (int i = 0; i < 4; i++)
        r->s[i] = seed[i] ? seed[i] : 0x9e3779b97f4a7c15ULL;
    return true;
}

static uint64_t rng_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    return result;
}

double rng_double(rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

uint64_t rng_below(rng *r, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = rng_next(r);
    while (x >= limit);
    return x % n;
}

void rng_uuid(rng *r, char out[37])
{
    uint64_t hi = rng_next(r), lo = rng_next(r);
    hi = (hi & ~0xf000ULL) | 0x4000ULL;                        /* version 4 */
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; /* variant 10 */
    /* 8-4-4-4-12 lowercase hex digits, written directly (a Map Run makes one per child) */
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    for (int i = 60; i >= 0; i -= 4) {
        *p++ = hex[(hi >> i) & 0xf];
        if (i == 32 || i == 16)
            *p++ = '-';
    }
    *p++ = '-';
    for (int i = 60; i >= 0; i -= 4) {
        *p++ = hex[(lo >> i) & 0xf];
        if (i == 48)
            *p++ = '-';
    }
    *p = '\0';
}
