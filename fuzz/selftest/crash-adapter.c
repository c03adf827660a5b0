/*
 * crash-adapter.c - an allocator that crashes inside its 100th malloc, for
 * fuzz-check-verify: verify-traces must name the trace line it died at.
 * -DCRASH_BY_UBSAN: a signed overflow there instead, which only UBSan sees.
 * The planted bugs whose blocks are mappings of their own (-DUSABLE_OVERSTATED,
 * -DUNMAP_*) are in crash-mappings.h; those of blocks carved behind headers,
 * and of usable_size (-DUSABLE_INTO_NEXT_HEADER, -DUSABLE_OVER_BY_8,
 * -DHEADER_NOT_COUNTED, -DUSABLE_UNDERSTATED, -DUSABLE_ROUNDED), in crash-carved.h; the probes
 * of how deep the seeds reach (-DCRASH_AT_*), in crash-depth.h; those of
 * calloc and realloc (-DCALLOC_*, -DREALLOC_*, -DCRASH_IN_REALLOC), in
 * crash-resize.h; those that hand out a misaligned block (-DALIGNED_*,
 * -DSMALL_AT_8, -DFIRST_BLOCK_MISALIGNED), in crash-misaligned.h; those
 * only ASan sees (-DFREE_WRITES_PAST, -DFREE_WRITES_BELOW), in
 * crash-asan.h; those of stats() and check() (-DSTATS_LIE_AFTER_FREE,
 * -DSTATS_NO_LIVE_BLOCKS, -DSTATS_COUNTER_OVERWRITTEN, -DCRASH_IN_STATS,
 * -DCHECK_FAILS_FROM, ...), in
 * crash-stats.h; those the pristine probe after a free-all meets (-DLEAKS_UNSEEN,
 * -DSTALE_SMALL, -DLARGEST_FREE_LIE, -DGROWS_THOUGH_IT_FITS, -DGROWS_THEN_REFUSES,
 * -DSTATS_LIE_AFTER_BIG_FREE), in crash-pristine.h; the others follow.
 * -DFREE_REFUSES_FIRST: no crash; the first free fails with EINVAL (the
 * adapter has no realloc, so on a trace that reallocs first that is the free
 * inside the harness's own realloc).
 * With -DCLAIMS_DOUBLE_FREE the adapter claims FUZZ_DETECTS_DOUBLE_FREE
 * (double_free_errno EINVAL), with -DCLAIMS_BAD_FREE FUZZ_DETECTS_BAD_FREE
 * too (bad_free_errno EINVAL): the refusal must say what the allocator took
 * the live block for.
 * -DFREE_LINKS_AT_POINTER: free writes a link at the pointer it is given
 * before it tests it (round 19's BiBOP free, its slot offset untested); with
 * -DCLAIMS_BAD_FREE a free-misaligned's link is a misaligned store (UBSan's).
 * -DSIZE_AS_LINK: free writes a link at a header word {the newest block's
 * size + 16, an in-use bit} read as a pointer (round 19's emmalloc-style
 * allocator, a header where it took a link to be): UBSan's misaligned
 * store, or a plain fault, at a number a little past that block's size.
 * -DCLAIMS_CAN_GROW, with another: the adapter claims FUZZ_CAN_GROW too, as
 * blocks from libc's malloc may: fuzzing from an empty corpus then never asks
 * a size near 4 GiB, which libc serves and libFuzzer's malloc limit stops at
 * (an oom- input, 1 run in 100 before the planted bug: check-libfuzzer-report.sh).
 * -DFREE_REFUSES_PROBE: no crash; the adapter claims FUZZ_PRISTINE_AFTER_FREE_ALL
 * and bad and double frees (EINVAL), and the first free fails with EINVAL:
 * the pristine probe's, before op #0. The report must name the probe's
 * request, not a "live block -1" (a next-fit rover left in a merged block
 * refused the probe's block after a free-all so). With -DUSABLE_UNDERSTATED
 * (usable_size 0) the block was made short of the request, and the report
 * must blame malloc's sizing (a next-fit allocator's unit count truncated).
 * -DFREE_NULL_REFUSED: no crash; free(NULL) fails with EINVAL, which the
 * harness must report (free(NULL) must do nothing and succeed).
 * The calls that never return, or return late, for the timeouts' reports
 * (-DMALLOC_HANGS, -DMALLOC_HANGS_AFTER_FREE, -DMALLOC_SLOW, -DMALLOC_DEADLOCKS)
 * are in crash-stuck.h.
 * -DABORT_ON_DOUBLE_FREE: no crash of its own kind; the adapter claims
 * FUZZ_DETECTS_DOUBLE_FREE, but a second free of the last pointer freed calls
 * abort(), as many allocators do: the crash context must name the op and say
 * that such an adapter must not claim the flag.
 * -DABORTS_AFTER_FREE: every malloc after a free calls abort(), as a
 * hardened allocator whose check of a free-list entry finds what its own
 * push wrote wrong (round 14b: a shadow left stale): the crash context must
 * name the latest free.
 * -DCREATE_ONCE: no crash; create() fails after its first call, as an
 * allocator whose init runs only once: the failure must say so.
 * -DABORT_IN_DESTROY: no crash; destroy() calls abort(), as an allocator
 * asserting it got every block back: the report must say it was destroy,
 * after the last op.
 * -DSIZE_CUT_TO_32: no crash; malloc cuts the size to 32 bits, as an adapter
 * handing any size_t to an allocator whose size is unsigned: huge_accepted
 * must name the cut size and blame the cut (crash-carved.h: its usable_size).
 * -DFREE_SCRIBBLES_NEWEST: no crash; a free of any other block zeroes the
 * first 8 bytes (-DSCRIBBLE_BYTES=n: n) of the newest one: in a replay's
 * free-all, pattern_corrupted must name the slot whose free did it.
 * -DREFUSAL_EXPLAINED: no crash; the adapter claims FUZZ_REPORTS_ENOMEM, a
 * request of 999 bytes fails with ENOTRECOVERABLE, as an allocator that took
 * a sound free list for a damaged one, and why_refused says what it found:
 * the alloc_wrong_errno report must carry that line. -DREFUSAL_ERRNO=E, with
 * it: the refusal sets E instead (EINVAL: a request taken for an invalid one).
 * -DCRASH_IN_FREE=N: the Nth free of a block crashes, as a free that follows
 * a broken link: in a free-all the context must name the block being freed.
 * -DCRASH_IN_PRISTINE_CHECK: the adapter claims FUZZ_PRISTINE_AFTER_FREE_ALL
 * (stats: 64 KiB fits), and a request of 64 KiB made once a block was freed
 * crashes, as a malloc following a link a free broke: a free-all ends with
 * that request, and the context must say so (it read as a crash in a free).
 * =2: that request crashes before any free, in the pristine probe: the
 * context must name the request (it named only the probe). With
 * -DCHECK_FAILS_FROM=4 the check fails first, right after the pristine
 * check's malloc(1) and its free, and the report must blame those two calls.
 * -DPRINTS_HEAP_BASE: no crash; create() maps a megabyte, as a heap of its
 * own, and prints where ("heap base 0x..."): inputs run in one process must
 * not all find it at one address.
 * -DFAILS_BY_CHANCE: no crash; create() tosses a coin (getrandom), and on
 * heads the first free fails with EINVAL, as a randomised allocator with a
 * bug that needs one of its random choices: replay -r must catch it in a
 * later run.
 * -DCHECK_RESETS_HINT: check() resets a count of the mallocs since it ran,
 * and the third malloc without a check between aborts, as an allocator
 * whose check() writes state its search reads: replayed with check() after
 * every op it runs clean, and replay must run it again on the engines'
 * schedule, as the run that saved it checked, and say why it failed there.
 * -DZERO_SIZE_SHARED: no crash; every malloc(0) returns one static
 * address: overlap must say a pointer was handed out twice.
 * -DCREATE_IN, with another: the adapter has a create_in (the harness's
 * buffer unused), so the run places a buffer: a free-all's recheck must
 * still name the free that broke the heap.
 * -DSIZED_FREE, with another: every free goes through free_sized (no free):
 * a crash in a free names the size and alignment it was given, and a report
 * whose oracle a sized free can make says how (a "sized:" line).
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "adapter.h"
#include "crash-mappings.h" /* -DUSABLE_OVERSTATED and the -DUNMAP_* bugs */
#include "crash-carved.h"   /* -DUSABLE_INTO_NEXT_HEADER, -DHEADER_NOT_COUNTED, ... */
#include "crash-depth.h"    /* -DCRASH_AT_CALL, -DCRASH_AT_FREE, ... */
#include "crash-asan.h"     /* -DFREE_WRITES_PAST, -DFREE_WRITES_BELOW */
#include "recovered-report.h" /* HALLOC_RECOVERED_AT */

