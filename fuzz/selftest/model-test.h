/*
 * model-test.h - what the harness's model tests (index-test.c,
 * map-table-test.c) share: a seeded xorshift draw, so a failing run replays
 * the same ops, and EXPECT, which counts its checks (each test prints the
 * count, so a run that checked nothing shows it) and stops at the first that
 * fails, naming the test and the line. A test defines MODEL_TEST_NAME and
 * MODEL_TEST_SEED before including it.
 */
#ifndef FUZZ_MODEL_TEST_H
#define FUZZ_MODEL_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef MODEL_TEST_NAME
#define MODEL_TEST_NAME "model-test"
#endif
#ifndef MODEL_TEST_SEED
#define MODEL_TEST_SEED 1
#endif

static uint64_t rng = MODEL_TEST_SEED;
static size_t checks;

/* A number in [0, n). */
static inline unsigned below(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static inline void expect_counted(void) { checks++; }

#define EXPECT(cond, ...)                                                         \
    do {                                                                          \
        expect_counted();                                                         \
        if (!(cond)) {                                                            \
            fprintf(stderr, MODEL_TEST_NAME ": FAIL line %d: ", __LINE__);        \
            fprintf(stderr, __VA_ARGS__);                                         \
            fputc('\n', stderr);                                                  \
            exit(1);                                                              \
        }                                                                         \
    } while (0)

#endif /* FUZZ_MODEL_TEST_H */
