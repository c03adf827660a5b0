/*
 * limit-adapter.c - for fuzz/scripts/check-heap-limit.sh: the process's
 * malloc behind an adapter that claims FUZZ_CAN_GROW and FUZZ_NO_HEAP_LIMIT,
 * with a stats() that counts live blocks but cannot tell what fits
 * (largest_free 0), as a size-class allocator's often cannot.
 * -DTABLE_FULL=N: a table of N live blocks, the (N+1)th request refused with
 * ENOMEM (a page table or mapping list that is full): no largest_free
 * vouches for it, so only the claim can show it; and an alignment of 512
 * refused with errno untouched, as Boehm GC's GC_memalign refuses those over
 * 4096 (the adapter claims FUZZ_REPORTS_ENOMEM: alloc_wrong_errno). Alignments
 * over 1024 it refuses with EINVAL, which is never judged, but later reports
 * mark.
 */
#include <errno.h>
#include <stdlib.h>

#include "adapter.h"

static size_t live;
static char heap;

static void *la_create(size_t bytes) { return live = 0, bytes ? &heap : NULL; }
static void la_destroy(void *h) { (void)h; }

static int table_full(void)
{
#ifdef TABLE_FULL
    if (live >= TABLE_FULL) {
        errno = ENOMEM;
        return 1;
    }
#endif
    return 0;
}

static void *la_malloc(void *h, size_t n)
{
    (void)h;
    void *p = table_full() ? NULL : malloc(n ? n : 1);
    live += p != NULL;
    return p;
}

static void *la_aligned(void *h, size_t a, size_t n)
{
    (void)h;
    void *p = NULL;
    if (a > 1024) { /* an alignment it does not support: fair, never judged */
        errno = EINVAL;
        return NULL;
    }
#ifdef TABLE_FULL
    if (a == 512)
        return NULL;
#endif
    if (!table_full() && posix_memalign(&p, a < sizeof(void *) ? sizeof(void *) : a, n ? n : 1) != 0) {
        p = NULL;
        errno = ENOMEM;
    }
    live += p != NULL;
    return p;
}

static int la_free(void *h, void *p)
{
    (void)h;
    live -= p != NULL;
    free(p);
    return 0;
}

static int la_stats(void *h, struct fuzz_stats *st)
{
    (void)h;
    st->live_blocks = live;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "limit",
    .alignment = 16,
    .caps = FUZZ_CAN_GROW | FUZZ_NO_HEAP_LIMIT | FUZZ_REPORTS_ENOMEM,
    .create = la_create,
    .destroy = la_destroy,
    .malloc = la_malloc,
    .free = la_free,
    .aligned_alloc = la_aligned,
    .stats = la_stats,
};