#if defined(FREE_REFUSES_FIRST) || defined(FREE_REFUSES_PROBE) || defined(FREE_NULL_REFUSED) || defined(STATS_LIE_AFTER_FREE) || \
    defined(SMALL_AT_8) || defined(USABLE_OVERSTATED) || defined(LARGEST_FREE_LIE) || defined(MALLOC_HANGS) || \
    defined(MALLOC_DEADLOCKS) || defined(USABLE_INTO_NEXT_HEADER) || defined(FIRST_BLOCK_MISALIGNED) || \
    defined(MALLOC_SLOW) || defined(CHECK_FAILS_FROM) || defined(HEADER_NOT_COUNTED) || \
    defined(UNMAP_PAGE_TOO_MANY) || defined(UNMAP_PAGE_BELOW) || defined(CRASH_IN_PRISTINE_CHECK) || \
    defined(CRASH_IN_STATS) || defined(LEAKS_UNSEEN) || defined(FAILS_BY_CHANCE) || defined(ZERO_SIZE_SHARED) || \
    defined(UNMAP_CHUNK_PAGE) || defined(REALLOC_GROWS_UNCHECKED) || \
    defined(UNMAP_LIVE_BLOCK) || defined(REFUSAL_EXPLAINED) || defined(GROWS_THOUGH_IT_FITS) || \
    defined(STATS_NO_LIVE_BLOCKS) || defined(USABLE_OVER_BY_8) || defined(ALIGNED_OFF_BY_8) || \
    defined(STATS_LIE_AFTER_BIG_FREE) || defined(STATS_COUNTER_OVERWRITTEN) || defined(STATS_BELOW_ZERO) || \
    defined(DEFERS_FREES) || defined(CHECK_RESETS_HINT) || defined(MALLOC_HANGS_AFTER_FREE)
