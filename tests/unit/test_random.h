/* Reproducible pseudo-random numbers for tests: the same on every libc, unlike rand(). */
#ifndef TESTS_UNIT_TEST_RANDOM_H
#define TESTS_UNIT_TEST_RANDOM_H

#include <stdint.h>

/* xorshift32: noise for pixels and bytes. */
static inline uint32_t
xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* xorshift64*. */
static inline uint64_t
xorshift64s(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}

/* Uniform in [-1, 1). */
static inline double
random_unit(uint64_t *state)
{
    return (double)(xorshift64s(state) >> 11) / 9007199254740992.0 * 2 - 1;
}

#endif
