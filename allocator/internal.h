/*
 * internal.h - THE layout of a halloc heap, shared by the allocator, the
 * checker (checks/) and the corruption tests (tests/).
 *
 * A heap is a list of regions. Each region is one mapping (or the caller's
 * buffer) laid out as
 *
 *   [region header][chunk][chunk]...[chunk][fence]
 *
 * The first region starts with the whole heap control struct (struct
 * halloc_heap, whose first member is that region's header), so the heap
 * pointer is the start of region 0:
 *
 *   [struct halloc_heap][free-list rows][cache lists, if any][chunk]...[fence]
 *
 * Chunks tile the space between the region bookkeeping and the fence exactly.
 *
 * Chunk (all sizes multiples of 16, chunk addresses 16-aligned):
 *
 *   +0   word   chunk size | HL_FLAG_FREE | HL_FLAG_PREV_FREE | HL_FLAG_CACHED
 *                | HL_FLAG_PREV_MIN
 *   +8   check  hl_check_value(heap, chunk, word): a keyed hash, never 0
 *   +16  payload (used chunk: what malloc returned, usable = size - 16)
 *        free chunk: +16 next link, +24 prev link, ..., footer (= size) in
 *        the last 8 bytes - except a free chunk of HL_MIN_CHUNK (32) bytes,
 *        which is all header and links: its successor's PREV_MIN flag
 *        stands for its footer
 *        cached chunk: +16 next link in its cache list, stored keyed
 *        (hl_cache_link in cache.h); no footer. To its
 *        neighbours it is a used chunk (no merge, no PREV_FREE); to free,
 *        realloc and usable_size it is already freed (EALREADY).
 *
 * The fence is a used chunk of size 0 at region end - 16: the walk ends there
 * and nothing coalesces past a region's end. A chunk's PREV_FREE flag says the
 * chunk before it is free, so its footer is valid and the chunk can be merged
 * in O(1). The first chunk of a region never has PREV_FREE. PREV_MIN is set
 * exactly when PREV_FREE is and the free chunk before is 32 bytes: then there
 * is no footer to read (hl_chunk_prev_size). A 32-byte minimum chunk matters
 * because real programs' requests are mostly tiny: a 16-byte request takes
 * 32 bytes, not 48.
 *
 * Header hygiene: when a chunk disappears in a merge its check word is zeroed,
 * so the only words with a valid check value are real chunk headers. That is
 * what makes pointer validation on free precise.
 *
 * Memory tracking (track.h): headers, footers and free memory are poisoned for
 * ASan / no-access for valgrind; every access below goes through hl_peek /
 * hl_poke, which open exactly the 8 bytes touched and close them again. Code
 * outside the allocator (checker, tests) must read chunk memory the same way.
 *
 * LP64 and ILP32: every word above is 8 bytes on both; ILP32 keeps sizes and
 * links in the low half and caps requests lower (HL_MAX_REQUEST).
 *
 * Tests that corrupt a heap: checks/check.h lists, per checker invariant, one
 * corruption that makes exactly that invariant fail, using the helpers here.
 * A program including this header must be compiled like the library variant
 * it links: the same -fsanitize=address, or -DHALLOC_VALGRIND=1 for the
 * valgrind variant, since the inline accessors below open and close memory.
 */
#ifndef HALLOC_INTERNAL_H
#define HALLOC_INTERNAL_H

#include "halloc.h"
#include "track.h"

#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* Error and growth paths: kept out of line and out of the hot code's way. */
#define HL_COLD __attribute__((cold, noinline))
/* The few helpers of the malloc/free fast paths that must be inlined into them. */
#define HL_HOT static inline __attribute__((always_inline))

/* ---- layout constants ---- */

#define HL_ALIGN          ((size_t)16)
#define HL_HEADER         ((size_t)16)  /* word + check */
#define HL_FOOTER         ((size_t)8)   /* free chunks above HL_MIN_CHUNK only */
#define HL_MIN_CHUNK      ((size_t)32)  /* header + two links; no footer (PREV_MIN) */
#define HL_FENCE          ((size_t)16)  /* the size-0 used chunk at region end */
#define HL_OFF_WORD       0
#define HL_OFF_CHECK      8
#define HL_OFF_NEXT       16
#define HL_OFF_PREV       24

