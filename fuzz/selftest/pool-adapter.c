/*
 * pool-adapter.c - for fuzz/scripts/check-adapters.sh: a fixed-block pool
 * (one block size, 64 bytes; anything larger refused) carved from a buffer of
 * create()'s bytes, with a guard word just past the buffer that check()
 * reads (in a block's room more, so a block past the end stays in memory
 * the pool owns and only check() sees it). -DLENGTH_ROUNDED_UP: the block count is the buffer's length divided
 * by 64 rounded up, so a length that is no multiple of 64 gets a last block
 * that runs past the buffer, over the guard: the bug round 7 of
 * fuzz/ADAPTER-ROUNDS.md planted, which the default 64 KiB heap never
 * shows and op heap (fuzz/ops.h) does. -DFREED_MARK_KEPT: free marks its
 * block freed in a table of the pool's, malloc leaves the mark on a block it
 * hands out again, and usable_size() finds no block where the mark is set
 * (round 13's slot allocator, whose bitmap kept a reused slot's freed bit).
 * -DSWEPT_MARK_ONLY: free only marks its block freed, refusing a block so
 * marked (a double free made at once), and trim() sweeps the marked blocks
 * onto the free list, clearing their marks: a block freed again after a
 * sweep passes the mark alone (round 14's span allocator, whose free tested
 * the freed bit and not the alloc bit its sweep clears).
 * -DHEAD_ONLY_DOUBLE_FREE: free refuses a block only when it heads the free
 * list, so a double free with another free between passes (glibc's fastbin
 * "fasttop" check, round 16b).
 * -DSIZE_IN_32_BITS: malloc refuses a size over UINT32_MAX, then adds a
 * 16-byte header to it in a uint32_t, which wraps for a size within 16 bytes
 * of 4 GiB (round 16b's shm allocator): such a request is served.
 * -DTRIM_CHECKS_FILL: free fills its block with 0xdd before it pushes it,
 * refusing a block on the free list, and trim() aborts at a free block whose
 * bytes are not all the fill, which the link the push wrote never is (round
 * 17's debugging allocator, whose quarantine checked more than free filled):
 * the report must name the trim and the free, not the double free's misuse.
 * -DFENCE_LEFT: a block's usable size is its request (63 at most), a fence
 * byte just past it, which free() tests, aborting; realloc shrinks in place
 * and leaves the fence where the block used to end (round 17's debugging
 * allocator): the report must name the shrink.
 * -DMERGED_LEFT_LISTED: malloc hands out never-used blocks before freed
 * ones, and a free of any block but the first merges the never-used block
 * right above it into it, leaving that block where malloc still takes it; a
 * free of a block so merged is refused, no block starting there (round 18's
 * skip list, whose merge left the chunk above listed): free_rejected must
 * name the block freed below it, not free's lookup.
 * -DTAKEN_LEFT_LISTED: malloc takes the list's head but leaves it there, free
 * writes a back link into the old head's second word, and realloc always
 * moves, freeing the old block after its copy (round 19's emmalloc-style
 * allocator, a block filed by one size and taken off by another): that
 * free writes the old block's address into the new one, and
 * realloc_lost_data must say the new block was still on a free list.
 * -DLISTED_STATS (with -DTAKEN_LEFT_LISTED): stats() walks the free list, as
 * one that counts the free blocks does, and meets the block taken but left
 * its head, whose first word the harness's fill made the link: the crash's
 * context must name the malloc that handed that block out still listed.
 * -DWRITE_PAST_BREAK: create() has libc's malloc move the program break (as
 * glibc's does, for an allocator that never calls sbrk), and free writes a
 * byte just past the break: a wild write that no sbrk heap made.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h> /* mmap: -DWRITE_PAST_BREAK */
#include <unistd.h>   /* sbrk: -DWRITE_PAST_BREAK */

#include "adapter.h"
#include "pool-core.h" /* pool_malloc, pool_free, pool_usable */

#define GUARD UINT64_C(0x600d600d600d600d)

struct pool {
    struct pool_core core; /* first: the heap pool-core.h's calls take */
    size_t bytes;
    unsigned char *freed_mark; /* -DFREED_MARK_KEPT: a byte per block */
};

