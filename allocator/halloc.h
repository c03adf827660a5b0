/*
 * halloc.h - the whole public contract of the halloc allocator.
 *
 * Two APIs:
 *   - the instance API (halloc_*): any number of independent heaps, each over
 *     mmap'd regions (may grow) or over a caller's buffer (never grows);
 *   - the classic convenience API (hinit/halloc/hfree/...) over one default heap,
 *     source-compatible with the teaching-lab "heap.h".
 *
 * Errors are reported through errno (table in README.md):
 *   EINVAL          bad argument: zero size, pointer that is not the start of a
 *                   live block (outside every heap region, misaligned, interior),
 *                   alignment that is not a power of two, NULL heap. A block of
 *                   a region trimming unmapped, freed again, is EINVAL too;
 *                   halloc_last_error names the likely double free only while
 *                   the region is among the last few the process's heaps
 *                   unmapped (README.md "Errors": how many).
 *   ENOMEM          no free chunk can hold the request and the heap may not grow,
 *                   or the request is too large: 2^46 bytes or more (2^29 where
 *                   size_t is 32 bits), an alignment as large, or a calloc whose
 *                   n*size overflows.
 *   EALREADY        double free: the pointer is memory that is already free.
 *   ENOTRECOVERABLE a chunk header, a list link, or the heap's own bookkeeping
 *                   (sealed: README.md "Hardening: what is detected") failed its
 *                   check (heap corruption, most likely a buffer overflow from the
 *                   block before it). Nothing is changed; the heap should be
 *                   treated as broken.
 *   EBUSY           hinit() called when the default heap already exists.
 * A failing call changes nothing in the heap (with the cache on, a request
 * that finds no room has first merged the cached blocks: README.md "Errors").
 *
 * Guarantees (allocator/README.md "Guarantees"):
 *   - payloads are aligned to HALLOC_ALIGNMENT (16, a multiple of alignof(max_align_t));
 *   - no spurious out-of-memory: a request succeeds whenever some free chunk can
 *     hold it (halloc_get_stats's largest_free is the largest such request);
 *   - malloc/free are O(1) in the number of chunks (two-level segregated fit).
 */
#ifndef HALLOC_H
#define HALLOC_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with -fvisibility=hidden: what this header declares
 * is all that libhalloc.so exports (a program's own function named like an
 * internal one cannot replace it), and a caller built with hidden visibility
 * still reaches these in the shared library. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* The release; the Makefile reads these for halloc.pc and the shared
 * library's name (libhalloc.so.MAJOR). */
#define HALLOC_VERSION_MAJOR 1
#define HALLOC_VERSION_MINOR 0
#define HALLOC_VERSION_PATCH 0

/* Guaranteed payload alignment: 16 everywhere, so it does not change with the
 * compiler; alignof(max_align_t) is 16 or 8 (clang on i386, 32-bit ARM). */
#define HALLOC_ALIGNMENT ((size_t)16)

typedef struct halloc_heap halloc_heap;

/* What to do with a region (other than the first) that becomes wholly free,
 * and with the pages of a freed block of 1 MiB or more, or of the part that
 * a realloc gives up when it shrinks a block or moves it down (of more than
 * the largest such block freed so far, up to 32 MiB: as glibc's threshold, it
 * rises, so a buffer freed and taken again and again keeps its pages). */
enum halloc_trim_policy {
    HALLOC_TRIM_EAGER = 0,   /* unmap it, give them back to the kernel, at once (default) */
    HALLOC_TRIM_NEVER = 1,   /* keep both mapped and resident for reuse */
    HALLOC_TRIM_KEEP_ONE = 2 /* as EAGER, but of the regions wholly free the largest stays
                                mapped (one at most): a program that takes and frees a block
                                needing a region of its own, again and again, does not map
                                and unmap it each time (the preload shim's policy) */
};

typedef struct halloc_config {
    size_t initial_size; /* bytes of the first region (rounded up to pages); 0: 1 MiB */
    size_t max_size;     /* cap on all mapped bytes together; 0: no cap */
    int grow;            /* nonzero: map further regions when full */
    int trim;            /* enum halloc_trim_policy */
    int thread_safe;     /* nonzero: every call takes the heap's mutex */
    int cache_depth;     /* 0 (default): every free merges at once. 1..HALLOC_CACHE_MAX_DEPTH:
                            keep up to this many freed blocks of each small size (chunks up
                            to 1 KiB) for reuse, unmerged: faster small-block churn, more
                            fragmentation (README.md "The cache") */
} halloc_config;

#define HALLOC_CACHE_MAX_DEPTH 64

/* The defaults: 1 MiB, no cap, grows, eager trim, thread-safe, no cache. */
halloc_config halloc_default_config(void);