#define HL_FLAG_FREE      ((size_t)1)
#define HL_FLAG_PREV_FREE ((size_t)2)
#define HL_FLAG_CACHED    ((size_t)4)   /* freed, held in the cache (cache.h); looks used to its neighbours */
#define HL_LP64           (SIZE_MAX > UINT32_MAX)
/* The free chunk before is HL_MIN_CHUNK bytes (so it has no footer). A high
 * bit, not bit 3: bit 3 belongs to the size, so a size off the 16 grid is
 * caught; bits 47-62 (ILP32: 30) are size bits no chunk can have (HL_MAX_REGION). */
#define HL_FLAG_PREV_MIN  ((size_t)1 << (sizeof(size_t) * 8 - 1))
#define HL_FLAG_PREV      (HL_FLAG_PREV_FREE | HL_FLAG_PREV_MIN)  /* what a chunk knows of the one before */
#define HL_FLAG_MASK      ((size_t)7 | HL_FLAG_PREV_MIN)

/* Requests at or above this fail with ENOMEM before any arithmetic, so no size
 * computation below can wrap. ILP32: 512 MiB, a region twice that 1/4 of memory. */
#if HL_LP64
#define HL_MAX_REQUEST    ((size_t)1 << 46)
#else
#define HL_MAX_REQUEST    ((size_t)1 << 29)
#endif
/* No region is larger; so every chunk is smaller than 2^47 (ILP32: 2^30). */
#define HL_MAX_REGION     (HL_MAX_REQUEST * 2)

/* Size classes (bins.h): sizes below HL_SMALL_LIMIT map linearly (width 16,
 * first level 0); above, first level = floor(log2(size)) - HL_FL_SHIFT and
 * 2^HL_SL_LOG2 second-level subdivisions. */
#define HL_SL_LOG2        4
#define HL_SL_COUNT       (1u << HL_SL_LOG2)
#define HL_SMALL_LIMIT    ((size_t)256)
#define HL_FL_SHIFT       7
#define HL_FL_COUNT       (HL_LP64 ? 41u : 24u)  /* log2 up to 47 (30): chunks < HL_MAX_REGION */
/* A region of at most HL_SMALL_REGION bytes needs at most HL_FL_SMALL_LEVELS
 * first levels (hl_levels_for; tests/test_growth.c checks the pair): it
 * sizes the smallest heap. */
#define HL_SMALL_REGION   ((size_t)4096)
#define HL_FL_SMALL_LEVELS 5u

/* The cache (cache.h): one LIFO list per chunk size from HL_MIN_CHUNK to
 * HL_CACHE_MAX_CHUNK in steps of 16, each at most config.cache_depth
 * (<= HALLOC_CACHE_MAX_DEPTH) long. */
#define HL_CACHE_MAX_CHUNK ((size_t)1024)
#define HL_CACHE_CLASSES  ((unsigned)((HL_CACHE_MAX_CHUNK - HL_MIN_CHUNK) / HL_ALIGN + 1))

#define HL_HEAP_MAGIC     UINT64_C(0x68616c6c6f632d48)   /* "halloc-H" */
#define HL_REGION_MAGIC   UINT64_C(0x68616c6c6f632d52)   /* "halloc-R" */

#define HL_ROUND_UP(n, a) (((n) + ((a) - 1)) & ~((a) - 1))

_Static_assert(sizeof(size_t) == sizeof(void *) && sizeof(size_t) <= 8 && sizeof(size_t) >= 4,
               "halloc needs LP64 or ILP32: size_t and pointers of 32 or 64 bits");
_Static_assert(HALLOC_ALIGNMENT == HL_ALIGN, "halloc's chunk layout assumes 16-byte alignment");
_Static_assert(HL_ALIGN % _Alignof(max_align_t) == 0, "payloads must be aligned for every type");
_Static_assert(HL_MIN_CHUNK == HL_HEADER + 2 * sizeof(uint64_t), "a minimum free chunk is header and links");
_Static_assert(HL_MIN_CHUNK + HL_ALIGN >= HL_HEADER + 2 * sizeof(uint64_t) + HL_FOOTER,
               "every free chunk above the minimum has room for its footer");
_Static_assert(HL_MIN_CHUNK % HL_ALIGN == 0, "minimum chunk must keep alignment");
_Static_assert(HL_OFF_CHECK == HL_OFF_WORD + 8 && HL_HEADER == HL_OFF_CHECK + 8 && HL_OFF_NEXT == HL_HEADER &&
                   HL_OFF_PREV == HL_OFF_NEXT + 8,
               "a header is word then check value; a free chunk's links follow it");
