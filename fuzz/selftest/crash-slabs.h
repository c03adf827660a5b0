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
#endif

#endif /* CRASH_SLABS_H */