/* A heap over a fresh mmap'd region of `size` bytes (rounded up to pages), with
 * the default configuration. NULL and errno (EINVAL for size 0, ENOMEM) on failure. */
halloc_heap *halloc_create(size_t size);
/* A heap with a whole configuration (NULL: the defaults). NULL and errno on
 * failure: EINVAL for a field out of range, ENOMEM when the first region
 * cannot be mapped or max_size is below it (initial_size in whole pages,
 * at least the smallest heap);
 * halloc_last_error(NULL) then names the field or size. */
halloc_heap *halloc_create_ex(const halloc_config *config);

/* A heap inside the caller's buffer, of any alignment (the heap starts at its
 * first 16-byte boundary): the heap's own bookkeeping lives at its start (a
 * fixed part and 128 bytes per power of two in `size`; a fresh heap's
 * halloc_get_stats().overhead says how much), so usable space is `size` minus
 * at most HALLOC_BUFFER_OVERHEAD. Never grows (full: NULL and ENOMEM), never
 * unmaps. `thread_safe` as in halloc_config. NULL and EINVAL if the buffer
 * is NULL, smaller than HALLOC_MIN_BUFFER, or its size runs past the end of
 * memory (halloc_last_error(NULL) says which, and what to pass). The buffer must be writable and the heap's alone until
 * halloc_destroy: neither is checked (a read-only one faults here; one over
 * memory a live heap uses - but a block it handed out, which may hold a heap -
 * corrupts both). Of a buffer above 2^47 bytes (ILP32: 2^30), the largest
 * region, the heap uses the first 2^47; the rest stays the caller's (mapped
 * says so). */
halloc_heap *halloc_create_in(void *buffer, size_t size, int thread_safe);
/* halloc_create_in with a configuration (NULL: the defaults). A buffer heap
 * honours thread_safe and cache_depth; initial_size, max_size, grow and trim
 * are ignored (it is the buffer, never grows, never unmaps). EINVAL also for
 * a cache_depth outside 0..HALLOC_CACHE_MAX_DEPTH, and for a buffer below
 * HALLOC_MIN_BUFFER + HALLOC_CACHE_BYTES when cache_depth > 0. */
halloc_heap *halloc_create_in_ex(void *buffer, size_t size, const halloc_config *config);
extern const size_t HALLOC_MIN_BUFFER;
/* Bytes of region 0 (or of the buffer) a heap's cache lists take; a heap
 * created without a cache has none. */
extern const size_t HALLOC_CACHE_BYTES;
/* A fresh buffer heap of `size` bytes can satisfy one request of
 * size - HALLOC_BUFFER_OVERHEAD bytes (halloc_get_stats's largest_free >= that);
 * the bound holds for any size up to the largest request (2^46, ILP32: 2^29),
 * and smaller buffers give up less. */
extern const size_t HALLOC_BUFFER_OVERHEAD;

/* Unmaps every region of an mmap'd heap; a buffer heap just becomes invalid
 * (in the ASan build its buffer is unpoisoned only then: README.md
 * "Sanitizers and valgrind").
 * A heap whose own bookkeeping is damaged (ENOTRECOVERABLE from its calls)
 * is unmapped only as far as its seals vouch for; the rest stays mapped and
 * errno is ENOTRECOVERABLE. A destroyed buffer heap's memory is still there,
 * so calls given it fail with EINVAL as for NULL (halloc_check: heap-header,
 * "not a live heap"); a destroyed mmap'd heap's is not: passing its pointer
 * on is a use after free, and may crash. */
void halloc_destroy(halloc_heap *heap);

void *halloc_malloc(halloc_heap *heap, size_t size);               /* size 0: NULL, EINVAL */
int halloc_free(halloc_heap *heap, void *ptr);                     /* 0, or -1 and errno; NULL: 0 */
void *halloc_realloc(halloc_heap *heap, void *ptr, size_t size);   /* see README: NULL ptr = malloc,
                                                                      size 0 = free, returns NULL */
void *halloc_calloc(halloc_heap *heap, size_t n, size_t size);     /* zeroed; n*size overflow: ENOMEM */
void *halloc_aligned_alloc(halloc_heap *heap, size_t alignment, size_t size); /* any power of two below 2^46 */
size_t halloc_usable_size(halloc_heap *heap, const void *ptr);     /* 0 and EINVAL if not a live block
                                                                      (EALREADY if freed, ENOTRECOVERABLE if
                                                                      its header is damaged) */