_Static_assert(((size_t)7 & HL_ALIGN) == 0 && HL_FLAG_PREV_MIN >= HL_MAX_REGION,
               "the flags are bits no chunk size has: below the alignment, above the largest region");
_Static_assert(HL_SMALL_LIMIT == HL_ALIGN * HL_SL_COUNT, "small classes must tile up to the limit");
_Static_assert(HL_CACHE_CLASSES <= 64, "the cache map is one 64-bit word");
_Static_assert(HALLOC_CACHE_MAX_DEPTH <= UINT16_MAX, "cache counts are 16-bit");
_Static_assert(((size_t)1 << (HL_FL_COUNT - 1 + HL_FL_SHIFT + 1)) == 2 * HL_MAX_REGION,
               "first-level classes must cover every chunk size");

typedef struct hl_chunk hl_chunk; /* never defined: chunk memory is read only through accessors */

/* ---- regions and the heap ---- */

typedef struct hl_region {
    uint64_t magic;           /* HL_REGION_MAGIC */
    size_t size;              /* bytes from the region start to its end (fence ends there) */
    size_t index;             /* creation order; region 0 holds the heap */
    struct hl_region *next;   /* creation order */
    struct hl_region *prev;
    struct halloc_heap *heap; /* back link, checked by HEAP_HEADER */
    size_t high_water;        /* highest payload end offset ever handed out */
    uint64_t seal;            /* hl_region_seal: checked before size and links are trusted */
} hl_region;

/* The cache's lists (cache.h), one per chunk size. Only a heap created with
 * a cache has them, in region 0 after the free-list rows: a heap without
 * one does not carry their HL_CACHE_BYTES. */
typedef struct hl_cache_table {
    hl_chunk *head[HL_CACHE_CLASSES];   /* singly linked through HL_OFF_NEXT, keyed */
    uint16_t count[HL_CACHE_CLASSES];   /* length of each, <= config.cache_depth */
} hl_cache_table;

/* Running counters: what halloc_get_stats reports, checked (STATS) against a walk. */
typedef struct hl_counters {
    size_t bytes_in_use;  /* usable bytes of used chunks */
    size_t bytes_free;    /* usable bytes of free chunks in the lists */
    size_t bytes_cached;  /* usable bytes of cached chunks */
    size_t chunks_used;
    size_t chunks_free;   /* in the lists */
    size_t chunks_cached;
    size_t regions;
} hl_counters;

struct halloc_heap {
    hl_region region0;        /* must stay first: the heap pointer is region 0's start */
    uint64_t magic;           /* HL_HEAP_MAGIC; zeroed by halloc_destroy */
    uint64_t secret;          /* key of every chunk check value and seal; odd */
    uint64_t link_key;        /* key of the cache links (cache.h), drawn apart from secret */
    uint64_t seal;            /* hl_heap_seal: checked on entry to every call (hl_enter) */
    uintptr_t first0;         /* region 0's first chunk: h + hl_heap_hdr_for(fl_inline, cache);
                                 in the seal, as it bounds every lookup. An address, so
                                 a region test need not add h to it */
    halloc_config config;
    int in_buffer;            /* created by halloc_create_in: never grows or unmaps */
    unsigned fl_inline;       /* = hl_levels_for(region0.size); here and fl_count below
                                 sl_bitmap fill 4-byte holes, so span0 takes no room */
    pthread_mutex_t lock;     /* taken only when config.thread_safe */
    uint64_t serial;          /* creation order in the process, never reused: a heap created
                                 where a destroyed one was is not it (report.c) */
    char last_error[HL_LP64 ? 216 : 264]; /* one line, see halloc_last_error; sized so
                                             the rows below start on a cache line (static assert);
                                             the longest report fits (tests/test_cut.c) */
    /* The books: from here to region 0's first chunk, closed to ASan and
     * memcheck between calls (books.h). Everything above is read
     * outside a call: the magic and lock on entry, last_error by the caller,
     * first0 to find the books' end. */
    hl_region *last;          /* last region in creation order */
    size_t next_index;
    size_t mapped;            /* bytes of all regions (checked by ACCOUNTING) */
    size_t release_min;       /* a freed block this large gives its pages back (hl_release_freed) */
    hl_counters stats;
    uint64_t fl_bitmap;                        /* bit fl: some list of level fl non-empty */
    uint32_t sl_bitmap[HL_FL_COUNT];           /* bit sl: heads[fl][sl] non-empty */
    unsigned fl_count;        /* rows in `heads`: fl_inline, or HL_FL_COUNT once moved */
    uint64_t cache_map;                        /* bit i: cache->head[i] non-empty */
    hl_cache_table *cache;                     /* NULL: created without a cache */
    /* The free-list table: doubly linked lists heads[fl][sl] for fl <
     * fl_count. A chunk is smaller than its region, so a table covering the
     * largest region covers every chunk (hl_levels_for). It starts as the
     * fl_inline rows at the end of this struct, as many as region 0 needs,
     * so a small heap does not carry 41 levels of empty heads; the first
     * region that needs more moves it to a mapping of its own, of all
     * HL_FL_COUNT levels (hl_table_grow), counted in `mapped`. */
    size_t span0;             /* hl_span0_for(this heap): hl_region_holding's bound */
    hl_chunk *(*heads)[HL_SL_COUNT];
    hl_chunk *heads_inline[][HL_SL_COUNT];
};
typedef struct halloc_heap hl_heap;

