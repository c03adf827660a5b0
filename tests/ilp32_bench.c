/*
 * ilp32_bench.c - the bench's sums where size_t is 32 bits (make check-m32
 * builds it with -m32 -static and runs it under qemu-i386).
 *
 * A lab trace can ask for blocks that together pass 4 GiB while each is
 * within the 2 GiB request limit; the live sum, its peak and the heap size
 * fitted to it (2 x the peak) must not wrap: a wrapped peak would size a
 * tiny heap and report a utilization nobody measured.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "ilp32_check.h"
#include "trace.h"

#if SIZE_MAX > UINT32_MAX
#error "ilp32_bench.c checks a 32-bit build: compile it with -m32 (make check-m32)"
#endif

#define TWO_GIB "2147483648"
#define HEADER "0\n3\n3\n1\n" /* 3 ids, 3 operations: the first op is line 5 */

/* text must be refused with an error starting "name:line: " and naming size_t. */
static void refused_at(const char *text, size_t line, const char *what)
{
    char err[TRACE_ERROR_LEN] = "", prefix[64];
    trace t;
    int rc = trace_parse("sum.rep", text, strlen(text), &t, err, sizeof err);
    CHECK(rc == -1, "%s was accepted (peak live %zu)", what, rc == 0 ? t.peak_live : 0);
    if (rc == 0) {
        trace_free(&t);
        return;
    }
    snprintf(prefix, sizeof prefix, "sum.rep:%zu: ", line);
    CHECK(strncmp(err, prefix, strlen(prefix)) == 0 && strstr(err, "32-bit size_t") != NULL,
          "%s: '%s' should start '%s' and name the 32-bit size_t", what, err, prefix);
}

static void live_sum_never_wraps(void)
{
    refused_at(HEADER "a 0 " TWO_GIB "\na 1 " TWO_GIB "\nf 0\n", 6, "two 2 GiB blocks live");
    refused_at(HEADER "a 0 " TWO_GIB "\na 1 16\nr 1 " TWO_GIB "\n", 7, "a realloc to 2 GiB beside 2 GiB");

    /* Exactly SIZE_MAX live is still a sum size_t holds. */
    const char *at_max = HEADER "a 0 " TWO_GIB "\na 1 2147483647\nf 0\n";
    char err[TRACE_ERROR_LEN] = "";
    trace t;
    int rc = trace_parse("max.rep", at_max, strlen(at_max), &t, err, sizeof err);
    CHECK(rc == 0, "4 GiB - 1 live was refused: %s", err);
    if (rc == 0) {
        CHECK(t.peak_live == SIZE_MAX, "peak live %zu, expected %zu", t.peak_live, (size_t)SIZE_MAX);
        trace_free(&t);
    }
}

static void fitted_heap_never_wraps(void)
{
    CHECK(bench_heap_fit(100) == BENCH_HEAP_FIT_MIN, "a small peak gets %zu", bench_heap_fit(100));
    CHECK(bench_heap_fit(SIZE_MAX / 2) == SIZE_MAX - 1, "2 x (SIZE_MAX / 2) gives %zu",
          bench_heap_fit(SIZE_MAX / 2));
    CHECK(bench_heap_fit(SIZE_MAX / 2 + 1) == SIZE_MAX, "2 x 2 GiB gives %zu, not SIZE_MAX",
          bench_heap_fit(SIZE_MAX / 2 + 1));
    CHECK(bench_heap_fit((size_t)3 << 30) == SIZE_MAX, "2 x 3 GiB gives %zu, not SIZE_MAX",
          bench_heap_fit((size_t)3 << 30));
    CHECK(bench_heap_fit(SIZE_MAX) == SIZE_MAX, "2 x SIZE_MAX gives %zu", bench_heap_fit(SIZE_MAX));
    /* ...and your allocator's create() is not asked for it. */
    char why[TRACE_ERROR_LEN] = "";
    size_t peak = (size_t)3 << 30;
    CHECK(bench_heap_refused("big.rep", peak, bench_heap_fit(peak), why, sizeof why) &&
          strstr(why, "big.rep: ") == why && strstr(why, "3221225472 bytes") != NULL,
          "a 3 GiB peak: your allocator's heap not refused with the trace and the peak: '%s'", why);
}

int main(void)
{
    live_sum_never_wraps();
    fitted_heap_never_wraps();
    printf("ilp32_bench: %d checks passed, %d failed\n", passed, failed);
    return failed != 0;
}
