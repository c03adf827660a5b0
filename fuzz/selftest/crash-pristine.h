/*
 * crash-pristine.h - crash-adapter.c's planted bugs that the pristine probe
 * after a free-all meets (the adapter claims FUZZ_PRISTINE_AFTER_FREE_ALL):
 * leaks, refusals a fresh heap would serve, stats that promise what malloc
 * refuses, and a growth where stats say a request fits. Included by
 * crash-adapter.c only, after its counts (calls, frees), which pristine_answer
 * counts in; crash-stats.h and crash-resize.h read its state (leaked,
 * last_small, tail_lost, split_after_leak, big_freed, refused). It defines
 * CRASH_USABLE_SIZE for -DLEAKS_UNSEEN=5.
 * -DLARGEST_FREE_LIE: no crash; the adapter claims FUZZ_PRISTINE_AFTER_FREE_ALL
 * and its stats say 1 MiB fits, but malloc refuses anything over 64 KiB: the
 * pristine probe must call that a spurious out-of-memory, not a leak.
 * =2: malloc refuses every request, as a list whose only chunk sits at the
 * offset its "none" value names: the probe must say the fresh heap serves
 * nothing, not blame a good fit's rounding.
 * =3: only the first request over 64 KiB and under 1 MiB is refused, as a
 * call that drains deferred frees when it finds no chunk and does not search
 * again: spurious_oom must say the same request asked again was served.
 * =4: as 3, but the request asked again crashes, as a call that reads what
 * the refused one left half-made: the crash must name the harness's request
 * asked again, not the op's own call.
 * With -DREFUSAL_BREAKS_CHECK, check() fails from that refusal on, as a
 * heap whose broken list made the request fail: the report's cause must
 * point to the checker's line, not to the search or the stats.
 * -DSTALE_SMALL: no crash; the adapter claims FUZZ_PRISTINE_AFTER_FREE_ALL,
 * and once a block over 4 KiB was freed a request of at most 64 bytes fails,
 * as a search meeting a bitmap bit left set for an emptied list: spurious_oom.
 * -DLEAKS_UNSEEN: no crash; the adapter claims FUZZ_PRISTINE_AFTER_FREE_ALL,
 * malloc serves 64 KiB until a block of at most 64 bytes is freed, then 32
 * KiB (as a free that loses the rest of a chunk), and stats() fills only
 * live_blocks (largest_free 0): the leak must still show at the first
 * free-all, measured by requests. =2: the free of a 64 KiB block loses it,
 * as of the harness's own request after a free-all: with no block of the
 * program's, the report must say the only requests were the harness's.
 * =3: nothing lost; the first request of 64 KiB after that free is refused
 * and the next served, so the search for what fits finds 64 KiB: the report
 * must say the size was refused and then served, not that it no longer fits.
 * =4: as 1, but stats() say 64 KiB fits throughout, so the pristine size is
 * measured by stats: on an input that allocates nothing the report must name
 * the harness's malloc(1) and free as the only calls on the heap.
 * =5: realloc keeps a block in place for a smaller size, usable_size (glibc's)
 * unchanged, and the block's free then loses the tail a split would have cut
 * off (as a shrink that split it off as free but kept the old size in the
 * header): not_pristine must name that realloc.
 * With -DSTALE_FOOTER (and =1) check() fails once a request over 64 bytes
 * was served after that free (crash-stats.h), as a split of the free chunk
 * left its footer stale: of the calls after a free-all, only the harness's
 * search for what fits does that, and not_pristine must blame it.
 * -DSTATS_LIE_AFTER_BIG_FREE: no crash; the adapter claims
 * FUZZ_PRISTINE_AFTER_FREE_ALL, and stats() counts one live block too many
 * once a block of 64 KiB was freed, as a free that misreads a big block's
 * size: only the harness's own request after a free-all is that big, and the
 * report must name it.
 * -DGROWS_THEN_REFUSES: no crash; every request over 32 KiB is refused, the
 * first after mapping a pool of 128 KiB, which stats() then count, as a TLSF
 * whose search stops at a bitmap bit left set for an emptied list, before the
 * chunk the pool added: spurious_oom must name the pool the refused call
 * mapped, and not one an earlier call did. =2: the refused call unmaps the
 * pool again before it answers (stats() still count it): still named.
 * -DGROWS_THOUGH_IT_FITS: no crash; the adapter claims FUZZ_CAN_GROW, its
 * stats say 512 bytes fit, and every malloc maps a page (and gives it back)
 * before it answers, as a search that skips the free chunk that fits and
 * grows the heap: spurious_growth must fire at the first request of at most
 * 512 bytes, and not at a larger one.
 */
#ifndef CRASH_PRISTINE_H
#define CRASH_PRISTINE_H