/* Where chunks start in a region: after the region header, or in region 0
 * after the heap struct, its inline free-list rows and, with a cache, the
 * cache's lists. */
#define HL_REGION_HDR  HL_ROUND_UP(sizeof(hl_region), HL_ALIGN)
#define HL_HEAP_FIXED  HL_ROUND_UP(sizeof(struct halloc_heap), HL_ALIGN)
#define HL_ROW_BYTES   (HL_SL_COUNT * sizeof(hl_chunk *))
#define HL_TABLE_BYTES (HL_FL_COUNT * HL_ROW_BYTES)
#define HL_CACHE_BYTES HL_ROUND_UP(sizeof(hl_cache_table), HL_ALIGN)
#define HL_HEAP_HDR(levels) (HL_HEAP_FIXED + (size_t)(levels) * HL_ROW_BYTES)
_Static_assert(HL_ROW_BYTES % HL_ALIGN == 0, "inline rows must keep the first chunk aligned");
/* In a page-aligned heap each inline row then spans two cache lines, not three
 * (bench/RESULTS.md "Why halloc is slower"). */
_Static_assert(offsetof(struct halloc_heap, heads_inline) % 64 == 0, "inline rows should start on a cache line");

#include "chunk.h"

/* ---- regions ---- */

/* First-level classes a region of `size` bytes needs: its chunks are all
 * smaller than it. */
static inline unsigned hl_levels_for(size_t size)
{
    unsigned fl, sl;
    hl_size_class(size - 1, &fl, &sl);
    return fl + 1;
}

/* Where a heap's cache lists go: right after its inline rows. */
static inline hl_cache_table *hl_cache_table_at(const hl_heap *h)
{
    return (hl_cache_table *)((char *)(uintptr_t)h + HL_HEAP_HDR(h->fl_inline));
}

/* Bytes in front of region 0's first chunk: the heap struct, its rows and
 * its cache lists if it has a cache. Kept, as the address it gives, in first0
 * for the hot paths (the checker compares the two). */
static inline size_t hl_heap_hdr_for(unsigned levels, int has_cache)
{
    return HL_HEAP_HDR(levels) + (has_cache ? HL_CACHE_BYTES : 0);
}
static inline size_t hl_heap_hdr(const hl_heap *h) { return (size_t)(h->first0 - (uintptr_t)h); }

static inline size_t hl_region_chunks_offset(const hl_heap *h, const hl_region *r)
{
    return r == &h->region0 ? hl_heap_hdr(h) : HL_REGION_HDR;
}
static inline hl_chunk *hl_region_first(const hl_heap *h, const hl_region *r)
{
    return r == &h->region0 ? (hl_chunk *)h->first0 : hl_chunk_at(r, HL_REGION_HDR);
}
static inline hl_chunk *hl_region_fence(const hl_region *r) { return hl_chunk_at(r, r->size - HL_FENCE); }
static inline size_t hl_region_offset(const hl_region *r, const void *p)
{
    return (size_t)((uintptr_t)p - (uintptr_t)r);
}

#include "seal.h"

/* ---- regions.c: which region past 0 holds an address ---- */

hl_region *hl_region_past0(const hl_heap *h, const void *addr);
hl_region *hl_region_holding_past0(const hl_heap *h, const hl_chunk *c);

