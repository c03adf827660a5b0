/*
 * buddy.c - a binary buddy allocator (buddy.h has the API and the planted
 * bug switches).
 *
 * The arena is 2^max_order bytes, mapped aligned to its own size, so a block
 * of order k (2^k bytes) starts at an offset that is a multiple of 2^k and is
 * aligned to 2^k in memory too: aligned allocation is only a larger order.
 * A block's buddy, the other half of the block of order k+1 it was split
 * from, is at offset ^ 2^k. Blocks carry no header: a side table holds one
 * tag per 16-byte unit, nonzero only where a block starts (its order and
 * whether it is free), so a bad or double free is refused by one lookup.
 * Free blocks of each order sit on a doubly linked list kept in the blocks;
 * a bitmap says which lists are not empty, so malloc finds the smallest
 * order that fits with one count-trailing-zeros.
 */
#include "buddy.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAX_ORDER 30    /* 1 GiB arenas at most: orders fit a 32-bit bitmap */
#define MIN_HEAP_ORDER 12
#define TAG_FREE 0x80u  /* a free block starts at this unit */
#define TAG_USED 0x40u  /* a live block starts at this unit */
#define TAG_ORDER 0x3fu /* its order */

struct link {
    struct link *next, *prev;
};

struct buddy_heap {
    unsigned char *base;
    size_t size;
    unsigned max_order;
    unsigned char *tag;         /* size / BUDDY_MIN tags (malloc'd: a read past it is caught) */
    struct link *free[MAX_ORDER + 1];
    uint32_t nonempty;          /* bit k: free[k] holds a block */
    size_t in_use;
#ifdef BUDDY_BUG_COUNT_WRAPS
    uint8_t live;               /* "a heap of 64 KiB never holds 256 blocks" */
#else
    size_t live;
#endif
};

static size_t bit(unsigned k) { return (size_t)1 << k; }

static unsigned floor_log2(size_t n)
{
    unsigned k = 0;
    while (n >>= 1)
        k++;
    return k;
}

/* The smallest order whose blocks hold n bytes; past max_order for a size
 * that does not fit the arena at all (a size near SIZE_MAX included). */
static unsigned order_for(const struct buddy_heap *h, size_t n)
{
    if (n > h->size)
        return h->max_order + 1;
    if (n <= BUDDY_MIN)
        return BUDDY_MIN_ORDER;
#ifdef BUDDY_BUG_ORDER_EDGE
    if (n > BUDDY_MIN + 1)
        return floor_log2(n - 2) + 1; /* a power of two plus one rounds down */
#endif
    return floor_log2(n - 1) + 1;
}

static size_t unit(size_t off) { return off >> BUDDY_MIN_ORDER; }

static void push(struct buddy_heap *h, size_t off, unsigned k)
{
    struct link *b = (struct link *)(void *)(h->base + off);
    b->prev = NULL;
    b->next = h->free[k];
    if (b->next)
        b->next->prev = b;
    h->free[k] = b;
    h->nonempty |= (uint32_t)1 << k;
    h->tag[unit(off)] = (unsigned char)(TAG_FREE | k);
}

/* Takes the free block at off off list k; its tag is the caller's. */
static void unlink_free(struct buddy_heap *h, size_t off, unsigned k)
{
    struct link *b = (struct link *)(void *)(h->base + off);
    if (b->prev)
        b->prev->next = b->next;
    else
        h->free[k] = b->next;
    if (b->next)
        b->next->prev = b->prev;
#ifndef BUDDY_BUG_BITMAP_CLEAR
    if (!h->free[k])
#endif
        h->nonempty &= ~((uint32_t)1 << k);
}

static void count_live(struct buddy_heap *h, unsigned k, int sign)
{
    h->in_use = sign > 0 ? h->in_use + bit(k) : h->in_use - bit(k);
    h->live = sign > 0 ? h->live + 1 : h->live - 1;
}

/* A live block of order k, split from the smallest free block that holds it. */
static void *alloc_order(struct buddy_heap *h, unsigned k)
{
    uint32_t fits = k <= h->max_order ? h->nonempty & ~(((uint32_t)1 << k) - 1) : 0;
    if (!fits) {
        errno = ENOMEM;
        return NULL;
    }
    unsigned j = (unsigned)__builtin_ctz(fits);
    size_t off = (size_t)((unsigned char *)h->free[j] - h->base);
    unlink_free(h, off, j);
    while (j > k) { /* keep the lower half, free the upper one */
        j--;
        push(h, off + bit(j), j);
    }
    h->tag[unit(off)] = (unsigned char)(TAG_USED | k);
    count_live(h, k, 1);
    return h->base + off;
}