/* The one-line message of a failed call on the heap ("" if none), naming
 * the likely cause, e.g. "halloc: free(0x...): header check failed at region 0
 * offset 4096: likely an overflow from the block before it or a stale pointer's write;
 * ...". Per thread, like errno: if this thread's last failing
 * call on any heap was on this one, that call's message (another thread's
 * failure since does not replace it); else the heap's last failed call's,
 * whichever thread made it. A heap created where a destroyed one was is
 * another heap: the old one's message is not handed on.
 * NULL or destroyed buffer heap: the message of this thread's last call without a heap,
 * a refused halloc_create* included (it names the field or size refused).
 * Valid until this thread's next failing call or next halloc_last_error
 * call (the heap's message is copied for this thread under the heap's lock:
 * safe while other threads fail on it; not from inside a halloc_walk
 * callback, which holds that lock). */
const char *halloc_last_error(const halloc_heap *heap);

typedef struct halloc_stats {
    size_t bytes_in_use;  /* usable bytes of used chunks */
    size_t bytes_free;    /* usable bytes of free chunks, cached ones included */
    size_t largest_free;  /* a request this large succeeds without growing (larger ones may too,
                             once cached chunks are merged; exact when chunks_cached is 0); at
                             most the largest request, 2^46 - 1 (ILP32: 2^29 - 1) */
    size_t overhead;      /* everything else: headers, heap and region bookkeeping, free-list table */
    size_t chunks_used;
    size_t chunks_free;   /* cached ones included */
    size_t bytes_cached;  /* of bytes_free: freed blocks held in the cache */
    size_t chunks_cached; /* of chunks_free */
    size_t regions;
    size_t mapped;        /* bytes of all regions, and of the free-list table once the heap has
                             outgrown its first region's; = bytes_in_use + bytes_free + overhead */
    size_t high_water;    /* highest end offset of any payload ever handed out, summed over the
                             regions mapped now (an unmapped region's mark goes with it) */
} halloc_stats;

/* 0, or -1 and errno: EINVAL for a bad heap or a NULL out; ENOTRECOVERABLE
 * when something a field is read from is damaged. A field that could not be
 * read is 0, and the others are still filled, for a program to report on a
 * broken heap: a damaged top free list or cache map hides largest_free; a
 * damaged region header, the high_water of the regions after it; damaged
 * bookkeeping (README.md "Hardening: what is detected"), or counters that
 * add up to more than is mapped, every field. halloc_last_error names the
 * first damage met. The counters are kept by every call, not recounted:
 * halloc_check compares them with a walk of the heap. */
int halloc_get_stats(halloc_heap *heap, halloc_stats *out);

/* Gives memory back to the OS now, whatever config.trim says: merges the
 * cache, unmaps every region but the first that is wholly free, and hands the
 * whole pages inside free chunks back to the kernel (madvise; they read as
 * zero when next used, which no halloc guarantee depends on). A buffer heap
 * only merges its cache. *released (may be NULL): bytes handed back by this
 * call: regions unmapped, plus the pages released that were resident (a page
 * never written, or released by an earlier call and not written since, is not
 * counted). 0, or -1 and errno:
 * EINVAL for a bad heap, ENOTRECOVERABLE for a damaged free list. */
int halloc_trim(halloc_heap *heap, size_t *released);

/* ---- the consistency checker (checks/) ---- */

/* Every invariant the checker knows; checks/README.md "The checker" explains each. */
typedef enum halloc_invariant {
    HALLOC_INV_NONE = 0,
    HALLOC_INV_HEAP_HEADER,     /* heap or region bookkeeping damaged (magic, region list) */
    HALLOC_INV_HEADER_CHECK,    /* a chunk header's check value does not match */
    HALLOC_INV_SIZE,            /* size not a multiple of the alignment, or below the minimum chunk */
    HALLOC_INV_CHUNK_BOUNDS,    /* a chunk extends outside its region */
    HALLOC_INV_WALK_END,        /* the physical walk does not end exactly at the region's end */
    HALLOC_INV_BOUNDARY_TAG,    /* a free chunk's footer disagrees with its header */
    HALLOC_INV_PREV_FREE,       /* a chunk's prev-free or prev-min flag disagrees with its neighbour */
    HALLOC_INV_ADJACENT_FREE,   /* two physically adjacent free chunks (missed coalesce) */
    HALLOC_INV_FREE_UNLISTED,   /* a free chunk is in no free list */
    HALLOC_INV_WRONG_LIST,      /* a free chunk sits in the list of another size class */
    HALLOC_INV_USED_IN_LIST,    /* a used chunk (or a non-chunk) is in a free list */
    HALLOC_INV_LIST_LINKS,      /* next->prev != self, or a head's prev is not NULL */
    HALLOC_INV_LIST_CYCLE,      /* a free list loops */
    HALLOC_INV_BITMAP,          /* a bitmap bit disagrees with its list being empty */
    HALLOC_INV_ACCOUNTING,      /* used + free + cached + overhead != mapped */
    HALLOC_INV_STATS,           /* the heap's running counters disagree with the walk */
    HALLOC_INV_CACHE_ENTRY,     /* a cache list holds something other than a cached chunk of its size */
    HALLOC_INV_CACHE_COUNT,     /* a cache list's length disagrees with its count, depth or map bit */
    HALLOC_INV_CACHE_UNLISTED,  /* a chunk marked cached is in no cache list */
    HALLOC_INV_COUNT            /* number of invariants, not an invariant */
} halloc_invariant;

