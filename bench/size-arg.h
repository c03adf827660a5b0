/*
 * size-arg.h - numbers from the command line: a byte count ("64M") for
 * bench's and fuzz/verify-traces' -H, and a plain whole number for counts
 * (bench -r -C -t, replay and threads-replay -r -t, trace-tool gen).
 */
#ifndef BENCH_SIZE_ARG_H
#define BENCH_SIZE_ARG_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Decimal digits alone, 0 to max, into *out: 0, or -1 for anything else (a
 * sign, a blank, a suffix, an overflow): strtoull alone takes "12x" as 12,
 * "-3" as 2^64 - 3 and "" as 0. */
static inline int parse_whole_arg(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Decimal digits with an optional K, M or G (any case): "64M" -> 67108864.
 * 0, or -1 when s is not such a size (a sign, a blank, other text, an
 * overflow). A digit first: strtoull skips blanks and takes a sign, so
 * " -1" was SIZE_MAX (-H ' -1' ran on, -c ' -1' checked once). */
static inline int parse_size_arg(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *s < '0' || *s > '9')
        return -1;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift != 0)
        end++;
    if (*end != '\0' || v > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)v << shift;
    return 0;
}

/* bytes as an -H argument parse_size_arg takes back, rounded up to a whole
 * MiB ("4096M") or, below one, KiB ("512K"): the size a message advises,
 * worked out from the size that failed (a fixed "64M" was below what the
 * trace needed, or above what the system could map). */
static inline const char *size_arg_text(size_t bytes, char *out, size_t len)
{
    int mib = bytes >= (size_t)1 << 20;
    unsigned shift = mib ? 20 : 10;
    size_t units = (bytes >> shift) + ((bytes & (((size_t)1 << shift) - 1)) != 0);
    snprintf(out, len, "%zu%c", units ? units : 1, mib ? 'M' : 'K');
    return out;
}

#endif /* BENCH_SIZE_ARG_H */
