/*
 * discard-adapter.c - for fuzz/scripts/check-discard.sh: a bump allocator
 * over one mapping that gives a freed block's pages back with
 * madvise(MADV_DONTNEED), the pages wholly inside the block; it never reuses
 * memory. It keeps a magic word at the mapping's start (a heap header), which
 * every malloc reads, faulting when it is 0, and its check() tests.
 * -DROUND_OUT: the range is rounded out to whole pages instead (start down,
 * end up), so it drops the bytes of live neighbours in those pages (and the
 * heap header, when the block lies in the first page).
 * -DPROTECT: the pages are made inaccessible with mprotect(PROT_NONE) instead
 * (a use after free then faults), over the same range.
 * -DUSABLE_SHORT: usable_size is one byte short of a request of 100 (a class
 * table off by one there): usable_too_small names that block, and a free's
 * madvise of pages it does not touch must not be offered as a cause.
 * -DSTATS_OFF: stats() count one live block too many once a block of 30000
 * bytes was freed: stats_mismatch names no block, the heap's check passes,
 * and that free's madvise, which dropped only its own pages, must not be
 * offered as a cause. Built with -DUSABLE_SHORT, whose trace frees none.
 * -DWRITES_FIRST_BLOCK: a malloc of 777 bytes flips the first byte of the
 * heap's first block, wherever it lies (check-verify-traces.sh: that block,
 * large, is read at its edges only when a block is placed beside it, ops
 * later, and the report must say the op it names need not be the writer).
 * -DJUNK_PAST: a free fills its block with 0xdf and 48 bytes more, the next
 * block's header and its first 32 bytes (a junk fill with a size class's
 * stride too large, round 15): pattern_corrupted must name that free and
 * its fill, and guess no header spaced short.
 * -DLAZY_FREE_CALLOC: free gives the pages back with MADV_FREE instead, and
 * a calloc that fits the block freed last returns it without zeroing, taking
 * those pages to read zero (round 19's BiBOP trim): calloc_not_zero must
 * name that madvise and its lazy freeing.
 * -DDROP_SHORT: the same reuse, pages given back with MADV_DONTNEED but one
 * page short of the block's last whole page, blocks of a page or more placed
 * on a page (round 20's decay purge): calloc_not_zero must name the madvise
 * whose range ends right below the bytes left, a release a page short;
 * -DDROP_SHORT=2, two pages short: pages above the range never given back.
 * -DCOUNT_FORGETS: it also counts each page's live blocks, by the page a
 * block starts on, and gives a page back whole when a free takes its count
 * to zero; a malloc of 48 bytes is not counted (round 21's mesh left out the
 * slots a mesh took in): discard_live must say that no free stretch of the
 * page is a page long, and blame a count, not a range rounded out.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "adapter.h"

#define AREA ((size_t)64 << 20)
#define MAGIC 0x6b6f6f6bu

struct area { unsigned magic; size_t used, live, off; };
struct head { size_t size, pad; }; /* before each block: its size */

#ifdef COUNT_FORGETS
static unsigned page_live[AREA / 4096]; /* pages of 4 KiB or more */

static unsigned *page_count(struct area *a, const void *block)
{
    return &page_live[(size_t)((const char *)block - (char *)a) / (size_t)sysconf(_SC_PAGESIZE)];
}
#endif

