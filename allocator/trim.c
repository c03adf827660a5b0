/*
 * trim.c - halloc_trim: give memory back to the OS now, whatever the trim
 * policy (a program that kept regions with HALLOC_TRIM_NEVER through a peak
 * decides when the peak is over).
 *
 * Two steps, after the cache is flushed so that cached blocks can merge:
 *   1. every region but the first whose chunk area is one free chunk is
 *      unmapped;
 *   2. inside every remaining free chunk, the whole pages between its links
 *      and its footer (the only bytes of a free chunk halloc reads) go back to
 *      the kernel with madvise(MADV_DONTNEED); they come back as zero pages
 *      when next written. A buffer heap's memory is the caller's: step 2 is
 *      skipped there, and step 1 never applies.
 */
#include "internal.h"

#include <sys/mman.h>

/* The free chunk that spans all of r's chunk area, or NULL. */
static hl_chunk *hl_region_wholly_free(const hl_heap *h, const hl_region *r)
{
    hl_chunk *c = hl_region_first(h, r);
    size_t word;
    if (!hl_chunk_read(h, c, &word) || !(word & HL_FLAG_FREE))
        return NULL;
    return hl_chunk_at(c, hl_word_size(word)) == hl_region_fence(r) ? c : NULL;
}

/* The region the walk for one kept wholly free meets first, other than r,
 * in e (drop, kept), or a damaged header on the way (e->bad_region). */
static void hl_find_kept(const hl_heap *h, const hl_region *r, hl_emptying *e)
{
    for (hl_region *q = h->region0.next; q; q = q->next) {
        if (!hl_region_intact(h, q)) {
            e->bad_region = q;
            return;
        }
        hl_chunk *c = q == r ? NULL : hl_region_wholly_free(h, q);
        if (c) {
            e->drop = q;
            e->kept = c;
            return;
        }
    }
}

/* What emptying r, a region past 0 whose chunk area is (about to be) one
 * free chunk, unmaps under a trim policy that unmaps (the caller has tested
 * it): r under the eager policy; under HALLOC_TRIM_KEEP_ONE, of r and the
 * region kept wholly free before, the smaller - nothing if none was kept.
 * Everything acting on that trusts is checked: the region headers the walk
 * for a kept region passes (a damaged one hides which region that is), the
 * kept chunk's list links (it is taken out of its list), and the headers
 * unmapping rewrites - region 0's (the last region) and the neighbours'.
 * 0 with e->drop (NULL: nothing), or -1 with e->bad_region or e->bad_list. */
int hl_emptying_plan(const hl_heap *h, hl_region *r, hl_emptying *e)
{
    *e = (hl_emptying){.drop = r};
    if (h->config.trim == HALLOC_TRIM_KEEP_ONE) {
        e->drop = NULL;
        hl_find_kept(h, r, e);
        if (e->bad_region)
            return -1;
        if (e->drop && e->drop->size > r->size) {
            e->drop = r;
            e->kept = NULL;
        }
        if (e->kept && !hl_bin_links_ok(h, e->kept)) {
            e->bad_list = e->kept;
            return -1;
        }
    }
    const hl_region *d = e->drop;
    e->bad_region = !d                                  ? NULL
                    : !hl_region_intact(h, &h->region0) ? &h->region0
                    : !hl_region_intact(h, d->prev)     ? d->prev
                    : d->next && !hl_region_intact(h, d->next) ? d->next
                                                               : NULL;
    return e->bad_region ? -1 : 0;
}

/* r, a region past 0, has just become one free chunk, not yet listed, under
 * a trim policy that unmaps: unmaps what hl_emptying_plan says. Nonzero if
 * that was r (its chunk is gone with it); 0 if r stays mapped, for the
 * caller to list its chunk. A plan that meets damage unmaps nothing: every
 * caller refused before anything changed (hl_emptying_check). */
int hl_region_emptied(hl_heap *h, hl_region *r)
{
    hl_emptying e;
    if (hl_emptying_plan(h, r, &e) || !e.drop)
        return 0;
    if (e.drop == r) {
        hl_region_drop(h, r);
        return 1;
    }
    hl_free_chunk_take(h, e.kept);
    hl_region_drop(h, e.drop);
    return 0;
}

static int hl_trim_regions(hl_heap *h, size_t *released)
{
    if (!hl_region_intact(h, &h->region0))
        return hl_report_corrupt_region(h, "trim", &h->region0);
    for (hl_region *r = h->region0.next, *next; r; r = next) {
        if (!hl_region_intact(h, r))
            return hl_report_corrupt_region(h, "trim", r);
        next = r->next;
        hl_chunk *c = hl_region_wholly_free(h, r);
        if (!c)
            continue;
        if (!hl_bin_links_ok(h, c))
            return hl_report_corrupt_list(h, "trim", c);
        if (next && !hl_region_intact(h, next)) /* dropping r rewrites its header */
            return hl_report_corrupt_region(h, "trim", next);
        hl_free_chunk_take(h, c);
        *released += r->size;
        hl_region_drop(h, r);
    }
    return 0;
}

