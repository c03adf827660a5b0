/*
 * check.c - halloc_check: the entry, the heap-level invariants (HEAP_HEADER,
 * FREE_UNLISTED, ACCOUNTING, STATS) and the names. The chunk walk lives in
 * check_walk.c, bitmaps and lists in check_lists.c, the cache in
 * check_cache.c; check.h gives the order.
 *
 * Never crashes on a corrupted heap: region links are checked to be mapped
 * before they are read, every chunk address is bounded by its region, and
 * list links are range-checked before they are followed.
 */
#include "check.h"
#include "hl_switch.h" /* hl_env: an empty value is unset */

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
#include <stdatomic.h>
#include <unistd.h>

#include "write-line.h"
#endif

static const char *const hl_invariant_names[HALLOC_INV_COUNT] = {
    [HALLOC_INV_NONE] = "none",
    [HALLOC_INV_HEAP_HEADER] = "heap-header",
    [HALLOC_INV_HEADER_CHECK] = "header-check",
    [HALLOC_INV_SIZE] = "size",
    [HALLOC_INV_CHUNK_BOUNDS] = "chunk-bounds",
    [HALLOC_INV_WALK_END] = "walk-end",
    [HALLOC_INV_BOUNDARY_TAG] = "boundary-tag",
    [HALLOC_INV_PREV_FREE] = "prev-free",
    [HALLOC_INV_ADJACENT_FREE] = "adjacent-free",
    [HALLOC_INV_FREE_UNLISTED] = "free-unlisted",
    [HALLOC_INV_WRONG_LIST] = "wrong-list",
    [HALLOC_INV_USED_IN_LIST] = "used-in-list",
    [HALLOC_INV_LIST_LINKS] = "list-links",
    [HALLOC_INV_LIST_CYCLE] = "list-cycle",
    [HALLOC_INV_BITMAP] = "bitmap",
    [HALLOC_INV_ACCOUNTING] = "accounting",
    [HALLOC_INV_STATS] = "stats",
    [HALLOC_INV_CACHE_ENTRY] = "cache-entry",
    [HALLOC_INV_CACHE_COUNT] = "cache-count",
    [HALLOC_INV_CACHE_UNLISTED] = "cache-unlisted",
};

const char *halloc_invariant_name(halloc_invariant inv)
{
    if ((unsigned)inv >= HALLOC_INV_COUNT)
        return "unknown";
    return hl_invariant_names[inv];
}

int hl_check_fail(hl_check *x, halloc_invariant inv, const hl_region *r, const void *at, const char *fmt, ...)
{
    va_list ap;
    x->report->invariant = inv;
    x->report->region = r ? r->index : 0;
    x->report->offset = r && at ? hl_region_offset(r, at) : 0;
    x->placed = r ? (at ? 2 : 1) : 0;
    va_start(ap, fmt);
    hl_vsay(x->report->message, sizeof x->report->message, fmt, ap); /* cut: marked (cut.h) */
    va_end(ap);
    return -1;
}

/* One region header: reachable, ours, in order, sized sanely. */
static int check_region_header(hl_check *x, const hl_region *r, const hl_region *prev)
{
    const hl_heap *h = x->h;
    size_t min = hl_region_chunks_offset(h, r) + HL_MIN_CHUNK + HL_FENCE;
    if (prev && ((uintptr_t)r % hl_os_page() || !hl_os_is_mapped(r, HL_REGION_HDR)))
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, prev, prev,
                             "region %zu links to %p, which is not a mapped region", prev->index, (const void *)r);
    if (prev) /* past a damaged seal hl_books_open left it closed */
        hl_track_release((void *)(uintptr_t)r, HL_REGION_HDR);
    if (r->magic != HL_REGION_MAGIC || r->heap != h || r->prev != prev)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, prev, prev,
                             "region at %p: magic %#llx, heap %p, prev %p; expected %#llx, %p, %p",
                             (const void *)r, (unsigned long long)r->magic, (void *)r->heap, (void *)r->prev,
                             (unsigned long long)HL_REGION_MAGIC, (const void *)h, (const void *)prev);
    if (prev ? (r->index <= prev->index || r->index >= h->next_index || h->in_buffer) : r->index != 0)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, r, r, "region index %zu out of order (next index %zu)",
                             r->index, h->next_index);
    if (r->size < min || r->size > HL_MAX_REGION || r->size % HL_ALIGN ||
        (!h->in_buffer && r->size % hl_os_page()) || !hl_os_is_mapped(hl_region_fence(r), HL_FENCE))
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, r, r, "region %zu has an impossible size %zu",
                             r->index, r->size);
    if (hl_levels_for(r->size) > h->fl_count)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, r, r,
                             "region %zu of %zu bytes needs %u free-list levels but the table has %u", r->index,
                             r->size, hl_levels_for(r->size), h->fl_count);
    return 0;
}

