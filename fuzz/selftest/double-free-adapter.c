/*
 * double-free-adapter.c - for check-adapters.sh: the process's malloc behind
 * a table of live blocks, so that a free of a pointer not in it (a double
 * free) fails with EINVAL and changes nothing; stats() counts live blocks.
 * -DCOUNTS_FIRST: free takes the block off the count before it looks the
 * pointer up, so a rejected double free still changes the count, as a free
 * that pushes the block on a list before testing its in-use bit:
 * bad_free_changed_heap must give that as its likely cause.
 * -DKEEPS_FOURTH: the free of the block in the table's fourth place leaves
 * it there, live, as a slab's free that left a page's last slot marked in
 * use: its double free goes through though others are refused, and
 * bad_free_accepted must blame that first free, not a missing test.
 * -DKEEPS_MERGED: the free of a block that starts just above the block
 * freed last (a merge with it) leaves it in the table, live, as a run
 * allocator's release that left the pages in its page map (round 13b): its
 * double free goes through, and bad_free_accepted must name that merge.
 * -DFREED_TAKEN_AS_FOREIGN: the adapter claims FUZZ_DETECTS_BAD_FREE too,
 * bad_free_errno EINVAL, and gives double frees EALREADY, which its free
 * never returns: a freed block's entry is gone, so its second free is
 * refused as a pointer never handed out (EINVAL), and bad_free_wrong_errno
 * must say so and blame the record a free removes.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

#include "adapter.h"

#define TABLE 256

static void *live[TABLE];
static size_t count;
static char heap;
#ifdef KEEPS_MERGED
static uintptr_t freed_end; /* one past the block freed last */
#endif

static void *df_create(size_t bytes)
{
    for (size_t i = 0; i < TABLE; i++)
        live[i] = NULL;
    count = 0;
#ifdef KEEPS_MERGED
    freed_end = 0;
#endif
    return bytes ? &heap : NULL;
}

static void df_destroy(void *h) { (void)h; }

static void *df_malloc(void *h, size_t n)
{
    (void)h;
    for (size_t i = 0; i < TABLE; i++)
        if (!live[i]) {
            live[i] = malloc(n ? n : 1);
            count += live[i] != NULL;
            return live[i];
        }
    errno = ENOMEM;
    return NULL;
}

static int df_free(void *h, void *p)
{
    (void)h;
    if (!p)
        return 0;
#ifdef COUNTS_FIRST
    count--;
#endif
    for (size_t i = 0; i < TABLE; i++)
        if (live[i] == p) {
#ifdef KEEPS_MERGED
            if ((uintptr_t)p > freed_end && (uintptr_t)p - freed_end <= 32) { /* merged: its entry kept */
                count--;
                return 0;
            }
            freed_end = (uintptr_t)p + malloc_usable_size(p);
#endif
#ifdef KEEPS_FOURTH
            if (i == 3) { /* left live, and not given back: its second free must not reach free() */
                count--;
                return 0;
            }
#endif
            live[i] = NULL;
#ifndef COUNTS_FIRST
            count--;
#endif
            free(p);
            return 0;
        }
    return EINVAL;
}

static int df_stats(void *h, struct fuzz_stats *st)
{
    (void)h;
    st->live_blocks = count;
    return 0;
}

#ifdef FREED_TAKEN_AS_FOREIGN
#define DF_CAPS (FUZZ_DETECTS_DOUBLE_FREE | FUZZ_DETECTS_BAD_FREE)
#define DF_DOUBLE_FREE_ERRNO EALREADY
#else
#define DF_CAPS FUZZ_DETECTS_DOUBLE_FREE
#define DF_DOUBLE_FREE_ERRNO EINVAL
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "double-free",
    .alignment = 16,
    .caps = DF_CAPS,
    .bad_free_errno = EINVAL, /* read only with FUZZ_DETECTS_BAD_FREE */
    .double_free_errno = DF_DOUBLE_FREE_ERRNO,
    .create = df_create,
    .destroy = df_destroy,
    .malloc = df_malloc,
    .free = df_free,
    .stats = df_stats,
};
