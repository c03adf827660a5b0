/*
 * crash-mappings.h - the planted bugs of crash-adapter.c whose blocks are
 * mappings of their own, or pages of one, and whose frees unmap them (the
 * harness's maps.c oracles and its fault context are what they test).
 * Included by crash-adapter.c only; each -D below makes it define
 * CRASH_BY_MAPPINGS and the mapping_* functions that adapter calls.
 *
 * -DUSABLE_OVERSTATED: no crash of its own; every block ends where a
 * PROT_NONE page begins and usable_size claims 64 bytes more, so the
 * harness's own write of the block faults: the crash context must say so.
 * With HALLOC_FUZZ_USABLE=off nothing faults: the trace must replay clean.
 * -DUNMAP_PAGE_TOO_MANY: no crash of its own; each block is the first of
 * two mapped pages, right below a mapping of its own (as consecutive mmap
 * calls place them), and free unmaps three pages: the harness must name
 * that free (oracle unmap_foreign) before the neighbour's page goes.
 * -DUNMAP_PAGE_BELOW: the same with the block in the upper mapping and free
 * unmapping from a page below it: the page it takes is its neighbour's too.
 * -DUNMAP_CHUNK_PAGE: no crash of its own; create() maps a chunk of four
 * pages, malloc hands out one page of it per block, and free unmaps the
 * block's page as if it were a mapping of its own (a pool block taken for a
 * large one): destroy()'s munmap of the chunk then meets that hole, and the
 * report must name the free that made it.
 * -DUNMAP_LIVE_BLOCK: no crash of its own; blocks of up to 64 bytes are
 * carved from one mapped page, and any free unmaps that page, as a region
 * given back while it still holds live blocks: the harness must name the
 * free and the live block the munmap takes (oracle unmap_live).
 * -DUNMAP_READS_HEADER: each block is a page of its own behind a header, and
 * free reads the header, then unmaps the page (a large block given back at
 * once); with -DCLAIMS_DOUBLE_FREE a second free reads an unmapped header and
 * faults: the crash context must name the munmap and the flag. With
 * -DUNMAP_KEEPS_RECORD too, the block lies 48 bytes into its page behind a
 * record {next, block} on a list, free looks the pointer up there and unmaps
 * the page, leaving the record listed (round 20's lookaside heap, an emptied
 * segment): a second free faults reading that record, and the context must
 * name the record kept, not the header read (the lookup it asked for is there).
 * -DUNMAP_LEAVES_PAGE: no crash; each block is two pages mapped, and free
 * unmaps only the first (a big block's munmap a page short), though the
 * adapter claims FUZZ_UNMAPS_ON_DESTROY: the run must fire left_mapped
 * after destroy(), naming what it left mapped and the op that mapped it;
 * with the shadow off and HALLOC_FUZZ_MAPS_LEFT=on, say the same in a line.
 * -DUNMAP_UNALIGNED: no crash; blocks as -DUNMAP_LEAVES_PAGE's, and free
 * unmaps from 16 bytes into the block's first page, as a tail cut at a
 * block's end not rounded up: the kernel refuses it, and the report must say
 * so rather than name another mapping it cuts into.
 * -DKEPT_PAST_DESTROY: create() maps a record page that destroy() unmaps,
 * and malloc reads the first heap's record, cached past its destroy() (round
 * 21: a thread's owner cached by the heap's address): the second input run
 * in the process faults there, and the context must name the destroy() of
 * the run before that unmapped it.
 * -DBLOCK_PAST_MAPPING, -DBLOCK_PAST_BY_OFFSET, -DBLOCK_AT_MAPPING_END,
 * -DHEADER_PAST_MAPPING, -DHEADER_BEFORE_MAPPING, -DFREE_WRITES_PAST_BLOCK,
 * -DFREE_READS_BELOW_BLOCK, -DFREE_READS_FREED: blocks or frees past an edge, in crash-edges.h.
 * -DREALLOC_KEEPS_MOVED_POINTER: no crash of its own; each block is a mapping
 * of its own, and realloc moves it to a fresh one by mremap but returns the
 * old address: the report must name the mremap that took it away.
 * -DMOVED_KEEPS_LENGTH, -DMOVED_KEEPS_ADDRESS: no crash of its own; mappings as
 * -DREALLOC_KEEPS_MOVED_POINTER's, and realloc returns the address mremap moved
 * the block to, but its record keeps the old length, or the old address, and
 * contains() reads the record (round 19's BiBOP big blocks): out_of_heap must
 * name the mremap and which of the two the record kept (the old address: that
 * contains() still claims it). -DMOVED_KEEPS_ADDRESS=2: the record dropped
 * instead, and out_of_heap must say contains() claims neither address.
 * -DREMOVAL_LOSES_NEXT: no crash of its own; mappings as
 * -DREALLOC_KEEPS_MOVED_POINTER's, and a free's removal of its record loses
 * the next live record too, whose free then fails with EINVAL (round 19's
 * BiBOP hash table, its removal ending a probe chain): free_rejected must
 * name the free whose removal came first.
 * -DINDEX_TESTED_BY_COUNT: no crash of its own; mappings as
 * -DREMOVAL_LOSES_NEXT's, and free refuses (EINVAL) a block whose record's
 * index is not below the count of live records, not the table's length:
 * after one free the next record's block is refused, though its record,
 * which usable_size reads, is whole: free_rejected must not blame the
 * table for losing it at the other's removal.
 * -DSHRINK_KEEPS_SIZE: no crash of its own; mappings as
 * -DREALLOC_KEEPS_MOVED_POINTER's, and a realloc that shrinks unmaps the
 * tail pages but keeps the old length, which usable_size reports (round
 * 14b's SLOB big block): past_mapping must name the unmap of this call.
 * -DSLOT_PAST_SPAN: no crash of its own; the first block of 100 bytes
 * starts 64 bytes below a page boundary of a mapping of three pages, and the
 * second starts on that boundary, as a span whose slot count was rounded up
 * and the next span's first slot (round 14b): overlap must name the older
 * block running past the boundary, not the heap's top.
 * -DHOLDS_MAPPINGS=N: create() maps N pages, each by an mmap of its own, and
 * holds them until destroy(), as an allocator of thousands of regions: the
 * harness must keep them all and still judge each munmap past them. Alone,
 * no bug: each block is a mapping of its own behind a 16-byte header that
 * holds its length, and free unmaps it (the cost of an op beside N
 * mappings is measured with it); with a bug above, that bug's blocks.
 * -DCONTAINS_MISSES: no crash; HOLDS_MAPPINGS's blocks (a mapping each behind
 * a header), and the adapter claims FUZZ_HAS_BOUNDS with a contains() whose
 * lookup finds none of them (as a slab masked to a page where slabs are
 * aligned to 16 KiB): out_of_heap must say the block lies wholly inside a
 * mapping the allocator made, and blame the lookup, not a growth too short;
 * with -DBLOCK_PAST_MAPPING, that bug's blocks: say how far one runs past;
 * with -DNEXT_PAGE_MAPPED too, the page above each block's is mapped by an
 * mmap of its own, as a slot allocator's meta area the kernel placed there:
 * the block runs past its mapping into that one, no lookup's fault.
 * -DMAPPING_SHORT: no crash; HOLDS_MAPPINGS's blocks, each mapping sized for
 * the request alone, its header left out, and usable_size the bytes from the
 * block to the mapping's end: usable_too_small must name the mapping made
 * short (round 12: a big block's mapping without its alignment's slack).
 * With -DCLAIMS_BOUNDS the adapter claims FUZZ_HAS_BOUNDS, contains() reading
 * the mapping's length from the header: out_of_heap, which fires first, must
 * name the mapping made short too (round 20's decay heap: told of a fit search).
 * -DSLAB_KEPT_CURRENT, -DUSABLE_MASKS_BIG, -DSLAB_RECARVED, -DSLAB_KEPT_LISTED: slabs, in crash-slabs.h.
 * -DTABLE_MEMORY_REFUSED, with HOLDS_MAPPINGS: create() maps the N pages as
 * one PROT_NONE reserve, limits the address space (RLIMIT_AS) to what the
 * process has mapped plus 64 KiB, then maps each page anew over the reserve
 * (MAP_FIXED, which the limit lets through): the harness's table, a span
 * more at each, must grow past the limit, the kernel refuses it, and the
 * run must say so (a replay of it is not ok).
 */
