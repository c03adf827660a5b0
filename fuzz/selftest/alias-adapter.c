/*
 * alias-adapter.c - for fuzz/scripts/check-reuse-reports.sh: a bump
 * allocator over a memfd of PAGES pages mapped shared, each page showing its
 * own file page; it never reuses memory (free does nothing).
 * -DALIASED: the upper half of the pages shows the lower half's file pages
 * (mmap MAP_FIXED onto their offsets, as a Mesh-style heap meshes spans), so
 * a block placed there shares its storage with the block half the heap
 * below, though their addresses differ: pattern_corrupted must name that
 * block, the pages between them and one page shown at both addresses, not
 * bookkeeping written into the block.
 * -DALIASED -DFREE_LINKS_BELOW: free also writes a link into the 16 bytes
 * below its block, as a boundary-tag heap's footer: on the aliased pages
 * those bytes are a live block's at the other address, and its damage (no
 * block's pattern) must name that address, from /proc/self/maps, and the
 * block freed there.
 * -DREMAPS_LIVE: the first block placed past half the heap maps the first
 * page anew (mmap MAP_FIXED) onto a file page no other address shows, under
 * a live block: its damage must name that mapping and its op.
 * -DREMAPS_LIVE -DLEAVES_ALIAS: the last page shows that file page from the
 * start, and the same malloc maps it back onto its own after mapping the
 * first page there (as a Mesh-style heap's mesh that moves one alias of a
 * span and not the other): the report names that last page and the op.
 * -DALIASED -DMOVES_TWIN: the first block placed past half the heap maps the
 * first upper page back onto its own file page, and the allocator, taking
 * the lower page left on the old one for the page it gave up, writes a
 * record at its start, over block 0 (as a Mesh-style heap's mesh that moved
 * one alias of a span and not the other): block 0's damage must name the
 * upper page that showed its file page and the op that moved it, though its
 * own page was mapped before the block was made.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "adapter.h"

#define PAGES 4
#define LINK 16 /* FREE_LINKS_BELOW's bytes */
#ifdef ALIASED
#define UPPER_SHOWS 0 /* the file page the upper half's first shows */
#else
#define UPPER_SHOWS (PAGES / 2)
#endif

struct heap {
    int fd;
    char *base;
    size_t used, len;
};

static struct heap the_heap;

/* The heap's n pages from `page` made to show the file's from `file_page`. */
static int show_file_pages(const struct heap *h, size_t page, size_t file_page, size_t n)
{
    size_t size = (size_t)sysconf(_SC_PAGESIZE);
    void *at = mmap(h->base + page * size, n * size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, h->fd,
                    (off_t)(file_page * size));
    return at == MAP_FAILED ? -1 : 0;
}

static void *al_create(size_t bytes)
{
    struct heap *h = &the_heap;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    (void)bytes;
    h->len = PAGES * page;
    h->used = 0;
    h->fd = memfd_create("alias-adapter", MFD_CLOEXEC);
    /* a page past the heap's own: REMAPS_LIVE's, shown nowhere else */
    if (h->fd < 0 || ftruncate(h->fd, (off_t)(h->len + page)) != 0)
        return NULL;
    h->base = mmap(NULL, h->len, PROT_READ | PROT_WRITE, MAP_SHARED, h->fd, 0);
    if (h->base == MAP_FAILED)
        return NULL;
    if (show_file_pages(h, PAGES / 2, UPPER_SHOWS, PAGES / 2) != 0)
        return NULL;
#ifdef LEAVES_ALIAS
    if (show_file_pages(h, PAGES - 1, PAGES, 1) != 0)
        return NULL;
#endif
    return h;
}

static void al_destroy(void *heap)
{
    struct heap *h = heap;
    munmap(h->base, h->len);
    close(h->fd);
}

static void *al_malloc(void *heap, size_t n)
{
    struct heap *h = heap;
    size_t size = n ? (n + 15) & ~(size_t)15 : 16; /* a block of 0 bytes gets an address of its own */
    if (n > h->len || size > h->len - h->used)
        return NULL;
#ifdef REMAPS_LIVE
    if (h->used <= h->len / 2 && h->used + size > h->len / 2 && show_file_pages(h, 0, PAGES, 1) != 0)
        return NULL;
#ifdef LEAVES_ALIAS
    if (h->used <= h->len / 2 && h->used + size > h->len / 2 && show_file_pages(h, PAGES - 1, PAGES - 1, 1) != 0)
        return NULL;
#endif
#endif
#ifdef MOVES_TWIN
    if (h->used <= h->len / 2 && h->used + size > h->len / 2) {
        if (show_file_pages(h, PAGES / 2, PAGES / 2, 1) != 0)
            return NULL;
        memset(h->base, 0xdb, LINK); /* the bug: a record written into the page left behind */
    }
#endif
    h->used += size;
    return h->base + h->used - size;
}

static int al_free(void *heap, void *p)
{
    struct heap *h = heap;
#ifdef FREE_LINKS_BELOW
    if ((char *)p - h->base >= LINK)
        memset((char *)p - LINK, 0xdb, LINK);
#endif
    (void)h, (void)p;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "alias",
    .alignment = 16,
    .caps = 0,
    .create = al_create,
    .destroy = al_destroy,
    .malloc = al_malloc,
    .free = al_free,
};