struct buddy_heap *buddy_create(size_t bytes)
{
    unsigned k = bytes <= bit(MIN_HEAP_ORDER) ? MIN_HEAP_ORDER : floor_log2(bytes - 1) + 1;
    if (k > MAX_ORDER) {
        errno = EINVAL;
        return NULL;
    }
    struct buddy_heap *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->size = bit(k);
    h->max_order = k;
    h->tag = calloc(unit(h->size), 1);
    /* Twice the size, then the lead and tail trimmed: mmap aligns only to
     * the page, and every block's alignment rests on the arena's. */
    unsigned char *map = mmap(NULL, 2 * h->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!h->tag || map == MAP_FAILED) {
        free(h->tag);
        free(h);
        errno = ENOMEM;
        return NULL;
    }
    size_t lead = (h->size - (uintptr_t)map % h->size) % h->size;
    if (lead)
        munmap(map, lead);
    munmap(map + lead + h->size, h->size - lead);
    h->base = map + lead;
    push(h, 0, k);
    return h;
}

void buddy_destroy(struct buddy_heap *h)
{
    if (!h)
        return;
    munmap(h->base, h->size);
    free(h->tag);
    free(h);
}

void *buddy_malloc(struct buddy_heap *h, size_t n) { return alloc_order(h, order_for(h, n)); }

void *buddy_aligned(struct buddy_heap *h, size_t align, size_t n)
{
    if (!align || (align & (align - 1)) || align > h->size) {
        errno = EINVAL;
        return NULL;
    }
#ifdef BUDDY_BUG_ALIGN_CAP_PAGE
    if (align > 4096)
        align = 4096; /* "mmap gives pages: no block is ever aligned to more" */
#endif
    unsigned k = order_for(h, n), a = floor_log2(align);
    return alloc_order(h, k > a ? k : a);
}

/* The order of the live block starting at p, or -1 if none does. */
static int live_order(const struct buddy_heap *h, const void *p)
{
    const unsigned char *c = p;
    if (c < h->base || c >= h->base + h->size)
        return -1;
    size_t off = (size_t)(c - h->base);
    if (off % BUDDY_MIN)
        return -1;
    unsigned t = h->tag[unit(off)];
    return t & TAG_USED ? (int)(t & TAG_ORDER) : -1;
}

