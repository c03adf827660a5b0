/*
 * heap.c - heaps and their regions: creation over mmap or a caller's buffer,
 * growth, eager trimming, destruction, statistics.
 */
#include "internal.h"

#include <stdatomic.h>

#define HL_DEFAULT_SIZE ((size_t)1 << 20)

_Thread_local hl_heap *volatile hl_thread_heap __attribute__((tls_model("initial-exec")));

/* Smallest region 0 that holds the heap struct, one chunk and the fence
 * (and with a cache, its lists). */
#define HL_MIN_REGION0 (HL_HEAP_HDR(HL_FL_SMALL_LEVELS) + HL_MIN_CHUNK + HL_FENCE)
_Static_assert(HL_MIN_REGION0 + HL_CACHE_BYTES <= HL_SMALL_REGION, "the smallest heap needs more levels than it has");

static size_t hl_min_region0(const halloc_config *config)
{
    return hl_heap_hdr_for(HL_FL_SMALL_LEVELS, config->cache_depth != 0) + HL_MIN_CHUNK + HL_FENCE;
}

/* The next heap's serial, from 1 (0: no heap). 64 bits never wrap, so no
 * two heaps of one process share one, whatever their addresses. */
static uint64_t hl_next_serial(void)
{
    static _Atomic uint64_t last;
    return atomic_fetch_add_explicit(&last, 1, memory_order_relaxed) + 1;
}

/* A buffer may start and end up to 15 bytes off the alignment. */
#define HL_BUFFER_SLACK (2 * (HL_ALIGN - 1))

/* The overhead is the most a buffer of any size gives up: one with all
 * HL_FL_COUNT levels and a cache. */
const size_t HALLOC_MIN_BUFFER = HL_MIN_REGION0 + HL_BUFFER_SLACK;
const size_t HALLOC_CACHE_BYTES = HL_CACHE_BYTES;
const size_t HALLOC_BUFFER_OVERHEAD =
    HL_HEAP_HDR(HL_FL_COUNT) + HL_CACHE_BYTES + HL_HEADER + HL_FENCE + HL_BUFFER_SLACK;

halloc_config halloc_default_config(void)
{
    halloc_config c = {
        .initial_size = HL_DEFAULT_SIZE,
        .max_size = 0,
        .grow = 1,
        .trim = HALLOC_TRIM_EAGER,
        .thread_safe = 1,
        .cache_depth = 0,
    };
    return c;
}

/* Lays out r's chunk area as one free chunk followed by the fence. r's header
 * fields are already set. */
static void hl_region_format(hl_heap *h, hl_region *r)
{
    hl_chunk *first = hl_region_first(h, r);
    hl_chunk *fence = hl_region_fence(r);
    hl_track_close(first, (size_t)((char *)r + r->size - (char *)first));
    hl_chunk_set_word(h, fence, 0);
    hl_free_chunk_add(h, first, (size_t)((char *)fence - (char *)first));
}

static void hl_region_header(hl_heap *h, hl_region *r, size_t size)
{
    r->magic = HL_REGION_MAGIC;
    r->size = size;
    r->index = h->next_index++;
    r->next = NULL;
    r->prev = r == &h->region0 ? NULL : h->last;
    r->heap = h;
    r->high_water = 0;
    if (r->prev)
        r->prev->next = r;
    h->last = r;
    hl_heap_reseal(h);
    h->mapped += size;
    h->stats.regions++;
    hl_region_reseal(h, r);
    if (r->prev)
        hl_region_reseal(h, r->prev);
    hl_region_reseal(h, &h->region0); /* last and next_index */
    if (r != &h->region0)
        hl_index_add(h, r);
}

