/*
 * rng — the engine's deterministic random numbers (xoshiro256**, seeded by splitmix64).
 * One generator lives in each execution; under --seed every UUID and random number an
 * execution produces is reproducible. Without a seed the execution seeds from the OS.
 * Workflows can observe this stream (its state follows from a few outputs), so task tokens
 * never come from it (tokengen.h).
 * A plain value type: copy it to snapshot the stream (time travel relies on this).
 */
#ifndef SFDBG_RNG_H
#define SFDBG_RNG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct rng_state {
    uint64_t s[4];
} rng;

void rng_seed(rng *r, uint64_t seed);
/* Seeds from the operating system (getrandom / /dev/urandom); false if unavailable. */
bool rng_seed_os(rng *r);
uint64_t rng_next(rng *r);
/* Uniform in [0, 1). */
double rng_double(rng *r);
/* Uniform in [0, n) without modulo bias; n > 0. */
uint64_t rng_below(rng *r, uint64_t n);
/* Writes a v4 UUID ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx") into out[37]. */
void rng_uuid(rng *r, char out[37]);

#endif
