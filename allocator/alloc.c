/*
 * alloc.c - malloc, calloc, aligned_alloc, usable_size.
 */
#include "internal.h"

#include <sys/mman.h>

/* Grows the heap by a region whose single free chunk holds `want` bytes;
 * that chunk, still listed, or NULL with a report. */
static HL_COLD hl_chunk *hl_fit_by_growing(hl_heap *h, size_t want, size_t request, const char *op)
{
    /* Growth links the new region after the last and reseals both. */
    hl_region *unsealed = !hl_region_intact(h, &h->region0) ? &h->region0
                          : !hl_region_intact(h, h->last)     ? h->last
                                                              : NULL;
    if (unsealed) {
        hl_report_corrupt_region(h, op, unsealed);
        return NULL;
    }
    size_t refused, needed;
    hl_region *grown = hl_grow(h, want, &refused, &needed);
    if (!grown) {
        hl_report_out_of_memory(h, op, request, refused, needed);
        return NULL;
    }
    return hl_region_first(h, grown);
}

/* A listed free chunk chosen for a request, and what taking it needs. */
typedef struct hl_fit {
    hl_chunk *c;
    hl_region *r;          /* its region; NULL until the search or hl_fit_ok looks it up */
    size_t avail;          /* its size */
    unsigned fl, sl;       /* the list it is in */
    hl_chunk *next, *prev; /* its list links, checked */
    size_t after_word;     /* header of the chunk after it, checked if taking c rewrites it */
} hl_fit;

/*
 * Checks, before anything changes, all that taking f->c for `want` bytes
 * trusts: c lies in a region (f->r, kept if the search found it), its header
 * validates, it is free, big enough, of its list's class and within its
 * region, its list links are sound, and - when taking it leaves no remainder
 * or a minimum one - the header after it, whose PREV_FREE or PREV_MIN that
 * rewrites (hl_used_chunk_carve). 0 with f->r, f->avail, f->next, f->prev
 * and then f->after_word filled, or -1 with a report.
 */
HL_HOT int hl_fit_ok(hl_heap *h, hl_fit *f, size_t want, const char *op)
{
    size_t word;
    const hl_chunk *bad_header = NULL, *bad_list = NULL;
    if (!f->r && !(f->r = hl_region_holding(h, f->c)))
        bad_list = f->c;
    else if (!hl_chunk_read(h, f->c, &word))
        bad_header = f->c;
    else {
        f->avail = hl_word_size(word);
        if (!(word & HL_FLAG_FREE) || f->avail < want || !hl_in_class(f->avail, f->fl, f->sl) ||
            !hl_chunk_ends_in(f->r, f->c, f->avail) || !hl_bin_links_at(h, f->c, f->fl, f->sl, &f->next, &f->prev))
            bad_list = f->c;
        else if (f->avail - want <= HL_MIN_CHUNK && !hl_chunk_read(h, hl_chunk_at(f->c, f->avail), &f->after_word))
            bad_header = hl_chunk_at(f->c, f->avail);
    }
    if (__builtin_expect(!bad_header && !bad_list, 1))
        return 0;
    if (bad_header)
        hl_report_corrupt_header(h, op, NULL, bad_header);
    else
        hl_report_corrupt_list(h, op, bad_list);
    return -1;
}

/* Takes a free chunk of at least `want` bytes (for `request`) out of the
 * lists into *f, checked by hl_fit_ok, growing the heap if none fits.
 * uncount (a constant): take it out of the free counters too, else it stays
 * counted free for hl_fit_carve. 0, or -1 with a report (ENOMEM, or
 * ENOTRECOVERABLE for a damaged free list). */
HL_HOT int hl_take(hl_heap *h, size_t want, size_t request, const char *op, hl_fit *f, int uncount)
{
    int damaged;
    f->r = NULL;
    f->c = hl_bin_find_at(h, want, &f->fl, &f->sl, &f->r, &damaged);
    if (!f->c && !damaged && h->cache_map) { /* cached chunks, merged, may hold it */
        if (hl_cache_flush(h, op))
            return -1;
        f->c = hl_bin_find_at(h, want, &f->fl, &f->sl, &f->r, &damaged);
    }
    if (!f->c) {
        if (damaged)
            return hl_report_corrupt_list(h, op, NULL);
        if (!(f->c = hl_fit_by_growing(h, want, request, op)))
            return -1;
        hl_size_class(hl_chunk_size(f->c), &f->fl, &f->sl);
    }
    if (hl_fit_ok(h, f, want, op))
        return -1;
    hl_bin_unlink(h, f->fl, f->sl, f->next, f->prev);
    if (uncount) {
        h->stats.chunks_free--;
        h->stats.bytes_free -= f->avail - HL_HEADER;
    }
    return 0;
}

hl_chunk *hl_take_fit(hl_heap *h, size_t want, size_t request, const char *op, hl_region **rp)
{
    hl_fit f = {.c = NULL}; /* every field used is set by hl_take; -O1 cannot see it */
    if (hl_take(h, want, request, op, &f, 1))
        return NULL;
    *rp = f.r;
    return f.c;
}