static hl_heap *hl_heap_init(void *base, size_t size, const halloc_config *config, int in_buffer)
{
    hl_heap *h = base;
    unsigned levels = hl_levels_for(size);
    memset(h, 0, HL_HEAP_HDR(levels));
    hl_track_heap_begin(h, HL_HEAP_FIXED, HL_HEADER);
    h->fl_inline = h->fl_count = levels;
    h->heads = h->heads_inline;
    if (config->cache_depth) {
        h->cache = hl_cache_table_at(h);
        memset(h->cache, 0, sizeof *h->cache);
    }
    h->first0 = (uintptr_t)h + hl_heap_hdr_for(levels, h->cache != NULL);
    h->secret = hl_os_secret(h) | 1; /* odd: the seals multiply by it as it is */
    h->link_key = hl_os_secret(&h->link_key);
    h->serial = hl_next_serial();
    h->config = *config;
    h->in_buffer = in_buffer;
    h->release_min = HL_RELEASE_MIN;
    pthread_mutex_init(&h->lock, NULL);
    hl_region_header(h, &h->region0, size);
    h->span0 = hl_span0_for(h);
    hl_heap_reseal(h);
    h->magic = HL_HEAP_MAGIC;
    hl_region_format(h, &h->region0);
    hl_check_heap(h, "create");
    hl_books_close(h);
    return h;
}

static int hl_cache_depth_ok(int depth) { return depth >= 0 && depth <= HALLOC_CACHE_MAX_DEPTH; }

static int hl_report_bad_cache_depth(int depth)
{
    return hl_report_create_failed(EINVAL, "halloc: create: cache_depth %d is outside 0..%d", depth,
                                   HALLOC_CACHE_MAX_DEPTH);
}

/* 0, or -1 and the thread's message naming the field at fault. */
static int hl_config_ok(const halloc_config *cfg, size_t size)
{
    if (cfg->trim != HALLOC_TRIM_EAGER && cfg->trim != HALLOC_TRIM_NEVER && cfg->trim != HALLOC_TRIM_KEEP_ONE)
        return hl_report_create_failed(EINVAL,
                                       "halloc: create: trim %d is not HALLOC_TRIM_EAGER, _NEVER or _KEEP_ONE",
                                       cfg->trim);
    if (cfg->max_size && size > cfg->max_size)
        return hl_report_create_failed(EINVAL,
                                       "halloc: create: initial_size %zu (0 means 1 MiB) is above max_size %zu: "
                                       "raise max_size (0: no cap) or lower initial_size",
                                       size, cfg->max_size);
    if (!hl_cache_depth_ok(cfg->cache_depth))
        return hl_report_bad_cache_depth(cfg->cache_depth);
    if (size > HL_MAX_REGION)
        return hl_report_create_failed(ENOMEM,
                                       "halloc: create: initial_size %zu is above the largest region, %zu bytes",
                                       size, (size_t)HL_MAX_REGION);
    return 0;
}

/* max_size is below the first region, `size` bytes. Either the smallest heap
 * is too big for it, or initial_size was rounded up to whole pages past it
 * (5000 to 8192 under a max_size of 6000): the second is fixed by lowering
 * initial_size, which the message must then say. */
static void hl_report_below_first_region(const halloc_config *cfg, size_t size, size_t page)
{
    if (size > HL_ROUND_UP(hl_min_region0(cfg), page))
        hl_report_create_failed(ENOMEM,
                                "halloc: create: initial_size %zu is %zu bytes in whole pages, above max_size %zu: "
                                "raise max_size or lower initial_size",
                                cfg->initial_size, size, cfg->max_size);
    else
        hl_report_create_failed(ENOMEM, "halloc: create: max_size %zu is below the smallest heap, %zu bytes: raise it",
                                cfg->max_size, size);
}

halloc_heap *halloc_create_ex(const halloc_config *config)
{
    halloc_config cfg = config ? *config : halloc_default_config();
    size_t page = hl_os_page();
    size_t size = cfg.initial_size ? cfg.initial_size : HL_DEFAULT_SIZE;
    if (hl_config_ok(&cfg, size) != 0)
        return NULL;
    if (size < hl_min_region0(&cfg))
        size = hl_min_region0(&cfg);
    size = HL_ROUND_UP(size, page);
    if (cfg.max_size && size > cfg.max_size) {
        hl_report_below_first_region(&cfg, size, page);
        return NULL;
    }
    void *base = hl_os_map(size);
    if (!base) {
        hl_report_create_failed(ENOMEM, "halloc: create: the system refused to map %zu bytes", size);
        return NULL;
    }
    return hl_heap_init(base, size, &cfg, 0);
}

