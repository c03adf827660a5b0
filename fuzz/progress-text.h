/* progress-text.h: the clock and number text of verify-traces' progress
 * lines, kept apart so verify-traces.c holds the replay and its oracles. */
#ifndef FUZZ_PROGRESS_TEXT_H
#define FUZZ_PROGRESS_TEXT_H

#include <stdio.h>
#include <time.h>

static inline double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* n with a comma between each group of three digits: "10,000,000". */
static inline const char *grouped(size_t n, char *buf, size_t len)
{
    char digits[32];
    int d = snprintf(digits, sizeof digits, "%zu", n), o = 0;
    for (int i = 0; i < d && (size_t)o + 2 < len; i++) {
        if (i > 0 && (d - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

#endif