/* Compared as plain addresses: through a const heap the inline rows are
 * rows of const pointers, and ISO C before C2x (-pedantic) refuses to compare
 * pointers to arrays whose elements differ in qualifiers. */
static int table_is_inline(const hl_heap *h) { return (const void *)h->heads == (const void *)h->heads_inline; }

/* The free-list table: region 0's inline rows, sized for it, or all levels in
 * a mapping of its own. Checked before any region, since region 0's chunks
 * start after the inline rows. */
static int check_table(hl_check *x)
{
    const hl_heap *h = x->h;
    unsigned need = hl_levels_for(h->region0.size);
    if (h->fl_inline != need)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                             "heap has %u inline free-list levels but its %zu-byte first region needs %u",
                             h->fl_inline, h->region0.size, need);
    int inline_ok = table_is_inline(h) && h->fl_count == h->fl_inline;
    int mapped_ok = !table_is_inline(h) && h->fl_count == HL_FL_COUNT && !h->in_buffer &&
                    (uintptr_t)h->heads % hl_os_page() == 0 && hl_os_is_mapped(h->heads, hl_table_mapping());
    if (!inline_ok && !mapped_ok)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                             "free-list table at %p with %u levels is neither the heap's %u inline rows nor a "
                             "mapped table of all %u",
                             (void *)h->heads, h->fl_count, h->fl_inline, HL_FL_COUNT);
    return 0;
}

/* The cache's lists (in a heap with a cache depth, right after the inline
 * rows), then region 0's first chunk and lookup bound, which follow from the
 * rows and the lists. Checked before any region, like the table. */
static int check_cache_table(hl_check *x)
{
    const hl_heap *h = x->h;
    if ((h->cache && h->cache != hl_cache_table_at(h)) || (h->config.cache_depth && !h->cache))
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                             "cache lists at %p in a heap with cache depth %d: expected %p",
                             (void *)h->cache, h->config.cache_depth, (void *)hl_cache_table_at(h));
    size_t first0 = hl_heap_hdr_for(h->fl_inline, h->cache != NULL);
    if (hl_heap_hdr(h) != first0)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                             "region 0's chunks start at offset %zu, but its struct, rows and cache lists end "
                             "at %zu",
                             hl_heap_hdr(h), first0);
    if (h->span0 != hl_span0_for(h))
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                             "region 0's lookup bound is %zu, but its size and first chunk give %zu",
                             h->span0, hl_span0_for(h));
    return 0;
}

/* The seals the calls check (seal.h): last, so that the checks above
 * name what they can; a field changed to another plausible value is caught
 * only here. The region list is sound by now. */
static int check_seals(hl_check *x)
{
    const hl_heap *h = x->h;
    for (const hl_region *r = &h->region0; r; r = r->next)
        if (!hl_region_intact(h, r))
            return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, r, r,
                                 "region %zu's %s does not match its seal: overwritten", r->index,
                                 r == &h->region0 ? HL_REGION0_SEALED : HL_REGION_SEALED);
    if (h->seal != hl_heap_seal(h))
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                             HL_HEAP_SEALED " does not match the heap's seal: overwritten");
    return 0;
}

/* The region index (allocator/regions.c), once the region list is sound:
 * the chunk areas of the regions past 0 in list order, each entry sealed;
 * every region listed but those a full index has no room for; the slots
 * past the count cleared, so that no entry of an unmapped region is left. */
