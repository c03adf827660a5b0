/*
 * broken-adapter.c - an adapter over glibc malloc with exactly one mistake in
 * its table, chosen by -DBROKEN=N. fuzz-check-adapters builds the replay
 * driver over each and requires exit status 2 and a message naming the
 * mistake (the EXPECT string in broken-adapter.cases), before any op runs.
 */
#include <errno.h>
#include <stdlib.h>

#include "adapter.h"

#ifndef BROKEN
#error "build with -DBROKEN=N (see broken-adapter.cases)"
#endif

static char heap;
static void *ba_create(size_t bytes) { return bytes ? &heap : NULL; }
static void ba_destroy(void *h) { (void)h; }
static void *ba_malloc(void *h, size_t n) { (void)h; return malloc(n); }
static int ba_free(void *h, void *p) { (void)h; free(p); return 0; }

const struct fuzz_allocator fuzz_allocator = {
    .name = "broken",
    .alignment = BROKEN == 1 ? 24 : 16,
    .caps = BROKEN == 2 ? FUZZ_DETECTS_BAD_FREE
          : BROKEN == 3 ? FUZZ_DETECTS_DOUBLE_FREE
          : BROKEN == 4 ? FUZZ_HAS_BOUNDS
          : BROKEN == 5 ? FUZZ_EXACT_STATS
          : BROKEN == 6 ? 1u << 30
          : BROKEN == 8 ? FUZZ_CAN_GROW | FUZZ_PRISTINE_AFTER_FREE_ALL
          : BROKEN == 9 ? FUZZ_NO_HEAP_LIMIT
          : BROKEN == 10 ? FUZZ_ANY_START
          : 0,
    .create = ba_create,
    .destroy = ba_destroy,
    .malloc = BROKEN == 7 ? NULL : ba_malloc,
    .free = ba_free,
};
