/*
 * halloc.c - the default adapter: one fresh halloc heap per input, allowed to
 * grow to four times its first region so growth and trimming get exercised.
 * halloc detects every bad free (EINVAL) and double free (EALREADY), reports
 * ENOMEM, keeps exact stats and has a checker, so every oracle applies.
 * halloc-buffer.c includes this file with FUZZ_HALLOC_IN_BUFFER set: the same
 * adapter over a caller's buffer (halloc_create_in), which never grows;
 * halloc-cache.c with FUZZ_HALLOC_CACHE_DEPTH set: the cache of freed blocks on
 * (and FUZZ_HALLOC_TRIM: the trim policy that keeps one emptied region; and
 * FUZZ_HALLOC_NO_CAP: no max_size, hence FUZZ_NO_HEAP_LIMIT);
 * halloc-threads.c with FUZZ_HALLOC_THREAD_SAFE set: the heap's mutex on,
 * for make fuzz-threads; halloc-threads-cache.c with both: the cache from
 * several threads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "../adapter.h"
#include "halloc-check-message.h"
#include "halloc.h"

#define GROWTH_FACTOR 4
#ifndef FUZZ_HALLOC_CACHE_DEPTH
#define FUZZ_HALLOC_CACHE_DEPTH 0
#endif
#ifndef FUZZ_HALLOC_TRIM
#define FUZZ_HALLOC_TRIM HALLOC_TRIM_EAGER
#endif
#ifndef FUZZ_HALLOC_THREAD_SAFE
#define FUZZ_HALLOC_THREAD_SAFE 0
#endif
/* 1: no max_size, so FUZZ_NO_HEAP_LIMIT holds and a refusal mid-run is a bug.
 * The default adapter keeps its cap so halloc's max_size refusal stays fuzzed. */
#ifndef FUZZ_HALLOC_NO_CAP
#define FUZZ_HALLOC_NO_CAP 0
#endif

#ifndef FUZZ_HALLOC_IN_BUFFER
static void *adapter_create(size_t bytes)
{
    halloc_config config = halloc_default_config();
    config.initial_size = bytes;
    config.max_size = FUZZ_HALLOC_NO_CAP ? 0 : bytes * GROWTH_FACTOR; /* 0: no cap */
    config.grow = 1;
    config.trim = FUZZ_HALLOC_TRIM;
    config.thread_safe = FUZZ_HALLOC_THREAD_SAFE; /* else one thread: the mutex would only cost time */
    config.cache_depth = FUZZ_HALLOC_CACHE_DEPTH;
    return halloc_create_ex(&config);
}

static void adapter_destroy(void *heap) { halloc_destroy(heap); }

#if FUZZ_HALLOC_THREAD_SAFE && FUZZ_HALLOC_CACHE_DEPTH
#define ADAPTER_NAME "halloc-threads-cache"
#elif FUZZ_HALLOC_THREAD_SAFE
#define ADAPTER_NAME "halloc-threads"
#elif FUZZ_HALLOC_CACHE_DEPTH
#define ADAPTER_NAME "halloc-cache"
#else
#define ADAPTER_NAME "halloc"
#endif
/* Without a cap only the system can refuse a request of the harness's (4 MiB at most). */
#define ADAPTER_HEAP_CAPS (FUZZ_CAN_GROW | (FUZZ_HALLOC_NO_CAP ? FUZZ_NO_HEAP_LIMIT : 0))
#else
static void *buffer; /* create()'s, not create_in's: one heap at a time, the harness destroys before it creates */

/* Thread-safe on purpose: this adapter is where the mutex path gets run. */
static void *adapter_create_in(void *in, size_t bytes) { return halloc_create_in(in, bytes, 1); }

/* make bench and verify-traces: the fuzzer calls create_in, at the starts an input chooses. */
static void *adapter_create(size_t bytes)
{
    buffer = malloc(bytes);
    halloc_heap *heap = buffer ? adapter_create_in(buffer, bytes) : NULL;
    if (!heap) {
        free(buffer);
        buffer = NULL;
    }
    return heap;
}

static void adapter_destroy(void *heap)
{
    halloc_destroy(heap);
    free(buffer);
    buffer = NULL;
}