#if defined(FREED_MARK_KEPT) || defined(SWEPT_MARK_ONLY) || defined(FENCE_LEFT) || defined(MERGED_LEFT_LISTED)
static unsigned char *mark_of(void *heap, void *ptr)
{
    struct pool *p = heap;
    return &p->freed_mark[((unsigned char *)ptr - p->core.first) / POOL_BLOCK];
}
#endif
#ifdef SWEPT_MARK_ONLY
static int marking_free(void *heap, void *ptr)
{
    if (!ptr)
        return 0;
    if (*mark_of(heap, ptr))
        return EINVAL;
    *mark_of(heap, ptr) = 1;
    return 0;
}
static int sweep(void *heap)
{
    struct pool *p = heap;
    for (size_t i = 0; i < p->core.next; i++)
        if (p->freed_mark[i]) {
            p->freed_mark[i] = 0;
            pool_free(heap, p->core.first + i * POOL_BLOCK);
        }
    return 0;
}
#define POOL_FREE marking_free
#define POOL_USABLE pool_usable
#define POOL_CAPS FUZZ_DETECTS_DOUBLE_FREE
#define POOL_TRIM sweep
#elif defined(HEAD_ONLY_DOUBLE_FREE)
static int head_checking_free(void *heap, void *ptr)
{
    struct pool *p = heap;
    if (ptr && ptr == p->core.free_list)
        return EINVAL;
    return pool_free(heap, ptr);
}
#define POOL_FREE head_checking_free
#define POOL_USABLE pool_usable
#define POOL_CAPS FUZZ_DETECTS_DOUBLE_FREE
#define POOL_TRIM NULL
#elif defined(TRIM_CHECKS_FILL)
static int filling_free(void *heap, void *ptr)
{
    struct pool *p = heap;
    for (void *b = p->core.free_list; ptr && b; memcpy(&b, b, sizeof b))
        if (b == ptr)
            return EINVAL;
    if (ptr)
        memset(ptr, 0xdd, POOL_BLOCK);
    return pool_free(heap, ptr);
}
static int fill_checking_trim(void *heap)
{
    struct pool *p = heap;
    for (void *b = p->core.free_list; b; memcpy(&b, b, sizeof b))
        for (size_t i = 0; i < POOL_BLOCK; i++)
            if (((unsigned char *)b)[i] != 0xdd) {
                fprintf(stderr, "pool64: write after free at %p\n", (void *)((unsigned char *)b + i));
                abort();
            }
    return 0;
}
#define POOL_FREE filling_free
#define POOL_USABLE pool_usable
#define POOL_CAPS FUZZ_DETECTS_DOUBLE_FREE
#define POOL_TRIM fill_checking_trim
#elif defined(FENCE_LEFT)
#define FENCE 0xfc
static unsigned char *size_of(void *heap, void *ptr) { return mark_of(heap, ptr); }
static void *fenced_malloc(void *heap, size_t n)
{
    unsigned char *b = n < POOL_BLOCK ? pool_malloc(heap, n) : (errno = ENOMEM, NULL);
    if (b)
        *size_of(heap, b) = (unsigned char)n, b[n] = FENCE;
    return b;
}
static int fence_checking_free(void *heap, void *ptr)
{
    unsigned char *b = ptr;
    if (b && b[*size_of(heap, b)] != FENCE) {
        fprintf(stderr, "pool64: fence smashed at %p\n", (void *)(b + *size_of(heap, b)));
        abort();
    }
    return pool_free(heap, ptr);
}
static void *shrinking_realloc(void *heap, void *ptr, size_t n)
{
    if (!ptr || n > *size_of(heap, ptr))
        return NULL; /* the check's trace only shrinks */
    *size_of(heap, ptr) = (unsigned char)n; /* the fence left at the old end */
    return ptr;
}
static size_t fenced_usable(void *heap, void *ptr) { return *size_of(heap, ptr); }
#define POOL_MALLOC fenced_malloc
#define POOL_FREE fence_checking_free
#define POOL_REALLOC shrinking_realloc
#define POOL_USABLE fenced_usable
#elif defined(MERGED_LEFT_LISTED)
static void *fresh_first_malloc(void *heap, size_t n)
{
    struct pool *p = heap;
    void *freed = p->core.free_list, *b;
    if (p->core.next < p->core.nblocks)
        p->core.free_list = NULL;
    b = pool_malloc(heap, n);
    if (p->core.free_list == NULL)
        p->core.free_list = freed;
    return b;
}
static int merging_free(void *heap, void *ptr)
{
    struct pool *p = heap;
    unsigned char *above = (unsigned char *)ptr + POOL_BLOCK;
    if (ptr && *mark_of(heap, ptr))
        return EINVAL; /* inside the chunk a merge made: no block starts here */
    if (ptr && ptr != p->core.first && (size_t)(above - p->core.first) / POOL_BLOCK == p->core.next &&
        p->core.next < p->core.nblocks)
        *mark_of(heap, above) = 1;
    return pool_free(heap, ptr);
}
#define POOL_MALLOC fresh_first_malloc
#define POOL_FREE merging_free
#define POOL_USABLE pool_usable
#define POOL_CAPS FUZZ_PRISTINE_AFTER_FREE_ALL
#define POOL_TRIM NULL
#elif defined(TAKEN_LEFT_LISTED)
static void *listed_malloc(void *heap, size_t n)
{
    struct pool *p = heap;
    void *head = p->core.free_list, *b = pool_malloc(heap, n);
    if (b && b == head)
        p->core.free_list = head; /* the bug: taken off, but left the list's head */
    return b;
}
static int back_linking_free(void *heap, void *ptr)
{
    struct pool *p = heap;
    if (ptr && p->core.free_list)
        memcpy((unsigned char *)p->core.free_list + sizeof ptr, &ptr, sizeof ptr); /* the old head's back link */
    return pool_free(heap, ptr);
}
static void *moving_realloc(void *heap, void *ptr, size_t n)
{
    void *b = listed_malloc(heap, n);
    if (b && ptr) {
        memcpy(b, ptr, POOL_BLOCK);
        back_linking_free(heap, ptr);
    }
    return b;
}
#define POOL_MALLOC listed_malloc
#define POOL_FREE back_linking_free
#define POOL_REALLOC moving_realloc
#define POOL_USABLE pool_usable
#elif defined(FREED_MARK_KEPT)
static int marking_free(void *heap, void *ptr)
{
    if (ptr)
        *mark_of(heap, ptr) = 1;
    return pool_free(heap, ptr);
}
static size_t marked_usable(void *heap, void *ptr) { return *mark_of(heap, ptr) ? 0 : pool_usable(heap, ptr); }
#define POOL_FREE marking_free
#define POOL_USABLE marked_usable
#else
#define POOL_FREE pool_free
#define POOL_USABLE pool_usable
#endif
#ifndef POOL_CAPS
#define POOL_CAPS 0
#define POOL_TRIM NULL
#endif

