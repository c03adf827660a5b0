/*
 * crash-stats.h - crash-adapter.c's account of its heap, and the planted
 * bugs in it: stats(), check() and why_refused(). Included by
 * crash-adapter.c only, after crash_free: they read its counts (calls,
 * frees, big_freed). It defines CRASH_STATS, CRASH_CHECK and
 * CRASH_WHY_REFUSED for the adapter's table, NULL when none of its -D is
 * given. The bugs of the other files that need stats() (-DLEAKS_UNSEEN,
 * -DSTATS_LIE_AFTER_BIG_FREE, -DLARGEST_FREE_LIE, ...: crash-adapter.c)
 * get theirs here; the reason -DREFUSAL_EXPLAINED gives for its refusal too.
 * -DSTATS_LIE_AFTER_FREE: no crash; stats() counts one live block too many
 * once a block was freed, so the model's check fires right after a free.
 * -DSTATS_NO_LIVE_BLOCKS: no crash; stats() sets only largest_free.
 * -DSTATS_COUNTER_OVERWRITTEN: no crash; once a block was freed, live_blocks
 * reads as an address, as a counter the harness's fill of a block overlapping
 * the heap's record lands on; -DSTATS_BELOW_ZERO: two blocks counted off too many.
 * -DCHECK_FAILS_FROM=N: no crash; check() fails once mallocs and frees
 * together number N: a replay names the op that made the Nth call, and on
 * the engines' schedule (-s) the report gives the ops since the last pass.
 * Called after destroy(), it fails saying so: a report made then (left_mapped)
 * must not run the checker on a heap that is gone.
 * With -DRECHECK_CLEAN it fails only in the process that called it first:
 * the child fuzz/recheck.c forks to run the input again (a free-all's failed
 * check on the engines' schedule) runs clean; with -DRECHECK_CRASHES that
 * child crashes in check() instead, with -DRECHECK_EXITS it exits with
 * status 3 there (as a sanitizer's report ends a run), with -DRECHECK_HANGS
 * it waits there for ever (as a walk of a looping list would) until the
 * child's alarm ends it. The report's "first broken" line must
 * say which, as a real allocator's bug that does not come back would.
 * -DREFUSAL_BREAKS_CHECK (with -DLARGEST_FREE_LIE): check() fails once a
 * request was refused. -DSTALE_FOOTER (with -DLEAKS_UNSEEN): check() fails
 * once a request over 64 bytes was served after the leak, in halloc's words
 * for a free chunk whose footer a split left holding the size before it;
 * -DSTALE_FOOTER=2 crashes there instead, as a walk of that chunk would:
 * not_pristine's report runs the check before its cause, and its crash's
 * context must say the oracle, its what and the damage.
 * -DCHECK_RESETS_HINT: check() passes, and resets crash-adapter.c's count
 * of the mallocs since it last ran (there, why).
 * -DDEFERS_FREES: no crash; stats()' largest_free is 64 KiB until a block
 * is freed, then 24 bytes, as an allocator that defers merging its frees
 * (quick lists consolidated only when a request finds no chunk) counts what
 * fits unmerged; every request is served (with -DLEAKS_UNSEEN, as that says).
 * -DCRASH_IN_STATS: stats() crashes once a block was freed, as a walk of a
 * free list the free broke: the context must say the op's calls had returned
 * and the harness was in stats().
 */
#ifndef CRASH_STATS_H
#define CRASH_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "../adapter.h"

#if defined(STATS_LIE_AFTER_FREE) || defined(CRASH_IN_STATS) || defined(LEAKS_UNSEEN) || \
    defined(STATS_LIE_AFTER_BIG_FREE) || defined(STATS_COUNTER_OVERWRITTEN) || defined(STATS_BELOW_ZERO) || \
    defined(DEFERS_FREES)