/* The region index (regions.c says what it is for), in the spare bytes of a
 * free-list table's own mapping, after the rows; a heap whose table is
 * inline has none. */
typedef struct hl_bounds {
    uintptr_t first; /* a region's first chunk */
    uintptr_t room;  /* offset from it of the last place a minimum chunk fits */
    uint64_t seal;   /* checked before first is trusted as a region's */
} hl_bounds;
typedef struct hl_index {
    size_t count;    /* not sealed: no lookup reads past HL_INDEX_MAX */
    hl_bounds at[];  /* regions past 0 in creation order; cleared past count */
} hl_index;
/* Pages are 4 KiB or larger, and the mapping is whole pages. */
#define HL_INDEX_MAX                                                                                                 \
    ((HL_ROUND_UP(HL_TABLE_BYTES, (size_t)4096) - HL_TABLE_BYTES - sizeof(hl_index)) / sizeof(hl_bounds))
_Static_assert(HL_INDEX_MAX >= 64, "the region index must hold the regions of any plausible heap");
hl_index *hl_index_of(const hl_heap *h);
int hl_bounds_intact(const hl_heap *h, const hl_bounds *b);
void hl_index_add(hl_heap *h, const hl_region *r);
void hl_index_rebuild(hl_heap *h, const hl_region *dropped);

/* Region whose chunk area [first chunk, fence) holds addr; NULL if none, or
 * if a region header on the way does not match its seal
 * (hl_report_not_in_heap tells the two apart). Region 0 is tested inline and
 * without a loop: it is the only region of most heaps, and hl_enter has
 * checked its bounds. */
static inline hl_region *hl_region_of(const hl_heap *h, const void *addr)
{
    uintptr_t a = (uintptr_t)addr;
    /* One unsigned compare: below the first chunk wraps around to huge. */
    if (a - h->first0 < h->region0.size - hl_heap_hdr(h) - HL_FENCE)
        return (hl_region *)(uintptr_t)&h->region0;
    return h->region0.next ? hl_region_past0(h, addr) : NULL;
}

/* Region 0's bound for hl_region_holding: where the last minimum chunk fits,
 * as an offset from its first chunk in units of HL_ALIGN. h->span0 holds it
 * (hl_heap_init sets it, the checker compares). */
static inline size_t hl_span0_for(const hl_heap *h)
{
    return (h->region0.size - hl_heap_hdr(h) - HL_FENCE - HL_MIN_CHUNK) / HL_ALIGN;
}

/* The region in which c may be dereferenced as a free chunk (header and both
 * links): c is 16-aligned and inside its chunk area; NULL if none. Used
 * before following a free-list link, which a write-after-free may have
 * damaged, so it is on every hot path: region 0 takes one compare. Rotating
 * c's offset from the first chunk right by 4 bits carries a misalignment
 * into the top bits, and an address below the first chunk wraps to a huge
 * offset, so both come out above the last place a minimum chunk fits:
 * h->span0, in units of HL_ALIGN, derived once and sealed (seal.h) so that
 * no test computes it. hl_region0_holds_chunk is that compare alone, for
 * the cache's paths that call nothing (cache.h). */
HL_HOT int hl_region0_holds_chunk(const hl_heap *h, const hl_chunk *c)
{
    uintptr_t off = (uintptr_t)c - h->first0;
    return (off >> 4 | off << (sizeof off * 8 - 4)) <= h->span0;
}
HL_HOT hl_region *hl_region_holding(const hl_heap *h, const hl_chunk *c)
{
    if (hl_region0_holds_chunk(h, c))
        return (hl_region *)(uintptr_t)&h->region0;
    return h->region0.next ? hl_region_holding_past0(h, c) : NULL;
}

HL_HOT int hl_heap_holds_chunk(const hl_heap *h, const hl_chunk *c) { return hl_region_holding(h, c) != NULL; }

/* Nonzero if a chunk of `size` bytes at c (in r) ends at or before r's fence.
 * A size read from a header that validates is still checked this way before
 * it is used as a distance: a header forged to validate (a copy with its word
 * adjusted to keep the check value) must not lead past the region. */
static inline int hl_chunk_ends_in(const hl_region *r, const hl_chunk *c, size_t size)
{
    return size >= HL_MIN_CHUNK && size <= (size_t)((uintptr_t)hl_region_fence(r) - (uintptr_t)c);
}

static inline int hl_heap_ok(const hl_heap *h) { return h && h->magic == HL_HEAP_MAGIC; }

