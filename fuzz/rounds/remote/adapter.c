/*
 * adapter.c - the round-21 remote-free allocator (remote.c) in the harness,
 * thread-safe: make fuzz and make fuzz-threads both run it. -DNOCHECK leaves
 * its check out, to see what the harness finds alone (fuzz/rounds/README.md).
 */
#include "adapter.h" /* fuzz/adapter.h */
#include "remote.h"

static void *a_create(size_t bytes) { return rmt_create(bytes); }
static void a_destroy(void *h) { rmt_destroy(h); }
static void *a_malloc(void *h, size_t n) { return rmt_malloc(h, n); }
static void *a_calloc(void *h, size_t n, size_t size) { return rmt_calloc(h, n, size); }
static void *a_aligned(void *h, size_t align, size_t n) { return rmt_aligned(h, align, n); }
static void *a_realloc(void *h, void *p, size_t n) { return rmt_realloc(h, p, n); }
static size_t a_usable(void *h, void *p) { return rmt_usable(h, p); }
static int a_trim(void *h) { return rmt_trim(h); }
static int a_contains(void *h, const void *p, size_t n) { return rmt_contains(h, p, n); }

static int a_free(void *h, void *p)
{
    rmt_free(h, p);
    return 0;
}

static int a_stats(void *h, struct fuzz_stats *out)
{
    rmt_stats(h, &out->bytes_in_use, &out->live_blocks);
    return 0;
}

#ifndef NOCHECK
static int a_check(void *h, char *msg, size_t len) { return rmt_check(h, msg, len); }
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "remote (round 21)",
    .alignment = RMT_ALIGNMENT,
    /* No bad or double free told apart: a free trusts the address's segment
     * header, as mimalloc's does. Not pristine after a free-all: a thread's
     * remote frees wait on pages whose owner may never call again. */
    .caps = FUZZ_CAN_GROW | FUZZ_NO_HEAP_LIMIT | FUZZ_UNMAPS_ON_DESTROY | FUZZ_REPORTS_ENOMEM | FUZZ_HAS_BOUNDS |
            FUZZ_REALLOC_ZERO_FREES | FUZZ_EXACT_STATS | FUZZ_THREAD_SAFE,
    .create = a_create,
    .destroy = a_destroy,
    .malloc = a_malloc,
    .free = a_free,
    .realloc = a_realloc,
    .calloc = a_calloc,
    .aligned_alloc = a_aligned,
    .usable_size = a_usable,
#ifndef NOCHECK
    .check = a_check,
#endif
    .stats = a_stats,
    .contains = a_contains,
    .trim = a_trim,
};