halloc_heap *halloc_create(size_t size)
{
    if (size == 0) {
        hl_report_bad_size(NULL, "create");
        return NULL;
    }
    halloc_config cfg = halloc_default_config();
    cfg.initial_size = size;
    return halloc_create_ex(&cfg);
}

/* 0, or -1 and the thread's message saying what is provably wrong with the
 * buffer and what to pass instead. Its real length cannot be known: only a
 * size that wraps the address space, or leaves no room for the heap. */
static int hl_buffer_ok(void *buffer, size_t size, const halloc_config *config)
{
    size_t least = hl_min_region0(config) + HL_BUFFER_SLACK;
    if (!buffer)
        return hl_report_create_failed(EINVAL, "halloc: create_in(NULL, %zu): the buffer is NULL: pass a buffer",
                                       size);
    if (size < least)
        return hl_report_create_failed(EINVAL,
                                       "halloc: create_in(%p, %zu): the buffer is too small: pass at least %zu "
                                       "bytes (HALLOC_MIN_BUFFER%s)",
                                       buffer, size, least, config->cache_depth ? " + HALLOC_CACHE_BYTES" : "");
    if ((uintptr_t)buffer + size < (uintptr_t)buffer) /* also one ending at the very top: `end` wraps to 0 */
        return hl_report_create_failed(EINVAL,
                                       "halloc: create_in(%p, %zu): the size runs past the end of memory: pass "
                                       "the buffer's real size",
                                       buffer, size);
    return 0;
}

halloc_heap *halloc_create_in_ex(void *buffer, size_t size, const halloc_config *config)
{
    halloc_config given = config ? *config : halloc_default_config();
    uintptr_t start = HL_ROUND_UP((uintptr_t)buffer, HL_ALIGN);
    if (!hl_cache_depth_ok(given.cache_depth)) {
        hl_report_bad_cache_depth(given.cache_depth);
        return NULL;
    }
    if (hl_buffer_ok(buffer, size, &given) != 0)
        return NULL;
    uintptr_t end = ((uintptr_t)buffer + size) & ~(uintptr_t)(HL_ALIGN - 1);
    size_t len = end - start < HL_MAX_REGION ? end - start : HL_MAX_REGION;
    /* Of the caller's config only what a buffer heap can honour. */
    halloc_config cfg = {
        .initial_size = len,
        .max_size = len,
        .grow = 0,
        .trim = HALLOC_TRIM_NEVER,
        .thread_safe = given.thread_safe != 0,
        .cache_depth = given.cache_depth,
    };
    return hl_heap_init((void *)start, len, &cfg, 1);
}

halloc_heap *halloc_create_in(void *buffer, size_t size, int thread_safe)
{
    halloc_config cfg = halloc_default_config();
    cfg.thread_safe = thread_safe;
    return halloc_create_in_ex(buffer, size, &cfg);
}

/* Unmaps only what the seals vouch for: a damaged pointer or size must not
 * unmap memory that is not the heap's. What they do not vouch for is left
 * mapped, with errno ENOTRECOVERABLE. */
void halloc_destroy(halloc_heap *h)
{
    if (!hl_heap_ok(h)) {
        errno = EINVAL;
        return;
    }
    hl_books_open(h);
    int sealed = h->seal == hl_heap_seal(h) && hl_region_intact(h, &h->region0);
    h->magic = 0;
    pthread_mutex_destroy(&h->lock);
    hl_region *r = sealed ? h->region0.next : NULL;
    for (hl_region *next; r && hl_region_intact(h, r); r = next) {
        next = r->next;
        hl_os_unmap(r, r->size);
    }
    if (r || !sealed)
        errno = ENOTRECOVERABLE;
    if (sealed && h->heads != h->heads_inline)
        hl_os_unmap(h->heads, hl_table_mapping());
    int in_buffer = h->in_buffer;
    size_t size = h->region0.size;
    hl_track_heap_end(h); /* after the last read of the header */
    if (!sealed)
        return;
    if (in_buffer)
        hl_track_release(h, size);
    else
        hl_os_unmap(h, size);
}