#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifdef LEAKS_UNSEEN
static int leaked;        /* a small block was freed: the heap lost half */
static void *last_small;  /* the last block of at most 64 bytes (=2: of 64 KiB; =5: shrunk in place) */
static size_t tail_lost;  /* =5: what the shrunk block's free loses */
static int split_after_leak; /* -DSTALE_FOOTER: a request over 64 bytes served since (crash-stats.h) */
#endif
#ifdef STATS_LIE_AFTER_BIG_FREE
static int big_freed; /* a block of 64 KiB or more was freed */
#endif
#ifdef STALE_SMALL
static int stale; /* a block over 4 KiB was freed */
#endif
#ifdef LARGEST_FREE_LIE
static int refused; /* a request was refused (crash-stats.h's -DREFUSAL_BREAKS_CHECK) */
#endif
#ifdef GROWS_THEN_REFUSES
#define GROWN_POOL ((size_t)128 * 1024)
static void *grown_pool; /* the pool the first refusal mapped (crash-stats.h counts it) */
static int pool_given_back; /* =2: ...and unmapped again, still counted (a stats() that missed the unmap) */
#endif

/* A fresh heap: nothing freed, lost or refused yet. */
static inline void pristine_create(void)
{
#ifdef GROWS_THEN_REFUSES
    if (grown_pool)
        munmap(grown_pool, GROWN_POOL);
    grown_pool = NULL;
    pool_given_back = 0;
#endif
#ifdef STATS_LIE_AFTER_BIG_FREE
    big_freed = 0;
#endif
#ifdef STALE_SMALL
    stale = 0;
#endif
#ifdef LEAKS_UNSEEN
    leaked = 0, last_small = NULL, tail_lost = 0, split_after_leak = 0;
#endif
}

/* A free of ptr counted: what its size tells the bugs that follow big frees. */
static inline void pristine_freed(void *ptr)
{
    (void)ptr;
#ifdef STATS_LIE_AFTER_BIG_FREE
    big_freed |= ptr && malloc_usable_size(ptr) >= 64 * 1024;
#endif
#ifdef STALE_SMALL
    stale |= ptr && malloc_usable_size(ptr) > 4096;
#endif
}

/* A free about to succeed: -DLEAKS_UNSEEN's lost memory, once its block is freed. */
static inline void pristine_lost(void *ptr)
{
    (void)ptr;
#ifdef LEAKS_UNSEEN
    leaked |= ptr && ptr == last_small;
#endif
}

/* These bugs' answer to a request in place of glibc's malloc: 1, with *block
 * the answer; 0 to leave it to the next (-DGROWS_THOUGH_IT_FITS maps and
 * unmaps a page first, and leaves it). */
static inline int pristine_answer(size_t size, void **block)
{
    (void)size, (void)block;
#ifdef LEAKS_UNSEEN
#if LEAKS_UNSEEN == 3 /* no leak: the first 64 KiB after the small free is refused, the next served */
    if (leaked == 1 && size == 64 * (size_t)1024)
        return leaked = 2, errno = ENOMEM, *block = NULL, 1;
    if (size > 64 * (size_t)1024)
#elif LEAKS_UNSEEN == 5
    if (size > 64 * (size_t)1024 - (leaked ? tail_lost : 0))
#else
    if (size > (leaked ? 32 : 64) * (size_t)1024)
#endif
        return errno = ENOMEM, *block = NULL, 1;
    split_after_leak |= leaked && size > 64;
    if (LEAKS_UNSEEN == 2 ? size == 64 * (size_t)1024 : LEAKS_UNSEEN != 5 && size <= 64) /* its free loses memory */
        return ++calls, *block = last_small = malloc(size), 1;
#endif
#ifdef STALE_SMALL
    if (stale && size <= 64)
        return errno = ENOMEM, *block = NULL, 1;
#endif
#ifdef GROWS_THEN_REFUSES
    if (size > 32 * 1024 && !grown_pool) {
        void *pool = mmap(NULL, GROWN_POOL, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        grown_pool = pool == MAP_FAILED ? NULL : pool;
#if GROWS_THEN_REFUSES == 2
        if (grown_pool) /* a failing retry that gives its pool back: every such request maps one anew */
            munmap(grown_pool, GROWN_POOL), grown_pool = NULL, pool_given_back = 1;
#endif
    }
    if (size > 32 * 1024)
        return errno = ENOMEM, *block = NULL, 1;
#endif
#if defined(LARGEST_FREE_LIE) && LARGEST_FREE_LIE >= 3
    if (size > 64 * 1024 && size < ((size_t)1 << 20) && !refused)
        return refused = 1, errno = ENOMEM, *block = NULL, 1;
#if LARGEST_FREE_LIE == 4
    if (size > 64 * 1024 && size < ((size_t)1 << 20)) {
        char *volatile wild = (char *)(uintptr_t)16;
        *wild = 1;
    }
#endif
#elif defined(LARGEST_FREE_LIE)
    if (size > (LARGEST_FREE_LIE == 2 ? 0 : 64 * 1024))
        return refused = 1, errno = ENOMEM, *block = NULL, 1;
#endif
#ifdef GROWS_THOUGH_IT_FITS
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page != MAP_FAILED)
        munmap(page, 4096);
#endif
    return 0;
}

#if defined(LEAKS_UNSEEN) && LEAKS_UNSEEN == 5 /* its shrink in place keeps glibc's usable size */
static inline size_t glibc_usable_size(void *heap, void *ptr)
{
    (void)heap;
    return malloc_usable_size(ptr);
}
#define CRASH_USABLE_SIZE glibc_usable_size
#endif

#endif /* CRASH_PRISTINE_H */