#ifndef CRASH_MAPPINGS_H
#define CRASH_MAPPINGS_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(USABLE_OVERSTATED) || defined(UNMAP_PAGE_TOO_MANY) || defined(UNMAP_PAGE_BELOW) || \
    defined(UNMAP_CHUNK_PAGE) || defined(UNMAP_LIVE_BLOCK) || defined(UNMAP_READS_HEADER) || defined(UNMAP_LEAVES_PAGE) || \
    defined(UNMAP_UNALIGNED) || \
    defined(BLOCK_PAST_MAPPING) || defined(BLOCK_AT_MAPPING_END) || defined(HEADER_PAST_MAPPING) || \
    defined(HEADER_BEFORE_MAPPING) || defined(BLOCK_PAST_BY_OFFSET) || defined(FREE_WRITES_PAST_BLOCK) || \
    defined(FREE_READS_BELOW_BLOCK) || defined(FREE_READS_FREED) || defined(REALLOC_KEEPS_MOVED_POINTER) || defined(SHRINK_KEEPS_SIZE) || \
    defined(MOVED_KEEPS_LENGTH) || defined(MOVED_KEEPS_ADDRESS) || defined(REMOVAL_LOSES_NEXT) || \
    defined(INDEX_TESTED_BY_COUNT) || \
    defined(SLOT_PAST_SPAN) || defined(HOLDS_MAPPINGS) || defined(CONTAINS_MISSES) || defined(MAPPING_SHORT) || \
    defined(USABLE_MASKS_BIG) || defined(SLAB_KEPT_CURRENT) || defined(SLAB_RECARVED) || defined(SLAB_KEPT_LISTED) || \
    defined(KEPT_PAST_DESTROY)
