/*
 * page-walk-adapter.c - for check-mappings.sh: one page mapped at create(),
 * four blocks of 1,008 bytes behind 16-byte headers, free ones on a list
 * through their headers that ends at the page's end (as a SLOB page's last
 * free block links to offset 4,096), a count of free blocks saying when the
 * page is full, contains() the page.
 * -DCOUNT_HIGH: the count starts one high (room that left the list still
 * counted: round 14b's SLOB, an aligned block's padding dropped), so the
 * fifth malloc follows the list past the page's end and hands out 16 bytes
 * past it: out_of_heap must say so, naming the page and the block below.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "adapter.h"

#define PAGE 4096
#define SLOT 1024
#define HEADER 16
#ifdef COUNT_HIGH
#define FREE_AT_START (PAGE / SLOT + 1)
#else
#define FREE_AT_START (PAGE / SLOT)
#endif

struct page_heap {
    char *page;
    char *head; /* the first free slot's header; the page's end when none */
    size_t free_slots;
};

static struct page_heap heap;

static void *pw_create(size_t bytes)
{
    char *m = bytes ? mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) : MAP_FAILED;
    if (m == MAP_FAILED)
        return NULL;
    for (size_t at = 0; at < PAGE; at += SLOT)
        *(char **)(m + at) = m + at + SLOT;
    heap = (struct page_heap){m, m, FREE_AT_START};
    return &heap;
}

static void pw_destroy(void *h)
{
    munmap(((struct page_heap *)h)->page, PAGE);
}

static void *pw_malloc(void *h, size_t n)
{
    struct page_heap *ph = h;
    if (n > SLOT - HEADER || ph->free_slots == 0) {
        errno = ENOMEM;
        return NULL;
    }
    char *slot = ph->head;
    ph->free_slots--;
    /* past the page's end the link is not read: a walk there would meet whatever is mapped */
    ph->head = slot < ph->page + PAGE ? *(char **)slot : slot + SLOT;
    return slot + HEADER;
}

static int pw_free(void *h, void *p)
{
    struct page_heap *ph = h;
    if (!p)
        return 0;
    char *slot = (char *)p - HEADER;
    *(char **)slot = ph->head;
    ph->head = slot;
    ph->free_slots++;
    return 0;
}

static int pw_contains(void *h, const void *p, size_t n)
{
    const struct page_heap *ph = h;
    uintptr_t at = (uintptr_t)p, start = (uintptr_t)ph->page;
    return at >= start && at <= start + PAGE && n <= start + PAGE - at;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "page-walk",
    .alignment = 16,
    .caps = FUZZ_HAS_BOUNDS,
    .create = pw_create,
    .destroy = pw_destroy,
    .malloc = pw_malloc,
    .free = pw_free,
    .contains = pw_contains,
};