/* Bytes the whole free-list table takes once it has its own mapping. */
size_t hl_table_mapping(void) { return HL_ROUND_UP(HL_TABLE_BYTES, hl_os_page()); }

/* Moves the free-list table out of region 0 into a mapping with every level;
 * -1 if the kernel says no. */
static HL_COLD int hl_table_grow(hl_heap *h)
{
    hl_chunk *(*table)[HL_SL_COUNT] = hl_os_map(hl_table_mapping());
    if (!table)
        return -1;
    memcpy(table, h->heads, h->fl_count * HL_ROW_BYTES); /* the rest of a fresh mapping is zero */
    h->heads = table;
    h->fl_count = HL_FL_COUNT;
    h->mapped += hl_table_mapping();
    hl_heap_reseal(h);
    hl_region_reseal(h, &h->region0);
    hl_index_rebuild(h, NULL);
    return 0;
}

/* The largest region whose chunks the table's levels cover (hl_levels_for). */
static size_t hl_table_covers(const hl_heap *h) { return (size_t)1 << (h->fl_count + HL_FL_SHIFT); }

/* Size of the next region: double the last one, at least `need`, within the
 * cap on mapped bytes less `reserve`; 0 if the cap leaves no room for `need`. */
static size_t hl_next_region_size(const hl_heap *h, size_t need, size_t reserve)
{
    size_t page = hl_os_page();
    size_t size = h->last->size <= HL_MAX_REGION / 2 ? h->last->size * 2 : HL_MAX_REGION;
    if (size < need)
        size = need;
    if (size > HL_MAX_REGION)
        return 0;
    size_t held = h->mapped + reserve;
    if (h->config.max_size) {
        if (held >= h->config.max_size || h->config.max_size - held < need)
            return 0;
        size_t room = (h->config.max_size - held) & ~(page - 1);
        if (size > room)
            size = room;
    }
    return size;
}

/* Maps a new region whose single free chunk holds `want` bytes; NULL if the
 * heap may not grow (*refused 0) or the kernel said no to a mapping of
 * *refused bytes. *needed: the fewest bytes growing maps (the free-list
 * table's own mapping too, when the region needs it moved), for a report
 * to set against max_size. */
hl_region *hl_grow(hl_heap *h, size_t want, size_t *refused, size_t *needed)
{
    *refused = 0;
    *needed = 0;
    if (h->in_buffer || !h->config.grow)
        return NULL;
    size_t need = HL_ROUND_UP(HL_REGION_HDR + want + HL_FENCE, hl_os_page());
    *needed = need;
    size_t size = hl_next_region_size(h, need, 0);
    if (size && hl_levels_for(size) > h->fl_count) { /* the table moves out first: leave it room */
        size_t moved = hl_next_region_size(h, need, hl_table_mapping());
        if (moved && (hl_levels_for(moved) <= h->fl_count || hl_table_grow(h) == 0))
            size = moved;
        else if (hl_table_covers(h) >= need) /* no room for the table, or refused: a region it covers */
            size = hl_table_covers(h); /* below size (it needs more levels), so within max_size unclamped */
        else {
            *refused = moved ? hl_table_mapping() : 0;
            *needed = need + hl_table_mapping();
            return NULL;
        }
    }
    if (!size)
        return NULL;
    hl_region *r = hl_os_map(size);
    /* Refused (ulimit -v, a cgroup, a crowded address space): the doubling is
     * a wish, `need` is the request. Halves are tried down to it, so a heap
     * whose last region is big (a 300 MiB block) can still take small blocks
     * under a limit that has room for them, as glibc's can. */
    while (!r && size > need) {
        size_t half = HL_ROUND_UP(size / 2, hl_os_page());
        size = half > need ? half : need;
        r = hl_os_map(size);
    }
    if (!r) {
        *refused = size;
        return NULL;
    }
    hl_region_header(h, r, size);
    hl_region_format(h, r);
    return r;
}