/* ---- the lists (bins.h) ---- */

/* Out of line, off the hot path (bins.c). The O(1) list operations and the
 * chunk state changes are static inline in bins.h, included at the end. */
typedef int (*hl_bin_visit)(hl_chunk *c, size_t word, void *ctx);
int hl_bin_walk(const hl_heap *h, unsigned fl, unsigned sl, hl_bin_visit fn, void *ctx, const hl_chunk **bad);
hl_chunk *hl_bin_scan(const hl_heap *h, size_t size, int *damaged);
int hl_bin_largest(const hl_heap *h, size_t *largest, const hl_chunk **bad);

/* ---- trim.c ---- */

/* Freed blocks of h->release_min bytes or more give their pages back at once
 * (hl_release_freed). It starts at HL_RELEASE_MIN, far above the sizes
 * programs churn, so the system call and the page faults of reuse are paid
 * only where the block's own use costs more; each release raises it past the
 * block's size, up to HL_RELEASE_MAX, as glibc raises its mmap threshold, so
 * a program that frees and takes a buffer of one size again and again keeps
 * it resident instead of faulting it in each time. */
#define HL_RELEASE_MIN    ((size_t)1 << 20)
#define HL_RELEASE_MAX    ((size_t)32 << 20)
HL_COLD void hl_release_freed(hl_heap *h, hl_chunk *c, size_t size, const hl_chunk *block, size_t block_size);
/* The free chunk c (`size` bytes) holds block_size bytes at `block` that a
 * free or a realloc has just given up: a block this big gives its pages
 * back. Free and realloc's leftovers both end here, so that they follow one
 * policy. */
HL_HOT void hl_release_given_up(hl_heap *h, hl_chunk *c, size_t size, const hl_chunk *block, size_t block_size)
{
    if (__builtin_expect(block_size >= h->release_min, 0))
        hl_release_freed(h, c, size, block, block_size);
}
/* What emptying a region past 0 unmaps (trim.c, hl_emptying_plan). */
typedef struct hl_emptying {
    hl_region *drop;             /* the region to unmap; NULL: none */
    hl_chunk *kept;              /* its chunk, when it is not the emptied region */
    const hl_region *bad_region; /* a damaged header the plan met */
    const hl_chunk *bad_list;    /* the kept chunk, its list links damaged */
} hl_emptying;
HL_COLD int hl_emptying_plan(const hl_heap *h, hl_region *r, hl_emptying *e);
HL_COLD int hl_region_emptied(hl_heap *h, hl_region *r);

/* ---- heap.c ---- */

HL_COLD hl_region *hl_grow(hl_heap *h, size_t want, size_t *refused, size_t *needed);
size_t hl_table_mapping(void);
void hl_region_drop(hl_heap *h, hl_region *r);

/* ---- free.c ---- */

int hl_lookup_live(hl_heap *h, const void *p, const char *op, hl_region **rp, hl_chunk **cp);
int hl_prev_ok(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const void *p, const char *op);
int hl_free(hl_heap *h, void *p, const char *op);
int hl_free_chunk(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const void *p, const char *op);
int hl_cache_flush(hl_heap *h, const char *op);

/* ---- cache.c ---- */

int hl_cache_largest(const hl_heap *h, size_t *largest);

/* ---- alloc.c ---- */

void *hl_malloc(hl_heap *h, size_t size, const char *op);
hl_chunk *hl_take_fit(hl_heap *h, size_t want, size_t request, const char *op, hl_region **rp);

/* ---- os.c ---- */

void *hl_os_map(size_t size);
void hl_os_unmap(void *p, size_t size);
size_t hl_os_page(void);
uint64_t hl_os_secret(const void *salt);
int hl_os_is_mapped(const void *p, size_t len);
size_t hl_os_resident(const void *p, size_t len);

/* ---- report.c: one function per kind of error; each sets errno, records
 * the one-line message in the heap and returns -1. ---- */

HL_COLD int hl_report_bad_heap(const char *op);
HL_COLD int hl_report_no_default_heap(const void *p); /* hfree(p) with no default heap */
/* errno's text into text[len], returned; never mallocs (strerror may, which
 * under a heap's lock is a deadlock). Also for the preload shim's lines.
 * HL_ERRNO_TEXT_LEN holds every text it knows (tests/test_errno.c). */
