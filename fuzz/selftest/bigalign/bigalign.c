/*
 * bigalign.c - see bigalign.h. Every block has a header just below it: where
 * its memory came from and how many bytes follow the header.
 *
 * -DBUG_BIG_ALIGN_LEAD plants a bug in the big aligned path only: after
 * unmapping the lead, the mapping's length is not reduced by it, so the tail
 * trimmed, the usable size and the length unmapped at free all run one lead
 * past the mapping. A lead exists only for alignments above a page, on big
 * blocks: aligned sizes up to 4095 never reach it.
 *
 * -DBUG_REALLOC_FROM_BASE plants a bug in realloc of a small aligned block:
 * it copies from the start of the libc allocation the block was carved from,
 * not from the block (the report must name the old block as aligned_alloc's).
 *
 * -DCRASH_NEAR_MAX is a depth probe, not a bug: an aligned request whose size
 * plus alignment lies in the last 64 KiB below 4 MiB crashes, as in an
 * allocator whose largest class or list is 4 MiB and whose search rounds an
 * over-allocated request up past it. Aligned sizes step by 64 KiB from 64 KiB
 * to exactly 4 MiB, so only a small alignment on 4 MiB - 64 KiB lands there.
 *
 * -DCRASH_ALIGN_GRID is a probe too: it crashes once one heap has been asked
 * every cell of the alignment grid, each power-of-two alignment from 16 to
 * 32768 with a size below it, one equal to it (up to 2048: aligned sizes
 * stop at 4095 below the big ones) and a multiple of it. An allocator wrong
 * in one cell (mimalloc 2.0.9 at 256 of 256 to 1024 bytes) is found at once
 * when some seed asks them all; from seeds that did not, five runs of 30 s
 * missed it, as coverage rarely tells one cell from the next.
 */
#include "bigalign.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct ba_header {
    char *map;      /* the block's own mapping, NULL for a libc block */
    size_t map_len; /* its length */
    size_t usable;  /* bytes after the header */
    size_t pad;     /* keeps the block 16-aligned */
};
#define HDR sizeof(struct ba_header)

static size_t mapped;

static size_t page(void) { return (size_t)sysconf(_SC_PAGESIZE); }
static uintptr_t up(uintptr_t v, size_t a) { return (v + a - 1) & ~(uintptr_t)(a - 1); }
static struct ba_header *header_of(void *p) { return (struct ba_header *)p - 1; }

static void *small(size_t size)
{
    struct ba_header *h = malloc(HDR + size);
    if (!h)
        return NULL;
    *h = (struct ba_header){NULL, 0, size, 0};
    return h + 1;
}

/* A block of `size` bytes aligned to `alignment` in a mapping of its own. */
static void *big(size_t alignment, size_t size)
{
    if (size > SIZE_MAX / 4 || alignment > SIZE_MAX / 4) {
        errno = ENOMEM;
        return NULL;
    }
    size_t len = up(HDR + size + (alignment > BA_ALIGNMENT ? alignment : 0), page());
    char *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return NULL;
    char *user = (char *)up((uintptr_t)map + HDR, alignment > BA_ALIGNMENT ? alignment : BA_ALIGNMENT);
    size_t lead = (size_t)((uintptr_t)(user - HDR) & ~(uintptr_t)(page() - 1)) - (size_t)(uintptr_t)map;
    if (lead) { /* whole pages below the header: give them back */
        munmap(map, lead);
        map += lead;
#ifndef BUG_BIG_ALIGN_LEAD
        len -= lead;
#endif
    }
    char *end = (char *)up((uintptr_t)user + size, page());
    if (map + len > end) { /* and the pages past the block */
        munmap(end, (size_t)(map + len - end));
        len = (size_t)(end - map);
    }
    mapped++;
    *header_of(user) = (struct ba_header){map, len, (size_t)(map + len - user), 0};
    return user;
}

#ifdef CRASH_ALIGN_GRID
enum { GRID_BELOW = 1, GRID_EQUAL = 2, GRID_MULTIPLE = 4, GRID_FIRST = 4, GRID_LAST = 15 };
static unsigned grid_asked[GRID_LAST + 1]; /* by log2 of the alignment: the GRID_ bits asked */

static void grid_probe(size_t alignment, size_t size)
{
    unsigned log2 = 0;
    while (((size_t)1 << log2) < alignment)
        log2++;
    if (log2 < GRID_FIRST || log2 > GRID_LAST || size == 0)
        return;
    grid_asked[log2] |= size < alignment ? GRID_BELOW : size == alignment ? GRID_EQUAL
                        : size % alignment == 0 ? GRID_MULTIPLE : 0;
    for (unsigned e = GRID_FIRST; e <= GRID_LAST; e++) {
        unsigned all = GRID_BELOW | GRID_MULTIPLE | (e <= 11 ? GRID_EQUAL : 0); /* 1 << 11: 2048 */
        if ((grid_asked[e] & all) != all)
            return;
    }
    char *volatile wild = (char *)(uintptr_t)(size & 0xff);
    *wild = 1;
}

void ba_grid_reset(void) { memset(grid_asked, 0, sizeof grid_asked); }
#endif

void *ba_malloc(size_t size) { return size >= BA_BIG ? big(BA_ALIGNMENT, size) : small(size); }

void *ba_aligned_alloc(size_t alignment, size_t size)
{
    if (alignment == 0 || (alignment & (alignment - 1))) {
        errno = EINVAL;
        return NULL;
    }
#ifdef CRASH_ALIGN_GRID
    grid_probe(alignment, size);
#endif
#ifdef CRASH_NEAR_MAX
    size_t max = (size_t)4 << 20;
    if (size <= max && alignment <= max - size && alignment + size > max - ((size_t)64 << 10)) {
        char *volatile wild = (char *)(uintptr_t)(size & 0xff);
        *wild = 1;
    }
#endif
    if (size >= BA_BIG)
        return big(alignment, size);
    if (alignment <= BA_ALIGNMENT)
        return small(size);
    /* A small aligned block: over-allocated from libc, the header records the start. */
    char *raw = malloc(HDR + size + alignment);
    if (!raw)
        return NULL;
    char *user = (char *)up((uintptr_t)raw + HDR, alignment);
    *header_of(user) = (struct ba_header){NULL, 0, size, (size_t)(user - raw)};
    return user;
}

void ba_free(void *p)
{
    if (!p)
        return;
    struct ba_header *h = header_of(p);
    if (h->map) {
        munmap(h->map, h->map_len);
        mapped--;
    } else {
        free((char *)p - (h->pad ? h->pad : HDR));
    }
}

size_t ba_usable_size(void *p) { return header_of(p)->usable; }

void *ba_realloc(void *p, size_t size)
{
    void *q = ba_malloc(size);
    if (!p || !q)
        return q;
    struct ba_header *h = header_of(p);
    const char *from = p;
#ifdef BUG_REALLOC_FROM_BASE
    if (h->pad)
        from = (char *)p - h->pad;
#endif
    memcpy(q, from, h->usable < size ? h->usable : size);
    ba_free(p);
    return q;
}
size_t ba_mapped_blocks(void) { return mapped; }