static void *da_create(size_t bytes)
{
    (void)bytes;
    struct area *a = mmap(NULL, AREA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (a == MAP_FAILED)
        return NULL;
    a->magic = MAGIC;
    a->used = 64; /* the first block's header at 64, the block at 80 */
#ifdef COUNT_FORGETS
    memset(page_live, 0, sizeof page_live);
#endif
    return a;
}

static void da_destroy(void *h) { munmap(h, AREA); }

static void *da_malloc(void *h, size_t n)
{
    struct area *a = h;
    if (a->magic != MAGIC) { /* the header is gone: fault, as an allocator reading a zeroed link does */
        char *volatile wild = (char *)(uintptr_t)(a->magic + 16);
        *wild = 1;
    }
#ifdef WRITES_FIRST_BLOCK
    if (n == 777)
        ((unsigned char *)a)[64 + sizeof(struct head)] ^= 0xff;
#endif
#ifdef DROP_SHORT
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (n >= page) /* the block on a page, its header at the end of the one below */
        a->used = (a->used + sizeof(struct head) + page - 1) / page * page - sizeof(struct head);
#endif
    size_t need = sizeof(struct head) + ((n + 15) & ~(size_t)15);
    if (n > AREA || need > AREA - a->used)
        return NULL;
    struct head *hd = (struct head *)((char *)a + a->used);
    hd->size = n;
    a->used += need;
    a->live++;
#ifdef COUNT_FORGETS
    *page_count(a, hd + 1) += n != 48;
#endif
    return hd + 1;
}

#if defined(LAZY_FREE_CALLOC) || defined(DROP_SHORT)
#ifdef LAZY_FREE_CALLOC
#define DA_ADVICE MADV_FREE
#else
#define DA_ADVICE MADV_DONTNEED
#endif
static struct head *lazily_freed; /* the block freed last, its pages given back */
static void *da_calloc(void *h, size_t n, size_t size)
{
    struct head *reused = lazily_freed;
    if (reused && n && size <= reused->size / n) {
        lazily_freed = NULL;
        ((struct area *)h)->live++;
        return reused + 1; /* the bug: pages given back with MADV_FREE taken to read zero */
    }
    void *p = n && size > SIZE_MAX / n ? NULL : da_malloc(h, n * size);
    return p ? memset(p, 0, n * size) : NULL;
}
#else
#define DA_ADVICE MADV_DONTNEED
#endif

static int da_free(void *h, void *p)
{
    if (!p)
        return 0;
#if defined(LAZY_FREE_CALLOC) || defined(DROP_SHORT)
    lazily_freed = (struct head *)p - 1;
#endif
    ((struct area *)h)->live--, ((struct area *)h)->off |= ((struct head *)p - 1)->size == 30000;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), at = (uintptr_t)p, end = at + ((struct head *)p - 1)->size;
#ifdef JUNK_PAST
    memset(p, 0xdf, end - at + sizeof(struct head) + 32);
#endif
#ifdef ROUND_OUT
    uintptr_t lo = at & ~(page - 1), hi = (end + page - 1) & ~(page - 1);
#else
    uintptr_t lo = (at + page - 1) & ~(page - 1), hi = end & ~(page - 1);
#endif
#ifdef DROP_SHORT
    hi -= hi - lo > DROP_SHORT * page ? DROP_SHORT * page : 0;
#endif
#ifdef COUNT_FORGETS
    if (--*page_count(h, p) == 0)
        madvise((void *)(at & ~(page - 1)), page, MADV_DONTNEED);
#endif
#ifdef PROTECT
    if (hi > lo)
        mprotect((void *)lo, hi - lo, PROT_NONE);
#else
    if (hi > lo)
        madvise((void *)lo, hi - lo, DA_ADVICE);
#endif
    return 0;
}

static int da_check(void *h, char *msg, size_t len)
{
    if (((struct area *)h)->magic == MAGIC)
        return 0;
    snprintf(msg, len, "heap header's magic is %#x", ((struct area *)h)->magic);
    return 1;
}

#ifdef USABLE_SHORT
static size_t da_usable_size(void *h, void *p)
{
    (void)h;
    size_t n = ((struct head *)p - 1)->size;
    return n == 100 ? n - 1 : n;
}
#endif

#ifdef STATS_OFF
static int da_stats(void *h, struct fuzz_stats *out)
{
    const struct area *a = h;
    out->live_blocks = a->live + a->off;
    return 0;
}
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "discard",
    .check = da_check,
    .alignment = 16,
    .caps = 0,
    .create = da_create,
    .destroy = da_destroy,
    .malloc = da_malloc,
    .free = da_free,
#ifdef USABLE_SHORT
    .usable_size = da_usable_size,
#endif
#ifdef STATS_OFF
    .stats = da_stats,
#endif
#if defined(LAZY_FREE_CALLOC) || defined(DROP_SHORT)
    .calloc = da_calloc,
#endif
};