#define HL_ERRNO_TEXT_LEN 40
HL_COLD const char *hl_errno_text(int err, char *text, size_t len);
HL_COLD int hl_report_create_failed(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
HL_COLD int hl_report_bad_size(hl_heap *h, const char *op);
HL_COLD int hl_report_bad_alignment(hl_heap *h, const char *op, size_t alignment);
HL_COLD int hl_report_too_large(hl_heap *h, const char *op, size_t size);
HL_COLD int hl_report_alignment_too_large(hl_heap *h, size_t alignment);
HL_COLD int hl_report_calloc_overflow(hl_heap *h, size_t n, size_t size);
HL_COLD int hl_report_out_of_memory(hl_heap *h, const char *op, size_t size, size_t refused, size_t needed);
HL_COLD int hl_report_invalid_pointer(hl_heap *h, const char *op, const void *p, const char *why);
HL_COLD int hl_report_double_free(hl_heap *h, const char *op, const void *p);
HL_COLD int hl_report_corrupt_header(hl_heap *h, const char *op, const void *p, const hl_chunk *bad);
HL_COLD int hl_report_corrupt_footer(hl_heap *h, const char *op, const void *p, const hl_chunk *c);
HL_COLD int hl_report_corrupt_list(hl_heap *h, const char *op, const hl_chunk *bad);
HL_COLD int hl_report_corrupt_cache(hl_heap *h, const char *op, const hl_chunk *bad);

HL_COLD int hl_report_not_in_heap(hl_heap *h, const char *op, const void *p);
/* The last regions the process's heaps unmapped, newest kept, so that a
 * block freed again after its region went is named as such by
 * hl_report_not_in_heap, whichever thread's free or trim unmapped it. One
 * ring for the process, not one per heap: the heap struct has no byte to
 * spare (its rows start on a cache line), and 64 more would be region 0's
 * to carry. The name is a hint, not the verdict: a block whose note was
 * pushed out by 8 later unmaps (any heap's, any thread's: threads each
 * churning a heap of their own do push them out) is refused all the same,
 * EINVAL and nothing changed, but said "not inside this heap". A larger ring
 * would cost no hot path (notes are written at an munmap, read in a report)
 * but only move the limit, and test_trim.c maps a region per slot, each
 * larger than the last: the limit is said where the errno is (halloc.h,
 * README.md "Errors"). */
#define HL_UNMAPPED_KEPT 8
HL_COLD void hl_note_unmapped(const hl_heap *h, uintptr_t start, size_t size);
HL_COLD int hl_report_unsealed_region(hl_heap *h, const char *op); /* 0 if every region is intact */
HL_COLD int hl_report_corrupt_heap(hl_heap *h, const char *op);
HL_COLD int hl_report_corrupt_region(hl_heap *h, const char *op, const hl_region *r);
/* 1 when this thread's last report was printed already (a misuse
 * report in a HALLOC_DEBUG build, which returns only with HALLOC_NOABORT=1). */
HL_COLD int hl_report_was_printed(void);
/* What ends a report that did not fit its buffer: HL_CUT_MARK, cut.h. */
#include "cut.h"

/* ---- checks/: the checker's unlocked entry, and the debug hook ---- */

/* The checker's verdict, and where (if where is not NULL) the place it
 * knows as text: " at region R offset O", " in region R", or "" when the
 * fault has none, which the report's (0, 0) cannot say apart from a place. */
#define HL_CHECK_WHERE_LEN 64
int hl_check_unlocked(hl_heap *h, halloc_report *report, char *where, size_t where_len);
int hl_check_where(halloc_heap *h, halloc_report *report, char *where, size_t where_len);

#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
void hl_debug_check(hl_heap *h, const char *op);
unsigned long hl_debug_check_every(void); /* HALLOC_CHECK_EVERY, read and validated once */
extern void (*hl_debug_sink)(const char *line); /* set by a host with its own log: the preload shim */
/* Set by a host that aborts at a misuse itself, once it has done what must
 * come first (the preload shim writes the program's stdout out): a misuse
 * report then returns to it, whatever HALLOC_NOABORT says. */
extern int hl_debug_host_aborts;
void hl_debug_print(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* to hl_debug_sink or stderr */
#define hl_check_heap(h, op) hl_debug_check((h), (op))
#else
#define hl_check_heap(h, op) ((void)0)
#endif

#include "bins.h"
#include "cache.h"
#include "books.h"

#endif /* HALLOC_INTERNAL_H */