static int check_index(hl_check *x)
{
    const hl_heap *h = x->h;
    const hl_index *ix = hl_index_of(h);
    if (!ix)
        return 0;
    if (ix->count > HL_INDEX_MAX)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                             "the region index counts %zu entries, more than the %zu it has room for", ix->count,
                             (size_t)HL_INDEX_MAX);
    const hl_region *r = h->region0.next;
    for (size_t i = 0; i < HL_INDEX_MAX; i++) {
        const hl_bounds *b = &ix->at[i];
        if (i >= ix->count ? b->first || b->room || b->seal
                           : !r || b->first != (uintptr_t)hl_region_first(h, r) ||
                                 b->room != (uintptr_t)hl_region_fence(r) - b->first - HL_MIN_CHUNK ||
                                 !hl_bounds_intact(h, b))
            return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                                 "region index entry %zu of %zu (first chunk %#llx, room %#llx) is not %s, or does "
                                 "not match its seal",
                                 i, ix->count, (unsigned long long)b->first, (unsigned long long)b->room,
                                 i >= ix->count ? "cleared" : "the next region's chunk area");
        r = i < ix->count ? r->next : r;
    }
    if (r && ix->count < HL_INDEX_MAX)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, r, r, "region %zu is missing from the region index",
                             r->index);
    return 0;
}

static int check_heap_header(hl_check *x)
{
    const hl_heap *h = x->h;
    const hl_region *prev = NULL;
    if (h->magic != HL_HEAP_MAGIC)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, NULL, NULL,
                             "heap magic is %#llx, not %#llx: not a live heap (destroyed or overwritten)",
                             (unsigned long long)h->magic, (unsigned long long)HL_HEAP_MAGIC);
    if (check_table(x) || check_cache_table(x))
        return -1;
    /* Indices strictly increase, so the list cannot loop. */
    for (const hl_region *r = &h->region0; r; prev = r, r = r->next) {
        if (check_region_header(x, r, prev))
            return -1;
        x->regions++;
    }
    if (h->last != prev)
        return hl_check_fail(x, HALLOC_INV_HEAP_HEADER, prev, prev,
                             "heap's last region is %p but the list ends at region %zu (%p)", (void *)h->last,
                             prev->index, (const void *)prev);
    return check_seals(x) ? -1 : check_index(x);
}

static int check_free_unlisted(hl_check *x)
{
    if (x->listed < x->chunks_free)
        return hl_check_fail(x, HALLOC_INV_FREE_UNLISTED, NULL, NULL,
                             "%zu free chunks but only %zu in the free lists", x->chunks_free, x->listed);
    if (x->listed > x->chunks_free)
        return hl_check_fail(x, HALLOC_INV_USED_IN_LIST, NULL, NULL,
                             "%zu nodes in the free lists but only %zu free chunks: a non-chunk is listed",
                             x->listed, x->chunks_free);
    return 0;
}

static int check_accounting(hl_check *x)
{
    if (x->h->heads != x->h->heads_inline) /* a free-list table of its own is bookkeeping too */
        x->overhead += hl_table_mapping();
    size_t total = x->bytes_used + x->bytes_free + x->bytes_cached + x->overhead;
    if (total != x->h->mapped)
        return hl_check_fail(x, HALLOC_INV_ACCOUNTING, NULL, NULL,
                             "used %zu + free %zu + cached %zu + overhead %zu = %zu bytes, but the heap records "
                             "%zu mapped",
                             x->bytes_used, x->bytes_free, x->bytes_cached, x->overhead, total, x->h->mapped);
    return 0;
}

static int check_counter(hl_check *x, const char *name, size_t recorded, size_t walked)
{
    if (recorded != walked)
        return hl_check_fail(x, HALLOC_INV_STATS, NULL, NULL, "counter %s is %zu but the walk found %zu", name,
                             recorded, walked);
    return 0;
}

static int check_stats(hl_check *x)
{
    const hl_counters *s = &x->h->stats;
    return check_counter(x, "bytes_in_use", s->bytes_in_use, x->bytes_used) ||
                   check_counter(x, "bytes_free", s->bytes_free, x->bytes_free) ||
                   check_counter(x, "chunks_used", s->chunks_used, x->chunks_used) ||
                   check_counter(x, "chunks_free", s->chunks_free, x->chunks_free) ||
                   check_counter(x, "bytes_cached", s->bytes_cached, x->bytes_cached) ||
                   check_counter(x, "chunks_cached", s->chunks_cached, x->chunks_cached) ||
                   check_counter(x, "regions", s->regions, x->regions)
               ? -1
               : 0;
}

/* " at region R offset O", " in region R", or "" for a fault in no one
 * region (a counter, a bitmap): (0, 0) in the report would name a place. */