typedef struct halloc_report {
    halloc_invariant invariant; /* HALLOC_INV_NONE when the heap is consistent */
    size_t region;              /* index of the region in creation order (0 if in no one region) */
    size_t offset;              /* offset of the chunk from its region's start (0 if no one chunk) */
    char message[200];          /* one line: what is wrong, with the numbers; like halloc_last_error's,
                                   one too long for it ends in " [... message cut]" */
} halloc_report;

/* Walks every region and free list. Returns 0 if consistent, -1 if not (report
 * filled, errno = ENOTRECOVERABLE). Never crashes on a corrupted heap.
 * `report` may be NULL. A NULL or destroyed buffer heap: -1 and EINVAL, the
 * report's invariant heap-header. */
int halloc_check(halloc_heap *heap, halloc_report *report);
const char *halloc_invariant_name(halloc_invariant inv); /* e.g. "boundary-tag" */

/* ---- inspection ---- */

typedef struct halloc_chunk_info {
    size_t region;  /* region index */
    size_t offset;  /* chunk offset from the region's start */
    size_t size;    /* whole chunk, header included */
    void *payload;  /* what malloc returned / would return */
    size_t usable;  /* payload bytes */
    int is_free;    /* free to the program: in a free list or in the cache */
    int is_cached;  /* freed, held in the cache for reuse, not merged yet */
} halloc_chunk_info;

/* Calls fn for every chunk, in address order per region; stops early and
 * returns fn's value when it is nonzero, errno as fn left it (a callback's
 * own -1 too: set errno to 0 first to tell it from a failure). -1 and
 * ENOTRECOVERABLE if the walk meets a damaged chunk (halloc_last_error names
 * it, halloc_check the invariant); -1 and EINVAL for a NULL heap or fn. fn
 * runs under the heap's lock: it must not call this heap (a thread-safe
 * heap's call waits for that lock for ever; on one without a mutex, the walk
 * goes on over chunks the call changed and may report them as damage). */
typedef int (*halloc_walker)(const halloc_chunk_info *chunk, void *ctx);
int halloc_walk(halloc_heap *heap, halloc_walker fn, void *ctx);

/* Nonzero if the n bytes at p (n 0 counts as 1) lie inside one region of the
 * heap, between its first chunk and its end: memory this heap may have handed
 * out, free or not. Never reads p; costs one compare per region. For a program
 * with several heaps (or a heap beside malloc) deciding where a pointer
 * belongs. 0 also for a NULL or destroyed buffer heap (errno EINVAL). */
int halloc_owns(halloc_heap *heap, const void *p, size_t n);

/* Prints every chunk (region, offset, size, state) and the stats; of a damaged
 * heap, the chunks up to the damage and where the walk stopped, and the
 * figures halloc_get_stats could read, with its message. A NULL or destroyed buffer heap: prints
 * halloc_last_error(NULL)'s line saying so, errno EINVAL. */
void halloc_dump(halloc_heap *heap, FILE *out);

/* ---- the classic convenience API over one default heap ---- */

int hinit(size_t size);              /* 0, or -1 and errno (EINVAL, ENOMEM, EBUSY) and
                                        halloc_last_error(NULL) saying why */
int hinit_config(const halloc_config *config); /* hinit with a whole configuration (NULL: defaults);
                                                  errno as halloc_create_ex, or EBUSY */
void *halloc(size_t size);
void hfree(void *ptr);               /* errno as halloc_free; EINVAL for a pointer while there
                                        is no default heap (not made yet, or after hfini) */
void *hrealloc(void *ptr, size_t size);
void *hcalloc(size_t n, size_t size);
int hcheck(void);                    /* 0 consistent; -1 and the report printed to stderr */
void hdump(void);                    /* halloc_dump to stdout */
void hfini(void);                    /* destroys the default heap; hinit may be called again.
                                        Only when no other thread is using it (as for free: its
                                        blocks die with it) */
halloc_heap *hdefault(void);         /* the default heap (created on first use) */

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif /* HALLOC_H */
