/* bench/expect.h: the counting check of bench's own tests (selftest.c,
 * report-test.c): a failed check is printed with its line and counted, and
 * the test goes on, so one run names every check that fails. */
#ifndef BENCH_EXPECT_H
#define BENCH_EXPECT_H

#include <stdio.h>

/* Defined once in each test program (selftest.c, report-test.c), so the
 * checks of all its files are counted together. */
extern int checks, failures;

/* A function, not the macro alone: one place counts. */
static inline int expect_counted(int ok)
{
    checks++;
    failures += !ok;
    return ok;
}

#define EXPECT(cond, ...)                                              \
    do {                                                               \
        if (!expect_counted(!!(cond))) {                               \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);       \
            fprintf(stderr, __VA_ARGS__);                              \
            fputc('\n', stderr);                                       \
        }                                                              \
    } while (0)

#endif
