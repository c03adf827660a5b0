/*
 * slow-op-adapter.c - libc malloc behind an adapter that takes its time:
 * every malloc sleeps SLOW_EACH_MS, and a request of SLOW_SIZE bytes sleeps
 * SLOW_ONE_MS, as one op of an allocator walking a long list. For
 * fuzz-check-verify: verify-traces' progress lines come every -p seconds
 * while the ops move on and while that one op runs (the timer's ticks
 * interrupt its sleep: nanosleep is never restarted, so it sleeps again for
 * what is left, as any code calling it must).
 * -DOVERFLOW_AFTER_SLOW: the slow request then writes a byte past its block,
 * an ASan report: no progress line may come while it is printed (run with
 * ASAN_OPTIONS=sleep_before_dying=1, which keeps the process alive after it).
 * -DUB_FIRST (linked with ub-recover-lib.c, built to recover): the first
 * malloc of each heap overflows a signed int there, a UBSan report the run
 * goes on past: the progress lines must come again after it. Each heap's,
 * at the one source location: UBSan reports a location once per process, so
 * a second input replayed in the same process would meet it unreported,
 * judged clean.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "adapter.h"

#define SLOW_SIZE 7777
#define SLOW_EACH_MS 20
#define SLOW_ONE_MS 1000

static char token;
#ifdef UB_FIRST
static volatile int calls; /* INT_MAX until this heap's first malloc */
void ub_recover_overflow(volatile int *count);
#endif

static void *slow_create(size_t bytes)
{
    (void)bytes;
#ifdef UB_FIRST
    calls = INT_MAX;
#endif
    return &token;
}

static void slow_destroy(void *heap) { (void)heap; }

static void sleep_ms(long ms)
{
    struct timespec left = {ms / 1000, ms % 1000 * 1000000L};
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        continue;
}

static void *slow_malloc(void *heap, size_t size)
{
    (void)heap;
#ifdef UB_FIRST
    if (calls == INT_MAX)
        ub_recover_overflow(&calls); /* signed overflow, once a heap */
#endif
    sleep_ms(size == SLOW_SIZE ? SLOW_ONE_MS : SLOW_EACH_MS);
    char *block = malloc(size);
#ifdef OVERFLOW_AFTER_SLOW
    if (block && size == SLOW_SIZE)
        ((char *volatile)block)[size] = 1;
#endif
    return block;
}

static int slow_free(void *heap, void *ptr)
{
    (void)heap;
    free(ptr);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "slow-op",
    .alignment = 16,
    .create = slow_create,
    .destroy = slow_destroy,
    .malloc = slow_malloc,
    .free = slow_free,
};
