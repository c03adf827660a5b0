/*
 * mm.c - a small malloc-lab allocator, to show (and test) how
 * fuzz/adapters/malloclab.c fuzzes a lab submission unchanged.
 *
 * Implicit free list with boundary tags: every block is
 *   [header: size | used][payload ...][footer: size | used]
 * sizes are multiples of 16, payloads 16-aligned; first fit, split when the
 * rest can be a block, immediate coalescing, realloc in place when the block
 * is already big enough.
 *
 * Compiles for either lab interface (MM_API_CHECKED, see mm.h) and carries
 * six planted bugs, each a classic lab mistake, switched on one at a time
 * (without them it also sets ENOMEM on every failure and merges a fully
 * freed heap back into one block, promises examples/malloclab/check.sh claims):
 *   -DMM_BUG_SIZE_WRAPS     no limit before rounding a request up: a size
 *                           near SIZE_MAX wraps to a tiny block
 *   -DMM_BUG_SPLIT_NO_FOOTER  a split writes the used part's header only:
 *                           its footer is stale and a later coalesce with it
 *                           goes wrong
 *   -DMM_BUG_FREE_NULL      mm_free(NULL) reads a header below address 0 (the
 *                           first handout did not ask for free(NULL); the later
 *                           driver sends it)
 *   -DMM_BUG_NO_COALESCE_PREV  free merges with the next block only: the
 *                           heap, emptied, is in pieces no request spans
 *   -DMM_BUG_INIT_ONCE      mm_init builds the heap on its first call only:
 *                           the driver's second run of a trace (break reset,
 *                           mm_init again) finds no prologue and no free block
 *   -DMM_BUG_REALLOC_COPIES_NEW_SIZE  a realloc that moves copies the new
 *                           size, not the old block's: the copy reads on into
 *                           the new block when that lies just above
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "memlib.h"
#include "mm.h"

#ifndef MM_API_CHECKED
team_t team = {"halloc", "malloclab example", "", "", ""};
#endif

#define WORD      sizeof(size_t)
#define ALIGNMENT ((size_t)16)
#define TAGS      (2 * WORD)           /* header + footer */
#define MIN_BLOCK ((size_t)32)
#define EXTEND    ((size_t)4096)
#define MAX_REQUEST ((size_t)1 << 30)  /* memlib's heap is far smaller */

static char *first_block; /* payload of the first real block */

static size_t *header(char *bp) { return (size_t *)(void *)(bp - WORD); }
static size_t block_size(char *bp) { return *header(bp) & ~(ALIGNMENT - 1); }
static int block_used(char *bp) { return (int)(*header(bp) & 1); }
static size_t *footer(char *bp) { return (size_t *)(void *)(bp + block_size(bp) - TAGS); }
static char *next_block(char *bp) { return bp + block_size(bp); }
static char *prev_block(char *bp)
{
    return bp - (*(size_t *)(void *)(bp - TAGS) & ~(ALIGNMENT - 1));
}

static void set_block(char *bp, size_t size, int used)
{
    *header(bp) = size | (size_t)used;
    *footer(bp) = size | (size_t)used;
}

