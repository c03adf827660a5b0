/*
 * crash-slabs.h - the planted bugs of crash-adapter.c whose blocks a lookup
 * takes for a slab's, included by crash-mappings.h (page_size, map_pages)
 * for the one chosen.
 *
 * -DSLAB_KEPT_CURRENT: blocks of up to 64 bytes carved from a page, which
 * the free of its last live block unmaps and keeps as the current slab, and
 * usable_size 0 while it is unmapped (round 14's span released by a sweep
 * while current): usable_too_small must name the munmap, not a freed mark.
 * -DUSABLE_MASKS_BIG: each block a page past a 64 KiB boundary in a mapping of its own, the page at
 * the boundary PROT_NONE, and usable_size reads a slab header at the pointer masked to 64 KiB, as a
 * Hoard-style allocator that takes a big block for a superblock's (round 14): the crash context must
 * name the mask, not only a lookup.
 * -DSLAB_RECARVED: blocks of up to 64 bytes carved 64 apart from a page,
 * and a request of 65 to 256 bytes served by carving the page again for
 * 256-byte blocks when its empty test, off by one, finds at most one block
 * live (round 14's superblock reformatted for another class): overlap must
 * name the slab carved again, not a freed block taken for bigger.
 * -DSLAB_KEPT_LISTED: one page, carved for 16-byte blocks (up to 16 bytes)
 * or 128-byte ones (17 to 128) while empty, whose last block's free leaves
 * it listed as its size's slab; usable_size the size the page was carved for
 * last (round 20's decay heap, a run emptied and kept on its class's list):
 * overlap must name the slot of the freed block's size, not the heap's top.
 */
#ifndef CRASH_SLABS_H
#define CRASH_SLABS_H

#if defined(SLAB_KEPT_CURRENT)
static char *slab; /* the current slab, a page of 64-byte blocks, kept after its munmap */
static size_t slab_next, slab_live;
static int slab_mapped;
static size_t crash_usable_size(void *heap, void *p) { return (void)heap, (void)p, slab_mapped ? 64 : 0; }
#define CRASH_USABLE_SIZE crash_usable_size

static void *mapping_malloc(size_t size)
{
    if (size > 64)
        return errno = ENOMEM, NULL;
    if (!slab || slab_next == page_size() / 64) {
        if (!(slab = map_pages(1)))
            return NULL;
        slab_next = 0, slab_mapped = 1;
    }
    slab_live++;
    return slab + 64 * slab_next++;
}

static void mapping_free(void *ptr)
{
    if (ptr && --slab_live == 0 && slab_mapped)
        munmap(slab, page_size()), slab_mapped = 0;
}

#elif defined(USABLE_MASKS_BIG)
#define SLAB_BYTES ((uintptr_t)65536)
static size_t crash_usable_size(void *heap, void *p)
{
    (void)heap;
    return *(size_t *)((uintptr_t)p & ~(SLAB_BYTES - 1)); /* the slab header there, were it a slab's */
}
#define CRASH_USABLE_SIZE crash_usable_size

static void *mapping_malloc(size_t size)
{
    size_t page = page_size(), len = 2 * SLAB_BYTES;
    char *m = size <= SLAB_BYTES - page - 16 ? map_pages(len / page) : NULL;
    char *boundary = m ? (char *)(((uintptr_t)m + SLAB_BYTES - 1) & ~(SLAB_BYTES - 1)) : NULL;
    if (!boundary || mprotect(boundary, page, PROT_NONE) != 0)
        return NULL;
    char **header = (char **)(boundary + page);
    header[0] = m;
    return header + 2;
}

static void mapping_free(void *ptr)
{
    if (ptr)
        munmap(((char **)ptr)[-2], 2 * SLAB_BYTES);
}
#elif defined(SLAB_RECARVED)
static char *slab; /* one page, carved in blocks of slab_size */
static size_t slab_size, slab_next, slab_live;
static size_t crash_usable_size(void *heap, void *p) { return (void)heap, (void)p, slab_size; }
#define CRASH_USABLE_SIZE crash_usable_size

static void *mapping_malloc(size_t size)
{
    size_t want = size <= 64 ? 64 : 256;
    if (size > 256 || (!slab && !(slab = map_pages(1))))
        return errno = ENOMEM, NULL;
    if (want != slab_size && slab_live <= 1) /* empty, off by one: should be 0 */
        slab_size = want, slab_next = 0;
    if (want != slab_size || (slab_next + 1) * slab_size > page_size())
        return errno = ENOMEM, NULL;
    slab_live++;
    return slab + slab_size * slab_next++;
}

static void mapping_free(void *ptr)
{
    slab_live -= ptr != NULL;
}
#elif defined(SLAB_KEPT_LISTED)
static char *slab;           /* one page: 64 blocks of slab_size, the size it was carved for last */
static size_t slab_size;
static uint64_t slab_used;   /* a bit per block, whichever size the page holds */
static int slab_listed[2];   /* the page is the slab of 16-byte blocks, of 128-byte ones */
static size_t crash_usable_size(void *heap, void *p) { return (void)heap, (void)p, slab_size; }
#define CRASH_USABLE_SIZE crash_usable_size

static void *mapping_malloc(size_t size)
{
    int big = size > 16;
    size_t want = big ? 128 : 16;
    unsigned i = 0;
    if (size > 128 || (!slab && !(slab = map_pages(1))))
        return errno = ENOMEM, NULL;
    if (!slab_listed[big]) {
        if (slab_used)
            return errno = ENOMEM, NULL; /* the other size's blocks are live */
        slab_size = want, slab_listed[big] = 1;
    }
    while (i < 64 && slab_used >> i & 1)
        i++;
    if (i == 64)
        return errno = ENOMEM, NULL;
    slab_used |= (uint64_t)1 << i;
    return slab + want * i; /* the size asked for, whatever the page was carved for */
}

static void mapping_free(void *ptr)
{
    if (ptr)
        slab_used &= ~((uint64_t)1 << ((size_t)((char *)ptr - slab) / slab_size));
    /* emptied, the page is free for either size, yet stays listed for its own: it should be unlisted */
}
#endif

#endif /* CRASH_SLABS_H */