/* Frees the block of order k at off, merging it with free buddies. */
static void release(struct buddy_heap *h, size_t off, unsigned k)
{
    h->tag[unit(off)] = 0;
#ifdef BUDDY_BUG_TOP_ORDER
    while (k <= h->max_order) { /* the whole arena has no buddy */
#else
    while (k < h->max_order) {
#endif
        size_t b = off ^ bit(k);
        unsigned t = h->tag[unit(b)];
#ifdef BUDDY_BUG_MERGE_ANY_ORDER
        if (!(t & TAG_FREE)) /* free, but maybe only its first piece */
#else
        if (t != (TAG_FREE | k))
#endif
            break;
        unlink_free(h, b, t & TAG_ORDER);
        h->tag[unit(b)] = 0;
        off &= ~bit(k);
        k++;
    }
    push(h, off, k);
}

int buddy_free(struct buddy_heap *h, void *p)
{
    if (!p)
        return 0;
    int k = live_order(h, p);
    if (k < 0)
        return EINVAL;
    count_live(h, (unsigned)k, -1);
    release(h, (size_t)((unsigned char *)p - h->base), (unsigned)k);
    return 0;
}

size_t buddy_usable(const struct buddy_heap *h, const void *p)
{
    int k = live_order(h, p);
    return k < 0 ? 0 : bit((unsigned)k);
}

/* Shrinks the live block at off from order k to nk: its upper halves are
 * freed, each beside a live lower half, so none merges. */
static void shrink(struct buddy_heap *h, size_t off, unsigned k, unsigned nk)
{
    count_live(h, k, -1);
    while (k > nk) {
        k--;
        push(h, off + bit(k), k);
    }
#ifndef BUDDY_BUG_SHRINK_KEEPS_ORDER
    h->tag[unit(off)] = (unsigned char)(TAG_USED | nk);
#endif
    count_live(h, nk, 1);
}

/* Grows the live block at off from order k to nk if each upper buddy on
 * the way is free and whole; 0 if it did, -1 (nothing changed) if not. */
static int grow_in_place(struct buddy_heap *h, size_t off, unsigned k, unsigned nk)
{
    for (unsigned j = k; j < nk; j++)
        if ((off & bit(j)) || h->tag[unit(off + bit(j))] != (TAG_FREE | j))
            return -1;
    count_live(h, k, -1);
    for (unsigned j = k; j < nk; j++) {
        unlink_free(h, off + bit(j), j);
        h->tag[unit(off + bit(j))] = 0;
    }
    h->tag[unit(off)] = (unsigned char)(TAG_USED | nk);
    count_live(h, nk, 1);
    return 0;
}

void *buddy_realloc(struct buddy_heap *h, void *p, size_t n)
{
    if (!p)
        return buddy_malloc(h, n);
    int k = live_order(h, p);
    if (k < 0) {
        errno = EINVAL;
        return NULL;
    }
    if (n == 0) {
        buddy_free(h, p);
        return NULL;
    }
    unsigned nk = order_for(h, n);
    size_t off = (size_t)((unsigned char *)p - h->base);
    if (nk <= (unsigned)k) {
        shrink(h, off, (unsigned)k, nk);
        return p;
    }
    if (nk <= h->max_order && grow_in_place(h, off, (unsigned)k, nk) == 0)
        return p;
    void *q = alloc_order(h, nk);
    if (!q)
        return NULL;
    memcpy(q, p, bit((unsigned)k));
    buddy_free(h, p);
    return q;
}

/* buddy_check's tally of one walk over the side table. */
struct tally {
    size_t free_count[MAX_ORDER + 1];
    size_t live, in_use;
};

#define FAIL(...) (snprintf(msg, len, __VA_ARGS__), 1)

/* Every unit inside the block of order k at off must be no block's start. */
static int check_block(const struct buddy_heap *h, size_t off, unsigned t, struct tally *c, char *msg, size_t len)
{
    unsigned k = t & TAG_ORDER;
    if (k < BUDDY_MIN_ORDER || k > h->max_order || (off & (bit(k) - 1)) || off + bit(k) > h->size ||
        (t & TAG_FREE && t & TAG_USED))
        return FAIL("block at offset %zu has tag 0x%02x: order %u out of range, misplaced or both free and live",
                    off, t, k);
    for (size_t u = unit(off) + 1; u < unit(off + bit(k)); u++)
        if (h->tag[u])
            return FAIL("block of order %u at offset %zu holds another block's start at offset %zu", k, off,
                        u << BUDDY_MIN_ORDER);
    if (t & TAG_USED) {
        c->live++;
        c->in_use += bit(k);
        return 0;
    }
    c->free_count[k]++;
    if (k < h->max_order && h->tag[unit(off ^ bit(k))] == (TAG_FREE | k))
        return FAIL("free buddies of order %u at offsets %zu and %zu were not merged", k, off, off ^ bit(k));
    return 0;
}

/* Each free list holds exactly the free blocks of its order, linked both
 * ways, and the bitmap says which lists hold any. */
static int check_lists(const struct buddy_heap *h, const struct tally *c, char *msg, size_t len)
{
    for (unsigned k = 0; k <= MAX_ORDER; k++) {
        size_t n = 0;
        const struct link *prev = NULL;
        for (const struct link *b = h->free[k]; b && n <= c->free_count[k]; prev = b, b = b->next, n++) {
            size_t off = (size_t)((const unsigned char *)b - h->base);
            if ((const unsigned char *)b < h->base || off >= h->size || h->tag[unit(off)] != (TAG_FREE | k) ||
                b->prev != prev)
                return FAIL("free list %u holds offset %zu, which is not a free block of that order "
                            "or whose back link is wrong", k, off);
        }
        if (n != c->free_count[k])
            return FAIL("free list %u holds %zu blocks, the side table %zu free blocks of order %u", k, n,
                        c->free_count[k], k);
        if (!!(h->nonempty & ((uint32_t)1 << k)) != (n > 0))
            return FAIL("bitmap bit %u is %d but free list %u holds %zu blocks", k,
                        !!(h->nonempty & ((uint32_t)1 << k)), k, n);
    }
    return 0;
}

int buddy_check(const struct buddy_heap *h, char *msg, size_t len)
{
    struct tally c = {{0}, 0, 0};
    for (size_t off = 0; off < h->size;) {
        unsigned t = h->tag[unit(off)];
        if (!t)
            return FAIL("no block starts at offset %zu, where the one before it ends", off);
        if (check_block(h, off, t, &c, msg, len))
            return 1;
        off += bit(t & TAG_ORDER);
    }
    if (c.live != h->live || c.in_use != h->in_use)
        return FAIL("counted %zu live blocks of %zu bytes, the heap says %zu of %zu", c.live, c.in_use,
                    (size_t)h->live, h->in_use);
    return check_lists(h, &c, msg, len);
}

void buddy_stats(const struct buddy_heap *h, size_t *in_use, size_t *largest_free, size_t *live)
{
    *in_use = h->in_use;
    *largest_free = h->nonempty ? bit(31 - (unsigned)__builtin_clz(h->nonempty)) : 0;
    *live = h->live;
}

int buddy_contains(const struct buddy_heap *h, const void *p, size_t n)
{
    const unsigned char *c = p;
    return c >= h->base && c <= h->base + h->size && n <= (size_t)(h->base + h->size - c);
}
