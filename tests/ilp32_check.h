/*
 * ilp32_check.h - the check macro of the 32-bit test programs (make
 * check-m32): Criterion has no i386 package, so they are plain programs
 * whose failed checks print their line, and whose exit status is 1 if any
 * failed (main returns failed != 0).
 */
#ifndef HALLOC_ILP32_CHECK_H
#define HALLOC_ILP32_CHECK_H

#include <stdio.h>

static int failed, passed;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (cond) {                                                          \
            passed++;                                                        \
        } else {                                                             \
            failed++;                                                        \
            printf("FAIL %s:%d: [%s] ", __FILE__, __LINE__, #cond);          \
            printf(__VA_ARGS__);                                             \
            printf("\n");                                                    \
        }                                                                    \
    } while (0)

#endif /* HALLOC_ILP32_CHECK_H */
