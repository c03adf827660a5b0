/*
 * crash-edges.h - the planted bugs of crash-adapter.c whose blocks, or whose
 * frees, reach past an edge: a block past the end of its mapping, a free
 * that writes past its block or reads below it into a guard page, or reads
 * a block freed before. Included by crash-mappings.h (page_size, map_pages,
 * map_pages_as) for the one chosen; it defines mapping_malloc and
 * mapping_free.
 *
 * -DBLOCK_PAST_MAPPING: every block starts 64 bytes before the end of a page
 * mapped alone (the page after it unmapped), as a bump arena whose end check
 * leaves out its header: the harness's write of a bigger block faults, and
 * the crash context must say how far the block runs past the mapping.
 * -DBLOCK_PAST_BY_OFFSET: the same page, the block 64 bytes into it and
 * sized against the whole page (round 14b's direct map grown in place past
 * its reservation): past_mapping must say it runs past by its offset.
 * -DBLOCK_AT_MAPPING_END: the same page, the block at its end (outside it),
 * as a slab's search one slot past its page's last; with -DUSABLE_UNDERSTATED
 * (usable_size 0, its lookup finding no block there) usable_too_small must
 * say where it starts.
 * -DHEADER_PAST_MAPPING: the same page, and malloc writes the size of the
 * chunk it would split off 8 bytes past the page's end (a chunk sized with
 * its mapping's own header counted in): the crash context must say how far
 * past the end of which mapping the fault lies. =2: the first malloc maps
 * the page and hands out its start, and the next writes past that page (a
 * heap's chunk too small split as if it held the request, round 18): the
 * context must also name a fit search one step short where block 0 leaves
 * less than the request in the page, and only there.
 * -DHEADER_BEFORE_MAPPING: a page with a hole below it, and malloc reads a
 * header 8 bytes before the page's start (a merge that looks for a buddy
 * below the heap's first block, round 17): the context must say how far
 * before the start of which mapping the fault lies.
 * -DFREE_WRITES_PAST_BLOCK: each block's rounding (to 16) ends where a page
 * mapped PROT_NONE begins (its own page opened by an mprotect that gives
 * access, which the harness does not keep), and free writes a footer word
 * right past the rounding: the crash context must place the fault by the
 * block (8 bytes past the end of a 24-byte block), there being no unmapped
 * or protected memory to name. -DFREE_READS_BELOW_BLOCK: each block starts
 * its page, a PROT_NONE page below it, and free reads a header 16 bytes
 * below the block: the context must say the fault is 16 bytes before it.
 * -DFREE_READS_FREED: blocks as -DFREE_READS_BELOW_BLOCK's; free maps its
 * block's page anew PROT_NONE (memory given back, kept reserved), then reads
 * a link from the block freed before: the context must name that block and
 * the op that freed it.
 */
#ifndef CRASH_EDGES_H
#define CRASH_EDGES_H

#if defined(BLOCK_PAST_MAPPING) || defined(BLOCK_AT_MAPPING_END) || defined(HEADER_PAST_MAPPING) || \
    defined(BLOCK_PAST_BY_OFFSET) || defined(HEADER_BEFORE_MAPPING)
#ifdef BLOCK_AT_MAPPING_END
#define BELOW_PAGE_END 0 /* the block starts where its page ends */
#else
#define BELOW_PAGE_END 64
#endif
#if defined(HEADER_PAST_MAPPING) || defined(HEADER_BEFORE_MAPPING)
/* A page with a hole above it (below it: hole_below) the harness never saw
 * mapped (an unmap of its own would be named instead): two pages reserved,
 * the other one unmapped by raw system calls, this one mapped anew by the
 * mmap it watches. */
static char *page_by_hole(int hole_below)
{
    size_t page = page_size();
    long m = syscall(SYS_mmap, NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long hole = hole_below ? m : m + (long)page, kept = hole_below ? m + (long)page : m;
    if (m == -1 || syscall(SYS_munmap, hole, page) != 0)
        return NULL;
    void *p = mmap((void *)kept, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}
#endif

static void *mapping_malloc(size_t size)
{
#if defined(HEADER_PAST_MAPPING) && HEADER_PAST_MAPPING == 2
    static char *heap_page; /* the first call's: a heap an earlier op mapped */
    if (heap_page)
        *(volatile size_t *)(heap_page + page_size() + 8) = size;
    char *m = heap_page = page_by_hole(0);
    if (m)
        return m; /* its start, so the program's block lies in it */
#elif defined(HEADER_PAST_MAPPING)
    char *m = page_by_hole(0);
    if (!m)
        return NULL;
    *(volatile size_t *)(m + page_size() + 8) = size;
#elif defined(HEADER_BEFORE_MAPPING)
    char *m = page_by_hole(1);
    if (!m || *(volatile size_t *)(m - 8) == size)
        return NULL;
#else
    char *m = size <= page_size() ? map_pages(2) : NULL;
#ifdef NEXT_PAGE_MAPPED
    if (!m || mmap(m + page_size(), page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                   -1, 0) == MAP_FAILED)
        return NULL;
#else
    if (!m || munmap(m + page_size(), page_size()) != 0)
        return NULL;
#endif
#endif
#ifdef BLOCK_PAST_BY_OFFSET
    return m + 64;
#else
    return m + page_size() - BELOW_PAGE_END;
#endif
}

#ifdef NEXT_PAGE_MAPPED
#define BLOCK_PAGES 2 /* its page and the one mapped above it */
#else
#define BLOCK_PAGES 1
#endif
static void mapping_free(void *ptr)
{
    if (ptr)
        munmap((void *)(((uintptr_t)ptr - 1) & ~(uintptr_t)(page_size() - 1)), BLOCK_PAGES * page_size());
}

#elif defined(FREE_WRITES_PAST_BLOCK) || defined(FREE_READS_BELOW_BLOCK) || defined(FREE_READS_FREED)
static void *mapping_malloc(size_t size)
{
    size_t page = page_size(), rounded = (size + 15) & ~(size_t)15;
    char *m = rounded <= page ? map_pages_as(3, PROT_NONE) : NULL;
    if (!m || mprotect(m + page, page, PROT_READ | PROT_WRITE) != 0)
        return NULL;
#ifdef FREE_WRITES_PAST_BLOCK
    return m + 2 * page - rounded; /* its rounding ends at the guard page above */
#else
    return m + page; /* right above the guard page below */
#endif
}

#ifdef FREE_READS_FREED
static void *freed_before; /* the block freed last, its page reserved PROT_NONE */

static void mapping_free(void *ptr)
{
    if (!ptr || (freed_before && *(volatile uint64_t *)freed_before == 0)) /* a link in the freed block */
        return;
    if (mmap(ptr, page_size(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED)
        freed_before = ptr;
}
#else
static void mapping_free(void *ptr)
{
    uintptr_t page = page_size(), open = (uintptr_t)ptr & ~(page - 1);
    if (!ptr)
        return;
#ifdef FREE_WRITES_PAST_BLOCK
    *(volatile uint64_t *)(open + page) = 0; /* a footer past the rounding: the guard page's first word */
#else
    if (*(volatile uint64_t *)((uintptr_t)ptr - 16) == 0) /* a header below the block: the guard page's */
        return;
#endif
    munmap((void *)(open - page), 3 * page);
}
#endif
#endif

#endif /* CRASH_EDGES_H */