#define FREE_REFUSES 1
#else
#define FREE_REFUSES 0
#endif

#ifndef TIME_TO_CRASH /* defined by crash-depth.h for its probes */
#define TIME_TO_CRASH() (calls == 100 && !FREE_REFUSES)
#endif

static unsigned calls, frees;
#ifdef CHECK_FAILS_FROM
static int destroyed; /* destroy() ran: a check() now would read a heap that is gone (crash-stats.h) */
#endif
#ifdef FAILS_BY_CHANCE
static int heads; /* this heap's coin */
#endif
#ifdef CHECK_RESETS_HINT
static unsigned mallocs_unchecked; /* since check() last ran: crash-stats.h resets it */
#endif
#include "crash-pristine.h" /* -DLEAKS_UNSEEN, -DSTALE_SMALL, ...: after calls, which it counts */
#include "crash-stuck.h"    /* -DMALLOC_HANGS, -DMALLOC_SLOW, ...: after frees, which one reads */

#ifdef PRINTS_HEAP_BASE
static void *heap_base; /* a megabyte create() maps and prints, as a heap of its own */
#endif

static void *crash_create(size_t bytes)
{
    (void)bytes;
#ifdef CREATE_ONCE
    static int created;
    if (created++)
        return NULL;
#endif
    calls = frees = 0;
#ifdef CHECK_RESETS_HINT
    mallocs_unchecked = 0;
#endif
    stuck_create();
#ifdef CHECK_FAILS_FROM
    destroyed = 0;
#endif
#ifdef CRASH_AT_LIVE_MIB
    live_arena = 0;
#endif
#if defined(CRASH_AT_FULL_CLASSES) || defined(CRASH_AT_CLASS_LIVE)
    memset(tracked, 0, sizeof tracked), memset(live_in, 0, sizeof live_in), memset(was_full, 0, sizeof was_full);
    full_classes = most_in_a_class = 0;
#endif
#if defined(CRASH_AT_PAGES) || defined(CRASH_AT_FULL_BIG_CLASSES)
    memset(tracked, 0, sizeof tracked), memset(live_in, 0, sizeof live_in);
#endif
#ifdef PRINTS_HEAP_BASE
    heap_base = mmap(NULL, (size_t)1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (heap_base == MAP_FAILED)
        return NULL;
    fprintf(stderr, "heap base %p\n", heap_base);
#endif
#ifdef FAILS_BY_CHANCE
    unsigned char coin = 0;
    heads = getrandom(&coin, 1, 0) == 1 && (coin & 1);
#endif
    pristine_create();
#ifdef CARVES
    carved_used = 0;
#endif
#ifdef LINK_IN_LIVE_BLOCK
    stale_entry = NULL;
#endif
#ifdef REALLOC_SLIDES_DOWN
    carved_freed = NULL;
#endif
#ifdef CRASH_BY_MAPPINGS
    if (mapping_create() != 0)
        return NULL;
#endif
    return &calls;
}

static void crash_destroy(void *heap)
{
    (void)heap;
#ifdef CHECK_FAILS_FROM
    destroyed = 1;
#endif
#ifdef ABORT_IN_DESTROY
    abort();
#endif
    stuck_destroy();
#ifdef CRASH_BY_MAPPINGS
    mapping_destroy();
#endif
#ifdef PRINTS_HEAP_BASE
    munmap(heap_base, (size_t)1 << 20);
#endif
}

#include "crash-misaligned.h" /* -DALIGNED_OFF_BY_8, -DSMALL_AT_8, ...: after calls, which one reads */

#ifndef CRASH_ALIGNED /* defined by crash-misaligned.h for its bugs */
#define CRASH_ALIGNED NULL
#endif

#ifndef CRASH_ALIGNMENT /* crash-carved.h's -DUSABLE_LESS_HEADER=8 declares 8 */
#define CRASH_ALIGNMENT 16
#endif

#ifndef CRASH_USABLE_SIZE /* defined by crash-mappings.h, crash-carved.h or crash-misaligned.h for their bugs */
#define CRASH_USABLE_SIZE NULL
#endif

#ifdef ZERO_SIZE_SHARED
static _Alignas(16) char zero_size_block[16];
#endif

/* The planted bugs that answer a request themselves - with memory of their
 * own, a wrong address or a refusal - in place of glibc's malloc: 1, with
 * *block the answer; 0 to leave it to crash_malloc. */
static int planted_answer(size_t size, void **block)
{
    (void)size, (void)block;
#ifdef CHECK_RESETS_HINT
    if (++mallocs_unchecked == 3)
        abort();
#endif
#ifdef ZERO_SIZE_SHARED
    if (size == 0)
        return *block = zero_size_block, 1;
#endif
#ifdef REFUSAL_EXPLAINED
#ifndef REFUSAL_ERRNO
#define REFUSAL_ERRNO ENOTRECOVERABLE
#endif
    if (size == 999)
        return errno = REFUSAL_ERRNO, *block = NULL, 1;
#endif
#ifdef CARVES
    return *block = carve(size), 1;
#endif
#ifdef HANDS_OUT_LIVE /* a slot search past its run's last slot: the next run's live block, for more */
    static void *first; /* one replay per process */
    if (first && size > malloc_usable_size(first))
        return *block = first, 1;
    if (!first)
        return *block = first = malloc(size), 1;
#endif
#ifdef CRASH_BY_MAPPINGS
    return *block = mapping_malloc(size), 1;
#endif
    if (pristine_answer(size, block))
        return 1;
    return misaligned_answer(size, block);
}

/* glibc's malloc, unless a planted bug answers, hangs or crashes first. */
#ifdef FREE_SCRIBBLES_NEWEST
#ifndef SCRIBBLE_BYTES
#define SCRIBBLE_BYTES 8
#endif
static void *newest; /* the last block of SCRIBBLE_BYTES or more handed out */
#endif
#ifdef SIZE_AS_LINK
static size_t newest_size; /* the last request served */
#endif

static void *crash_malloc(void *heap, size_t size)
{
    void *block;
    (void)heap;
    recovered_report_at(size);
#ifdef SIZE_CUT_TO_32
    size = (unsigned)size; /* an allocator taking an unsigned size, its adapter passing any size_t */
#endif
    if (planted_answer(size, &block))
        return block;
#ifdef ABORTS_AFTER_FREE
    if (frees > 0)
        abort();
#endif
#ifdef CRASH_IN_PRISTINE_CHECK
    if (size == 64 * 1024 && (CRASH_IN_PRISTINE_CHECK == 2 ? frees == 0 : frees > 0)) {
        char *volatile wild = (char *)(uintptr_t)(frees + 16);
        *wild = 1;
    }
#endif
    stuck_malloc(size);
    ++calls;
    if (TIME_TO_CRASH()) {
#ifdef CRASH_BY_UBSAN
        volatile int big = INT32_MAX - 100 + (int)calls;
        size += (size_t)(big + 1);
#else
        /* An address computed at run time, so no compiler or sanitizer sees a
         * null store coming: a plain SIGSEGV, as an allocator bug would give. */
        char *volatile wild = (char *)(uintptr_t)(calls - 84);
        *wild = 1;
#endif
    }
    block = malloc(size);
    calls -= block == NULL; /* a refused request leaves no live block for stats() to count */
#if defined(CRASH_AT_FULL_CLASSES) || defined(CRASH_AT_CLASS_LIVE) || defined(CRASH_AT_PAGES) || \
    defined(CRASH_AT_FULL_BIG_CLASSES) || defined(CRASH_AT_LARGEST_REFIT)
    track(block, size);
#endif
#ifdef CRASH_AT_LIVE_MIB
    live_arena += arena_sized(block);
#endif
#ifdef FREE_SCRIBBLES_NEWEST
    newest = size >= SCRIBBLE_BYTES ? block : newest;
#endif
#ifdef SIZE_AS_LINK
    newest_size = block ? size : newest_size;
#endif
    return block;
}

static int crash_free(void *heap, void *ptr)
{
    (void)heap;
    crash_asan_free(ptr);
#ifdef FREE_SCRIBBLES_NEWEST
    if (ptr && newest && ptr != newest)
        memset(newest, 0, SCRIBBLE_BYTES); /* a merge's link, or a junk fill, written into a live neighbour */
#endif
#ifdef ZERO_SIZE_SHARED
    if (ptr == zero_size_block)
        return 0;
#endif
#ifdef FREE_NULL_REFUSED
    if (!ptr)
        return EINVAL;
#endif
#ifdef SIZE_AS_LINK
    if (ptr && newest_size)
        *(void **)(((newest_size + 16) | 1) + 8) = ptr;
#endif
#ifdef FREE_LINKS_AT_POINTER
    if (ptr)
        *(void **)ptr = NULL;
#endif
    frees += ptr != NULL;
    pristine_freed(ptr);
#if defined(CRASH_AT_FULL_CLASSES) || defined(CRASH_AT_CLASS_LIVE) || defined(CRASH_AT_PAGES) || \
    defined(CRASH_AT_FULL_BIG_CLASSES) || defined(CRASH_AT_LARGEST_REFIT)
    untrack(ptr);
#endif
#ifdef CRASH_AT_LIVE_MIB
    live_arena -= arena_sized(ptr);
#endif
#ifdef CRASH_IN_FREE
    if (ptr && frees == CRASH_IN_FREE) {
        char *volatile wild = (char *)(uintptr_t)(frees + 16);
        *wild = 1;
    }
#endif
    if (misaligned_own(ptr))
        return 0;
#ifdef CRASH_BY_MAPPINGS
#ifdef REMOVAL_LOSES_NEXT
    if (ptr && mapped_index(ptr) == 64)
        return EINVAL; /* no record of it */
#endif
#ifdef INDEX_TESTED_BY_COUNT
    if (ptr && mapped_index(ptr) >= mapped_live)
        return EINVAL; /* the bug: tested against the live count, not the table's 64 */
#endif
    mapping_free(ptr);
    return 0;
#endif
#if defined(FREE_REFUSES_FIRST) || defined(FREE_REFUSES_PROBE)
    if (frees == 1)
        return EINVAL;
#endif
#ifdef FAILS_BY_CHANCE
    if (frees == 1 && heads)
        return EINVAL;
#endif
    pristine_lost(ptr);
#ifdef ABORT_ON_DOUBLE_FREE
    static void *last_freed;
    if (ptr && ptr == last_freed)
        abort();
    last_freed = ptr;
#endif
#ifdef USABLE_INTO_NEXT_HEADER
    crash_if_header_broken(ptr);
#endif
#ifdef MERGES_LIVE_BELOW
    merge_below(ptr);
#endif
#ifdef MERGES_PAST_FREE_BELOW
    merge_past_free_below(ptr);
#endif
#ifdef REALLOC_SLIDES_DOWN
    carved_freed = ptr;
#endif
#ifdef CARVES
    return 0;
#endif
    free(ptr);
    return 0;
}

#include "crash-resize.h" /* -DCALLOC_*, -DREALLOC_*, -DCRASH_IN_REALLOC: they call the two above */

#include "crash-stats.h" /* stats(), check(), why_refused(): -DSTATS_*, -DCRASH_IN_STATS, -DCHECK_FAILS_FROM */

#ifdef CLAIMS_SMALL_ALIGNED
#define CRASH_CAPS FUZZ_SMALL_ALIGNED_TO_SIZE
#elif defined(REFUSAL_EXPLAINED)
#define CRASH_CAPS FUZZ_REPORTS_ENOMEM
#elif defined(UNMAP_LEAVES_PAGE) /* the promise its short munmap breaks */
#define CRASH_CAPS FUZZ_UNMAPS_ON_DESTROY
#elif defined(GROWS_THOUGH_IT_FITS)
#define CRASH_CAPS FUZZ_CAN_GROW
#elif defined(CONTAINS_MISSES) || defined(MOVED_KEEPS_LENGTH) || defined(MOVED_KEEPS_ADDRESS) || defined(CLAIMS_BOUNDS)
#define CRASH_CAPS FUZZ_HAS_BOUNDS
#elif defined(FREE_REFUSES_PROBE)
#define CRASH_CAPS (FUZZ_PRISTINE_AFTER_FREE_ALL | FUZZ_DETECTS_BAD_FREE | FUZZ_DETECTS_DOUBLE_FREE)
#elif defined(CLAIMS_BAD_FREE)
#define CRASH_CAPS (FUZZ_DETECTS_BAD_FREE | FUZZ_DETECTS_DOUBLE_FREE)
#elif defined(ABORT_ON_DOUBLE_FREE) || defined(CLAIMS_DOUBLE_FREE)
#define CRASH_CAPS FUZZ_DETECTS_DOUBLE_FREE
#elif defined(LARGEST_FREE_LIE) || defined(FIRST_BLOCK_MISALIGNED) || defined(CRASH_IN_PRISTINE_CHECK) || \
    defined(LEAKS_UNSEEN) || defined(STALE_SMALL) || defined(STATS_LIE_AFTER_BIG_FREE) || defined(DEFERS_FREES)
#define CRASH_CAPS FUZZ_PRISTINE_AFTER_FREE_ALL
#else
#define CRASH_CAPS 0
#endif
#ifdef CLAIMS_CAN_GROW
#define CRASH_CAPS_CLAIMED (CRASH_CAPS | FUZZ_CAN_GROW)
#else
#define CRASH_CAPS_CLAIMED CRASH_CAPS
#endif

#ifdef CONTAINS_MISSES /* crash-mappings.h: a lookup that finds no block's mapping */
static int crash_contains(void *heap, const void *p, size_t n)
{
    (void)heap, (void)p, (void)n;
    return 0;
}
#define CRASH_CONTAINS crash_contains
#elif defined(MOVED_KEEPS_LENGTH) || defined(MOVED_KEEPS_ADDRESS) || defined(CLAIMS_BOUNDS) /* crash-mappings.h */
#define CRASH_CONTAINS mapping_contains
#else
#define CRASH_CONTAINS NULL
#endif

#ifdef CREATE_IN
static void *crash_create_in(void *buffer, size_t bytes)
{
    (void)buffer;
    return crash_create(bytes);
}
#define CRASH_CREATE_IN crash_create_in
#else
#define CRASH_CREATE_IN NULL
#endif

#ifdef SIZED_FREE
static int crash_free_sized(void *heap, void *ptr, size_t size, size_t alignment)
{
    (void)size, (void)alignment;
    return crash_free(heap, ptr);
}
#define CRASH_FREE NULL
#define CRASH_FREE_SIZED crash_free_sized
#else
#define CRASH_FREE crash_free
#define CRASH_FREE_SIZED NULL
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "crash-at-100th-malloc",
    .alignment = CRASH_ALIGNMENT,
    .caps = CRASH_CAPS_CLAIMED,
    .bad_free_errno = EINVAL,
    .double_free_errno = EINVAL,
    .create = crash_create,
    .create_in = CRASH_CREATE_IN,
    .destroy = crash_destroy,
    .malloc = crash_malloc,
    .free = CRASH_FREE,
    .free_sized = CRASH_FREE_SIZED,
    .calloc = CRASH_CALLOC,
    .realloc = CRASH_REALLOC,
    .aligned_alloc = CRASH_ALIGNED,
    .stats = CRASH_STATS,
    .check = CRASH_CHECK,
    .usable_size = CRASH_USABLE_SIZE,
    .contains = CRASH_CONTAINS,
    .why_refused = CRASH_WHY_REFUSED,
};
