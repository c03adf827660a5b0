/*
 * classes-adapter.c - for fuzz/scripts/check-discard.sh: two size classes,
 * each on a page of one mapping made at create (OpenBSD's malloc made
 * small): the first page holds two 2048-byte slots, the page after it four
 * 1024-byte ones; a malloc takes the lowest free slot of its class's page,
 * and usable_size reads the class of the page the pointer lies in.
 * -DSLOT_PAST_PAGE: the 2048-byte slot search runs one slot past its page,
 * so a third such block lands at the start of the next page, the 1024-byte
 * class's (round 15's randomized heap, whose report said only "a lookup
 * that misses the block").
 * -DSLOT_PAST_LAST_PAGE: the 1024-byte slot search runs one slot past its
 * page, so a fifth such block lands at the start of the page after it, a
 * free page with no class, whose record usable_size follows, NULL (round
 * 19's BiBOP counted a page's slots without its header: told only as a
 * lookup): the crash context must name a slot carved past its page.
 * -DCLASS_EDGE_LOW: a request up to 16 bytes past the 1024-byte class is
 * given that class (round 20's decay heap rounded 272 down to 256): a block
 * a header's size short, packed against the slot below with no header, must
 * be told as a class edge, not as a request sized without its header.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "adapter.h"

#define PAGE 4096u
#define PAGES 3u /* the classes' two, then a free page */
#ifdef SLOT_PAST_PAGE
#define SEARCH_PAST 1u
#else
#define SEARCH_PAST 0u
#endif
#ifdef CLASS_EDGE_LOW
#define EDGE_SLACK 16u
#else
#define EDGE_SLACK 0u
#endif
#ifdef SLOT_PAST_LAST_PAGE
#define SEARCH_PAST_LAST 1u
#else
#define SEARCH_PAST_LAST 0u
#endif

static const size_t slot_size[2] = {2048, 1024};
static const size_t *const page_slot_size[PAGES] = {&slot_size[0], &slot_size[1], NULL}; /* a page's record */
static struct {
    char *base;
    unsigned used[2]; /* a bit a slot, per page */
    size_t live;
} heap;

static void *classes_create(size_t bytes)
{
    (void)bytes;
    void *base = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    heap.base = base;
    heap.used[0] = heap.used[1] = 0;
    heap.live = 0;
    return &heap;
}

static void classes_destroy(void *h)
{
    (void)h;
    munmap(heap.base, PAGES * PAGE);
}

static void *classes_malloc(void *h, size_t n)
{
    (void)h;
    unsigned page = n <= slot_size[1] + EDGE_SLACK ? 1 : 0;
    if (n > slot_size[0]) {
        errno = ENOMEM;
        return NULL;
    }
    unsigned slots = (unsigned)(PAGE / slot_size[page]);
    for (unsigned i = 0; i < slots + (page == 0 ? SEARCH_PAST : SEARCH_PAST_LAST); i++)
        if (!(heap.used[page] & 1u << i)) {
            heap.used[page] |= 1u << i;
            heap.live++;
            return heap.base + page * PAGE + i * slot_size[page];
        }
    errno = ENOMEM;
    return NULL;
}

static size_t classes_usable_size(void *h, void *p)
{
    (void)h;
    return *page_slot_size[(size_t)((char *)p - heap.base) / PAGE];
}

static int classes_free(void *h, void *p)
{
    (void)h;
    if (!p)
        return 0;
    size_t at = (size_t)((char *)p - heap.base);
    heap.used[at / PAGE] &= ~(1u << (at % PAGE / slot_size[at / PAGE]));
    heap.live--;
    return 0;
}

static int classes_stats(void *h, struct fuzz_stats *out)
{
    (void)h;
    out->live_blocks = heap.live;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "classes",
    .alignment = 16,
    .caps = FUZZ_REPORTS_ENOMEM,
    .create = classes_create,
    .destroy = classes_destroy,
    .malloc = classes_malloc,
    .free = classes_free,
    .usable_size = classes_usable_size,
    .stats = classes_stats,
};