static void check_where(const hl_check *x, char *where, size_t len)
{
    if (!where || !len)
        return;
    if (x->placed == 2)
        hl_say(where, len, " at region %zu offset %zu", x->report->region, x->report->offset);
    else if (x->placed == 1)
        hl_say(where, len, " in region %zu", x->report->region);
    else
        where[0] = '\0';
}

int hl_check_unlocked(hl_heap *h, halloc_report *report, char *where, size_t where_len)
{
    halloc_report scratch;
    hl_check x = { .h = h, .report = report ? report : &scratch };
    memset(x.report, 0, sizeof *x.report);
    if (check_heap_header(&x) || hl_check_chunks(&x) || hl_check_bitmap(&x) || hl_check_lists(&x) ||
        check_free_unlisted(&x) || hl_check_cache(&x) || check_accounting(&x) || check_stats(&x)) {
        check_where(&x, where, where_len);
        errno = ENOTRECOVERABLE;
        return -1;
    }
    return 0;
}

int halloc_check(halloc_heap *h, halloc_report *report) { return hl_check_where(h, report, NULL, 0); }

int hl_check_where(halloc_heap *h, halloc_report *report, char *where, size_t where_len)
{
    if (where && where_len)
        where[0] = '\0';
    if (!h) {
        if (report) {
            memset(report, 0, sizeof *report);
            report->invariant = HALLOC_INV_HEAP_HEADER;
            hl_say(report->message, sizeof report->message, "heap is NULL: pass a heap from halloc_create*");
        }
        errno = EINVAL;
        return -1;
    }
    if (h->magic != HL_HEAP_MAGIC) { /* its lock cannot be trusted either; nothing past the magic is read */
        hl_check_unlocked(h, report, where, where_len); /* the report: heap-header, "not a live heap" */
        errno = EINVAL; /* no heap, as every other call and halloc_destroy say of it */
        return -1;
    }
    hl_lock(h);
    hl_books_open(h);
    int rc = hl_check_unlocked(h, report, where, where_len);
    hl_books_close(h);
    hl_unlock(h);
    return rc;
}

#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
/* HALLOC_CHECK_EVERY=N: check after every Nth public call (process-wide),
 * so a large program under the debug library does not pay a whole-heap walk
 * per call. Read once; a bad value stops the program (it asked for checks).
 * The preload shim calls this at startup, so a bad value is refused even in
 * a program that never allocates. */
unsigned long hl_debug_check_every(void)
{
    static atomic_ulong every; /* 0: not read yet */
    unsigned long n = atomic_load_explicit(&every, memory_order_relaxed);
    if (n != 0)
        return n;
    const char *text = hl_env("HALLOC_CHECK_EVERY");
    char *end = NULL;
    n = 1;
    if (text) {
        errno = 0;
        n = strtoul(text, &end, 10);
        /* Digits only: strtoul skips blanks and negates "-1" into ULONG_MAX. */
        if (text[0] < '0' || text[0] > '9' || errno || *end || n == 0) {
            hl_debug_print("halloc: HALLOC_CHECK_EVERY='%s' is not a whole number from 1 to %lu; "
                           "unset it to check the heap after every call\n", text, ULONG_MAX);
            abort();
        }
    }
    atomic_store_explicit(&every, n, memory_order_relaxed);
    return n;
}

/* The debug build's reports go where the host's own lines go when it keeps a
 * log (HALLOC_PRELOAD_LOG), so they are not lost on a stderr another program
 * reads. A whole line, newline included, reaches the sink. */
void (*hl_debug_sink)(const char *line);

void hl_debug_print(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    hl_vsay(line, sizeof line, fmt, ap); /* a cut line is marked, and keeps its newline */
    va_end(ap);
    if (hl_debug_sink)
        hl_debug_sink(line);
    else
        (void)hl_write_line(STDERR_FILENO, line); /* not stdio (write-line.h); a lost line goes nowhere else */
}

void hl_debug_check(hl_heap *h, const char *op)
{
    static atomic_ulong calls;
    halloc_report rep;
    char where[HL_CHECK_WHERE_LEN];
    int saved = errno;
    unsigned long every = hl_debug_check_every();
    if (atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed) % every != 0) {
        errno = saved;
        return;
    }
    if (hl_check_unlocked(h, &rep, where, sizeof where) == 0) {
        errno = saved;
        return;
    }
    hl_debug_print("halloc: heap check after %s failed: %s%s: %s\n", op, halloc_invariant_name(rep.invariant), where,
                   rep.message);
    abort();
}
#endif
