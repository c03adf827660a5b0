/*
 * rng.h - a small deterministic PRNG (splitmix64) for the benchmark.
 * Same seed, same sequence on every machine, so workloads and generated
 * traces are reproducible; libc rand() is not portable across libcs.
 */
#ifndef BENCH_RNG_H
#define BENCH_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct rng {
    uint64_t state;
} rng;

static inline uint64_t rng_next(rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]; the modulo bias is irrelevant for benchmark sizes. */
static inline size_t rng_range(rng *r, size_t lo, size_t hi)
{
    return lo + (size_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* True with probability percent/100. */
static inline int rng_chance(rng *r, unsigned percent)
{
    return rng_next(r) % 100 < percent;
}

#endif /* BENCH_RNG_H */
