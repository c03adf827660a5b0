/*
 * slow-fill-adapter.c - libc malloc behind an adapter with two planted
 * behaviours, for fuzz/scripts/check-reports.sh:
 * a request of 777 bytes spins until the replay's -t limit is 10 ms away,
 * then hands out a 128 MiB mapping (usable_size says so), whose fill by
 * the harness takes far longer: the timeout lands while the harness writes
 * the block, as it does after a slow allocator took most of the limit. The
 * report must blame the time, not the block.
 * -DFREE_SCRIBBLES: a free zeroes the first 8 bytes of the block handed out
 * last (damage the harness finds at its samples in a small-budget build).
 * Its realloc is libc's, without FUZZ_REALLOC_ZERO_FREES: replay -n -v notes
 * which realloc to 0 is not run.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>

#include "adapter.h"

#define SLOW_SIZE 777
#define BIG_BYTES ((size_t)128 << 20)

static char token;
static void *big, *newest;

static void *slow_create(size_t bytes)
{
    (void)bytes;
    return &token;
}

static void slow_destroy(void *heap) { (void)heap; }

/* Until the armed ITIMER_REAL (replay's -t) has under 10 ms left; at once
 * if none is armed. */
static void spin_to_the_limit(void)
{
    struct itimerval left;
    while (getitimer(ITIMER_REAL, &left) == 0 && (left.it_value.tv_sec > 0 || left.it_value.tv_usec > 10000))
        ;
}

static void *slow_malloc(void *heap, size_t size)
{
    (void)heap;
    if (size == SLOW_SIZE && !big) {
        spin_to_the_limit();
        void *p = mmap(NULL, BIG_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return newest = big = p == MAP_FAILED ? NULL : p;
    }
    return newest = malloc(size);
}

static int slow_free(void *heap, void *ptr)
{
    (void)heap;
#ifdef FREE_SCRIBBLES
    if (newest && newest != ptr)
        memset(newest, 0, 8);
#endif
    if (ptr && ptr == big) {
        munmap(big, BIG_BYTES);
        big = NULL;
    } else {
        free(ptr);
    }
    return 0;
}

static void *slow_realloc(void *heap, void *ptr, size_t size)
{
    (void)heap;
    return ptr == big && ptr ? NULL : (newest = realloc(ptr, size));
}

static size_t slow_usable_size(void *heap, void *ptr)
{
    (void)heap;
    return ptr == big ? BIG_BYTES : malloc_usable_size(ptr);
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "slow-fill: libc malloc, a request of 777 bytes slow and given 128 MiB",
    .alignment = 16,
    .create = slow_create,
    .destroy = slow_destroy,
    .malloc = slow_malloc,
    .free = slow_free,
    .realloc = slow_realloc,
    .usable_size = slow_usable_size,
};