/* Unmaps a region whose chunk area is one chunk that is in no list; the
 * caller has checked the seals of r, its neighbours and region 0
 * (hl_emptying_plan, hl_trim_regions). */
void hl_region_drop(hl_heap *h, hl_region *r)
{
    hl_note_unmapped(h, (uintptr_t)r, r->size);
    hl_index_rebuild(h, r);
    r->prev->next = r->next;
    if (r->next)
        r->next->prev = r->prev;
    else
        h->last = r->prev;
    hl_heap_reseal(h);
    h->mapped -= r->size;
    h->stats.regions--;
    hl_region_reseal(h, r->prev);
    if (r->next)
        hl_region_reseal(h, r->next);
    hl_region_reseal(h, &h->region0); /* last */
    hl_os_unmap(r, r->size);
}

/* The running counters into *out; -1 with a report, *out left alone, when
 * they add up to more than is mapped: every field would be a wrong number. */
static int hl_stats_counts(hl_heap *h, halloc_stats *out)
{
    const hl_counters *s = &h->stats;
    if (s->bytes_in_use > h->mapped || s->bytes_free > h->mapped - s->bytes_in_use ||
        s->bytes_cached > h->mapped - s->bytes_in_use - s->bytes_free)
        return hl_report_corrupt_heap(h, "get_stats");
    out->bytes_in_use = s->bytes_in_use;
    out->bytes_free = s->bytes_free + s->bytes_cached;
    out->bytes_cached = s->bytes_cached;
    out->overhead = h->mapped - s->bytes_in_use - s->bytes_free - s->bytes_cached;
    out->chunks_used = s->chunks_used;
    out->chunks_free = s->chunks_free + s->chunks_cached;
    out->chunks_cached = s->chunks_cached;
    out->regions = s->regions;
    out->mapped = h->mapped;
    return 0;
}

/* The largest request a free chunk, cached or listed, holds (at most the
 * largest request there is) into *out; -1
 * with a report, *out left alone, when the top list or the cache map it is
 * read from is damaged. */
static int hl_stats_largest(hl_heap *h, size_t *out)
{
    const hl_chunk *bad;
    size_t largest, cached;
    if (hl_bin_largest(h, &largest, &bad))
        return hl_report_corrupt_list(h, "get_stats", bad);
    if (hl_cache_largest(h, &cached))
        return hl_report_corrupt_cache(h, "get_stats", NULL);
    if (cached > largest)
        largest = cached;
    largest = largest ? largest - HL_HEADER : 0;
    /* A region past 2^46 holds chunks larger than any request may be. */
    *out = largest < HL_MAX_REQUEST ? largest : HL_MAX_REQUEST - 1;
    return 0;
}

/* The regions' high-water marks summed into *out, as far as their seals
 * vouch for the next links; the first region whose seal fails, or NULL. */
static const hl_region *hl_stats_high_water(const hl_heap *h, size_t *out)
{
    const hl_region *r = &h->region0;
    *out = r->high_water;
    while (r->next && hl_region_intact(h, r)) {
        r = r->next;
        *out += r->high_water;
    }
    return r->next ? r : NULL;
}

/* Fills what it can read (halloc.h): a damaged list or region hides one
 * field, not the counts a program wants most when its heap broke. The first
 * damage met is the one reported. */
int halloc_get_stats(halloc_heap *h, halloc_stats *out)
{
    if (out)
        *out = (halloc_stats){0};
    if (hl_heap_ok(h) && !out) {
        errno = EINVAL;
        return -1;
    }
    if (hl_enter(h, "get_stats"))
        return -1;
    int rc = hl_stats_counts(h, out);
    if (rc == 0) {
        rc = hl_stats_largest(h, &out->largest_free);
        const hl_region *bad = hl_stats_high_water(h, &out->high_water);
        if (bad && rc == 0)
            rc = hl_report_corrupt_region(h, "get_stats", bad);
    }
    hl_check_heap(h, "get_stats");
    hl_leave(h);
    return rc;
}