/* Block size for a request, or 0 when the request is too large. */
static size_t block_for(size_t size)
{
#ifndef MM_BUG_SIZE_WRAPS
    if (size > MAX_REQUEST)
        return 0;
#endif
    size_t asize = (size + TAGS + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
    return asize < MIN_BLOCK ? MIN_BLOCK : asize;
}

static char *coalesce(char *bp)
{
    size_t size = block_size(bp);
    char *next = next_block(bp);
    if (!block_used(next))
        size += block_size(next);
#ifndef MM_BUG_NO_COALESCE_PREV
    if (!block_used(prev_block(bp))) {
#else
    if (0) {
#endif
        bp = prev_block(bp);
        size += block_size(bp);
    }
    set_block(bp, size, 0);
    return bp;
}

static char *extend_heap(size_t bytes)
{
    if (bytes > (size_t)INT32_MAX) { /* mem_sbrk takes an int */
        errno = ENOMEM;
        return NULL;
    }
    char *bp = mem_sbrk((int)bytes);
    if (bp == (void *)-1)
        return NULL;
    set_block(bp, bytes, 0);        /* its header overwrites the old epilogue */
    *header(next_block(bp)) = 0 | 1; /* new epilogue */
    return coalesce(bp);
}

static char *find_fit(size_t asize)
{
    for (char *bp = first_block; block_size(bp) > 0; bp = next_block(bp))
        if (!block_used(bp) && block_size(bp) >= asize)
            return bp;
    return NULL;
}

static void place(char *bp, size_t asize)
{
    size_t size = block_size(bp);
    if (size - asize < MIN_BLOCK) {
        set_block(bp, size, 1);
        return;
    }
#ifdef MM_BUG_SPLIT_NO_FOOTER
    *header(bp) = asize | 1;
#else
    set_block(bp, asize, 1);
#endif
    set_block(next_block(bp), size - asize, 0);
}

static int lab_init(void)
{
#ifdef MM_BUG_INIT_ONCE
    if (first_block)
        return 0;
#endif
    /* padding, prologue header and footer, epilogue header */
    char *start = mem_sbrk(4 * WORD);
    if (start == (void *)-1)
        return -1;
    ((size_t *)(void *)start)[0] = 0;
    ((size_t *)(void *)start)[1] = TAGS | 1;
    ((size_t *)(void *)start)[2] = TAGS | 1;
    ((size_t *)(void *)start)[3] = 0 | 1;
    first_block = start + 4 * WORD;
    return extend_heap(EXTEND) ? 0 : -1;
}

static void *lab_malloc(size_t size)
{
    if (size == 0)
        return NULL;
    size_t asize = block_for(size);
    if (asize == 0) {
        errno = ENOMEM;
        return NULL;
    }
    char *bp = find_fit(asize);
    if (!bp && !(bp = extend_heap(asize > EXTEND ? asize : EXTEND)))
        return NULL;
    place(bp, asize);
    return bp;
}

static void lab_free(void *ptr)
{
#ifndef MM_BUG_FREE_NULL
    if (!ptr)
        return;
#endif
    set_block(ptr, block_size(ptr), 0);
    coalesce(ptr);
}

static void *lab_realloc(void *ptr, size_t size)
{
    if (!ptr)
        return lab_malloc(size);
    if (size == 0) {
        lab_free(ptr);
        return NULL;
    }
    size_t asize = block_for(size);
    if (asize == 0) {
        errno = ENOMEM;
        return NULL;
    }
    if (asize <= block_size(ptr))
        return ptr;
    void *moved = lab_malloc(size);
    if (!moved)
        return NULL;
#ifdef MM_BUG_REALLOC_COPIES_NEW_SIZE
    memcpy(moved, ptr, size);
#else
    memcpy(moved, ptr, block_size(ptr) - TAGS);
#endif
    lab_free(ptr);
    return moved;
}

#ifdef MM_API_CHECKED
/* Walks every block: tags agree, sizes aligned, no two free neighbours, the
 * walk ends at the epilogue exactly at the break. */
bool mm_checkheap(int lineno)
{
    char *end = (char *)mem_heap_hi() + 1; /* the epilogue's "payload" */
    int prev_free = 0;
    for (char *bp = first_block;; bp = next_block(bp)) {
        const char *fault = NULL;
        if (block_size(bp) == 0)
            fault = bp == end && block_used(bp) ? NULL : "epilogue is not at the break";
        else if (block_size(bp) % ALIGNMENT || block_size(bp) > (size_t)(end - bp))
            fault = "block size is off the grid or runs past the break";
        else if (*header(bp) != *footer(bp))
            fault = "header and footer disagree";
        else if (prev_free && !block_used(bp))
            fault = "two free blocks side by side";
        if (fault) {
            fprintf(stderr, "mm_checkheap (line %d): %s at heap offset %td\n", lineno, fault,
                    bp - (char *)mem_heap_lo());
            return false;
        }
        if (block_size(bp) == 0)
            return true;
        prev_free = !block_used(bp);
    }
}

bool mm_init(void) { return lab_init() == 0; }
void *malloc(size_t size) { return lab_malloc(size); }
void free(void *ptr) { lab_free(ptr); }
void *realloc(void *ptr, size_t size) { return lab_realloc(ptr, size); }

void *calloc(size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = lab_malloc(nmemb * size);
    if (p)
        memset(p, 0, nmemb * size);
    return p;
}
#else
int mm_init(void) { return lab_init(); }
void *mm_malloc(size_t size) { return lab_malloc(size); }
void mm_free(void *ptr) { lab_free(ptr); }
void *mm_realloc(void *ptr, size_t size) { return lab_realloc(ptr, size); }
#endif