#define ADAPTER_NAME "halloc-buffer"
#define ADAPTER_HEAP_CAPS FUZZ_ANY_START /* halloc_create_in takes a buffer of any alignment */
#define ADAPTER_CREATE_IN adapter_create_in
#undef FUZZ_HALLOC_THREAD_SAFE
#define FUZZ_HALLOC_THREAD_SAFE 1 /* halloc_create_in(..., 1) above */
#endif
#define ADAPTER_THREAD_SAFE (FUZZ_HALLOC_THREAD_SAFE ? FUZZ_THREAD_SAFE : 0)
#ifndef ADAPTER_CREATE_IN
#define ADAPTER_CREATE_IN NULL
#endif

static void *adapter_malloc(void *heap, size_t size) { return halloc_malloc(heap, size); }

static int adapter_free(void *heap, void *ptr)
{
    if (halloc_free(heap, ptr) == 0)
        return 0;
    return errno ? errno : EIO; /* a failure without errno is still a failure */
}

static void *adapter_realloc(void *heap, void *ptr, size_t size) { return halloc_realloc(heap, ptr, size); }

static void *adapter_calloc(void *heap, size_t n, size_t size) { return halloc_calloc(heap, n, size); }

static void *adapter_aligned_alloc(void *heap, size_t alignment, size_t size)
{
    return halloc_aligned_alloc(heap, alignment, size);
}

static size_t adapter_usable_size(void *heap, void *ptr) { return halloc_usable_size(heap, ptr); }

static int adapter_check(void *heap, char *msg, size_t msg_len)
{
    halloc_report report;
    if (halloc_check(heap, &report) == 0)
        return 0;
    halloc_check_message(&report, msg, msg_len);
    return 1;
}

static int adapter_stats(void *heap, struct fuzz_stats *out)
{
    halloc_stats st;
    if (halloc_get_stats(heap, &st) != 0)
        return -1;
    *out = (struct fuzz_stats){st.bytes_in_use, st.largest_free, st.chunks_used};
    return 0;
}

/* Inside the heap: one of its regions holds [p, p+n). The region bounds
 * alone, so the oracle costs O(regions) however many chunks there are. */
static int adapter_contains(void *heap, const void *p, size_t n)
{
    return halloc_owns(heap, p, n);
}

static size_t adapter_high_water(void *heap)
{
    halloc_stats st;
    return halloc_get_stats(heap, &st) == 0 ? st.high_water : 0;
}

/* halloc's own line for the call that failed: what it ran out of and the
 * setting that raises it, or the damage it believed it found. */
static const char *adapter_why_refused(void *heap) { return halloc_last_error(heap); }

static int adapter_trim(void *heap)
{
    if (halloc_trim(heap, NULL) == 0)
        return 0;
    return errno ? errno : EIO;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = ADAPTER_NAME,
    .alignment = HALLOC_ALIGNMENT,
    .caps = ADAPTER_HEAP_CAPS | FUZZ_DETECTS_BAD_FREE | FUZZ_DETECTS_DOUBLE_FREE | FUZZ_REPORTS_ENOMEM |
            FUZZ_HAS_BOUNDS | FUZZ_PRISTINE_AFTER_FREE_ALL | FUZZ_REALLOC_ZERO_FREES | FUZZ_EXACT_STATS |
            ADAPTER_THREAD_SAFE | FUZZ_UNMAPS_ON_DESTROY, /* halloc_destroy unmaps every region and big block */
    .bad_free_errno = EINVAL,
    .double_free_errno = EALREADY,
    .create = adapter_create,
    .destroy = adapter_destroy,
    .create_in = ADAPTER_CREATE_IN,
    .malloc = adapter_malloc,
    .free = adapter_free,
    .realloc = adapter_realloc,
    .calloc = adapter_calloc,
    .aligned_alloc = adapter_aligned_alloc,
    .usable_size = adapter_usable_size,
    .check = adapter_check,
    .stats = adapter_stats,
    .contains = adapter_contains,
    .trim = adapter_trim,
    .high_water = adapter_high_water,
    .why_refused = adapter_why_refused,
};
