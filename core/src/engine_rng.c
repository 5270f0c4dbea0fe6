/*
 * engine_rng.c -- randomness enters the engine only through im_rng, so a
 * test can replay a run exactly.  The real one is libsodium's.
 */
#include <sodium.h>

#include "innermost/engine.h"

static uint32_t system_next(void *ctx)
{
    (void)ctx;
    return randombytes_random();
}

im_rng im_rng_system(void)
{
    im_rng r = {system_next, NULL};
    return r;
}

/* splitmix64: tiny, and good enough to pick who speaks first in a test. */
static uint32_t seeded_next(void *ctx)
{
    uint64_t *s = ctx;
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

im_rng im_rng_seeded(uint64_t *state)
{
    im_rng r = {seeded_next, state};
    return r;
}

uint32_t im_rng_below(const im_rng *rng, uint32_t n)
{
    if (n == 0)
        return 0;
    im_rng sys = im_rng_system();
    if (!rng || !rng->next_u32)
        rng = &sys;
    /* reject the top sliver that would bias the modulo */
    uint32_t limit = (uint32_t)(0x100000000ull - (0x100000000ull % n));
    uint32_t x;
    do {
        x = rng->next_u32(rng->ctx);
    } while (limit != 0 && x >= limit);
    return x % n;
}