/* Makes the first `want` bytes of the taken chunk f->c, still counted free
 * (hl_take), a used chunk; returns its size. The header after it is
 * rewritten from the word hl_fit_ok checked, not read and checked again. */
HL_HOT size_t hl_fit_carve(hl_heap *h, const hl_fit *f, size_t want)
{
    size_t size = hl_used_chunk_cut(h, f->r, f->c, f->avail, want, 0, 1);
    size_t left = f->avail - size;
    if (left <= HL_MIN_CHUNK) /* as hl_fit_ok's test: f->avail - want <= HL_MIN_CHUNK */
        hl_chunk_set_word(h, hl_chunk_at(f->c, f->avail), (f->after_word & ~HL_FLAG_PREV) | hl_prev_flags(left));
    return size;
}

/* Allocates and registers a block; NULL with errno and a report. */
void *hl_malloc(hl_heap *h, size_t size, const char *op)
{
    if (__builtin_expect(size - 1 >= HL_MAX_REQUEST - 1, 0)) {
        if (size == 0)
            hl_report_bad_size(h, op);
        else
            hl_report_too_large(h, op, size);
        return NULL;
    }
    size_t want = hl_chunk_size_for(size);
    int failed = 0;
    hl_chunk *c = hl_cache_pop(h, want, op, &failed);
    if (c) {
        void *p = hl_chunk_payload(c);
        hl_track_user_alloc(h, p, want - HL_HEADER);
        return p;
    }
    hl_fit f = {.c = NULL}; /* as in hl_take_fit */
    if (failed || hl_take(h, want, size, op, &f, 0))
        return NULL;
    size_t got = hl_fit_carve(h, &f, want);
    void *p = hl_chunk_payload(f.c);
    hl_track_user_alloc(h, p, got - HL_HEADER);
    return p;
}

/* halloc_malloc on a live heap with a lock, books or a debug check. */
static __attribute__((noinline)) void *hl_malloc_entering(hl_heap *h, size_t size)
{
    if (hl_enter_live(h, "malloc"))
        return NULL;
    void *p = hl_malloc(h, size, "malloc");
    hl_check_heap(h, "malloc");
    hl_leave(h);
    return p;
}

/* halloc_malloc's refusal of a heap that is not one or whose seal is
 * broken: out of line, a tail call, so halloc_malloc makes no call. */
static HL_COLD void *hl_malloc_refused(hl_heap *h)
{
    if (!hl_heap_ok(h))
        hl_report_bad_heap("malloc");
    else
        hl_report_corrupt_heap(h, "malloc");
    return NULL;
}

/* halloc_malloc on a heap with nothing to leave that is not plain: with a
 * cache, a hit takes no frame (cache.h). */
static __attribute__((noinline)) void *hl_malloc_cached(hl_heap *h, size_t size)
{
    if (!hl_seal_matches(h))
        return hl_malloc_refused(h);
    void *p = h->cache ? hl_cache_quick_pop(h, size) : NULL;
    return p ? p : hl_malloc(h, size, "malloc");
}

/* Without a lock, books, a debug check or a cache, no frame: the seal, then
 * a tail call (books.h, hl_plain); a refusal is one too, and so is the way
 * of a heap with a cache. ASan and memcheck builds always go the way with a
 * call, which there is no tail call (track.h), so halloc_malloc is in the
 * stacks they print. */
void *halloc_malloc(halloc_heap *h, size_t size)
{
    if (!hl_heap_ok(h))
        return hl_malloc_refused(h);
    if (!hl_plain(h)) {
        if (hl_nothing_to_leave(h))
            return hl_malloc_cached(h, size);
        void *p = hl_malloc_entering(h, size);
        HL_TRACK_KEEP_CALLER_FRAME();
        return p;
    }
    if (!hl_seal_matches(h))
        return hl_malloc_refused(h);
    return hl_malloc(h, size, "malloc");
}

/* Zeroes the whole pages [start, end). Pages not resident (never touched, or
 * swapped out) go back to the kernel (MADV_DONTNEED), which maps zero pages
 * when they are touched again; resident ones are memset, cheaper than a fault
 * a page when a program callocs the same memory again and again. If mincore
 * is refused (a seccomp sandbox), all is memset. */
static void hl_zero_pages(uintptr_t start, uintptr_t end, uintptr_t page)
{
    unsigned char resident[1024]; /* one batch of pages, kept small: this is on the caller's stack */
    while (start < end) {
        size_t pages = (end - start) / page;
        if (pages > sizeof resident)
            pages = sizeof resident;
        if (mincore((void *)start, pages * page, resident) != 0) {
            memset((void *)start, 0, end - start);
            return;
        }
        for (size_t i = 0, j; i < pages; i = j) {
            for (j = i + 1; j < pages && (resident[j] & 1) == (resident[i] & 1);)
                j++;
            void *run = (void *)(start + i * page);
            size_t len = (j - i) * page;
            if ((resident[i] & 1) || madvise(run, len, MADV_DONTNEED) != 0)
                memset(run, 0, len);
        }
        start += pages * page;
    }
}

