/*
 * offset-adapter.c - a heap that keeps 32-bit offsets from its base, never
 * pointers, as a shared-memory heap another process may map elsewhere:
 * blocks cut from one mapping by a bump offset, each behind a 16-byte header
 * {size, next}, freed ones on a list of offsets. Built by check-mappings.sh.
 * -DLINK_AS_POINTER: free stores the list's head as the header's pointer cut
 * to 32 bits (round 16b), so the next malloc reads at the base plus that
 * number and faults: the report must call it a pointer where an offset
 * belongs. The heap is mapped at a fixed address whose low 32 bits are
 * 0x10000000, so that sum lies 256 MiB past it, in no mapping.
 */
#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE */
#include <stdint.h>
#include <sys/mman.h>

#include "adapter.h"

#define HEAP_AT ((uintptr_t)0x300010000000)
#define HDR 16u

struct header { uint32_t size, next; };
struct heap { uint32_t free_head, top, len; };

static char *base;

static struct header *at(uint32_t off) { return (struct header *)(base + off); }

static void *offset_create(size_t bytes)
{
    base = mmap((void *)HEAP_AT, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                -1, 0);
    if (base == MAP_FAILED || (uintptr_t)base != HEAP_AT)
        return NULL;
    struct heap *h = (struct heap *)base;
    *h = (struct heap){.free_head = 0, .top = HDR, .len = (uint32_t)bytes};
    return h;
}

static void offset_destroy(void *heap)
{
    munmap(base, ((struct heap *)heap)->len);
}

static void *offset_malloc(void *heap, size_t n)
{
    struct heap *h = heap;
    uint32_t size = (uint32_t)((n + 15) & ~(size_t)15) + HDR, off = h->free_head;
    if (n > h->len)
        return NULL;
    if (off && at(off)->size >= size) { /* the list's first block, if it fits */
        h->free_head = at(off)->next;
        return base + off + HDR;
    }
    if (size > h->len - h->top)
        return NULL;
    off = h->top;
    h->top += size;
    at(off)->size = size;
    return base + off + HDR;
}

static int offset_free(void *heap, void *p)
{
    struct heap *h = heap;
    if (!p)
        return 0;
    struct header *b = (struct header *)((char *)p - HDR);
    b->next = h->free_head;
#ifdef LINK_AS_POINTER
    h->free_head = (uint32_t)(uintptr_t)b;
#else
    h->free_head = (uint32_t)((char *)b - base);
#endif
    return 0;
}

static size_t offset_usable(void *heap, void *p)
{
    (void)heap;
    return ((struct header *)((char *)p - HDR))->size - HDR;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "offset",
    .alignment = 16,
    .caps = 0,
    .create = offset_create,
    .destroy = offset_destroy,
    .malloc = offset_malloc,
    .free = offset_free,
    .usable_size = offset_usable,
};
