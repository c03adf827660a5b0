/*
 * myalloc.c - a first-fit allocator over an implicit free list.
 *
 * The heap is one mmap'd region cut into blocks that tile it exactly:
 *
 *     | header | payload ...  | header | payload ... | header | ...
 *
 * A header records the size of its own block (header included) and the size
 * of the block just before it, so free() can reach both neighbours and merge
 * with whichever is free: two free blocks never sit side by side. The header
 * is 16 bytes and every size a multiple of 16, so every payload stays 16-byte
 * aligned - and bit 0 of a size, otherwise always 0, can be borrowed as the
 * "in use" flag.
 *
 * The BUG_* switches (see myalloc.h) each plant one classic student bug.
 */
#include "myalloc.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(MYALLOC_BUGS) && MYALLOC_BUGS
#define BUG_ALIGN_TO_8 1
#define BUG_NO_COALESCE_CHECK 1
#define BUG_FORGET_USED_FLAG 1
#endif

#ifdef BUG_ALIGN_TO_8
#define SIZE_UNIT sizeof(size_t) /* "8 bytes is enough for anything" */
#else
#define SIZE_UNIT MY_ALIGNMENT /* payload sizes keep the next header aligned */
#endif

struct block {
    size_t size_used; /* block size in bytes, header included; bit 0: in use */
    size_t prev_size; /* size of the block just before; 0 for the first block */
};

#define HEADER_SIZE sizeof(struct block)
#define USED ((size_t)1)
#define FREE ((size_t)0)
/* Room for a header and the smallest payload: a smaller remainder is not split off. */
#define MIN_BLOCK (HEADER_SIZE + MY_ALIGNMENT)

_Static_assert(sizeof(struct block) == MY_ALIGNMENT, "the header must keep payloads aligned");

static char *heap_start; /* NULL while there is no heap */
static char *heap_end;

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

static size_t block_size(const struct block *b)
{
    return b->size_used & ~USED;
}

static int is_used(const struct block *b)
{
    return (b->size_used & USED) != 0;
}

static void set_header(struct block *b, size_t size, size_t used)
{
    b->size_used = size | used;
}

static void *payload_of(struct block *b)
{
    return b + 1;
}

static struct block *block_of(void *payload)
{
    return (struct block *)payload - 1;
}

/* The block physically after b, or NULL if b is the last one. */
static struct block *next_block(struct block *b)
{
    char *next = (char *)b + block_size(b);
    return next < heap_end ? (struct block *)next : NULL;
}

/* The block physically before b, or NULL if b is the first one. */
static struct block *prev_block(struct block *b)
{
    return b->prev_size ? (struct block *)((char *)b - b->prev_size) : NULL;
}

/* b changed size: its right neighbour must know, to find b again. */
static void update_next_prev_size(struct block *b)
{
    struct block *next = next_block(b);
    if (next)
        next->prev_size = block_size(b);
}

int my_init(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (heap_start) {
        errno = EBUSY;
        return -1;
    }
    if (size < MIN_BLOCK || size > SIZE_MAX - page) {
        errno = EINVAL;
        return -1;
    }
    /* mmap hands out whole pages anyway, so the heap uses all of them. */
    size_t len = round_up(size, page);
    void *mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        errno = ENOMEM;
        return -1;
    }
    heap_start = mem;
    heap_end = heap_start + len;
    struct block *first = (struct block *)heap_start;
    set_header(first, len, FREE);
    first->prev_size = 0;
    return 0;
}

void my_fini(void)
{
    if (heap_start)
        munmap(heap_start, (size_t)(heap_end - heap_start));
    heap_start = heap_end = NULL;
}

/* Cut free block b after `payload` bytes of payload: the front becomes the
 * block handed out, the rest a free block of its own. */
static void split(struct block *b, size_t payload)
{
#ifdef BUG_SPLIT_OVERLAP
    char *cut = (char *)b + payload; /* measured from the header: one header short */
#else
    char *cut = (char *)payload_of(b) + payload;
#endif
    size_t front = (size_t)(cut - (char *)b);
    struct block *rest = (struct block *)cut;

    set_header(rest, block_size(b) - front, FREE);
    rest->prev_size = front;
    update_next_prev_size(rest);
    set_header(b, front, USED);
}

/* Hand out free block b, which fits `payload` bytes; split off what it does
 * not need when that is big enough to be a block. */
static void *take(struct block *b, size_t payload)
{
    if (block_size(b) - HEADER_SIZE - payload >= MIN_BLOCK)
        split(b, payload); /* marks the front part used */
#ifndef BUG_FORGET_USED_FLAG
    else
        set_header(b, block_size(b), USED);
#endif
    return payload_of(b);
}

void *my_alloc(size_t size)
{
    if (!heap_start || size > (size_t)(heap_end - heap_start)) {
        errno = ENOMEM;
        return NULL;
    }
    size_t payload = size ? round_up(size, SIZE_UNIT) : SIZE_UNIT;

    for (struct block *b = (struct block *)heap_start; b; b = next_block(b))
        if (!is_used(b) && block_size(b) - HEADER_SIZE >= payload)
            return take(b, payload);
    errno = ENOMEM;
    return NULL;
}

/* Join b and its right neighbour into one free block; returns b. */
static struct block *merge(struct block *b, struct block *next)
{
    set_header(b, block_size(b) + block_size(next), FREE);
    update_next_prev_size(b);
    return b;
}

void my_free(void *ptr)
{
    if (!ptr)
        return;
    struct block *b = block_of(ptr);
    set_header(b, block_size(b), FREE);

    struct block *next = next_block(b);
#ifdef BUG_NO_COALESCE_CHECK
    if (next) /* never asks whether next is still in use */
#else
    if (next && !is_used(next))
#endif
        merge(b, next);

    struct block *prev = prev_block(b);
    if (prev && !is_used(prev))
        merge(prev, b);
}