#ifdef WRITE_PAST_BREAK
static void *break_movers[4]; /* libc's: each below its mmap threshold, so the break grows for them */
static void move_break(void)
{
    for (size_t i = 0; i < sizeof break_movers / sizeof break_movers[0]; i++)
        if (!break_movers[i])
            break_movers[i] = malloc(96 << 10);
}
static int wild_free(void *heap, void *ptr)
{
    if (ptr)
        *((volatile char *)sbrk(0) + 64) = 1;
    return pool_free(heap, ptr);
}
#undef POOL_FREE
#define POOL_FREE wild_free
#else
#define move_break() ((void)0)
#endif

/* The buffer: libc's, but a mapping of its own with -DWRITE_PAST_BREAK, so
 * no block lies under the break libc's malloc moved. */
static unsigned char *buffer_alloc(size_t n)
{
#ifdef WRITE_PAST_BREAK
    void *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
#else
    return malloc(n);
#endif
}
static void buffer_free(unsigned char *buffer, size_t n)
{
#ifdef WRITE_PAST_BREAK
    if (buffer)
        munmap(buffer, n);
#else
    (void)n;
    free(buffer);
#endif
}
#ifndef POOL_REALLOC
#define POOL_REALLOC NULL
#endif
#ifdef SIZE_IN_32_BITS
static void *header_sized_malloc(void *heap, size_t size)
{
    if (size > UINT32_MAX)
        return errno = ENOMEM, NULL;
    uint32_t with_header = (uint32_t)size + 16;
    if (with_header > POOL_BLOCK + 16)
        return errno = ENOMEM, NULL;
    return pool_malloc(heap, 0);
}
#define POOL_MALLOC header_sized_malloc
#elif !defined(POOL_MALLOC)
#define POOL_MALLOC pool_malloc
#endif

#ifdef LISTED_STATS
/* The free blocks counted by a walk of the list: the live ones are those carved less those listed. */
static int walking_stats(void *heap, struct fuzz_stats *out)
{
    struct pool *p = heap;
    size_t listed = 0;
    for (void *b = p->core.free_list; b; memcpy(&b, b, sizeof b))
        listed++;
    *out = (struct fuzz_stats){0, 0, p->core.next - listed};
    return 0;
}
#define POOL_STATS walking_stats
#else
#define POOL_STATS NULL
#endif

static void *pool_create(size_t bytes)
{
    struct pool *p = calloc(1, sizeof *p);
    uint64_t guard = GUARD;
    move_break();
    if (!p || !(p->core.first = buffer_alloc(bytes + POOL_BLOCK)) ||
        !(p->freed_mark = calloc(bytes / POOL_BLOCK + 1, 1))) {
        if (p)
            buffer_free(p->core.first, bytes + POOL_BLOCK);
        free(p);
        return NULL;
    }
    p->bytes = bytes;
#ifdef LENGTH_ROUNDED_UP
    p->core.nblocks = (bytes + POOL_BLOCK - 1) / POOL_BLOCK;
#else
    p->core.nblocks = bytes / POOL_BLOCK;
#endif
    memcpy(p->core.first + bytes, &guard, sizeof guard);
    return p;
}

static void pool_destroy(void *heap)
{
    struct pool *p = heap;
    buffer_free(p->core.first, p->bytes + POOL_BLOCK);
    free(p->freed_mark);
    free(p);
}

static int pool_check(void *heap, char *msg, size_t msg_len)
{
    struct pool *p = heap;
    uint64_t guard;
    memcpy(&guard, p->core.first + p->bytes, sizeof guard);
    if (guard == GUARD)
        return 0;
    snprintf(msg, msg_len, "the guard word past the %zu-byte buffer was overwritten", p->bytes);
    return -1;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "pool64",
    .alignment = 16,
    .caps = FUZZ_REPORTS_ENOMEM | POOL_CAPS,
    .double_free_errno = EINVAL,
    .create = pool_create,
    .destroy = pool_destroy,
    .malloc = POOL_MALLOC,
    .free = POOL_FREE,
    .realloc = POOL_REALLOC,
    .usable_size = POOL_USABLE,
    .check = pool_check,
    .stats = POOL_STATS,
    .trim = POOL_TRIM,
};
