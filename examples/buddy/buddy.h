/*
 * buddy.h - a binary buddy allocator with its block sizes kept in a side
 * table, not in headers: every block is a power of two, aligned to its size,
 * and its buddy is found by XOR of its offset with that size.
 *
 * Heaps are independent: each is one mmap'd arena of a power of two bytes,
 * aligned to its own size, that never grows.
 *
 *   buddy_create(bytes)   a heap of at least bytes (rounded up to a power of
 *                         two, 4 KiB to 1 GiB); NULL and errno on failure
 *   buddy_malloc(h, n)    a block of the smallest order that holds n bytes
 *                         (n = 0 gets the smallest, BUDDY_MIN bytes); NULL and
 *                         ENOMEM when no free block is that large
 *   buddy_aligned(h, a, n) as malloc, aligned to a (a power of two)
 *   buddy_free(h, p)      0; EINVAL for a pointer that is not a live block's
 *                         start (a double free included), with nothing changed
 *   buddy_realloc(h, p, n) shrinks in place, grows in place into free upper
 *                         buddies, else moves; n = 0 frees p and returns NULL
 *   buddy_usable(h, p)    the block's size (its whole order: no header)
 *   buddy_check(h, msg, len) 0, or nonzero with what is wrong in msg
 *
 * Planted bugs, all off by default (examples/buddy/README.md has the table of
 * which oracle finds each and the command that shows it):
 *   -DBUDDY_BUG_ORDER_EDGE       n = 2^k + 1 gets order k, one byte short
 *   -DBUDDY_BUG_TOP_ORDER        free goes on looking for a buddy at the top
 *                                order, past the end of the side table
 *   -DBUDDY_BUG_MERGE_ANY_ORDER  free merges with a free buddy start of any
 *                                order, swallowing a split buddy's live blocks
 *   -DBUDDY_BUG_SHRINK_KEEPS_ORDER realloc shrink frees the upper halves but
 *                                leaves the block's order as it was
 *   -DBUDDY_BUG_ALIGN_CAP_PAGE   aligned allocation trusts 4 KiB alignment
 *                                for any alignment above it
 *   -DBUDDY_BUG_BITMAP_CLEAR     unlinking a block from a free list clears the
 *                                order's "list not empty" bit even when blocks
 *                                are left in it
 *   -DBUDDY_BUG_COUNT_WRAPS      the live-block count is 8 bits wide
 */
#ifndef BUDDY_H
#define BUDDY_H

#include <stddef.h>

#define BUDDY_MIN_ORDER 4 /* 16 bytes: a free block holds its two list links */
#define BUDDY_MIN ((size_t)1 << BUDDY_MIN_ORDER)
#define BUDDY_ALIGNMENT BUDDY_MIN

struct buddy_heap;

struct buddy_heap *buddy_create(size_t bytes);
void buddy_destroy(struct buddy_heap *h);
void *buddy_malloc(struct buddy_heap *h, size_t n);
void *buddy_aligned(struct buddy_heap *h, size_t align, size_t n);
int buddy_free(struct buddy_heap *h, void *p);
void *buddy_realloc(struct buddy_heap *h, void *p, size_t n);
size_t buddy_usable(const struct buddy_heap *h, const void *p);
int buddy_check(const struct buddy_heap *h, char *msg, size_t len);
/* Bytes in live blocks, the largest block free now, the live blocks. */
void buddy_stats(const struct buddy_heap *h, size_t *in_use, size_t *largest_free, size_t *live);
/* Nonzero if [p, p + n) lies in the heap's arena. */
int buddy_contains(const struct buddy_heap *h, const void *p, size_t n);

#endif /* BUDDY_H */