/* calloc's zeroing of the n bytes at p. A block of HL_ZERO_BY_PAGES_MIN bytes
 * or more in memory halloc mapped leaves its untouched pages untouched
 * (hl_zero_pages), so a sparse calloc'd table costs only the pages written,
 * as on glibc (bench/RESULTS.md "Why halloc is slower" has a 2 GiB case).
 * memset in a buffer heap, whose memory is the caller's (shared or
 * file-backed memory does not read back as zeros after MADV_DONTNEED), and
 * under memcheck, which would see pages left to the kernel as never written. */
#define HL_ZERO_BY_PAGES_MIN ((size_t)128 * 1024)

static void hl_zero(const hl_heap *h, void *p, size_t n)
{
    uintptr_t page = hl_os_page();
    uintptr_t start = HL_ROUND_UP((uintptr_t)p, page);
    uintptr_t end = ((uintptr_t)p + n) & ~(page - 1);
    int by_pages = !h->in_buffer && n >= HL_ZERO_BY_PAGES_MIN && end > start;
#if defined(HALLOC_VALGRIND) && HALLOC_VALGRIND
    by_pages = 0;
#endif
    if (!by_pages) {
        memset(p, 0, n);
        return;
    }
    memset(p, 0, start - (uintptr_t)p);
    hl_zero_pages(start, end, page);
    memset((void *)end, 0, (uintptr_t)p + n - end);
}

void *halloc_calloc(halloc_heap *h, size_t n, size_t size)
{
    if (hl_enter(h, "calloc"))
        return NULL;
    void *p = NULL;
    if (size && n > SIZE_MAX / size)
        hl_report_calloc_overflow(h, n, size);
    else if ((p = hl_malloc(h, n * size, "calloc")))
        hl_zero(h, p, n * size); /* the requested bytes; the slack is not promised */
    hl_check_heap(h, "calloc");
    hl_leave(h);
    return p;
}

/* Aligned start of a payload inside the free chunk c, leaving in front of it
 * either nothing or room for a whole free chunk. */
static hl_chunk *hl_aligned_spot(const hl_chunk *c, size_t alignment)
{
    uintptr_t base = (uintptr_t)hl_chunk_payload(c);
    uintptr_t p = HL_ROUND_UP(base, (uintptr_t)alignment);
    if (p != base && p - base < HL_MIN_CHUNK)
        p += alignment; /* alignment >= 32, so the gap becomes >= 48 */
    return hl_chunk_from_payload((void *)p);
}

/*
 * Over-allocates by alignment + HL_MIN_CHUNK, then gives the bytes in front of
 * the aligned payload back as a free chunk and the tail as another. The chunk
 * came off a free list, so the one before it is used (no merge needed in
 * front) and the one after it already has PREV_FREE.
 */
static void *hl_aligned(hl_heap *h, size_t alignment, size_t size)
{
    hl_region *r;
    if (size == 0)
        return hl_report_bad_size(h, "aligned_alloc"), NULL;
    if (alignment == 0 || (alignment & (alignment - 1)))
        return hl_report_bad_alignment(h, "aligned_alloc", alignment), NULL;
    if (alignment <= HL_ALIGN)
        return hl_malloc(h, size, "aligned_alloc");
    if (alignment >= HL_MAX_REQUEST)
        return hl_report_alignment_too_large(h, alignment), NULL;
    if (size >= HL_MAX_REQUEST)
        return hl_report_too_large(h, "aligned_alloc", size), NULL;
    size_t want = hl_chunk_size_for(size);
    hl_chunk *c = hl_take_fit(h, want + alignment + HL_MIN_CHUNK, size, "aligned_alloc", &r);
    if (!c)
        return NULL;
    size_t avail = hl_chunk_size(c);
    hl_chunk *ac = hl_aligned_spot(c, alignment);
    size_t gap = (size_t)((char *)ac - (char *)c);
    hl_used_chunk_carve(h, r, ac, avail - gap, want, gap != 0);
    if (gap)
        hl_free_chunk_add(h, c, gap);
    void *p = hl_chunk_payload(ac);
    hl_track_user_alloc(h, p, hl_chunk_usable(ac));
    return p;
}

void *halloc_aligned_alloc(halloc_heap *h, size_t alignment, size_t size)
{
    if (hl_enter(h, "aligned_alloc"))
        return NULL;
    void *p = hl_aligned(h, alignment, size);
    hl_check_heap(h, "aligned_alloc");
    hl_leave(h);
    return p;
}

size_t halloc_usable_size(halloc_heap *h, const void *p)
{
    hl_region *r = NULL; /* set by the lookup; NULL for gcc -flto, as in hl_realloc */
    hl_chunk *c = NULL;
    size_t n = 0;
    if (hl_enter(h, "usable_size"))
        return 0;
    if (!p)
        hl_report_invalid_pointer(h, "usable_size", p, "is NULL");
    else if (hl_lookup_live(h, p, "usable_size", &r, &c) == 0)
        n = hl_chunk_usable(c);
    hl_check_heap(h, "usable_size");
    hl_leave(h);
    return n;
}