#define CRASH_BY_MAPPINGS 1

static size_t page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

static void *map_pages_as(size_t n, int prot)
{
    void *m = mmap(NULL, n * page_size(), prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

static inline void *map_pages(size_t n) { return map_pages_as(n, PROT_READ | PROT_WRITE); }

#if defined(USABLE_OVERSTATED)
static void *mapping_malloc(size_t size)
{
    size_t page = page_size(), rounded = (size + 15) & ~(size_t)15;
    char *m = rounded <= page ? map_pages(2) : NULL;
    if (!m || mprotect(m + page, page, PROT_NONE) != 0)
        return NULL;
    return m + page - rounded;
}

static void mapping_free(void *ptr)
{
    if (ptr) /* the block lies in the first page of its two */
        munmap((void *)((uintptr_t)ptr & ~(uintptr_t)(page_size() - 1)), 2 * page_size());
}

static size_t crash_usable_size(void *heap, void *p)
{
    (void)heap;
    uintptr_t guard = ((uintptr_t)p | (page_size() - 1)) + 1;
    return (size_t)(guard - (uintptr_t)p) + 64;
}
#define CRASH_USABLE_SIZE crash_usable_size

#elif defined(UNMAP_PAGE_TOO_MANY) || defined(UNMAP_PAGE_BELOW)
static void *mapping_malloc(size_t size)
{
    size_t page = page_size();
    char *m = size <= page ? map_pages(4) : NULL;
    if (!m || mmap(m + 2 * page, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                   0) == MAP_FAILED)
        return NULL;
#ifdef UNMAP_PAGE_BELOW
    return m + 2 * page; /* the upper mapping of the two */
#else
    return m; /* two pages, then a mapping of two more made apart */
#endif
}

static void mapping_free(void *ptr)
{
#ifdef UNMAP_PAGE_BELOW
    if (ptr) /* one page more, below its two */
        munmap((char *)ptr - page_size(), 3 * page_size());
#else
    if (ptr)
        munmap(ptr, 3 * page_size()); /* its two pages and one more */
#endif
}

#elif defined(UNMAP_CHUNK_PAGE)
#define CHUNK_PAGES 4
static char *chunk;       /* this heap's pages, one per block */
static size_t chunk_used; /* pages handed out */

static int chunk_create(void)
{
    chunk = map_pages(CHUNK_PAGES);
    chunk_used = 0;
    return chunk ? 0 : -1;
}

static void chunk_destroy(void) { munmap(chunk, CHUNK_PAGES * page_size()); }

static void *mapping_malloc(size_t size)
{
    if (size > page_size() || chunk_used == CHUNK_PAGES)
        return NULL;
    return chunk + chunk_used++ * page_size();
}

static void mapping_free(void *ptr)
{
    if (ptr) /* the chunk's page, which destroy() unmaps again */
        munmap(ptr, page_size());
}

#elif defined(UNMAP_READS_HEADER) && defined(UNMAP_KEEPS_RECORD)
struct record {
    struct record *next;
    char *block;
};
static struct record *records; /* one input a process: the selftest's replays */

static void *mapping_malloc(size_t size)
{
    struct record *r = size <= page_size() - 48 ? map_pages(1) : NULL;
    if (!r)
        return NULL;
    r->block = (char *)r + 48;
    r->next = records;
    records = r;
    return r->block;
}

static void mapping_free(void *ptr)
{
    for (volatile struct record *r = records; ptr && r; r = r->next) /* a double free reads it unmapped */
        if (r->block == ptr) {
            munmap((void *)r, page_size()); /* still listed */
            return;
        }
}

#elif defined(UNMAP_READS_HEADER)
#define BLOCK_MAGIC 0xb16b10cu

static void *mapping_malloc(size_t size)
{
    unsigned *m = size <= page_size() - 16 ? map_pages(1) : NULL;
    if (!m)
        return NULL;
    *m = BLOCK_MAGIC;
    return (char *)m + 16;
}

static void mapping_free(void *ptr)
{
    volatile unsigned *header = (unsigned *)((char *)ptr - 16);
    if (ptr && *header == BLOCK_MAGIC) /* a double free reads it unmapped */
        munmap((void *)header, page_size());
}

#elif defined(UNMAP_LEAVES_PAGE) || defined(UNMAP_UNALIGNED)
static void *mapping_malloc(size_t size) { return size <= page_size() ? map_pages(2) : NULL; }

static void mapping_free(void *ptr)
{
#ifdef UNMAP_UNALIGNED
    if (ptr) /* "the tail past a 16-byte header" */
        munmap((char *)ptr + 16, 2 * page_size() - 16);
#else
    if (ptr) /* one page of its two */
        munmap(ptr, page_size());
#endif
}

#elif defined(BLOCK_PAST_MAPPING) || defined(BLOCK_AT_MAPPING_END) || defined(HEADER_PAST_MAPPING) || \
    defined(HEADER_BEFORE_MAPPING) || defined(BLOCK_PAST_BY_OFFSET) || defined(FREE_WRITES_PAST_BLOCK) || \
    defined(FREE_READS_BELOW_BLOCK) || defined(FREE_READS_FREED)
#include "crash-edges.h"

#elif defined(REALLOC_KEEPS_MOVED_POINTER) || defined(SHRINK_KEEPS_SIZE) || defined(MOVED_KEEPS_LENGTH) || \
    defined(MOVED_KEEPS_ADDRESS) || defined(REMOVAL_LOSES_NEXT) || defined(INDEX_TESTED_BY_COUNT)
#ifndef MREMAP_MAYMOVE /* <sys/mman.h> declares them only under _GNU_SOURCE; the harness defines mremap */
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...);
#endif
static struct { char *at; size_t len; } mapped[64]; /* each live block: a mapping of its own */
static size_t mapped_live; /* records in use */

static size_t mapped_index(const void *p)
{
    size_t i = 0;
    while (i < 64 && mapped[i].at != p) /* NULL: a free entry */
        i++;
    return i;
}

static void *mapping_malloc(size_t size)
{
    size_t i = mapped_index(NULL), len = (size / page_size() + 1) * page_size();
    char *m = i < 64 ? map_pages(len / page_size()) : NULL;
    if (m)
        mapped[i].at = m, mapped[i].len = len, mapped_live++;
    return m;
}

static void mapping_free(void *ptr)
{
    size_t i = mapped_index(ptr);
    if (ptr && i < 64)
        munmap(mapped[i].at, mapped[i].len), mapped[i].at = NULL, mapped_live--;
#ifdef REMOVAL_LOSES_NEXT
    while (ptr && ++i < 64 && !mapped[i].at)
        continue;
    if (ptr && i < 64)
        mapped[i].at = NULL; /* the bug: its mapping left, its record gone */
#endif
}

static size_t crash_usable_size(void *heap, void *p)
{
    size_t i = mapped_index(p);
    (void)heap;
    return i < 64 ? mapped[i].len : 0;
}
#define CRASH_USABLE_SIZE crash_usable_size

/* Moves the block to a fresh mapping by mremap, and returns where it was. */
static void *mapping_realloc(void *heap, void *ptr, size_t size)
{
    size_t i = mapped_index(ptr), len = (size / page_size() + 1) * page_size();
    (void)heap;
    if (!ptr)
        return mapping_malloc(size);
#ifdef SHRINK_KEEPS_SIZE
    if (i < 64 && len < mapped[i].len) {
        munmap(mapped[i].at + len, mapped[i].len - len);
        return ptr; /* the bug: mapped[i].len left as it was */
    }
#endif
    char *to = i < 64 ? map_pages(len / page_size()) : NULL;
    void *moved = to ? mremap(mapped[i].at, mapped[i].len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to) : MAP_FAILED;
    if (moved == MAP_FAILED)
        return NULL;
#ifdef MOVED_KEEPS_LENGTH
    mapped[i].at = moved; /* the bug: the old length */
#elif MOVED_KEEPS_ADDRESS + 0 == 2
    mapped[i].at = NULL, mapped_live--; /* the bug: the record dropped, its mapping kept */
#elif defined(MOVED_KEEPS_ADDRESS)
    mapped[i].len = len; /* the bug: the old address */
#else
    mapped[i].at = moved, mapped[i].len = len;
#endif
#if defined(SHRINK_KEEPS_SIZE) || defined(MOVED_KEEPS_LENGTH) || defined(MOVED_KEEPS_ADDRESS)
    return moved;
#else
    return ptr; /* the bug: the old address */
#endif
}
#define CRASH_MAPPINGS_REALLOC mapping_realloc /* crash-resize.h makes it CRASH_REALLOC */

#if defined(MOVED_KEEPS_LENGTH) || defined(MOVED_KEEPS_ADDRESS)
/* Whether the record of a block holds [p, p+n). */
static int mapping_contains(void *heap, const void *p, size_t n)
{
    (void)heap;
    for (size_t i = 0; i < 64; i++)
        if (mapped[i].at && (const char *)p >= mapped[i].at && (const char *)p < mapped[i].at + mapped[i].len)
            return n <= (size_t)(mapped[i].at + mapped[i].len - (const char *)p);
    return 0;
}
#endif

#elif defined(UNMAP_LIVE_BLOCK)
static char *shared_page; /* the blocks of up to 64 bytes, 64 bytes apart */
static size_t shared_used;

static void *mapping_malloc(size_t size)
{
    if (size > 64 || shared_used + 64 > page_size())
        return NULL;
    if (!shared_page) {
        if (!(shared_page = map_pages(1)))
            return NULL;
        shared_used = 0;
    }
    shared_used += 64;
    return shared_page + shared_used - 64;
}

static void mapping_free(void *ptr)
{
    if (ptr && shared_page) /* the whole page, whatever else it holds */
        munmap(shared_page, page_size());
    shared_page = NULL;
}

#elif defined(SLAB_KEPT_CURRENT) || defined(USABLE_MASKS_BIG) || defined(SLAB_RECARVED) || defined(SLAB_KEPT_LISTED)
#include "crash-slabs.h"

#elif defined(SLOT_PAST_SPAN)
static char *span_pages; /* blocks of 100 bytes: the first runs past its page's end, the next starts there */

static void *mapping_malloc(size_t size)
{
    if (size != 100)
        return map_pages(size / page_size() + 1);
    if (span_pages)
        return span_pages + page_size();
    span_pages = map_pages(3);
    return span_pages ? span_pages + page_size() - 64 : NULL;
}

static void mapping_free(void *ptr) { (void)ptr; } /* the run ends at the overlap */

#else /* HOLDS_MAPPINGS, CONTAINS_MISSES, MAPPING_SHORT or KEPT_PAST_DESTROY alone: a mapping per block, its length in a header */
#ifdef KEPT_PAST_DESTROY
static char *record, *cached; /* this heap's record; the first heap's, cached past its destroy() */

static int chunk_create(void)
{
    static char *hint; /* each record mapped above the last: the kernel would map it where the last one was */
    record = mmap(hint, page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (record == MAP_FAILED)
        return record = NULL, -1;
    hint = record + 64 * page_size();
    return 0;
}

static void chunk_destroy(void) { munmap(record, page_size()); }

/* The first heap's record, read by every heap's malloc: the second heap's faults. */
static void read_cached_record(void)
{
    if (!cached)
        cached = record;
    (void)*(volatile char *)(cached + 64);
}
#else
static void read_cached_record(void) {}
#endif
#ifdef MAPPING_SHORT
#define MAPPED_HEADER 0 /* the header left out of the length */
static size_t crash_usable_size(void *heap, void *p)
{
    (void)heap;
    return *(size_t *)((char *)p - 16) - 16;
}
#define CRASH_USABLE_SIZE crash_usable_size
#else
#define MAPPED_HEADER 16
#endif
static void *mapping_malloc(size_t size)
{
    if (size > SIZE_MAX / 2)
        return errno = ENOMEM, NULL;
    read_cached_record();
    size_t page = page_size(), len = (size + MAPPED_HEADER + page - 1) & ~(page - 1);
    size_t *m = map_pages(len / page);
    if (m)
        *m = len;
    return m ? (char *)m + 16 : NULL;
}

static void mapping_free(void *ptr)
{
    if (ptr)
        munmap((char *)ptr - 16, *(size_t *)((char *)ptr - 16));
}

#ifdef CLAIMS_BOUNDS
/* Whether [p, p+n) lies in the mapping of the block p starts: the traces given hold no other pointer. */
static int mapping_contains(void *heap, const void *p, size_t n)
{
    (void)heap;
    return n <= *(const size_t *)((const char *)p - 16) - 16;
}
#endif
#endif

/* Only UNMAP_CHUNK_PAGE maps a chunk per heap. */
#ifndef CHUNK_PAGES
#ifndef KEPT_PAST_DESTROY
static int chunk_create(void) { return 0; }
static void chunk_destroy(void) {}
#endif
#endif

#ifdef HOLDS_MAPPINGS
static void *held[HOLDS_MAPPINGS]; /* a page each */

#ifdef TABLE_MEMORY_REFUSED
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>

/* A reserve of HOLDS_MAPPINGS pages, and the address space limited to what
 * is mapped now plus 64 KiB (/proc/self/statm's first field, in pages): a
 * page mapped over the reserve costs the limit nothing. */
static char *reserve_limited(void)
{
    char text[64] = "", *reserve = map_pages_as(HOLDS_MAPPINGS, PROT_NONE);
    int fd = open("/proc/self/statm", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
    if (fd >= 0)
        close(fd);
    struct rlimit as;
    if (!reserve || n <= 0 || getrlimit(RLIMIT_AS, &as) != 0)
        return NULL;
    as.rlim_cur = strtoul(text, NULL, 10) * page_size() + 65536;
    return setrlimit(RLIMIT_AS, &as) == 0 ? reserve : NULL;
}

static void *hold_page(size_t i)
{
    static char *reserve;
    reserve = i ? reserve : reserve_limited();
    void *m = reserve ? mmap(reserve + i * page_size(), page_size(), PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
                      : MAP_FAILED;
    return m == MAP_FAILED ? NULL : m;
}
#else
static void *hold_page(size_t i) { return (void)i, map_pages(1); }
#endif

static int mapping_create(void)
{
    for (size_t i = 0; i < HOLDS_MAPPINGS; i++)
        if (!(held[i] = hold_page(i)))
            return -1;
    return chunk_create();
}

static void mapping_destroy(void)
{
    chunk_destroy();
    for (size_t i = 0; i < HOLDS_MAPPINGS; i++)
        if (held[i])
            munmap(held[i], page_size()), held[i] = NULL;
}
#else
static int mapping_create(void) { return chunk_create(); }
static void mapping_destroy(void) { chunk_destroy(); }
#endif

#endif /* any of the planted mapping bugs */
#endif /* CRASH_MAPPINGS_H */
