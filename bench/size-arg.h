/*
 * size-arg.h - a byte count from the command line ("64M"), for the
 * programs that take one: bench (-H, -r, -C) and fuzz/verify-traces (-H).
 */
#ifndef BENCH_SIZE_ARG_H
#define BENCH_SIZE_ARG_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

#endif /* BENCH_SIZE_ARG_H */