/* Hands the whole pages inside [from, to), which lie in a free chunk clear
 * of its header, links and footer, back to the kernel; 0 if none, or if the
 * kernel refused. count_resident: return the bytes of them that were
 * resident (pages an earlier release handed back, and never written since,
 * are not counted twice), else any nonzero on success. Counting asks mincore
 * page by page, which costs more than the madvise on a big block, so only
 * halloc_trim, which reports the count, pays for it. */
static size_t hl_release_pages_in(uintptr_t from, uintptr_t to, int count_resident)
{
    uintptr_t page = hl_os_page();
    uintptr_t start = HL_ROUND_UP(from, page), end = to & ~(page - 1);
    if (end <= start)
        return 0;
    /* Counted before the madvise, which is done even when nothing is
     * resident: pages swapped out read as not resident, and it frees those. */
    size_t resident = count_resident ? hl_os_resident((void *)start, end - start) : end - start;
    if (madvise((void *)start, end - start, MADV_DONTNEED) != 0)
        return 0;
    hl_track_close((void *)start, end - start); /* fresh zero pages: still free memory */
    return resident;
}

/* The bytes of the free chunk c (`size` bytes) halloc never reads: between
 * its links and its footer. */
static uintptr_t hl_chunk_idle_start(const hl_chunk *c) { return (uintptr_t)c + HL_OFF_PREV + sizeof(void *); }
static uintptr_t hl_chunk_idle_end(const hl_chunk *c, size_t size) { return (uintptr_t)c + size - HL_FOOTER; }

static size_t hl_trim_chunk_pages(hl_chunk *c, size_t size)
{
    return hl_release_pages_in(hl_chunk_idle_start(c), hl_chunk_idle_end(c, size), 1);
}

/* A block of at least h->release_min bytes, freed or given up by a realloc
 * at [block, +block_size), is now part of the free chunk c (`size` bytes;
 * hl_release_given_up). Its pages go back to the kernel at once, as glibc's
 * do (it unmaps such sizes on free), so a program's resident size falls when
 * it frees a big buffer. Only the block's own pages: the rest of c was free
 * before, and handing it back on every free that merges into it would cost
 * a system call each. Not for a buffer heap (the caller's memory) or under
 * HALLOC_TRIM_NEVER. Blocks of this size or less keep their pages from now
 * on (HL_RELEASE_MIN, internal.h). */
void hl_release_freed(hl_heap *h, hl_chunk *c, size_t size, const hl_chunk *block, size_t block_size)
{
    if (h->in_buffer || h->config.trim == HALLOC_TRIM_NEVER)
        return;
    h->release_min = block_size < HL_RELEASE_MAX ? block_size + 1 : HL_RELEASE_MAX;
    uintptr_t from = (uintptr_t)block, to = from + block_size;
    if (from < hl_chunk_idle_start(c))
        from = hl_chunk_idle_start(c);
    if (to > hl_chunk_idle_end(c, size))
        to = hl_chunk_idle_end(c, size);
    hl_release_pages_in(from, to, 0);
}

static int hl_release_pages(hl_chunk *c, size_t word, void *released)
{
    *(size_t *)released += hl_trim_chunk_pages(c, hl_word_size(word));
    return 0;
}

/* Step 2, over every free list (walked bounded and validated: bins.c). */
static int hl_trim_free_pages(hl_heap *h, size_t *released)
{
    const hl_chunk *bad = NULL;
    for (unsigned fl = 0; fl < h->fl_count; fl++)
        for (unsigned sl = 0; sl < HL_SL_COUNT; sl++)
            if (hl_bin_walk(h, fl, sl, hl_release_pages, released, &bad) < 0)
                return hl_report_corrupt_list(h, "trim", bad);
    return 0;
}

int halloc_trim(halloc_heap *h, size_t *released)
{
    size_t bytes = 0;
    if (hl_enter(h, "trim"))
        return -1;
    int rc = hl_cache_flush(h, "trim");
    if (rc == 0 && !h->in_buffer)
        rc = hl_trim_regions(h, &bytes);
    if (rc == 0 && !h->in_buffer)
        rc = hl_trim_free_pages(h, &bytes);
    hl_check_heap(h, "trim");
    hl_leave(h);
    if (released)
        *released = bytes;
    return rc;
}