static int crash_stats(void *heap, struct fuzz_stats *out)
{
    (void)heap;
#ifdef CRASH_IN_STATS
    if (frees > 0) {
        char *volatile wild = (char *)(uintptr_t)(frees + 16);
        *wild = 1;
    }
    *out = (struct fuzz_stats){0, 0, calls - frees};
#elif defined(DEFERS_FREES)
    *out = (struct fuzz_stats){0, frees > 0 ? 24 : (size_t)64 * 1024, calls - frees};
#elif defined(LEAKS_UNSEEN) /* =4: largest_free as a fresh heap's, as a stats() that walks the free chunks */
    *out = (struct fuzz_stats){0, LEAKS_UNSEEN == 4 ? (size_t)64 * 1024 : 0, calls - frees};
#elif defined(STATS_LIE_AFTER_BIG_FREE)
    *out = (struct fuzz_stats){0, 0, calls - frees + (size_t)big_freed};
#elif defined(STATS_COUNTER_OVERWRITTEN)
    *out = (struct fuzz_stats){0, 0, frees > 0 ? (size_t)0x7ff641f39061 : calls - frees};
#elif defined(STATS_BELOW_ZERO)
    *out = (struct fuzz_stats){0, 0, calls - frees - 2 * (frees > 0)};
#else
    *out = (struct fuzz_stats){0, 0, calls - frees + (frees > 0)};
#endif
    return 0;
}
#define CRASH_STATS crash_stats
#elif defined(LARGEST_FREE_LIE) || defined(FIRST_BLOCK_MISALIGNED) || defined(CRASH_IN_PRISTINE_CHECK) || \
    defined(GROWS_THOUGH_IT_FITS) || defined(STATS_NO_LIVE_BLOCKS) || defined(GROWS_THEN_REFUSES)
static int crash_stats(void *heap, struct fuzz_stats *out)
{
    (void)heap;
#ifdef GROWS_THEN_REFUSES
    *out = (struct fuzz_stats){0, grown_pool || pool_given_back ? GROWN_POOL - 64 : 32 * (size_t)1024, calls - frees};
#elif defined(STATS_NO_LIVE_BLOCKS)
    out->largest_free = (size_t)64 * 1024; /* a user's stats() that forgets live_blocks */
#elif defined(LARGEST_FREE_LIE)
    *out = (struct fuzz_stats){0, (size_t)1 << 20, calls - frees};
#elif defined(GROWS_THOUGH_IT_FITS)
    *out = (struct fuzz_stats){0, 512, calls - frees};
#else
    *out = (struct fuzz_stats){0, (size_t)64 * 1024, calls - frees};
#endif
    return 0;
}
#define CRASH_STATS crash_stats
#else
#define CRASH_STATS NULL
#endif

#ifdef STALE_FOOTER
static int crash_check(void *heap, char *msg, size_t len)
{
    (void)heap;
    if (!split_after_leak)
        return 0;
#if STALE_FOOTER == 2
    *(char *volatile)(uintptr_t)16 = 1; /* a wild write, as a walk of the damaged chunk makes */
#endif
    snprintf(msg, len, "boundary-tag: free chunk of 16384 bytes has footer 32768");
    return 1;
}
#define CRASH_CHECK crash_check
#elif defined(REFUSAL_BREAKS_CHECK)
static int crash_check(void *heap, char *msg, size_t len)
{
    (void)heap;
    if (!refused)
        return 0;
    snprintf(msg, len, "free list of class 7: its head points outside the heap");
    return 1;
}
#define CRASH_CHECK crash_check
#elif defined(CHECK_RESETS_HINT)
static int crash_check(void *heap, char *msg, size_t len)
{
    (void)heap, (void)msg, (void)len;
    mallocs_unchecked = 0;
    return 0;
}
#define CRASH_CHECK crash_check
#elif defined(CHECK_FAILS_FROM)
static int crash_check(void *heap, char *msg, size_t len)
{
    (void)heap;
    if (destroyed) {
        snprintf(msg, len, "check() called after destroy(): the heap it reads is gone");
        return 1;
    }
    if (calls + frees < CHECK_FAILS_FROM)
        return 0;
#if defined(RECHECK_CLEAN) || defined(RECHECK_CRASHES) || defined(RECHECK_EXITS) || defined(RECHECK_HANGS)
    static pid_t first_run; /* the process that checked first: a child forked off it inherits this */
    if (!first_run)
        first_run = getpid();
    if (getpid() != first_run) {
#ifdef RECHECK_CRASHES
        *(char *volatile)(uintptr_t)16 = 1; /* a wild write, as a checker walking a damaged list makes */
#elif defined(RECHECK_EXITS)
        _exit(3);
#elif defined(RECHECK_HANGS)
        for (;;)
            pause(); /* no CPU spent waiting */
#endif
        return 0;
    }
#endif
    snprintf(msg, len, "broken since call %d", CHECK_FAILS_FROM);
    return 1;
}
#define CRASH_CHECK crash_check
#else
#define CRASH_CHECK NULL
#endif

#ifdef REFUSAL_EXPLAINED
static const char *explained_refusal(void *heap)
{
    (void)heap;
    return "free list (3,4) damaged: its head is not free";
}
#define CRASH_WHY_REFUSED explained_refusal
#else
#define CRASH_WHY_REFUSED NULL
#endif

#endif /* CRASH_STATS_H */
